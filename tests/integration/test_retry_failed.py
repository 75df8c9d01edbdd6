"""Failed files are read again when their metadata changes or their retry interval passed;
what a scan skipped shows in `trove status`. Real catalog, extraction workers and simulator."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.engine import Engine
from desktop_app.core.index.text_stage import retry_after_s
from desktop_app.core.ingest import registry
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def gated() -> Iterator[None]:
    registry.register([".gated"], "tests.integration.extract_hooks:extract_mode_gated", "test")
    yield
    registry.unregister([".gated"])


def catalog_row(home: Path, name: str) -> tuple[str, int]:
    engine = Engine(resolve_dirs(home), Settings.load(resolve_dirs(home).settings_file))
    try:
        row = next(r for r in engine.catalog.files.failed_files() if r.path.endswith(name))
        return row.state, row.attempts
    finally:
        engine.close()


@pytest.mark.usefixtures("gated")
def test_a_file_whose_permission_is_fixed_is_read_again(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    note = root / "plan.gated"
    note.write_text("the wombat migration plan\n", encoding="utf-8")
    note.chmod(0o000)
    point_at_simulator(sim)
    assert trove("folders", "add", str(root)) == 0
    first = trove_json(capsys, "index", "--text-only")
    assert first["failed"] == 1
    # chmod 644 changes the mode and ctime, not the size or mtime the scan compares.
    st = note.stat()
    note.chmod(0o644)
    os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns))
    second = trove_json(capsys, "index", "--text-only")
    assert (second["indexed"], second["failed"]) == (1, 0)
    assert trove_json(capsys, "search", "wombat", "--mode", "keyword")["results"]


@pytest.mark.usefixtures("gated")
def test_a_failed_file_is_retried_once_its_interval_passed(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "locked.gated").write_text("x\n", encoding="utf-8")
    (root / "locked.gated").chmod(0o000)
    point_at_simulator(sim)
    assert trove("folders", "add", str(root)) == 0
    assert trove_json(capsys, "index", "--text-only")["failed"] == 1
    # Nothing changed and it failed a moment ago: not read again.
    again = trove_json(capsys, "index", "--text-only")
    assert (again["failed"], again["unchanged"]) == (0, 1)
    home = tmp_path / "trove-home"
    assert catalog_row(home, "locked.gated") == ("failed", 1)
    # As if the first interval had passed: read again, and the next interval is longer.
    db = sqlite3.connect(resolve_dirs(home).catalog_file)
    with db:
        db.execute("UPDATE files SET updated_at = updated_at - ?", (retry_after_s(1) + 1,))
    db.close()
    assert trove_json(capsys, "index", "--text-only")["failed"] == 1
    assert catalog_row(home, "locked.gated") == ("failed", 2)
    assert retry_after_s(2) > retry_after_s(1)


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")
def test_status_lists_what_the_scan_skipped(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    root, outside = tmp_path / "docs", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "elsewhere.txt").write_text("not ours\n", encoding="utf-8")
    (root / "mine.txt").write_text("ours\n", encoding="utf-8")
    os.symlink(outside / "elsewhere.txt", root / "link.txt")
    point_at_simulator(sim)
    assert trove("folders", "add", str(root)) == 0
    assert trove("index", "--text-only") == 0
    capsys.readouterr()
    assert trove("status") == 0
    out = capsys.readouterr().out
    assert "Skipped:" in out and f"{root / 'link.txt'}: link outside folder" in out
    status = trove_json(capsys, "status")
    assert [(s["path"], s["reason"]) for s in status["skipped"]] == [
        (str(root / "link.txt"), "link outside folder")
    ]
    # Gone from the list once the next scan no longer meets it.
    (root / "link.txt").unlink()
    assert trove("index", "--text-only") == 0
    assert trove_json(capsys, "status")["skipped"] == []
