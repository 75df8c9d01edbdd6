"""Trove's text viewer lays out a document's structure: a sheet as a table with the cited rows
tinted, slides with their numbers, a contents list that jumps to each place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop_app.ui.plain_text import escaped
from desktop_app.ui.text_viewer import TextViewer
from tests.gui.test_pdf_viewer import FakeOpener
from tests.integration.test_viewer_structure import make_samples

WAIT = 20000


def _viewer(qtbot, bridge, folder: Path, name: str, word: str) -> TextViewer:
    engine = bridge.engine
    row = engine.catalog.files.file(str(folder / name))
    chunk = next(c for c in engine.catalog.chunks.of_file(row.id) if word in c.text)
    viewer = TextViewer(bridge, FakeOpener(), str(folder / name), chunk.id)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.wait_until(lambda: viewer.passage_range is not None, timeout=WAIT)
    return viewer


def test_sheets_slides_and_contents(qtbot, bridge, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    make_samples(folder)
    bridge.engine.add_folder(str(folder))
    bridge.engine.index(vectors=False)

    sheet = _viewer(qtbot, bridge, folder, "people.csv", "Person250 ")
    start, _ = sheet.passage_range
    cursor = QTextCursor(sheet.text.document())
    cursor.setPosition(start)
    table = cursor.currentTable()
    assert table is not None and table.columns() == 4  # row number + three columns
    assert table.cellAt(0, 1).firstCursorPosition().block().text() == "Name"
    cell = table.cellAt(cursor)
    assert cell.format().background().color().alpha() > 0  # the cited rows, tinted
    assert table.cellAt(1, 0).firstCursorPosition().block().text() == "2"
    assert table.cellAt(1, 1).format().background().style() == Qt.BrushStyle.NoBrush

    book = _viewer(qtbot, bridge, folder, "ledger.xlsx", "Vendor20 ")
    labels = [book.contents.item(i).text() for i in range(book.contents.count())]
    assert labels == ["Payments", "Notes"] and book.contents.isVisible()
    book.contents.itemClicked.emit(book.contents.item(1))
    assert book.text.textCursor().block().text() == "Notes"

    deck = _viewer(qtbot, bridge, folder, "review.pptx", "Busan")
    labels = [deck.contents.item(i).text() for i in range(deck.contents.count())]
    assert labels == ["Slide 1 · Quarterly results", "Slide 2 · Next steps"]
    # The list is narrow: a heading it cuts is read whole on hover.
    tips = [deck.contents.item(i).toolTip() for i in range(deck.contents.count())]
    assert [escaped(label) for label in labels] == tips
    text = deck.text.toPlainText()
    assert text.index("Slide 1") < text.index("Revenue up 10%") < text.index("Slide 2")
    start, _ = deck.passage_range
    assert "Busan" in text[start - 30 :] and text.index("Next steps") < start


def test_a_table_inside_a_document_is_shown_as_a_table(qtbot, bridge, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    make_samples(folder)
    bridge.engine.add_folder(str(folder))
    bridge.engine.index(vectors=False)
    viewer = _viewer(qtbot, bridge, folder, "prices.docx", "Harbour")
    document = viewer.text.document()
    cursor = document.find("Harbour")
    table = cursor.currentTable()
    assert table is not None and (table.rows(), table.columns()) == (3, 3)
    assert table.cellAt(0, 2).firstCursorPosition().block().text() == "Price"
    assert table.format().headerRowCount() == 1
    text = viewer.text.toPlainText()
    assert "| Lamp |" not in text and "---" not in text  # no Markdown left
    assert (
        text.index("What the lamps cost") < text.index("Harbour") < text.index("include the lens")
    )
