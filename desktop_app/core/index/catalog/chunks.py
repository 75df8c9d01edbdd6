"""The catalog's chunks part: reading chunks back, by id, by file, by full-text match and by
search filter. Chunks are written only with their file (``catalog.files``).

Full-text cost is bounded: bm25 ranking scores every matching row, and FTS5's ``ORDER BY rank``
over a term found in all of 1 M chunks takes over a second. So matches are scanned newest first
(by chunk id) and only the newest ``max_ranked`` (passing the filters) are scored; below that
number the ranking is exact. One query therefore never costs much more than scoring
``max_ranked`` rows (about 70 ms for 50 000), whatever the size of the corpus. With filters,
matches that fail them are skipped at the price of two primary-key lookups each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from desktop_app.core.index.catalog.batches import CatalogPart, batches, marks
from desktop_app.core.index.catalog.filters import SearchFilters
from desktop_app.core.index.records import ChunkRow

__all__ = ["ChunkCatalog", "KeywordMatch"]

_CHUNK_SELECT = (
    "SELECT c.id, c.file_id, f.path, c.ordinal, c.text, c.location, c.tokens, f.kind, f.mtime_ns"
    " FROM chunks c JOIN files f ON f.id = c.file_id"
)


def _chunk_row(row: tuple[Any, ...]) -> ChunkRow:
    return ChunkRow(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), *row[6:])


class KeywordMatch(NamedTuple):
    """One chunk found by a full-text expression; ``bm25`` is lower for better matches."""

    chunk_id: int
    file_id: int
    path: str
    bm25: float
    location: dict[str, Any]
    text: str
    ordinal: int


class ChunkCatalog(CatalogPart):
    """Chunk reads (``catalog.chunks``)."""

    def by_id(self, chunk_ids: Iterable[int]) -> dict[int, ChunkRow]:
        """The chunks with these ids that still exist (e.g. to show vector search results)."""
        ids = list(dict.fromkeys(int(i) for i in chunk_ids))
        out: dict[int, ChunkRow] = {}
        with self._db.reading() as conn:
            for batch in batches(ids):
                sql = f"{_CHUNK_SELECT} WHERE c.id IN ({marks(len(batch))})"
                for r in conn.execute(sql, list(batch)):
                    out[r[0]] = _chunk_row(r)
        return out

    def of_file(self, file_id: int) -> list[ChunkRow]:
        """A file's chunks in order."""
        with self._db.reading() as conn:
            rows = conn.execute(
                f"{_CHUNK_SELECT} WHERE c.file_id = ? ORDER BY c.ordinal", (file_id,)
            ).fetchall()
        return [_chunk_row(r) for r in rows]

    def ocr_of_page(self, file_id: int, page: int | None) -> list[ChunkRow]:
        """A file's chunks read by OCR off page ``page`` (None: the file's only image), in
        order (the viewer draws their lines over the page image)."""
        where = "$.page') = ?" if page is not None else "$.page') IS NULL"
        sql = (
            f"{_CHUNK_SELECT} WHERE c.file_id = ? AND json_extract(c.location, '$.ocr')"
            f" AND json_extract(c.location, '{where} ORDER BY c.ordinal"
        )
        args = (file_id, page) if page is not None else (file_id,)
        with self._db.reading() as conn:
            return [_chunk_row(r) for r in conn.execute(sql, args)]

    def ids_matching(
        self,
        filters: SearchFilters,
        limit: int | None = None,
        *,
        space: str | None = None,
    ) -> list[int]:
        """Ids of the chunks of searchable files that pass ``filters``, in no particular order.

        With ``space``, only chunks that have a vector in that embedding space are returned.
        """
        where, params = filters.where_sql("f")
        # "+f.state": the state index must not be chosen over the path / ext / mtime indexes
        # (almost every file is 'extracted', so it would not narrow anything).
        sql = (
            "SELECT c.id FROM files f JOIN chunks c ON c.file_id = f.id"
            f" WHERE +f.state = 'extracted' AND {where}"
        )
        if space is not None:
            sql += " AND EXISTS (SELECT 1 FROM embedded e WHERE e.chunk_id = c.id AND e.space = ?)"
            params.append(space)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._db.reading() as conn:
            return [row[0] for row in conn.execute(sql, params)]

    def keyword_matches(
        self,
        expression: str,
        limit: int,
        filters: SearchFilters | None,
        max_ranked: int,
    ) -> list[KeywordMatch]:
        """The best ``limit`` chunks for an FTS5 ``expression`` among its newest ``max_ranked``
        matches, best first."""
        # bm25() per row in a rowid-ordered, capped scan, then a top-k sort in SQL: measured 2-4x
        # faster than FTS5's own ORDER BY rank, and bounded by the cap whatever the corpus size.
        if filters is None or filters.is_empty():
            sql = (
                "SELECT id, score FROM (SELECT rowid AS id, bm25(chunks_fts) AS score"
                " FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
                " ORDER BY score, id DESC LIMIT ?"
            )
            # A few extra rows in case an FTS entry outlived its chunk (never returned).
            params: list[Any] = [expression, max_ranked, limit + 8]
        else:
            # Filters are checked per match through chunks -> files (primary-key lookups); bm25
            # is computed only for the rows that pass, and the scan stops after max_ranked.
            where, where_params = filters.where_sql("f")
            sql = (
                "SELECT id, score FROM (SELECT c.id AS id, bm25(chunks_fts) AS score"
                " FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid"
                " JOIN files f ON f.id = c.file_id"
                f" WHERE chunks_fts MATCH ? AND +f.state = 'extracted' AND {where}"
                " ORDER BY chunks_fts.rowid DESC LIMIT ?)"
                " ORDER BY score, id DESC LIMIT ?"
            )
            params = [expression, *where_params, max_ranked, limit]
        with self._db.reading() as conn:
            ranked = conn.execute(sql, params).fetchall()
            if not ranked:
                return []
            rows = {
                r[0]: r
                for r in conn.execute(
                    "SELECT c.id, c.file_id, f.path, c.location, c.text, c.ordinal"
                    " FROM chunks c JOIN files f ON f.id = c.file_id"
                    f" WHERE c.id IN ({marks(len(ranked))}) AND +f.state = 'extracted'",
                    [r[0] for r in ranked],
                )
            }
        out = [
            KeywordMatch(i, rows[i][1], rows[i][2], score, json.loads(rows[i][3]), *rows[i][4:])
            for i, score in ranked
            if i in rows
        ]
        return out[:limit]
