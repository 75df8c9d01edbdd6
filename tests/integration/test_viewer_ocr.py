"""Trove's viewer on pages read by OCR: the page image with the passage's OCR boxes on it.

Real catalog, extraction worker and the OCR simulator, which answers registered pages with known
lines at known places; the viewer must draw the cited lines exactly there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from desktop_app.core.command_table import run_command
from desktop_app.core.engine import Engine
from desktop_app.core.events import ignore
from desktop_app.core.ingest.document import parse_boxes
from desktop_app.core.ocr.images import pdf_pages
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.nimsim import NimSimulator
from tests.nimsim.ocr import page_key
from tests.unit.ingest_samples import make_pdf

SCAN_LINES = [
    ("Invoice from ACME Corporation", (0.10, 0.10, 0.60, 0.14)),
    ("Total due: 1,200 dollars by March", (0.10, 0.20, 0.70, 0.24)),
    ("Thank you for your business", (0.10, 0.80, 0.45, 0.83)),
]
PHOTO_LINES = [
    ("whiteboard: zebra budget plan", (0.20, 0.30, 0.80, 0.36)),
    ("owner: the okapi team", (0.20, 0.50, 0.60, 0.55)),
]


def _picture(seed: int) -> Image.Image:
    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    for n in range(5):
        x, y = 60 + (seed * 37 + n * 131) % 500, 80 + n * 190
        draw.rectangle((x, y, x + 220, y + 70), fill="black")
    return image


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    with NimSimulator() as sim:
        folder = tmp_path / "docs"
        folder.mkdir()
        scan = folder / "invoice.pdf"
        scan.write_bytes(make_pdf([["Typed cover page about invoices."], None]))
        ((_, scanned),) = list(pdf_pages(scan, [2], 200))
        sim.config.ocr_pages[page_key(scanned)] = SCAN_LINES
        photo = _picture(1)
        photo.save(folder / "whiteboard.png")
        sim.config.ocr_pages[page_key(photo)] = PHOTO_LINES
        dirs = resolve_dirs(None)
        settings = Settings.load(dirs.settings_file)
        settings.set("index.workers", 1)
        settings.set("ocr.base_url", sim.base_url)
        engine = Engine(dirs, settings)
        engine.add_folder(str(folder))
        summary = engine.index(vectors=False)
        assert summary["ocr"]["pages"] == 2, summary
        yield engine
        engine.close()


def _run(engine: Engine, name: str, **args: object) -> dict[str, Any]:
    result = run_command(engine, name, dict(args), ignore, threading.Event())
    assert isinstance(result, dict)
    return result


def _chunk(engine: Engine, path: Path, word: str) -> Any:
    row = engine.catalog.files.file(str(path))
    assert row is not None
    return next(c for c in engine.catalog.chunks.of_file(row.id) if word in c.text)


def _near(box: list[float], expected: tuple[float, float, float, float]) -> bool:
    return all(abs(a - b) <= 1.5 for a, b in zip(box, expected, strict=True))


def test_the_ocr_boxes_are_kept_with_the_passage(engine: Engine, tmp_path: Path) -> None:
    chunk = _chunk(engine, tmp_path / "docs" / "invoice.pdf", "ACME")
    assert chunk.location["page"] == 2 and chunk.location["ocr"] is True
    boxes = parse_boxes(chunk.location["boxes"])
    assert boxes == [box for _, box in SCAN_LINES]  # one per line, in reading order
    typed = _chunk(engine, tmp_path / "docs" / "invoice.pdf", "Typed")
    assert "boxes" not in typed.location  # a text layer needs none


def test_a_scanned_page_shows_the_passage_boxed_where_ocr_read_it(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "docs" / "invoice.pdf"
    chunk = _chunk(engine, path, "ACME")
    page = _run(engine, "viewer.page", path=str(path), page=2, zoom=1.0, chunk_id=chunk.id)
    assert (page["width"], page["height"]) == (612, 792)
    expected = [
        (x0 * 612, y0 * 792, (x1 - x0) * 612, (y1 - y0) * 792) for _, (x0, y0, x1, y1) in SCAN_LINES
    ]
    assert len(page["boxes"]) == 3
    assert all(_near(b, e) for b, e in zip(page["boxes"], expected, strict=True))

    # Find on the scanned page: the line that holds the words.
    found = _run(engine, "viewer.page", path=str(path), page=2, zoom=1.0, find="total DUE")
    assert len(found["matches"]) == 1 and _near(found["matches"][0][0], expected[1])
    assert _run(engine, "viewer.find", path=str(path), query="thank you", after=1)["page"] == 2
    assert _run(engine, "viewer.find", path=str(path), query="no such words", after=1) == {
        "page": None
    }

    # A rectangle dragged over the second line copies it.
    x, y, w, h = expected[1]
    copied = _run(
        engine,
        "viewer.copy",
        path=str(path),
        page=2,
        zoom=1.0,
        rect=[x - 4, y - 4, w + 8, h + 8],
        size=[612, 792],
    )
    assert copied["text"] == "Total due: 1,200 dollars by March"


def test_an_image_file_shows_the_picture_with_the_passage_boxed(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "docs" / "whiteboard.png"
    chunk = _chunk(engine, path, "zebra")
    assert "page" not in chunk.location  # one picture: no page number
    page = _run(engine, "viewer.page", path=str(path), page=1, zoom=1.0, chunk_id=chunk.id)
    # 850 px wide: shown as a 612-point page, like a scanned sheet.
    assert (page["pages"], page["width"], page["height"]) == (1, 612, 792)
    (x0, y0, x1, y1) = PHOTO_LINES[0][1]
    assert _near(page["boxes"][0], (x0 * 612, y0 * 792, (x1 - x0) * 612, (y1 - y0) * 792))
    assert len(page["boxes"]) == 2
    found = _run(engine, "viewer.page", path=str(path), page=1, zoom=2.0, find="okapi")
    assert found["width"] == 1224 and len(found["matches"]) == 1
    assert _run(engine, "viewer.find", path=str(path), query="okapi", after=1)["page"] == 1


def test_a_page_read_by_ocr_before_boxes_were_kept_says_so(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "docs" / "invoice.pdf"
    chunk = _chunk(engine, path, "ACME")
    with engine.catalog.transaction() as conn:  # as an older Trove stored it: no boxes
        conn.execute(
            "UPDATE chunks SET location = json_remove(location, '$.boxes') WHERE id = ?",
            (chunk.id,),
        )
    page = _run(engine, "viewer.page", path=str(path), page=2, zoom=1.0, chunk_id=chunk.id)
    assert page["boxes"] == [] and page["ocr_unboxed"] is True
    typed = _run(engine, "viewer.page", path=str(path), page=1, zoom=1.0, passage="Typed cover")
    assert typed["boxes"] and typed["ocr_unboxed"] is False
