"""A table's rows from the table-structure NIM's geometry and the words on the page.

The table-structure model returns boxes, not text (reference/nim-ocr.md §3.2): ``row`` and
``column`` boxes (and ``cell``, ``header``, ``border``) relative to the table crop. As nv-ingest
does with OCR words, each word on the page (from the PDF's text layer, or OCR for a scan) whose
centre lies in the table goes to the row and the column its centre falls in (or the nearest one),
and a cell's words are joined in reading order. The Markdown is written by the caller with
``ingest/formats/tables.py``, the one place that writes tables for every format.

Pure and deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.nim.detection import Box
from desktop_app.core.nim.ocr import Detection
from desktop_app.core.ocr.reading_order import reading_order

__all__ = [
    "PageTable",
    "Word",
    "detection_words",
    "inside",
    "table_rows",
    "text_with_tables",
    "to_page",
]


@dataclass(frozen=True)
class Word:
    """A word and its box on the page, normalized (0-1 from the top-left)."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x_min + self.x_max) / 2, (self.y_min + self.y_max) / 2)


@dataclass(frozen=True)
class PageTable:
    """A table found on a page: its box (normalized) and its Markdown."""

    box: Box
    markdown: str


def detection_words(detection: Detection) -> list[Word]:
    """An OCR detection's words, each given its share of the box by its share of the letters
    (OCR joins a line or a paragraph; a table needs each cell's words)."""
    parts = detection.text.split()
    total = sum(len(p) for p in parts) + max(0, len(parts) - 1)
    width = detection.x_max - detection.x_min
    out, offset = [], 0
    for part in parts:
        x0 = detection.x_min + width * offset / max(total, 1)
        offset += len(part)
        x1 = detection.x_min + width * offset / max(total, 1)
        offset += 1
        out.append(Word(part, x0, detection.y_min, x1, detection.y_max))
    return out


def text_with_tables(detections: Sequence[Detection], tables: Sequence[PageTable]) -> str:
    """An OCR'd page's text in reading order, each table's text replaced by its Markdown (put
    before the first line below the table's top)."""

    def centre(d: Detection) -> tuple[float, float]:
        return ((d.x_min + d.x_max) / 2, (d.y_min + d.y_max) / 2)

    outside = [d for d in detections if not any(inside(centre(d), t.box) for t in tables)]
    pending = sorted(tables, key=lambda t: (t.box.y_min, t.box.x_min))
    out: list[str] = []
    for line in reading_order(outside):
        top = min(d.y_min for d in line)
        while pending and pending[0].box.y_min <= top:
            out.append(f"\n{pending.pop(0).markdown}\n")
        out.append(" ".join(d.text for d in line))
    out += [f"\n{t.markdown}\n" for t in pending]
    return "\n".join(out).strip()


def to_page(box: Box, crop: Box) -> Box:
    """A box given relative to ``crop`` (itself on the page), relative to the page."""
    w, h = crop.x_max - crop.x_min, crop.y_max - crop.y_min
    return Box(
        crop.x_min + box.x_min * w,
        crop.y_min + box.y_min * h,
        crop.x_min + box.x_max * w,
        crop.y_min + box.y_max * h,
        box.confidence,
    )


def inside(point: tuple[float, float], box: Box) -> bool:
    """Whether ``point`` lies in ``box``."""
    return box.x_min <= point[0] <= box.x_max and box.y_min <= point[1] <= box.y_max


def _slot(value: float, spans: Sequence[tuple[float, float]]) -> int:
    """The span holding ``value``, else the nearest one."""
    for i, (lo, hi) in enumerate(spans):
        if lo <= value <= hi:
            return i
    return min(
        range(len(spans)), key=lambda i: min(abs(value - spans[i][0]), abs(value - spans[i][1]))
    )


def _spans(boxes: Sequence[Box], vertical: bool) -> list[tuple[float, float]]:
    """The rows' (y) or columns' (x) extents, in order, overlapping ones merged."""
    raw = sorted((b.y_min, b.y_max) if vertical else (b.x_min, b.x_max) for b in boxes)
    out: list[tuple[float, float]] = []
    for lo, hi in raw:
        if out and lo < (out[-1][0] + out[-1][1]) / 2:  # the same row or column found twice
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def table_rows(
    structure: dict[str, list[Box]], crop: Box, words: Sequence[Word], table: Box | None = None
) -> tuple[list[list[str]], bool] | None:
    """The table's cell texts row by row, and whether its first row is a header the model
    marked; None when the structure has no rows or columns (the table stays plain text).
    ``structure`` is relative to ``crop`` (the image sent); the words in ``table`` (default: the
    crop) are the table's."""
    table = table or crop
    rows = _spans([to_page(b, crop) for b in structure.get("row", [])], vertical=True)
    columns = _spans([to_page(b, crop) for b in structure.get("column", [])], vertical=False)
    if not rows or not columns:
        return None
    grid: list[list[list[Word]]] = [[[] for _ in columns] for _ in rows]
    for word in words:
        x, y = word.centre
        if inside((x, y), table):
            grid[_slot(y, rows)][_slot(x, columns)].append(word)
    texts = [
        [
            " ".join(w.text for w in sorted(cell, key=lambda w: (round(w.y_min, 3), w.x_min)))
            for cell in row
        ]
        for row in grid
    ]
    headers = [to_page(b, crop) for b in structure.get("header", [])]
    first = rows[0]
    marked = any(h.y_min <= (first[0] + first[1]) / 2 <= h.y_max for h in headers)
    return texts, marked
