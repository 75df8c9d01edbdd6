"""The text stage commits files in slices: real worker, real catalog, a second connection looking
at what is committed when each event is sent."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.index import text_stage
from desktop_app.core.index.catalog import files as catalog_files
from tests.integration.live_helpers import Recorder, make_engine

NOWHERE = "http://127.0.0.1:9"  # the text stage asks no NIM


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    for n in range(12):
        (root / f"note{n:02}.txt").write_text(f"note number {n}\nabout gardens", encoding="utf-8")
    return root


def committed(catalog_file: Path, path: str) -> tuple[str, int] | None:
    """(state, chunks) of ``path`` as another process would see it now, or None."""
    with sqlite3.connect(f"file:{catalog_file}?mode=ro", uri=True) as other:
        row = other.execute(
            "SELECT state, (SELECT count(*) FROM chunks c WHERE c.file_id = f.id)"
            " FROM files f WHERE path = ?",
            (path,),
        ).fetchone()
    return (row[0], row[1]) if row else None


def test_a_file_is_reported_indexed_once_committed_and_progress_stays_live(
    tmp_path: Path, notes: Path
) -> None:
    engine = make_engine(tmp_path / "home", NOWHERE)
    try:
        engine.add_folder(str(notes))
        catalog_file = engine.dirs.catalog_file
        recorder = Recorder()
        seen_committed: list[tuple[str, int] | None] = []
        progress: list[int] = []

        def check(event: dict[str, Any]) -> None:
            if event["type"] == "file_indexed":
                seen_committed.append(committed(catalog_file, event["path"]))
            elif event["type"] == "progress" and event["stage"] == "text":
                progress.append(event["done"])

        recorder.hook = check
        report = engine.text_stage(recorder).run(engine.folders())
    finally:
        engine.close()
    assert report.indexed == 12
    assert seen_committed == [("extracted", 1)] * 12
    assert progress == list(range(1, 13))  # one step per file, none skipped or repeated


def test_a_file_the_catalog_refuses_fails_alone_within_its_slice(
    tmp_path: Path, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_insert = catalog_files.insert_chunks

    def insert_then_fail(conn: sqlite3.Connection, file_id: int, *args: Any) -> None:
        real_insert(conn, file_id, *args)  # half written: the file row and its chunks
        path = conn.execute("SELECT path FROM files WHERE id = ?", (file_id,)).fetchone()[0]
        if path.endswith("note05.txt"):
            raise sqlite3.IntegrityError("refused")

    monkeypatch.setattr(catalog_files, "insert_chunks", insert_then_fail)
    monkeypatch.setattr(text_stage, "_SLICE_S", 60.0)  # every file in one slice
    engine = make_engine(tmp_path / "home", NOWHERE)
    try:
        engine.add_folder(str(notes))
        recorder = Recorder()
        report = engine.text_stage(recorder).run(engine.folders())
        refused = str(notes / "note05.txt")
        assert report.indexed == 11 and report.failed == 1
        assert [e["path"] for e in recorder.of("file_failed")] == [refused]
        assert refused not in recorder.indexed_paths()
        assert engine.catalog.files.file(refused) is None  # nothing half written stays
        with engine.catalog.reading() as conn:
            assert conn.execute("SELECT count(*) FROM chunks").fetchone() == (11,)
        assert committed(engine.dirs.catalog_file, str(notes / "note11.txt")) == (
            "extracted",
            1,
        )
    finally:
        engine.close()


def test_files_read_are_committed_before_a_big_file_is_hashed(
    tmp_path: Path, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = notes / "zz-big.txt"
    big.write_text("a big file " * 200, encoding="utf-8")
    monkeypatch.setattr(text_stage, "_SLICE_S", 60.0)  # no slice ends by time
    monkeypatch.setattr(text_stage, "_HASH_AFTER_COMMIT_BYTES", 1000)
    real_hash = text_stage.content_hash
    engine = make_engine(tmp_path / "home", NOWHERE)
    committed_then: list[int] = []

    def hash_and_look(path: Path) -> str:
        if path == big:
            with sqlite3.connect(f"file:{engine.dirs.catalog_file}?mode=ro", uri=True) as other:
                committed_then.append(other.execute("SELECT count(*) FROM files").fetchone()[0])
        return real_hash(path)

    monkeypatch.setattr(text_stage, "content_hash", hash_and_look)
    try:
        engine.add_folder(str(notes))
        report = engine.text_stage(Recorder()).run(engine.folders())
    finally:
        engine.close()
    assert report.indexed == 13
    # The pool hashes 10 files ahead of one worker: the big one, 13th, once 3 results are in.
    assert committed_then == [3]


def test_small_files_first_but_the_biggest_start_at_once_on_the_spare_workers() -> None:
    """Read last, one big file kept a worker busy long after the others had run out of files;
    read first by each worker but one, it never holds back the small files."""
    from desktop_app.core.index.records import Folder
    from desktop_app.core.index.scan import ScannedFile

    folder = Folder(1, "/docs", (), (), 0, 0.0)
    jobs = [
        text_stage._Job(folder, ScannedFile(Path(f"/docs/{size}.txt"), size, 0, ""))
        for size in (50, 10, 900, 30, 700, 20)
    ]

    def order(workers: int) -> list[int]:
        return [job.scanned.size for job in text_stage._reading_order(jobs, workers)]

    assert order(1) == [10, 20, 30, 50, 700, 900]
    assert order(2) == [900, 10, 20, 30, 50, 700]
    assert order(3) == [900, 700, 10, 20, 30, 50]
    assert order(0) == order(1)  # in process: one reader
