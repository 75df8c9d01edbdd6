"""DOCX and PPTX read straight from their XML: what python-docx/python-pptx made is read back
with its structure (merged cells, breaks, reading order, inherited positions, pictures)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.errors import CorruptFileError
from desktop_app.core.ingest.extract import extract
from desktop_app.core.ingest.formats.embedded import embedded_images


def _png(width: int, height: int) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def _rewrite(path: Path, name: str, edit: object) -> None:
    """Replace one part of a zip package with ``edit(old_bytes)``."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts[name] = edit(parts[name])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for part, data in parts.items():
            out.writestr(part, data)


# -- DOCX -------------------------------------------------------------------------------------


def test_docx_runs_breaks_tabs_and_hyperlinks_read_as_text(tmp_path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement

    document = docx.Document()
    paragraph = document.add_paragraph("first")
    run = paragraph.add_run(" line")
    run.add_break()
    paragraph.add_run("second")
    paragraph.add_run().add_tab()
    paragraph.add_run("tabbed")
    paragraph.add_run().add_break(WD_BREAK.PAGE)  # a page break is not text
    link, link_run, link_text = (OxmlElement(t) for t in ("w:hyperlink", "w:r", "w:t"))
    link_text.text = " linked words"
    link_run.append(link_text)
    link.append(link_run)
    paragraph._p.append(link)
    path = tmp_path / "runs.docx"
    document.save(str(path))
    assert [s.text for s in extract(path).sections] == ["first line\nsecond\ttabbed linked words"]


def test_docx_merged_cells_are_read_once_across_and_repeated_down(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([("Region", "Q1", "Q2"), ("North", "10", "11"), ("", "12", "13")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))  # "North" covers two rows
    table.cell(3, 0).merge(table.cell(3, 2)).text = "Total 46"  # one cell across the row
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert extract(path).sections[0].text == (
        "| Region | Q1 | Q2 |\n| --- | --- | --- |\n"
        "| North | 10 | 11 |\n| North | 12 | 13 |\n| Total 46 |  |  |"
    )


def test_docx_outline_level_and_localised_style_names_make_headings(tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    styles = document.styles
    german = styles.add_style("Überschrift 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Einleitung", style=german)
    document.add_paragraph("Text eins.")
    outlined = document.add_paragraph("Unterpunkt")
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "1")
    outlined._p.get_or_add_pPr().append(level)
    document.add_paragraph("Text zwei.")
    path = tmp_path / "de.docx"
    document.save(str(path))
    assert [s.location.heading for s in extract(path).sections] == [
        "Einleitung",
        "Einleitung > Unterpunkt",
    ]


def test_docx_styles_are_not_mixed_up_between_documents_of_different_templates(
    tmp_path: Path,
) -> None:
    """Resolved styles are kept per styles part: a changed part is resolved afresh."""
    import docx

    def save(path: Path) -> Path:
        document = docx.Document()
        document.add_paragraph("Chapter", style="Heading 1")
        document.add_paragraph("Body.")
        document.save(str(path))
        return path

    plain = save(tmp_path / "plain.docx")
    renamed = save(tmp_path / "renamed.docx")
    # The second template calls that style something that is not a heading.
    _rewrite(
        renamed,
        "word/styles.xml",
        lambda xml: xml.replace(b'w:styleId="Heading1"', b'w:styleId="Quote1"').replace(
            b'<w:name w:val="heading 1"/>', b'<w:name w:val="Quote"/>'
        ),
    )
    _rewrite(renamed, "word/document.xml", lambda xml: xml.replace(b'"Heading1"', b'"Quote1"'))
    assert [s.location.heading for s in extract(plain).sections] == ["Chapter"]
    assert [s.location.heading for s in extract(renamed).sections] == [None]
    assert [s.location.heading for s in extract(plain).sections] == ["Chapter"]


def test_docx_with_a_damaged_document_part_is_corrupt(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "broken.docx"
    docx.Document().save(str(path))
    _rewrite(path, "word/document.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(CorruptFileError, match="damaged or is not a valid Word file"):
        extract(path)


def test_docx_entities_are_never_expanded(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "entity.docx"
    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    document.save(str(path))
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    doctype = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
    _rewrite(
        path,
        "word/document.xml",
        lambda xml: xml.replace(b"?>", b"?>" + doctype, 1).replace(b"PLACEHOLDER", b"a &x; b"),
    )
    text = "\n".join(s.text for s in extract(path).sections)
    assert "top secret" not in text


# -- PPTX -------------------------------------------------------------------------------------


def test_pptx_reading_order_uses_positions_inherited_from_the_layout(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])  # title at the top, body below
    slide.placeholders[1].text = "Body text"
    slide.shapes.title.text = "The title"
    note = slide.shapes.add_textbox(Inches(1), Inches(7), Inches(3), Inches(0.5))
    note.text_frame.text = "Footnote box"
    banner = slide.shapes.add_textbox(Inches(1), Inches(0.1), Inches(3), Inches(0.3))
    banner.text_frame.text = "Banner above the title"
    path = tmp_path / "order.pptx"
    deck.save(str(path))
    (section,) = extract(path).sections
    assert section.location.heading == "The title"
    assert section.text.split("\n\n") == [
        "Banner above the title",
        "The title",
        "Body text",
        "Footnote box",
    ]


def test_pptx_groups_tables_and_line_breaks(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    group = slide.shapes.add_group_shape()
    lower = group.shapes.add_textbox(Inches(1), Inches(3), Inches(2), Inches(1))
    lower.text_frame.text = "group lower"
    upper = group.shapes.add_textbox(Inches(1), Inches(2), Inches(2), Inches(1))
    upper.text_frame.text = "group upper"
    paragraph = upper.text_frame.add_paragraph()
    paragraph.text = "line one"
    paragraph.add_line_break()
    paragraph.add_run().text = "line two"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(5), Inches(4), Inches(1)).table
    for r, row in enumerate([("Name", "Owner"), ("Alpha", "Kim")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "shapes.pptx"
    deck.save(str(path))
    (section,) = extract(path).sections
    assert section.text.split("\n\n") == [
        "group upper\nline one\vline two",
        "group lower",
        "| Name | Owner |\n| --- | --- |\n| Alpha | Kim |",
    ]


def test_pptx_picture_put_into_a_placeholder_is_listed_for_ocr(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[8])  # "Picture with Caption"
    first.shapes.title.text = "Whiteboard"
    picture_box = next(p for p in first.placeholders if "PICTURE" in str(p.placeholder_format.type))
    picture_box.insert_picture(_png(600, 400))
    second = deck.slides.add_slide(deck.slide_layouts[6])
    second.shapes.add_picture(_png(16, 16), Inches(1), Inches(1))  # an icon: too small
    second.shapes.add_picture(_png(500, 500), Inches(3), Inches(1))
    path = tmp_path / "pictures.pptx"
    deck.save(str(path))
    assert extract(path).ocr_pages == (1, 3)
    listed = embedded_images(path, "pptx")  # the OCR pass numbers them the same way
    assert [loc.slide for loc, _ in listed] == [1, 2, 2]
    assert [Image.open(io.BytesIO(blob)).size for _, blob in listed] == [
        (600, 400),
        (16, 16),
        (500, 500),
    ]


def test_docx_pictures_are_numbered_the_same_in_both_passes(tmp_path: Path) -> None:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_paragraph("Cover letter.")
    document.add_picture(_png(700, 900), width=Inches(4))
    document.add_picture(_png(20, 20), width=Inches(0.2))
    path = tmp_path / "scan.docx"
    document.save(str(path))
    pictures = embedded_images(path, "docx")
    sizes = [Image.open(io.BytesIO(blob)).size for _, blob in pictures]
    assert extract(path).ocr_pages == tuple(i + 1 for i, s in enumerate(sizes) if s[0] > 100)
    assert sorted(sizes) == [(20, 20), (700, 900)]


def test_pptx_with_a_damaged_slide_is_corrupt(tmp_path: Path) -> None:
    from pptx import Presentation

    deck = Presentation()
    for title in ("One", "Two"):
        deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = title
    path = tmp_path / "deck.pptx"
    deck.save(str(path))
    damaged = tmp_path / "damaged.pptx"
    shutil.copy(path, damaged)
    _rewrite(damaged, "ppt/slides/slide2.xml", lambda xml: xml[:40])
    with pytest.raises(CorruptFileError, match="PowerPoint"):
        extract(damaged)
    assert [s.location.heading for s in extract(path).sections] == ["One", "Two"]
