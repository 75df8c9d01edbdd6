"""Finding Tesseract where its installers put it, not only on PATH."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from desktop_app.core.ocr import tesseract_program
from desktop_app.core.ocr.tesseract_program import find_tesseract, usual_places


@pytest.fixture(autouse=True)
def _fresh_lookup():
    find_tesseract.cache_clear()
    yield
    find_tesseract.cache_clear()


def test_windows_places_follow_the_installers_folders(tmp_path: Path) -> None:
    env = {
        "ProgramFiles": str(tmp_path / "PF"),
        "LOCALAPPDATA": str(tmp_path / "Local"),
        "ChocolateyInstall": str(tmp_path / "choco"),
    }
    places = usual_places("win32", env)
    assert places == [
        tmp_path / "PF" / "Tesseract-OCR" / "tesseract.exe",
        tmp_path / "Local" / "Programs" / "Tesseract-OCR" / "tesseract.exe",
        tmp_path / "choco" / "bin" / "tesseract.exe",
    ]


def test_macos_looks_in_homebrew_and_macports() -> None:
    places = [str(p) for p in usual_places("darwin", {})]
    assert "/opt/homebrew/bin/tesseract" in places
    assert "/opt/local/bin/tesseract" in places


def test_found_outside_path_when_installed_in_a_usual_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "Tesseract-OCR" / "tesseract"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(tesseract_program, "usual_places", lambda platform, env: [program])
    assert find_tesseract() == str(program)


def test_none_when_nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_runnable = tmp_path / "tesseract"
    not_runnable.write_text("data, not a program")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(tesseract_program, "usual_places", lambda platform, env: [not_runnable])
    assert find_tesseract() is None
