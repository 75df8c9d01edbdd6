"""Opening a passage in Trove's own viewer: a PDF at its page, an image as the picture OCR
read, anything else as its text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from desktop_app.core.chat import markdown as chat_markdown
from desktop_app.core.viewer.image_page import is_image

__all__ = ["open_viewer", "stepping", "viewable"]

#: Shows the next (1) or previous (-1) citation or result in a new viewer; None at none.
Stepper = Callable[[int], "QWidget | None"]


def viewable(source: Mapping[str, Any]) -> bool:
    """True when Trove's own viewer can show ``source`` (a citation's or a search result's dict):
    a PDF passage with a known page (the page), or any other indexed passage (an image's
    picture, else the text)."""
    path = str(source.get("path") or "")
    if path.lower().endswith(".pdf"):
        return chat_markdown.page_of(source) is not None
    return bool(path) and source.get("chunk_id") is not None


def _page(source: Mapping[str, Any]) -> int | None:
    detail = source.get("location_detail")
    if isinstance(detail, Mapping) and isinstance(detail.get("page"), int):
        return int(detail["page"])
    return chat_markdown.page_of(source)


def open_viewer(parent: QWidget, bridge: Any, opener: Any, source: Mapping[str, Any]) -> QWidget:
    """A viewer window on ``source``, shown; it deletes itself when closed."""
    from desktop_app.ui.pdf_viewer import PdfViewer
    from desktop_app.ui.text_viewer import TextViewer

    path = str(source["path"])
    page = _page(source)
    chunk = source.get("chunk_id")
    chunk_id = int(chunk) if chunk is not None else None
    viewer: QWidget
    if path.lower().endswith(".pdf") and page is not None:
        passage = str(source.get("text") or "")  # the full chunk when known; else the core's
        viewer = PdfViewer(bridge, opener, path, page, passage, parent, chunk_id=chunk_id)
    elif is_image(path):  # the picture, the passage's OCR'd lines boxed on it
        viewer = PdfViewer(bridge, opener, path, page or 1, "", parent, chunk_id=chunk_id)
    else:
        viewer = TextViewer(bridge, opener, path, chunk_id, parent)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    viewer.raise_()
    viewer.activateWindow()  # asked for: in front, with the keys (F8, find, copy)
    return viewer


def stepping(viewer: QWidget, step: Stepper) -> None:
    """F8 / Shift+F8 in ``viewer``: the next / previous citation (or search result) opens in a
    viewer that takes this one's place and size."""

    def go(direction: int) -> None:
        following = step(direction)
        if following is not None and following is not viewer:
            following.setGeometry(viewer.geometry())
            viewer.close()

    for key, direction in ((QKeySequence(Qt.Key.Key_F8), 1), (QKeySequence("Shift+F8"), -1)):
        shortcut = QShortcut(key, viewer)
        shortcut.activated.connect(lambda direction=direction: go(direction))
