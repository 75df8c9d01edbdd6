"""Running page headers and footers of paged documents (PDF): repeated lines at the page edges.

"Chapter 3: Objects, their modes and attributes 15" on top of every page of a chapter is not
content: indexed, it makes every page of the chapter match the chapter's words equally. A line
at the top or bottom edge of a page is dropped when the same line, page numbers aside, sits at
that edge of at least ``MIN_PAGES`` pages, or of two when it carries a page number at one end
(book layouts alternate headers, so a short chapter shows its own on two pages only); a bare
page number there ("15", "iv") is dropped too. A table-of-contents page (most lines end in dot
leaders and a page number) is dropped whole: it repeats every heading of the document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["EDGE_LINES", "MIN_PAGES", "strip_running_lines"]

EDGE_LINES = 2  # lines looked at on each edge of a page
MIN_PAGES = 3  # a line repeated on this many pages' edges is page furniture
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$")
_NUMBERED = re.compile(r"^\d{1,4}\s|\s\d{1,4}$")
_PAGE_NUMBER = re.compile(r"(?i)(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:/|of)\s*\d{1,4})?")


def _shape(line: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", line)).strip()


def _edges(lines: list[str]) -> tuple[list[int], list[int]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES], filled[::-1][:EDGE_LINES]


def strip_running_lines(pages: Sequence[str]) -> list[str]:
    """Each page's text without the running headers, footers and page numbers at its edges."""
    split = [page.split("\n") for page in pages]
    # Counted per position from the edge: furniture sits at the same place on every page.
    top: Counter[tuple[int, str]] = Counter()
    bottom: Counter[tuple[int, str]] = Counter()
    for lines in split:
        head, tail = _edges(lines)
        top.update({(n, _shape(lines[i])) for n, i in enumerate(head)})
        bottom.update({(n, _shape(lines[i])) for n, i in enumerate(tail)})
    out = []
    for lines in split:
        filled = [line for line in lines if line.strip()]
        if len(filled) >= 5 and sum(1 for x in filled if _LEADER.search(x)) * 5 >= len(filled) * 3:
            out.append("")  # a table of contents
            continue
        head, tail = _edges(lines)
        drop: set[int] = set()
        for indexes, counts in ((head, top), (tail, bottom)):
            for n, i in enumerate(indexes):  # from the edge inwards, up to the first content
                line = lines[i].strip()
                needed = 2 if _NUMBERED.search(line) else MIN_PAGES
                if counts[n, _shape(line)] >= needed or _PAGE_NUMBER.fullmatch(line):
                    drop.add(i)
                else:
                    break
        if len(drop) == sum(1 for line in lines if line.strip()):
            drop = set()  # never empty a page: a one-line page is content, whatever it repeats
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out
