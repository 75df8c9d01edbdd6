"""The catalog's spaces part: embedding spaces (one model at one size each), the queue of chunks
waiting for a vector in each, the vectors kept for a rebuild, and tombstones.

Contracts the vector stage relies on:

* Chunk ids are never reused (AUTOINCREMENT); they are the Chroma ids.
* When chunks are deleted or replaced, their ids are written to ``vector_deletes`` (tombstones)
  for every embedding space in the same transaction (``catalog.files`` does it);
  ``take_tombstones`` / ``clear_tombstones`` drain them after the Chroma delete, so a crash in
  between only repeats an idempotent delete.
* ``pending_chunks(space)`` is a queue: chunks of extracted files not yet marked embedded.
  ``mark_embedded`` for an id that has since been deleted writes a tombstone instead, so a vector
  upserted for a chunk that vanished while it was being embedded is deleted too.
* Vectors are kept in ``vectors`` (float32) when given, so a lost Chroma collection is refilled
  with ``reset`` + ``stored_vectors`` without calling the NIM again. When a file is re-chunked,
  unchanged chunks (same text, same file) inherit the stored vectors of the old ones (this
  assumes the embedded input is a function of the chunk text and its file; pass
  ``reuse_vectors=False`` to ``catalog.files.upsert_file_chunks`` otherwise).

One round of the vector stage, for one space::

    ids = spaces.take_tombstones(space, 256)
    store.delete(space, ids); spaces.clear_tombstones(space, ids)
    batch = spaces.pending_chunks(space, 64)
    cached = spaces.stored_vectors(space, [c.chunk_id for c in batch])  # no NIM call for these
    vectors = nim.embed([c.text for c in batch if c.chunk_id not in cached])
    spaces.store_vectors(space, those_ids, vectors)    # before Chroma: a failed write costs no GPU
    store.upsert(space, ...); spaces.mark_embedded(space, [c.chunk_id for c in batch])
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from desktop_app.core.index.catalog.batches import BATCH, CatalogPart, batches, marks
from desktop_app.core.index.records import SPACE_STATES, PendingChunk, Space, SpaceState

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    VectorLike = Sequence[float] | npt.NDArray[Any]

# numpy is imported where vectors are read or written: a text-only run never loads it.

__all__ = ["SpaceCatalog", "VectorLike"]

_SPACE_COLUMNS = "name, model, dimensions, state, truncated, created_at"


def _space(row: tuple[Any, ...]) -> Space:
    return Space(*row)


class SpaceCatalog(CatalogPart):
    """Embedding spaces, their queues, kept vectors and tombstones (``catalog.spaces``)."""

    def ensure(
        self, name: str, model: str, dimensions: int, state: SpaceState = "building"
    ) -> Space:
        """The space called ``name``, created (with every chunk queued) if it is new.

        A space is one model at one dimension: asking for a known name with another model or
        dimension is a bug and raises ValueError. The state of a known space is left alone.
        """
        if state not in SPACE_STATES:
            raise ValueError(f"unknown space state {state!r}")
        with self._db.transaction() as conn:
            row = conn.execute(
                f"SELECT {_SPACE_COLUMNS} FROM spaces WHERE name = ?",
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
            # an 'active' one retires the old active space), exactly as set_state would.
            conn.execute(
                "INSERT INTO spaces(name, model, dimensions, state, created_at)"
                " VALUES (?, ?, ?, 'retired', ?)",
                (name, model, int(dimensions), time.time()),
            )
            self._move(conn, name, state)
            row = conn.execute(
                f"SELECT {_SPACE_COLUMNS} FROM spaces WHERE name = ?",
                (name,),
            ).fetchone()
        return _space(row)

    def all(self) -> list[Space]:
        """Every embedding space, oldest first."""
        with self._db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_SPACE_COLUMNS} FROM spaces ORDER BY created_at, name"
            ).fetchall()
        return [_space(r) for r in rows]

    def get(self, name: str) -> Space | None:
        """One embedding space by name, or None."""
        return next((s for s in self.all() if s.name == name), None)

    def active(self) -> Space | None:
        """The space that serves semantic search now, if any."""
        return next((s for s in self.all() if s.state == "active"), None)

    def set_state(self, name: str, state: SpaceState) -> None:
        """Change a space's state. Making one 'active' retires the previously active one.

        A retired space's queue is dropped (nothing more is embedded for it); a space brought
        back from 'retired' queues again every chunk it has no vector for.
        """
        if state not in SPACE_STATES:
            raise ValueError(f"unknown space state {state!r}")
        with self._db.transaction() as conn:
            if conn.execute("SELECT 1 FROM spaces WHERE name = ?", (name,)).fetchone() is None:
                raise KeyError(name)
            self._move(conn, name, state)

    @staticmethod
    def _move(conn: sqlite3.Connection, name: str, state: SpaceState) -> None:
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

    def reset(self, name: str) -> None:
        """Mark nothing as embedded in ``name`` (its Chroma collection was lost or rebuilt).

        Every chunk is queued again; its stored vectors stay, so ``stored_vectors`` refills
        the collection without the NIM. Pending tombstones of the space are dropped.
        """
        with self._db.transaction() as conn:
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

    def drop(self, name: str) -> None:
        """Forget a space and everything recorded for it (after its collection is deleted)."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM spaces WHERE name = ?", (name,))

    def add_truncated(self, space: str, count: int) -> None:
        """Count chunks the NIM had to truncate while embedding for ``space``."""
        with self._db.transaction() as conn:
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
            ids = sorted({int(i) for i in file_ids})[:BATCH]
            if not ids:
                return []
            only = f" AND c.file_id IN ({marks(len(ids))})"
            params.extend(ids)
        with self._db.reading() as conn:
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
        with self._db.transaction() as conn:
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
        with self._db.transaction() as conn:
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
        import numpy as np

        out: dict[int, npt.NDArray[np.float32]] = {}
        with self._db.reading() as conn:
            for batch in batches(ids):
                for chunk_id, blob in conn.execute(
                    "SELECT chunk_id, vector FROM vectors"
                    f" WHERE space = ? AND chunk_id IN ({marks(len(batch))})",
                    [space, *batch],
                ):
                    out[chunk_id] = np.frombuffer(blob, dtype="<f4")
        return out

    def take_tombstones(self, space: str, limit: int) -> list[int]:
        """Up to ``limit`` chunk ids whose vectors must be deleted from ``space``'s collection."""
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT chunk_id FROM vector_deletes WHERE space = ? ORDER BY chunk_id LIMIT ?",
                (space, int(limit)),
            ).fetchall()
        return [r[0] for r in rows]

    def clear_tombstones(self, space: str, chunk_ids: Sequence[int]) -> int:
        """Drop tombstones once Chroma has deleted those ids; how many were dropped."""
        with self._db.transaction() as conn:
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
        for batch in batches(ids):
            sql = f"SELECT id FROM chunks WHERE id IN ({marks(len(batch))})"
            found.update(r[0] for r in conn.execute(sql, batch))
        return found

    @staticmethod
    def _store(
        conn: sqlite3.Connection,
        space: str,
        chunk_ids: Sequence[int],
        vectors: Sequence[VectorLike],
        existing: set[int],
    ) -> None:
        import numpy as np

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

    # ---------------------------------------------------------------- repair

    def keep_vectors_for_texts(self, space: str, vectors: Mapping[str, bytes]) -> int:
        """Keep ``vectors`` (float32 bytes by chunk text hash) for every chunk with that text,
        so the vector stage writes them without the NIM; how many chunks got one."""
        if not vectors:
            return 0
        with self._db.reading() as conn:
            chunks = conn.execute("SELECT id, text_hash FROM chunks").fetchall()
        rows = [(cid, space, vectors[h]) for cid, h in chunks if h in vectors]
        with self._db.transaction() as conn:
            for batch in batches(rows):
                conn.executemany(
                    "INSERT OR IGNORE INTO vectors(chunk_id, space, vector) VALUES (?, ?, ?)",
                    batch,
                )
        return len(rows)

    def has_vectors(self, space: str) -> bool:
        """Whether any chunk has its vector in ``space``'s collection yet."""
        with self._db.reading() as conn:
            row = conn.execute("SELECT 1 FROM embedded WHERE space = ? LIMIT 1", (space,))
            return row.fetchone() is not None

    def embedded_ids(self, space: str) -> set[int]:
        """Ids of the chunks recorded as having a vector in ``space``'s collection."""
        with self._db.reading() as conn:
            return {
                r[0]
                for r in conn.execute("SELECT chunk_id FROM embedded WHERE space = ?", (space,))
            }

    def requeue(self, space: str, chunk_ids: Iterable[int]) -> None:
        """Record these chunks as not embedded in ``space`` after all, and queue them again."""
        rows = [(space, int(i)) for i in chunk_ids]
        with self._db.transaction() as conn:
            conn.executemany("DELETE FROM embedded WHERE space = ? AND chunk_id = ?", rows)
            conn.executemany(
                "INSERT OR IGNORE INTO embed_queue(space, chunk_id) VALUES (?, ?)", rows
            )
