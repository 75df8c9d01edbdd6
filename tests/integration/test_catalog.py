"""The SQLite catalog on a real database file: schema, file states, chunks, spaces, tombstones."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop_app.core.index.catalog import Catalog, ChunkInput, SearchFilters
from desktop_app.core.index.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    CatalogVersionError,
    Migration,
    connect,
    migrate,
)
from desktop_app.core.search.keyword import keyword_search

DIMS = 4


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with Catalog.open(tmp_path / "data" / "catalog.sqlite") as cat:
        yield cat


def chunks(*texts: str) -> list[ChunkInput]:
    return [(i, t, {"line": i + 1}, len(t.split())) for i, t in enumerate(texts)]


def ids_of(catalog: Catalog, path: str) -> list[int]:
    row = catalog.files.file(path)
    assert row is not None
    return [c.id for c in catalog.chunks.of_file(row.id)]


def fts_ids(catalog: Catalog, word: str) -> list[int]:
    return sorted(h.chunk_id for h in keyword_search(catalog, word, limit=100))


# ------------------------------------------------------------------------ schema


def test_new_catalog_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "catalog.sqlite"
    with Catalog.open(path) as cat:
        with cat.reading() as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {
            "folders",
            "files",
            "chunks",
            "chunks_fts",
            "spaces",
            "embedded",
            "embed_queue",
            "vectors",
            "vector_deletes",
            "meta",
            "conversations",
            "messages",
        } <= tables
    # Reopening an up-to-date catalog changes nothing.
    with Catalog.open(path) as cat, cat.reading() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_migrations_step_forward_from_an_empty_database(tmp_path: Path) -> None:
    conn = connect(tmp_path / "c.sqlite")
    extra = Migration(SCHEMA_VERSION + 1, "add a column", "ALTER TABLE folders ADD note TEXT;")
    assert migrate(conn, [*MIGRATIONS, extra]) == SCHEMA_VERSION + 1
    conn.execute("INSERT INTO folders(path, added_at, note) VALUES ('/x', 0, 'n')")
    conn.close()


def test_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    conn = connect(tmp_path / "c.sqlite")
    migrate(conn)
    broken = Migration(
        SCHEMA_VERSION + 1, "broken", "CREATE TABLE t1(x);\nINSERT INTO nowhere VALUES (1);"
    )
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, [*MIGRATIONS, broken])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 't1'").fetchone() is None
    conn.close()


def test_catalog_from_a_newer_trove_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    Catalog.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(CatalogVersionError) as err:
        Catalog.open(path)
    assert err.value.hint


def test_readonly_catalog_reads_but_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        folder = cat.files.add_folder("/docs")
        cat.files.upsert_file_chunks(
            folder.id, "/docs/a.txt", 1, 1, "h", "text", chunks("hello world")
        )
        with Catalog.open(path, readonly=True) as reader:
            assert [h.path for h in keyword_search(reader, "hello")] == ["/docs/a.txt"]
            with pytest.raises(PermissionError):
                reader.files.add_folder("/other")


def test_fts_index_is_rebuilt_when_the_transform_version_changes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        folder = cat.files.add_folder("/docs")
        cat.files.upsert_file_chunks(
            folder.id, "/docs/a.txt", 1, 1, "h", "text", chunks("날씨는 맑음")
        )
        with cat.transaction() as conn:
            # Simulate an index written by an older transform: plain text, no bigrams.
            conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('delete-all')")
            conn.execute("INSERT INTO chunks_fts(rowid, body) SELECT id, text FROM chunks")
            conn.execute("UPDATE meta SET value = '0' WHERE key = 'fts_transform'")
        assert keyword_search(cat, "날씨") == []
    with Catalog.open(path) as cat:
        assert [h.text for h in keyword_search(cat, "날씨")] == ["날씨는 맑음"]


def test_a_transaction_inside_another_is_undone_alone_and_committed_with_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        folder = cat.files.add_folder("/docs")
        with cat.transaction():  # one commit for a slice of files, as the text stage writes
            cat.files.upsert_file_chunks(folder.id, "/docs/a.txt", 1, 1, "h", "text", chunks("a"))
            with pytest.raises(RuntimeError), cat.transaction() as conn:
                conn.execute("UPDATE files SET kind = 'changed'")
                cat.files.upsert_file_chunks(
                    folder.id, "/docs/b.txt", 1, 1, "h", "text", chunks("bravo")
                )
                raise RuntimeError("this file could not be recorded")
            cat.files.upsert_file_chunks(
                folder.id, "/docs/c.txt", 1, 1, "h", "text", chunks("charlie")
            )
            with sqlite3.connect(path) as other:  # nothing is visible before the commit
                assert other.execute("SELECT count(*) FROM files").fetchone() == (0,)
        with sqlite3.connect(path) as other:
            rows = other.execute("SELECT path, kind FROM files ORDER BY path").fetchall()
        assert rows == [("/docs/a.txt", "text"), ("/docs/c.txt", "text")]
        assert [h.text for h in keyword_search(cat, "charlie")] == ["charlie"]
        assert keyword_search(cat, "bravo") == []
        with pytest.raises(RuntimeError), cat.transaction():
            cat.files.upsert_file_chunks(folder.id, "/docs/d.txt", 1, 1, "h", "text", chunks("d"))
            raise RuntimeError("the whole slice fails")
        assert cat.files.file("/docs/d.txt") is None


# ------------------------------------------------------------------------ folders


def test_folders_add_update_and_find(catalog: Catalog) -> None:
    docs = catalog.files.add_folder("/home/u/docs", ["*.md"], ["tmp/*"], 0)
    inner = catalog.files.add_folder("/home/u/docs/deep", poll=30)
    assert docs.include == ("*.md",) and docs.exclude == ("tmp/*",) and docs.poll == 0
    again = catalog.files.add_folder("/home/u/docs", ["*.txt"], [], 60)
    assert again.id == docs.id and again.include == ("*.txt",) and again.poll == 60
    assert [f.path for f in catalog.files.folders()] == ["/home/u/docs", "/home/u/docs/deep"]
    assert catalog.files.folder_for("/home/u/docs/deep/x.txt") == inner
    assert catalog.files.folder_for("/home/u/docs/x.txt") == again
    assert catalog.files.folder_for("/home/u/docs2/x.txt") is None
    with pytest.raises(ValueError):
        catalog.files.add_folder("relative/path")


def test_remove_folder_removes_its_files_with_tombstones(catalog: Catalog) -> None:
    catalog.spaces.ensure("s", "m", DIMS)
    docs = catalog.files.add_folder("/docs")
    other = catalog.files.add_folder("/other")
    catalog.files.upsert_file_chunks(
        docs.id, "/docs/a.txt", 1, 1, "a", "text", chunks("alpha", "beta")
    )
    catalog.files.upsert_file_chunks(other.id, "/other/b.txt", 1, 1, "b", "text", chunks("alpha"))
    gone = ids_of(catalog, "/docs/a.txt")
    assert catalog.files.remove_folder("/docs") == 1
    assert catalog.files.remove_folder("/docs") == 0
    assert catalog.files.file("/docs/a.txt") is None
    assert catalog.spaces.take_tombstones("s", 10) == gone
    assert [h.path for h in keyword_search(catalog, "alpha")] == ["/other/b.txt"]
    assert catalog.counts().queued == {"s": 1}


# ------------------------------------------------------------------------ files and chunks


def test_upsert_stores_chunks_searchable_and_queued(catalog: Catalog) -> None:
    catalog.spaces.ensure("s", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    file_id = catalog.files.upsert_file_chunks(
        folder.id, "/docs/Report.PDF", 10, 5, "h1", "pdf", chunks("first page", "second page")
    )
    row = catalog.files.file("/docs/Report.PDF")
    assert row is not None
    assert (row.id, row.state, row.ext, row.kind, row.size, row.mtime_ns) == (
        file_id,
        "extracted",
        "pdf",
        "pdf",
        10,
        5,
    )
    stored = catalog.chunks.of_file(file_id)
    assert [(c.ordinal, c.text, c.location) for c in stored] == [
        (0, "first page", {"line": 1}),
        (1, "second page", {"line": 2}),
    ]
    assert [p.chunk_id for p in catalog.spaces.pending_chunks("s", 10)] == [c.id for c in stored]
    assert len(keyword_search(catalog, "page")) == 2


def test_unchanged_hash_keeps_chunks_and_updates_size_and_mtime(catalog: Catalog) -> None:
    catalog.spaces.ensure("s", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(folder.id, "/docs/a.txt", 10, 1, "same", "text", chunks("x y"))
    before = ids_of(catalog, "/docs/a.txt")
    catalog.spaces.mark_embedded("s", before, [[1.0] * DIMS] * len(before))
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/a.txt", 11, 2, "same", "text", chunks("other")
    )
    row = catalog.files.file("/docs/a.txt")
    assert row is not None and (row.size, row.mtime_ns) == (11, 2)
    assert ids_of(catalog, "/docs/a.txt") == before
    assert catalog.spaces.take_tombstones("s", 10) == []
    assert catalog.counts().embedded == {"s": 1}


def test_rechunk_replaces_chunks_and_tombstones_the_old_ids_in_every_space(
    catalog: Catalog,
) -> None:
    catalog.spaces.ensure("old", "m", DIMS, "active")
    catalog.spaces.ensure("new", "m2", DIMS, "building")
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/a.txt", 1, 1, "v1", "text", chunks("one", "two")
    )
    old_ids = ids_of(catalog, "/docs/a.txt")
    catalog.spaces.mark_embedded("old", old_ids)
    catalog.files.upsert_file_chunks(folder.id, "/docs/a.txt", 2, 2, "v2", "text", chunks("three"))
    new_ids = ids_of(catalog, "/docs/a.txt")
    assert set(new_ids).isdisjoint(old_ids) and min(new_ids) > max(old_ids)
    assert catalog.spaces.take_tombstones("old", 10) == old_ids
    assert catalog.spaces.take_tombstones("new", 10) == old_ids
    assert fts_ids(catalog, "one") == [] and fts_ids(catalog, "three") == new_ids
    counts = catalog.counts()
    assert counts.embedded == {"old": 0, "new": 0}
    assert counts.queued == {"old": 1, "new": 1}


def test_chunk_ids_are_never_reused(catalog: Catalog) -> None:
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(folder.id, "/docs/a.txt", 1, 1, "a", "text", chunks("a", "b"))
    first = ids_of(catalog, "/docs/a.txt")
    catalog.files.remove_file("/docs/a.txt")
    catalog.files.upsert_file_chunks(folder.id, "/docs/a.txt", 1, 1, "a", "text", chunks("a", "b"))
    assert min(ids_of(catalog, "/docs/a.txt")) > max(first)


def test_a_part_that_fails_is_undone_alone_unless_the_transaction_has_no_parts(
    catalog: Catalog,
) -> None:
    """The text stage's slices: by default each file of a transaction is a savepoint; with
    ``parts=False`` (a slice's first try) a failure undoes the whole transaction."""
    folder = catalog.files.add_folder("/docs")

    def write(name: str) -> None:
        catalog.files.upsert_file_chunks(folder.id, name, 1, 1, name, "text", chunks(name))

    def refused(name: str) -> None:
        with pytest.raises(RuntimeError), catalog.transaction():
            write(name)
            raise RuntimeError("refused")

    with catalog.transaction():
        write("/docs/onea")
        refused("/docs/oneb")
    assert catalog.files.file("/docs/onea") is not None
    assert catalog.files.file("/docs/oneb") is None  # its savepoint was undone
    with pytest.raises(RuntimeError), catalog.transaction(parts=False):
        write("/docs/twoa")
        refused("/docs/twob")
        raise RuntimeError("the owner undoes it whole")
    assert catalog.files.file("/docs/twoa") is None
    assert catalog.files.file("/docs/twob") is None
    assert fts_ids(catalog, "twoa") == fts_ids(catalog, "twob") == []
    with catalog.transaction(parts=False):
        write("/docs/threea")
        refused("/docs/threeb")
    # No savepoint: what the refused file wrote stayed in the transaction (so the text stage
    # undoes a failed first try whole, then writes the slice again with savepoints).
    assert catalog.files.file("/docs/threeb") is not None
    with catalog.transaction():  # savepoints again
        write("/docs/foura")
        refused("/docs/fourb")
    assert catalog.files.file("/docs/foura") is not None
    assert catalog.files.file("/docs/fourb") is None


def test_exception_mid_upsert_leaves_the_old_chunks(catalog: Catalog) -> None:
    catalog.spaces.ensure("s", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/a.txt", 1, 1, "v1", "text", chunks("original")
    )
    before = ids_of(catalog, "/docs/a.txt")

    def exploding() -> Iterator[ChunkInput]:
        yield (0, "replacement text", {}, 2)
        raise RuntimeError("extractor died half-way")

    with pytest.raises(RuntimeError):
        catalog.files.upsert_file_chunks(folder.id, "/docs/a.txt", 2, 2, "v2", "text", exploding())
    row = catalog.files.file("/docs/a.txt")
    assert row is not None and row.content_hash == "v1" and row.size == 1
    assert ids_of(catalog, "/docs/a.txt") == before
    assert fts_ids(catalog, "original") == before
    assert fts_ids(catalog, "replacement") == []
    assert catalog.spaces.take_tombstones("s", 10) == []
    # The connection is usable again after the rollback.
    catalog.files.upsert_file_chunks(folder.id, "/docs/a.txt", 2, 2, "v2", "text", chunks("fresh"))
    assert len(fts_ids(catalog, "fresh")) == 1


def test_duplicate_ordinals_roll_back_a_new_file(catalog: Catalog) -> None:
    folder = catalog.files.add_folder("/docs")
    with pytest.raises(sqlite3.IntegrityError):
        catalog.files.upsert_file_chunks(
            folder.id, "/docs/a.txt", 1, 1, "h", "text", [(0, "a", {}, 1), (0, "b", {}, 1)]
        )
    assert catalog.files.file("/docs/a.txt") is None
    assert catalog.counts().chunks == 0


def test_crash_of_the_process_mid_upsert_keeps_the_last_commit(tmp_path: Path) -> None:
    """A transaction that never commits (the process dies) is gone when the file is reopened."""
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        folder = cat.files.add_folder("/docs")
        cat.files.upsert_file_chunks(folder.id, "/docs/a.txt", 1, 1, "v1", "text", chunks("kept"))
    # Another connection starts replacing the chunks and is abandoned without COMMIT.
    dying = connect(path)
    dying.execute("BEGIN IMMEDIATE")
    dying.execute("DELETE FROM chunks")
    dying.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('delete-all')")
    dying.close()  # closing with an open transaction rolls it back, as a crash would
    with Catalog.open(path) as cat:
        assert [h.text for h in keyword_search(cat, "kept")] == ["kept"]


def test_mark_failed_keeps_the_reason_and_drops_stale_chunks(catalog: Catalog) -> None:
    catalog.spaces.ensure("s", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/a.pdf", 1, 1, "v1", "pdf", chunks("old text")
    )
    old = ids_of(catalog, "/docs/a.pdf")
    catalog.files.mark_failed(folder.id, "/docs/a.pdf", 2, 2, "corrupt", "The PDF is damaged.")
    catalog.files.mark_failed(
        folder.id, "/docs/b.pdf", 3, 3, "no text", "The PDF has no text layer."
    )
    failed = catalog.files.failed_files()
    assert {(f.path, f.error_kind, f.error) for f in failed} == {
        ("/docs/a.pdf", "corrupt", "The PDF is damaged."),
        ("/docs/b.pdf", "no text", "The PDF has no text layer."),
    }
    assert all(f.state == "failed" and f.content_hash is None for f in failed)
    assert fts_ids(catalog, "old") == []
    assert catalog.spaces.take_tombstones("s", 10) == old
    assert catalog.counts().files == {"discovered": 0, "extracted": 0, "failed": 2}
    # A later successful extraction clears the failure, even with a hash seen before.
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/a.pdf", 2, 2, "v1", "pdf", chunks("new text")
    )
    row = catalog.files.file("/docs/a.pdf")
    assert row is not None and row.state == "extracted" and row.error is None
    assert [f.path for f in catalog.files.failed_files()] == ["/docs/b.pdf"]


