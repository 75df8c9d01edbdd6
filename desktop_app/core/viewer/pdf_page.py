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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ConfigError

__all__ = ["PageImage", "find_passage", "render_page"]

_LOCK = threading.Lock()
_ANCHOR = 60  # characters of each end of a passage that must match when the whole does not
_MAX_ZOOM = 6.0
_MIN_ZOOM = 0.1
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

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the pixels as base64, for the owner channel)."""
        return {
            "page": self.page,
            "pages": self.pages,
            "width": self.width,
            "height": self.height,
            "stride": self.stride,
            "pixels": base64.b64encode(self.pixels).decode("ascii"),
            "boxes": [list(b) for b in self.boxes],
            "pixel_format": self.pixel_format,
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


def _boxes(textpage: Any, span: tuple[int, int], height: float, zoom: float) -> list[Any]:
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
    return [
        (round(x0 * zoom, 1), round((height - y1) * zoom, 1), round((x1 - x0) * zoom, 1),
         round((y1 - y0) * zoom, 1))
        for x0, y0, x1, y1 in lines
    ]  # fmt: skip


def render_page(path: str | Path, page: int, zoom: float = 1.5, passage: str = "") -> PageImage:
    """Page ``page`` (1-based) of the PDF at ``path`` at ``zoom`` (1.0 = 72 dpi), with the boxes
    of ``passage`` on it (none when it is not found there)."""
    import pypdfium2 as pdfium

    zoom = min(max(float(zoom), _MIN_ZOOM), _MAX_ZOOM)
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as exc:
            raise ConfigError(f"Trove cannot open {path} as a PDF ({exc}).") from None
        try:
            count = len(pdf)
            if not 1 <= page <= count:
                raise ConfigError(f"{Path(path).name} has no page {page} (it has {count}).")
            pdf_page = pdf[page - 1]
            height_pt = pdf_page.get_height()
            boxes: list[tuple[float, float, float, float]] = []
            if passage.strip():
                textpage = pdf_page.get_textpage()
                span = find_passage(textpage.get_text_range(), passage)
                if span is not None:
                    boxes = _boxes(textpage, span, height_pt, zoom)
            bitmap = pdf_page.render(scale=zoom, may_draw_forms=True)  # BGR(A), white paper
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            pixels = bytes(bitmap.buffer)
            fmt = bitmap.format
        finally:
            pdf.close()
    return PageImage(page, count, width, height, stride, pixels, boxes, _FORMATS.get(fmt, "BGR"))
