"""One rule for tables of every format: a chunk cut from a table's rows starts with its header.

Real documents of each format are built here, read by their extractors, and chunked small enough
that each table is split over several chunks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core.ingest.chunker import chunk_sections
from desktop_app.core.ingest.document import Location, Section
from desktop_app.core.ingest.extract import extract

HEAD = ["Vendor", "Month", "Paid"]
ROWS = [[f"Vendor{n}", "March", f"{1000 + n}"] for n in range(18)]  # short: inline everywhere
HEADER = "| Vendor | Month | Paid |\n| --- | --- | --- |"


def _html(path: Path) -> Path:
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in ROWS)
    head = "".join(f"<th>{h}</th>" for h in HEAD)
    path = path / "pay.html"
    path.write_text(
        f"<html><body><h1>Payments</h1><p>What we paid.</p><table><tr>{head}</tr>{cells}"
        "</table><p>Checked by finance.</p></body></html>",
        encoding="utf-8",
    )
    return path


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Payments", level=1)
    document.add_paragraph("What we paid.")
    table = document.add_table(rows=len(ROWS) + 1, cols=3)
    for r, row in enumerate([HEAD, *ROWS]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Checked by finance.")
    document.save(str(path / "pay.docx"))
    return path / "pay.docx"


def _pptx(path: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Payments"
    shape = slide.shapes.add_table(len(ROWS) + 1, 3, Inches(1), Inches(1.5), Inches(6), Inches(4))
    for r, row in enumerate([HEAD, *ROWS]):
        for c, value in enumerate(row):
            shape.table.cell(r, c).text = value
    deck.save(str(path / "pay.pptx"))
    return path / "pay.pptx"


def _odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Payments"))
    document.text.addElement(P(text="What we paid."))
    table = Table(name="Pay")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    for row in [HEAD, *ROWS]:
        tr = TableRow()
        for value in row:
            cell = TableCell()
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    document.text.addElement(table)
    document.text.addElement(P(text="Checked by finance."))
    document.save(str(path / "pay.odt"))
    return path / "pay.odt"


@pytest.mark.parametrize("build", [_html, _docx, _pptx, _odt], ids=["html", "docx", "pptx", "odt"])
def test_every_chunk_with_rows_of_a_split_table_has_the_header_above_them(
    tmp_path: Path, build: Callable[[Path], Path]
) -> None:
    sections = extract(build(tmp_path)).sections
    assert any(HEADER in s.text or s.header == HEADER for s in sections)
    chunks = chunk_sections(sections, 64, 8)
    with_rows = [c for c in chunks if "| Vendor1" in c.text]
    assert len(with_rows) >= 3  # the table really is split
    for chunk in with_rows:
        assert HEADER in chunk.text, chunk.text
        assert chunk.text.index(HEADER) < chunk.text.index("| Vendor1"), chunk.text
        assert chunk.tokens <= 64
    # Every row is kept, and the header is not repeated inside one chunk.
    assert all(chunk.text.count("| Vendor | Month |") == 1 for chunk in with_rows)
    seen = {line for c in chunks for line in c.text.splitlines() if line.startswith("| Vendor")}
    assert {f"| Vendor{n} | March | {1000 + n} |" for n in range(18)} <= seen


def test_a_chunk_that_starts_at_the_rule_gets_the_row_above_it() -> None:
    rows = "\n".join(f"| r{n} | {n} |" for n in range(40))
    text = f"Intro line.\n\n| Name | Value |\n| --- | --- |\n{rows}"
    for overlap in (0, 6):
        for chunk in chunk_sections([Section(text, Location(page=1))], 40, overlap):
            lines = chunk.text.splitlines()
            if "| --- | --- |" in lines:
                assert lines[lines.index("| --- | --- |") - 1] == "| Name | Value |"
            if any(line.startswith("| r") for line in lines):
                assert "| Name | Value |" in lines


def test_tables_without_a_header_and_pipes_in_prose_get_nothing_added() -> None:
    rows = "\n".join(f"| r{n} | {n} |" for n in range(40))
    no_header = f"|  |  |\n| --- | --- |\n{rows}"
    prose = "\n".join(f"a | b line {n} with a pipe | in it" for n in range(60))
    for text in (no_header, prose):
        chunks = chunk_sections([Section(text)], 40, 0)
        assert len(chunks) > 2
        joined = "\n".join(c.text for c in chunks)
        assert joined.count("| --- |") == text.count("| --- |")


def test_an_html_thead_row_is_a_header_in_the_tree_and_the_stream_flatteners() -> None:
    from desktop_app.core.ingest.formats.markup import html_sections
    from desktop_app.core.ingest.formats.markup_stream import flatten_stream

    rows = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in ROWS)
    head = "".join(f"<td>{h}</td>" for h in HEAD)
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    page = f"<html><body>{table}</body></html>"
    (section,) = html_sections(page)
    assert section.text.startswith(HEADER + "\n| Vendor0 |")
    assert HEADER in flatten_stream(page)[0]
    plain = page.replace("<thead>", "").replace("</thead>", "")  # no th, no thead: no header
    assert "| --- |" not in html_sections(plain)[0].text
    assert "| --- |" not in flatten_stream(plain)[0]


YEARS = [["2024", "2025"], ["1,200", "1,350"], ["900", "980"]]  # a header of numbers: no guess
YEARS_TABLE = "| 2024 | 2025 |\n| --- | --- |\n| 1,200 | 1,350 |\n| 900 | 980 |"


def test_a_header_row_the_document_marks_is_the_header_though_it_holds_numbers(
    tmp_path: Path,
) -> None:
    import docx
    from docx.oxml import OxmlElement
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import P
    from pptx import Presentation
    from pptx.util import Inches

    def docx_with(marked: bool) -> Path:
        document = docx.Document()
        table = document.add_table(rows=3, cols=2)
        for r, row in enumerate(YEARS):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        if marked:  # Word's "Repeat as header row at the top of each page"
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        path = tmp_path / f"years-{marked}.docx"
        document.save(str(path))
        return path

    def pptx_with(marked: bool) -> Path:
        deck = Presentation()
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        shape = slide.shapes.add_table(3, 2, Inches(1), Inches(1.5), Inches(6), Inches(2))
        for r, row in enumerate(YEARS):
            for c, value in enumerate(row):
                shape.table.cell(r, c).text = value
        shape.table.first_row = marked  # PowerPoint's "Header Row"
        path = tmp_path / f"years-{marked}.pptx"
        deck.save(str(path))
        return path

    def odt_with(marked: bool) -> Path:
        document = OpenDocumentText()
        table = Table(name="Years")
        table.addElement(TableColumn(numbercolumnsrepeated=2))
        for n, values in enumerate(YEARS):
            tr = TableRow()
            for value in values:
                cell = TableCell()
                cell.addElement(P(text=value))
                tr.addElement(cell)
            if n == 0 and marked:
                head = TableHeaderRows()
                head.addElement(tr)
                table.addElement(head)
            else:
                table.addElement(tr)
        document.text.addElement(table)
        path = tmp_path / f"years-{marked}.odt"
        document.save(str(path))
        return path

    for build in (docx_with, pptx_with, odt_with):
        assert YEARS_TABLE in extract(build(True)).text, build.__name__
        assert "|  |  |\n| --- | --- |\n| 2024 | 2025 |" in extract(build(False)).text
