"""Trove's own page viewer, for PDFs and for images read by OCR: the cited page, the passage
highlighted (its characters, or on a page read by OCR the boxes of its lines), pages and zoom, and
the way out to the file's own program or its folder.

Pages are rendered by the core (``viewer.page``, PDFium) on a worker, which also turns the pixels
into a QImage (``post``); the window only paints the visible part of it and the boxes over it, so
a large page never stalls it (benchmarks/bench_viewer_stall.py). A page asked for while another
renders replaces it (only the newest request is shown).
"""

from __future__ import annotations

import base64
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRubberBand,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.fsnames import on_disk, readable
from desktop_app.ui.icons import icon
from desktop_app.ui.page_selection import PageText
from desktop_app.ui.tasks import owned_by

__all__ = ["PdfViewer"]

_ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
_HIGHLIGHT = QColor(255, 200, 0, 90)
_MATCH = QColor(0, 150, 255, 60)
_CURRENT_MATCH = QColor(255, 110, 0, 120)
_FORMATS = {
    "BGR": QImage.Format.Format_BGR888,
    "BGRx": QImage.Format.Format_RGB32,
    "BGRA": QImage.Format.Format_ARGB32,
}


def _to_image(result: dict[str, Any]) -> dict[str, Any]:
    """On the worker: the page's pixels as a QImage that owns its memory."""
    fmt = _FORMATS.get(str(result.get("pixel_format")), QImage.Format.Format_BGR888)
    pixels = result["pixels"]
    if isinstance(pixels, str):  # base64, as the owner channel sends it
        pixels = base64.b64decode(pixels)
    width, height, stride = int(result["width"]), int(result["height"]), int(result["stride"])
    image = QImage(pixels, width, height, stride, fmt).convertToFormat(QImage.Format.Format_RGB32)
    return {**result, "pixels": None, "image": image}


