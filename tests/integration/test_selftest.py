"""`trove selftest`: index and search sample files in a temp dir, keyword-only or with a NIM."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from desktop_app.core.ocr.engines import OcrJob, local_engine_name
from tests.integration.cli_helpers import trove
from tests.nimsim import NimSimulator


def _selftest_root(out: str) -> Path:
    match = re.search(r"self-test in (\S+)", out)
    assert match, out
    return Path(match.group(1))


def test_keyword_only_passes_and_cleans_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert trove("selftest") == 0
    out = capsys.readouterr().out
    for fmt in (".txt", ".md", ".html", ".pdf"):
        assert re.search(rf"\[ok  \] keyword search \({re.escape(fmt)}\)", out), out
    assert "[skip] semantic search: no --nim-url given, so vectors were skipped" in out
    assert "index (text only)" in out
    assert "Self-test passed" in out
    assert not _selftest_root(out).exists()


@pytest.mark.skipif(
    local_engine_name(OcrJob()) is None, reason="no local OCR engine (Tesseract or RapidOCR)"
)
def test_a_scanned_receipt_is_read_by_the_local_ocr_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert trove("selftest") == 0
    out = capsys.readouterr().out
    assert "5 files (.txt, .md in Korean, .html, .pdf, a scanned .png)" in out
    assert re.search(
        r"\[ok  \] OCR of a scanned \.png \((tesseract|rapidocr)\) .*receipt\.png first", out
    ), out


def test_without_a_local_ocr_engine_the_scan_is_skipped_not_failed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("desktop_app.commands.selftest._local_ocr_engine", lambda settings: None)
    assert trove("selftest") == 0
    out = capsys.readouterr().out
    assert "4 files (.txt, .md in Korean, .html, .pdf)" in out
    assert "[skip] OCR: no local OCR engine here" in out
    assert "Self-test passed" in out


def test_with_simulator_embeds_and_finds_by_meaning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key in the environment must not reach the NIM: the self-test runs keyless.
    monkeypatch.setenv("NVIDIA_API_KEY", "nvapi-must-not-be-sent")
    with NimSimulator(profile="local") as sim:
        assert trove("selftest", "--nim-url", sim.base_url, "--keep") == 0
        embed_requests = [r for r in sim.requests if r["path"].endswith("/embeddings")]
    out = capsys.readouterr().out
    assert "index (text + vectors)" in out
    assert re.search(r"\[ok  \] semantic search .*quokka\.txt first", out), out
    assert embed_requests
    assert all("authorization" not in {k.lower() for k in r["headers"]} for r in embed_requests)
    root = _selftest_root(out)
    try:
        assert f"Kept {root}" in out
        assert (root / "files" / "docs" / "lighthouse.pdf").is_file()
        assert (root / "home" / "data" / "catalog.sqlite").is_file()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_nim_refusing_fails_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    with NimSimulator(profile="local") as sim:
        sim.fail_next(401, times=100)
        assert trove("selftest", "--nim-url", sim.base_url) == 1
    captured = capsys.readouterr()
    assert "[FAIL] index (text + vectors): embedding paused" in captured.out
    assert captured.err.startswith("Self-test FAILED: index (text + vectors): embedding paused")
    assert "Traceback" not in captured.err
    assert not _selftest_root(captured.out).exists()


def test_tiny_pdf_is_readable_by_pdfium() -> None:
    import pypdfium2 as pdfium

    from desktop_app.commands.selftest import tiny_pdf

    pdf = pdfium.PdfDocument(tiny_pdf(["Hello (PDF) world", "second line"]))
    try:
        page = pdf[0]
        text = page.get_textpage().get_text_range()
        page.close()
    finally:
        pdf.close()
    assert "Hello (PDF) world" in text
    assert "second line" in text
