"""Trove's main window: navigation, the three views, the message bar, the status bar and tray."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.chat_view import ChatView
from desktop_app.ui.core_text import core_text
from desktop_app.ui.folders_view import FoldersView
from desktop_app.ui.icons import app_icon, icon
from desktop_app.ui.message_bar import MessageBar
from desktop_app.ui.messages import Message, MessageBridge
from desktop_app.ui.plain_text import escaped, plain_label
from desktop_app.ui.search_view import SearchView
from desktop_app.ui.status import describe_state, searchable_details
from desktop_app.ui.status_line import StatusLine
from desktop_app.ui.tray import TrayIcon
from desktop_app.ui.window_state import WindowState

__all__ = ["MainWindow"]

# How long the NIM may stay unreachable before a desktop notification asks for attention.
_NIM_DOWN_NOTIFY_S = 120.0
_INFO_SHOWN_MS = 8000


class MainWindow(QMainWindow):
    """The window; it adapts the bridge and the views, and owns no engine logic."""

    settingsRequested = Signal()
    setupRequested = Signal()
    quitRequested = Signal()

    def __init__(
        self,
        bridge: EngineBridge,
        messages: MessageBridge,
        state: WindowState,
        tray: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.messages = messages
        self.state = state
        self.setWindowTitle("Trove")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(900, 600))
        self._quitting = False
        self._nim_down_since: float | None = None
        self._nim_notified = False
        self._told_about_tray = False
        self._vectors_warning = ""  # the NIM failure the message bar shows, until embedding works

        self.search_view = SearchView(bridge, messages)
        self.chat_view = ChatView(bridge, messages)
        self.folders_view = FoldersView(bridge, messages)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(self.tr("Views"))
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMaximumWidth(200)
        self.pages = QStackedWidget()
        for view, name, label in (
            (self.search_view, "search", self.tr("Search")),
            (self.chat_view, "chat", self.tr("Chat")),
            (self.folders_view, "folder", self.tr("Folders")),
        ):
            QListWidgetItem(icon(name), label, self.nav)
            self.pages.addWidget(view)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.message_bar = MessageBar()
        self.setup_offer = self._build_setup_offer()
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.setup_offer)
        content_layout.addWidget(self.message_bar)
        content_layout.addWidget(self.pages, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(content)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)

        self._build_status_bar()
        self._build_menus()
        self.tray: TrayIcon | None = None
        if tray and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = TrayIcon(self)
            self.tray.showRequested.connect(self.bring_to_front)
            self.tray.pauseToggled.connect(self.set_paused)
            self.tray.quitRequested.connect(self.quit)
            self.tray.show()

        bridge.progress.connect(self._on_progress)
        bridge.liveState.connect(self._on_live_state)
        bridge.warning.connect(lambda text: messages.warning(text))
        bridge.vectorsPaused.connect(self._on_vectors_paused)
        bridge.vectorsDone.connect(self._on_vectors_done)
        bridge.raiseRequested.connect(self.bring_to_front)
        messages.shown.connect(self._on_message)
        for pending in messages.attach():
            self._on_message(pending)
        self.folders_view.foldersChanged.connect(self._on_folders_changed)
        self.search_view.addFolderRequested.connect(self.folders_view.choose_folder)

        self.nav.setCurrentRow(0)
        self._restore_layout()
        self._show_state(bridge.last_state or {"state": "idle"})

    # ------------------------------------------------------------------ building

    def _build_setup_offer(self) -> QFrame:
        """What an unconfigured Trove lacks, and the way to the setup."""
        frame = QFrame()
        frame.setObjectName("setupOffer")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        mark = QLabel()
        mark.setPixmap(icon("warning").pixmap(18, 18))
        text = QLabel(
            self.tr(
                "Trove is not set up yet: it does not know where your NIM services are, so "
                "semantic search and chat are off. Keyword search works as soon as you add a "
                "folder."
            )
        )
        text.setObjectName("setupOfferText")
        text.setWordWrap(True)
        button = QPushButton(icon("settings"), self.tr("Set up Trove…"))
        button.setObjectName("runSetup")
        button.clicked.connect(self.setupRequested)
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(mark)
        layout.addWidget(text, 1)
        layout.addWidget(button)
        frame.hide()
        return frame

    def show_setup_offer(self, shown: bool) -> None:
        """Show (or hide) the note that Trove is not set up, with its Set up button."""
        self.setup_offer.setVisible(shown)
        self.setup_action.setVisible(shown)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_text = plain_label(QLabel(self.tr("Starting…")))
        self.status_text.setObjectName("statusText")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("indexProgress")
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.setMaximumHeight(14)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.pause_button = QToolButton()
        self.pause_button.setObjectName("pauseButton")
        self.pause_button.setAutoRaise(True)
        self.pause_button.clicked.connect(lambda: self.set_paused(not self.bridge.paused))
        bar.addWidget(self.status_text, 1)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.pause_button)
        self._update_pause_button()
        self.status_line = StatusLine(
            self.status_text, self.progress_bar, lambda: self.bridge.last_state, self
        )

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        add = QAction(icon("folder-plus"), self.tr("&Add folder…"), self)
        add.setShortcut(QKeySequence("Ctrl+O"))
        add.triggered.connect(self.folders_view.choose_folder)
        settings = QAction(icon("settings"), self.tr("&Settings…"), self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings.triggered.connect(self.settingsRequested)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.quit)
        self.setup_action = QAction(icon("settings"), self.tr("Set &up Trove…"), self)
        self.setup_action.triggered.connect(self.setupRequested)
        self.setup_action.setVisible(False)
        for action in (add, self.setup_action, settings):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        view_menu = menu.addMenu(self.tr("&View"))
        find = QAction(icon("search"), self.tr("&Find in files"), self)
        find.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence(QKeySequence.StandardKey.Find)])
        find.triggered.connect(self.focus_search)
        view_menu.addAction(find)
        for row, text, key in (
            (0, self.tr("Search"), "Ctrl+1"),
            (1, self.tr("Chat"), "Ctrl+2"),
            (2, self.tr("Folders"), "Ctrl+3"),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, r=row: self.nav.setCurrentRow(r))
            view_menu.addAction(action)

        index_menu = menu.addMenu(self.tr("&Indexing"))
        self.pause_action = QAction(self.tr("&Pause indexing"), self)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.set_paused)
        retry = QAction(self.tr("&Retry failed files"), self)
        retry.triggered.connect(lambda: self.folders_view.reindex(retry_failed=True))
        # Its own key: "&Retry failed files" has R.
        repair = QAction(self.tr("&Check and repair the index"), self)
        repair.triggered.connect(self._repair)
        for action in (self.pause_action, retry, repair):
            index_menu.addAction(action)

        help_menu = menu.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Trove"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # ------------------------------------------------------------------ state

    def focus_search(self) -> None:
        """Show the search view and put the cursor in the search field."""
        self.nav.setCurrentRow(0)
        self.search_view.focus_search()

    def set_paused(self, paused: bool) -> None:
        """Pause or resume background indexing."""
        if paused == self.bridge.paused:
            self._update_pause_button()
            return
        if paused:
            self.bridge.pause()
            self.status_line.pause_asked()
        else:
            self.status_line.pausing = False
            self.bridge.resume()
        self.state.set_flag("paused", paused)
        self._update_pause_button()

    def _update_pause_button(self) -> None:
        paused = self.bridge.paused
        self.pause_button.setIcon(icon("play" if paused else "pause"))
        tip = self.tr("Resume indexing") if paused else self.tr("Pause indexing")
        self.pause_button.setToolTip(tip)
        self.pause_button.setAccessibleName(tip)
        if hasattr(self, "pause_action"):
            self.pause_action.blockSignals(True)
            self.pause_action.setChecked(paused)
            self.pause_action.blockSignals(False)

    def _on_progress(self, event: dict[str, Any]) -> None:
        shown = self.status_line.show_progress(event)
        if shown and event.get("stage") == "vectors" and int(event.get("done") or 0) > 0:
            self._on_vectors_done()  # the NIM answers: a failure shown before is over

    def _on_live_state(self, state: dict[str, Any]) -> None:
        self._show_state(state)
        if state.get("state") == "nim_unavailable":
            now = time.monotonic()
            self._nim_down_since = self._nim_down_since or now
            if not self._nim_notified and now - self._nim_down_since >= _NIM_DOWN_NOTIFY_S:
                self._nim_notified = True
                self._notify(
                    self.tr("The embedding NIM is unreachable"),
                    core_text(str(state.get("nim_message") or ""))
                    or self.tr("Keyword search still works; embedding resumes when it is back."),
                )
        else:
            self._nim_down_since = None
            self._nim_notified = False

    def _show_state(self, state: dict[str, Any]) -> None:
        text = describe_state(state)
        self.status_text.setToolTip(escaped(searchable_details(state.get("searchable"))))
        self.status_line.show_state(state, text)
        self._update_pause_button()
        if self.tray is not None:
            self.tray.set_status(text, self.bridge.paused)

    def _on_vectors_paused(self, text: str) -> None:
        self._vectors_warning = text
        self.messages.warning(text)

    def _on_vectors_done(self) -> None:
        """Embedding works again: the NIM failure still shown is over, so it goes."""
        shown = self.message_bar.current
        if self._vectors_warning and shown is not None and shown.text == self._vectors_warning:
            self.message_bar.hide()
        self._vectors_warning = ""

    def _on_message(self, message: Message) -> None:
        if message.level == "info":
            # A passing note goes to the status bar: a bar above the views that comes and goes
            # by itself would move what the user is about to click.
            self.statusBar().showMessage(message.text, _INFO_SHOWN_MS)
        else:
            self.message_bar.show_message(message)
        if message.needs_user and not self.isActiveWindow():
            self._notify(self.tr("Trove needs your attention"), message.text)

    def _notify(self, title: str, text: str) -> None:
        if self.tray is not None:
            self.tray.notify(title, text)

    def _on_folders_changed(self) -> None:
        self.search_view.refresh()

    def _repair(self) -> None:
        def done(report: dict[str, Any]) -> None:
            broken = [s for s in report.get("spaces", []) if not s.get("ok")]
            if broken:
                self.messages.warning(
                    self.tr("Repaired {n} vector spaces from the catalog.").format(n=len(broken))
                )
            else:
                self.messages.info(self.tr("The index is healthy."))

        self.bridge.call("repair", {}, done, self.messages.error)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Trove"),
            self.tr(
                "<b>Trove {version}</b><p>Search and chat with your own files through NVIDIA NIM."
                "</p><p>Your files stay on this computer; their text goes only to the NIM "
                "endpoints you configured.</p>"
            ).format(version=__version__),
        )

    # ------------------------------------------------------------------ window life

    def bring_to_front(self) -> None:
        """Show, un-minimise and raise the window (tray click, second launch)."""
        self.show()
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.raise_()
        self.activateWindow()

    def _restore_layout(self) -> None:
        geometry = self.state.get("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        self.splitter.setSizes([170, 1110])
        for name, splitter in self._splitters().items():
            saved = self.state.get(name)
            if saved is not None:
                splitter.restoreState(saved)

    def _splitters(self) -> dict[str, QSplitter]:
        found = {"mainSplitter": self.splitter}
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                found[splitter.objectName()] = splitter
        return found

    def save_layout(self) -> None:
        """Remember geometry and splitters in the config dir."""
        self.state.put("geometry", self.saveGeometry())
        for name, splitter in self._splitters().items():
            self.state.put(name, splitter.saveState())
        self.state.save()

    def quit(self) -> None:
        """Leave for real (menu, tray): the app stops indexing and exits."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window keeps indexing in the tray when the setting says so."""
        self.save_layout()
        keep = bool(self.bridge.settings["ui.keep_running_in_tray"])
        if not self._quitting and keep and self.tray is not None and self.tray.isVisible():
            event.ignore()
            self.hide()
            if not self._told_about_tray:
                self._told_about_tray = True
                self.tray.notify(
                    self.tr("Trove keeps indexing"),
                    self.tr("Trove is still following your folders. Quit it from this icon."),
                    warning=False,
                )
            return
        event.accept()
        self.quitRequested.emit()

    # ------------------------------------------------------------------ drops

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept folders dragged from the file manager."""
        urls = event.mimeData().urls()
        if urls and FoldersView.dropped_folders([u.toLocalFile() for u in urls]):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Add every dropped folder."""
        paths = [QUrl(u).toLocalFile() for u in event.mimeData().urls()]
        for path in FoldersView.dropped_folders(paths):
            self.folders_view.add_folder(path)
        self.nav.setCurrentRow(2)
        event.acceptProposedAction()
