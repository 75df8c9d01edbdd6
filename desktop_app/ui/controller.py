"""Wires the app together: first-run setup, the bridge, the window, settings and language."""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.core.errors import CatalogDamagedError
from desktop_app.core.paths import TroveDirs
from desktop_app.core.settings import Settings
from desktop_app.ui import demo_server
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.crash import CrashHandler
from desktop_app.ui.i18n import install_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.view_carry import restore_view_state, view_state
from desktop_app.ui.window_state import WindowState

__all__ = ["AppController"]

log = logging.getLogger(__name__)

# The GUI thread takes the GIL back for every Python slot, model call and paint override Qt
# makes; while indexing threads run Python it waits up to one switch interval for each (5 ms by
# default), and one repaint makes dozens of such calls (docs/benchmarks.md, section 8).
GUI_SWITCH_INTERVAL_S = 0.001


class AppController:
    """Owns the long-lived parts; the window can be rebuilt (language switch) around them."""

    def __init__(
        self,
        app: QApplication,
        dirs: TroveDirs,
        settings: Settings,
        interactive: bool = True,
        tray: bool = True,
    ) -> None:
        self.app = app
        self.dirs = dirs
        self.settings = settings
        self.crash = CrashHandler(dirs.log, interactive=interactive)
        if interactive:
            self.crash.install()
        self.messages = MessageBridge()
        self.runner = TaskRunner(
            on_unhandled_error=self.messages.error,
            on_bug=lambda exc: self.crash.report(exc) and None,
        )
        self.state = WindowState(dirs.config / "ui-state.json")
        self.bridge = EngineBridge(dirs, settings, self.runner)
        self.window: MainWindow | None = None
        self.interactive = interactive
        self._tray = tray
        self._interactive = interactive
        self.app.setQuitOnLastWindowClosed(False)

    def start(self, setup: bool = True) -> bool:
        """Run the first-run setup if needed, start indexing, show the window."""
        folders: list[str] = []
        if setup:
            from desktop_app.ui.setup_wizard import SetupWizard, needs_setup

            if needs_setup(self.dirs, self.settings):
                wizard = SetupWizard(self.dirs, self.settings, self.runner)
                wizard.ask_before_leaving = self.interactive
                if wizard.exec() == QDialog.DialogCode.Accepted:
                    self.settings = Settings.load(self.dirs.settings_file)
                    folders = wizard.folders()
                    install_language(self.settings["ui.language"])
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        paused = self.state.flag("paused")
        try:
            self.bridge.start(paused, self.settings)
        except CatalogDamagedError as exc:
            if not self._repair_catalog(exc):
                return False
            self.bridge.start(paused, self.settings)
        self._open_window()
        assert self.window is not None
        # What start-up built (modules, classes, the window) lives as long as the app: keep it
        # out of the collector's full passes, which walk every tracked object holding the GIL
        # (a 50-75 ms frozen frame every half minute while indexing, docs/benchmarks.md).
        gc.collect()
        gc.freeze()
        for path in folders:
            self.window.folders_view.add_folder(path)
        return True

    def _repair_catalog(self, damage: CatalogDamagedError) -> bool:
        """Offer to rebuild a damaged catalog (as `trove repair` does); False: the user quit."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from desktop_app.core.index.rescue import rescue_catalog
        from desktop_app.ui.plain_text import escaped

        if self._interactive:
            box = QMessageBox(QMessageBox.Icon.Warning, "Trove", escaped(damage.message))
            box.setInformativeText(
                QApplication.translate(
                    "App",
                    "Repair keeps your folders, their settings and your conversations, and "
                    "rebuilds the rest from your files and the vectors already computed. The "
                    "damaged file is kept beside the new one.",
                )
            )
            repair = box.addButton(
                QApplication.translate("App", "Repair"), QMessageBox.ButtonRole.AcceptRole
            )
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not repair:
                return False
        # Before the window exists: moving files and copying the kept vectors out of Chroma.
        # The folders are read again by the live indexer once the window is up.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rescue_catalog(self.dirs, self.settings["embedding.model"])
        finally:
            QApplication.restoreOverrideCursor()
        return True

    def _open_window(self) -> None:
        window = MainWindow(self.bridge, self.messages, self.state, tray=self._tray)
        window.settingsRequested.connect(self.open_settings)
        window.setupRequested.connect(self.run_setup)
        window.quitRequested.connect(self.app.quit)
        # Setup left (or skipped): the window says so until it is done.
        window.show_setup_offer(not self.dirs.settings_file.exists())
        window.show()
        self.window = window

    def run_setup(self) -> None:
        """The first-run setup, from the window (it was left before); applies what it set."""
        from desktop_app.ui.setup_wizard import SetupWizard

        assert self.window is not None
        wizard = SetupWizard(self.dirs, self.settings, self.runner, self.window)
        wizard.ask_before_leaving = self.interactive
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return
        new = Settings.load(self.dirs.settings_file)
        language_changed = new["ui.language"] != self.settings["ui.language"]
        self.settings = new
        self.runner.run(lambda: None, lambda _: self.bridge.restart(new))
        self.window.show_setup_offer(False)
        for path in wizard.folders():
            self.window.folders_view.add_folder(path)
        if language_changed:
            install_language(new["ui.language"])
            self._rebuild_window()

    def open_settings(self) -> None:
        """Show Settings; apply what changed (NIM clients reopen; language switches live)."""
        from desktop_app.ui.settings_dialog import SettingsDialog

        assert self.window is not None
        dialog = SettingsDialog(
            self.dirs,
            self.settings,
            self.runner,
            self.window,
            index_dimensions=self.bridge.index_dimensions,
        )
        new = dialog.result_settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if new is None:
            return
        language_changed = new["ui.language"] != self.settings["ui.language"]
        self.settings = new
        self.runner.run(lambda: None, lambda _: self.bridge.restart(new))
        if language_changed:
            install_language(new["ui.language"])
            self._rebuild_window()

    def _rebuild_window(self) -> None:
        """Re-create the window so every string appears in the new language."""
        old = self.window
        assert old is not None
        old.save_layout()
        kept = view_state(old)
        old.blockSignals(True)
        if old.tray is not None:
            old.tray.hide()
        self._open_window()
        assert self.window is not None
        # The same place in the new language: the view, the query and filters, the conversation.
        restore_view_state(self.window, kept)
        self.window.setGeometry(old.geometry())
        old.deleteLater()

    def shutdown(self) -> None:
        """Save the layout, stop indexing (finished work is kept), close the engine."""
        if self.window is not None:
            self.window.save_layout()
            if self.window.tray is not None:
                self.window.tray.hide()
        self.bridge.stop()
        demo_server.stop()
