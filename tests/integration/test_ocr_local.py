"""Local OCR engines on real rendered text, the fallback when the OCR NIM is down, and what
`trove status` says about a file in a language its engine cannot read.

RapidOCR is the optional ``ocr`` extra (``pip install -e '.[ocr]'``, ~180 MB with ONNX Runtime
and OpenCV) and Tesseract a system package: their tests are skipped where they are absent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from desktop_app.core.command_table import handlers_for
from desktop_app.core.engine import Engine
from desktop_app.core.ocr.engines import (
    RapidOcrEngine,
    TesseractEngine,
    rapidocr_available,
    tesseract_languages,
)
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.integration.cli_helpers import point_at_simulator, trove
from tests.nimsim import NimSimulator

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_rapidocr = pytest.mark.skipif(
    not rapidocr_available(), reason="RapidOCR (the 'ocr' extra) is not installed"
)
needs_tesseract = pytest.mark.skipif(
    "eng" not in tesseract_languages(), reason="Tesseract (eng) is not installed"
)
LINES = ["Invoice 2041 from ACME", "Total due: 1,250 EUR", "Payable by March 31"]


def text_page(lines: list[str] = LINES, font_px: int = 36) -> Image.Image:
    if not FONT.exists():
        pytest.skip("the DejaVu font is not installed")
    font = ImageFont.truetype(str(FONT), font_px)
    scale = font_px / 36
    image = Image.new("RGB", (round(1000 * scale), round((120 + 70 * len(lines)) * scale)), "white")
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((60 * scale, (60 + 70 * n) * scale), line, fill="black", font=font)
    return image


@needs_rapidocr
def test_rapidocr_reads_a_rendered_page_in_reading_order() -> None:
    (page,) = RapidOcrEngine().read([text_page()])
    assert not isinstance(page, Exception)
    # Words keep their spaces ("Invoice2041fromAcME" before lines were cut out enlarged).
    assert page.text.lower().splitlines() == [line.lower() for line in LINES]  # 'ACME': 'AcME'
    assert page.confidence is not None and page.confidence > 0.8
    assert len(page.boxes) == len(LINES)


@needs_rapidocr
def test_rapidocr_keeps_the_words_of_small_print_apart() -> None:
    """11 pt text as a 150-dpi scan gives it (~23 px letters): before its lines were enlarged
    to the recognizer's height, words ran together and keyword search found none of them."""
    small = text_page(font_px=23)
    (page,) = RapidOcrEngine().read([small])
    assert not isinstance(page, Exception)
    words = set(re.findall(r"\w+", page.text.lower()))
    assert {"invoice", "2041", "from", "acme", "payable", "march"} <= words
    # The boxes are still on the page as given, not on the enlarged crops.
    x0, y0, x1, y1 = page.boxes[0]
    assert 0 < x0 < x1 < 0.6 and 0 < y0 < y1 < 0.5


@needs_rapidocr
def test_rapidocr_reads_a_page_scanned_upside_down() -> None:
    """Lines are turned when most of the page's lines are upside down (not one alone: its
    direction classifier sometimes judges one so by mistake, and the line was lost)."""
    (page,) = RapidOcrEngine().read([text_page().rotate(180)])
    assert not isinstance(page, Exception)
    assert sorted(page.text.lower().splitlines()) == sorted(line.lower() for line in LINES)


@needs_tesseract
def test_tesseract_reads_a_rendered_page_in_reading_order() -> None:
    (page,) = TesseractEngine(["eng"]).read([text_page()])
    assert not isinstance(page, Exception)
    assert page.text.splitlines() == LINES


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator() as server:
        yield server


def engine() -> Engine:
    dirs = resolve_dirs(Path(os.environ["TROVE_HOME"]))
    return Engine(dirs, Settings.load(dirs.settings_file))


def run_index() -> dict[str, Any]:
    e = engine()
    try:
        return e.index(vectors=False)
    finally:
        e.close()


