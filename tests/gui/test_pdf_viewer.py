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

    # A drag over the passage's first line copies its text.
    x, y, w, h = viewer.boxes[0]
    start = QPoint(int(x) - 2, int(y) - 2)
    with qtbot.wait_signal(viewer.textCopied, timeout=WAIT) as copied:
        qtbot.mousePress(viewer.canvas, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(viewer.canvas, QPoint(int(x + w) + 2, int(y + h) + 2))
        qtbot.mouseRelease(
            viewer.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(x + w) + 2, int(y + h) + 2)
        )
    assert copied.args[0].strip() == "The keeper climbs the tower"
    assert QApplication.clipboard().text() == copied.args[0]

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
