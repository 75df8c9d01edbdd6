"""The Search view's filter bar: folder, file type and modification date.

The folder choices are the indexed folders, re-read on ``refresh_folders``. Strings keep the
"SearchView" translation context they were written in.
"""

from __future__ import annotations

import os
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from desktop_app.core.fsnames import readable
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.icons import icon
from desktop_app.ui.plain_text import escaped
from desktop_app.ui.tasks import Newest

__all__ = ["SearchFilters"]

_DAY = 86400.0
# (key, seconds back); None means any time.
_DATE_RANGES: tuple[tuple[str, float | None], ...] = (
    ("any", None),
    ("day", _DAY),
    ("week", 7 * _DAY),
    ("month", 30 * _DAY),
    ("year", 365 * _DAY),
)
# Type filter choices as file kinds (desktop_app/core/ingest/registry.py) or extensions.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("any", ()),
    ("pdf", ("pdf",)),
    ("documents", ("docx", "odt", "rtf", "epub")),
    ("text", ("text", "markdown", "rst")),
    ("sheets", ("xlsx", "csv")),
    ("slides", ("pptx",)),
    ("code", ("code", "html")),
    ("mail", ("eml",)),
)


class SearchFilters(QWidget):
    """Folder, type and date filters; ``args()`` gives them as ``search`` arguments."""

    # A filter changed, by the user or because the searched folder left the folder list.
    changed = Signal()

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._folders_read = Newest()  # reads on indexChanged may finish out of order
        self._wanted_folder: str | None = None  # a folder filter waiting for the folder list
        self._searched_folder: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.folder_combo = QComboBox()
        self.folder_combo.setObjectName("folderFilter")
        self.folder_combo.setAccessibleName(QCoreApplication.translate("SearchView", "Folder"))
        self.folder_combo.addItem(
            icon("folder"), QCoreApplication.translate("SearchView", "All folders"), None
        )

        self.type_combo = QComboBox()
        self.type_combo.setObjectName("typeFilter")
        self.type_combo.setAccessibleName(QCoreApplication.translate("SearchView", "File type"))
        type_labels = {
            "any": QCoreApplication.translate("SearchView", "All types"),
            "pdf": QCoreApplication.translate("SearchView", "PDF"),
            "documents": QCoreApplication.translate("SearchView", "Documents"),
            "text": QCoreApplication.translate("SearchView", "Text and Markdown"),
            "sheets": QCoreApplication.translate("SearchView", "Spreadsheets"),
            "slides": QCoreApplication.translate("SearchView", "Presentations"),
            "code": QCoreApplication.translate("SearchView", "Code and web pages"),
            "mail": QCoreApplication.translate("SearchView", "Email"),
        }
        for key, kinds in _KINDS:
            self.type_combo.addItem(type_labels[key], list(kinds))

        self.date_combo = QComboBox()
        self.date_combo.setObjectName("dateFilter")
        self.date_combo.setAccessibleName(QCoreApplication.translate("SearchView", "Modified"))
        date_labels = {
            "any": QCoreApplication.translate("SearchView", "Any time"),
            "day": QCoreApplication.translate("SearchView", "Past day"),
            "week": QCoreApplication.translate("SearchView", "Past week"),
            "month": QCoreApplication.translate("SearchView", "Past month"),
            "year": QCoreApplication.translate("SearchView", "Past year"),
        }
        for key, seconds in _DATE_RANGES:
            self.date_combo.addItem(date_labels[key], seconds)

        for combo in (self.folder_combo, self.type_combo, self.date_combo):
            combo.currentIndexChanged.connect(self.changed)
            layout.addWidget(combo)
        layout.addStretch(1)

    def args(self) -> dict[str, Any]:
        """The chosen filters as arguments of the ``search`` command."""
        args: dict[str, Any] = {}
        folder = self.folder_combo.currentData()
        self._searched_folder = folder
        if folder:
            args["folders"] = [folder]
        kinds = self.type_combo.currentData()
        if kinds:
            args["kinds"] = list(kinds)
        seconds = self.date_combo.currentData()
        if seconds:
            # filters.py takes epoch seconds (it converts to the catalog's mtime_ns itself).
            args["modified_after"] = time.time() - float(seconds)
        return args

    def active(self) -> bool:
        """Whether any filter narrows the search."""
        return bool(
            self.folder_combo.currentData()
            or self.type_combo.currentData()
            or self.date_combo.currentData()
        )

    def choose_folder(self, path: str) -> None:
        """Filter by the folder ``path`` (now, or once the folder list has been read)."""
        index = self.folder_combo.findData(path)
        if index >= 0:
            self.folder_combo.setCurrentIndex(index)
        else:
            self._wanted_folder = path

    def refresh_folders(self) -> None:
        """Re-read the indexed folders for the folder choices."""
        # The folder list only decorates the view; a failure here is not worth a dialog.
        self.bridge.call(
            "folders.list", {}, on_done=self._folders_read(self._on_folders), on_error=_quiet
        )

    def _on_folders(self, folders: list[dict[str, Any]]) -> None:
        current = self.folder_combo.currentData() or self._wanted_folder
        self._wanted_folder = None
        paths = [str(f["path"]) for f in folders]
        existing = [self.folder_combo.itemData(i) for i in range(1, self.folder_combo.count())]
        if existing == paths:
            return
        self.folder_combo.blockSignals(True)
        while self.folder_combo.count() > 1:
            self.folder_combo.removeItem(1)
        for path in paths:
            label = readable(os.path.basename(path) or path)  # a stray byte shows as �
            self.folder_combo.addItem(icon("folder"), label, path)
            self.folder_combo.setItemData(
                self.folder_combo.count() - 1, escaped(readable(path)), Qt.ItemDataRole.ToolTipRole
            )
        index = self.folder_combo.findData(current) if current else 0
        self.folder_combo.setCurrentIndex(max(0, index))
        self.folder_combo.blockSignals(False)
        if current and (index < 0 or current != self._searched_folder):
            self.changed.emit()  # the filter changed under the query: search again


def _quiet(error: BaseException) -> None:
    pass
