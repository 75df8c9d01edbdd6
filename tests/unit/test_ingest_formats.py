"""Per-format extraction on documents generated here with the real libraries."""

from __future__ import annotations

import email.utils
from email.message import EmailMessage
from pathlib import Path

import pytest

from desktop_app.core.errors import FileLockedError
from desktop_app.core.ingest.document import Location
from desktop_app.core.ingest.extract import extract
from tests.unit.ingest_samples import make_epub, make_pdf, make_pdf_encrypted

KOREAN = (
    "대한민국의 수도는 서울입니다. 한국어 문서도 올바르게 읽혀야 합니다. "
    "똠방각하와 펲시콜라처럼 확장 완성형 글자도 있습니다.\n"
    "두 번째 줄에는 숫자 2024와 영어 words가 섞여 있습니다.\n"
)


def labels(path: Path) -> list[tuple[str, str]]:
    return [(s.location.label(), s.text) for s in extract(path).sections]


# -- text, markdown, reST, code -------------------------------------------------------------


def test_plain_text_is_one_section_with_its_line_range(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"first line\r\nsecond line\r\nthird\r\n")
    result = extract(path)
    assert result.kind == "text"
    assert result.encoding == "utf-8"
    assert [(s.text, s.location) for s in result.sections] == [
        ("first line\nsecond line\nthird", Location(lines="1-3"))
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "euc-kr", "cp949", "utf-16", "utf-8-sig"])
def test_korean_text_decodes_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    text = KOREAN if encoding != "euc-kr" else KOREAN.replace("똠방각하와 펲시콜라처럼 ", "")
    path = tmp_path / f"korean-{encoding}.txt"
    path.write_bytes(text.encode(encoding))  # "utf-16" writes a BOM
    result = extract(path)
    assert result.sections[0].text == text.rstrip("\n")
    assert result.encoding is not None


def test_utf16_without_bom_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "plain16.txt"
    path.write_bytes("Plain ASCII words in UTF-16 without a BOM.\n".encode("utf-16-le"))
    assert extract(path).sections[0].text == "Plain ASCII words in UTF-16 without a BOM."


