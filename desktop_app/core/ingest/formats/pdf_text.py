"""A PDF page's text layer as words with boxes, and its text with tables put in as Markdown.

PDFium keeps a page's characters in content order, each with a box in PDF points (origin at the
bottom left). Boxes here are normalized to the page (0-1 from the top-left), as the detection
NIMs give theirs, so a table found on the rendered page picks its words from the text layer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from desktop_app.core.nim.detection import Box
from desktop_app.core.ocr.table_grid import PageTable, Word, inside

__all__ = ["PageTable", "page_text_with_tables", "page_words"]

_BLANK_RUNS = re.compile(r"[ \t]*(?:\r?\n[ \t]*){3,}")


def _chars(textpage: Any, bbox: tuple[float, float, float, float]) -> list[tuple[str, Box | None]]:
    """Each character and its normalized box (None for characters PDFium generated: the spaces
    and line breaks it inferred, which have no box)."""
    import pypdfium2.raw as raw

    left, bottom, right, top = bbox
    width, height = max(right - left, 1e-6), max(top - bottom, 1e-6)
    out: list[tuple[str, Box | None]] = []
    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage, i)
        char = chr(code) if 0 < code < 0x110000 else ""
        if raw.FPDFText_IsGenerated(textpage, i) == 1:
            out.append((char, None))
            continue
        x0, y0, x1, y1 = textpage.get_charbox(i)
        out.append(
            (
                char,
                Box(
                    (x0 - left) / width,
                    (top - y1) / height,
                    (x1 - left) / width,
                    (top - y0) / height,
                ),
            )
        )
    return out


def page_words(textpage: Any, bbox: tuple[float, float, float, float]) -> list[Word]:
    """The page's words (runs of characters between spaces, or apart by more than a space)."""
    words: list[Word] = []
    text = ""
    boxes: list[Box] = []

    def close() -> None:
        nonlocal text, boxes
        if text.strip() and boxes:
            words.append(
                Word(
                    text.strip(),
                    min(b.x_min for b in boxes),
                    min(b.y_min for b in boxes),
                    max(b.x_max for b in boxes),
                    max(b.y_max for b in boxes),
                )
            )
        text, boxes = "", []

    for char, box in _chars(textpage, bbox):
        if box is None or not char.strip():
            close()
            continue
        if boxes:
            last = boxes[-1]
            size = max(last.y_max - last.y_min, box.y_max - box.y_min)
            # Cells set side by side with no space between them are still two words.
            if box.x_min - last.x_max > size * 0.6 or abs(box.y_min - last.y_min) > size:
                close()
        text += char
        boxes.append(box)
    close()
    return words


def page_text_with_tables(
    textpage: Any, bbox: tuple[float, float, float, float], tables: Sequence[PageTable]
) -> str:
    """The page's text in its own order, each table's characters replaced by its Markdown (put
    where the table's first character was)."""
    chars = _chars(textpage, bbox)
    where: list[int | None] = []  # the table each character belongs to
    for _, box in chars:
        if box is None:  # a generated space or break goes with what it follows
            where.append(where[-1] if where else None)
            continue
        centre = box.centre
        where.append(next((k for k, t in enumerate(tables) if inside(centre, t.box)), None))
    parts: list[str] = []
    written: set[int] = set()
    start = 0
    for i in range(len(chars) + 1):
        table = where[i] if i < len(chars) else -1
        if i < len(chars) and table is None:
            continue
        if start < i:
            parts.append(textpage.get_text_range(start, i - start))
        start = i + 1
        if table is not None and table >= 0 and table not in written:
            written.add(table)
            parts.append(f"\n\n{tables[table].markdown}\n\n")
    return _BLANK_RUNS.sub("\n\n", "".join(parts))
