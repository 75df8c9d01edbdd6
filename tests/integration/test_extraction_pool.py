"""The extraction pool with real worker processes: timeouts, crashes, memory cap, recovery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import CancelledError
from pathlib import Path

import pytest

from desktop_app.core.errors import CorruptFileError, ExtractionTimeoutError, FileVanishedError
from desktop_app.core.ingest import registry
from desktop_app.core.ingest.worker import ExtractionPool
from desktop_app.core.priority import BACKGROUND_NICE

HOOKS = "tests.integration.extract_hooks:"
posix_only = pytest.mark.skipif(os.name == "nt", reason="signals and RLIMIT_AS are POSIX")


@pytest.fixture(scope="module")
def hooks() -> Iterator[None]:
    """Test-only formats; registered by name, so spawned workers recreate them."""
    registry.register([".hang"], HOOKS + "extract_hang", "test")
    registry.register([".crash"], HOOKS + "extract_crash", "test")
    registry.register([".hog"], HOOKS + "extract_hog", "test")
    registry.register([".pid"], HOOKS + "extract_pid", "test")
    yield
    registry.unregister([".hang", ".crash", ".hog", ".pid"])


@pytest.fixture(scope="module")
def pool(hooks: None) -> Iterator[ExtractionPool]:
    # One pool for the module: spawning workers is the slow part.
    with ExtractionPool(workers=2, timeout_s=1.5, memory_mb=1024) as shared:
        yield shared


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name in ("a.hang", "b.crash", "c.hog", "d.pid"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    for n in range(10):
        (tmp_path / f"note{n}.txt").write_text(f"note {n}\nsecond line", encoding="utf-8")
    return tmp_path


def test_extracts_in_another_process(pool: ExtractionPool, files: Path) -> None:
    result = pool.submit(files / "d.pid").result(timeout=30)
    assert int(result.sections[0].text) != os.getpid()
    assert (
        pool.submit(files / "note1.txt").result(timeout=30).sections[0].text
        == "note 1\nsecond line"
    )


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX scheduling priority")
def test_workers_run_at_background_priority(pool: ExtractionPool, files: Path) -> None:
    worker = int(pool.submit(files / "d.pid").result(timeout=30).sections[0].text)
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    expected = min(19, mine + BACKGROUND_NICE)
    assert os.getpriority(os.PRIO_PROCESS, worker) == expected


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX scheduling priority")
def test_a_foreground_pool_keeps_the_callers_priority(hooks: None, files: Path) -> None:
    """`trove index` in a terminal: the user waits for it, its workers are not backgrounded."""
    with ExtractionPool(workers=1, timeout_s=30, memory_mb=1024, background=False) as foreground:
        worker = int(foreground.submit(files / "d.pid").result(timeout=30).sections[0].text)
        assert os.getpriority(os.PRIO_PROCESS, worker) == os.getpriority(os.PRIO_PROCESS, 0)


def test_hanging_file_times_out_and_the_pool_goes_on(pool: ExtractionPool, files: Path) -> None:
    hung = pool.submit(files / "a.hang")
    after = [pool.submit(files / f"note{n}.txt") for n in range(4)]
    with pytest.raises(ExtractionTimeoutError, match=r"longer than 1\.5 s") as info:
        hung.result(timeout=30)
    assert info.value.path == str(files / "a.hang")
    assert [f.result(timeout=30).sections[0].text.split("\n")[0] for f in after] == [
        f"note {n}" for n in range(4)
    ]
    # The killed worker was replaced: two files can still run side by side.
    assert pool.submit(files / "note5.txt").result(timeout=30).kind == "text"


@posix_only
def test_crashing_reader_fails_only_that_file(pool: ExtractionPool, files: Path) -> None:
    crashed = pool.submit(files / "b.crash")
    with pytest.raises(CorruptFileError, match=r"crashed the reader \(signal 11\)"):
        crashed.result(timeout=30)
    assert pool.submit(files / "note2.txt").result(timeout=30).kind == "text"


@posix_only
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS does not enforce RLIMIT_AS")
def test_memory_cap_turns_a_bomb_into_too_large(pool: ExtractionPool, files: Path) -> None:
    with pytest.raises(CorruptFileError, match="too large to read") as info:
        pool.submit(files / "c.hog").result(timeout=30)
    assert "extract_memory_mb" in info.value.hint
    assert pool.submit(files / "note3.txt").result(timeout=30).kind == "text"


def test_file_errors_cross_the_process_boundary_typed(pool: ExtractionPool, files: Path) -> None:
    with pytest.raises(FileVanishedError) as info:
        pool.submit(files / "missing.pdf").result(timeout=30)
    assert info.value.path == str(files / "missing.pdf")
    assert info.value.hint


def test_map_keeps_order_and_yields_errors_as_values(pool: ExtractionPool, files: Path) -> None:
    paths = [files / "note0.txt", files / "gone.txt", files / "note9.txt"]
    results = list(pool.map(paths))
    assert [p for p, _ in results] == paths
    assert results[0][1].sections[0].text.startswith("note 0")  # type: ignore[union-attr]
    assert isinstance(results[1][1], FileVanishedError)
    assert results[2][1].sections[0].text.startswith("note 9")  # type: ignore[union-attr]


def test_unordered_map_does_not_wait_for_a_slow_file(pool: ExtractionPool, files: Path) -> None:
    paths = [files / "a.hang"] + [files / f"note{n}.txt" for n in range(6)]
    results = list(pool.map(paths, ordered=False, chunk_tokens=64))
    # The hanging file holds one worker for the whole timeout; the notes pass it on the other.
    assert [p for p, _ in results][-1] == files / "a.hang"
    assert sorted(p for p, _ in results) == sorted(paths)
    by_path = dict(results)
    assert isinstance(by_path[files / "a.hang"], ExtractionTimeoutError)
    note = by_path[files / "note3.txt"]
    assert not isinstance(note, Exception)
    assert note.chunks is not None  # chunked into catalog rows in the worker
    assert [(c.text, json.loads(c.location_json)["lines"]) for c in note.chunks] == [
        ("note 3\nsecond line", "1-2")
    ]
    assert note.chunks[0].index_text == "note 3\nsecond line"
    assert note.sections == []  # the text crosses the pipe once


def test_a_caller_waiting_on_a_slow_file_is_told_so(pool: ExtractionPool, files: Path) -> None:
    seen: list[str] = []
    paths = [files / "note0.txt", files / "a.hang"]
    for path, _ in pool.map(paths, ordered=False, on_idle=lambda: seen.append("idle")):
        seen.append(path.name)
    # The hanging file keeps the caller waiting: it hears so once (its moment to commit what it
    # holds), not only when the file times out.
    assert seen[seen.index("note0.txt") + 1 :] == ["idle", "a.hang"]
    seen.clear()
    for path, _ in pool.map(paths[::-1], on_idle=lambda: seen.append("idle")):
        seen.append(path.name)
    assert seen == ["idle", "a.hang", "note0.txt"]


def test_an_in_process_pool_tells_the_caller_before_each_read(files: Path) -> None:
    seen: list[str] = []
    with ExtractionPool(workers=0) as inline:
        paths = [files / "note0.txt", files / "note1.txt", files / "note2.txt"]
        for path, _ in inline.map(paths, ordered=False, on_idle=lambda: seen.append("idle")):
            seen.append(path.name)
    assert seen == ["idle", "idle", "note0.txt", "idle", "note1.txt", "note2.txt"]


def test_in_process_mode_gives_the_same_results(files: Path) -> None:
    with ExtractionPool(workers=0) as inline:
        result = inline.submit(files / "note4.txt").result()
        assert result.sections[0].text == "note 4\nsecond line"
        with pytest.raises(FileVanishedError):
            inline.submit(files / "nope.txt").result()


def test_close_without_waiting_cancels_queued_files(hooks: None, files: Path) -> None:
    short = ExtractionPool(workers=1, timeout_s=60, memory_mb=1024)
    running = short.submit(files / "a.hang")
    queued = short.submit(files / "note1.txt")
    short.close(wait=False)
    for future in (running, queued):
        with pytest.raises(CancelledError):
            future.result(timeout=30)
    with pytest.raises(RuntimeError, match="closed"):
        short.submit(files / "note1.txt")


def test_workers_are_recycled_after_max_tasks(hooks: None, files: Path) -> None:
    with ExtractionPool(workers=1, timeout_s=30, memory_mb=1024, max_tasks_per_worker=2) as small:
        pids = {small.submit(files / "d.pid").result(timeout=30).sections[0].text for _ in range(4)}
    assert len(pids) == 2


_ORPHAN_PARENT = """
import os, signal, sys
from pathlib import Path
from desktop_app.core.ingest import registry
from desktop_app.core.ingest.worker import ExtractionPool

