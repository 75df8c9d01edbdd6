"""Word documents read straight from their XML (heading paths, tables as Markdown).

The document part is streamed (``Package.iterparse``): each top-level paragraph or table is
read as it ends and then dropped, so a long document never sits in memory as a whole tree.
Text is read as python-docx reads it (runs and hyperlinks; tabs, breaks and no-break hyphens),
headings from the paragraph style (resolved once per document) or the outline level.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.core.ingest.document import Extracted
from desktop_app.core.ingest.formats.common import SectionBuilder, clean_inline, corrupt, empty
from desktop_app.core.ingest.formats.embedded import docx_pictures, readable_images
from desktop_app.core.ingest.formats.ooxml import Package
from desktop_app.core.ingest.formats.tables import markdown_table

__all__ = ["extract_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC = W + "body", W + "p", W + "tbl", W + "tr", W + "tc"
_R, _HYPERLINK, _T, _VAL = W + "r", W + "hyperlink", W + "t", W + "val"
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
_BR = W + "br"
_HEADING_STYLE = re.compile(r"^(?:heading|\w*berschrift|titre|título|titolo|제목)\s*(\d)$", re.I)


def _style_level(name: str, style_id: str) -> int | None:
    """1-based heading depth a paragraph style stands for (English or localised name, or id)."""
    for text in (name, style_id):
        if text.lower() == "title":
            return 1
        match = _HEADING_STYLE.match(text.replace("Heading", "Heading "))
        if match:
            return int(match.group(1)) + 1  # "Title" sits above "Heading 1"
    return None


def _on(value: str | None) -> bool:
    return value in ("1", "true", "on")


class _StyleLevels:
    """Heading depth per paragraph style id, resolved once per styles part (styles.xml)."""

    def __init__(self, styles: Any | None) -> None:
        self.levels: dict[str, int | None] = {}
        self.default: int | None = None
        self.known = styles is not None
        if styles is None:
            return
        for style in styles.iterchildren(W + "style"):
            kind, style_id = style.get(W + "type"), style.get(W + "styleId")
            name_el = style.find(W + "name")
            name = (name_el.get(_VAL) if name_el is not None else None) or ""
            if (kind or "paragraph") == "paragraph" and style_id:
                self.levels[style_id] = _style_level(name, style_id)
            if kind == "paragraph" and _on(style.get(W + "default")):
                self.default = _style_level(name, style_id or "")  # the last default wins

    def of(self, style_id: str | None) -> int | None:
        """The depth of a paragraph's style (unknown or missing ids mean the default)."""
        if not self.known and style_id:
            return _style_level("", style_id)  # no styles part: Word's built-in ids
        if style_id is None or style_id not in self.levels:
            return self.default
        return self.levels[style_id]


# Documents made from one template share their styles part byte for byte, and parsing it is most
# of the work for a short document (python-docx's own template: 350 KB, 7 ms): resolved styles
# are kept per (CRC-32, size) of the part, for the worker's life.
_STYLES_CACHE: dict[tuple[int, int], _StyleLevels] = {}
_STYLES_CACHE_SIZE = 64


def _styles(package: Package, main: str) -> _StyleLevels:
    part = package.related(main, "styles")
    if part is None:
        return _StyleLevels(None)
    key = package.fingerprint(part)
    styles = _STYLES_CACHE.get(key)
    if styles is None:
        styles = _StyleLevels(package.xml(part))
        if len(_STYLES_CACHE) >= _STYLES_CACHE_SIZE:
            del _STYLES_CACHE[next(iter(_STYLES_CACHE))]
        _STYLES_CACHE[key] = styles
    return styles


def _run_text(run: Any) -> Iterator[str]:
    for child in run:
        tag = child.tag
        if tag == _T:
            yield child.text or ""
        elif tag == _BR:
            yield "\n" if child.get(W + "type") in (None, "textWrapping") else ""
        else:
            text = _RUN_TEXT.get(tag)
            if text is not None:
                yield text


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    for child in paragraph:
        if child.tag == _R:
            parts.extend(_run_text(child))
        elif child.tag == _HYPERLINK:
            for run in child.iterchildren(_R):
                parts.extend(_run_text(run))
    return "".join(parts)


def _heading_level(paragraph: Any, styles: _StyleLevels) -> int | None:
    """1-based heading depth from the style (English or localised name, or style id) or outline."""
    ppr = paragraph.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    level = styles.of(style.get(_VAL) if style is not None else None)
    if level is not None:
        return level
    lvl = ppr.find(W + "outlineLvl") if ppr is not None else None  # set on the paragraph itself
    if lvl is not None:
        value = lvl.get(_VAL)
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 2
    return None


def _grid_span(tc: Any) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    value = span.get(_VAL) if span is not None else None
    return int(value) if value is not None and value.isdigit() and int(value) > 0 else 1


def _continues_above(tc: Any) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _table_markdown(table: Any) -> str:
    """The table as Markdown (header row, rule, rows). A cell merged across columns is read
    once; one merged down rows repeats the text of its top cell in every row it covers. A first
    row marked to repeat on every page (``w:tblHeader``) is the header; otherwise it is guessed."""
    rows: list[list[str]] = []
    first = table.find(_TR)
    marked = first is not None and first.find(f"{W}trPr/{W}tblHeader") is not None
    if marked:
        value = first.find(f"{W}trPr/{W}tblHeader").get(_VAL, "true")
        marked = value not in ("0", "false", "off")
    above: dict[int, int] = {}  # grid column -> id of the cell whose text fills it, last row
    texts: dict[int, str] = {}
    ids = itertools.count()
    for tr in table.iterchildren(_TR):
        before = tr.find(f"{W}trPr/{W}gridBefore")
        offset = int(before.get(_VAL, "0")) if before is not None else 0
        here: dict[int, int] = {}
        cells: list[str] = []
        previous: int | None = None
        for tc in tr.iterchildren(_TC):
            origin = above.get(offset) if _continues_above(tc) else None
            if origin is None:
                origin = next(ids)
                lines = [_paragraph_text(p) for p in tc.iterchildren(_P)]
                texts[origin] = clean_inline("\n".join(lines))
            here[offset] = origin
            offset += _grid_span(tc)
            if origin != previous:
                cells.append(texts[origin])
            previous = origin
        above = here
        rows.append(cells)
    return markdown_table(rows, header=True if marked else None)


def extract_docx(path: Path) -> Extracted:
    """A Word document: sections cut at Title/Heading paragraphs; tables as Markdown tables."""
    with Package(path, "Word") as package:
        main = package.main_part("word/document.xml")
        if not package.has(main):
            raise corrupt(path, "Word", "word/document.xml is missing")
        styles = _styles(package, main)
        builder = SectionBuilder()
        for element in package.iterparse(main, (_P, _TBL)):
            body = element.getparent()
            if body is None or body.tag != _BODY:
                continue  # a paragraph inside a table (read with it) or a text box
            if element.tag == _TBL:
                builder.add_table(_table_markdown(element))
            else:
                text = _paragraph_text(element)
                level = _heading_level(element, styles)
                if level is not None and text.strip():
                    builder.heading_at(level, text)
                else:
                    builder.add(text)
            # Done with it: drop it and what came before, so memory stays flat.
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del body[0]
        sections = builder.finish()
        pictures = readable_images(docx_pictures(package, main))
    if not sections and not pictures:
        raise empty(path)
    return Extracted("docx", sections, None, ocr_pages=pictures)
