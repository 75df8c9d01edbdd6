"""Embedded Chroma in a child process: same results as in-process, errors come back typed."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.index.vector_process import VectorProcess
from desktop_app.core.index.vectors import (
    ChromaVectors,
    SpaceNotFoundError,
    VectorStoreUnreachableError,
    space_name,
)
from desktop_app.core.priority import BACKGROUND_NICE
from tests.integration.test_vectors import MODEL, brute_force, metas


def test_child_process_store_answers_like_the_in_process_one(tmp_path: Path) -> None:
    store = VectorProcess(tmp_path / "chroma", write_batch=8)
    try:
        assert store._process.pid != os.getpid()
        if hasattr(os, "getpriority"):  # the window's process gets the CPU first
            mine = os.getpriority(os.PRIO_PROCESS, 0)
            child = os.getpriority(os.PRIO_PROCESS, store._process.pid)
            assert child == min(19, mine + BACKGROUND_NICE)
        name = space_name(MODEL, 16)
        store.ensure_space(name, MODEL, 16)
        data = np.random.default_rng(3).standard_normal((50, 16)).astype(np.float32)
        ids = [f"c{i}" for i in range(50)]
        assert store.upsert(name, ids, data, [f"t{i}" for i in ids], metas(50)) == 50
        assert store.count(name) == 50
        assert sorted(store.ids(name)) == sorted(ids)
        hits = store.query(name, data[7], 5)
        expected = brute_force(data[7], dict(zip(ids, data, strict=True)), 5)
        assert [h.id for h in hits] == [key for key, _ in expected]
        store.delete(name, ids[:10])
        assert store.count(name) == 40
        with pytest.raises(SpaceNotFoundError) as raised:
            store.count("no-such-space")
        assert raised.value.message  # the sentence survives the trip, typed
    finally:
        store.close()
    assert not store._process.is_alive()
    # What the child wrote is there for the next opener (it flushed on close).
    reopened = ChromaVectors.embedded(tmp_path / "chroma")
    try:
        assert reopened.count(space_name(MODEL, 16)) == 40
    finally:
        reopened.close()


def test_a_dead_store_process_is_a_clear_error(tmp_path: Path) -> None:
    store = VectorProcess(tmp_path / "chroma", write_batch=8)
    name = space_name(MODEL, 16)
    store.ensure_space(name, MODEL, 16)
    store._process.kill()
    store._process.join(10)
    for _ in range(2):  # the first call finds the pipe closed, the next one broken
        with pytest.raises(VectorStoreUnreachableError) as raised:
            store.count(name)
        assert "stopped unexpectedly" in raised.value.message
        assert "trove repair" in raised.value.hint
    store.close()  # closing a dead store is quiet


_ORPHAN_PARENT = """
import os, signal, sys, threading, time
from pathlib import Path
from desktop_app.core.index.vector_process import VectorProcess

store = VectorProcess(Path(sys.argv[1]), 64)
store.ensure_space("space-one", "m", 8)
meta = {"path": "/x", "file_id": 1, "location": "{}", "kind": "text", "mtime": 1}
written = threading.Event()

def write():
    for n in range(10_000):
        ids = [f"{n}-{k}" for k in range(1000)]
        if n == 1:
            written.set()  # the first write went through; the second is on its way
        store.upsert("space-one", ids, [[0.1] * 8] * 1000, ["d"] * 1000, [meta] * 1000)

threading.Thread(target=write, daemon=True).start()
written.wait(60)
time.sleep(0.05)
os.kill(os.getpid(), signal.SIGKILL)  # mid-write, as a killed run would
"""


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_the_child_that_loses_its_parent_exits_quietly(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    # The child shares the parent's stderr: reading it to the end waits for the child too.
    done = subprocess.run(
        [sys.executable, "-c", _ORPHAN_PARENT, str(tmp_path / "chroma")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == -signal.SIGKILL
    assert done.stderr == ""
