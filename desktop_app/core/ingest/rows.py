"""Chunks in the form the catalog stores them, prepared where the CPU is free.

Cleaning, hashing and the full-text rewrite (``to_index_text``: NFKC plus CJK bigrams) are pure
Python over every character indexed. The extraction workers do them right after chunking, so the
indexing process (the app's, whose GUI thread shares its GIL) only copies rows into SQLite.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop_app.core.text.fts import clean_text, to_index_text

if TYPE_CHECKING:
    from desktop_app.core.ingest.chunker import Chunk

__all__ = ["PreparedChunk", "chunk_rows", "prepare_chunk", "text_hash"]


def text_hash(text: str) -> str:
    """The hash stored with a chunk's text (BLAKE2b, 128 bits, hex)."""
    return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).hexdigest()


class PreparedChunk(NamedTuple):
    """One chunk row: what the catalog writes to ``chunks`` and ``chunks_fts``."""

    ordinal: int
    text: str  # storable text (lone surrogates replaced)
    location_json: str
    tokens: int
    text_hash: str
    index_text: str  # what FTS5 indexes for ``text``


def prepare_chunk(
    ordinal: int, text: str, location: Mapping[str, Any], tokens: int
) -> PreparedChunk:
    """The catalog row for one chunk as the chunker made it."""
    clean = clean_text(text)
    return PreparedChunk(
        int(ordinal),
        clean,
        json.dumps(dict(location), ensure_ascii=False, sort_keys=True),
        int(tokens),
        text_hash(clean),
        to_index_text(clean),
    )


def chunk_rows(chunks: Iterable[Chunk]) -> list[PreparedChunk]:
    """The catalog rows for the chunker's chunks of one file."""
    return [prepare_chunk(c.ordinal, c.text, c.location.to_dict(), c.tokens) for c in chunks]