def test_mark_discovered_only_adds_new_files(catalog: Catalog) -> None:
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(folder.id, "/docs/a.txt", 1, 1, "h", "text", chunks("a"))
    catalog.files.mark_discovered(folder.id, "/docs/a.txt", 9, 9)
    catalog.files.mark_discovered(folder.id, "/docs/b.txt", 5, 5, "text")
    states = catalog.files.file_states(folder.id)
    assert states["/docs/a.txt"].state == "extracted" and states["/docs/a.txt"].size == 1
    assert states["/docs/b.txt"].state == "discovered"
    assert catalog.counts().files == {"discovered": 1, "extracted": 1, "failed": 0}


def test_file_states_for_incremental_scans(catalog: Catalog) -> None:
    docs = catalog.files.add_folder("/docs")
    other = catalog.files.add_folder("/other")
    catalog.files.upsert_file_chunks(docs.id, "/docs/a.txt", 10, 100, "ha", "text", chunks("a"))
    catalog.files.mark_failed(docs.id, "/docs/b.txt", 20, 200, "locked", "In use.")
    catalog.files.upsert_file_chunks(other.id, "/other/c.txt", 1, 1, "hc", "text", chunks("c"))
    states = catalog.files.file_states(docs.id)
    assert sorted(states) == ["/docs/a.txt", "/docs/b.txt"]
    assert (states["/docs/a.txt"].size, states["/docs/a.txt"].mtime_ns) == (10, 100)
    assert states["/docs/a.txt"].content_hash == "ha"
    assert states["/docs/b.txt"].state == "failed"


