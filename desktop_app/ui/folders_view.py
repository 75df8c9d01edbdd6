"""The Folders panel: each folder with its state, its exclusions, and the files that failed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.fsnames import readable
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.core_text import core_text
from desktop_app.ui.desktop_open import DesktopOpener
from desktop_app.ui.folder_dialog import choose_directory
from desktop_app.ui.icons import file_icon, icon
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.plain_text import escaped
from desktop_app.ui.status import describe_searchable, searchable_details
from desktop_app.ui.tasks import Newest

__all__ = ["ExclusionsDialog", "FoldersView", "split_reason"]


def split_reason(message: str) -> tuple[str, str]:
    """A stored failure text as (what happened, what to do), each in the window's language."""
    what, _, todo = (message or "").partition("\n")
    return core_text(what.strip()), core_text(" ".join(todo.split()))


class ExclusionsDialog(QDialog):
    """Edit one folder's exclude globs, one per line."""

    def __init__(self, folder: str, exclude: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exclusions"))
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr(
                "Files and folders in {folder} that match these patterns are not indexed, "
                "one pattern per line (for example: *.log, drafts/, **/node_modules)."
            ).format(folder=folder)
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        links = QLabel(
            self.tr(
                "Links are followed only inside the folder: a link that leads outside it, or to "
                "a credential file such as .env or an SSH key, is skipped."
            )
        )
        links.setObjectName("linksNote")
        links.setWordWrap(True)
        layout.addWidget(links)
        self.editor = QPlainTextEdit("\n".join(exclude))
        self.editor.setObjectName("exclusionsEditor")
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, 320)

    def patterns(self) -> list[str]:
        """The patterns entered, blank lines dropped."""
        return [line.strip() for line in self.editor.toPlainText().splitlines() if line.strip()]


