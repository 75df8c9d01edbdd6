"""Scans and images through the text stage: real catalog, extraction worker and OCR simulator.

The simulator answers registered pages (by perceptual hash) with known lines, so what is searchable
afterwards proves which pages were read, where the text was filed and when.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from desktop_app.core.engine import Engine
from desktop_app.core.ocr.images import pdf_pages
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.integration.cli_helpers import point_at_simulator, trove
from tests.nimsim import NimSimulator
from tests.nimsim.ocr import page_key
from tests.unit.ingest_samples import make_pdf


def page(seed: int, size: tuple[int, int] = (850, 1100)) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(0, size[0] - 200), rng.randrange(0, size[1] - 100)
        draw.rectangle((x, y, x + 200, y + 80), fill="black")
    return image


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator() as server:
        yield server


@pytest.fixture
def docs(tmp_path: Path, sim: NimSimulator) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "notes.txt").write_text("plain notes about the wombat survey\n", encoding="utf-8")
    mixed = root / "mixed.pdf"
    mixed.write_bytes(make_pdf([["Typed cover page about invoices."], None, None]))
    (_, scanned_page), *_ = pdf_pages(mixed, [2], 200)
    sim.config.ocr_pages[page_key(scanned_page)] = [("scanned invoice from ACME, March", None)]
    photo = page(1)
    photo.save(root / "whiteboard.png")
    sim.config.ocr_pages[page_key(photo)] = [("whiteboard: zebra budget plan", None)]
    frames = [page(2), page(3)]
    frames[0].save(root / "fax.tiff", save_all=True, append_images=frames[1:])
    sim.config.ocr_pages[page_key(frames[1])] = [("second fax page: giraffe contract", None)]
    Image.new("RGB", (32, 32), "black").save(root / "icon.png")
    point_at_simulator(sim)
    assert trove("config", "set", "ocr.base_url", sim.base_url) == 0
    assert trove("folders", "add", str(root)) == 0
    return root


def engine() -> Engine:
    dirs = resolve_dirs(Path(os.environ["TROVE_HOME"]))
    return Engine(dirs, Settings.load(dirs.settings_file))


def index(events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    e = engine()
    try:
        return e.index(
            emit=(events.append if events is not None else lambda _: None), vectors=False
        )
    finally:
        e.close()


def labels(query: str) -> dict[str, str]:
    e = engine()
    try:
        found = e.search(query, mode="keyword").results
        return {Path(r.path).name: r.location_label for r in found}
    finally:
        e.close()


def test_scans_are_read_after_the_cheap_text_and_their_location_says_ocr(
    docs: Path, sim: NimSimulator
) -> None:
    events: list[dict[str, Any]] = []
    summary = index(events)
    assert summary["ocr"] == {"files": 3, "pages": 5, "failed_pages": 0}
    assert summary["empty"] == 1  # the icon: too small to hold text, never sent
    stages = [e for e in events if e["type"] == "progress" and e["stage"] in ("text", "ocr")]
    first_ocr = next(i for i, e in enumerate(stages) if e["stage"] == "ocr")
    assert all(e["stage"] == "text" for e in stages[:first_ocr])
    assert stages[first_ocr - 1]["done"] == stages[first_ocr - 1]["total"]  # every file first
    assert all(e["stage"] == "ocr" for e in stages[first_ocr:])
    assert stages[-1]["done"] == stages[-1]["total"] == 5  # counted in pages
    assert labels("ACME")["mixed.pdf"] in ("p. 2, OCR", "p. 3, OCR")  # the two scans look alike
    assert labels("invoices") == {"mixed.pdf": "p. 1"}  # the text layer is kept as it was
    assert labels("zebra") == {"whiteboard.png": "OCR"}
    assert labels("giraffe") == {"fax.tiff": "p. 2, OCR"}


def test_a_file_read_by_ocr_is_not_read_again_unless_it_changes(
    docs: Path, sim: NimSimulator
) -> None:
    index()
    calls = sim.counters["ocr"]
    again = index()
    assert sim.counters["ocr"] == calls
    assert again["ocr"]["files"] == 0
    photo = page(4)
    photo.save(docs / "whiteboard.png")
    sim.config.ocr_pages[page_key(photo)] = [("whiteboard redrawn: okapi", None)]
    changed = index()
    assert changed["ocr"] == {"files": 1, "pages": 1, "failed_pages": 0}
    assert labels("okapi") == {"whiteboard.png": "OCR"}
    assert labels("zebra") == {}


def test_a_page_the_nim_refuses_is_reported_and_the_rest_of_the_file_kept(
    docs: Path, sim: NimSimulator
) -> None:
    for name in ("whiteboard.png", "fax.tiff", "notes.txt"):
        (docs / name).unlink()
    # The batch of pages 2 and 3 is refused, then page 2 alone: page 3 alone is read.
    sim.fail_next(422, times=2)
    events: list[dict[str, Any]] = []
    summary = index(events)
    assert summary["ocr"] == {"files": 1, "pages": 2, "failed_pages": 1}
    warnings = [e["message"] for e in events if e["type"] == "warning"]
    assert any("Page 2 could not be read by OCR" in w for w in warnings), warnings
    assert labels("invoices") == {"mixed.pdf": "p. 1"}
    assert labels("ACME") == {"mixed.pdf": "p. 3, OCR"}  # pages 2 and 3 look alike


def test_with_ocr_off_a_scan_says_so_and_nothing_is_sent(docs: Path, sim: NimSimulator) -> None:
    assert trove("config", "set", "ocr.enabled", "false") == 0
    events: list[dict[str, Any]] = []
    summary = index(events)
    assert sim.counters["ocr"] == 0
    assert summary["ocr"]["files"] == 0
    failed = {Path(e["path"]).name: e["message"] for e in events if e["type"] == "file_failed"}
    assert failed["whiteboard.png"].startswith("no text: 'whiteboard.png' is an image")
    assert "mixed.pdf" not in failed  # its text page is searchable
    assert labels("invoices") == {"mixed.pdf": "p. 1"}
    # Turned on again: the refused scans are read at once, not after their retry interval.
    assert trove("config", "set", "ocr.enabled", "true") == 0
    summary = index()
    assert summary["ocr"]["files"] == 3
    assert labels("zebra") == {"whiteboard.png": "OCR"}


def test_pictures_in_docx_and_pptx_are_read_and_filed_under_their_slide(
    tmp_path: Path, sim: NimSimulator
) -> None:
    import docx
    from docx.shared import Inches
    from pptx import Presentation
    from pptx.util import Inches as PptxInches

    root = tmp_path / "office"
    root.mkdir()
    pasted, photo, logo = tmp_path / "pasted.png", tmp_path / "photo.png", tmp_path / "logo.png"
    page(7).save(pasted)
    page(8).save(photo)
    Image.new("RGB", (40, 40), "red").save(logo)  # a logo: never sent
    sim.config.ocr_pages[page_key(page(7))] = [("pasted scan of the lease: tapir clause", None)]
    sim.config.ocr_pages[page_key(page(8))] = [("whiteboard photo: quokka roadmap", None)]
    document = docx.Document()
    document.add_paragraph("Typed cover letter for the lease.")
    document.add_picture(str(pasted), width=Inches(4))
    document.add_picture(str(logo), width=Inches(0.3))
    document.save(str(root / "lease.docx"))
    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = "Plan"
    second = deck.slides.add_slide(deck.slide_layouts[6])
    second.shapes.add_picture(str(photo), PptxInches(1), PptxInches(1), width=PptxInches(5))
    deck.save(str(root / "plan.pptx"))
    point_at_simulator(sim)
    assert trove("config", "set", "ocr.base_url", sim.base_url) == 0
    assert trove("folders", "add", str(root)) == 0
    summary = index()
    assert summary["ocr"] == {"files": 2, "pages": 2, "failed_pages": 0}
    assert labels("tapir") == {"lease.docx": "OCR"}
    assert labels("cover letter") == {"lease.docx": ""}
    assert labels("quokka") == {"plan.pptx": "slide 2, OCR"}


def test_an_iphone_heic_photo_is_read_when_pillow_heif_is_installed(
    tmp_path: Path, sim: NimSimulator
) -> None:
    pillow_heif = pytest.importorskip("pillow_heif", reason="pillow-heif (the 'ocr' extra)")
    pillow_heif.register_heif_opener()
    root = tmp_path / "photos"
    root.mkdir()
    photo = page(9)
    photo.save(root / "IMG_0001.HEIC", quality=95)
    with Image.open(root / "IMG_0001.HEIC") as decoded:
        sim.config.ocr_pages[page_key(decoded.convert("RGB"))] = [("receipt: wombat cafe", None)]
    point_at_simulator(sim)
    assert trove("config", "set", "ocr.base_url", sim.base_url) == 0
    assert trove("folders", "add", str(root)) == 0
    assert index()["ocr"]["files"] == 1
    assert labels("wombat") == {"IMG_0001.HEIC": "OCR"}


def test_trove_index_says_how_many_pages_ocr_read(
    docs: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert trove("index", "--text-only") == 0
    assert "Read by OCR: 3 files, 5 pages." in capsys.readouterr().out
