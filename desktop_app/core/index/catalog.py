"""The catalog: SQLite source of truth for folders, files, chunks, their full-text index and which
chunks have vectors in which embedding space. Chroma is a cache rebuilt from it.

Threading: one connection, shared by every thread behind a lock (``check_same_thread=False``).
Each public method is one short transaction (``BEGIN IMMEDIATE`` for writes), so callers on any
thread see whole changes only. The design assumes one writer thread (the pipeline's) and a few
readers (search, status); a reader that wants to run beside a long write can open a second
``Catalog.open(path, readonly=True)``.

Contracts the vector stage relies on:

* Chunk ids are never reused (AUTOINCREMENT); they are the Chroma ids.
* When chunks are deleted or replaced, their ids are written to ``vector_deletes`` (tombstones)
  for every embedding space in the same transaction; ``take_tombstones`` / ``clear_tombstones``
  drain them after the Chroma delete, so a crash in between only repeats an idempotent delete.
* ``pending_chunks(space)`` is a queue: chunks of extracted files not yet marked embedded.
  ``mark_embedded`` for an id that has since been deleted writes a tombstone instead, so a vector
  upserted for a chunk that vanished while it was being embedded is deleted too.
* Vectors are kept in ``vectors`` (float32) when given, so a lost Chroma collection is refilled
  with ``reset_space`` + ``stored_vectors`` without calling the NIM again. When a file is
  re-chunked, unchanged chunks (same text, same file) inherit the stored vectors of the old ones
  (this assumes the embedded input is a function of the chunk text and its file; pass
  ``reuse_vectors=False`` otherwise).

One round of the vector stage, for one space::

    ids = catalog.take_tombstones(space, 256)
    store.delete(space, ids); catalog.clear_tombstones(space, ids)
    batch = catalog.pending_chunks(space, 64)
    cached = catalog.stored_vectors(space, [c.chunk_id for c in batch])  # no NIM call for these
    vectors = nim.embed([c.text for c in batch if c.chunk_id not in cached])
    catalog.store_vectors(space, those_ids, vectors)    # before Chroma: a failed write costs no GPU
    store.upsert(space, ...); catalog.mark_embedded(space, [c.chunk_id for c in batch])
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from desktop_app.core.index.records import (
    FILE_STATES,
    SPACE_STATES,
    CatalogCounts,
    ChunkRow,
    FileRow,
    Folder,
    PendingChunk,
    Space,
    SpaceState,
)
from desktop_app.core.index.schema import (
    SCHEMA_VERSION,
    CatalogVersionError,
    connect,
    migrate,
)
from desktop_app.core.ingest.rows import PreparedChunk, prepare_chunk, text_hash
from desktop_app.core.text.fts import TRANSFORM_VERSION, to_index_text

if TYPE_CHECKING:
    from desktop_app.core.index.conversations import Conversations

__all__ = ["Catalog", "ChunkInput", "FolderCounts", "text_hash"]

# (ordinal, text, location, tokens), as the chunker produces them; or already a catalog row.
ChunkInput = tuple[int, str, Mapping[str, Any], int] | PreparedChunk
VectorLike = Sequence[float] | npt.NDArray[Any]

_BATCH = 500  # rows per executemany / IN list: well under SQLite's variable limit


class FolderCounts(NamedTuple):
    """One folder's files per state and its chunks still waiting for a vector in one space."""

    extracted: int
    failed: int
    discovered: int
    queued: int


_FTS_META_KEY = "fts_transform"


def _ext(path: str) -> str:
    return PurePath(path).suffix.lower().lstrip(".")


