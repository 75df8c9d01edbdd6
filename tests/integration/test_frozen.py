"""The frozen app (PyInstaller one-folder build) starts, passes its self-test and OCRs a scanned
page with the engine it bundles (RapidOCR) and, where the system has it, Tesseract.

Slow (builds dist/Trove when missing, about two minutes here; the checks take about a minute
more), so it runs only when asked:
    TROVE_FROZEN_TEST=1 pytest -m slow tests/integration/test_frozen.py
The same check without pytest: python installers/smoke_test.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("TROVE_FROZEN_TEST") != "1",
        reason="builds and runs the frozen app; set TROVE_FROZEN_TEST=1 to run it",
    ),
]


def test_frozen_app_passes_smoke_test() -> None:
    # A subprocess, not an import: the smoke test starts the NIM simulator and the bundle's
    # executables itself, and its helper modules live in installers/, which is not a package.
    done = subprocess.run(
        [sys.executable, str(ROOT / "installers" / "smoke_test.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "Smoke test passed." in done.stdout
    assert "ok   trove selftest --nim-url" in done.stdout
    # The scanned page was read by the bundled engine and found by a word of it.
    assert "ok   OCR with rapidocr: " in done.stdout
