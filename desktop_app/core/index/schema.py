"""The catalog's SQLite schema: connection setup and forward-only migrations.

The schema version is ``PRAGMA user_version``. Migration N takes a database from version N-1 to N
inside one transaction (the version bump included), so a crash or an error mid-migration leaves
the previous version intact. A catalog written by a newer Trove is refused, never downgraded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import TroveError
from desktop_app.core.text.fts import FTS_TOKENIZE

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "CatalogVersionError",
    "Migration",
    "connect",
    "migrate",
]


class CatalogVersionError(TroveError):
    """The catalog was written by a newer Trove than this one."""


@dataclass(frozen=True)
class Migration:
    """One step forward: the SQL that takes the schema from ``version - 1`` to ``version``."""

    version: int
    description: str
    sql: str


_V1 = f"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE folders (
    id       INTEGER PRIMARY KEY,
    path     TEXT NOT NULL UNIQUE,
    include  TEXT NOT NULL DEFAULT '[]',   -- JSON list of glob patterns
    exclude  TEXT NOT NULL DEFAULT '[]',   -- JSON list of glob patterns
    poll     INTEGER NOT NULL DEFAULT 0,   -- seconds between polling scans; 0 = file events
    added_at REAL NOT NULL
);

CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    folder_id    INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    path         TEXT NOT NULL UNIQUE,     -- absolute
    size         INTEGER NOT NULL,
    mtime_ns     INTEGER NOT NULL,
    content_hash TEXT,                     -- NULL until extracted (and after a failure)
    kind         TEXT NOT NULL DEFAULT '', -- extension family, given by the extractor
    ext          TEXT NOT NULL DEFAULT '', -- lower-case extension without the dot
    state        TEXT NOT NULL CHECK (state IN ('discovered', 'extracted', 'failed')),
    error        TEXT,                     -- the reason, as a sentence for the user
    error_kind   TEXT,
    updated_at   REAL NOT NULL
);
CREATE INDEX files_folder ON files(folder_id, state);
CREATE INDEX files_state ON files(state);
CREATE INDEX files_ext ON files(ext);
CREATE INDEX files_kind ON files(kind);
CREATE INDEX files_mtime ON files(mtime_ns);

-- AUTOINCREMENT: chunk ids are Chroma ids and must never be reused, even after the newest
-- chunks are deleted (a reused id could meet a stale vector or a stale FTS entry).
CREATE TABLE chunks (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id   INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    ordinal   INTEGER NOT NULL,
    text      TEXT NOT NULL,
    location  TEXT NOT NULL DEFAULT '{{}}', -- JSON: page / slide / sheet / heading / lines
    tokens    INTEGER NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE UNIQUE INDEX chunks_file ON chunks(file_id, ordinal);

-- Contentless: the index holds only the tokens of the transformed text (CJK bigrams); the
-- original text lives once, in chunks. rowid = chunks.id. Deleting needs the indexed text,
-- which is recomputed from chunks.text with the same transform.
CREATE VIRTUAL TABLE chunks_fts USING fts5(body, content='', tokenize="{FTS_TOKENIZE}");

CREATE TABLE spaces (
    name       TEXT PRIMARY KEY,
    model      TEXT NOT NULL,
    dimensions INTEGER NOT NULL CHECK (dimensions > 0),
    state      TEXT NOT NULL CHECK (state IN ('building', 'active', 'retired')),
    truncated  INTEGER NOT NULL DEFAULT 0,   -- chunks the NIM had to truncate
    created_at REAL NOT NULL
);

-- Chunks whose vector is in the space's Chroma collection.
CREATE TABLE embedded (
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    space    TEXT NOT NULL REFERENCES spaces(name) ON DELETE CASCADE,
    PRIMARY KEY (chunk_id, space)
) WITHOUT ROWID;

-- Chunks still to be embedded (or written to Chroma) per space: a queue, so that finding the
-- next batch costs O(batch) instead of scanning every embedded chunk.
CREATE TABLE embed_queue (
    space    TEXT NOT NULL REFERENCES spaces(name) ON DELETE CASCADE,
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    PRIMARY KEY (space, chunk_id)
) WITHOUT ROWID;
CREATE INDEX embed_queue_chunk ON embed_queue(chunk_id);

-- The vectors themselves (float32, little-endian), so a broken Chroma index is rebuilt
-- without paying the NIM again.
CREATE TABLE vectors (
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    space    TEXT NOT NULL REFERENCES spaces(name) ON DELETE CASCADE,
    vector   BLOB NOT NULL,
    PRIMARY KEY (chunk_id, space)
);

-- Tombstones: chunk ids whose vectors must leave Chroma. Written in the same transaction that
-- deletes the chunks, so a crash cannot leave a stale vector behind.
CREATE TABLE vector_deletes (
    space    TEXT NOT NULL REFERENCES spaces(name) ON DELETE CASCADE,
    chunk_id INTEGER NOT NULL,
    PRIMARY KEY (space, chunk_id)
) WITHOUT ROWID;

CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content         TEXT NOT NULL,
    sources         TEXT NOT NULL DEFAULT '[]',  -- JSON list of cited sources
    created_at      REAL NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
"""

