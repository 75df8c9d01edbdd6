"""The system tray icon: status at a glance, pause/resume, show the window, quit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from desktop_app.ui.icons import app_icon

__all__ = ["TrayIcon"]


class TrayIcon(QSystemTrayIcon):
    """Tray icon with a small menu; the main window wires its actions."""

    showRequested = Signal()
    pauseToggled = Signal(bool)  # True: pause
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(app_icon(), parent)
        self.setToolTip("Trove")
        menu = QMenu(parent)
        self.show_action = QAction(self.tr("Show Trove"), menu)
        self.show_action.triggered.connect(self.showRequested)
        self.status_action = QAction("", menu)
        self.status_action.setEnabled(False)
        self.pause_action = QAction(self.tr("Pause indexing"), menu)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.pauseToggled)
        self.quit_action = QAction(self.tr("Quit Trove"), menu)
        self.quit_action.triggered.connect(self.quitRequested)
        for action in (self.show_action, self.status_action, self.pause_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self._menu = menu
        self.setContextMenu(menu)
        self.activated.connect(self._on_activated)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.showRequested.emit()

    def set_status(self, text: str, paused: bool) -> None:
        """Show the indexing state in the tooltip and menu."""
        self.setToolTip(f"Trove — {text}")
        self.status_action.setText(text)
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)

    def notify(self, title: str, text: str, warning: bool = True) -> None:
        """A desktop notification, where the platform supports them."""
        if self.isVisible() and self.supportsMessages():
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if warning
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.showMessage(title, text, icon, 10000)
