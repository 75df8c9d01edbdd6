"""Writing and forgetting chunk rows inside a transaction of ``catalog.files``: a chunk's text row,
its full-text row, its place in every live space's queue and any kept vector go in together, and
leave together (the FTS entry deleted, a tombstone written for every space).

Functions of an open connection, so a caller's transaction covers them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desktop_app.core.index.catalog.batches import BATCH, batches, marks
from desktop_app.core.ingest.rows import PreparedChunk, prepare_chunk
from desktop_app.core.text.fts import to_index_text

__all__ = ["ChunkInput", "forget_chunks", "insert_chunks", "remove_files", "vectors_by_hash"]

# (ordinal, text, location, tokens), as the chunker produces them; or already a catalog row.
ChunkInput = tuple[int, str, Mapping[str, Any], int] | PreparedChunk


def insert_chunks(
    conn: sqlite3.Connection,
    file_id: int,
    chunks: Iterable[ChunkInput],
    kept: dict[str, list[tuple[str, bytes]]],
) -> None:
    """Insert a file's chunks with their full-text rows, queue them for every live space, and
    give those whose text is in ``kept`` (by hash) the vectors kept for it.

    The caller's transaction holds the write lock (it wrote the file's row). One statement per
    table for the whole file: a statement per chunk cost a small-file corpus a third of the
    catalog's time in Python and SQLite's per-statement work."""
    rows = [c if isinstance(c, PreparedChunk) else prepare_chunk(*c) for c in chunks]
    if not rows:
        return
    # The ids AUTOINCREMENT would give one insert at a time: after both the highest id ever
    # given (sqlite_sequence) and the highest id present.
    first = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'chunks'), 0),"
        " coalesce((SELECT max(id) FROM chunks), 0)) + 1"
    ).fetchone()[0]
    ids = range(first, first + len(rows))
    conn.executemany(
        "INSERT INTO chunks(id, file_id, ordinal, text, location, tokens, text_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (chunk_id, file_id, r.ordinal, r.text, r.location_json, r.tokens, r.text_hash)
            for chunk_id, r in zip(ids, rows, strict=True)
        ],
    )
    conn.executemany(
        "INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)",
        [(chunk_id, r.index_text) for chunk_id, r in zip(ids, rows, strict=True)],
    )
    live = [r[0] for r in conn.execute("SELECT name FROM spaces WHERE state != 'retired'")]
    if live:
        conn.executemany(
            "INSERT INTO embed_queue(space, chunk_id) VALUES (?, ?)",
            [(space, chunk_id) for chunk_id in ids for space in live],
        )
    if kept:
        conn.executemany(
            "INSERT OR IGNORE INTO vectors(chunk_id, space, vector) VALUES (?, ?, ?)",
            [
                (chunk_id, space, blob)
                for chunk_id, r in zip(ids, rows, strict=True)
                for space, blob in kept.get(r.text_hash, ())
            ],
        )


def vectors_by_hash(conn: sqlite3.Connection, file_id: int) -> dict[str, list[tuple[str, bytes]]]:
    """The kept vectors of a file's chunks, by chunk text hash: (space, vector) pairs."""
    kept: dict[str, list[tuple[str, bytes]]] = {}
    for digest, space, blob in conn.execute(
        "SELECT c.text_hash, v.space, v.vector FROM chunks c"
        " JOIN vectors v ON v.chunk_id = c.id WHERE c.file_id = ?",
        (file_id,),
    ):
        spaces = kept.setdefault(digest, [])
        if all(s != space for s, _ in spaces):
            spaces.append((space, blob))
    return kept


def forget_chunks(conn: sqlite3.Connection, select: str, params: Sequence[Any]) -> None:
    """Remove chunks' FTS entries and tombstone them in every space (rows deleted by caller)."""
    spaces = [r[0] for r in conn.execute("SELECT name FROM spaces")]
    cursor = conn.execute(select, params)
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            break
        # Contentless FTS5 deletes by the exact indexed text, recomputed from the original.
        conn.executemany(
            "INSERT INTO chunks_fts(chunks_fts, rowid, body) VALUES ('delete', ?, ?)",
            [(chunk_id, to_index_text(text)) for chunk_id, text in rows],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO vector_deletes(space, chunk_id) VALUES (?, ?)",
            [(space, chunk_id) for chunk_id, _ in rows for space in spaces],
        )


def remove_files(conn: sqlite3.Connection, file_ids: Sequence[int]) -> None:
    """Delete files and their chunks, with the chunks' FTS entries and tombstones."""
    for batch in batches(file_ids):
        ids = marks(len(batch))
        forget_chunks(conn, f"SELECT id, text FROM chunks WHERE file_id IN ({ids})", list(batch))
        conn.execute(f"DELETE FROM files WHERE id IN ({ids})", list(batch))
