"""The Chat view's scope selector: ask about all files, one indexed folder, or files picked.

Its strings keep the "ChatView" translation context they were written in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget

from desktop_app.core.fsnames import readable
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.folder_dialog import start_directory
from desktop_app.ui.icons import icon
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.plain_text import escaped
from desktop_app.ui.tasks import Newest, owned_by

__all__ = ["ScopeSelector"]


class ScopeSelector(QComboBox):
    """Which files a question may use; ``args()`` gives them as ``ask`` arguments."""

    def __init__(
        self, bridge: EngineBridge, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.messages = messages
        self.setObjectName("scope")
        self.setAccessibleName(QCoreApplication.translate("ChatView", "Ask about"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(self._on_activated)
        self._index = 0
        self._picked_files: list[str] = []
        self._folders: list[str] = []
        self._folders_read = Newest()  # reads on indexChanged may finish out of order
        self._fill()
        bridge.indexChanged.connect(self.refresh_folders)

    def refresh_folders(self) -> None:
        """Reload the folder choices."""
        self.bridge.call(
            "folders.list",
            {},
            self._folders_read(owned_by(self, ScopeSelector._set_folders)),
            owned_by(self, lambda selector, exc: selector.messages.error(exc)),
        )

    def _set_folders(self, folders: list[dict[str, Any]]) -> None:
        paths = [str(f["path"]) for f in folders]
        if paths != self._folders:
            self._folders = paths
            self._fill()

    def _fill(self) -> None:
        current = self.currentData() if self.count() else "all"
        self.blockSignals(True)
        self.clear()
        self.addItem(icon("search"), QCoreApplication.translate("ChatView", "All files"), "all")
        for path in self._folders:
            name = readable(Path(path).name or path)
            self.addItem(icon("folder"), name, "folder:" + path)
            self.setItemData(self.count() - 1, escaped(readable(path)), Qt.ItemDataRole.ToolTipRole)
        if self._picked_files:
            count = len(self._picked_files)
            self.addItem(icon("file"), self.tr("%n chosen files", "", count), "files")
            self.setItemData(
                self.count() - 1,
                escaped("\n".join(self._picked_files)),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.addItem(icon("file"), QCoreApplication.translate("ChatView", "Choose files…"), "pick")
        index = self.findData(current)
        self.setCurrentIndex(index if index >= 0 else 0)
        self._index = self.currentIndex()
        self.blockSignals(False)

    def _on_activated(self, index: int) -> None:
        if self.itemData(index) != "pick":
            self._index = index
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            QCoreApplication.translate("ChatView", "Choose files to ask about"),
            start_directory(),
        )
        if paths:
            self.set_files(paths)
        else:
            self.setCurrentIndex(self._index)

    def set_files(self, paths: list[str]) -> None:
        """Ask about these files only."""
        self._picked_files = [str(p) for p in paths]
        self._fill()
        self.setCurrentIndex(self.findData("files"))
        self._index = self.currentIndex()

    def set_folder(self, path: str | None) -> bool:
        """Ask about one indexed folder (None: all files); False if it is not in the list."""
        index = self.findData("folder:" + path if path else "all")
        if index >= 0:
            self.setCurrentIndex(index)
            self._index = index
        return index >= 0

    def args(self) -> dict[str, Any]:
        """The ``ask`` arguments for the chosen scope."""
        data = str(self.currentData() or "all")
        if data.startswith("folder:"):
            return {"folders": [data.partition(":")[2]]}
        if data == "files" and self._picked_files:
            return {"files": list(self._picked_files)}
        return {}