@pytest.mark.skipif(
    not rapidocr_available() and "eng" not in tesseract_languages(),
    reason="no local OCR engine (RapidOCR extra or Tesseract) is installed",
)
def test_an_ocr_nim_that_is_down_hands_the_scans_to_the_local_engine(
    tmp_path: Path, sim: NimSimulator
) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    text_page().save(root / "invoice.png")
    point_at_simulator(sim)
    assert trove("config", "set", "ocr.base_url", "http://127.0.0.1:9/v1") == 0  # nothing there
    assert trove("config", "set", "nim.max_retries", "0") == 0
    assert trove("folders", "add", str(root)) == 0
    summary = run_index()
    assert summary["ocr"] == {"files": 1, "pages": 1, "failed_pages": 0}
    e = engine()
    try:
        row = e.catalog.files.file(str(root / "invoice.png"))
        assert row is not None
        (chunk,) = e.catalog.chunks.of_file(row.id)
    finally:
        e.close()
    # RapidOCR's models drop the spaces between Latin words; Tesseract keeps them.
    assert "2041fromACME" in chunk.text.replace(" ", "")


def test_status_and_folders_say_when_the_engine_cannot_read_the_files_language(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # An English-only OCR NIM (nemotron-ocr-v1) reading a file named in Korean.
    root = tmp_path / "docs"
    root.mkdir()
    text_page(["Contract"]).save(root / "계약서.png")
    sim.config.ocr_route = "infer"
    point_at_simulator(sim)
    for key, value in [
        ("ocr.base_url", sim.base_url),
        ("ocr.model", "nvidia/nemotron-ocr-v1"),
        ("ocr.engine", "nim"),
    ]:
        assert trove("config", "set", key, value) == 0
    assert trove("folders", "add", str(root)) == 0
    run_index()
    capsys.readouterr()
    assert trove("status") == 0
    out = capsys.readouterr().out
    assert "OCR: OCR NIM (nvidia/nemotron-ocr-v1)" in out
    assert "계약서.png: looks Korean" in out
    assert "nemotron-ocr-v2 reads Korean" in out
    e = engine()
    try:
        folders = handlers_for(e)["folders.status"]({}, lambda _: None)
    finally:
        e.close()
    assert [u["language"] for u in folders["ocr"]["unreadable"]] == ["Korean"]
    # Not read again while the engine stays English-only...
    calls = sim.counters["ocr"]
    run_index()
    assert sim.counters["ocr"] == calls
    # ...and read again by itself once a multilingual OCR NIM is set.
    sim.config.ocr_route = "ocr"
    assert trove("config", "set", "ocr.model", "nvidia/nemotron-ocr-v2") == 0
    again = run_index()
    assert again["ocr"]["files"] == 1
    capsys.readouterr()
    assert trove("status") == 0
    assert "looks Korean" not in capsys.readouterr().out


@pytest.mark.skipif(
    not {"eng", "kor"} <= tesseract_languages(), reason="Tesseract with kor is not installed"
)
def test_a_korean_scan_read_in_english_points_to_the_installed_korean_pack_then_is_reread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cjk = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not cjk.exists():
        pytest.skip("no CJK font (fonts-noto-cjk)")
    root = tmp_path / "docs"
    root.mkdir()
    font = ImageFont.truetype(str(cjk), 24)
    lines = [
        "임대차 계약서",
        "임차인은 보증금 오천만 원을 계약일에 지급한다.",
        "계약 기간은 이년이다.",
    ]
    image = Image.new("L", (900, 300), 255)
    for n, line in enumerate(lines):
        ImageDraw.Draw(image).text((50, 50 + 36 * n), line, fill=0, font=font)
    # Scanned, so a little soft: Tesseract drops lines of perfectly crisp synthetic Hangul.
    image.filter(ImageFilter.GaussianBlur(0.6)).save(root / "계약서.png")
    assert trove("config", "set", "ocr.engine", "tesseract") == 0
    assert trove("config", "set", "ocr.languages", "eng") == 0
    assert trove("folders", "add", str(root)) == 0
    run_index()
    capsys.readouterr()
    assert trove("status") == 0
    out = capsys.readouterr().out
    assert "계약서.png: looks Korean" in out
    assert "`trove config set ocr.languages eng,kor`" in out
    assert trove("config", "set", "ocr.languages", "eng,kor") == 0
    assert run_index()["ocr"]["files"] == 1  # read again by itself
    capsys.readouterr()
    assert trove("status") == 0
    assert "looks Korean" not in capsys.readouterr().out
    e = engine()
    try:
        hits = e.search("보증금", mode="keyword").results
    finally:
        e.close()
    assert [Path(h.path).name for h in hits] == ["계약서.png"]


@needs_tesseract
def test_a_scan_read_with_low_confidence_is_flagged_though_nothing_names_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cjk = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not cjk.exists():
        pytest.skip("no CJK font (fonts-noto-cjk)")
    root = tmp_path / "docs"
    root.mkdir()
    font = ImageFont.truetype(str(cjk), 24)
    image = Image.new("L", (900, 300), 255)
    for n, line in enumerate(["임차인은 보증금 오천만 원을 지급한다.", "계약 기간은 이년이다."]):
        ImageDraw.Draw(image).text((50, 50 + 36 * n), line, fill=0, font=font)
    image.filter(ImageFilter.GaussianBlur(0.6)).save(root / "scan001.png")  # no clue in its name
    assert trove("config", "set", "ocr.engine", "tesseract") == 0
    assert trove("config", "set", "ocr.languages", "eng") == 0
    assert trove("folders", "add", str(root)) == 0
    run_index()
    capsys.readouterr()
    assert trove("status") == 0
    assert "scan001.png: read as noise or with low confidence" in capsys.readouterr().out


@needs_rapidocr
def test_ocr_runs_under_its_own_memory_cap_in_a_worker_capped_for_parsers(
    tmp_path: Path,
) -> None:
    from desktop_app.core.ingest.worker import ExtractionPool
    from desktop_app.core.ocr.engines import OcrJob

    text_page().save(tmp_path / "invoice.png")
    # 512 MB is enough for every parser, not for ONNX Runtime (it crashes under it).
    with ExtractionPool(1, 120, 512) as pool:
        job = OcrJob(engine="rapidocr", memory_mb=3072)
        first = pool.submit(tmp_path / "invoice.png", 400, None, job).result()
        assert first.chunks and "ACME" in first.chunks[0].text.upper()
        # The worker goes back under the parsers' cap (or is replaced) and reads on.
        (tmp_path / "note.txt").write_text("after the scan\n", encoding="utf-8")
        after = pool.submit(tmp_path / "note.txt", 400).result()
        assert after.chunks and after.chunks[0].text == "after the scan"


@needs_rapidocr
def test_rapidocr_on_a_script_it_lacks_reads_little_with_a_confidence_that_flags_it(
    tmp_path: Path,
) -> None:
    """RapidOCR finds the lines of a Korean page but reads few (Chinese/English models): the
    lines it could not read count in the page's confidence, and the file is flagged."""
    from desktop_app.core.ingest.extract import extract
    from desktop_app.core.ingest.ocr_pages import ocr_extracted
    from desktop_app.core.ocr.engines import OcrJob, RapidOcrEngine

    cjk = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not cjk.exists():
        pytest.skip("no CJK font (fonts-noto-cjk)")
    font = ImageFont.truetype(str(cjk), 30)
    lines = [
        "임차인은 보증금 오천만 원을 계약일에 지급한다.",
        "계약 기간은 이년이며 갱신할 수 있다.",
        "관리비는 매월 말일까지 임대인에게 낸다.",
        "수리비는 임대인이 부담하되 소모품은 제외한다.",
        "계약을 해지하려면 석 달 전에 알린다.",
    ]
    image = Image.new("RGB", (1000, 80 + 60 * len(lines)), "white")
    for n, line in enumerate(lines):
        ImageDraw.Draw(image).text((40, 40 + 60 * n), line, fill="black", font=font)
    engine = RapidOcrEngine()
    (korean,) = engine.read([image])
    (english,) = engine.read([text_page()])
    assert not isinstance(korean, Exception) and not isinstance(english, Exception)
    assert korean.confidence is not None and korean.confidence < 0.6
    assert english.confidence is not None and english.confidence > 0.8
    image.save(tmp_path / "scan002.png")  # nothing in its name says Korean
    scan = tmp_path / "scan002.png"
    read = ocr_extracted(scan, extract(scan), OcrJob(engine="rapidocr"))
    assert read.ocr_unreadable == "unknown"