def test_remove_file_and_remove_missing(catalog: Catalog) -> None:
    catalog.spaces.ensure("s", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    for name in "abcd":
        catalog.files.upsert_file_chunks(
            folder.id, f"/docs/{name}.txt", 1, 1, name, "text", chunks(name)
        )
    b_ids = ids_of(catalog, "/docs/b.txt")
    assert catalog.files.remove_file("/docs/b.txt") is True
    assert catalog.files.remove_file("/docs/b.txt") is False
    c_ids, d_ids = ids_of(catalog, "/docs/c.txt"), ids_of(catalog, "/docs/d.txt")
    assert catalog.files.remove_missing(folder.id, ["/docs/a.txt", Path("/docs/zzz.txt")]) == 2
    assert sorted(catalog.files.file_states(folder.id)) == ["/docs/a.txt"]
    assert catalog.spaces.take_tombstones("s", 10) == sorted(b_ids + c_ids + d_ids)
    assert catalog.files.remove_missing(folder.id, ["/docs/a.txt"]) == 0


def test_lone_surrogates_in_chunk_text_are_stored(catalog: Catalog) -> None:
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/a.txt", 1, 1, "h", "text", chunks("broken \ud800 decoder")
    )
    assert [h.text for h in keyword_search(catalog, "decoder")] == ["broken \ufffd decoder"]