registry.register([".slow"], "tests.integration.extract_hooks:extract_slow", "test")
folder = Path(sys.argv[1])
pool = ExtractionPool(workers=2, timeout_s=60, memory_mb=1024)
pool.submit(folder / "note0.txt").result(timeout=60)  # the workers are up
pool.submit(folder / "e.slow")  # one busy, one idle, when the parent dies:
pool.submit(folder / "note1.txt").result(timeout=60)
os.kill(os.getpid(), signal.SIGKILL)
"""


@posix_only
def test_workers_that_lose_their_parent_exit_quietly(files: Path) -> None:
    (files / "e.slow").write_text("x", encoding="utf-8")
    # The workers share the parent's stderr: reading it to the end waits for them to exit too.
    done = subprocess.run(
        [sys.executable, "-c", _ORPHAN_PARENT, str(files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == -signal.SIGKILL
    assert "Traceback" not in done.stderr
    assert done.stderr == ""
    # The busy worker stopped mid-file instead of reading on for a parent that is gone.
    assert not (files / "e.done").exists()


def test_workers_send_only_the_first_chunks_of_a_capped_file(
    pool: ExtractionPool, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(f"paragraph {n} " + "word " * 60 for n in range(50)), "utf-8")
    result = pool.submit(big, chunk_tokens=64, max_chunks=3).result(timeout=30)
    assert result.chunks is not None and len(result.chunks) == 3
    assert result.chunks_total is not None and result.chunks_total > 3
    assert result.chunks[0].text.startswith("paragraph 0")


def test_a_warm_pool_is_taken_only_by_a_request_for_the_same_pool(tmp_path: Path) -> None:
    """`trove index` starts its workers before loading the engine; the engine's pool takes
    them if it asks for the same pool, and a pool nobody takes is closed."""
    from desktop_app.core.ingest.worker import (
        discard_warm_pool,
        start_warm_pool,
        take_warm_pool,
    )

    note = tmp_path / "note.txt"
    note.write_text("warm workers read this")
    start_warm_pool(1, 30.0, 0)
    assert take_warm_pool(2, 30.0, 0) is None  # another pool: the warm one is closed
    assert take_warm_pool(1, 30.0, 0) is None
    start_warm_pool(1, 30.0, 0)
    with take_warm_pool(1, 30.0, 0) as taken:  # type: ignore[union-attr]
        assert "warm workers" in taken.submit(note).result(timeout=60).text
    start_warm_pool(1, 30.0, 0)
    discard_warm_pool()
    assert take_warm_pool(1, 30.0, 0) is None


_FORK_SERVER = """
import json, os, sys
from pathlib import Path
from desktop_app.core.ingest import registry
from desktop_app.core.ingest.worker import ExtractionPool

