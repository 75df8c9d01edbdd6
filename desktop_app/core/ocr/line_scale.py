"""How much to enlarge a page's text lines before RapidOCR's recognizer reads them.

The recognizer reads each detected line stretched to 48 px high with a bilinear resize. Lines
detected smaller than that (11 pt text scanned at 150-200 dpi comes out ~30-35 px) are blurred
by that stretch, and the recognizer then loses the spaces between Latin words ("Invoice2041
fromACME") or reads them as dots. Cutting each line out of the page already enlarged, with a
bicubic warp, to about the height the recognizer reads keeps them (docs/benchmarks-ocr.md).
Only the line crops are enlarged, never the page: memory grows with a line, not with a page.

Pure arithmetic here (no OpenCV) so it is testable without the ``ocr`` extra.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

__all__ = [
    "MAX_CROP_PIXELS",
    "MAX_PAGE_CROP_PIXELS",
    "MAX_UPSCALE",
    "TARGET_LINE_PX",
    "capped",
    "crop_size",
    "line_height",
    "line_upscale",
]

Quad = Sequence[Sequence[float]]  # four (x, y) corners: top-left, top-right, bottom-right, ...

# The height RapidOCR's PP-OCR recognizer reads a line at (rec_img_shape [3, 48, 320]).
TARGET_LINE_PX = 48
# Past 3x a line is too small to hold letters worth reading, and enlarging cannot add detail.
MAX_UPSCALE = 3.0
# Below this factor the recognizer's own resize does as well: the page reads as it always did.
MIN_UPSCALE = 1.15
# One enlarged line crop at most (~6 MB as RGB), however wide the page or tall the line.
MAX_CROP_PIXELS = 2_000_000
# All of a page's enlarged crops together (~120 MB as RGB; RapidOCR copies them once more):
# a huge photo of dense small print must stay well within the OCR worker's memory cap.
MAX_PAGE_CROP_PIXELS = 40_000_000


def crop_size(quad: Quad) -> tuple[int, int]:
    """(width, height) of a detected line's box, measured along its own edges (a rotated
    line's box is a rotated rectangle), as RapidOCR cuts it."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    width = max(math.dist((x0, y0), (x1, y1)), math.dist((x3, y3), (x2, y2)))
    height = max(math.dist((x0, y0), (x3, y3)), math.dist((x1, y1), (x2, y2)))
    return int(width), int(height)


def line_height(quad: Quad) -> int:
    """A line's height as the recognizer reads it: RapidOCR turns a box at least 1.5 times as
    tall as wide (a vertical line) on its side, so its width is then the height."""
    width, height = crop_size(quad)
    return width if height >= 1.5 * width else height


def line_upscale(quads: Sequence[Quad]) -> float:
    """The factor to enlarge this page's lines by: the page's median line height brought up
    to ``TARGET_LINE_PX``, within [1, ``MAX_UPSCALE``]; 1.0 when its lines are tall enough.

    The median, not each line's own height, so one page's body text is enlarged alike and a
    heading (taller) or a stray speck (shorter) does not set the scale. Vertical boxes (a
    column of CJK characters, a rotated label) are measured across (``line_height``). All the
    page's crops together stay within ``MAX_PAGE_CROP_PIXELS``."""
    heights = [h for h in map(line_height, quads) if h > 0]
    if not heights:
        return 1.0
    factor = TARGET_LINE_PX / statistics.median(heights)
    if factor < MIN_UPSCALE:
        return 1.0
    area = sum(w * h for w, h in map(crop_size, quads))
    room = math.sqrt(MAX_PAGE_CROP_PIXELS / max(1, area))
    return max(1.0, min(factor, MAX_UPSCALE, room))


def capped(factor: float, width: int, height: int) -> float:
    """``factor``, lowered so that one ``width`` x ``height`` crop enlarged by it stays within
    ``MAX_CROP_PIXELS`` (never below 1: the crop as detected)."""
    area = width * height * factor * factor
    if area <= MAX_CROP_PIXELS:
        return factor
    return max(1.0, math.sqrt(MAX_CROP_PIXELS / max(1, width * height)))
