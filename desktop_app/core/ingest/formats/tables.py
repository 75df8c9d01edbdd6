"""Tables as Markdown: a header row, its ``| --- |`` rule, one line per row.

An embedding model and a chat model both read Markdown tables as tables, and a row line keeps
its cells apart (``| ACME | March | 1,200 |``). When a table is longer than a chunk, its header
travels with every chunk (``Section.header``), so a row found alone still says which column is
which: "what did we pay ACME in March" finds the row, and the answer knows "1,200" is "Paid".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "leading_header",
    "looks_like_header",
    "markdown_row",
    "markdown_rule",
    "markdown_table",
]


_RULE = re.compile(r"^\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")


def leading_header(text: str) -> str:
    """The table header (row and rule) ``text`` starts with, with its line break, or "": what
    the chunker puts atop a chunk cut from a table's rows."""
    row, _, rest = text.partition("\n")
    rule, newline, _ = rest.partition("\n")
    if row.startswith("|") and row.rstrip().endswith("|") and _RULE.match(rule):
        return f"{row}\n{rule}{newline}"
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def markdown_row(cells: Sequence[str], width: int | None = None) -> str:
    """``| a | b |``, padded with empty cells to ``width``."""
    padded = list(cells) + [""] * max(0, (width or 0) - len(cells))
    return "| " + " | ".join(_cell(c) for c in padded) + " |"


def markdown_rule(width: int) -> str:
    """The line under a header row."""
    return "|" + " --- |" * max(1, width)


def looks_like_header(first: Sequence[str], rest: Sequence[Sequence[str]]) -> bool:
    """Whether ``first`` names the columns of ``rest``: every cell filled, none a number, and
    some row below to name."""
    if not rest or len(first) < 2 or not all(c.strip() for c in first):
        return False
    return not any(_is_number(c) for c in first)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("%", "").strip())
    except ValueError:
        return False
    return True


def markdown_table(rows: Sequence[Sequence[str]], header: bool | None = None) -> str:
    """The rows as a Markdown table; the first row is the header when ``header`` says so (a
    table-structure model marked it), or when it looks like one (``None``: guess); else an empty
    header keeps the Markdown valid."""
    rows = [list(r) for r in rows if any(c.strip() for c in r)]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    if header is None:
        header = looks_like_header(rows[0], rows[1:])
    if header and len(rows) > 1:
        head, body = rows[0], rows[1:]
    else:
        head, body = [""] * width, rows
    lines = [markdown_row(head, width), markdown_rule(width)]
    lines += [markdown_row(r, width) for r in body]
    return "\n".join(lines)