class FoldersView(QWidget):
    """Folders with their state; add, remove, exclusions; failed files with a retry."""

    foldersChanged = Signal()

    def __init__(
        self,
        bridge: EngineBridge,
        messages: MessageBridge,
        parent: QWidget | None = None,
        opener: DesktopOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.messages = messages
        self.opener = opener or DesktopOpener()
        self._rows: dict[str, dict[str, Any]] = {}
        self._wanted_selection: str | None = None
        self._live_folders: dict[str, dict[str, Any]] = {}
        self._rows_read = Newest()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(1000)
        self._refresh_timer.timeout.connect(self.refresh)

        self.folders = QTreeWidget()
        self.folders.setObjectName("folders")
        self.folders.setHeaderLabels(
            [self.tr("Folder"), self.tr("State"), self.tr("Files"), self.tr("Failed")]
        )
        self.folders.setRootIsDecorated(False)
        self.folders.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.folders.setAccessibleName(self.tr("Indexed folders"))
        header = self.folders.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.folders.itemSelectionChanged.connect(self._update_buttons)
        self.folders.itemDoubleClicked.connect(lambda *_: self.edit_exclusions())

        self.add_button = QPushButton(icon("folder-plus"), self.tr("Add folder…"))
        self.add_button.setObjectName("addFolder")
        self.add_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton(icon("trash"), self.tr("Remove"))
        self.remove_button.setObjectName("removeFolder")
        self.remove_button.clicked.connect(self.remove_selected)
        self.exclude_button = QPushButton(icon("edit"), self.tr("Exclusions…"))
        self.exclude_button.setObjectName("editExclusions")
        self.exclude_button.clicked.connect(self.edit_exclusions)
        self.rescan_button = QPushButton(icon("refresh"), self.tr("Re-scan"))
        self.rescan_button.setObjectName("rescan")
        self.rescan_button.clicked.connect(lambda: self.reindex(retry_failed=False))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.exclude_button, self.rescan_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.empty_label = QLabel(
            self.tr("No folders yet. Add one, or drop a folder on this window.")
        )
        self.empty_label.setObjectName("foldersEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.folders)
        top_layout.addWidget(self.empty_label)

        # Failures (something to fix) and empty files (nothing to index) in two lists.
        self.failed = self._file_list("failedFiles", [self.tr("Reason"), self.tr("What to do")])
        self.empty = self._file_list("emptyFiles", [])
        self.failed_label = QLabel(self.tr("Files that could not be indexed"))
        self.retry_button = QPushButton(icon("refresh"), self.tr("Retry failed files"))
        self.retry_button.setObjectName("retryFailed")
        self.retry_button.clicked.connect(lambda: self.reindex(retry_failed=True))
        self.problems = QTabWidget()
        self.problems.setObjectName("problemFiles")
        self.problems.setDocumentMode(True)
        self.problems.addTab(self.failed, "")
        self.problems.addTab(self.empty, "")
        self._count_tabs(0, 0)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.failed_label)
        row.addStretch(1)
        row.addWidget(self.retry_button)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.problems)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("foldersSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        bridge.indexChanged.connect(self.schedule_refresh)
        bridge.liveState.connect(self._on_live_state)
        self._update_buttons()
        self.refresh()

    def _file_list(self, name: str, columns: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setHeaderLabels([self.tr("File"), *columns])
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = tree.header()
        if columns:
            # The file and what to do keep a set width; the reason takes what is left.
            header.setStretchLastSection(False)
            header.resizeSection(0, 300)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            header.resizeSection(len(columns), 360)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(lambda pos, t=tree: self._file_menu(t, pos))
        tree.itemActivated.connect(lambda item, _column: self.opener.open(self._path_of(item)))
        return tree

    def _count_tabs(self, failed: int, empty: int) -> None:
        self.problems.setTabText(0, self.tr("Could not be indexed (%n)", "", failed))
        self.problems.setTabText(1, self.tr("Empty, nothing to index (%n)", "", empty))
        self.problems.setTabToolTip(
            1,
            self.tr(
                "These files hold no text. That is not an error: Trove indexes them as soon as "
                "they get some."
            ),
        )

    # ------------------------------------------------------------------ data

    def schedule_refresh(self) -> None:
        """Refresh soon; bursts of index changes cost one read."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Re-read the folders and failed files (off the GUI thread)."""
        self.bridge.call("folders.status", {}, self._rows_read(self._show), self.messages.error)

    def _on_live_state(self, state: dict[str, Any]) -> None:
        # The snapshot already carries each folder's counts: no catalog read here. The failed
        # files list follows indexChanged.
        self._live_folders = {f["path"]: f for f in state.get("folders") or []}
        self._show_states()

    def _state_text(self, path: str, row: dict[str, Any]) -> str:
        live = self._live_folders.get(path) or {}
        state = live.get("state") or row.get("state") or "up_to_date"
        if state == "indexing":
            done = int(live.get("files_indexed", row.get("files_indexed", 0)) or 0)
            waiting_files = int(live.get("files_waiting", 0) or 0)
            if waiting_files:
                return self.tr("Indexing {done} of {total}").format(
                    done=done, total=done + waiting_files
                )
            return self.tr("Indexing")
        if state == "paused":
            return self.tr("Paused")
        if state == "missing" or row.get("available") is False:
            return self.tr("Folder not found (drive unplugged?)")
        searchable = live.get("searchable") or row.get("searchable")
        if state == "embedding":
            waiting = int(live.get("chunks_waiting", row.get("chunks_waiting", 0)) or 0)
            return self.tr("Embedding, {count} passages waiting").format(count=waiting)
        # The same words as the status bar: "Up to date" only when every passage has a vector.
        return describe_searchable(searchable)

    def _add_file(self, tree: QTreeWidget, path: str, what: str = "", todo: str = "") -> None:
        item = QTreeWidgetItem([readable(path), what, todo] if what or todo else [readable(path)])
        item.setIcon(0, file_icon(path))
        item.setData(0, Qt.ItemDataRole.UserRole, path)
        for column, tip in enumerate((readable(path), what, todo)):
            if tip:
                item.setToolTip(column, escaped(tip))
        tree.addTopLevelItem(item)

    def select_when_shown(self, path: str) -> None:
        """Select the folder ``path`` once the list is read (a rebuilt window keeps its place)."""
        self._wanted_selection = path

    def _show(self, data: dict[str, Any]) -> None:
        selected = self.selected_path() or self._wanted_selection
        self._wanted_selection = None
        self._rows = {r["path"]: r for r in data["folders"]}
        self.folders.clear()
        for row in data["folders"]:
            item = QTreeWidgetItem(
                [
                    readable(row["path"]),
                    self._state_text(row["path"], row),
                    str(row.get("files_indexed", 0)),
                    str(row.get("files_failed", 0)),
                ]
            )
            item.setIcon(0, icon("folder"))
            item.setData(0, Qt.ItemDataRole.UserRole, row["path"])
            live = self._live_folders.get(row["path"]) or {}
            details = searchable_details(live.get("searchable") or row.get("searchable"))
            if details:
                item.setToolTip(1, escaped(details))
            if row.get("exclude"):
                patterns = ", ".join(row["exclude"])
                item.setToolTip(
                    0, escaped(self.tr("Excluded: {patterns}").format(patterns=patterns))
                )
            self.folders.addTopLevelItem(item)
            if row["path"] == selected:
                item.setSelected(True)
        self.folders.setVisible(bool(data["folders"]))
        self.empty_label.setVisible(not data["folders"])
        self.failed.clear()
        self.empty.clear()
        for failure in data["failed"]:
            what, todo = split_reason(failure["message"] or "")
            what = what or core_text(failure["reason"] or "")
            self._add_file(self.failed, failure["path"], what, todo)
        for cut in data.get("cut") or []:
            note = self.tr("Cut at {count} passages: the rest of the file is not searchable.")
            self._add_file(self.failed, cut["path"], note.format(count=cut["cut_at"]), "")
        for unread in (data.get("ocr") or {}).get("unreadable") or []:
            note = (
                self.tr(
                    "What OCR read of it looks like noise or was read with low confidence: it may "
                    "be in a language the engine cannot read, and its text may be wrong."
                )
                if unread["language"] == "unknown"
                else self.tr(
                    "Looks {language}, which the OCR engine that read it cannot read: its text "
                    "may be wrong."
                ).format(language=unread["language"])
            )
            todo = self.tr(
                "Set up the OCR NIM (nvidia/nemotron-ocr-v2 reads Korean, Chinese, Japanese, "
                "Russian and English) in Settings, Connection; Trove then reads it again."
            )
            self._add_file(self.failed, unread["path"], note, todo)
        for skip in data.get("skipped") or []:
            why = readable(
                f"{skip['reason']} ({skip['detail']})" if skip["detail"] else skip["reason"]
            )
            self._add_file(self.failed, skip["path"], self.tr("Skipped: {why}").format(why=why), "")
        empties = data.get("empty") or []
        for path in empties:
            self._add_file(self.empty, path)
        failures = len(data["failed"])
        listed = self.failed.topLevelItemCount()
        self._count_tabs(listed, len(empties))
        if not listed and empties:
            self.problems.setCurrentIndex(1)
        self.failed_label.setText(
            self.tr("Files that could not be indexed: {count}").format(count=failures)
        )
        self.retry_button.setEnabled(failures > 0)
        self._update_buttons()

    def _show_states(self) -> None:
        for i in range(self.folders.topLevelItemCount()):
            item = self.folders.topLevelItem(i)
            if item is None:
                continue
            path = item.data(0, Qt.ItemDataRole.UserRole)
            row = self._rows.get(path, {})
            live = self._live_folders.get(path, {})
            item.setText(1, self._state_text(path, row))
            item.setText(2, str(live.get("files_indexed", row.get("files_indexed", 0))))
            item.setText(3, str(live.get("files_failed", row.get("files_failed", 0))))

    # ------------------------------------------------------------------ actions

    def selected_path(self) -> str | None:
        """The selected folder's path."""
        items = self.folders.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self) -> None:
        has = self.selected_path() is not None
        self.remove_button.setEnabled(has)
        self.exclude_button.setEnabled(has)

    def choose_folder(self) -> None:
        """Ask for a folder (the dialog opens at home or the last folder chosen) and add it."""
        path = choose_directory(self, self.tr("Add a folder to Trove"))
        if path:
            self.add_folder(path)

    # ------------------------------------------------------------------ one file

    @staticmethod
    def _path_of(item: QTreeWidgetItem) -> str:
        return str(item.data(0, Qt.ItemDataRole.UserRole) or item.text(0))

    def _folder_of(self, path: str) -> str | None:
        """The indexed folder that holds ``path`` (the deepest, if nested)."""
        holders = [f for f in self._rows if path == f or path.startswith(f.rstrip(os.sep) + os.sep)]
        return max(holders, key=len) if holders else None

    def _file_menu(self, tree: QTreeWidget, pos: QPoint) -> None:
        item = tree.itemAt(pos)
        if item is None:
            return
        path = self._path_of(item)
        menu = QMenu(tree)
        for action in self.file_actions(path, failed=tree is self.failed):
            menu.addAction(action)
        menu.exec(tree.viewport().mapToGlobal(pos))

    def file_actions(self, path: str, failed: bool) -> list[QAction]:
        """What can be done with one listed file: open, show, retry, exclude."""
        open_action = QAction(icon("open"), self.tr("&Open"), self)
        open_action.triggered.connect(lambda: self.opener.open(path))
        reveal = QAction(icon("reveal"), self.tr("Show in &folder"), self)
        reveal.triggered.connect(lambda: self.opener.reveal(path))
        actions = [open_action, reveal]
        if failed:
            retry = QAction(icon("refresh"), self.tr("&Retry this file"), self)
            retry.triggered.connect(lambda: self.retry_file(path))
            actions.append(retry)
        exclude = QAction(icon("edit"), self.tr("&Exclude from indexing"), self)
        exclude.triggered.connect(lambda: self.exclude_file(path))
        exclude.setEnabled(self._folder_of(path) is not None)
        actions.append(exclude)
        return actions

    def retry_file(self, path: str) -> None:
        """Read one failed file again now (after the user fixed it) and say how it went."""

        def done(result: dict[str, Any]) -> None:
            self.refresh()
            name = Path(path).name
            if result.get("state") == "extracted":
                self.messages.info(self.tr("{name} is indexed now.").format(name=name))
            else:
                self.messages.info(self.tr("{name} still cannot be read.").format(name=name))

        self.bridge.call("files.retry", {"path": path}, done, self.messages.error)

    def exclude_file(self, path: str) -> None:
        """Add ``path`` to its folder's exclusions; it leaves the lists and the index."""
        folder = self._folder_of(path)
        if folder is None:
            return
        pattern = Path(os.path.relpath(path, folder)).as_posix()
        current = list(self._rows.get(folder, {}).get("exclude") or [])
        if pattern not in current:
            self.add_folder(folder, [*current, pattern])
            self.messages.info(
                self.tr("{name} is now excluded from indexing (Exclusions… undoes it).").format(
                    name=Path(path).name
                )
            )

    def add_folder(self, path: str, exclude: list[str] | None = None) -> None:
        """Add (or update) a folder; indexing starts in the background."""
        args: dict[str, Any] = {"path": path}
        if exclude is not None:
            args["exclude"] = exclude
            current = self._rows.get(path)
            if current:
                args["include"] = current.get("include") or []

        def done(result: dict[str, Any]) -> None:
            if exclude is None:
                self.messages.info(
                    self.tr("Added {path}. Trove indexes it in the background.").format(
                        path=result["path"]
                    )
                )
            self.refresh()
            self.foldersChanged.emit()
            self.reindex(retry_failed=False, quiet=True)

        self.bridge.call("folders.add", args, done, self.messages.error)

    def remove_selected(self) -> None:
        """Remove the selected folder from the index (the files themselves stay)."""
        path = self.selected_path()
        if path is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove folder"),
            escaped(
                self.tr(
                    "Stop indexing {path} and remove it from search? The files themselves are not "
                    "touched."
                ).format(path=path)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(result: dict[str, Any]) -> None:
            self.refresh()
            self.foldersChanged.emit()

        self.bridge.call("folders.remove", {"path": path}, done, self.messages.error)

    def edit_exclusions(self) -> None:
        """Edit the selected folder's exclude patterns; newly excluded files leave the index."""
        path = self.selected_path()
        if path is None:
            return
        dialog = ExclusionsDialog(path, list(self._rows.get(path, {}).get("exclude") or []), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_folder(path, dialog.patterns())

    def reindex(self, retry_failed: bool, quiet: bool = False) -> None:
        """Bring the index up to date now (the live indexer would, later)."""
        # The live indexer does it: its work pauses with the pause button and shows in the
        # status bar, which a separate index command's would not.
        if self.bridge.index_in_background(retry_failed):
            if not quiet:
                self.messages.info(self.tr("Trove is reading your folders again."))
            return
        args = {"retry_failed": retry_failed}

        def done(summary: dict[str, Any]) -> None:
            self.refresh()
            if not quiet:
                self.messages.info(
                    self.tr("Indexed {indexed} files; {failed} failed.").format(
                        indexed=summary.get("indexed", 0), failed=summary.get("failed", 0)
                    )
                )

        self.bridge.call("index", args, done, self.messages.error)

    # ------------------------------------------------------------------ drops

    @staticmethod
    def dropped_folders(paths: list[str]) -> list[str]:
        """The dropped paths that are folders."""
        return [p for p in paths if os.path.isdir(p)]
