"""The small, precious parts of the catalog: folders (with their settings) and conversations.

Everything else in the catalog is rebuilt from the files; these are not, so they are exported
for a rolling backup (``index/rescue.py``), salvaged from a damaged file where its pages still
read, and restored into a new catalog with their ids and times.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from desktop_app.core.index.catalog.batches import CatalogPart

__all__ = ["PRECIOUS_VERSION", "PreciousParts", "salvage_precious"]

log = logging.getLogger(__name__)

PRECIOUS_VERSION = 1
_FOLDERS = "SELECT id, path, include, exclude, poll, added_at FROM folders ORDER BY id"
_CONVERSATIONS = "SELECT id, title, created_at, updated_at FROM conversations ORDER BY id"
_MESSAGES = "SELECT id, conversation_id, role, content, sources, created_at{more} FROM messages"
# Columns later schemas added to messages, with what an older file stands for.
_MESSAGE_EXTRAS = {"state": "complete", "error": None, "evidence": None}


def _folders(conn: sqlite3.Connection) -> dict[str, Any]:
    return {
        "folders": [
            {
                "id": r[0],
                "path": r[1],
                "include": json.loads(r[2]),
                "exclude": json.loads(r[3]),
                "poll": r[4],
                "added_at": r[5],
            }
            for r in conn.execute(_FOLDERS).fetchall()
        ]
    }


def _conversations(conn: sqlite3.Connection) -> dict[str, Any]:
    columns = {r[1] for r in conn.execute("PRAGMA table_info(messages)")}
    extras = [c for c in _MESSAGE_EXTRAS if c in columns]
    sql = _MESSAGES.format(more="".join(f", {c}" for c in extras)) + " ORDER BY id"
    return {
        "conversations": [
            {"id": r[0], "title": r[1], "created_at": r[2], "updated_at": r[3]}
            for r in conn.execute(_CONVERSATIONS).fetchall()
        ],
        "messages": [
            {
                "id": r[0],
                "conversation_id": r[1],
                "role": r[2],
                "content": r[3],
                "sources": json.loads(r[4]),
                "created_at": r[5],
                **_MESSAGE_EXTRAS,
                **dict(zip(extras, r[6:], strict=True)),
            }
            for r in conn.execute(sql).fetchall()
        ],
    }


def _export(conn: sqlite3.Connection) -> dict[str, Any]:
    return {"version": PRECIOUS_VERSION, **_folders(conn), **_conversations(conn)}


class PreciousParts(CatalogPart):
    """Export and restore of folders and conversations (``catalog.precious``)."""

    def export(self) -> dict[str, Any]:
        """Folders and conversations (with messages) as one JSON-ready document."""
        with self._db.reading() as conn:
            return _export(conn)

    def restore(self, doc: dict[str, Any]) -> dict[str, int]:
        """Put ``doc``'s folders and conversations into this (new) catalog, ids kept."""
        with self._db.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO folders(id, path, include, exclude, poll, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        f["id"],
                        f["path"],
                        json.dumps(list(f.get("include") or [])),
                        json.dumps(list(f.get("exclude") or [])),
                        int(f.get("poll") or 0),
                        float(f.get("added_at") or 0),
                    )
                    for f in doc.get("folders", [])
                ],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO conversations(id, title, created_at, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [
                    (c["id"], c["title"], c["created_at"], c["updated_at"])
                    for c in doc.get("conversations", [])
                ],
            )
            known = {r[0] for r in conn.execute("SELECT id FROM conversations")}
            conn.executemany(
                "INSERT OR IGNORE INTO messages(id, conversation_id, role, content, sources,"
                " created_at, state, error, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        m["id"],
                        m["conversation_id"],
                        m["role"],
                        m["content"],
                        json.dumps(m.get("sources") or [], ensure_ascii=False),
                        m["created_at"],
                        m.get("state") or "complete",
                        m.get("error"),
                        m.get("evidence"),  # the stored JSON text, as exported
                    )
                    for m in doc.get("messages", [])
                    if m["conversation_id"] in known
                ],
            )
        return {
            "folders": len(doc.get("folders", [])),
            "conversations": len(doc.get("conversations", [])),
        }


def salvage_precious(path: Path) -> dict[str, Any]:
    """What of the precious parts a damaged catalog file still yields (the file is not touched).

    Folders, and conversations with their messages, are each taken only when they read in
    full; a part that fails is left out (the backup stands in for it). The work is done on a
    copy, with its WAL (the newest changes) and, for a truncated file, zeros up to the size its
    header announces: SQLite refuses a file shorter than that, yet its first pages (where the
    small tables usually live) are intact.
    """
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="trove-salvage-") as tmp:
        copy = Path(tmp) / path.name
        try:
            _padded_copy(path, copy)
            wal = Path(f"{path}-wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{copy}-wal"))
            conn = sqlite3.connect(copy)
        except (OSError, sqlite3.Error):
            return found
        try:
            for part in (_folders, _conversations):
                try:
                    found.update(part(conn))
                except (sqlite3.Error, ValueError) as exc:
                    name = part.__name__.strip("_")
                    log.warning("could not salvage the %s of the damaged catalog: %s", name, exc)
        finally:
            conn.close()
    return found


def _padded_copy(source: Path, target: Path) -> None:
    """Copy ``source``, filled with zeros up to the page count its SQLite header gives."""
    shutil.copyfile(source, target)
    with open(target, "r+b") as fh:
        header = fh.read(100)
        if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
            return
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        expected = page_size * pages
        size = fh.seek(0, os.SEEK_END)
        if expected > size:
            fh.truncate(expected)  # extends with zeros