class PageCanvas(QWidget):
    """The page image with the passage's boxes, the find matches and the selection painted over
    it. A drag selects the text it goes over (``selecting``: from, to); with Alt held it draws a
    rectangle instead (``dragged``) to copy the text inside it; a click (``clicked``) clears."""

    dragged = Signal(QRect)
    selecting = Signal(QPoint, QPoint)
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.layers: list[tuple[QColor, list[list[float]]]] = []
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self)
        self._origin: QPoint | None = None
        self._rectangle = False  # this drag draws a rectangle (Alt held at the press)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a selection (a rectangle with Alt)."""
        self._origin = event.position().toPoint()
        self._rectangle = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if self._rectangle:
            self._band.setGeometry(QRect(self._origin, QSize()))
            self._band.show()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Grow the selection."""
        if self._origin is None:
            return
        at = event.position().toPoint()
        if self._rectangle:
            self._band.setGeometry(QRect(self._origin, at).normalized())
        elif (at - self._origin).manhattanLength() > 3:
            self.selecting.emit(self._origin, at)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End the selection; a click without a drag clears it."""
        if self._origin is None:
            return
        origin, at = self._origin, event.position().toPoint()
        self._origin = None
        if self._rectangle:
            rect = QRect(origin, at).normalized()
            if rect.width() > 3 and rect.height() > 3:
                self.dragged.emit(rect)
            else:
                self._band.hide()
        elif (at - origin).manhattanLength() > 3:
            self.selecting.emit(origin, at)
        else:
            self.clicked.emit()

    def set_page(self, image: QImage, layers: list[tuple[QColor, list[list[float]]]]) -> None:
        """Show ``image`` with ``layers`` of (colour, boxes) over it."""
        self.image = image
        self.layers = layers
        self.resize(image.size())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Only the exposed part of the page: a big page costs what the window shows."""
        painter = QPainter(self)
        area = event.rect()
        painter.drawImage(area, self.image, area)
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, boxes in self.layers:
            painter.setBrush(colour)
            for x, y, w, h in boxes:
                painter.drawRect(QRectF(x - 1, y - 1, w + 2, h + 2))
        painter.end()


class PdfViewer(QWidget):
    """One PDF at one passage: ``pageShown(page)`` once a page is on screen."""

    pageShown = Signal(int)
    textCopied = Signal(str)

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
        self.shown_zoom = 1.5  # the zoom of the page on screen (copy maps pixels with it)
        self.fit_width = False
        self.boxes: list[list[float]] = []
        self.matches: list[list[list[float]]] = []  # find: each match's boxes on this page
        self.match = -1  # the current match on this page
        self._find_text = ""  # the query the matches are of
        self._pending_match = 0  # which match to select once a page with matches arrives
        self._base: QImage | None = None
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
        self.page_box.editingFinished.connect(self._page_typed)
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
        self.find_field = QLineEdit(self)
        self.find_field.setObjectName("viewerFind")
        self.find_field.setPlaceholderText(self.tr("Find (Ctrl+F)"))
        self.find_field.setClearButtonEnabled(True)
        self.find_field.returnPressed.connect(lambda: self.find_next(True))
        find_back = QShortcut(QKeySequence("Shift+Return"), self.find_field)
        find_back.activated.connect(lambda: self.find_next(False))
        self.open_button = QPushButton(icon("open"), self.tr("Open in its own program"), self)
        self.open_button.clicked.connect(lambda: self.opener.open(on_disk(self.path), self.page))
        self.reveal_button = QPushButton(icon("reveal"), self.tr("Show in folder"), self)
        self.reveal_button.clicked.connect(lambda: self.opener.reveal(on_disk(self.path)))

        bar = QHBoxLayout()
        for widget in (self.previous, self.page_box, self.page_count, self.next):
            bar.addWidget(widget)
        bar.addSpacing(12)
        for widget in (zoom_out, zoom_in, fit):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.find_field, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.reveal_button)

        self.canvas = PageCanvas(self)
        self.canvas.setObjectName("viewerCanvas")
        self.canvas.dragged.connect(self.copy_area)
        self.canvas.selecting.connect(self.select_between)
        self.canvas.clicked.connect(self.clear_selection)
        self.copied = ""  # the text last copied from the page
        self.page_text: PageText | None = None  # what a drag selects on the page shown
        self.selection: tuple[int, int] | None = None  # first and last unit selected
        self._drag: tuple[QPoint, QPoint] | None = None  # a drag waiting for the page's text
        self._text_of: tuple[int, float] = (0, 0.0)  # the page and zoom ``page_text`` is of
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
            (keys.Find, self.find_field.setFocus),
            (keys.FindNext, lambda: self.find_next(True)),
            (keys.FindPrevious, lambda: self.find_next(False)),
            (keys.Copy, self.copy_selection),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(action)
        close_find = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_field)
        close_find.setContext(Qt.ShortcutContext.WidgetShortcut)
        close_find.activated.connect(self.close_find)

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
        zoom = self._zoom_for_width() if self.fit_width else self.zoom
        args = {
            "path": self.path,
            "page": page,
            "zoom": zoom,
            "passage": self.passage if page == self.passage_page else "",
            "raw": True,
        }
        if page == self.passage_page and self.chunk_id is not None:
            args["chunk_id"] = self.chunk_id  # its text, or its OCR'd lines' boxes
        if self._find_text:
            args["find"] = self._find_text

        def done(view: PdfViewer, result: dict[str, Any]) -> None:
            if seq == view._seq:
                view.shown_zoom = zoom
                view._show(result)

        def failed(view: PdfViewer, exc: BaseException) -> None:
            if seq == view._seq:
                view.status.setText(str(getattr(exc, "message", exc)))

        self.bridge.call(
            "viewer.page", args, owned_by(self, done), owned_by(self, failed), post=_to_image
        )

    def _page_typed(self) -> None:
        """The page box lost focus or got Enter: go to its page if it is another one."""
        if self.page_box.value() != self.page:
            self.show_page(self.page_box.value())

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
        width = int(result["width"])
        zoom = self._zoom_for_width() if self.fit_width else self.zoom
        self._page_width_pt = width / zoom if zoom else 0.0
        self.boxes = [list(map(float, b)) for b in result.get("boxes") or []]
        self.matches = [[list(map(float, b)) for b in m] for m in result.get("matches") or []]
        self.match = -1
        if self.matches:
            wanted = self._pending_match
            self.match = len(self.matches) - 1 if wanted < 0 else min(wanted, len(self.matches) - 1)
        if self._base is None or (self.page, self.shown_zoom) != self._text_of:
            self.page_text, self.selection, self._drag = None, None, None  # another page or zoom
        self._text_of = (self.page, self.shown_zoom)
        self._base = result["image"]
        self._paint()
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, self.pages))
        self.page_box.setValue(self.page)
        self.page_box.blockSignals(False)
        self.page_count.setText(self.tr("of {pages}").format(pages=self.pages))
        self.previous.setEnabled(self.page > 1)
        self.next.setEnabled(self.page < self.pages)
        wanted = bool(self.passage) or self.chunk_id is not None
        if self.page == self.passage_page and wanted and result.get("ocr_unboxed"):
            self.status.setText(
                self.tr(
                    "This page was read by OCR before Trove kept where its lines are: the "
                    "passage is boxed once the file changes and is read again."
                )
            )
        elif self.page == self.passage_page and wanted and not self.boxes:
            self.status.setText(self.tr("The passage could not be found on this page."))
        else:
            self.status.clear()
        if self.match >= 0:
            self._match_in_view()
        elif self.boxes:  # the passage in view
            self.scroll_area.ensureVisible(int(self.boxes[0][0]), int(self.boxes[0][1]), 50, 120)
        self.pageShown.emit(self.page)

    def _paint(self) -> None:
        """The page with the passage's boxes and the find matches (the current one stronger)."""
        if self._base is None:
            return
        layers = [(_HIGHLIGHT, self.boxes)]
        for n, match in enumerate(self.matches):
            layers.append((_CURRENT_MATCH if n == self.match else _MATCH, match))
        if self.selection is not None and self.page_text is not None:
            selected = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            selected.setAlpha(110)
            layers.append((selected, self.page_text.boxes_of(*self.selection)))
        self.canvas.set_page(self._base, layers)

    def _match_in_view(self) -> None:
        x, y, _, _ = self.matches[self.match][0]
        self.scroll_area.ensureVisible(int(x), int(y), 50, 120)

    # ------------------------------------------------------------------ select and copy

    def select_between(self, start: QPoint, end: QPoint) -> None:
        """Select the page's text from the point ``start`` to ``end`` (canvas pixels), in
        reading order; the page's characters are fetched at the first drag."""
        if self.page_text is None:
            first = self._drag is None
            self._drag = (start, end)
            if first:
                self._fetch_page_text()
            return
        a, b = self.page_text.hit(start.x(), start.y()), self.page_text.hit(end.x(), end.y())
        self.selection = None if a is None or b is None else (min(a, b), max(a, b))
        self._paint()

    def clear_selection(self) -> None:
        """Select nothing."""
        if self.selection is not None:
            self.selection = None
            self._paint()

    def selected_text(self) -> str:
        """The text selected on the page ('' when nothing is)."""
        if self.selection is None or self.page_text is None:
            return ""
        return self.page_text.text(*self.selection)

    def copy_selection(self) -> None:
        """Copy the selected text to the clipboard (Ctrl+C)."""
        text = self.selected_text()
        if not text:
            return
        self.copied = text
        QApplication.clipboard().setText(text)
        self.status.setText(self.tr("Copied: {text}").format(text=" ".join(text.split())[:80]))
        self.textCopied.emit(text)

    def _fetch_page_text(self) -> None:
        seq = self._seq
        args = {
            "path": self.path,
            "page": self.page,
            "zoom": self.shown_zoom,
            "size": [self.canvas.image.width(), self.canvas.image.height()],
        }

        def done(view: PdfViewer, result: dict[str, Any]) -> None:
            if seq != view._seq:
                view._drag = None
                return  # another page is on screen by now
            view.page_text = PageText(result["units"], result["boxes"], str(result["joiner"]))
            drag, view._drag = view._drag, None
            if drag is not None:
                view.select_between(*drag)

        def failed(view: PdfViewer, exc: BaseException) -> None:
            view._drag = None
            view.status.setText(getattr(exc, "message", str(exc)))

        self.bridge.call("viewer.chars", args, owned_by(self, done), owned_by(self, failed))

    def copy_area(self, rect: QRect) -> None:
        """Copy the text inside ``rect`` (canvas pixels) of the page shown to the clipboard."""
        args = {
            "path": self.path,
            "page": self.page,
            "zoom": self.shown_zoom,
            "rect": [rect.x(), rect.y(), rect.width(), rect.height()],
            "size": [self.canvas.image.width(), self.canvas.image.height()],
        }

        def done(view: PdfViewer, result: dict[str, Any]) -> None:
            view.copied = str(result.get("text") or "")
            QApplication.clipboard().setText(view.copied)
            view.status.setText(
                QCoreApplication.translate("PdfViewer", "Copied: {text}").format(
                    text=" ".join(view.copied.split())[:80]
                )
                if view.copied.strip()
                else QCoreApplication.translate("PdfViewer", "No text there.")
            )
            view.textCopied.emit(view.copied)

        def failed(view: PdfViewer, exc: BaseException) -> None:
            view.status.setText(getattr(exc, "message", str(exc)))

        self.bridge.call("viewer.copy", args, owned_by(self, done), owned_by(self, failed))

    # ------------------------------------------------------------------ find

    def close_find(self) -> None:
        """Esc in the find field: the query and its matches go, the page has the keys again."""
        self.find_field.clear()
        self._find_text = ""
        self.matches, self.match = [], -1
        self._paint()
        self.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_next(self, forward: bool = True) -> None:
        """Go to the next (or previous) match of the find field: on this page, else on the next
        page that has one (wrapping around the document)."""
        text = self.find_field.text().strip()
        if not text:
            return
        step = 1 if forward else -1
        after = self.page
        if text != self._find_text:  # a new query: from this page on, this page included
            self._find_text = text
            self.matches, self.match = [], -1
            after = self.page - step
        elif 0 <= self.match + step < len(self.matches):
            self.match += step
            self._paint()
            self._match_in_view()
            self.pageShown.emit(self.page)
            return
        self._seq += 1
        seq = self._seq
        args = {"path": self.path, "query": text, "after": after, "backward": not forward}

        def found(view: PdfViewer, result: dict[str, Any]) -> None:
            if seq != view._seq:
                return
            page = result.get("page")
            if page is None:
                view.status.setText(
                    QCoreApplication.translate("PdfViewer", "No match for “{text}”.").format(
                        text=text
                    )
                )
                return
            view._pending_match = 0 if forward else -1
            view.show_page(int(page))

        def failed(view: PdfViewer, exc: BaseException) -> None:
            if seq == view._seq:
                view.status.setText(getattr(exc, "message", str(exc)))

        self.bridge.call("viewer.find", args, owned_by(self, found), owned_by(self, failed))
