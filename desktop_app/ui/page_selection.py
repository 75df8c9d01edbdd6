"""Selecting text on a rendered page by dragging over it, as in a PDF reader: the units of the
page (its characters, or the lines OCR read) in reading order, each with its box in pixels; a
drag selects every unit from the one under the press to the one under the pointer.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["PageText"]

Box = list[float]  # x, y, w, h in the pixels of the page as shown


class PageText:
    """A page's selectable units and their boxes (an empty box: a generated space or break)."""

    def __init__(self, units: Sequence[str], boxes: Sequence[Sequence[float]], joiner: str) -> None:
        self.units = list(units)
        self.boxes = [[float(v) for v in b] for b in boxes]
        self.joiner = joiner
        self._drawn = [i for i, b in enumerate(self.boxes) if b[2] > 0 and b[3] > 0]

    def hit(self, x: float, y: float) -> int | None:
        """The unit under (or nearest to) the point; None on a page without text."""
        best, best_distance = None, float("inf")
        for i in self._drawn:
            bx, by, bw, bh = self.boxes[i]
            dx = max(bx - x, 0.0, x - (bx + bw))
            dy = max(by - y, 0.0, y - (by + bh))
            distance = dx * dx + dy * dy * 4  # lines are closer across than down
            if distance < best_distance:
                best, best_distance = i, distance
        return best

    def text(self, first: int, last: int) -> str:
        """The units ``first`` to ``last`` (both included) as copied text."""
        text = self.joiner.join(self.units[first : last + 1])
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def boxes_of(self, first: int, last: int) -> list[Box]:
        """The selection's boxes, one per line it covers."""
        lines: list[list[float]] = []
        for i in range(first, last + 1):
            x, y, w, h = self.boxes[i]
            if w <= 0 or h <= 0:
                continue
            if lines:
                lx, ly, lr, lb = lines[-1]
                if y < lb and y + h > ly and x >= lx - 1:  # the same line, further right
                    lines[-1] = [lx, min(ly, y), max(lr, x + w), max(lb, y + h)]
                    continue
            lines.append([x, y, x + w, y + h])
        return [[x0, y0, x1 - x0, y1 - y0] for x0, y0, x1, y1 in lines]
