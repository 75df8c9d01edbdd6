"""The catalog's files part: indexed folders, their files (state, reason for a failure) and the
chunks extracted from them, with the full-text entries and tombstones those chunks carry.

A file's chunks are replaced in one transaction: the old ones leave the full-text index and get a
tombstone in every embedding space, the new ones are queued for every live space (and inherit the
kept vectors of unchanged old ones), so the spaces part never sees half a file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from desktop_app.core.index.catalog.batches import CatalogPart
from desktop_app.core.index.catalog.chunk_rows import (
    ChunkInput,
    forget_chunks,
    insert_chunks,
    remove_files,
    vectors_by_hash,
)
from desktop_app.core.index.catalog.filters import SearchFilters
from desktop_app.core.index.records import FILE_STATES, FileRow, Folder

__all__ = ["ChunkInput", "FileCatalog", "FolderCounts"]


class FolderCounts(NamedTuple):
    """One folder's files per state and its chunks still waiting for a vector in one space."""

    extracted: int
    failed: int
    discovered: int
    queued: int
    chunks: int = 0  # passages of the folder's indexed files


FILE_COLUMNS = (
    "id, folder_id, path, size, mtime_ns, content_hash, kind, ext, state, error, error_kind,"
    " updated_at, meta, attempts, note, cut_at"
)


def _ext(path: str) -> str:
    return PurePath(path).suffix.lower().lstrip(".")


def file_row(row: sqlite3.Row | tuple[Any, ...]) -> FileRow:
    """A ``files`` row (``FILE_COLUMNS``) as a record."""
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


