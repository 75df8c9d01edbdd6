"""HTML too deep for lxml, read as a stream of tags: no tree, so no depth limit.

libxml2 stops at 256 levels of nesting (2,048 with XML_PARSE_HUGE) and drops everything after
that point, so a hostile or machine-made page nested 200,000 deep came out as "no text". The
stdlib tokenizer keeps no stack; this module turns its events into the same flat text with
heading marks that ``markup._flatten`` builds from a tree, so sections come out alike.
"""

from __future__ import annotations

from html.parser import HTMLParser

from desktop_app.core.ingest.formats.markup import (
    _BLOCKS,
    _CELLS,
    _H_CLOSE,
    _H_MID,
    _H_OPEN,
    _HEADINGS,
    _LINE_BLOCKS,
    _SKIP,
)
from desktop_app.core.ingest.formats.tables import markdown_rule

__all__ = ["flatten_stream"]

# Elements that never have content or an end tag worth waiting for.
_VOID = frozenset(("br", "hr"))


class _Flattener(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.title: list[str] = []
        self._in_title = False
        self._skipping: list[str] = []  # open skipped elements (script, style, head, ...)
        self._heading: list[str] | None = None
        self._cells_in_row = 0
        # Per open table: rows seen (the first row, with <th> cells or in <thead>, gets the
        # header rule).
        self._tables: list[list[int]] = []
        self._row_th = False
        self._in_thead = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
            return
        if tag == "body":
            self._skipping.clear()  # a <head> never closed ends here
        if self._skipping or tag in _SKIP:
            if tag in _SKIP:
                self._skipping.append(tag)
            return
        level = _HEADINGS.get(tag)
        if level is not None:
            self._close_heading()
            self._heading = []
            self.out.append(f"\n{_H_OPEN}{level}{_H_MID}")
            return
        if tag == "table":
            self._tables.append([0])
        if tag == "thead":
            self._in_thead += 1
        if tag == "tr":
            self._cells_in_row = 0
            self._row_th = self._in_thead > 0
            self.out.append("| ")  # rows as Markdown table rows (formats/tables.py)
        if tag in _CELLS:
            if self._cells_in_row:
                self.out.append(" | ")
            self._cells_in_row += 1
            self._row_th = self._row_th or tag == "th"
        if tag in _BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag == "tr":
            self.out.append(" |")
            if self._tables:
                self._tables[-1][0] += 1
                if self._tables[-1][0] == 1 and self._row_th:
                    self.out.append("\n" + markdown_rule(self._cells_in_row))
        if tag == "thead" and self._in_thead:
            self._in_thead -= 1
        if tag == "table" and self._tables:
            self._tables.pop()
        if tag in _HEADINGS:
            self._close_heading()
        elif tag in _VOID:
            pass  # already set apart at its start tag
        elif tag in _BLOCKS:
            self.out.append("\n\n")
        elif tag in _LINE_BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif self._skipping:
            return
        elif self._heading is not None:
            if text := data.strip():
                self._heading.append(text)
        else:
            self.out.append(data)

    def _close_heading(self) -> None:
        if self._heading is not None:
            self.out.append(f"{' '.join(self._heading)}{_H_CLOSE}\n")
            self._heading = None

    def close(self) -> None:
        super().close()
        self._close_heading()


def flatten_stream(text: str) -> tuple[str, str | None]:
    """Visible text with headings marked, and the document title (as ``markup._flatten``)."""
    parser = _Flattener()
    parser.feed(text)
    parser.close()
    title = " ".join(" ".join(parser.title).split())
    return "".join(parser.out), title or None
