"""Live folders: real watchdog on temp folders, real catalog and Chroma, the NIM simulator."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.core.engine import Engine
from desktop_app.core.index.catalog import SearchFilters
from desktop_app.core.index.changes import ChangeCollector
from desktop_app.core.live import LiveIndexer
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.nimsim import NimSimulator


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)  # polling the index: the engine has no per-file signal to wait on


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Engine, LiveIndexer, Path, NimSimulator]]:
    root = tmp_path / "watched"
    root.mkdir()
    (root / "start.txt").write_text("initial file about lighthouses\n")
    with NimSimulator(profile="local") as sim:
        settings = Settings()
        settings.set("embedding.base_url", sim.base_url)
        settings.set("index.workers", 1)
        engine = Engine(resolve_dirs(tmp_path / "home"), settings)
        engine.add_folder(str(root))
        indexer = LiveIndexer(engine, quiet_s=0.2, ceiling_s=5)
        stop = threading.Event()
        thread = threading.Thread(target=indexer.run, args=(stop,))
        thread.start()
        try:
            wait_for(lambda: indexed(engine, "lighthouses"))
            yield engine, indexer, root, sim
        finally:
            stop.set()
            thread.join(timeout=30)
            engine.close()


def indexed(engine: Engine, word: str) -> list[str]:
    response = engine.search(word, mode="keyword", filters=SearchFilters())
    return sorted(Path(r.path).name for r in response.results)


def test_create_modify_delete_and_rename(live) -> None:
    engine, _, root, _ = live
    (root / "a.txt").write_text("zebras graze on the savanna\n")
    wait_for(lambda: indexed(engine, "zebras") == ["a.txt"])

    (root / "a.txt").write_text("giraffes browse acacia trees\n")
    wait_for(lambda: indexed(engine, "giraffes") == ["a.txt"] and not indexed(engine, "zebras"))

    (root / "a.txt").rename(root / "b.txt")
    wait_for(lambda: indexed(engine, "giraffes") == ["b.txt"])

    (root / "b.txt").unlink()
    wait_for(lambda: not indexed(engine, "giraffes"))
    assert engine.catalog.files.file(str(root / "b.txt")) is None


def test_folder_moves_and_deletes(live) -> None:
    engine, _, root, _ = live
    sub = root / "sub"
    sub.mkdir()
    (sub / "deep.md").write_text("# Orchids\n\norchids need humidity\n")
    wait_for(lambda: indexed(engine, "orchids") == ["deep.md"])
    sub.rename(root / "moved")
    wait_for(
        lambda: (
            engine.catalog.files.file(str(root / "moved" / "deep.md")) is not None
            and engine.catalog.files.file(str(sub / "deep.md")) is None
        )
    )
    shutil.rmtree(root / "moved")
    wait_for(lambda: not indexed(engine, "orchids"))


def test_editor_save_by_rename_and_temp_files(live) -> None:
    engine, _, root, _ = live
    target = root / "notes.md"
    target.write_text("first draft about comets\n")
    wait_for(lambda: indexed(engine, "comets") == ["notes.md"])
    tmp = root / ".notes.md.swp"
    tmp.write_text("second draft about asteroids\n")
    os.replace(tmp, target)  # what vim and many editors do
    (root / "~$report.docx").write_bytes(b"lock file")
    wait_for(lambda: indexed(engine, "asteroids") == ["notes.md"])
    assert engine.catalog.files.file(str(root / "~$report.docx")) is None
    assert engine.catalog.files.file(str(tmp)) is None


def test_burst_is_processed_once_each_and_embedded(live) -> None:
    engine, _, root, _ = live
    burst = root / "burst"
    burst.mkdir()
    for n in range(300):
        (burst / f"f{n:04}.txt").write_text(f"burst file number {n} keyword pelican\n")
    wait_for(lambda: engine.catalog.counts().files["extracted"] == 301, timeout=90)
    wait_for(
        lambda: engine.catalog.counts().queued.get(engine.catalog.spaces.active().name, 1) == 0,
        timeout=90,
    )
    counts = engine.catalog.counts()
    assert counts.chunks == 301
    assert engine.store.count(engine.catalog.spaces.active().name) == 301


def test_nim_down_then_back_embeds_everything(tmp_path: Path) -> None:
    root = tmp_path / "watched"
    root.mkdir()
    (root / "one.txt").write_text("walruses on the ice\n")
    sim = NimSimulator(profile="local").start()
    port = sim.port
    sim.stop()  # the NIM is down from the start
    settings = Settings()
    settings.set("embedding.base_url", f"http://127.0.0.1:{port}/v1")
    settings.set("index.workers", 1)
    settings.set("nim.max_retries", 0)
    engine = Engine(resolve_dirs(tmp_path / "home"), settings)
    engine.add_folder(str(root))
    indexer = LiveIndexer(engine, quiet_s=0.2, retry_vectors_s=0.5)
    stop = threading.Event()
    thread = threading.Thread(target=indexer.run, args=(stop,))
    thread.start()
    try:
        wait_for(lambda: indexed(engine, "walruses") == ["one.txt"])
        wait_for(lambda: indexer.vectors_paused)
        (root / "two.txt").write_text("penguins on the ice\n")
        wait_for(lambda: indexed(engine, "penguins") == ["two.txt"])
        with NimSimulator(profile="local", port=port):
            wait_for(lambda: not indexer.vectors_paused, timeout=30)
            # The breaker's probe lifts the pause first; the space is built by the next step.

            def embedded() -> bool:
                space = engine.catalog.spaces.active()
                return space is not None and engine.catalog.counts().queued.get(space.name, 0) == 0

            wait_for(embedded, timeout=30)
            space = engine.catalog.spaces.active()
            assert space is not None and engine.store.count(space.name) == 2
    finally:
        stop.set()
        thread.join(timeout=30)
        engine.close()


def test_collector_debounces_and_has_a_ceiling() -> None:
    now = [0.0]
    collector = ChangeCollector(quiet_s=1.0, ceiling_s=5.0, clock=lambda: now[0])
    for _ in range(1000):
        collector.mark("/nonexistent/a.txt")
    assert len(collector) == 1
    assert collector.take_ready() == []  # not quiet yet
    for t in range(1, 5):  # keeps changing every second: quiet never comes...
        now[0] = t - 0.5
        collector.mark("/nonexistent/a.txt")
    now[0] = 5.0
    assert [c.path for c in collector.take_ready()] == ["/nonexistent/a.txt"]  # ...the ceiling does