class FileCatalog(CatalogPart):
    """Folders, files and chunk writes (``catalog.files``)."""

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
        with self._db.transaction() as conn:
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
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM folders WHERE path = ?", (os.fspath(path),)
            ).fetchone()
            if row is None:
                return 0
            folder_id = row[0]
            count = conn.execute(
                "SELECT count(*) FROM files WHERE folder_id = ?", (folder_id,)
            ).fetchone()[0]
            forget_chunks(
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
        with self._db.reading() as conn:
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
        with self._db.reading() as conn:
            row = conn.execute(
                f"SELECT {FILE_COLUMNS} FROM files WHERE path = ?", (os.fspath(path),)
            ).fetchone()
        return None if row is None else file_row(row)

    def file_states(self, folder_id: int) -> dict[str, FileRow]:
        """Every known file of a folder by path, for incremental scans (size, mtime, hash)."""
        with self._db.reading() as conn:
            rows = conn.execute(
                f"SELECT {FILE_COLUMNS} FROM files WHERE folder_id = ?", (folder_id,)
            ).fetchall()
        return {r[2]: file_row(r) for r in rows}

    def failed_files(self, folder_id: int | None = None) -> list[FileRow]:
        """Files that could not be indexed, with their reasons, newest first."""
        sql = f"SELECT {FILE_COLUMNS} FROM files WHERE state = 'failed'"
        params: tuple[Any, ...] = ()
        if folder_id is not None:
            sql += " AND folder_id = ?"
            params = (folder_id,)
        with self._db.reading() as conn:
            rows = conn.execute(sql + " ORDER BY updated_at DESC, path", params).fetchall()
        return [file_row(r) for r in rows]

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
        with self._db.transaction() as conn:
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
        meta: str = "",
        note: str | None = None,
        cut_at: int | None = None,
        replace: bool = False,
    ) -> int:
        """Store a file's extracted chunks, replacing its old ones atomically; the file id.

        If the file is already extracted with the same ``content_hash`` (and ``cut_at``), only
        its size, mtime and kind are updated and its chunks stay (no re-embedding), unless
        ``replace`` (the same bytes read further: its scanned pages by OCR). Otherwise the
        old chunks are deleted (tombstoned for every space) and the new ones queued for every live
        space. With
        ``reuse_vectors``, a new chunk whose text equals an old chunk of the same file inherits
        the old chunk's stored vectors (``stored_vectors`` finds them; the NIM need not be asked).
        ``meta``, ``note`` and ``cut_at`` are kept as given (see ``FileRow``).
        """
        file = os.fspath(path)
        now = time.time()
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT id, state, content_hash, cut_at FROM files WHERE path = ?", (file,)
            ).fetchone()
            # The same text cut at another passage cap gets its chunks replaced all the same.
            if (
                row is not None
                and row[1] == "extracted"
                and row[2] == content_hash
                and row[3] == cut_at
                and not replace
            ):
                conn.execute(
                    "UPDATE files SET folder_id = ?, size = ?, mtime_ns = ?, kind = ?, ext = ?,"
                    " updated_at = ?, meta = ?, attempts = 0 WHERE id = ?",
                    (folder_id, size, mtime_ns, kind, _ext(file), now, meta, row[0]),
                )
                return int(row[0])
            if row is None:
                file_id = int(
                    conn.execute(
                        "INSERT INTO files(folder_id, path, size, mtime_ns, content_hash, kind,"
                        " ext, state, updated_at, meta, note, cut_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, 'extracted', ?, ?, ?, ?)",
                        (
                            folder_id,
                            file,
                            size,
                            mtime_ns,
                            content_hash,
                            kind,
                            _ext(file),
                            now,
                            meta,
                            note,
                            cut_at,
                        ),
                    ).lastrowid
                    or 0
                )
                kept: dict[str, list[tuple[str, bytes]]] = {}
            else:
                file_id = int(row[0])
                kept = vectors_by_hash(conn, file_id) if reuse_vectors else {}
                forget_chunks(conn, "SELECT id, text FROM chunks WHERE file_id = ?", (file_id,))
                conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
                conn.execute(
                    "UPDATE files SET folder_id = ?, size = ?, mtime_ns = ?, content_hash = ?,"
                    " kind = ?, ext = ?, state = 'extracted', error = NULL, error_kind = NULL,"
                    " updated_at = ?, meta = ?, attempts = 0, note = ?, cut_at = ? WHERE id = ?",
                    (
                        folder_id,
                        size,
                        mtime_ns,
                        content_hash,
                        kind,
                        _ext(file),
                        now,
                        meta,
                        note,
                        cut_at,
                        file_id,
                    ),
                )
            insert_chunks(conn, file_id, chunks, kept)
        return file_id

    def mark_failed(
        self,
        folder_id: int,
        path: str | os.PathLike[str],
        size: int,
        mtime_ns: int,
        error_kind: str,
        message: str,
        *,
        meta: str = "",
    ) -> int:
        """Record that a file could not be indexed, and why; its old chunks go. The file id.
        Each failure in a row counts one more attempt (the retry interval grows with it)."""
        file = os.fspath(path)
        now = time.time()
        with self._db.transaction() as conn:
            row = conn.execute("SELECT id FROM files WHERE path = ?", (file,)).fetchone()
            if row is None:
                return int(
                    conn.execute(
                        "INSERT INTO files(folder_id, path, size, mtime_ns, kind, ext, state,"
                        " error, error_kind, updated_at, meta, attempts)"
                        " VALUES (?, ?, ?, ?, ?, ?, 'failed', ?, ?, ?, ?, 1)",
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
                            meta,
                        ),
                    ).lastrowid
                    or 0
                )
            file_id = int(row[0])
            # Stale text of an older version must not stay searchable.
            forget_chunks(conn, "SELECT id, text FROM chunks WHERE file_id = ?", (file_id,))
            conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
            conn.execute(
                "UPDATE files SET folder_id = ?, size = ?, mtime_ns = ?, content_hash = NULL,"
                " state = 'failed', error = ?, error_kind = ?, updated_at = ?, meta = ?,"
                " attempts = CASE state WHEN 'failed' THEN attempts + 1 ELSE 1 END,"
                " note = NULL, cut_at = NULL WHERE id = ?",
                (folder_id, size, mtime_ns, message, error_kind, now, meta, file_id),
            )
            return file_id

    def empty_files(self, limit: int = 1000) -> list[str]:
        """Paths of files read and found to hold no text (at most ``limit``), by path."""
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT path FROM files WHERE note = 'empty' ORDER BY path LIMIT ?", (limit,)
            )
            return [r[0] for r in rows]

    def empty_count(self) -> int:
        """Files read and found to hold no text."""
        with self._db.reading() as conn:
            return int(
                conn.execute("SELECT count(*) FROM files WHERE note = 'empty'").fetchone()[0]
            )

    def ocr_notes(self, limit: int = 1000) -> list[tuple[str, int, str]]:
        """Files whose note is about OCR: ``(path, folder id, note)``, by path. Notes: ``ocr``
        (scans waiting for OCR), ``ocr_lang:<Language>`` (read by an engine that cannot read
        the language the file seems to be in)."""
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT path, folder_id, note FROM files WHERE note = 'ocr' OR note LIKE 'ocr\\_%'"
                " ESCAPE '\\' ORDER BY path LIMIT ?",
                (limit,),
            )
            return [(r[0], int(r[1]), r[2]) for r in rows]

    def cut_files(self) -> list[tuple[str, int]]:
        """Files whose passages were capped: ``(path, passages kept)``, by path."""
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT path, cut_at FROM files WHERE cut_at IS NOT NULL ORDER BY path"
            )
            return [(r[0], int(r[1])) for r in rows]

    # ---------------------------------------------------------------- skipped paths

    def replace_skipped(self, folder_id: int, skipped: Iterable[tuple[str, str, str]]) -> None:
        """The folder's skipped paths after a full scan: ``(path, reason, detail)`` each."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM skipped WHERE folder_id = ?", (folder_id,))
            conn.executemany(
                "INSERT OR REPLACE INTO skipped(folder_id, path, reason, detail)"
                " VALUES (?, ?, ?, ?)",
                ((folder_id, path, reason, detail) for path, reason, detail in skipped),
            )

    def add_skipped(self, folder_id: int, path: str, reason: str, detail: str) -> None:
        """One more path the folder's indexing left out (a watcher's change, say)."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO skipped(folder_id, path, reason, detail)"
                " VALUES (?, ?, ?, ?)",
                (folder_id, path, reason, detail),
            )

    def skipped(self) -> list[tuple[str, str, str]]:
        """Every skipped ``(path, reason, detail)``, by path."""
        with self._db.reading() as conn:
            rows = conn.execute("SELECT path, reason, detail FROM skipped ORDER BY path")
            return [(r[0], r[1], r[2]) for r in rows]

    def remove_file(self, path: str | os.PathLike[str]) -> bool:
        """Forget one file and its chunks (with tombstones); False if it was not known."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT id FROM files WHERE path = ?", (os.fspath(path),)).fetchone()
            if row is None:
                return False
            remove_files(conn, [row[0]])
        return True

    def remove_missing(self, folder_id: int, seen_paths: Iterable[str | os.PathLike[str]]) -> int:
        """Forget the folder's files that are not in ``seen_paths`` (a full scan); how many."""
        with self._db.transaction() as conn:
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
            remove_files(conn, gone)
        return len(gone)

    def folder_counts(self, space: str | None) -> dict[int, FolderCounts]:
        """Per folder id: files per state, and chunks queued for ``space`` (0 when None)."""
        with self._db.reading() as conn:
            states: dict[int, dict[str, int]] = {
                r[0]: dict.fromkeys(FILE_STATES, 0) for r in conn.execute("SELECT id FROM folders")
            }
            for folder_id, state, count in conn.execute(
                "SELECT folder_id, state, count(*) FROM files GROUP BY folder_id, state"
            ):
                states.setdefault(folder_id, dict.fromkeys(FILE_STATES, 0))[state] = int(count)
            chunks = {
                int(r[0]): int(r[1])
                for r in conn.execute(
                    "SELECT f.folder_id, count(*) FROM chunks c JOIN files f ON f.id = c.file_id"
                    " GROUP BY f.folder_id"
                )
            }
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
                chunks.get(folder_id, 0),
            )
            for folder_id, by_state in states.items()
        }

    def ids_matching(self, filters: SearchFilters, limit: int | None = None) -> list[int]:
        """Ids of the searchable files that pass ``filters``, in no particular order."""
        where, params = filters.where_sql("f")
        sql = f"SELECT f.id FROM files f WHERE +f.state = 'extracted' AND {where}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._db.reading() as conn:
            return [row[0] for row in conn.execute(sql, params)]
