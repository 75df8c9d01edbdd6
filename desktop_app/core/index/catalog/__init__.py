"""The catalog: SQLite source of truth for folders, files, chunks, their full-text index, which
chunks have vectors in which embedding space, and conversations. Chroma is a cache rebuilt from it.

``Catalog`` owns the connection, transactions and schema; what is stored lives in its parts:
``catalog.files`` (folders, files, chunk writes), ``catalog.chunks`` (chunk reads, full-text and
filter queries), ``catalog.spaces`` (embedding spaces, their queues, kept vectors, tombstones),
``catalog.conversations`` (chats) and ``catalog.precious`` (folders and conversations exported for
the rolling backup and restored after a rebuild). No SQL runs outside this package.

Threading: one connection, shared by every thread behind a lock (``check_same_thread=False``).
Each public method is one short transaction (``BEGIN IMMEDIATE`` for writes), so callers on any
thread see whole changes only. The design assumes one writer thread (the pipeline's) and a few
readers (search, status); a reader that wants to run beside a long write can open a second
``Catalog.open(path, readonly=True)``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.diskspace import disk_full_error, is_disk_full
from desktop_app.core.errors import CatalogDamagedError
from desktop_app.core.index.catalog.batches import BATCH
from desktop_app.core.index.catalog.chunks import ChunkCatalog, KeywordMatch
from desktop_app.core.index.catalog.conversations import Conversations
from desktop_app.core.index.catalog.files import ChunkInput, FileCatalog, FolderCounts
from desktop_app.core.index.catalog.filters import SearchFilters
from desktop_app.core.index.catalog.precious import PreciousParts
from desktop_app.core.index.catalog.spaces import SpaceCatalog
from desktop_app.core.index.records import FILE_STATES, CatalogCounts
from desktop_app.core.index.schema import (
    SCHEMA_VERSION,
    CatalogVersionError,
    connect,
    migrate,
)
from desktop_app.core.text.fts import TRANSFORM_VERSION, to_index_text

__all__ = [
    "Catalog",
    "ChunkInput",
    "FolderCounts",
    "KeywordMatch",
    "SearchFilters",
]

_FTS_META_KEY = "fts_transform"
# PRAGMA quick_check reads every page: ~0.15 s per 100 MB when cached. Bigger catalogs are
# checked by `trove repair`; damage met later is reported as CatalogDamagedError all the same.
_QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
# SQLite's primary result codes for a damaged file (sqlite3.Error.sqlite_errorcode & 0xFF).
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


@contextmanager
def _damage_reported(file: Path) -> Iterator[None]:
    """Turn SQLite's "malformed" / "not a database" into CatalogDamagedError naming the file,
    and "database or disk is full" into DiskFullError saying where and how much is needed."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            raise CatalogDamagedError(str(file), str(exc)) from exc
        if is_disk_full(exc):
            raise disk_full_error(file.parent) from exc
        raise
    except OSError as exc:
        if is_disk_full(exc):
            raise disk_full_error(file.parent) from exc
        raise


class Catalog:
    """The SQLite catalog of one data dir; open with ``Catalog.open(path)``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool = False) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._parts = True  # whether a transaction inside the open one is a savepoint
        self._closed = False
        self.path = path
        self.readonly = readonly
        self.files = FileCatalog(self)
        self.chunks = ChunkCatalog(self)
        self.spaces = SpaceCatalog(self)
        self.conversations = Conversations(self)
        self.precious = PreciousParts(self)

    # ---------------------------------------------------------------- lifecycle

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, readonly: bool = False, check: bool | None = None
    ) -> Catalog:
        """Open (creating and migrating if needed) the catalog at ``path``.

        A damaged file raises ``CatalogDamagedError``. ``check`` runs SQLite's quick check of
        every page first; by default only for catalogs small enough to check in a blink (a
        truncated file fails at connect anyway, and damage found later is reported the same).
        """
        file = Path(path)
        if not readonly:
            file.parent.mkdir(parents=True, exist_ok=True)
        with _damage_reported(file):
            conn = connect(file, readonly=readonly)
        try:
            if check or (check is None and _size(file) <= _QUICK_CHECK_MAX_BYTES):
                with _damage_reported(file):
                    problems = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
                if problems != ["ok"]:
                    raise CatalogDamagedError(str(file), "; ".join(map(str, problems))[:300])
            if readonly:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if version != SCHEMA_VERSION:
                    raise CatalogVersionError(
                        f"The index has schema version {version}; this Trove reads "
                        f"{SCHEMA_VERSION}.",
                        hint="Open it once with the Trove that owns it, or rebuild the index.",
                    )
            else:
                with _damage_reported(file):
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

    @property
    def closed(self) -> bool:
        """Whether ``close()`` was called."""
        return self._closed

    @property
    def written(self) -> bool:
        """Whether this connection has changed anything since it opened."""
        with self._lock:
            return not self._closed and self._conn.total_changes > 0

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, held exclusively for a read (for the search modules of the core)."""
        with self._lock, _damage_reported(self.path):
            yield self._conn

    @contextmanager
    def transaction(self, *, parts: bool = True) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back if it raises.

        Inside another transaction of this thread (the lock is ours, so an open transaction is
        ours), it is a savepoint: undone alone if it raises, committed with the outer one. The
        text stage writes a slice of files that way, one commit for many, each file whole or
        not at all. An outer transaction with ``parts=False`` makes no savepoints inside it (a
        failure anywhere undoes all of it): FTS5 writes out its pending rows at every savepoint,
        which cost a third of its indexing time, so the text stage tries a slice that way first.
        """
        with self._lock:
            if self.readonly:
                raise PermissionError("this catalog was opened read-only")
            conn = self._conn
            with _damage_reported(self.path):
                if conn.in_transaction and not self._parts:
                    yield conn  # a part of a transaction that is undone whole
                    return
                if conn.in_transaction:
                    conn.execute("SAVEPOINT part")
                    try:
                        yield conn
                    except BaseException:
                        if conn.in_transaction:  # (SQLite ends it on some I/O errors)
                            conn.execute("ROLLBACK TO part")
                            conn.execute("RELEASE part")
                        raise
                    conn.execute("RELEASE part")
                    return
                conn.execute("BEGIN IMMEDIATE")
                self._parts = parts
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                finally:
                    self._parts = True

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

    # ---------------------------------------------------------------- status

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

    # ---------------------------------------------------------------- maintenance

    def rebuild_fts(self) -> None:
        """Re-create the full-text index from the chunks (after the text transform changed)."""
        with self.transaction() as conn:
            conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('delete-all')")
            cursor = conn.execute("SELECT id, text FROM chunks")
            while rows := cursor.fetchmany(BATCH):
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
