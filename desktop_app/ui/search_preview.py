"""The Search view's preview: the selected result's passage in context, and buttons to open it.

The snippet shows at once; the passage with its neighbours replaces it when the ``passage``
command answers. Each selection carries a generation number, so a slow answer for an older
selection never replaces a newer one. Strings keep the "SearchView" translation context.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.fsnames import readable
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.icons import icon
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.search_model import blend, format_mtime, highlight_html, location_label
from desktop_app.ui.tasks import Task
from desktop_app.ui.viewers import viewable

__all__ = ["PassagePreview", "page_of"]


def page_of(result: dict[str, Any]) -> int | None:
    """The page to open a PDF result at, if it has one."""
    if not str(result.get("path", "")).lower().endswith(".pdf"):
        return None
    page = (result.get("location_detail") or {}).get("page")
    return int(page) if isinstance(page, int) and page > 0 else None


class PassagePreview(QWidget):
    """The passage of one search result, with open / open at page / reveal / copy buttons."""

    previewShown = Signal(str)  # the path whose passage is now shown
    viewRequested = Signal()  # in Trove's own viewer
    openRequested = Signal()  # in the file's own program (at the page, for a PDF)
    revealRequested = Signal()
    copyRequested = Signal()

    def __init__(
        self, bridge: EngineBridge, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.messages = messages
        self.result: dict[str, Any] | None = None
        self._generation = 0
        self._task: Task | None = None
        self.setObjectName("previewPane")
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview_title = QLabel()
        self.preview_title.setObjectName("previewTitle")
        font = self.preview_title.font()
        font.setBold(True)
        self.preview_title.setFont(font)
        self.preview_title.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_path = QLabel()
        self.preview_path.setObjectName("previewPath")
        self.preview_path.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_path.setWordWrap(True)
        self.preview_path.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.preview_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_location = QLabel()
        self.preview_location.setObjectName("previewLocation")
        self.preview_location.setTextFormat(Qt.TextFormat.PlainText)
        self.preview = QTextBrowser()
        self.preview.setObjectName("previewText")
        self.preview.setAccessibleName(QCoreApplication.translate("SearchView", "Passage"))
        self.preview.setOpenLinks(False)
        # The passage starts level with the results list; what it is and where sits below it.
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview_path)
        layout.addWidget(self.preview_location)

        buttons = QHBoxLayout()
        self.view_button = QPushButton(
            icon("file-text"), QCoreApplication.translate("SearchView", "View in Trove")
        )
        self.view_button.setObjectName("previewView")
        self.view_button.setToolTip(
            QCoreApplication.translate(
                "SearchView", "Show the passage highlighted in its document (Enter)"
            )
        )
        self.view_button.clicked.connect(self.viewRequested.emit)
        self.open_button = QPushButton(
            icon("open"), QCoreApplication.translate("SearchView", "Open")
        )
        self.open_button.setObjectName("previewOpen")
        self.open_button.clicked.connect(self.openRequested.emit)
        self.reveal_button = QPushButton(
            icon("reveal"), QCoreApplication.translate("SearchView", "Show in folder")
        )
        self.reveal_button.setObjectName("previewReveal")
        self.reveal_button.clicked.connect(self.revealRequested.emit)
        self.copy_button = QPushButton(
            icon("copy"), QCoreApplication.translate("SearchView", "Copy path")
        )
        self.copy_button.setObjectName("previewCopy")
        self.copy_button.clicked.connect(self.copyRequested.emit)
        for button in (self.view_button, self.open_button, self.reveal_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.clear()

    def show_result(self, result: dict[str, Any], query: str) -> None:
        """Show a search result: its snippet at once, the passage in context when it is read."""
        self.result = result
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()
        path = str(result["path"])
        self.preview_title.setText(readable(os.path.basename(path) or path))
        self.preview_path.setText(path)
        self._set_location(result)
        self._set_buttons(result)
        # Show the snippet at once; the full passage replaces it when the catalog answers.
        self._render_passage({"text": result.get("snippet", ""), "spans": result["highlights"]})
        chunk_id = int(result["chunk_id"])
        self._task = self.bridge.call(
            "passage",
            {"chunk_id": chunk_id, "query": query},
            lambda passage: self._on_passage(generation, path, passage),
            lambda exc: self._on_passage_error(generation, exc),
        )

    def _on_passage(self, generation: int, path: str, passage: dict[str, Any]) -> None:
        if generation != self._generation:
            return
        self._task = None
        if passage.get("missing"):
            self.preview.setPlainText(
                QCoreApplication.translate(
                    "SearchView", "This passage is no longer in the index; the file changed."
                )
            )
        else:
            self._render_passage(passage)
        self.previewShown.emit(path)

    def _on_passage_error(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._task = None
            self.messages.error(error)

    def _render_passage(self, passage: dict[str, Any]) -> None:
        palette = self.preview.palette()
        tint = blend(
            palette.color(QPalette.ColorRole.Highlight),
            palette.color(QPalette.ColorRole.Base),
            0.35,
        )
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        mark_open = f'<span style="background-color:{tint.name()}; font-weight:600">'
        mark_close = "</span>"

        def part(key: str) -> str:
            return highlight_html(
                str(passage.get(key) or ""),
                passage.get(key + "_spans") or [],
                mark_open,
                mark_close,
            )

        pieces = []
        if passage.get("before"):
            pieces.append(f'<p style="white-space:pre-wrap; color:{muted}">{part("before")}</p>')
        text = highlight_html(
            str(passage.get("text") or ""), passage.get("spans") or [], mark_open, mark_close
        )
        pieces.append(f'<a name="passage"></a><p style="white-space:pre-wrap">{text}</p>')
        if passage.get("after"):
            pieces.append(f'<p style="white-space:pre-wrap; color:{muted}">{part("after")}</p>')
        self.preview.setHtml("".join(pieces))
        self.preview.scrollToAnchor("passage")

    def _set_location(self, result: dict[str, Any]) -> None:
        parts = [location_label(result), format_mtime(float(result.get("mtime") or 0))]
        self.preview_location.setText("  ·  ".join(p for p in parts if p))

    def _set_buttons(self, result: dict[str, Any] | None) -> None:
        enabled = result is not None
        for button in (self.open_button, self.reveal_button, self.copy_button):
            button.setEnabled(enabled)
        self.view_button.setEnabled(result is not None and viewable(result))
        page = page_of(result) if result is not None else None
        self.open_button.setToolTip(
            QCoreApplication.translate(
                "SearchView", "Open in its own program at page {page}"
            ).format(page=page)
            if page is not None
            else QCoreApplication.translate("SearchView", "Open in its own program")
        )

    def clear(self) -> None:
        """Show no result."""
        self.result = None
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.preview_title.setText("")
        self.preview_path.setText("")
        self.preview_location.setText("")
        self.preview.setPlainText("")
        self.preview.setPlaceholderText(
            QCoreApplication.translate(
                "SearchView", "Select a result to see the passage in context."
            )
        )
        self._set_buttons(None)
