"""Trove's own PDF viewer over a real engine: the cited page, the passage boxed, pages, zoom."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop_app.ui.chat_source import SourcePanel, viewable
from desktop_app.ui.chat_view import ChatView
from desktop_app.ui.pdf_viewer import PdfViewer
from desktop_app.ui.text_viewer import TextViewer
from tests.unit.ingest_samples import make_pdf

WAIT = 20000


class FakeOpener:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def open(self, path: str, page: int | None = None) -> bool:
        self.calls.append(("open", path, page))
        return True

    def reveal(self, path: str) -> bool:
        self.calls.append(("reveal", path))
        return True


def test_the_viewer_opens_at_the_passage_and_pages_and_zooms(
    qtbot, bridge, messages, tmp_path: Path
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    pdf = folder / "keeper.pdf"
    pdf.write_bytes(
        make_pdf(
            [
                ["Page one says nothing."],
                ["Opening words.", "The keeper climbs the tower", "every evening."],
                ["Page three."],
            ]
        )
    )
    assert bridge.engine is not None
    bridge.engine.add_folder(str(folder))
    bridge.engine.index(vectors=False)
    opener = FakeOpener()
    source = {"path": str(pdf), "location": "p. 2", "text": "The keeper climbs the tower every"}
    assert viewable(source) and not viewable({**source, "path": "/x.txt"})
    panel = SourcePanel(opener)
    qtbot.addWidget(panel)
    panel.show_source(source)
    assert panel.view_button.isEnabled()
    with qtbot.wait_signal(panel.viewRequested) as asked:
        panel.view_button.click()
    assert asked.args[0]["path"] == str(pdf)

    chat = ChatView(bridge, messages, opener=opener)
    qtbot.addWidget(chat)
    with qtbot.wait_signal(chat.viewerOpened, timeout=WAIT) as opened:
        panel.viewRequested.connect(chat.view_source)
        panel.view_button.click()
    viewer = opened.args[0]
    assert isinstance(viewer, PdfViewer) and viewer.isVisible()
    qtbot.wait_until(lambda: viewer.pages == 3, timeout=WAIT)
    assert viewer.page == 2 and len(viewer.boxes) == 2  # the passage's two lines
    image = viewer.canvas.grab().toImage()
    x, y, w, h = viewer.boxes[0]
    inside = QColor(image.pixel(int(x + w / 2), int(y + h - 1)))
    outside = QColor(image.pixel(5, 5))
    assert outside.name() == "#ffffff" and inside.name() != "#ffffff"  # highlighted
    first_y = y

    with qtbot.wait_signal(viewer.pageShown, timeout=WAIT):
        qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert viewer.page == 3 and viewer.boxes == [] and not viewer.next.isEnabled()
    with qtbot.wait_signal(viewer.pageShown, timeout=WAIT):
        viewer.show_page(2)
    with qtbot.wait_signal(viewer.pageShown, timeout=WAIT):
        viewer.step_zoom(1)
    assert viewer.zoom == 2.0 and viewer.boxes[0][1] > first_y

    # A drag over the passage's first line selects its characters; Ctrl+C copies them.
    x, y, w, h = viewer.boxes[0]
    start, end = QPoint(int(x) + 1, int(y + h / 2)), QPoint(int(x + w) - 1, int(y + h / 2))
    qtbot.mousePress(viewer.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewer.canvas, end)
    qtbot.mouseRelease(viewer.canvas, Qt.MouseButton.LeftButton, pos=end)
    qtbot.wait_until(lambda: viewer.selection is not None, timeout=WAIT)
    assert viewer.selected_text() == "The keeper climbs the tower"
    with qtbot.wait_signal(viewer.textCopied, timeout=WAIT) as copied:
        qtbot.keyClick(viewer.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert copied.args[0] == "The keeper climbs the tower"
    assert QApplication.clipboard().text() == copied.args[0]
    image = viewer.canvas.grab().toImage()  # the selection is drawn
    assert QColor(image.pixel(int(x + w / 2), int(y + h / 2))).name() != "#ffffff"
    # Down to the middle of the next line: the selection follows the text, in reading order.
    x2, y2, _, h2 = viewer.boxes[1]
    viewer.select_between(start, QPoint(int(x2) + 20, int(y2 + h2 / 2)))
    assert viewer.selected_text().startswith("The keeper climbs the tower\nev")
    qtbot.mouseClick(viewer.canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert viewer.selection is None  # a click clears it

    # With Alt, a drag draws a rectangle and copies the text inside it.
    with qtbot.wait_signal(viewer.textCopied, timeout=WAIT) as copied:
        alt = Qt.KeyboardModifier.AltModifier
        qtbot.mousePress(
            viewer.canvas, Qt.MouseButton.LeftButton, alt, QPoint(int(x) - 2, int(y) - 2)
        )
        qtbot.mouseMove(viewer.canvas, QPoint(int(x + w) + 2, int(y + h) + 2))
        qtbot.mouseRelease(
            viewer.canvas, Qt.MouseButton.LeftButton, alt, QPoint(int(x + w) + 2, int(y + h) + 2)
        )
    assert copied.args[0].strip() == "The keeper climbs the tower"

    # Find: from this page on, then the next page that has it, wrapping around.
    viewer.find_field.setText("page")
    with qtbot.wait_signal(viewer.pageShown, timeout=WAIT):
        qtbot.keyClick(viewer.find_field, Qt.Key.Key_Return)
    assert viewer.page == 3 and len(viewer.matches) == 1 and viewer.match == 0
    with qtbot.wait_signal(viewer.pageShown, timeout=WAIT):
        qtbot.keyClick(viewer.find_field, Qt.Key.Key_Return)
    assert viewer.page == 1 and viewer.match == 0
    x, y, w, h = viewer.matches[0][0]
    image = viewer.canvas.grab().toImage()
    assert QColor(image.pixel(int(x + w / 2), int(y + 1))).name() != "#ffffff"
    with qtbot.wait_signal(viewer.pageShown, timeout=WAIT):  # F3 from anywhere: the next
        qtbot.keyClick(viewer.canvas, Qt.Key.Key_F3)
    assert viewer.page == 3
    with qtbot.wait_signal(viewer.pageShown, timeout=WAIT):
        qtbot.keyClick(viewer.canvas, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert viewer.page == 1
    viewer.find_field.setFocus()
    qtbot.wait_until(viewer.find_field.hasFocus)
    qtbot.keyClick(viewer.find_field, Qt.Key.Key_Escape)  # Esc closes find
    assert viewer.find_field.text() == "" and viewer.matches == [] and viewer.canvas.hasFocus()
    viewer.find_field.setText("no such words")
    qtbot.keyClick(viewer.find_field, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: "No match" in viewer.status.text(), timeout=WAIT)

    opener.calls.clear()
    viewer.open_button.click()
    viewer.reveal_button.click()
    assert opener.calls == [("open", str(pdf), 1), ("reveal", str(pdf))]


def test_other_formats_show_the_text_with_the_passage_highlighted(
    qtbot, indexed_bridge, messages, sample_folder: Path
) -> None:
    engine = indexed_bridge.engine
    path = str(sample_folder / "garden.md")
    row = engine.catalog.files.file(path)
    (chunk,) = engine.catalog.chunks.of_file(row.id)
    source = {"path": path, "location": "", "chunk_id": chunk.id, "quote": chunk.text}
    assert viewable(source)
    opener = FakeOpener()
    chat = ChatView(indexed_bridge, messages, opener=opener)
    qtbot.addWidget(chat)
    viewer = chat.view_source(source)
    assert isinstance(viewer, TextViewer)
    qtbot.wait_until(lambda: viewer.passage_range is not None, timeout=WAIT)
    text = viewer.text.toPlainText()
    assert "Garden" in text and "Tomatoes need sun" in text  # its heading, then its text
    start, _ = viewer.passage_range
    cursor = viewer.text.textCursor()
    cursor.setPosition(start + 1)
    assert cursor.charFormat().background().color().alpha() > 0  # highlighted
    viewer.find_field.setText("patience")
    assert viewer.find_next() and viewer.text.textCursor().selectedText() == "patience"
    viewer.find_field.setText("e")
    assert viewer.find_next()
    before = viewer.text.textCursor().position()
    qtbot.keyClick(viewer.text, Qt.Key.Key_F3)  # F3: the next match, from anywhere
    assert viewer.text.textCursor().position() > before
    qtbot.keyClick(viewer.text, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert viewer.text.textCursor().position() == before
    viewer.find_field.setFocus()
    qtbot.wait_until(viewer.find_field.hasFocus)
    qtbot.keyClick(viewer.find_field, Qt.Key.Key_Escape)  # Esc closes find
    assert viewer.find_field.text() == "" and not viewer.text.textCursor().hasSelection()
    viewer.find_field.setText("nowhere to be found")
    assert not viewer.find_next() and "No match" in viewer.status.text()
    viewer.reveal_button.click()
    assert opener.calls == [("reveal", path)]


def test_a_search_result_opens_in_the_viewer_at_its_passage(
    qtbot, indexed_bridge, messages, sample_folder: Path
) -> None:
    from desktop_app.ui.search_view import SearchView

    opener = FakeOpener()
    search = SearchView(indexed_bridge, messages, opener=opener)
    qtbot.addWidget(search)
    search.resize(1000, 600)
    search.show()
    search.mode_combo.setCurrentIndex(search.mode_combo.findData("keyword"))
    qtbot.keyClicks(search.search_field, "lamp")
    qtbot.wait_until(lambda: search.model.rowCount() == 1, timeout=WAIT)
    search.results.setCurrentIndex(search.model.index(0))
    menu = search.result_menu()
    labels = [a.text() for a in menu.actions()]
    assert labels == ["View in Trove", "Open in its own program", "Show in folder", "Copy path"]
    assert menu.defaultAction() is menu.actions()[0]

    # A double-click on the result opens it in Trove, at its passage.
    where = search.results.visualRect(search.model.index(0)).center()
    with qtbot.wait_signal(search.viewerOpened, timeout=WAIT) as opened:
        qtbot.mouseClick(search.results.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(search.results.viewport(), Qt.MouseButton.LeftButton, pos=where)
    viewer = opened.args[0]
    assert isinstance(viewer, TextViewer) and viewer.path == str(sample_folder / "lighthouse.txt")
    qtbot.wait_until(lambda: viewer.passage_range is not None, timeout=WAIT)
    assert "light the lamp" in viewer.text.toPlainText()
    assert opener.calls == []
    viewer.open_button.click()  # and from there, its own program
    assert opener.calls == [("open", viewer.path, None)]
    viewer.close()

    # F8 in a viewer opened from the results: the next result, in a viewer in its place.
    (sample_folder / "sunlamp.txt").write_text("A lamp that lights like the sun.\n")
    indexed_bridge.engine.index(vectors=False)
    search.set_query("lamp")
    qtbot.wait_until(lambda: search.model.rowCount() == 2, timeout=WAIT)
    search.results.setCurrentIndex(search.model.index(0))
    first = search.open_selected()
    qtbot.wait_until(first.isActiveWindow, timeout=WAIT)
    with qtbot.wait_signal(search.viewerOpened, timeout=WAIT) as opened:
        qtbot.keyClick(first, Qt.Key.Key_F8)
    second = opened.args[0]
    assert second.path == search.model.paths()[1] and search.results.currentIndex().row() == 1
    assert not first.isVisible()
    qtbot.wait_until(second.isActiveWindow, timeout=WAIT)
    qtbot.keyClick(second, Qt.Key.Key_F8)  # the last result: it stays
    assert second.isVisible() and search.results.currentIndex().row() == 1
    second.close()