_V2 = """
-- The file's mode and ctime when it was last read ("755:1733..."): a failed file is read again
-- when they change (a chmod fixes a permission without touching mtime).
ALTER TABLE files ADD COLUMN meta TEXT NOT NULL DEFAULT '';
-- Failed reads in a row: a failed file is retried at a growing interval.
ALTER TABLE files ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
-- Set on an extracted file that holds no text ('empty'), or whose chunks were capped.
ALTER TABLE files ADD COLUMN note TEXT;
ALTER TABLE files ADD COLUMN cut_at INTEGER;

-- What the last scan of a folder left out and the user should hear about (links out of the
-- folder, unreadable folders, files over the size cap), for `trove status` and the app.
CREATE TABLE skipped (
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    path      TEXT NOT NULL,
    reason    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (folder_id, path)
) WITHOUT ROWID;
"""

# An answer's state is data: 'complete', 'cut_short' (the model ran out of tokens), 'cancelled'
# or 'failed' (with the error's sentence). Answers stored before ended in a note the app parsed
# back ("[Answer cancelled]", "[Answer incomplete: ...]"): it becomes the state.
_NOTE = "char(10) || char(10) || '[Answer "
_V3 = f"""
ALTER TABLE messages ADD COLUMN state TEXT NOT NULL DEFAULT 'complete'
    CHECK (state IN ('complete', 'cut_short', 'cancelled', 'failed'));
ALTER TABLE messages ADD COLUMN error TEXT;
UPDATE messages SET state = 'cancelled',
    content = substr(content, 1, length(content) - length({_NOTE}cancelled]'))
WHERE role = 'assistant' AND content LIKE '%' || {_NOTE}cancelled]';
UPDATE messages SET state = 'failed',
    error = substr(content, instr(content, {_NOTE}incomplete: ') + 22,
        length(content) - instr(content, {_NOTE}incomplete: ') - 22),
    content = substr(content, 1, instr(content, {_NOTE}incomplete: ') - 1)
WHERE role = 'assistant' AND instr(content, {_NOTE}incomplete: ') > 0 AND content LIKE '%]';
"""

# What backs an answer (JSON): the floor verdict, broken citations, each sentence's check.
_V4 = """
ALTER TABLE messages ADD COLUMN evidence TEXT;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _V1),
    Migration(2, "file metadata, retry count, notes; skipped paths", _V2),
    Migration(3, "answer state on messages", _V3),
    Migration(4, "evidence behind answers", _V4),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with Trove's settings: WAL, foreign keys, busy timeout, autocommit mode."""
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    # Transactions are explicit (BEGIN IMMEDIATE ... COMMIT) in the catalog; isolation_level=None
    # stops the sqlite3 module from opening its own behind our back.
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode cannot corrupt; the last commits may roll back on power loss only.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA journal_size_limit = 67108864")
    conn.execute("PRAGMA cache_size = -32000")  # 32 MB page cache
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the schema up to the newest version, one transaction per step; return the version."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    newest = migrations[-1].version if migrations else 0
    if current > newest:
        raise CatalogVersionError(
            f"The index was created by a newer version of Trove (schema {current}, this one "
            f"knows up to {newest}).",
            hint="Update Trove, or rebuild the index from scratch.",
        )
    for step in migrations:
        if step.version <= current:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(step.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        current = step.version
    return current


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (sqlite3 runs one at a time)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending)
            pending = ""
    if pending.strip() and not _only_comments(pending):
        raise ValueError("incomplete SQL statement in a migration")
    return statements


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())
