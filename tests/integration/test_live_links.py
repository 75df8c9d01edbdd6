"""Links under live indexing: the watcher's changes pass the scanner's check before any read.
Real watchdog, catalog, Chroma and the NIM simulator."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.live import LiveIndexer
from tests.integration.live_helpers import Recorder, indexed, make_engine, running, wait_for
from tests.nimsim import NimSimulator

needs_symlinks = pytest.mark.skipif(
    not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links"
)


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@needs_symlinks
def test_links_out_of_the_folder_or_to_credentials_are_never_read(
    tmp_path: Path, sim: NimSimulator
) -> None:
    root, outside = tmp_path / "watched", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "id_rsa").write_text("nvapi-outsidekey quokka\n")
    (root / ".env").write_text("NVIDIA_API_KEY=nvapi-envkey numbat\n")
    (root / "report.txt").write_text("quarterly wombats\n")
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.2, ceiling_s=5)
    with running(indexer):
        wait_for(lambda: indexer.idle.is_set() and indexed(engine, "wombats") == ["report.txt"])
        os.symlink(outside / "id_rsa", root / "readme.md")
        os.symlink(".env", root / "notes.txt")
        # An indexed file replaced by a link out of the folder: its old text leaves the index.
        (root / "report.txt").unlink()
        os.symlink(outside / "id_rsa", root / "report.txt")
        wait_for(lambda: engine.catalog.files.file(str(root / "report.txt")) is None)
        (root / "after.txt").write_text("later platypus\n")
        wait_for(lambda: indexer.idle.is_set() and indexed(engine, "platypus") == ["after.txt"])
        assert indexed(engine, "quokka") == indexed(engine, "numbat") == []
        assert indexed(engine, "nvapi") == []
        links = {str(root / name) for name in ("readme.md", "notes.txt")}
        assert not links & set(recorder.indexed_paths())
        assert recorder.indexed_paths()[str(root / "report.txt")] == 1  # the real file, once
        warned = {e["path"] for e in recorder.of("warning")}
        assert links <= warned
