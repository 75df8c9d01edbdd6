"""A document's structure for the viewer, rebuilt from its chunks: headings, slides, sheets as
tables, a mail's headers, and running text, each block marking whether it holds the cited
passage.

Blocks are plain dicts (they cross the owner channel as JSON):

- ``{"kind": "heading", "text", "level"}``: one per heading level that changes;
- ``{"kind": "text", "text", "cited", "page"}``: running text (``page`` when the place has one);
- ``{"kind": "slide", "number", "title", "text", "cited"}``;
- ``{"kind": "table", "title", "header", "rows": [{"row", "cells"}], "cited": [first, last]}``:
  a sheet (or a CSV file), rows numbered as in the file, the cited chunk's rows given;
- ``{"kind": "mail", "headers": [[name, value], ...]}``, before the mail's body.

A sheet's chunks each repeat the table's header and rule and cover a range of rows
(``Location.rows``), so its rows are put back by number, each once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from desktop_app.core.index.records import ChunkRow
from desktop_app.core.ingest.document import parse_range

__all__ = ["SHEET_KINDS", "document_blocks", "is_rule", "row_cells", "table_runs"]

SHEET_KINDS = frozenset({"xlsx", "ods", "csv"})
_MAIL_HEADER = re.compile(r"^(Subject|From|To|Cc|Date|Attachments): (.*)$")
_RULE = re.compile(r"^\|( *:?-{3,}:? *\|)+$")
_SPLIT = re.compile(r"(?<!\\) \| ")


def row_cells(line: str) -> list[str]:
    """A row line's cells: ``| a | b |`` (Markdown) or ``a | b`` (a sheet without a header)."""
    line = line.strip()
    if line.startswith("| ") and line.endswith(" |"):
        line = line[2:-2]
    elif line in ("|", "||"):
        return [""]
    return [cell.replace("\\|", "|").strip() for cell in _SPLIT.split(line)]


def is_rule(line: str) -> bool:
    """Whether ``line`` is the ``| --- | --- |`` line under a Markdown table's header."""
    return _RULE.match(line.strip()) is not None


def table_runs(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs of prose and of Markdown table lines (``| a | b |``), in order:
    ``(is_table, run)``; a run keeps its lines joined by line breaks."""
    runs: list[tuple[bool, list[str]]] = []
    for line in text.split("\n"):
        stripped = line.strip()
        is_row = len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|")
        if runs and runs[-1][0] == is_row:
            runs[-1][1].append(line)
        else:
            runs.append((is_row, [line]))
    return [(is_table, "\n".join(lines)) for is_table, lines in runs]


def _sheet_rows(chunk: ChunkRow) -> tuple[list[str] | None, dict[int, list[str]]]:
    """One sheet chunk's header cells (None: the table has none) and its rows by number."""
    lines = chunk.text.split("\n")
    try:
        first, last = parse_range(str(chunk.location.get("rows") or ""))
    except ValueError:
        return None, {}
    header: list[str] | None = None
    body = lines
    if len(lines) >= 2 and _RULE.match(lines[1].strip()):
        header = row_cells(lines[0])
        body = lines[2:]
        if len(body) == last - first:  # the chunk starts at the header row itself
            body = [lines[0], *body]
    rows = {first + i: row_cells(line) for i, line in enumerate(body) if line.strip()}
    return header, rows


def _tables(chunks: Sequence[ChunkRow], cited: int | None) -> list[dict[str, Any]]:
    """One table block per sheet, in the order the sheets come."""
    tables: dict[str, dict[str, Any]] = {}
    for index, chunk in enumerate(chunks):
        sheet = str(chunk.location.get("sheet") or "")
        table = tables.setdefault(
            sheet, {"kind": "table", "title": sheet, "header": [], "rows": {}, "cited": None}
        )
        header, rows = _sheet_rows(chunk)
        if header and not table["header"]:
            table["header"] = header
        for number, cells in rows.items():
            table["rows"].setdefault(number, cells)
        if index == cited and rows:
            table["cited"] = [min(rows), max(rows)]
    out = []
    for table in tables.values():
        ordered = sorted(table["rows"].items())
        if table["header"] and ordered and ordered[0][1] == table["header"]:
            ordered = ordered[1:]  # the header row is shown as the header
        table["rows"] = [{"row": number, "cells": cells} for number, cells in ordered]
        out.append(table)
    return out


def _headings(previous: list[str], heading: str | None) -> tuple[list[str], list[dict[str, Any]]]:
    """The heading path now, and a block for each level that changed."""
    path = heading.split(" > ") if heading else []
    same = 0
    while same < min(len(path), len(previous)) and path[same] == previous[same]:
        same += 1
    blocks = [
        {"kind": "heading", "text": title, "level": level + 1}
        for level, title in enumerate(path)
        if level >= same
    ]
    return path, blocks


def _without_title(text: str, title: str) -> str:
    """``text`` without its first line when that line is the heading shown above it."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.lstrip("#").strip() == title.strip() else text


def _mail(text: str) -> tuple[list[list[str]], str]:
    """A mail's header lines (as the extractor wrote them) and the text after them."""
    lines = text.split("\n")
    headers = []
    for line in lines:
        found = _MAIL_HEADER.match(line)
        if found is None:
            break
        headers.append([found.group(1), found.group(2)])
    return headers, "\n".join(lines[len(headers) :]).strip("\n")


def document_blocks(
    kind: str, chunks: Sequence[ChunkRow], texts: Sequence[str], cited: int | None
) -> list[dict[str, Any]]:
    """The blocks of a document of ``kind`` from its chunks in order; ``texts`` are their texts
    with the overlap the chunker repeats removed, ``cited`` the cited chunk's index."""
    if kind in SHEET_KINDS:
        return _tables(chunks, cited)
    blocks: list[dict[str, Any]] = []
    path: list[str] = []
    for index, (chunk, text) in enumerate(zip(chunks, texts, strict=True)):
        location = chunk.location
        is_cited = index == cited
        slide = location.get("slide")
        if kind == "pptx" and isinstance(slide, int):
            last = blocks[-1] if blocks else None
            if last is not None and last["kind"] == "slide" and last["number"] == slide:
                last["text"] += "\n" + text
                last["cited"] = last["cited"] or is_cited
            else:
                title = str(location.get("heading") or "")
                body = text
                if title and body.startswith(title):  # the title shape is read first
                    body = body[len(title) :].lstrip("\n")
                blocks.append(
                    {
                        "kind": "slide",
                        "number": slide,
                        "title": title,
                        "text": body,
                        "cited": is_cited,
                    }
                )
            continue
        if kind == "eml":  # its heading is the subject, among the headers
            if index == 0:
                headers, text = _mail(text)
                if headers:
                    blocks.append({"kind": "mail", "headers": headers})
        else:
            path, headings = _headings(path, location.get("heading"))
            blocks.extend(headings)
            if headings:
                text = _without_title(text, headings[-1]["text"])
        page = location.get("page")
        blocks.append(
            {
                "kind": "text",
                "text": text,
                "cited": is_cited,
                "page": int(page) if isinstance(page, int) else None,
            }
        )
    return blocks
