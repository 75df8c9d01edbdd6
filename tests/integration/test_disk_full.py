"""A full disk is said as such (where, what is free, what Trove needs), loses nothing, and indexing
goes on once there is room. The faults are real where SQLite allows it (a page limit gives a
genuine "database or disk is full") and injected at Chroma's client otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.engine import Engine
from desktop_app.core.errors import DiskFullError
from desktop_app.core.live import LiveIndexer
from tests.integration.live_helpers import Recorder, indexed, make_engine, running, wait_for
from tests.nimsim import NimSimulator

NO_LIMIT = 1_073_741_823


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    for i in range(30):
        body = " ".join(f"harbour{i} lantern{j} tide{i * j}" for j in range(120))
        (root / f"log{i:02d}.txt").write_text(f"Log {i}. {body}\n", "utf-8")
    return root


@pytest.fixture
def engine(tmp_path: Path, sim: NimSimulator, docs: Path) -> Iterator[Engine]:
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(docs))
    yield engine
    engine.close()


def _limit_catalog(engine: Engine, extra_pages: int | None) -> None:
    """Let the catalog grow by ``extra_pages`` more pages only (None: no limit)."""
    with engine.catalog.reading() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        limit = NO_LIMIT if extra_pages is None else pages + extra_pages
        conn.execute(f"PRAGMA max_page_count = {limit}")


def test_full_disk_under_the_catalog_stops_the_run_and_fails_no_file(engine: Engine) -> None:
    _limit_catalog(engine, 4)
    with pytest.raises(DiskFullError) as err:
        engine.index(vectors=False)
    text = str(err.value)
    assert "disk is full" in text and str(engine.dirs.data) in text
    assert "free" in text and "Trove needs at least" in text
    assert "damaged" not in text
    assert engine.catalog.counts().files["failed"] == 0  # no file blamed for the disk

    _limit_catalog(engine, None)  # space came back
    summary = engine.index(vectors=False)
    assert summary["failed"] == 0
    assert engine.catalog.counts().files["extracted"] == 30


def test_full_disk_under_chroma_is_not_called_damage_and_keeps_the_vectors(
    engine: Engine, sim: NimSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    def full(*args: object, **kwargs: object) -> None:
        raise InternalError("Error executing plan: database or disk is full")

    engine.index(vectors=False)
    with monkeypatch.context() as patch:
        patch.setattr(Collection, "upsert", full)
        with pytest.raises(DiskFullError) as err:
            engine.embed_pending()
    assert str(engine.dirs.chroma_dir) in str(err.value) and "damaged" not in str(err.value)
    embedded_before = sim.counters["embeddings"]
    assert embedded_before > 0
    result = engine.embed_pending()  # room again
    assert result["state"] == "ok" and result["reused"] > 0
    assert sim.counters["embeddings"] == embedded_before  # the NIM's work was kept


def test_live_indexing_pauses_on_a_full_disk_and_resumes_when_room_returns(
    engine: Engine,
) -> None:
    recorder = Recorder()
    live = LiveIndexer(engine, recorder, quiet_s=0.05, status_every_s=0.0)
    room = {"free": False}
    live.has_room = lambda where, needed: room["free"]  # the disk as the test says it is
    live.disk_check_s = 0.05
    _limit_catalog(engine, 4)
    with running(live):
        wait_for(lambda: live.snapshot()["state"] == "disk_full")
        state = live.snapshot()
        assert "disk is full" in state["disk_message"]
        assert any("disk is full" in e["message"] for e in recorder.of("warning"))
        assert engine.catalog.counts().files["failed"] == 0
        _limit_catalog(engine, None)
        room["free"] = True
        wait_for(lambda: len(indexed(engine, "harbour3")) == 1)
        wait_for(lambda: live.snapshot()["state"] != "disk_full")
        wait_for(lambda: engine.catalog.counts().files["extracted"] == 30)
        assert engine.catalog.counts().files["failed"] == 0