def test_legacy_western_encoding(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    sentence = "Grüße aus Köln: die schöne Straße am Rhein ist für Fußgänger gesperrt."
    path.write_bytes(sentence.encode("cp1252"))
    assert extract(path).sections[0].text == sentence


def test_markdown_sections_carry_heading_paths_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    path.write_text(
        "---\ntitle: x\n---\n"  # front matter: lines 1-3
        "Preface text.\n\n"  # 4-5
        "# Intro\n\nHello.\n\n"  # 6-9
        "## Setup\n\nRun `make`.\n\n```\n# not a heading\n```\n\n"  # 10-17
        "Usage *guide*\n=====\n\nUse it.\n",  # 18-21 (setext level 1)
        encoding="utf-8",
    )
    result = extract(path)
    assert result.kind == "markdown"
    got = [(s.location.heading, s.location.lines) for s in result.sections]
    assert got == [
        (None, "1-4"),
        ("Intro", "6-8"),
        ("Intro > Setup", "10-16"),
        ("Usage guide", "18-21"),
    ]
    assert "# not a heading" in result.sections[2].text
    assert result.sections[2].location.label() == "Intro > Setup, lines 10-16"


def test_rst_titles_make_nested_sections(tmp_path: Path) -> None:
    path = tmp_path / "doc.rst"
    path.write_text(
        "=====\nTitle\n=====\n\nIntro.\n\nPart A\n------\n\nText A.\n\nPart B\n------\n\nText B.\n",
        encoding="utf-8",
    )
    got = [(s.location.heading, s.location.lines) for s in extract(path).sections]
    assert got == [("Title", "1-5"), ("Title > Part A", "7-10"), ("Title > Part B", "12-15")]


def test_source_code_is_code_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "tool.py"
    path.write_text("def main():\n    return 1\n", encoding="utf-8")
    result = extract(path)
    assert result.kind == "code"
    assert result.sections[0].location == Location(lines="1-2")


def test_makefile_without_extension_is_code(tmp_path: Path) -> None:
    path = tmp_path / "Makefile"
    path.write_text("all:\n\techo hi\n", encoding="utf-8")
    assert extract(path).kind == "code"


# -- HTML, e-mail -------------------------------------------------------------------------------


def test_html_visible_text_with_heading_paths(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Manual</title><style>p{color:red}</style></head><body>"
        "<script>var hidden = 1;</script><p>Before   the first heading.</p>"
        "<h1>Install</h1><p>Step one.</p><h2>Linux</h2><p>Use apt.</p>"
        "<table><tr><th>OS</th><th>Tool</th></tr><tr><td>Debian</td><td>apt</td></tr></table>"
        "<h1>Use</h1><ul><li>open</li><li>search</li></ul></body></html>",
        encoding="utf-8",
    )
    assert labels(path) == [
        ("Manual", "Manual\n\nBefore the first heading."),
        ("Install", "Install\n\nStep one."),
        ("Install > Linux", "Linux\n\nUse apt.\n\n| OS | Tool |\n| --- | --- |\n| Debian | apt |"),
        ("Use", "Use\n\nopen\nsearch"),
    ]


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "kr.htm"
    body = '<html><head><meta charset="euc-kr"></head><body><h1>안내</h1><p>서울입니다.</p>'
    path.write_bytes(body.encode("euc-kr"))
    result = extract(path)
    assert result.encoding == "euc-kr"
    assert result.sections[0].text == "안내\n\n서울입니다."


def test_eml_header_and_plain_body(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "분기 보고서 초안"
    message["From"] = "Kim <kim@example.com>"
    message["To"] = "team@example.com"
    message["Date"] = email.utils.format_datetime(
        email.utils.parsedate_to_datetime("Mon, 3 Mar 2025 10:00:00 +0900")
    )
    message.set_content("안녕하세요,\n보고서를 첨부합니다.\n")
    message.add_alternative("<p>HTML <b>version</b></p>", subtype="html")
    message.add_attachment(b"%PDF-", maintype="application", subtype="pdf", filename="report.pdf")
    path = tmp_path / "mail.eml"
    path.write_bytes(bytes(message))
    [section] = extract(path).sections
    assert section.location.heading == "분기 보고서 초안"
    assert section.text.splitlines()[:5] == [
        "Subject: 분기 보고서 초안",
        "From: Kim <kim@example.com>",
        "To: team@example.com",
        "Date: Mon, 03 Mar 2025 10:00:00 +0900",
        "Attachments: report.pdf",
    ]
    assert section.text.endswith("안녕하세요,\n보고서를 첨부합니다.")


def test_eml_html_only_body_is_turned_into_text(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "Newsletter"
    message["From"] = "news@example.com"
    message.set_content(
        "<html><body><h2>News</h2><p>Big <i>news</i> today.</p></body></html>", subtype="html"
    )
    path = tmp_path / "news.eml"
    path.write_bytes(bytes(message))
    text = extract(path).sections[0].text
    assert "News\n\nBig news today." in text
    assert "<p>" not in text


# -- PDF --------------------------------------------------------------------------------------


def test_pdf_pages_are_sections_with_outline_headings(tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    path.write_bytes(
        make_pdf(
            [["Chapter one text.", "More (words)."], ["Page two."], ["Chapter two text."]],
            outline=[("One", 0), ("Two", 2)],
        )
    )
    result = extract(path)
    assert result.kind == "pdf"
    assert [(s.location.page, s.location.heading, s.text) for s in result.sections] == [
        (1, "One", "Chapter one text.\nMore (words)."),
        (2, "One", "Page two."),
        (3, "Two", "Chapter two text."),
    ]
    assert result.notes == []
    assert result.sections[0].location.label() == "p. 1, One"


def test_pdf_partly_scanned_keeps_text_pages_and_notes_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(make_pdf([["Typed page."], None, None]))
    result = extract(path)
    assert [s.location.page for s in result.sections] == [1]
    assert result.ocr_pages == (2, 3)  # only those pages wait for OCR
    assert result.notes == ["2 of 3 pages have no text layer (scanned?); they are read by OCR."]


def test_scanned_pdf_lists_every_page_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([None, None]))
    result = extract(path)
    assert result.sections == []
    assert result.ocr_pages == (1, 2)


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(make_pdf_encrypted(b"hunter2"))
    with pytest.raises(FileLockedError, match="password-protected"):
        extract(path)


# -- Office -----------------------------------------------------------------------------------


def test_docx_heading_paths_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Opening words.")
    document.add_heading("Intro", level=1)
    document.add_paragraph("Intro body.")
    document.add_heading("Setup", level=2)
    document.add_paragraph("Setup body.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Name", "Value"), ("alpha", "1")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Next", level=1)
    document.add_paragraph("한국어 문단.")
    path = tmp_path / "report.docx"
    document.save(str(path))
    result = extract(path)
    assert result.kind == "docx"
    assert [(s.location.heading, s.text) for s in result.sections] == [
        (None, "Opening words."),
        ("Intro", "Intro\n\nIntro body."),
        ("Intro > Setup", "Setup\n\nSetup body.\n\n| Name | Value |\n| --- | --- |\n| alpha | 1 |"),
        ("Next", "Next\n\n한국어 문단."),
    ]


def test_pptx_slides_with_titles_and_notes(tmp_path: Path) -> None:
    from pptx import Presentation

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Quarterly results"
    first.placeholders[1].text = "Revenue grew 12%"
    first.notes_slide.notes_text_frame.text = "Mention the new office."
    deck.slides.add_slide(deck.slide_layouts[6])  # blank slide: no text, no section
    third = deck.slides.add_slide(deck.slide_layouts[5])
    third.shapes.title.text = "Next steps"
    path = tmp_path / "deck.pptx"
    deck.save(str(path))
    result = extract(path)
    assert [(s.location.slide, s.location.heading, s.text) for s in result.sections] == [
        (
            1,
            "Quarterly results",
            "Quarterly results\n\nRevenue grew 12%\n\nNotes: Mention the new office.",
        ),
        (3, "Next steps", "Next steps"),
    ]
    assert result.sections[0].location.label() == "slide 1, Quarterly results"


def test_xlsx_sheets_row_ranges_and_cell_values(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Item", "Cost", "Date"])
    sheet.append(["Paper", 12.0, dt.datetime(2025, 3, 1)])
    sheet.append(["Ink", 7.5, None])
    for _ in range(4):
        sheet.append([])
    sheet.append(["Total", 19.5])
    other = book.create_sheet("메모")
    other["B2"] = "참고 사항"
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = extract(path)
    assert [(s.location.label(), s.text) for s in result.sections] == [
        (
            "Budget rows 1-3",
            "| Item | Cost | Date |\n| Paper | 12 | 2025-03-01 |\n| Ink | 7.5 |  |",
        ),
        ("Budget row 8", "Total | 19.5"),
        ("메모 row 2", " | 참고 사항"),
    ]


def test_csv_sniffs_dialect_and_keeps_records_on_one_row(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text('name;city;note\nAnn;Seoul;"two\nlines"\nBo;Busan;ok\n', encoding="utf-8")
    result = extract(path)
    assert [(s.location.label(), s.text) for s in result.sections] == [
        ("rows 1-3", "| name | city | note |\n| Ann | Seoul | two lines |\n| Bo | Busan | ok |")
    ]
    assert result.sections[0].header == "| name | city | note |\n| --- | --- | --- |"


def test_a_long_table_repeats_its_header_in_every_chunk_and_rows_keep_exact_ranges(
    tmp_path: Path,
) -> None:
    from desktop_app.core.ingest.chunker import chunk_sections

    path = tmp_path / "payments.csv"
    rows = [f"Vendor{n},{['March', 'April'][n % 2]},{1000 + n}" for n in range(300)]
    path.write_text("Vendor,Month,Paid\n" + "\n".join(rows) + "\n", encoding="utf-8")
    chunks = chunk_sections(extract(path).sections, 128, 0)
    assert len(chunks) > 5
    for chunk in chunks:
        lines = chunk.text.split("\n")
        assert lines[:2] == ["| Vendor | Month | Paid |", "| --- | --- | --- |"]
        first, _, last = (chunk.location.rows or "").partition("-")
        body = lines[2:]
        assert len(body) == int(last or first) - int(first) + 1 - (first == "1")
        assert chunk.tokens <= 128
    found = next(c for c in chunks if "| Vendor251 | April | 1251 |" in c.text)
    assert found.text.startswith("| Vendor | Month | Paid |")  # the row keeps its column names


def test_odt_headings(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Chapter"))
    document.text.addElement(P(text="Body of the chapter."))
    document.text.addElement(H(outlinelevel=2, text="Detail"))
    document.text.addElement(P(text="세부 내용."))
    path = tmp_path / "doc.odt"
    document.save(str(path))
    assert labels(path) == [
        ("Chapter", "Chapter\n\nBody of the chapter."),
        ("Chapter > Detail", "Detail\n\n세부 내용."),
    ]


def test_rtf_western_and_korean_code_pages(tmp_path: Path) -> None:
    western = tmp_path / "w.rtf"
    western.write_bytes(
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}\f0 Hello \b world\b0.\par "
        rb"Caf\'e9 au lait.\par}"
    )
    korean = tmp_path / "k.rtf"
    korean.write_bytes(
        rb"{\rtf1\ansi\ansicpg949\deff0{\fonttbl{\f0\fcharset129 Gulim;}}\f0 \'c7\'d1\'b1\'db "
        rb"\u54620?\u44544?\par}"
    )
    assert extract(western).sections[0].text == "Hello world.\nCafé au lait."
    assert extract(korean).sections[0].text == "한글 한글"


def test_epub_chapters_in_spine_order_with_toc_titles(tmp_path: Path) -> None:
    path = make_epub(
        tmp_path / "book.epub",
        [
            (
                "Chapter 1: Start",
                "<h1>Chapter 1: Start</h1><p>It begins.</p><h2>Scene</h2><p>Rain.</p>",
            ),
            ("Chapter 2", "<p>No heading here.</p>"),
        ],
    )
    assert labels(path) == [
        ("Chapter 1: Start", "Chapter 1: Start\n\nIt begins."),
        ("Chapter 1: Start > Scene", "Scene\n\nRain."),
        ("Chapter 2", "No heading here."),
    ]


def test_drm_epub_is_locked(tmp_path: Path) -> None:
    path = make_epub(
        tmp_path / "drm.epub", [("One", "<p>x</p>")], encrypted=["OEBPS/text/ch1.xhtml"]
    )
    with pytest.raises(FileLockedError, match="DRM"):
        extract(path)


def test_html_nested_200k_deep_keeps_all_its_text(tmp_path: Path) -> None:
    # libxml2 stops at 256 levels and drops the rest: this page came out as "no text".
    page = (
        "<html><head><title>Manual</title><style>p{color:red}</style></head><body>"
        "<script>var hidden = 1;</script><p>Before   the first heading.</p>"
        + "<div>"
        * 200_000
        + "<h1>Install</h1><p>Step one.</p><h2>Linux</h2><p>Use apt.</p>"
        "<table><tr><th>OS</th><th>Tool</th></tr><tr><td>Debian</td><td>apt</td></tr></table>"
        + "</div>" * 200_000
        + "<h1>Use</h1><ul><li>open</li><li>search</li></ul></body></html>"
    )
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    assert labels(path) == [
        ("Manual", "Manual\n\nBefore the first heading."),
        ("Install", "Install\n\nStep one."),
        ("Install > Linux", "Linux\n\nUse apt.\n\n| OS | Tool |\n| --- | --- |\n| Debian | apt |"),
        ("Use", "Use\n\nopen\nsearch"),
    ]


def test_a_long_docx_table_is_its_own_section_and_every_chunk_has_its_header(
    tmp_path: Path,
) -> None:
    import docx

    from desktop_app.core.ingest.chunker import chunk_sections

    document = docx.Document()
    document.add_heading("Payments", level=1)
    document.add_paragraph("What we paid, by vendor and month.")
    table = document.add_table(rows=61, cols=3)
    for c, name in enumerate(("Vendor", "Month", "Paid")):
        table.cell(0, c).text = name
    for r in range(1, 61):
        for c, value in enumerate((f"Vendor{r}", "March", str(1000 + r))):
            table.cell(r, c).text = value
    path = tmp_path / "payments.docx"
    document.save(str(path))
    sections = extract(path).sections
    assert [s.header for s in sections] == ["", "| Vendor | Month | Paid |\n| --- | --- | --- |"]
    assert sections[1].location.heading == "Payments"
    chunks = chunk_sections(sections[1:], 96, 0)
    assert len(chunks) > 2
    assert all(c.text.startswith("| Vendor | Month | Paid |\n| --- |") for c in chunks)
    assert sum(c.text.count("| March |") for c in chunks) == 60  # every row once


def test_ods_sheets_become_tables_with_repeated_cells_expanded(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Payments")
    for values in (["Vendor", "Month", "Paid"], ["ACME", "March", "1200"], ["Globex", "", "800"]):
        row = TableRow()
        for value in values:
            cell = TableCell()
            if value:
                cell.addElement(P(text=value))
            row.addElement(cell)
        row.addElement(TableCell(numbercolumnsrepeated=16000))  # formatting to the edge
        sheet.addElement(row)
    sheet.addElement(TableRow(numberrowsrepeated=1_000_000))
    document.spreadsheet.addElement(sheet)
    path = tmp_path / "book.ods"
    document.save(str(path))
    result = extract(path)
    assert result.kind == "ods"
    assert [(s.location.label(), s.text) for s in result.sections] == [
        (
            "Payments rows 1-3",
            "| Vendor | Month | Paid |\n| ACME | March | 1200 |\n| Globex |  | 800 |",
        )
    ]
    assert result.sections[0].header.startswith("| Vendor | Month | Paid |")
