"""Spreadsheets (openpyxl, read-only) and CSV: one line per row, sections carry their row range.

A block whose first row names its columns becomes a Markdown table whose header row is repeated
in every chunk (``formats/tables.py``), so a row found alone keeps its column names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from desktop_app.core.ingest.document import Extracted, Location, Section, format_range
from desktop_app.core.ingest.formats.common import clean_inline, corrupt, empty, open_zip, read_text
from desktop_app.core.ingest.formats.tables import (
    looks_like_header,
    markdown_row,
    markdown_rule,
)

__all__ = ["extract_csv", "extract_ods", "extract_xlsx", "row_sections"]

# More empty rows than this end a block: sheets often hold several tables one under another.
_GAP_ROWS = 2
_CELL_SEP = " | "


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return clean_inline(str(value))


def _row_line(values: Iterable[Any]) -> str:
    cells = [_cell_text(v) for v in values]
    while cells and not cells[-1]:
        cells.pop()
    # The separator inside a cell is escaped, so cells can be told apart again (_cells).
    return _CELL_SEP.join(c.replace("|", "\\|") for c in cells)


def _cells(line: str) -> list[str]:
    parts = re.split(r"(?<!\\) \| ", line)
    return [p.replace("\\|", "|") for p in parts]


def row_sections(rows: Iterable[str], sheet: str | None) -> Iterator[Section]:
    """Group row lines (row 1 first) into blocks split at runs of empty rows.

    Each block's text has exactly one line per row of its range, so chunks get exact row ranges.
    """
    block: list[str] = []
    first = 0
    gap = 0
    number = 0
    for number, line in enumerate(rows, start=1):
        if line:
            if block and gap > _GAP_ROWS:
                yield _block(block, first, sheet)
                block = []
            if not block:
                first = number
            elif gap:
                block.extend([""] * gap)
            block.append(line)
            gap = 0
        elif block:
            gap += 1
    if block:
        yield _block(block, first, sheet)


def _block(lines: list[str], first: int, sheet: str | None) -> Section:
    rows = format_range(first, first + len(lines) - 1)
    location = Location(sheet=sheet, rows=rows)
    head = _cells(lines[0])
    body = [_cells(line) for line in lines[1:] if line]
    if not looks_like_header(head, body):
        return Section("\n".join(lines), location)
    width = max(len(head), *(len(r) for r in body))
    # One line per row still (a blank row stays blank): chunks keep exact row ranges.
    table = [markdown_row(head, width)]
    table += [markdown_row(_cells(line), width) if line else "" for line in lines[1:]]
    header = markdown_row(head, width) + "\n" + markdown_rule(width)
    return Section("\n".join(table), location, header)


def extract_xlsx(path: Path) -> Extracted:
    """An Excel workbook: per sheet, cached cell values joined by " | ", row ranges kept."""
    import openpyxl

    with open_zip(path, "Excel") as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise corrupt(path, "Excel", "xl/workbook.xml is missing")
    # openpyxl warns about every workbook feature it drops (data validation, conditional
    # formatting...), none of which affects the text; the warnings would only be noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
            raise corrupt(path, "Excel", type(exc).__name__) from None
        try:
            sections: list[Section] = []
            for sheet in book.worksheets:
                if not hasattr(sheet, "iter_rows"):
                    continue  # chart sheets
                lines = (_row_line(r) for r in sheet.iter_rows(min_row=1, values_only=True))
                sections.extend(row_sections(lines, sheet.title))
        finally:
            book.close()
    if not sections:
        raise empty(path)
    return Extracted("xlsx", sections, None)


def extract_csv(path: Path) -> Extracted:
    """A CSV/TSV file: dialect sniffed; a row is a record (quoted newlines stay in its row)."""
    text, encoding = read_text(path)
    sample = text[:65536]
    default: type[csv.Dialect] = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    dialect: Any
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = default
    try:
        rows = [_row_line(record) for record in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise corrupt(path, "CSV", str(exc)) from None
    sections = list(row_sections(rows, None))
    if not sections:
        raise empty(path)
    return Extracted("csv", sections, encoding)


# A row or cell repeated more than this is formatting to the sheet's edge, not data.
_MAX_REPEAT = 1000


def _ods_rows(table: Any) -> Iterator[str]:
    """Row lines of one ODS sheet, repeated rows and cells expanded (trailing empties dropped)."""
    from odf import teletype
    from odf.namespaces import TABLENS

    for row in table.getElementsByType(_ods_type("TableRow")):
        cells: list[str] = []
        for cell in row.childNodes:
            if getattr(cell, "qname", None) not in (
                (TABLENS, "table-cell"),
                (TABLENS, "covered-table-cell"),
            ):
                continue
            text = clean_inline(teletype.extractText(cell))
            repeat = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
            cells.extend([text] * min(repeat, _MAX_REPEAT))
        line = _row_line(cells)
        repeat = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
        for _ in range(min(repeat, _MAX_REPEAT)):
            yield line


def _ods_type(name: str) -> Any:
    from odf import table

    return getattr(table, name)


def extract_ods(path: Path) -> Extracted:
    """An OpenDocument spreadsheet: per sheet, cell texts as rows, like a workbook."""
    from xml.parsers.expat import ExpatError

    from odf.opendocument import load

    with open_zip(path, "OpenDocument spreadsheet") as archive:
        if "content.xml" not in archive.namelist():
            raise corrupt(path, "OpenDocument spreadsheet", "content.xml is missing")
    try:
        document = load(str(path))
    except (ExpatError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise corrupt(path, "OpenDocument spreadsheet", type(exc).__name__) from None
    sections: list[Section] = []
    for table in document.spreadsheet.getElementsByType(_ods_type("Table")):
        name = table.getAttribute("name")
        sections.extend(row_sections(_ods_rows(table), str(name) if name else None))
    if not sections:
        raise empty(path)
    return Extracted("ods", sections, None)
