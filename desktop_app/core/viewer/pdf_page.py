"""A PDF page rendered with PDFium (pypdfium2, which Trove already ships) and a passage's
characters found on it as highlight boxes.

PDFium is not thread-safe: every call here holds one lock (the extraction workers, the other
PDFium users, run in their own processes). A passage is found by its words, whitespace ignored:
the index keeps a page's text after clean-up (running headers dropped, lines joined), so the whole
passage may not appear as one run; then its first and last 60 characters bound it.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ConfigError

__all__ = ["PageImage", "find_page", "find_passage", "page_chars", "render_page", "text_in"]

_LOCK = threading.Lock()
_ANCHOR = 60  # characters of each end of a passage that must match when the whole does not
_MAX_ZOOM = 6.0
_MIN_ZOOM = 0.1
_MAX_MATCHES = 500  # per page
# PDFium's bitmap formats (FPDFBitmap_BGR = 2, BGRx = 3, BGRA = 4).
_FORMATS = {2: "BGR", 3: "BGRx", 4: "BGRA"}


@dataclass(frozen=True)
class PageImage:
    """One rendered page: BGRA pixels, the passage's boxes in pixels, the document's page count."""

    page: int  # 1-based
    pages: int
    width: int
    height: int
    stride: int
    pixels: bytes
    boxes: list[tuple[float, float, float, float]]  # x, y, w, h in pixels, top-left origin
    pixel_format: str = "BGR"  # "BGR" (3 bytes) or "BGRA"/"BGRx" (4 bytes)
    matches: list[list[tuple[float, float, float, float]]] = field(default_factory=list)
    # The cited passage was read by OCR before Trove kept its lines' boxes (nothing to draw).
    ocr_unboxed: bool = False

    def to_dict(self, raw: bool = False) -> dict[str, Any]:
        """JSON-ready form, the pixels as base64 (for the owner channel); with ``raw`` the pixels
        stay bytes (in-process: encoding 10-20 MB would hold the GIL the window needs)."""
        return {
            "page": self.page,
            "pages": self.pages,
            "width": self.width,
            "height": self.height,
            "stride": self.stride,
            "pixels": self.pixels if raw else base64.b64encode(self.pixels).decode("ascii"),
            "boxes": [list(b) for b in self.boxes],
            "pixel_format": self.pixel_format,
            "matches": [[list(b) for b in m] for m in self.matches],
            "ocr_unboxed": self.ocr_unboxed,
        }


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` casefolded with whitespace runs as one space and PDFium's marks dropped, and for
    each of its characters the index in ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    space = True
    for i, ch in enumerate(text):
        if ch in "\ufffe\ufeff\x00\x02":
            continue
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        out.append(ch.casefold())
        where.append(i)
        space = False
    return "".join(out), where


def find_passage(page_text: str, passage: str) -> tuple[int, int] | None:
    """The character range ``[start, end)`` of ``passage`` in ``page_text``, or None."""
    hay, where = _normalised(page_text)
    needle, _ = _normalised(passage)
    needle = needle.strip()
    if not needle or not hay:
        return None
    at = hay.find(needle)
    if at >= 0:
        return where[at], where[at + len(needle) - 1] + 1
    head, tail = needle[:_ANCHOR].strip(), needle[-_ANCHOR:].strip()
    first = hay.find(head)
    if first < 0:
        return None
    last = hay.find(tail, first)
    end = last + len(tail) if last >= 0 else first + len(head)
    return where[first], where[end - 1] + 1


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Geometry:
    """How page space (points, origin bottom-left, before /Rotate) maps to the rendered pixels."""

    left: float
    bottom: float
    width: float  # of the rendered (crop) box, before rotation
    height: float
    rotation: int  # clockwise degrees: 0, 90, 180, 270
    zoom: float

    def pixels(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        """A page-space rectangle as (x, y, w, h) in pixels from the rendered image's top-left."""
        corners = []
        for x, y in ((x0, y0), (x1, y1)):
            u, v = x - self.left, self.bottom + self.height - y  # top-left origin, unrotated
            if self.rotation == 90:
                u, v = self.height - v, u
            elif self.rotation == 180:
                u, v = self.width - u, self.height - v
            elif self.rotation == 270:
                u, v = v, self.width - u
            corners.append((u * self.zoom, v * self.zoom))
        (a, b), (c, d) = corners
        x, y = min(a, c), min(b, d)
        return (round(x, 1), round(y, 1), round(abs(c - a), 1), round(abs(d - b), 1))

    def point(self, px: float, py: float) -> tuple[float, float]:
        """A pixel of the rendered image as a point in page space (``pixels`` inverted)."""
        big_u, big_v = px / self.zoom, py / self.zoom
        if self.rotation == 90:
            u, v = big_v, self.height - big_u
        elif self.rotation == 180:
            u, v = self.width - big_u, self.height - big_v
        elif self.rotation == 270:
            u, v = self.width - big_v, big_u
        else:
            u, v = big_u, big_v
        return self.left + u, self.bottom + self.height - v


def _boxes(textpage: Any, span: tuple[int, int], geometry: _Geometry) -> list[Box]:
    """One box per line of the span's characters, in pixels from the top-left."""
    lines: list[list[float]] = []
    for i in range(span[0], span[1]):
        left, bottom, right, top = textpage.get_charbox(i)
        if right <= left or top <= bottom:
            continue  # a generated space or line break has no box
        last = lines[-1] if lines else None
        if last is not None and bottom < last[3] and top > last[1] and left >= last[0] - 1:
            last[0], last[1] = min(last[0], left), min(last[1], bottom)
            last[2], last[3] = max(last[2], right), max(last[3], top)
        else:
            lines.append([left, bottom, right, top])
    return [geometry.pixels(*line) for line in lines]


