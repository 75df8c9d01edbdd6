"""A document as Trove read it, for the viewer of formats other than PDF: its passages in order,
each under its place (heading, slide, sheet, page, lines), the overlap the chunker repeats
removed, and which passage is the cited one."""

from __future__ import annotations

from typing import Any

from desktop_app.core.errors import ConfigError
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.ingest.document import Location
from desktop_app.core.search.passage import overlap, repeated_header
from desktop_app.core.viewer.document_blocks import document_blocks

__all__ = ["MAX_PARTS", "document_text"]

MAX_PARTS = 3000  # passages shown at most (a capped file has 5 000); the cited one always


def document_text(catalog: Catalog, path: str, chunk_id: int | None = None) -> dict[str, Any]:
    """The indexed text of ``path`` as ``{"path", "kind", "parts": [{chunk_id, location, text}],
    "cited": index of ``chunk_id`` in parts or None, "cut": True when parts were left out,
    "blocks": its structure (``document_blocks``)}``."""
    row = catalog.files.file(path)
    if row is None:
        raise ConfigError(f"{path} is not an indexed file.")
    chunks = catalog.chunks.of_file(row.id)
    cited = next((i for i, c in enumerate(chunks) if c.id == chunk_id), None)
    start = 0
    if len(chunks) > MAX_PARTS and cited is not None:
        start = max(0, min(cited - MAX_PARTS // 2, len(chunks) - MAX_PARTS))
    shown = chunks[start : start + MAX_PARTS]
    parts: list[dict[str, Any]] = []
    texts: list[str] = []
    previous = ""
    for chunk in shown:
        text = chunk.text
        if previous:
            text = text[repeated_header(previous, text) :]
            text = text[overlap(previous, text) :]
        previous = chunk.text
        texts.append(text)
        parts.append(
            {
                "chunk_id": chunk.id,
                "location": Location.from_dict(chunk.location).label(),
                "text": text,
            }
        )
    shown_cited = None if cited is None else cited - start
    return {
        "path": path,
        "kind": row.kind,
        "parts": parts,
        "cited": shown_cited,
        "cut": len(shown) < len(chunks),
        "blocks": document_blocks(row.kind, shown, texts, shown_cited),
    }