# ------------------------------------------------------------------------ vector stage


def test_pending_mark_embedded_and_counts_per_space(catalog: Catalog) -> None:
    catalog.spaces.ensure("a", "m", DIMS, "active")
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/x.txt", 1, 1, "x", "text", chunks("p", "q", "r")
    )
    catalog.spaces.ensure("b", "m2", 2, "building")  # a new space queues existing chunks
    pending = catalog.spaces.pending_chunks("a", 2)
    assert len(pending) == 2
    chunk_id, text, path, location = pending[0]
    assert (text, path, location) == ("p", "/docs/x.txt", {"line": 1})
    marked = catalog.spaces.mark_embedded("a", [p.chunk_id for p in pending], np.ones((2, DIMS)))
    assert marked == 2
    counts = catalog.counts()
    assert counts.chunks == 3
    assert counts.embedded == {"a": 2, "b": 0}
    assert counts.queued == {"a": 1, "b": 3}
    assert counts.stored_vectors == {"a": 2, "b": 0}
    assert [p.text for p in catalog.spaces.pending_chunks("a", 10)] == ["r"]
    assert len(catalog.spaces.pending_chunks("b", 10)) == 3
    found = catalog.chunks.ids_matching(SearchFilters(), space="a")
    assert sorted(found) == sorted(p.chunk_id for p in pending)
    # Idempotent: marking again changes nothing.
    catalog.spaces.mark_embedded("a", [chunk_id])
    assert catalog.counts().embedded["a"] == 2