registry.register([".pid"], "tests.integration.extract_hooks:extract_pid", "test")
probe = Path(sys.argv[1]) / "d.pid"

def parent_of(pid):
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])

def server_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True

first = ExtractionPool(workers=1, timeout_s=60, memory_mb=1024)
second = ExtractionPool(workers=1, timeout_s=60, memory_mb=1024)
worker = int(first.submit(probe).result(timeout=60).sections[0].text)
server = parent_of(worker)
server_parent = parent_of(server)
first.close()
# Still serving the pool that is left, and its recycled workers.
again = int(second.submit(probe).result(timeout=60).sections[0].text)
alive_with_second = server_alive(server) and parent_of(again) == server
second.close()
print(json.dumps({"me": os.getpid(), "server": server, "server_parent": server_parent,
                  "alive_with_second": alive_with_second, "alive_after": server_alive(server)}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux's")
def test_workers_come_from_a_fork_server_that_ends_with_the_last_pool(files: Path) -> None:
    """On Linux a worker is forked by a fresh server that imported the readers once (not by the
    app, which has threads, and not spawned: an interpreter and its imports per worker); an app
    that is done indexing keeps no such process."""
    done = subprocess.run(
        [sys.executable, "-c", _FORK_SERVER, str(files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["server"] != seen["me"]
    assert seen["server_parent"] == seen["me"]
    assert seen["alive_with_second"]
    assert not seen["alive_after"]  # stopped and reaped with the last pool


def test_trove_index_starts_its_workers_at_the_commands_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's `trove index` starts its (warm) workers in the foreground; the app's pools
    stay in the background."""
    from desktop_app.commands.common import Context
    from desktop_app.core import command_table
    from desktop_app.core.ingest.worker import take_warm_pool

    ctx = Context(str(tmp_path / "home"))
    s = ctx.settings
    limits = (s["index.workers"], s["index.extract_timeout"], s["index.extract_memory_mb"])
    monkeypatch.setattr(command_table, "call", lambda *args: take_warm_pool(*limits))
    taken = ctx.call("index", {}, lambda event: None)
    try:
        assert taken is not None and taken.background is False
    finally:
        taken.close(wait=False)
        ctx.close()
    assert ExtractionPool(workers=0).background is True


_CLI_START = """
import json, os, sys
from pathlib import Path
from desktop_app.core.ingest import registry
from desktop_app.core.ingest.worker import start_warm_pool, take_warm_pool

registry.register([".pid"], "tests.integration.extract_hooks:extract_pid", "test")
registry.register([".crash"], "tests.integration.extract_hooks:extract_crash", "test")
folder = Path(sys.argv[1])

def parent_of(pid):
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])

start_warm_pool(1, 60.0, 1024, background=False)  # as `trove index` does, before anything else
pool = take_warm_pool(1, 60.0, 1024)
first = int(pool.submit(folder / "d.pid").result(timeout=60).sections[0].text)
first_parent = parent_of(first)
try:
    pool.submit(folder / "b.crash").result(timeout=60)
except Exception:
    pass
second = int(pool.submit(folder / "d.pid").result(timeout=60).sections[0].text)
second_parent = parent_of(second)
pool.close()
print(json.dumps({"me": os.getpid(), "first": first, "first_parent": first_parent,
                  "second": second, "second_parent": second_parent}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux's")
def test_trove_index_forks_its_first_workers_and_replaces_them_from_the_fork_server(
    files: Path,
) -> None:
    """The CLI starts its workers before it opens anything or starts a thread: copies of it,
    ready at once. A worker started later (here after a crash) never comes from a process that
    has threads: the fork server makes it."""
    done = subprocess.run(
        [sys.executable, "-c", _CLI_START, str(files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["first_parent"] == seen["me"]
    assert seen["second"] != seen["first"]
    assert seen["second_parent"] not in (seen["me"], seen["first"])


_PRESTART = """
import json, os, sys, time
from pathlib import Path
from desktop_app.core.ingest.worker import ExtractionPool

def children():
    found = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as fh:
            found.update(int(pid) for pid in fh.read().split())
    return found

folder = Path(sys.argv[1])
pool = ExtractionPool(1, 60, 1024, max_tasks_per_worker=3, fork_here=True)
alone = children()
pool.submit(folder / "note1.txt").result(timeout=60)  # 2 files before it retires
deadline = time.monotonic() + 30
while len(children()) <= len(alone) and time.monotonic() < deadline:
    time.sleep(0.05)
print(json.dumps({"before": len(alone), "after_first_file": len(children())}))
pool.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux's")
def test_a_worker_near_its_recycling_gets_the_fork_server_started_for_its_successor(
    files: Path,
) -> None:
    """A pool whose workers were forked from the caller has no fork server yet: it is started
    while a worker reads its last files, so its successor is not waited for."""
    done = subprocess.run(
        [sys.executable, "-c", _PRESTART, str(files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["before"] == 1  # the forked worker
    assert seen["after_first_file"] > seen["before"]  # + the fork server (and its tracker)
