"""A page's OCR layer: the lines OCR read off a page image, each with its box on the image.

The catalog keeps them in the OCR'd chunks themselves: such a chunk's location carries one box
per line of its text (``Location.boxes``, shares of the page image, so any zoom maps them). A
page's layer is the union of its chunks' lines (the overlap neighbouring chunks repeat is kept
once). It gives the viewer the cited passage's boxes, find on a page that has no text layer,
and the text inside a dragged rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.core.index.catalog import Catalog
from desktop_app.core.ingest.document import parse_boxes

__all__ = ["OcrLine", "chunk_lines", "lines_matching", "page_layer", "pages_matching", "text_in"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as shares of the page image


@dataclass(frozen=True)
class OcrLine:
    """One line OCR read, and its box on the page image."""

    text: str
    box: Box


def chunk_lines(text: str, location: dict[str, Any]) -> list[OcrLine]:
    """An OCR'd chunk's non-blank lines with their boxes ([] when it has none)."""
    boxes = parse_boxes(location.get("boxes"))
    lines = text.split("\n")
    # A chunk cut just after a line break ends with one empty line more than it has boxes.
    if not boxes or len(lines) not in (len(boxes), len(boxes) + 1):
        return []
    return [
        OcrLine(line.strip(), box) for line, box in zip(lines, boxes, strict=False) if line.strip()
    ]


def page_layer(
    catalog: Catalog, file_id: int, page: int, image_file: bool = False
) -> list[OcrLine]:
    """The OCR'd lines of page ``page`` of a file, in reading order ([] for a page with a text
    layer). An image file's only picture is filed under no page: it is page 1 here."""
    rows = catalog.chunks.ocr_of_page(file_id, page)
    if not rows and image_file and page == 1:
        rows = catalog.chunks.ocr_of_page(file_id, None)
    kept: dict[Box, str] = {}
    for row in rows:
        for line in chunk_lines(row.text, row.location):
            # A chunk that starts mid-line holds only the end of its first line: keep the whole.
            if len(line.text) > len(kept.get(line.box, "")):
                kept[line.box] = line.text
    return [OcrLine(text, box) for box, text in kept.items()]


def lines_matching(lines: list[OcrLine], query: str) -> list[list[Box]]:
    """Each line holding ``query`` (case ignored), as a one-box match."""
    needle = " ".join(query.split()).casefold()
    if not needle:
        return []
    return [[line.box] for line in lines if needle in " ".join(line.text.split()).casefold()]


def text_in(lines: list[OcrLine], rect: Box) -> str:
    """The lines whose box the rectangle ``rect`` (shares of the page) covers at least half the
    height of, one per line."""
    x0, y0, x1, y1 = rect
    out = []
    for line in lines:
        bx0, by0, bx1, by1 = line.box
        overlap = min(y1, by1) - max(y0, by0)
        if min(x1, bx1) > max(x0, bx0) and overlap >= (by1 - by0) / 2:
            out.append(line.text)
    return "\n".join(out)


def pages_matching(catalog: Catalog, file_id: int, query: str) -> set[int]:
    """The pages whose OCR'd text holds ``query`` (case ignored; an image's only page is 1)."""
    needle = " ".join(query.split()).casefold()
    found: set[int] = set()
    if not needle:
        return found
    for row in catalog.chunks.of_file(file_id):
        if row.location.get("ocr") and needle in " ".join(row.text.split()).casefold():
            found.add(int(row.location.get("page") or 1))
    return found