def test_mark_embedded_rejects_wrong_dimensions_and_unknown_spaces(catalog: Catalog) -> None:
    catalog.spaces.ensure("a", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(folder.id, "/docs/x.txt", 1, 1, "x", "text", chunks("p"))
    (chunk_id,) = ids_of(catalog, "/docs/x.txt")
    with pytest.raises(ValueError):
        catalog.spaces.mark_embedded("a", [chunk_id], [[1.0, 2.0]])
    with pytest.raises(KeyError):
        catalog.spaces.mark_embedded("nope", [chunk_id])
    assert catalog.counts().embedded == {"a": 0}


def test_vector_for_a_chunk_deleted_meanwhile_becomes_a_tombstone(catalog: Catalog) -> None:
    catalog.spaces.ensure("a", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(folder.id, "/docs/x.txt", 1, 1, "x", "text", chunks("p", "q"))
    batch = [p.chunk_id for p in catalog.spaces.pending_chunks("a", 10)]
    # The vector stage drains tombstones, then the file is re-chunked while it embeds ...
    catalog.files.upsert_file_chunks(folder.id, "/docs/x.txt", 2, 2, "y", "text", chunks("r"))
    catalog.spaces.clear_tombstones("a", catalog.spaces.take_tombstones("a", 10))
    # ... and only then reports its (now stale) batch as written to Chroma.
    assert catalog.spaces.mark_embedded("a", batch, np.zeros((2, DIMS))) == 0
    assert catalog.spaces.take_tombstones("a", 10) == batch
    assert catalog.counts().embedded == {"a": 0}


def test_tombstones_are_taken_and_cleared(catalog: Catalog) -> None:
    catalog.spaces.ensure("a", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/x.txt", 1, 1, "x", "text", chunks("1", "2", "3")
    )
    ids = ids_of(catalog, "/docs/x.txt")
    catalog.files.remove_file("/docs/x.txt")
    first = catalog.spaces.take_tombstones("a", 2)
    assert first == ids[:2]
    assert catalog.spaces.take_tombstones("a", 2) == first  # taking does not remove: crash-safe
    assert catalog.spaces.clear_tombstones("a", first) == 2
    assert catalog.spaces.take_tombstones("a", 10) == ids[2:]
    assert catalog.counts().tombstones == {"a": 1}


def test_stored_vectors_survive_a_chroma_reset_and_rechunk(catalog: Catalog) -> None:
    catalog.spaces.ensure("a", "m", DIMS, "active")
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/x.txt", 1, 1, "v1", "text", chunks("same", "old")
    )
    ids = ids_of(catalog, "/docs/x.txt")
    vectors = np.arange(2 * DIMS, dtype=np.float32).reshape(2, DIMS)
    catalog.spaces.mark_embedded("a", ids, vectors)
    stored = catalog.spaces.stored_vectors("a", ids)
    np.testing.assert_array_equal(stored[ids[1]], vectors[1])

    catalog.spaces.reset("a")  # Chroma lost the collection
    assert catalog.counts().embedded == {"a": 0}
    assert [p.chunk_id for p in catalog.spaces.pending_chunks("a", 10)] == ids
    assert sorted(catalog.spaces.stored_vectors("a", ids)) == ids

    # Re-chunking keeps the vector of the unchanged chunk under its new id.
    catalog.files.upsert_file_chunks(
        folder.id, "/docs/x.txt", 2, 2, "v2", "text", chunks("same", "new")
    )
    new_ids = ids_of(catalog, "/docs/x.txt")
    reused = catalog.spaces.stored_vectors("a", new_ids)
    assert list(reused) == [new_ids[0]]
    np.testing.assert_array_equal(reused[new_ids[0]], vectors[0])


def test_store_vectors_before_the_chroma_write(catalog: Catalog) -> None:
    catalog.spaces.ensure("a", "m", DIMS)
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(folder.id, "/docs/x.txt", 1, 1, "v1", "text", chunks("p"))
    ids = ids_of(catalog, "/docs/x.txt")
    assert catalog.spaces.store_vectors("a", [*ids, 999_999], [[0.5] * DIMS, [0.5] * DIMS]) == 1
    assert sorted(catalog.spaces.stored_vectors("a", [*ids, 999_999])) == ids
    assert catalog.counts().embedded == {"a": 0}  # stored, not yet in Chroma


def test_space_lifecycle(catalog: Catalog) -> None:
    folder = catalog.files.add_folder("/docs")
    catalog.files.upsert_file_chunks(folder.id, "/docs/x.txt", 1, 1, "x", "text", chunks("p", "q"))
    old = catalog.spaces.ensure("old", "model-a", 4, "active")
    assert catalog.spaces.ensure("old", "model-a", 4, "building") == old  # state left alone
    with pytest.raises(ValueError):
        catalog.spaces.ensure("old", "model-a", 8)
    catalog.spaces.ensure("new", "model-b", 8, "building")
    assert catalog.spaces.active() == old
    catalog.spaces.set_state("new", "active")
    active = catalog.spaces.active()
    assert active is not None and active.name == "new"
    assert {s.name: s.state for s in catalog.spaces.all()} == {"old": "retired", "new": "active"}
    assert catalog.counts().queued == {"old": 0, "new": 2}
    # New chunks are queued for live spaces only, but tombstoned in all.
    catalog.files.upsert_file_chunks(folder.id, "/docs/y.txt", 1, 1, "y", "text", chunks("r"))
    assert catalog.counts().queued == {"old": 0, "new": 3}
    catalog.files.remove_file("/docs/x.txt")
    assert catalog.counts().tombstones == {"old": 2, "new": 2}
    # Bringing a retired space back queues what it lacks.
    catalog.spaces.set_state("old", "building")
    assert catalog.counts().queued == {"old": 1, "new": 1}
    catalog.spaces.add_truncated("new", 3)
    assert catalog.counts().truncated == {"old": 0, "new": 3}
    catalog.spaces.drop("old")
    assert [s.name for s in catalog.spaces.all()] == ["new"]
    with pytest.raises(KeyError):
        catalog.spaces.set_state("old", "active")


# ------------------------------------------------------------------------ filters


def test_chunk_and_file_ids_matching_filters(catalog: Catalog) -> None:
    docs = catalog.files.add_folder("/docs")
    other = catalog.files.add_folder("/other")
    a = catalog.files.upsert_file_chunks(
        docs.id, "/docs/a.pdf", 1, 10**9, "a", "pdf", chunks("1", "2")
    )
    b = catalog.files.upsert_file_chunks(
        docs.id, "/docs/b.md", 1, 3 * 10**9, "b", "markdown", chunks("3")
    )
    catalog.files.upsert_file_chunks(
        other.id, "/other/c.pdf", 1, 5 * 10**9, "c", "pdf", chunks("4")
    )
    catalog.files.mark_failed(docs.id, "/docs/d.pdf", 1, 1, "corrupt", "Damaged.")
    a_ids = ids_of(catalog, "/docs/a.pdf")
    assert sorted(catalog.chunks.ids_matching(SearchFilters(folders=["/docs"], kinds=["pdf"]))) == (
        a_ids
    )
    assert sorted(catalog.files.ids_matching(SearchFilters(folders=["/docs"]))) == [a, b]
    recent = SearchFilters(modified_after=2.0, modified_before=4.0)
    assert catalog.files.ids_matching(recent) == [b]
    assert len(catalog.chunks.ids_matching(SearchFilters(), limit=2)) == 2


# ------------------------------------------------------------------------ threads, conversations


def test_catalog_is_usable_from_several_threads(catalog: Catalog) -> None:
    folder = catalog.files.add_folder("/docs")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                catalog.files.upsert_file_chunks(
                    folder.id, f"/docs/{n}-{i}.txt", 1, 1, f"{n}{i}", "text", chunks(f"word{n}")
                )
                keyword_search(catalog, f"word{n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert catalog.counts().files["extracted"] == 80


def test_conversations_crud(catalog: Catalog) -> None:
    store = catalog.conversations
    first = store.create("Weather questions")
    second = store.create("Budget")
    sources: list[dict[str, Any]] = [{"n": 1, "path": "/docs/a.txt", "chunk_id": 7}]
    store.add_message(first.id, "user", "Will it rain?")
    reply = store.add_message(first.id, "assistant", "Yes [1].", sources)
    assert [(m.role, m.content) for m in store.messages(first.id)] == [
        ("user", "Will it rain?"),
        ("assistant", "Yes [1]."),
    ]
    assert store.messages(first.id)[1].sources == sources == reply.sources
    assert store.list_all()[0].id == first.id  # most recently active first
    store.rename(second.id, "Budget 2027")
    renamed = store.get(second.id)
    assert renamed is not None and renamed.title == "Budget 2027"
    with pytest.raises(ValueError):
        store.add_message(first.id, "robot", "beep")  # type: ignore[arg-type]
    assert store.delete(first.id) is True and store.delete(first.id) is False
    assert store.messages(first.id) == []
    assert [c.id for c in store.list_all()] == [second.id]


def test_maintenance_keeps_the_index_usable(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        folder = cat.files.add_folder("/docs")
        for i in range(30):
            cat.files.upsert_file_chunks(
                folder.id, f"/docs/{i}.txt", 1, 1, f"h{i}", "text", chunks("x")
            )
        cat.optimize()
        cat.checkpoint()
        assert Path(str(path) + "-wal").stat().st_size == 0
        assert len(keyword_search(cat, "x", limit=100)) == 30
        cat.set_meta("last_scan", "2026-11-21")
        assert cat.get_meta("last_scan") == "2026-11-21"
        assert cat.get_meta("missing") is None


def test_answers_stored_with_a_note_get_their_state(tmp_path: Path) -> None:
    """Answers saved before the state column ended in a note; the migration makes it data."""
    conn = connect(tmp_path / "old.sqlite")
    migrate(conn, MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 't', 0, 0)"
    )
    for content in (
        "Fine [1].",
        "Partial [1]\n\n[Answer cancelled]",
        "Half\n\n[Answer incomplete: The NIM stopped.]",
    ):
        conn.execute(
            "INSERT INTO messages(conversation_id, role, content, created_at)"
            " VALUES (1, 'assistant', ?, 0)",
            (content,),
        )
    migrate(conn)
    rows = conn.execute("SELECT content, state, error FROM messages ORDER BY id").fetchall()
    assert rows == [
        ("Fine [1].", "complete", None),
        ("Partial [1]", "cancelled", None),
        ("Half", "failed", "The NIM stopped."),
    ]
    conn.close()