def _matches(textpage: Any, query: str, geometry: _Geometry) -> list[list[Box]]:
    """Every match of ``query`` on the page (case ignored), each as its boxes."""
    out: list[list[Box]] = []
    searcher = textpage.search(query, match_case=False)
    try:
        while (found := searcher.get_next()) is not None and len(out) < _MAX_MATCHES:
            start, count = found
            out.append(_boxes(textpage, (start, start + count), geometry))
    finally:
        searcher.close()
    return out


def find_page(
    path: str | Path,
    query: str,
    after: int,
    backward: bool = False,
    also: Collection[int] = (),
) -> int | None:
    """The first page after (or before) page ``after`` that has ``query``, wrapping around; None
    when no page has it. Pages in ``also`` have it too (their OCR'd text does)."""
    import pypdfium2 as pdfium

    if not query.strip():
        return None
    with _LOCK:
        pdf = _open(pdfium, path)
        try:
            count = len(pdf)
            step = -1 if backward else 1
            for k in range(1, count + 1):
                index = (after - 1 + step * k) % count
                if index + 1 in also:
                    return index + 1
                textpage = pdf[index].get_textpage()
                searcher = textpage.search(query, match_case=False)
                try:
                    if searcher.get_next() is not None:
                        return index + 1
                finally:
                    searcher.close()
            return None
        finally:
            pdf.close()


def text_in(
    path: str | Path, page: int, zoom: float, rect: tuple[float, float, float, float]
) -> str:
    """The text inside ``rect`` (x, y, w, h in the pixels of the page rendered at ``zoom``)."""
    with _opened_page(path, page, zoom) as (pdf_page, geometry, _):
        x, y, w, h = rect
        (ax, ay), (bx, by) = geometry.point(x, y), geometry.point(x + w, y + h)
        textpage = pdf_page.get_textpage()
        text = textpage.get_text_bounded(
            left=min(ax, bx), bottom=min(ay, by), right=max(ax, bx), top=max(ay, by)
        )
        return str(text).translate(_MARKS).replace("\r\n", "\n")


def page_chars(path: str | Path, page: int, zoom: float) -> tuple[list[str], list[Box]]:
    """The page's characters in PDFium's order (the content's reading order) with their boxes
    in the pixels of the page rendered at ``zoom``; a generated space or line break has an
    empty box (0, 0, 0, 0)."""
    with _opened_page(path, page, zoom) as (pdf_page, geometry, _):
        textpage = pdf_page.get_textpage()
        text = str(textpage.get_text_range())
        boxes: list[Box] = []
        for i in range(len(text)):
            x0, y0, x1, y1 = textpage.get_charbox(i)
            empty = x1 <= x0 or y1 <= y0
            boxes.append((0.0, 0.0, 0.0, 0.0) if empty else geometry.pixels(x0, y0, x1, y1))
        return _chars(text), boxes


def _chars(text: str) -> list[str]:
    """Each character as it should be copied (PDFium's marks: a soft hyphen, none)."""
    return [ch.translate(_MARKS) for ch in text]


_MARKS = str.maketrans({"\ufffe": None, "\x02": "-", "\x00": None, "\ufeff": None})


@contextmanager
def _opened_page(path: str | Path, page: int, zoom: float) -> Iterator[tuple[Any, _Geometry, int]]:
    """Page ``page`` (1-based) of the PDF at ``path``, its geometry at ``zoom`` and the page
    count, under the PDFium lock (PDFium is not thread-safe); the document is closed after."""
    import pypdfium2 as pdfium

    with _LOCK:
        pdf = _open(pdfium, path)
        try:
            count = len(pdf)
            if not 1 <= page <= count:
                raise ConfigError(f"{Path(path).name} has no page {page} (it has {count}).")
            pdf_page = pdf[page - 1]
            # The box pdfium renders (the crop box, else the media box), inherited from the page
            # tree when the page has none: get_mediabox() gives US Letter then, so every box of
            # an A4 page written that way (LaTeX's, for one) was drawn 50 points too high.
            left, bottom, right, top = pdf_page.get_bbox()
            rotation = pdf_page.get_rotation() % 360
            yield (
                pdf_page,
                _Geometry(left, bottom, right - left, top - bottom, rotation, zoom),
                count,
            )
        finally:
            pdf.close()


def _open(pdfium: Any, path: str | Path) -> Any:
    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise ConfigError(f"Trove cannot open {path} as a PDF ({exc}).") from None


def render_page(
    path: str | Path, page: int, zoom: float = 1.5, passage: str = "", find: str = ""
) -> PageImage:
    """Page ``page`` (1-based) of the PDF at ``path`` at ``zoom`` (1.0 = 72 dpi), with the boxes
    of ``passage`` on it (none when it is not found there) and of each match of ``find``."""
    zoom = min(max(float(zoom), _MIN_ZOOM), _MAX_ZOOM)
    with _opened_page(path, page, zoom) as (pdf_page, geometry, count):
        boxes: list[Box] = []
        matches: list[list[Box]] = []
        if passage.strip() or find.strip():
            textpage = pdf_page.get_textpage()
            span = find_passage(textpage.get_text_range(), passage) if passage else None
            if span is not None:
                boxes = _boxes(textpage, span, geometry)
            if find.strip():
                matches = _matches(textpage, find.strip(), geometry)
        bitmap = pdf_page.render(scale=zoom, may_draw_forms=True)  # BGR(A), white paper
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        pixels = bytes(bitmap.buffer)
        fmt = bitmap.format
    return PageImage(
        page, count, width, height, stride, pixels, boxes, _FORMATS.get(fmt, "BGR"), matches
    )
