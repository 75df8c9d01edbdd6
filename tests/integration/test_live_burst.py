"""Live folders under stress: a 2,000-file burst, a file replaced while it is read, and kill -9
of `trove watch` in the middle of a burst. Real watchdog, catalog, Chroma and the NIM simulator."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.index import text_stage
from desktop_app.core.index.catalog import Catalog, SearchFilters
from desktop_app.core.index.vectors import ChromaVectors
from desktop_app.core.live import LiveIndexer
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.integration.live_helpers import Recorder, indexed, make_engine, running, wait_for
from tests.nimsim import NimSimulator


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


def test_a_burst_of_2000_files_is_indexed_once_each(tmp_path: Path, sim: NimSimulator) -> None:
    root = tmp_path / "watched"
    root.mkdir()
    (root / "start.txt").write_text("the first file\n")
    engine = make_engine(tmp_path / "home", sim.base_url, embedding__batch_size=128)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.3, ceiling_s=10)
    with running(indexer):
        wait_for(indexer.idle.is_set)
        burst = root / "unzipped"
        burst.mkdir()
        for n in range(2000):
            (burst / f"f{n:04}.txt").write_text(f"burst file token{n:04}x\n")
        wait_for(lambda: engine.catalog.counts().files["extracted"] == 2001, timeout=120)
        space = engine.catalog.spaces.active()
        assert space is not None
        wait_for(lambda: engine.catalog.counts().queued[space.name] == 0, timeout=120)

        counts = recorder.indexed_paths()
        burst_counts = {p: c for p, c in counts.items() if "/unzipped/" in p}
        assert len(burst_counts) == 2000
        assert set(burst_counts.values()) == {1}  # each processed once after it settled
        assert engine.catalog.counts().chunks == 2001
        assert engine.store.count(space.name) == 2001
        for n in (0, 777, 1999):
            assert indexed(engine, f"token{n:04}x") == [f"f{n:04}.txt"]
        hits = engine.search("burst file", mode="keyword", limit=50, filters=SearchFilters())
        paths = [r.path for r in hits.results]
        assert len(paths) == len(set(paths)) == 50  # no duplicates
        semantic = engine.search("burst file token0777x", mode="semantic", limit=20)
        assert len({r.path for r in semantic.results}) == len(semantic.results) > 0


def test_a_file_replaced_while_it_is_read_is_read_again(
    tmp_path: Path, sim: NimSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each file committed (and reported) on its own, not in a slice of files: the small file's
    # event then comes while the target is still in the worker.
    monkeypatch.setattr(text_stage, "_SLICE_S", 0.0)
    root = tmp_path / "watched"
    root.mkdir()
    (root / "small.txt").write_text("a small note\n")
    target = root / "target.txt"
    target.write_text("obsolete zeppelins\n" * 200)
    engine = make_engine(tmp_path / "home", sim.base_url)
    # Polled once an hour: no watcher event will come to the rescue, only the re-read can.
    engine.add_folder(str(root), poll=3600)
    recorder = Recorder()

    def replace_target(event: dict[str, Any]) -> None:
        # The small file is done first; the target is in the extraction workers now.
        if event["type"] == "file_indexed" and event["path"].endswith("small.txt"):
            replacement = root / ".target.txt.tmp"
            replacement.write_text("fresh dirigibles\n" * 50)
            os.replace(replacement, target)  # an atomic save, mid-index

    recorder.hook = replace_target
    indexer = LiveIndexer(engine, recorder, quiet_s=0.2)
    with running(indexer):
        wait_for(
            lambda: indexer.idle.is_set() and engine.catalog.files.file(str(target)) is not None
        )
        assert indexed(engine, "dirigibles") == ["target.txt"]
        assert indexed(engine, "zeppelins") == []
        row = engine.catalog.files.file(str(target))
        assert row is not None and row.size == target.stat().st_size
        assert recorder.indexed_paths()[str(target)] == 1  # the old read was never stored


def _watch(env: dict[str, str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert "Watching" in proc.stdout.readline()
    return proc


def _chroma_count(home: Path) -> int:
    with Catalog.open(home / "data" / "catalog.sqlite") as catalog:
        space = catalog.spaces.active()
        assert space is not None
        name = space.name
    with ChromaVectors.embedded(home / "data" / "chroma") as store:
        return store.count(name)


def _note(n: int) -> str:
    return f"# Note {n}\n\n" + " ".join(f"word{n}x{i}" for i in range(400)) + "\n"


def test_kill_9_of_trove_watch_mid_burst_then_restart_equals_a_clean_run(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    home = Path(os.environ["TROVE_HOME"])
    docs = tmp_path / "docs"
    docs.mkdir()
    point_at_simulator(sim)
    assert trove("folders", "add", str(docs)) == 0
    env = dict(os.environ)
    sim.config.latency_s = 0.05
    watch = _watch(env)
    try:
        for n in range(80):
            (docs / f"note{n:03}.md").write_text(_note(n))
        deadline = time.monotonic() + 60
        while sim.counters["embeddings"] < 2:  # the live burst is being embedded
            assert time.monotonic() < deadline, "the burst never reached the NIM"
            time.sleep(0.05)
    finally:
        watch.send_signal(signal.SIGKILL)
        watch.communicate()
    sim.config.latency_s = 0
    # Changes while nothing watched: the restart's reconcile must find them.
    (docs / "note000.md").unlink()
    (docs / "note001.md").write_text(_note(1001))
    (docs / "late.md").write_text(_note(999))

    watch = _watch(env)
    try:

        def settled() -> bool:
            status = trove_json(capsys, "status")  # answered by the running `trove watch`
            spaces = status["spaces"]
            return status["files"]["extracted"] == 80 and bool(spaces) and spaces[0]["queued"] == 0

        wait_for(settled, timeout=90)
        after_crash = trove_json(capsys, "status")
    finally:
        watch.send_signal(signal.SIGTERM)
        watch.communicate(timeout=30)
    assert watch.returncode == 0
    assert _chroma_count(home) == after_crash["chunks"]
    assert after_crash["spaces"][0]["embedded"] == after_crash["chunks"]

    clean_home = tmp_path / "clean-home"
    os.environ["TROVE_HOME"] = str(clean_home)
    point_at_simulator(sim)
    assert trove("folders", "add", str(docs)) == 0
    trove_json(capsys, "index")
    clean = trove_json(capsys, "status")
    assert clean["files"] == after_crash["files"]
    assert clean["chunks"] == after_crash["chunks"]
    assert _chroma_count(clean_home) == after_crash["chunks"]
    assert [
        h["path"]
        for h in trove_json(capsys, "search", "word1001x7", "--mode", "keyword")["results"]
    ] == [str(docs / "note001.md")]