def _batches(items: Sequence[Any], size: int = _BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_FILE_COLUMNS = (
    "id, folder_id, path, size, mtime_ns, content_hash, kind, ext, state, error, error_kind,"
    " updated_at"
)


def _file_row(row: sqlite3.Row | tuple[Any, ...]) -> FileRow:
    return FileRow(*row)


def _folder(row: tuple[Any, ...]) -> Folder:
    return Folder(
        id=row[0],
        path=row[1],
        include=tuple(json.loads(row[2])),
        exclude=tuple(json.loads(row[3])),
        poll=int(row[4]),
        added_at=row[5],
    )


_CHUNK_SELECT = (
    "SELECT c.id, c.file_id, f.path, c.ordinal, c.text, c.location, c.tokens, f.kind, f.mtime_ns"
    " FROM chunks c JOIN files f ON f.id = c.file_id"
)


def _chunk_row(row: tuple[Any, ...]) -> ChunkRow:
    return ChunkRow(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), *row[6:])


def _space(row: tuple[Any, ...]) -> Space:
    return Space(*row)


class Catalog:
    """The SQLite catalog of one data dir; open with ``Catalog.open(path)``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool = False) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._closed = False
        self.path = path
        self.readonly = readonly

    # ---------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Catalog:
        """Open (creating and migrating if needed) the catalog at ``path``."""
        file = Path(path)
        if not readonly:
            file.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(file, readonly=readonly)
        try:
            if readonly:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if version != SCHEMA_VERSION:
                    raise CatalogVersionError(
                        f"The index has schema version {version}; this Trove reads "
                        f"{SCHEMA_VERSION}.",
                        hint="Open it once with the Trove that owns it, or rebuild the index.",
                    )
            else:
                migrate(conn)
            catalog = cls(conn, file, readonly=readonly)
            if not readonly:
                catalog._check_fts_transform()
        except BaseException:
            conn.close()
            raise
        return catalog

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, held exclusively for a read (for the search modules of the core)."""
        with self._lock:
            yield self._conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        with self._lock:
            if self.readonly:
                raise PermissionError("this catalog was opened read-only")
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @property
    def conversations(self) -> Conversations:
        """Chat conversations and their messages, stored in this catalog."""
        from desktop_app.core.index.conversations import Conversations

        return Conversations(self)

    # ---------------------------------------------------------------- meta

    def get_meta(self, key: str) -> str | None:
        """A value from the small key/value table, or None."""
        with self.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the small key/value table."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # ---------------------------------------------------------------- folders

    def add_folder(
        self,
        path: str | os.PathLike[str],
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        poll: int = 0,
    ) -> Folder:
        """Add a folder (absolute path), or update the patterns and polling of a known one."""
        folder = os.fspath(path)
        if not os.path.isabs(folder):
            raise ValueError(f"folder path must be absolute: {folder!r}")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO folders(path, include, exclude, poll, added_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(path) DO UPDATE SET include = excluded.include,"
                " exclude = excluded.exclude, poll = excluded.poll",
                (
                    folder,
                    json.dumps(list(include)),
                    json.dumps(list(exclude)),
                    int(poll),
                    time.time(),
                ),
            )
            row = conn.execute(
                "SELECT id, path, include, exclude, poll, added_at FROM folders WHERE path = ?",
                (folder,),
            ).fetchone()
        return _folder(row)

    def remove_folder(self, path: str | os.PathLike[str]) -> int:
        """Forget a folder and everything indexed in it (with tombstones); return files removed."""
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM folders WHERE path = ?", (os.fspath(path),)
            ).fetchone()
            if row is None:
                return 0
            folder_id = row[0]
            count = conn.execute(
                "SELECT count(*) FROM files WHERE folder_id = ?", (folder_id,)
            ).fetchone()[0]
            self._forget_chunks(
                conn,
                "SELECT c.id, c.text FROM chunks c JOIN files f ON f.id = c.file_id"
                " WHERE f.folder_id = ?",
                (folder_id,),
            )
            # Cascades: files -> chunks -> embedded / embed_queue / vectors.
            conn.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
        return int(count)

    def folders(self) -> list[Folder]:
        """Every indexed folder, in the order they were added."""
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT id, path, include, exclude, poll, added_at FROM folders ORDER BY id"
            ).fetchall()
        return [_folder(r) for r in rows]

    def folder_for(self, path: str | os.PathLike[str]) -> Folder | None:
        """The innermost indexed folder that contains ``path`` (or is it), if any."""
        target = Path(path)
        best: Folder | None = None
        for folder in self.folders():
            inside = target == Path(folder.path) or target.is_relative_to(folder.path)
            if inside and (best is None or len(folder.path) > len(best.path)):
                best = folder
        return best

    # ---------------------------------------------------------------- files

    def file(self, path: str | os.PathLike[str]) -> FileRow | None:
        """The catalog row of one file, or None."""
        with self.reading() as conn:
            row = conn.execute(
                f"SELECT {_FILE_COLUMNS} FROM files WHERE path = ?", (os.fspath(path),)
            ).fetchone()
        return None if row is None else _file_row(row)

    def file_states(self, folder_id: int) -> dict[str, FileRow]:
        """Every known file of a folder by path, for incremental scans (size, mtime, hash)."""
        with self.reading() as conn:
            rows = conn.execute(
                f"SELECT {_FILE_COLUMNS} FROM files WHERE folder_id = ?", (folder_id,)
            ).fetchall()
        return {r[2]: _file_row(r) for r in rows}

    def failed_files(self, folder_id: int | None = None) -> list[FileRow]:
        """Files that could not be indexed, with their reasons, newest first."""
        sql = f"SELECT {_FILE_COLUMNS} FROM files WHERE state = 'failed'"
        params: tuple[Any, ...] = ()
        if folder_id is not None:
            sql += " AND folder_id = ?"
            params = (folder_id,)
        with self.reading() as conn:
            rows = conn.execute(sql + " ORDER BY updated_at DESC, path", params).fetchall()
        return [_file_row(r) for r in rows]

    def mark_discovered(
        self,
        folder_id: int,
        path: str | os.PathLike[str],
        size: int,
        mtime_ns: int,
        kind: str = "",
    ) -> int:
        """Record a newly found file as 'discovered' (a known file is left as it is); its id."""
        file = os.fspath(path)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO files(folder_id, path, size, mtime_ns, kind, ext, state, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'discovered', ?) ON CONFLICT(path) DO NOTHING",
                (folder_id, file, size, mtime_ns, kind, _ext(file), time.time()),
            )
            return int(conn.execute("SELECT id FROM files WHERE path = ?", (file,)).fetchone()[0])

    def upsert_file_chunks(
        self,
        folder_id: int,
        path: str | os.PathLike[str],
        size: int,
        mtime_ns: int,
        content_hash: str,
        kind: str,
        chunks: Iterable[ChunkInput],
        *,
        reuse_vectors: bool = True,
    ) -> int:
        """Store a file's extracted chunks, replacing its old ones atomically; the file id.

        If the file is already extracted with the same ``content_hash``, only its size, mtime
        and kind are updated and its chunks stay (no re-embedding). Otherwise the old chunks are
        deleted (tombstoned for every space) and the new ones queued for every live space. With
        ``reuse_vectors``, a new chunk whose text equals an old chunk of the same file inherits
        the old chunk's stored vectors (``stored_vectors`` finds them; the NIM need not be asked).
        """
        file = os.fspath(path)
        now = time.time()
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id, state, content_hash FROM files WHERE path = ?", (file,)
            ).fetchone()
            if row is not None and row[1] == "extracted" and row[2] == content_hash:
                conn.execute(
                    "UPDATE files SET folder_id = ?, size = ?, mtime_ns = ?, kind = ?, ext = ?,"
                    " updated_at = ? WHERE id = ?",
                    (folder_id, size, mtime_ns, kind, _ext(file), now, row[0]),
                )
                return int(row[0])
            if row is None:
                file_id = int(
                    conn.execute(
                        "INSERT INTO files(folder_id, path, size, mtime_ns, content_hash, kind,"
                        " ext, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'extracted', ?)",
                        (folder_id, file, size, mtime_ns, content_hash, kind, _ext(file), now),
                    ).lastrowid
                    or 0
                )
                kept: dict[str, list[tuple[str, bytes]]] = {}
            else:
                file_id = int(row[0])
                kept = self._vectors_by_hash(conn, file_id) if reuse_vectors else {}
                self._forget_chunks(
                    conn, "SELECT id, text FROM chunks WHERE file_id = ?", (file_id,)
                )
                conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
                conn.execute(
                    "UPDATE files SET folder_id = ?, size = ?, mtime_ns = ?, content_hash = ?,"
                    " kind = ?, ext = ?, state = 'extracted', error = NULL, error_kind = NULL,"
                    " updated_at = ? WHERE id = ?",
                    (folder_id, size, mtime_ns, content_hash, kind, _ext(file), now, file_id),
                )
            self._insert_chunks(conn, file_id, chunks, kept)
        return file_id

    def mark_failed(
        self,
        folder_id: int,
        path: str | os.PathLike[str],
        size: int,
        mtime_ns: int,
        error_kind: str,
        message: str,
    ) -> int:
        """Record that a file could not be indexed, and why; its old chunks go. The file id."""
        file = os.fspath(path)
        now = time.time()
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM files WHERE path = ?", (file,)).fetchone()
            if row is None:
                return int(
                    conn.execute(
                        "INSERT INTO files(folder_id, path, size, mtime_ns, kind, ext, state,"
                        " error, error_kind, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, 'failed', ?, ?, ?)",
                        (
                            folder_id,
                            file,
                            size,
                            mtime_ns,
                            _ext(file),
                            _ext(file),
                            message,
                            error_kind,
                            now,
                        ),
                    ).lastrowid
                    or 0
                )
            file_id = int(row[0])
            # Stale text of an older version must not stay searchable.
            self._forget_chunks(conn, "SELECT id, text FROM chunks WHERE file_id = ?", (file_id,))
            conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
            conn.execute(
                "UPDATE files SET folder_id = ?, size = ?, mtime_ns = ?, content_hash = NULL,"
                " state = 'failed', error = ?, error_kind = ?, updated_at = ? WHERE id = ?",
                (folder_id, size, mtime_ns, message, error_kind, now, file_id),
            )
            return file_id

    def remove_file(self, path: str | os.PathLike[str]) -> bool:
        """Forget one file and its chunks (with tombstones); False if it was not known."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM files WHERE path = ?", (os.fspath(path),)).fetchone()
            if row is None:
                return False
            self._remove_files(conn, [row[0]])
        return True

    def remove_missing(self, folder_id: int, seen_paths: Iterable[str | os.PathLike[str]]) -> int:
        """Forget the folder's files that are not in ``seen_paths`` (a full scan); how many."""
        with self.transaction() as conn:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen_paths(path TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM temp.seen_paths")
            conn.executemany(
                "INSERT OR IGNORE INTO temp.seen_paths(path) VALUES (?)",
                ((os.fspath(p),) for p in seen_paths),
            )
            gone = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM files WHERE folder_id = ?"
                    " AND path NOT IN (SELECT path FROM temp.seen_paths)",
                    (folder_id,),
                )
            ]
            conn.execute("DELETE FROM temp.seen_paths")
            self._remove_files(conn, gone)
        return len(gone)

    # ---------------------------------------------------------------- chunks

    def chunks_by_id(self, chunk_ids: Iterable[int]) -> dict[int, ChunkRow]:
        """The chunks with these ids that still exist (e.g. to show vector search results)."""
        ids = list(dict.fromkeys(int(i) for i in chunk_ids))
        out: dict[int, ChunkRow] = {}
        with self.reading() as conn:
            for batch in _batches(ids):
                marks = ",".join("?" * len(batch))
                for r in conn.execute(f"{_CHUNK_SELECT} WHERE c.id IN ({marks})", list(batch)):
                    out[r[0]] = _chunk_row(r)
        return out

    def file_chunks(self, file_id: int) -> list[ChunkRow]:
        """A file's chunks in order."""
        with self.reading() as conn:
            rows = conn.execute(
                f"{_CHUNK_SELECT} WHERE c.file_id = ? ORDER BY c.ordinal", (file_id,)
            ).fetchall()
        return [_chunk_row(r) for r in rows]

    def _insert_chunks(
        self,
        conn: sqlite3.Connection,
        file_id: int,
        chunks: Iterable[ChunkInput],
        kept: dict[str, list[tuple[str, bytes]]],
    ) -> None:
        live = [r[0] for r in conn.execute("SELECT name FROM spaces WHERE state != 'retired'")]
        for chunk in chunks:
            row = chunk if isinstance(chunk, PreparedChunk) else prepare_chunk(*chunk)
            chunk_id = conn.execute(
                "INSERT INTO chunks(file_id, ordinal, text, location, tokens, text_hash)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (file_id, row.ordinal, row.text, row.location_json, row.tokens, row.text_hash),
            ).lastrowid
            conn.execute(
                "INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)", (chunk_id, row.index_text)
            )
            conn.executemany(
                "INSERT INTO embed_queue(space, chunk_id) VALUES (?, ?)",
                [(space, chunk_id) for space in live],
            )
            for space, blob in kept.get(row.text_hash, ()):
                conn.execute(
                    "INSERT OR IGNORE INTO vectors(chunk_id, space, vector) VALUES (?, ?, ?)",
                    (chunk_id, space, blob),
                )

    @staticmethod
    def _vectors_by_hash(
        conn: sqlite3.Connection, file_id: int
    ) -> dict[str, list[tuple[str, bytes]]]:
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

    def _forget_chunks(self, conn: sqlite3.Connection, select: str, params: Sequence[Any]) -> None:
        """Remove chunks' FTS entries and tombstone them in every space (rows deleted by caller)."""
        spaces = [r[0] for r in conn.execute("SELECT name FROM spaces")]
        cursor = conn.execute(select, params)
        while True:
            rows = cursor.fetchmany(_BATCH)
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

    def _remove_files(self, conn: sqlite3.Connection, file_ids: Sequence[int]) -> None:
        for batch in _batches(file_ids):
            marks = ",".join("?" * len(batch))
            self._forget_chunks(
                conn, f"SELECT id, text FROM chunks WHERE file_id IN ({marks})", list(batch)
            )
            conn.execute(f"DELETE FROM files WHERE id IN ({marks})", list(batch))

    # ---------------------------------------------------------------- embedding spaces

    def ensure_space(
        self, name: str, model: str, dimensions: int, state: SpaceState = "building"
    ) -> Space:
        """The space called ``name``, created (with every chunk queued) if it is new.

        A space is one model at one dimension: asking for a known name with another model or
        dimension is a bug and raises ValueError. The state of a known space is left alone.
        """
        if state not in SPACE_STATES:
            raise ValueError(f"unknown space state {state!r}")
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT name, model, dimensions, state, truncated, created_at FROM spaces"
                " WHERE name = ?",
                (name,),
            ).fetchone()
            if row is not None:
                if row[1] != model or row[2] != dimensions:
                    raise ValueError(
                        f"space {name!r} is {row[1]} at {row[2]} dimensions, not {model} at "
                        f"{dimensions}"
                    )
                return _space(row)
            # Born 'retired', then moved to its state: that transition queues every chunk (and
            # an 'active' one retires the old active space), exactly as set_space_state would.
            conn.execute(
                "INSERT INTO spaces(name, model, dimensions, state, created_at)"
                " VALUES (?, ?, ?, 'retired', ?)",
                (name, model, int(dimensions), time.time()),
            )
            self._set_state(conn, name, state)
            row = conn.execute(
                "SELECT name, model, dimensions, state, truncated, created_at FROM spaces"
                " WHERE name = ?",
                (name,),
            ).fetchone()
        return _space(row)

    def spaces(self) -> list[Space]:
        """Every embedding space, oldest first."""
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT name, model, dimensions, state, truncated, created_at FROM spaces"
                " ORDER BY created_at, name"
            ).fetchall()
        return [_space(r) for r in rows]

    def space(self, name: str) -> Space | None:
        """One embedding space by name, or None."""
        return next((s for s in self.spaces() if s.name == name), None)

    def active_space(self) -> Space | None:
        """The space that serves semantic search now, if any."""
        return next((s for s in self.spaces() if s.state == "active"), None)

    def set_space_state(self, name: str, state: SpaceState) -> None:
        """Change a space's state. Making one 'active' retires the previously active one.

        A retired space's queue is dropped (nothing more is embedded for it); a space brought
        back from 'retired' queues again every chunk it has no vector for.
        """
        if state not in SPACE_STATES:
            raise ValueError(f"unknown space state {state!r}")
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM spaces WHERE name = ?", (name,)).fetchone() is None:
                raise KeyError(name)
            self._set_state(conn, name, state)

    @staticmethod
    def _set_state(conn: sqlite3.Connection, name: str, state: SpaceState) -> None:
        before = conn.execute("SELECT state FROM spaces WHERE name = ?", (name,)).fetchone()[0]
        conn.execute("UPDATE spaces SET state = ? WHERE name = ?", (state, name))
        if state == "active":
            conn.execute(
                "DELETE FROM embed_queue WHERE space IN"
                " (SELECT name FROM spaces WHERE state = 'active' AND name != ?)",
                (name,),
            )
            conn.execute(
                "UPDATE spaces SET state = 'retired' WHERE state = 'active' AND name != ?", (name,)
            )
        if state == "retired":
            conn.execute("DELETE FROM embed_queue WHERE space = ?", (name,))
        elif before == "retired":
            conn.execute(
                "INSERT OR IGNORE INTO embed_queue(space, chunk_id) SELECT ?, c.id FROM chunks c"
                " WHERE NOT EXISTS"
                " (SELECT 1 FROM embedded e WHERE e.chunk_id = c.id AND e.space = ?)",
                (name, name),
            )

    def reset_space(self, name: str) -> None:
        """Mark nothing as embedded in ``name`` (its Chroma collection was lost or rebuilt).

        Every chunk is queued again; its stored vectors stay, so ``stored_vectors`` refills
        the collection without the NIM. Pending tombstones of the space are dropped.
        """
        with self.transaction() as conn:
            state = conn.execute("SELECT state FROM spaces WHERE name = ?", (name,)).fetchone()
            if state is None:
                raise KeyError(name)
            conn.execute("DELETE FROM embedded WHERE space = ?", (name,))
            conn.execute("DELETE FROM vector_deletes WHERE space = ?", (name,))
            if state[0] != "retired":
                conn.execute(
                    "INSERT OR IGNORE INTO embed_queue(space, chunk_id) SELECT ?, id FROM chunks",
                    (name,),
                )

    def drop_space(self, name: str) -> None:
        """Forget a space and everything recorded for it (after its collection is deleted)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM spaces WHERE name = ?", (name,))

    def add_truncated(self, space: str, count: int) -> None:
        """Count chunks the NIM had to truncate while embedding for ``space``."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE spaces SET truncated = truncated + ? WHERE name = ?", (int(count), space)
            )

    # ---------------------------------------------------------------- the vector stage

    def pending_chunks(
        self, space: str, limit: int, file_ids: Iterable[int] | None = None
    ) -> list[PendingChunk]:
        """Up to ``limit`` chunks with no vector in ``space`` yet, oldest first (only those of
        ``file_ids`` when given: files the user just changed go ahead of a backlog)."""
        only = ""
        params: list[Any] = [space]
        if file_ids is not None:
            ids = sorted({int(i) for i in file_ids})[:_BATCH]
            if not ids:
                return []
            only = f" AND c.file_id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT q.chunk_id, c.text, f.path, c.location FROM embed_queue q"
                " JOIN chunks c ON c.id = q.chunk_id JOIN files f ON f.id = c.file_id"
                f" WHERE q.space = ? AND f.state = 'extracted'{only} ORDER BY q.chunk_id LIMIT ?",
                (*params, int(limit)),
            ).fetchall()
        return [PendingChunk(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    def store_vectors(
        self, space: str, chunk_ids: Sequence[int], vectors: Sequence[VectorLike]
    ) -> int:
        """Keep vectors for chunks (before writing them to Chroma); how many chunks still exist."""
        with self.transaction() as conn:
            existing = self._existing(conn, chunk_ids)
            self._store(conn, space, chunk_ids, vectors, existing)
        return len(existing)

    def mark_embedded(
        self,
        space: str,
        chunk_ids: Sequence[int],
        vectors: Sequence[VectorLike] | None = None,
    ) -> int:
        """Record that these chunks' vectors are in ``space``'s collection; how many still exist.

        Ids of chunks deleted meanwhile get a tombstone instead, so their just-written vectors
        are removed from Chroma. ``vectors`` (optional) are stored as with ``store_vectors``.
        """
        with self.transaction() as conn:
            existing = self._existing(conn, chunk_ids)
            if vectors is not None:
                self._store(conn, space, chunk_ids, vectors, existing)
            elif conn.execute("SELECT 1 FROM spaces WHERE name = ?", (space,)).fetchone() is None:
                raise KeyError(space)
            conn.executemany(
                "INSERT OR IGNORE INTO embedded(chunk_id, space) VALUES (?, ?)",
                [(i, space) for i in existing],
            )
            conn.executemany(
                "DELETE FROM embed_queue WHERE space = ? AND chunk_id = ?",
                [(space, i) for i in existing],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO vector_deletes(space, chunk_id) VALUES (?, ?)",
                [(space, int(i)) for i in chunk_ids if int(i) not in existing],
            )
        return len(existing)

    def stored_vectors(
        self, space: str, chunk_ids: Iterable[int]
    ) -> dict[int, npt.NDArray[np.float32]]:
        """The kept vectors (float32 arrays, read-only) of those chunks that have one."""
        ids = list(dict.fromkeys(int(i) for i in chunk_ids))
        out: dict[int, npt.NDArray[np.float32]] = {}
        with self.reading() as conn:
            for batch in _batches(ids):
                marks = ",".join("?" * len(batch))
                for chunk_id, blob in conn.execute(
                    "SELECT chunk_id, vector FROM vectors"
                    f" WHERE space = ? AND chunk_id IN ({marks})",
                    [space, *batch],
                ):
                    out[chunk_id] = np.frombuffer(blob, dtype="<f4")
        return out

    def take_tombstones(self, space: str, limit: int) -> list[int]:
        """Up to ``limit`` chunk ids whose vectors must be deleted from ``space``'s collection."""
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT chunk_id FROM vector_deletes WHERE space = ? ORDER BY chunk_id LIMIT ?",
                (space, int(limit)),
            ).fetchall()
        return [r[0] for r in rows]

    def clear_tombstones(self, space: str, chunk_ids: Sequence[int]) -> int:
        """Drop tombstones once Chroma has deleted those ids; how many were dropped."""
        with self.transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "DELETE FROM vector_deletes WHERE space = ? AND chunk_id = ?",
                [(space, int(i)) for i in chunk_ids],
            )
            return conn.total_changes - before

    @staticmethod
    def _existing(conn: sqlite3.Connection, chunk_ids: Sequence[int]) -> set[int]:
        ids = [int(i) for i in chunk_ids]
        found: set[int] = set()
        for batch in _batches(ids):
            marks = ",".join("?" * len(batch))
            found.update(
                r[0] for r in conn.execute(f"SELECT id FROM chunks WHERE id IN ({marks})", batch)
            )
        return found

    @staticmethod
    def _store(
        conn: sqlite3.Connection,
        space: str,
        chunk_ids: Sequence[int],
        vectors: Sequence[VectorLike],
        existing: set[int],
    ) -> None:
        row = conn.execute("SELECT dimensions FROM spaces WHERE name = ?", (space,)).fetchone()
        if row is None:
            raise KeyError(space)
        if len(vectors) != len(chunk_ids):
            raise ValueError(f"{len(chunk_ids)} chunk ids but {len(vectors)} vectors")
        rows = []
        for chunk_id, vector in zip(chunk_ids, vectors, strict=True):
            array = np.asarray(vector, dtype="<f4")
            if array.shape != (row[0],):
                raise ValueError(f"space {space!r} has {row[0]} dimensions, got {array.shape}")
            if int(chunk_id) in existing:
                rows.append((int(chunk_id), space, array.tobytes()))
        conn.executemany(
            "INSERT OR REPLACE INTO vectors(chunk_id, space, vector) VALUES (?, ?, ?)", rows
        )

    # ---------------------------------------------------------------- status and search

    def counts(self) -> CatalogCounts:
        """File counts per state, the chunk count, and per-space embedding progress."""
        with self.reading() as conn:
            files: dict[str, int] = dict.fromkeys(FILE_STATES, 0)
            files.update(conn.execute("SELECT state, count(*) FROM files GROUP BY state"))
            chunks = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
            spaces = {r[0]: int(r[1]) for r in conn.execute("SELECT name, truncated FROM spaces")}

            def per_space(sql: str) -> dict[str, int]:
                counted = dict.fromkeys(spaces, 0)
                counted.update((r[0], int(r[1])) for r in conn.execute(sql) if r[0] in counted)
                return counted

            return CatalogCounts(
                files=files,
                chunks=chunks,
                embedded=per_space("SELECT space, count(*) FROM embedded GROUP BY space"),
                queued=per_space("SELECT space, count(*) FROM embed_queue GROUP BY space"),
                stored_vectors=per_space("SELECT space, count(*) FROM vectors GROUP BY space"),
                tombstones=per_space("SELECT space, count(*) FROM vector_deletes GROUP BY space"),
                truncated=spaces,
            )

    def folder_counts(self, space: str | None) -> dict[int, FolderCounts]:
        """Per folder id: files per state, and chunks queued for ``space`` (0 when None)."""
        with self.reading() as conn:
            states: dict[int, dict[str, int]] = {
                r[0]: dict.fromkeys(FILE_STATES, 0) for r in conn.execute("SELECT id FROM folders")
            }
            for folder_id, state, count in conn.execute(
                "SELECT folder_id, state, count(*) FROM files GROUP BY folder_id, state"
            ):
                states.setdefault(folder_id, dict.fromkeys(FILE_STATES, 0))[state] = int(count)
            queued: dict[int, int] = {}
            if space is not None:
                queued.update(
                    (r[0], int(r[1]))
                    for r in conn.execute(
                        "SELECT f.folder_id, count(*) FROM embed_queue q"
                        " JOIN chunks c ON c.id = q.chunk_id JOIN files f ON f.id = c.file_id"
                        " WHERE q.space = ? GROUP BY f.folder_id",
                        (space,),
                    )
                )
        return {
            folder_id: FolderCounts(
                by_state["extracted"],
                by_state["failed"],
                by_state["discovered"],
                queued.get(folder_id, 0),
            )
            for folder_id, by_state in states.items()
        }

    # ---------------------------------------------------------------- maintenance

    def rebuild_fts(self) -> None:
        """Re-create the full-text index from the chunks (after the text transform changed)."""
        with self.transaction() as conn:
            conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('delete-all')")
            cursor = conn.execute("SELECT id, text FROM chunks")
            while rows := cursor.fetchmany(_BATCH):
                conn.executemany(
                    "INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)",
                    [(chunk_id, to_index_text(text)) for chunk_id, text in rows],
                )
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (_FTS_META_KEY, str(TRANSFORM_VERSION)),
            )

    def optimize(self) -> None:
        """Merge the FTS index segments and refresh planner statistics (at idle times)."""
        with self.transaction() as conn:
            conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
        with self.reading() as conn:
            conn.execute("PRAGMA optimize")

    def checkpoint(self) -> None:
        """Fold the WAL back into the database file and truncate it (at idle times)."""
        with self.reading() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _check_fts_transform(self) -> None:
        """Rebuild the FTS index if it was built with another version of the text transform."""
        stored = self.get_meta(_FTS_META_KEY)
        if stored == str(TRANSFORM_VERSION):
            return
        self.rebuild_fts()
