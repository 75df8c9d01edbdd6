"""Trove's viewer on a Korean PDF: the cited passage's Hangul characters boxed line by line where
they are printed. The PDF is made at test time with Qt's PDF writer and a CJK font of the
machine (Noto CJK, Nanum...), embedded as a real Korean PDF would embed it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF, QPoint, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPageSize, QPainter, QPdfWriter

from desktop_app.core.command_table import run_command
from desktop_app.core.events import ignore
from desktop_app.ui.pdf_viewer import PdfViewer
from tests.gui.test_pdf_viewer import FakeOpener

WAIT = 20000
LINES = [
    "머리말: 이 문서는 시험용입니다.",
    "등대지기는 매일 저녁 탑에 올라",
    "등불을 켜고 밤새 바다를 지켜봅니다.",
    "마지막 줄은 관련이 없습니다.",
]
LEFT, TOP, LEADING, SIZE = 72, 120, 28, 16  # points: the first baseline, the line step


def korean_font() -> str | None:
    """A font family of this machine that has Hangul (None: none is installed)."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.Korean)
    preferred = [f for f in families if "CJK KR" in f or "Nanum" in f]
    return (preferred or families or [None])[0]


def make_korean_pdf(path: Path, family: str) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(72)  # painter units are points
    painter = QPainter(writer)
    painter.setFont(QFont(family, SIZE))
    for n, line in enumerate(LINES):
        painter.drawText(LEFT, TOP + n * LEADING, line)
    painter.end()


@pytest.fixture
def korean_pdf(tmp_path: Path, qapp) -> Path:
    family = korean_font()
    if family is None:
        pytest.skip("no font with Hangul on this machine (apt install fonts-noto-cjk)")
    folder = tmp_path / "korean"
    folder.mkdir()
    pdf = folder / "등대.pdf"
    make_korean_pdf(pdf, family)
    return pdf


def test_a_korean_passage_is_boxed_on_its_two_lines(qtbot, bridge, korean_pdf: Path) -> None:
    engine = bridge.engine
    engine.add_folder(str(korean_pdf.parent))
    engine.index(vectors=False)
    row = engine.catalog.files.file(str(korean_pdf))
    (chunk,) = engine.catalog.chunks.of_file(row.id)
    assert "등대지기는" in chunk.text  # the text layer reads back as Hangul

    args = {
        "path": str(korean_pdf),
        "page": 1,
        "zoom": 1.0,
        "passage": "등대지기는 매일 저녁 탑에 올라 등불을 켜고",
    }
    page = run_command(engine, "viewer.page", args, ignore, threading.Event())
    boxes = page["boxes"]
    assert len(boxes) == 2, boxes  # the end of line 2 and the start of line 3
    (x1, y1, w1, h1), (x2, y2, w2, h2) = boxes
    baseline2, baseline3 = TOP + LEADING, TOP + 2 * LEADING
    assert abs(x1 - LEFT) <= 2 and abs(x2 - LEFT) <= 2
    assert baseline2 - SIZE - 2 <= y1 < baseline2 <= y1 + h1 + 5  # on the second line
    assert baseline3 - SIZE - 2 <= y2 < baseline3 <= y2 + h2 + 5  # on the third
    assert w1 > 150 and 60 < w2 < w1  # line 2 whole; line 3 up to "켜고" only

    # In the window: the boxes painted, and a drag over line 2 copies its Hangul.
    viewer = PdfViewer(bridge, FakeOpener(), str(korean_pdf), 1, args["passage"])
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.wait_until(lambda: len(viewer.boxes) == 2, timeout=WAIT)
    x, y, w, h = viewer.boxes[0]
    start, end = QPoint(int(x) + 1, int(y + h / 2)), QPoint(int(x + w) - 1, int(y + h / 2))
    qtbot.mousePress(viewer.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewer.canvas, end)
    qtbot.mouseRelease(viewer.canvas, Qt.MouseButton.LeftButton, pos=end)
    qtbot.wait_until(lambda: viewer.selection is not None, timeout=WAIT)
    assert viewer.selected_text() == "등대지기는 매일 저녁 탑에 올라"
