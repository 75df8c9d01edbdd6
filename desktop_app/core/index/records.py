"""Plain records the catalog returns: folders, files, chunks, embedding spaces, counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

__all__ = [
    "FILE_STATES",
    "SPACE_STATES",
    "CatalogCounts",
    "ChunkRow",
    "FileRow",
    "FileState",
    "Folder",
    "PendingChunk",
    "Space",
    "SpaceState",
]

FileState = Literal["discovered", "extracted", "failed"]
SpaceState = Literal["building", "active", "retired"]
FILE_STATES: tuple[FileState, ...] = ("discovered", "extracted", "failed")
SPACE_STATES: tuple[SpaceState, ...] = ("building", "active", "retired")


@dataclass(frozen=True)
class Folder:
    """A folder the user asked Trove to index."""

    id: int
    path: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    poll: int  # seconds between polling scans; 0 = rely on file-system events
    added_at: float


@dataclass(frozen=True)
class FileRow:
    """What the catalog knows about one file."""

    id: int
    folder_id: int
    path: str
    size: int
    mtime_ns: int
    content_hash: str | None
    kind: str
    ext: str
    state: FileState
    error: str | None
    error_kind: str | None
    updated_at: float
    meta: str = ""  # mode and ctime when last read (see scan.file_meta)
    attempts: int = 0  # failed reads in a row
    note: str | None = None  # "empty": read, but no text in it
    cut_at: int | None = None  # chunks kept when the file had more than the per-file cap


@dataclass(frozen=True)
class ChunkRow:
    """One chunk with its file's path: enough to show a search result."""

    id: int
    file_id: int
    path: str
    ordinal: int
    text: str
    location: dict[str, Any]
    tokens: int
    kind: str  # the file's kind and modification time, for the vector store's metadata
    mtime_ns: int


class PendingChunk(NamedTuple):
    """A chunk waiting for a vector in some space: ``(chunk_id, text, path, location)``."""

    chunk_id: int
    text: str
    path: str
    location: dict[str, Any]


@dataclass(frozen=True)
class Space:
    """An embedding space: one model at one dimension, one Chroma collection."""

    name: str
    model: str
    dimensions: int
    state: SpaceState
    truncated: int
    created_at: float


@dataclass(frozen=True)
class CatalogCounts:
    """Totals for status displays; every per-space dict has an entry for every space."""

    files: dict[str, int] = field(default_factory=dict)  # per state, all three states present
    chunks: int = 0
    embedded: dict[str, int] = field(default_factory=dict)  # chunks in the space's collection
    queued: dict[str, int] = field(default_factory=dict)  # chunks still to embed / write
    stored_vectors: dict[str, int] = field(default_factory=dict)  # vectors kept for repair
    tombstones: dict[str, int] = field(default_factory=dict)  # deletes still owed to Chroma
    truncated: dict[str, int] = field(default_factory=dict)  # chunks the NIM truncated
