"""Live indexing under control: pause/resume, stepping aside for searches, fresh changes before a
backlog, and the status the GUI shows. Real watchdog, catalog, Chroma and the NIM simulator."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core import status_report
from desktop_app.core.engine import Engine
from desktop_app.core.index import text_stage
from desktop_app.core.live import LIVE_STATES, LiveIndexer
from desktop_app.core.search import hybrid
from tests.integration.live_helpers import Recorder, indexed, make_engine, running, wait_for
from tests.nimsim import NimSimulator


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "watched"
    folder.mkdir()
    return folder


# Files in the backlogs that a fresh save must overtake. The text stage reads ~1,000 such tiny
# files a second: the backlog must outlast the fresh save's way through watchdog, the quiet period
# and the current slice with seconds to spare on a loaded box (of 1,500, the 300 to spare ran out).
BACKLOG = 3000


def backlog(root: Path, count: int, words: str = "backlog filler") -> None:
    """Many tiny files: an indexing backlog."""
    sub = root / "backlog"
    sub.mkdir()
    for n in range(count):
        (sub / f"b{n:05}.txt").write_text(f"{words} number {n}\n")


def extracted(engine: Engine) -> int:
    return engine.catalog.counts().files["extracted"]


def test_pause_stops_at_a_file_boundary_collects_changes_and_resume_finishes(
    tmp_path: Path, sim: NimSimulator, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each file's slice is committed at once, so the pause (set when the first file is reported
    # indexed) lands while files remain: on an idle machine 300 tiny files fit in one 0.1 s slice.
    # Slices themselves are tested in test_text_stage_slices.py.
    monkeypatch.setattr(text_stage, "_SLICE_S", 0.0)
    backlog(root, 300)
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.2, ceiling_s=5)

    def pause_after_the_first_file(event: dict[str, object]) -> None:
        if event["type"] == "file_indexed" and not indexer.paused:
            indexer.pause()

    recorder.hook = pause_after_the_first_file
    with running(indexer):
        wait_for(lambda: indexer.snapshot()["state"] == "paused")
        recorder.hook = None
        done = extracted(engine)
        assert 1 <= done < 300  # the running reconcile stopped at a file boundary
        (root / "while-paused.txt").write_text("written while paused: kangaroos\n")
        wait_for(lambda: str(root / "while-paused.txt") in indexer.collector.paths())
        time.sleep(0.6)  # longer than the quiet period: the change would have been taken by now
        assert extracted(engine) == done
        snap = indexer.snapshot()
        assert snap["paused"] and snap["folders"][0]["state"] == "paused"
        assert snap["files_waiting"] >= 1
        assert indexer.idle.is_set() is False

        indexer.resume()
        wait_for(lambda: indexer.idle.is_set() and extracted(engine) == 301)
        assert indexed(engine, "kangaroos") == ["while-paused.txt"]
        # Finished work was kept: nothing was indexed twice.
        counts = recorder.indexed_paths()
        assert len(counts) == 301 and set(counts.values()) == {1}
        states = [e["state"] for e in recorder.of("live_state")]
        assert "paused" in states and states[-1] == "idle"


def test_start_paused_does_nothing_until_resumed(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    (root / "a.txt").write_text("armadillos dig burrows\n")
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.2, start_paused=True)
    assert indexer.paused
    with running(indexer):
        # The first status event comes once the watchers run.
        wait_for(lambda: [e["state"] for e in recorder.of("live_state")] == ["paused"])
        (root / "b.txt").write_text("badgers dig setts\n")
        wait_for(lambda: str(root / "b.txt") in indexer.collector.paths())
        time.sleep(0.5)  # nothing may happen: give it the time to go wrong
        assert engine.catalog.counts().files["extracted"] == 0
        assert sim.counters["embeddings"] == 0
        indexer.resume()
        assert not indexer.paused
        wait_for(lambda: indexed(engine, "dig") == ["a.txt", "b.txt"])
        wait_for(lambda: indexer.snapshot()["state"] == "idle" and indexer.idle.is_set())
        assert indexer.snapshot()["chunks_waiting"] == 0


def test_indexing_steps_aside_while_the_user_searches(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    engine.interactive_work.max_wait_s = (
        30  # for this test: a search long enough to see the indexer wait
    )
    indexer = LiveIndexer(engine, quiet_s=0.1)
    with running(indexer):
        wait_for(indexer.idle.is_set)
        with engine.interactive():
            (root / "held.txt").write_text("held back while searching: ocelots\n")
            wait_for(lambda: len(indexer.collector) == 0)  # taken: now waiting at the gate
            time.sleep(0.8)
            assert engine.catalog.files.file(str(root / "held.txt")) is None
            released = time.monotonic()
        wait_for(lambda: engine.catalog.files.file(str(root / "held.txt")) is not None, timeout=5)
        assert time.monotonic() - released < 2.0

        # The wait is bounded: a user searching without end slows indexing, never stops it.
        engine.interactive_work.max_wait_s = 0.2
        with engine.interactive():
            for n in range(3):
                (root / f"later{n}.txt").write_text(f"indexed anyway: lynxes {n}\n")
            wait_for(lambda: len(indexed(engine, "lynxes")) == 3, timeout=15)


def test_search_marks_itself_interactive(
    tmp_path: Path, sim: NimSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(tmp_path / "home", sim.base_url)
    seen: list[bool] = []
    original = hybrid.Searcher.search

    def spy(self: hybrid.Searcher, *args: object, **kwargs: object) -> hybrid.SearchResponse:
        seen.append(engine.interactive_work.busy)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hybrid.Searcher, "search", spy)
    try:
        engine.search("anything", mode="keyword")
        assert seen == [True] and not engine.interactive_work.busy
    finally:
        engine.close()


def test_a_fresh_save_is_indexed_before_the_backlog(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    backlog(root, BACKLOG)
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.1, ceiling_s=5)
    with running(indexer):
        wait_for(lambda: bool(recorder.of("file_indexed")), timeout=60)
        (root / "fresh.txt").write_text("just saved: narwhals\n")
        wait_for(lambda: indexed(engine, "narwhals") == ["fresh.txt"], timeout=30)
        assert extracted(engine) < BACKLOG - 500  # the backlog was far from done
        wait_for(lambda: extracted(engine) == BACKLOG + 1, timeout=120)
        counts = recorder.indexed_paths()
        assert len(counts) == BACKLOG + 1 and set(counts.values()) == {1}


def test_a_fresh_save_goes_before_the_rest_of_a_burst(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    recorder = Recorder()
    # A quiet period longer than writing the burst takes: all of it settles at the same moment.
    indexer = LiveIndexer(engine, recorder, quiet_s=1.5, ceiling_s=30)
    with running(indexer):
        wait_for(indexer.idle.is_set)
        backlog(root, BACKLOG)  # an unzip
        wait_for(lambda: bool(recorder.of("file_indexed")), timeout=60)
        (root / "fresh.txt").write_text("just saved: quokkas\n")
        wait_for(lambda: indexed(engine, "quokkas") == ["fresh.txt"], timeout=30)
        assert extracted(engine) < BACKLOG - 400
        wait_for(lambda: extracted(engine) == BACKLOG + 1, timeout=120)
        counts = recorder.indexed_paths()
        assert len(counts) == BACKLOG + 1 and set(counts.values()) == {1}


def test_a_fresh_save_goes_before_a_folder_moved_in(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    backlog(outside, BACKLOG)
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.1, ceiling_s=5)
    with running(indexer):
        wait_for(indexer.idle.is_set)
        (outside / "backlog").rename(root / "checkout")  # a checkout: thousands of files at once
        wait_for(lambda: bool(recorder.of("file_indexed")), timeout=60)
        (root / "fresh.txt").write_text("just saved: wombats\n")
        wait_for(lambda: indexed(engine, "wombats") == ["fresh.txt"], timeout=30)
        assert extracted(engine) < BACKLOG - 500
        wait_for(lambda: extracted(engine) == BACKLOG + 1, timeout=120)
        counts = recorder.indexed_paths()
        assert len(counts) == BACKLOG + 1 and set(counts.values()) == {1}


def test_a_fresh_save_is_embedded_before_the_vector_backlog(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    backlog(root, 400)
    engine = make_engine(
        tmp_path / "home",
        sim.base_url,
        embedding__batch_size=16,
        embedding__max_in_flight=1,
    )
    engine.add_folder(str(root))
    indexer = LiveIndexer(engine, quiet_s=0.1, ceiling_s=5)
    with running(indexer):
        wait_for(lambda: extracted(engine) == 400, timeout=60)
        sim.config.latency_s = 0.1  # 25 requests of 16 chunks: a few seconds of backlog
        wait_for(lambda: sim.counters["embeddings"] >= 1, timeout=30)
        (root / "fresh.txt").write_text("just saved: axolotls\n")
        wait_for(lambda: indexed(engine, "axolotls") == ["fresh.txt"], timeout=30)
        row = engine.catalog.files.file(str(root / "fresh.txt"))
        assert row is not None
        chunk_ids = [c.id for c in engine.catalog.chunks.of_file(row.id)]
        space = engine.catalog.spaces.active()
        assert space is not None

        def fresh_embedded() -> bool:
            with engine.catalog.reading() as conn:
                rows = conn.execute(
                    "SELECT count(*) FROM embedded WHERE space = ? AND chunk_id = ?",
                    (space.name, chunk_ids[0]),
                ).fetchone()
            return bool(rows[0])

        wait_for(fresh_embedded, timeout=30)
        assert engine.catalog.counts().queued[space.name] > 100  # the backlog still waits
        sim.config.latency_s = 0
        wait_for(lambda: engine.catalog.counts().queued[space.name] == 0, timeout=60)
        assert engine.store.count(space.name) == 401


def test_status_snapshot_and_events_for_the_gui(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    (root / "one.txt").write_text("pelicans fish in the bay\n")
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.1)
    with running(indexer):
        wait_for(lambda: indexer.idle.is_set() and indexer.snapshot()["state"] == "idle")
        snap = indexer.snapshot()
        up_to_date = {
            "state": "up_to_date",
            "passages": 1,
            "waiting": 0,
            "reason": "",
            "since": None,
            "hint": "",
        }
        assert snap == {
            "state": "idle",
            "paused": False,
            "files_waiting": 0,
            "chunks_waiting": 0,
            "passages": 1,
            "nim_message": "",
            "searchable": up_to_date,
            "disk_message": "",
            "folders": [
                {
                    "path": str(root),
                    "state": "up_to_date",
                    "files_indexed": 1,
                    "files_failed": 0,
                    "files_waiting": 0,
                    "passages": 1,
                    "chunks_waiting": 0,
                    "searchable": up_to_date,
                }
            ],
        }
        (root / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
        wait_for(lambda: indexer.snapshot()["folders"][0]["files_failed"] == 1)

        root.rename(tmp_path / "unplugged")  # the drive went away
        wait_for(lambda: indexer.snapshot()["folders"][0]["state"] == "missing")
        assert indexer.snapshot()["folders"][0]["files_indexed"] == 1  # never "all deleted"

    states = [e for e in recorder.of("live_state")]
    assert states[0]["state"] == "starting"
    seen = {e["state"] for e in states}
    assert {"starting", "scanning", "indexing", "embedding", "idle"} <= seen
    assert seen <= set(LIVE_STATES)
    for event in states:
        json.dumps(event)  # JSON-ready, for the owner channel and the GUI bridge
    # Emitted on change only: no two identical events in a row.
    assert all(a != b for a, b in itertools.pairwise(states))


def test_nim_unavailable_is_reported_with_its_message(tmp_path: Path, root: Path) -> None:
    (root / "one.txt").write_text("walruses on the ice\n")
    sim = NimSimulator(profile="local").start()
    port = sim.port
    sim.stop()  # the NIM is down from the start
    engine = make_engine(tmp_path / "home", f"http://127.0.0.1:{port}/v1", nim__max_retries=0)
    engine.add_folder(str(root))
    recorder = Recorder()
    indexer = LiveIndexer(engine, recorder, quiet_s=0.1, retry_vectors_s=60)
    with running(indexer):
        wait_for(lambda: indexer.snapshot()["state"] == "nim_unavailable")
        snap = indexer.snapshot()
        assert snap["nim_message"]
        assert snap["folders"][0]["state"] == "nim_unavailable"
        assert snap["folders"][0]["files_indexed"] == 1
        assert snap["chunks_waiting"] == 1
    assert recorder.of("live_state")[-1]["state"] == "nim_unavailable"


def test_folder_status_counts_from_the_catalog(
    tmp_path: Path, sim: NimSimulator, root: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    for n in range(3):
        (root / f"r{n}.txt").write_text(f"root file {n}\n")
    (root / "bad.pdf").write_bytes(b"not a pdf")
    (other / "o.txt").write_text("other file\n")
    engine = make_engine(tmp_path / "home", sim.base_url)
    try:
        engine.add_folder(str(root))
        engine.add_folder(str(other))
        assert [f["files_indexed"] for f in status_report.folder_status(engine)] == [0, 0]
        engine.index(vectors=False)
        engine.target_space()
        status = {Path(f["path"]).name: f for f in status_report.folder_status(engine)}
        assert status["watched"]["files_indexed"] == 3
        assert status["watched"]["files_failed"] == 1
        assert status["watched"]["chunks_waiting"] == 3
        assert status["other"]["chunks_waiting"] == 1
        assert status["other"]["available"] is True
        engine.embed_pending()
        assert [f["chunks_waiting"] for f in status_report.folder_status(engine)] == [0, 0]
    finally:
        engine.close()


def test_interactive_counts_nested_and_threaded_users(tmp_path: Path, sim: NimSimulator) -> None:
    engine = make_engine(tmp_path / "home", sim.base_url)
    try:
        assert engine.interactive_work.yield_to(5) < 0.1  # nobody searching: no wait
        entered = threading.Event()
        leave = threading.Event()

        def user() -> None:
            with engine.interactive():
                entered.set()
                leave.wait(10)

        thread = threading.Thread(target=user)
        thread.start()
        entered.wait(5)
        with engine.interactive():
            assert engine.interactive_work.busy
        assert engine.interactive_work.busy  # the other user still searches
        assert 0.15 <= engine.interactive_work.yield_to(0.2) < 1.0  # bounded
        threading.Timer(0.2, leave.set).start()
        waited = engine.interactive_work.yield_to(5)
        assert 0.1 <= waited < 2.0  # woken when the search ended, not at the bound
        thread.join(5)
        assert not engine.interactive_work.busy
    finally:
        engine.close()


def test_a_nim_back_is_not_called_unavailable_while_passages_wait(
    tmp_path: Path, root: Path
) -> None:
    """Once the breaker's probe sees the NIM again, the waiting passages wait for the vector
    stage (keyword only), not for a NIM that is down."""
    (root / "one.txt").write_text("walruses on the ice\n")
    sim = NimSimulator(profile="local").start()
    port = sim.port
    sim.stop()
    engine = make_engine(tmp_path / "home", f"http://127.0.0.1:{port}/v1", nim__max_retries=0)
    try:
        engine.add_folder(str(root))
        engine.index()
        assert engine.searchable().state == "nim_unavailable"
        with NimSimulator(profile="local", port=port):
            breaker = engine.nim.breakers["embedding"]
            # The breaker closes, then tells its listeners (the engine clears the vector
            # record's "unavailable"): the state follows a moment after is_open turns false.
            wait_for(lambda: engine.searchable().state != "nim_unavailable", timeout=30)
            assert not breaker.is_open
            searchable = engine.searchable()
            assert searchable.state == "keyword_only" and searchable.waiting == 1
    finally:
        engine.close()


def test_index_now_reads_every_folder_again_and_failed_files_when_asked(
    tmp_path: Path, sim: NimSimulator, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's Re-scan and Retry failed files go through the live indexer (which pauses);
    only the retry reads failed files again."""
    runs: list[bool] = []
    original = text_stage.TextStage.run

    def spy(self: text_stage.TextStage, folders: Any, retry_failed: bool = False) -> Any:
        runs.append(retry_failed)
        return original(self, folders, retry_failed)

    monkeypatch.setattr(text_stage.TextStage, "run", spy)
    (root / "one.txt").write_text("walruses on the ice\n")
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    indexer = LiveIndexer(engine, quiet_s=0.1)
    with running(indexer):
        wait_for(lambda: indexer.idle.is_set() and runs == [False])  # the start's reconcile
        indexer.pause()
        indexer.index_now(retry_failed=True)
        time.sleep(0.5)  # paused: the asked-for pass waits
        assert runs == [False]
        indexer.resume()
        wait_for(lambda: runs == [False, True])
        wait_for(lambda: indexer.idle.is_set())
        indexer.index_now()
        wait_for(lambda: runs == [False, True, False])
