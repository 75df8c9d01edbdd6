"""What the viewer shows of one page of an indexed PDF or image: the page rendered, the cited
passage's boxes, find matches, and the text of a dragged rectangle.

A page with a text layer is searched by PDFium (``pdf_page``). A page read by OCR (a scanned
PDF page, an image file) has no text to search there: its boxes come from its OCR layer
(``ocr_layer``), drawn over the page image OCR read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from desktop_app.core.errors import ConfigError
from desktop_app.core.fsnames import on_disk
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.records import ChunkRow, FileRow
from desktop_app.core.viewer import ocr_layer, pdf_page
from desktop_app.core.viewer.image_page import is_image, render_image
from desktop_app.core.viewer.pdf_page import PageImage

__all__ = ["copy_text", "find_page", "page_units", "page_view"]


def _indexed(catalog: Catalog, path: str) -> FileRow:
    row = catalog.files.file(path)
    if row is None:  # the viewer shows indexed files, nothing else
        raise ConfigError(f"{path} is not an indexed file.")
    return row


def _pixels(box: ocr_layer.Box, image: PageImage) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    w, h = image.width, image.height
    return (round(x0 * w, 1), round(y0 * h, 1), round((x1 - x0) * w, 1), round((y1 - y0) * h, 1))


def page_view(
    catalog: Catalog,
    path: str,
    page: int,
    zoom: float = 1.5,
    passage: str = "",
    chunk_id: int | None = None,
    find: str = "",
) -> PageImage:
    """Page ``page`` of ``path`` at ``zoom`` with the boxes of ``passage`` (else of chunk
    ``chunk_id``'s text) and of each match of ``find``."""
    row = _indexed(catalog, path)
    cited: ChunkRow | None = None
    if chunk_id is not None:
        cited = catalog.chunks.by_id([chunk_id]).get(chunk_id)
        cited = cited if cited is not None and cited.path == path else None
    image_file = is_image(path)
    if image_file:
        image = render_image(on_disk(path), page, zoom)
    else:
        text = passage or (cited.text if cited is not None else "")
        image = pdf_page.render_page(on_disk(path), page, zoom, text, find)
    layer = ocr_layer.page_layer(catalog, row.id, image.page, image_file)
    if not layer:
        unboxed = (
            cited is not None
            and bool(cited.location.get("ocr"))
            and int(cited.location.get("page") or 1) == image.page
        )
        return replace(image, ocr_unboxed=unboxed) if unboxed else image
    boxes = image.boxes
    if not boxes and cited is not None and int(cited.location.get("page") or 1) == image.page:
        boxes = [
            _pixels(line.box, image) for line in ocr_layer.chunk_lines(cited.text, cited.location)
        ]
    matches = image.matches + [
        [_pixels(box, image) for box in match] for match in ocr_layer.lines_matching(layer, find)
    ]
    return replace(image, boxes=boxes, matches=matches)


def copy_text(
    catalog: Catalog,
    path: str,
    page: int,
    zoom: float,
    rect: tuple[float, float, float, float],
    size: tuple[float, float] | None = None,
) -> str:
    """The text inside ``rect`` (x, y, w, h in the pixels of the page rendered at ``zoom``,
    ``size`` pixels big): the text layer's, else the OCR'd lines the rectangle covers."""
    row = _indexed(catalog, path)
    image_file = is_image(path)
    text = "" if image_file else pdf_page.text_in(on_disk(path), page, zoom, rect)
    if text.strip() or size is None or min(size) <= 0:
        return text
    x, y, w, h = rect
    share = (x / size[0], y / size[1], (x + w) / size[0], (y + h) / size[1])
    return ocr_layer.text_in(ocr_layer.page_layer(catalog, row.id, page, image_file), share)


def find_page(
    catalog: Catalog, path: str, query: str, after: int, backward: bool = False
) -> int | None:
    """The first page after (or before) ``after`` that has ``query`` in its text layer or its
    OCR'd text, wrapping around; None when no page has it."""
    row = _indexed(catalog, path)
    ocr_pages = ocr_layer.pages_matching(catalog, row.id, query)
    if not is_image(path):
        return pdf_page.find_page(on_disk(path), query, after, backward, also=ocr_pages)
    if not ocr_pages:
        return None
    ordered = sorted(ocr_pages, reverse=backward)
    later = [p for p in ordered if (p < after if backward else p > after)]
    return (later or ordered)[0]


def page_units(
    catalog: Catalog, path: str, page: int, zoom: float, size: tuple[float, float]
) -> dict[str, Any]:
    """What a drag on the page selects, in order: its characters (``joiner`` ""), else on a
    page read by OCR its lines (``joiner`` a line break), each with its box in the pixels of
    the page rendered at ``zoom`` (``size`` pixels big)."""
    row = _indexed(catalog, path)
    image_file = is_image(path)
    if not image_file:
        chars, boxes = pdf_page.page_chars(on_disk(path), page, zoom)
        if any(ch.strip() for ch in chars):
            return {"units": chars, "boxes": [list(b) for b in boxes], "joiner": ""}
    width, height = size
    lines = ocr_layer.page_layer(catalog, row.id, page, image_file)
    return {
        "units": [line.text for line in lines],
        "boxes": [
            [x0 * width, y0 * height, (x1 - x0) * width, (y1 - y0) * height]
            for x0, y0, x1, y1 in (line.box for line in lines)
        ],
        "joiner": "\n",
    }
