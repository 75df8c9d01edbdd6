"""Put a page's OCR detections in reading order: lines, then columns.

OCR NIMs return detections in no documented order, and NVIDIA's own client re-sorts them by y,
then x (reference/nim-ocr.md §3.1). That alone interleaves the two columns of a newsletter, so:

1. detections are grouped into **lines**: a detection whose vertical centre lies within half a
   line height of a line's centre joins it (slightly rotated scans stay one line);
2. each line's **gutters** are its wide horizontal gaps (wider than ``gutter``, page-relative);
3. consecutive lines that share a gutter form a **column block**, read column by column (each
   top to bottom) when its columns hold running text (wide parts); narrow parts are table cells,
   and a table reads row by row. A line without gutters (a title across the page) ends the block
   and is read on its own. Within a line, detections read left to right.

Pure and deterministic: the input order never changes the output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.nim.ocr import Detection

__all__ = ["GUTTER", "Box", "page_lines", "page_text", "reading_order"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1, page-relative (0-1) from the top-left

# A gap wider than this share of the page width separates columns (a word space is ~1%).
GUTTER = 0.04
# A column of running text is at least this wide (page-relative); table cells are narrower.
TEXT_COLUMN = 0.2


@dataclass
class _Line:
    items: list[Detection]
    centre: float
    height: float

    @property
    def top(self) -> float:
        return min(d.y_min for d in self.items)


def _centre(d: Detection) -> float:
    return (d.y_min + d.y_max) / 2


def _lines(detections: Sequence[Detection]) -> list[_Line]:
    heights = [d.y_max - d.y_min for d in detections]
    typical = median(heights) if heights else 0.0
    lines: list[_Line] = []
    for d in sorted(detections, key=lambda d: (_centre(d), d.x_min, d.text)):
        height = max(d.y_max - d.y_min, typical * 0.5, 1e-6)
        line = lines[-1] if lines else None
        if line is not None and abs(_centre(d) - line.centre) <= max(line.height, height) / 2:
            line.items.append(d)
            n = len(line.items)
            line.centre += (_centre(d) - line.centre) / n
            line.height = max(line.height, height)
        else:
            lines.append(_Line([d], _centre(d), height))
    for line in lines:
        line.items.sort(key=lambda d: (d.x_min, d.y_min, d.text))
    return lines


def _gutters(line: _Line, gutter: float) -> list[tuple[float, float]]:
    """The gaps wider than ``gutter`` between this line's detections, as (left, right) spans."""
    out = []
    reach = line.items[0].x_max
    for d in line.items[1:]:
        if d.x_min - reach > gutter:
            out.append((reach, d.x_min))
        reach = max(reach, d.x_max)
    return out


def _shared(spans: list[tuple[float, float]], others: list[tuple[float, float]]) -> list[tuple]:
    """The parts of ``spans`` that some span of ``others`` overlaps."""
    out = []
    for left, right in spans:
        for o_left, o_right in others:
            lo, hi = max(left, o_left), min(right, o_right)
            if hi > lo:
                out.append((lo, hi))
    return out


def _read_block(lines: list[_Line], cuts: list[tuple[float, float]]) -> list[list[Detection]]:
    """The lines of a column block, column by column; ``cuts`` are the shared gutters."""
    bounds = sorted((left + right) / 2 for left, right in cuts)
    columns: list[list[list[Detection]]] = [[] for _ in range(len(bounds) + 1)]
    for line in lines:
        parts: list[list[Detection]] = [[] for _ in columns]
        for d in line.items:
            x = (d.x_min + d.x_max) / 2
            parts[sum(1 for b in bounds if x > b)].append(d)
        for column, part in zip(columns, parts, strict=True):
            if part:
                column.append(part)
    widths = [
        median(max(d.x_max for d in part) - min(d.x_min for d in part) for part in column)
        for column in columns
        if column
    ]
    if len(widths) < 2 or min(widths) < TEXT_COLUMN:
        return [line.items for line in lines]  # a table (or a ragged line): row by row
    return [line for column in columns for line in column]


def reading_order(detections: Iterable[Detection], gutter: float = GUTTER) -> list[list[Detection]]:
    """The page's lines in reading order, each a left-to-right list of detections."""
    lines = _lines(list(detections))
    out: list[list[Detection]] = []
    block: list[_Line] = []
    cuts: list[tuple[float, float]] = []
    for line in lines:
        spans = _gutters(line, gutter)
        shared = _shared(cuts, spans) if block else spans
        if spans and shared:
            block.append(line)
            cuts = shared
            continue
        if block:
            out.extend(_read_block(block, cuts))
        block, cuts = ([line], spans) if spans else ([], [])
        if not spans:
            out.append(line.items)
    if block:
        out.extend(_read_block(block, cuts))
    return out


def page_lines(detections: Iterable[Detection], gutter: float = GUTTER) -> list[tuple[str, Box]]:
    """The page's lines of text in reading order, each with the box around its detections
    (the viewer draws these over the page image)."""
    out: list[tuple[str, Box]] = []
    for line in reading_order(detections, gutter):
        text = " ".join(d.text for d in line).replace("\n", " ").strip()
        if text:
            box = (
                min(d.x_min for d in line),
                min(d.y_min for d in line),
                max(d.x_max for d in line),
                max(d.y_max for d in line),
            )
            out.append((text, box))
    return out


def page_text(detections: Iterable[Detection], gutter: float = GUTTER) -> str:
    """The page's text: one line per line of text, in reading order."""
    return "\n".join(text for text, _ in page_lines(detections, gutter))
