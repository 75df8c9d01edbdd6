"""Trove's viewer on an image read by OCR, opened from a search result: the picture, with the
passage's lines boxed where OCR read them, and a dragged rectangle copying their text."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from desktop_app.ui.pdf_viewer import PdfViewer
from desktop_app.ui.search_view import SearchView
from tests.gui.test_pdf_viewer import FakeOpener
from tests.nimsim.ocr import page_key

WAIT = 20000
LINES = [
    ("whiteboard: zebra budget plan", (0.20, 0.30, 0.80, 0.36)),
    ("owner: the okapi team", (0.20, 0.50, 0.60, 0.55)),
]


def test_an_image_result_opens_as_its_picture_with_the_ocr_boxes(
    qtbot, bridge, messages, sim, tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    photo = Image.new("RGB", (850, 1100), "white")
    ImageDraw.Draw(photo).rectangle((100, 120, 500, 200), fill="black")
    photo.save(folder / "whiteboard.png")
    sim.config.ocr_pages[page_key(photo)] = LINES
    engine = bridge.engine
    assert engine is not None
    engine.settings.set("ocr.base_url", sim.base_url)
    engine.add_folder(str(folder))
    engine.index(vectors=False)

    opener = FakeOpener()
    search = SearchView(bridge, messages, opener=opener)
    qtbot.addWidget(search)
    search.mode_combo.setCurrentIndex(search.mode_combo.findData("keyword"))
    qtbot.keyClicks(search.search_field, "zebra")
    qtbot.wait_until(lambda: search.model.rowCount() == 1, timeout=WAIT)
    search.results.setCurrentIndex(search.model.index(0))
    with qtbot.wait_signal(search.viewerOpened, timeout=WAIT) as opened:
        qtbot.keyClick(search.results, Qt.Key.Key_Return)
    viewer = opened.args[0]
    assert isinstance(viewer, PdfViewer)
    qtbot.wait_until(lambda: viewer.pages == 1 and len(viewer.boxes) == 2, timeout=WAIT)
    image = viewer.canvas.grab().toImage()
    width, height = image.width(), image.height()
    x, y, w, h = viewer.boxes[1]
    assert abs(x - 0.2 * width) <= 2 and abs(y - 0.5 * height) <= 2
    assert QColor(image.pixel(int(x + w / 2), int(y + h / 2))).name() != "#ffffff"  # boxed
    assert QColor(image.pixel(int(x + w / 2), int(y + h + 20))).name() == "#ffffff"

    # A drag over the second line selects it (the lines OCR read are what a drag selects).
    start, end = QPoint(int(x) + 2, int(y + h / 2)), QPoint(int(x + w) - 2, int(y + h / 2))
    qtbot.mousePress(viewer.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewer.canvas, end)
    qtbot.mouseRelease(viewer.canvas, Qt.MouseButton.LeftButton, pos=end)
    qtbot.wait_until(lambda: viewer.selection is not None, timeout=WAIT)
    assert viewer.selected_text() == "owner: the okapi team"
    viewer.select_between(QPoint(int(0.2 * width) + 2, int(0.33 * height)), end)
    assert viewer.selected_text() == "whiteboard: zebra budget plan\nowner: the okapi team"

    # With Alt, a rectangle copies the lines it covers.
    alt = Qt.KeyboardModifier.AltModifier
    with qtbot.wait_signal(viewer.textCopied, timeout=WAIT) as copied:
        qtbot.mousePress(
            viewer.canvas, Qt.MouseButton.LeftButton, alt, QPoint(int(x) - 5, int(y) - 5)
        )
        end = QPoint(int(x + w) + 5, int(y + h) + 5)
        qtbot.mouseMove(viewer.canvas, end)
        qtbot.mouseRelease(viewer.canvas, Qt.MouseButton.LeftButton, alt, end)
    assert copied.args[0] == "owner: the okapi team"
    viewer.close()
