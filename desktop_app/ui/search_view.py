"""The Search view: search as you type, filters, results per file, and the passage in context.

Every keystroke restarts a short debounce (search_pace.py); typing searches the query as typed,
and the query the user settles on (Enter, a longer pause) is searched again with its translations
when ``search.translate_to`` is on. Each search carries a generation number and the previous
search's task is cancelled, so a slow answer to an old query can never replace the
results of a newer one. The preview asks for the matched chunk and its neighbours (the ``passage``
command) off the GUI thread. Index changes refresh the current query at most once every two seconds.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.fsnames import on_disk, readable
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.core_text import core_text
from desktop_app.ui.desktop_open import DesktopOpener
from desktop_app.ui.icons import icon
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.search_filters import SearchFilters
from desktop_app.ui.search_model import (
    ResultDelegate,
    ResultRole,
    ResultsModel,
)
from desktop_app.ui.search_pace import DEBOUNCE_MS, SETTLE_MS, SearchPace
from desktop_app.ui.search_preview import PassagePreview, page_of
from desktop_app.ui.search_status import SearchStatus
from desktop_app.ui.tasks import Newest, Task
from desktop_app.ui.viewers import open_viewer, stepping, viewable

__all__ = ["BUSY_AFTER_MS", "DEBOUNCE_MS", "REFRESH_MS", "SETTLE_MS", "SearchView"]

REFRESH_MS = 2000  # an indexing burst refreshes the results at most this often
BUSY_AFTER_MS = 300  # a search slower than this shows that it runs, and marks old results stale
_STALE_OPACITY = 0.45


class SearchView(QWidget):
    """Search field, mode and filters, results grouped by file, and a preview of the passage."""

    resultsShown = Signal(str)  # the query whose results (possibly none) are now on screen
    previewShown = Signal(str)  # the path whose passage the preview now shows
    addFolderRequested = Signal()  # the "add a folder" link of the empty state
    viewerOpened = Signal(QWidget)  # Trove's own viewer, opened on a result

    def __init__(
        self,
        bridge: EngineBridge,
        messages: MessageBridge,
        parent: QWidget | None = None,
        opener: DesktopOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("searchView")
        self.bridge = bridge
        self.messages = messages
        self.opener = opener or DesktopOpener()
        self._generation = 0
        self._task: Task | None = None
        self._indexed_files: int | None = None
        self._count_read = Newest()
        self._shown_query = ""
        self._shown_key: tuple[Any, ...] | None = None
        self.busy = False

        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._show_busy)

        self._pace = SearchPace(self)
        self._pace.typed.connect(lambda: self.search_now(translate=False))
        self._pace.settled.connect(self.search_now)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._refresh_after_index_change)
        self._refresh_clock = QElapsedTimer()

        self._build()
        bridge.indexChanged.connect(self._on_index_changed)
        self._refresh_index_info()
        self._show_empty_state()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText(self.tr("Search your files…"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.setAccessibleName(self.tr("Search"))
        self.search_field.textChanged.connect(self._on_text_changed)
        self.search_field.returnPressed.connect(lambda: self.search_now())
        self.search_field.installEventFilter(self)
        bar.addWidget(self.search_field, 1)

        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("searchMode")
        self.mode_combo.setAccessibleName(self.tr("Search mode"))
        for mode, label, tip in (
            ("hybrid", self.tr("Hybrid"), self.tr("Words and meaning together")),
            ("semantic", self.tr("Semantic"), self.tr("By meaning, through the embedding NIM")),
            ("keyword", self.tr("Keyword"), self.tr("Exact words only; works offline")),
        ):
            self.mode_combo.addItem(label, mode)
            self.mode_combo.setItemData(
                self.mode_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole
            )
        default = self.mode_combo.findData(self.bridge.settings["search.mode"])
        self.mode_combo.setCurrentIndex(max(0, default))
        self.mode_combo.currentIndexChanged.connect(self._on_options_changed)
        bar.addWidget(self.mode_combo)
        layout.addLayout(bar)

        self.filters = SearchFilters(self.bridge)
        self.filters.changed.connect(self._on_options_changed)
        self.folder_combo = self.filters.folder_combo
        self.type_combo = self.filters.type_combo
        self.date_combo = self.filters.date_combo
        layout.addWidget(self.filters)

        self.status_line = SearchStatus()
        self.busy_bar = self.status_line.busy_bar
        self.notice = self.status_line.notice
        layout.addWidget(self.status_line)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("searchSplitter")
        self.splitter.setChildrenCollapsible(False)

        self.stack = QStackedWidget()
        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("results")
        self.results.setAccessibleName(self.tr("Results"))
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Rows are as wide as the list; their text is elided, never scrolled sideways.
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results.customContextMenuRequested.connect(self._context_menu)
        # Double-click (a single click where the desktop says so) shows the passage in Trove.
        self.results.activated.connect(lambda _index: self.open_selected())
        self.results.selectionModel().currentChanged.connect(self._on_current_changed)
        self.results.installEventFilter(self)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.linkActivated.connect(lambda _link: self.addFolderRequested.emit())
        self.stack.addWidget(self.results)
        self.stack.addWidget(self.empty_label)
        self._stale_effect = QGraphicsOpacityEffect(self.stack)
        self._stale_effect.setOpacity(_STALE_OPACITY)
        self._stale_effect.setEnabled(False)
        self.stack.setGraphicsEffect(self._stale_effect)
        self.splitter.addWidget(self.stack)
        self.preview_pane = PassagePreview(self.bridge, self.messages)
        self.preview_pane.previewShown.connect(self.previewShown.emit)
        self.preview_pane.viewRequested.connect(self.open_selected)
        self.preview_pane.openRequested.connect(self.open_in_program)
        self.preview_pane.revealRequested.connect(self.reveal_selected)
        self.preview_pane.copyRequested.connect(self.copy_selected_path)
        self.preview = self.preview_pane.preview
        self.preview_title = self.preview_pane.preview_title
        self.preview_path = self.preview_pane.preview_path
        self.view_button = self.preview_pane.view_button
        self.open_button = self.preview_pane.open_button
        self.splitter.addWidget(self.preview_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)

    # ------------------------------------------------------------------ public API

    def focus_search(self) -> None:
        """Put the cursor in the search field with its text selected (Ctrl+K / Ctrl+F)."""
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def set_query(self, text: str) -> None:
        """Search for ``text`` now (as if typed and confirmed)."""
        self.search_field.setText(text)
        self.search_now()

    def query(self) -> str:
        """The query as typed, without surrounding spaces."""
        return self.search_field.text().strip()

    def mode(self) -> str:
        """The selected search mode: keyword, semantic or hybrid."""
        return str(self.mode_combo.currentData())

    def selected_result(self) -> dict[str, Any] | None:
        """The result dict of the current row, or None."""
        index = self.results.currentIndex()
        return self.model.result(index.row()) if index.isValid() else None

    def search_now(self, translate: bool = True) -> None:
        """Run the current query with the current mode and filters, replacing any running one;
        ``translate`` False (typing) leaves the query's translations for when it settles."""
        self._pace.searched(translate)
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()
            self._task = None
        query = self.query()
        if not query:
            self._set_busy(False)
            self._shown_query = ""
            self._shown_key = None
            self.model.clear()
            self.status_line.set_notice("")
            self.status_line.set_translations([])
            self.preview_pane.clear()
            self._show_empty_state()
            self.resultsShown.emit("")
            return
        if not self._busy_timer.isActive() and not self.busy:
            self._busy_timer.start()
        self._task = self.bridge.call(
            "search",
            {**self._search_args(query), "translate": translate},
            on_done=lambda response: self._on_results(generation, query, response),
            on_error=lambda exc: self._on_search_error(generation, exc),
        )

    def refresh(self) -> None:
        """Re-run the current query (if any) and re-read folders and index size."""
        self._refresh_index_info()
        if self.query():
            self.search_now()

    def open_selected(self) -> QWidget | None:
        """Show the selected result in Trove's own viewer at its passage (click, Enter); a
        result the viewer cannot show opens in its own program instead."""
        result = self.selected_result()
        if result is None:
            return None
        if not viewable(result):
            self.open_in_program()
            return None
        viewer = open_viewer(self, self.bridge, self.opener, result)
        stepping(viewer, self._view_next)
        self.viewerOpened.emit(viewer)
        return viewer

    def _view_next(self, step: int) -> QWidget | None:
        """F8 in a viewer: the next (or previous) result, in a viewer of its own."""
        row = self.results.currentIndex().row() + step
        if not 0 <= row < self.model.rowCount():
            return None
        self.results.setCurrentIndex(self.model.index(row))
        result = self.selected_result()
        return self.open_selected() if result is not None and viewable(result) else None

    def open_in_program(self, at_location: bool = True) -> None:
        """Open the selected file in its own program, at its page when it is a PDF and
        ``at_location``."""
        result = self.selected_result()
        if result is None:
            return
        path = str(result["path"])
        page = page_of(result) if at_location else None
        if not self.opener.open(on_disk(path), page):
            self.messages.warning(
                self.tr("Could not open {path}.").format(path=readable(path)),
                self.tr("Check that an app for this kind of file is installed."),
            )

    def reveal_selected(self) -> None:
        """Show the selected file in the file manager."""
        result = self.selected_result()
        if result is not None and not self.opener.reveal(on_disk(str(result["path"]))):
            self.messages.warning(
                self.tr("Could not show {path} in the file manager.").format(
                    path=readable(str(result["path"]))
                )
            )

    def copy_selected_path(self) -> None:
        """Copy the selected file's path to the clipboard."""
        result = self.selected_result()
        if result is not None:
            self.opener.copy_path(readable(str(result["path"])))

    # ------------------------------------------------------------------ searching

    def _search_args(self, query: str) -> dict[str, Any]:
        return {"query": query, "mode": self.mode(), **self.filters.args()}

    def _on_text_changed(self, _text: str) -> None:
        if not self.query():
            self.search_now()  # clearing is instant, no need to wait
        else:
            self._pace.keystroke(translating=bool(self.bridge.settings["search.translate_to"]))

    def _on_options_changed(self) -> None:
        if self.query():
            self.search_now()

    def _on_results(self, generation: int, query: str, response: dict[str, Any]) -> None:
        if generation != self._generation:
            return  # an older query answered late: the newer one owns the list
        self._task = None
        self._set_busy(False)
        previous = self.selected_result()
        results = list(response.get("results") or [])
        self._shown_query = query
        key = (query, self.mode(), *map(repr, self._search_args(query).items()))
        if key != self._shown_key:
            previous = None  # another query, mode or filter: a new list, read from its top
        self._shown_key = key
        self.model.set_results(results, query)
        if not results and self._indexed_files == 0:
            # "Nothing indexed yet" says it all; no NIM notice on top of it.
            self.status_line.set_notice("")
        else:
            self.status_line.set_notice(core_text(str(response.get("notice") or "")))
        self.status_line.set_translations(list(response.get("translations") or []))
        if results:
            self.stack.setCurrentWidget(self.results)
            if previous is None:
                self.results.scrollToTop()
            row = self.model.row_of(str(previous["path"])) if previous else -1
            if row >= 0:
                self.results.setCurrentIndex(self.model.index(row))
            else:
                self.preview_pane.clear()
        else:
            self.preview_pane.clear()
            self._show_empty_state(query)
        self.resultsShown.emit(query)

    def _on_search_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._task = None
        self._set_busy(False)
        self.messages.error(error)

    def notice_text(self) -> str:
        """The status line's whole text (the line itself may be elided)."""
        return self.status_line.text()

    def _show_busy(self) -> None:
        if self._task is not None:
            self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        """Say that a search runs, and fade what is shown: it answers an older query."""
        if not busy:
            self._busy_timer.stop()
        self.busy = busy
        self.status_line.set_busy(busy)
        self._stale_effect.setEnabled(busy)
        self.results.setAccessibleDescription(
            self.tr("Searching… these results are for the previous query.") if busy else ""
        )

    def _show_empty_state(self, query: str = "") -> None:
        if self._indexed_files == 0:
            text = self.tr('Nothing indexed yet — <a href="add-folder">add a folder</a>')
        elif query:
            # Escaped: the label is rich text (for the link above) and the query is the user's.
            text = self.tr("No results for “{query}”").format(query=html.escape(query))
            if self.filters.active():
                text += "<br>" + self.tr("Try another mode or fewer filters.")
        else:
            text = self.tr("Type to search your files")
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    # ------------------------------------------------------------------ index changes

    def _on_index_changed(self) -> None:
        if self._refresh_timer.isActive():
            return  # a refresh is already due; this change will be part of it
        elapsed = self._refresh_clock.elapsed() if self._refresh_clock.isValid() else REFRESH_MS
        self._refresh_timer.start(max(0, REFRESH_MS - elapsed))

    def _refresh_after_index_change(self) -> None:
        self._refresh_clock.restart()
        self.refresh()

    def _refresh_index_info(self) -> None:
        self.filters.refresh_folders()
        count = self._count_read(self._on_count)
        self.bridge.call(
            "files.searchable",
            {},
            on_done=lambda found: count(int(found["files"])),
            on_error=self._quiet,
        )

    def _quiet(self, error: BaseException) -> None:
        # The index size only decorates the view; a failure here is not worth a dialog.
        pass

    def choose_folder_filter(self, path: str) -> None:
        """Filter by the folder ``path`` (now, or once the folder list has been read)."""
        self.filters.choose_folder(path)

    def _on_count(self, files: int) -> None:
        before = self._indexed_files
        self._indexed_files = int(files)
        if self.stack.currentWidget() is self.empty_label and (before == 0) != (files == 0):
            self._show_empty_state(self._shown_query)

    # ------------------------------------------------------------------ preview

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = current.data(ResultRole) if current.isValid() else None
        if isinstance(result, dict):
            self.preview_pane.show_result(result, self.model.query)
        else:
            self.preview_pane.clear()

    # ------------------------------------------------------------------ keyboard and menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys between the field and the list, Enter shows the passage in Trove's viewer,
        Ctrl+C copies, Esc clears."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_field:
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.results.currentIndex().isValid():
                    self.results.setCurrentIndex(self.model.index(0))
                return True
            if key == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                return True
        elif watched is self.results:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selected_path()
                return True
            if key == Qt.Key.Key_Escape:
                self.search_field.clear()
                self.focus_search()
                return True
            if key == Qt.Key.Key_Up and self.results.currentIndex().row() <= 0:
                self.focus_search()
                return True
        return super().eventFilter(watched, event)

    def _context_menu(self, pos: Any) -> None:
        index = self.results.indexAt(pos)
        if not index.isValid():
            return
        self.results.setCurrentIndex(index)
        self.result_menu().exec(self.results.viewport().mapToGlobal(pos))

    def result_menu(self) -> QMenu:
        """The selected result's context menu: Trove's viewer first, the file's own program and
        its folder one click away."""
        result = self.selected_result()
        menu = QMenu(self)
        if result is not None and viewable(result):
            view = menu.addAction(icon("file-text"), self.tr("View in Trove"), self.open_selected)
            menu.setDefaultAction(view)
        menu.addAction(icon("open"), self.tr("Open in its own program"), self.open_in_program)
        menu.addAction(icon("reveal"), self.tr("Show in folder"), self.reveal_selected)
        menu.addAction(icon("copy"), self.tr("Copy path"), self.copy_selected_path)
        return menu
