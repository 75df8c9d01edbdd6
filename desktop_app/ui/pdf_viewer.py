"""Trove's own PDF viewer: the cited page, the passage highlighted, pages and zoom, and the way out
to the file's own program or its folder.

Pages are rendered by the core (``viewer.page``, PDFium) on a worker; the window only paints the
pixels it gets back and the passage's boxes over them, so a large page never stalls it. A page
asked for while another renders replaces it (only the newest request is shown).
"""

from __future__ import annotations

import base64
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.fsnames import readable
from desktop_app.ui.icons import icon
from desktop_app.ui.tasks import owned_by

__all__ = ["PdfViewer"]

_ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
_HIGHLIGHT = QColor(255, 200, 0, 90)
_FORMATS = {
    "BGR": QImage.Format.Format_BGR888,
    "BGRx": QImage.Format.Format_RGB32,
    "BGRA": QImage.Format.Format_ARGB32,
}


class PdfViewer(QWidget):
    """One PDF at one passage: ``pageShown(page)`` once a page is on screen."""

    pageShown = Signal(int)

    def __init__(
        self,
        bridge: Any,
        opener: Any,
        path: str,
        page: int = 1,
        passage: str = "",
        parent: QWidget | None = None,
        *,
        chunk_id: int | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("pdfViewer")
        self.bridge = bridge
        self.opener = opener
        self.path = path
        self.passage = passage
        self.chunk_id = chunk_id  # the core looks up the passage's text when none is given
        self.passage_page = page  # the passage is looked for on its own page only
        self.page = page
        self.pages = 0
        self.zoom = 1.5
        self.fit_width = False
        self.boxes: list[list[float]] = []
        self._seq = 0
        self.setWindowTitle(
            self.tr("{name} — Trove").format(name=readable(path.rsplit("/", 1)[-1]))
        )
        self._build()
        self.resize(900, 1000)
        self.show_page(page)

    def _build(self) -> None:
        self.previous = QToolButton(self)
        self.previous.setText("◀")
        self.previous.setToolTip(self.tr("Previous page (Page Up)"))
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next = QToolButton(self)
        self.next.setText("▶")
        self.next.setToolTip(self.tr("Next page (Page Down)"))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        self.page_box = QSpinBox(self)
        self.page_box.setObjectName("viewerPage")
        self.page_box.setMinimum(1)
        self.page_box.setAccessibleName(self.tr("Page"))
        self.page_box.editingFinished.connect(lambda: self.show_page(self.page_box.value()))
        self.page_count = QLabel(self)
        zoom_out = QToolButton(self)
        zoom_out.setText("−")
        zoom_out.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        zoom_in = QToolButton(self)
        zoom_in.setText("+")
        zoom_in.setToolTip(self.tr("Zoom in (Ctrl++)"))
        zoom_in.clicked.connect(lambda: self.step_zoom(1))
        fit = QToolButton(self)
        fit.setText(self.tr("Fit width"))
        fit.clicked.connect(self.fit_to_width)
        self.open_button = QPushButton(icon("open"), self.tr("Open in its own program"), self)
        self.open_button.clicked.connect(lambda: self.opener.open(self.path, self.page))
        self.reveal_button = QPushButton(icon("reveal"), self.tr("Show in folder"), self)
        self.reveal_button.clicked.connect(lambda: self.opener.reveal(self.path))

        bar = QHBoxLayout()
        for widget in (self.previous, self.page_box, self.page_count, self.next):
            bar.addWidget(widget)
        bar.addSpacing(12)
        for widget in (zoom_out, zoom_in, fit):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.reveal_button)

        self.canvas = QLabel(self)
        self.canvas.setObjectName("viewerCanvas")
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel(self)
        self.status.setObjectName("viewerStatus")
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)  # the canvas is the page's size: boxes map 1:1
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.status)

        keys = QKeySequence.StandardKey
        for key, action in (
            (keys.MoveToPreviousPage, lambda: self.show_page(self.page - 1)),
            (keys.MoveToNextPage, lambda: self.show_page(self.page + 1)),
            (keys.ZoomIn, lambda: self.step_zoom(1)),
            (keys.ZoomOut, lambda: self.step_zoom(-1)),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(action)

    # ------------------------------------------------------------------ navigation

    def show_page(self, page: int) -> None:
        """Render page ``page`` (clamped to the document) at the current zoom."""
        if self.pages:
            page = min(max(1, page), self.pages)
        page = max(1, page)
        self.page = page
        self._seq += 1
        seq = self._seq
        self.status.setText(self.tr("Rendering page {page}…").format(page=page))
        args = {
            "path": self.path,
            "page": page,
            "zoom": self._zoom_for_width() if self.fit_width else self.zoom,
            "passage": self.passage if page == self.passage_page else "",
        }
        if page == self.passage_page and not self.passage and self.chunk_id is not None:
            args["chunk_id"] = self.chunk_id

        def done(view: PdfViewer, result: dict[str, Any]) -> None:
            if seq == view._seq:
                view._show(result)

        def failed(view: PdfViewer, exc: BaseException) -> None:
            if seq == view._seq:
                view.status.setText(str(getattr(exc, "message", exc)))

        self.bridge.call("viewer.page", args, owned_by(self, done), owned_by(self, failed))

    def step_zoom(self, direction: int) -> None:
        """The next zoom step up (1) or down (-1)."""
        self.fit_width = False
        current = self.zoom
        if direction > 0:
            self.zoom = next((z for z in _ZOOMS if z > current + 1e-6), _ZOOMS[-1])
        else:
            self.zoom = next((z for z in reversed(_ZOOMS) if z < current - 1e-6), _ZOOMS[0])
        self.show_page(self.page)

    def fit_to_width(self) -> None:
        """Zoom so the page fills the window's width."""
        self.fit_width = True
        self.show_page(self.page)

    def _zoom_for_width(self) -> float:
        if not self._page_width_pt:
            return self.zoom
        room = max(100, self.scroll_area.viewport().width() - 24)
        return max(_ZOOMS[0], min(_ZOOMS[-1], room / self._page_width_pt))

    _page_width_pt = 0.0

    # ------------------------------------------------------------------ painting

    def _show(self, result: dict[str, Any]) -> None:
        self.pages = int(result["pages"])
        self.page = int(result["page"])
        width, height = int(result["width"]), int(result["height"])
        zoom = self._zoom_for_width() if self.fit_width else self.zoom
        self._page_width_pt = width / zoom if zoom else 0.0
        pixels = base64.b64decode(result["pixels"])
        fmt = _FORMATS.get(str(result.get("pixel_format")), QImage.Format.Format_BGR888)
        image = QImage(pixels, width, height, int(result["stride"]), fmt).copy()
        self.boxes = [list(map(float, b)) for b in result.get("boxes") or []]
        pixmap = QPixmap.fromImage(image)
        if self.boxes:
            painter = QPainter(pixmap)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_HIGHLIGHT)
            for x, y, w, h in self.boxes:
                painter.drawRect(QRectF(x - 1, y - 1, w + 2, h + 2))
            painter.end()
        self.canvas.setPixmap(pixmap)
        self.canvas.resize(pixmap.size())
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, self.pages))
        self.page_box.setValue(self.page)
        self.page_box.blockSignals(False)
        self.page_count.setText(self.tr("of {pages}").format(pages=self.pages))
        self.previous.setEnabled(self.page > 1)
        self.next.setEnabled(self.page < self.pages)
        wanted = bool(self.passage) or self.chunk_id is not None
        if self.page == self.passage_page and wanted and not self.boxes:
            self.status.setText(self.tr("The passage could not be found on this page."))
        else:
            self.status.clear()
        if self.boxes:  # the passage in view
            self.scroll_area.ensureVisible(int(self.boxes[0][0]), int(self.boxes[0][1]), 50, 120)
        self.pageShown.emit(self.page)
