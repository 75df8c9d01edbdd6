"""A search result's passage in context: the chunk, the nearby text of its neighbours (without
the overlap the chunker repeats) and where the query matches in each, for a preview.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.index.catalog import Catalog
from desktop_app.core.ingest.formats.tables import leading_header
from desktop_app.core.search.snippets import find_matches
from desktop_app.core.text.fts import QueryTerm, parse_query

__all__ = ["overlap", "read_passage"]

_CONTEXT_CHARS = 700  # neighbouring text shown around the passage


def _merged_spans(text: str, terms: list[QueryTerm]) -> list[list[int]]:
    spans: list[list[int]] = []
    for start, end, _term in find_matches(text, terms):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return spans


def repeated_header(tail_of: str, head_of: str) -> int:
    """Length of the table header ``head_of`` starts with when ``tail_of`` already holds it:
    the chunker repeats a table's header atop every chunk of its rows, which is no new text
    (0 when there is none)."""
    header = leading_header(head_of)
    return len(header) if header and header.rstrip("\n") in tail_of else 0


def overlap(tail_of: str, head_of: str, limit: int = 2000) -> int:
    """Length of the longest suffix of ``tail_of`` that starts ``head_of`` (chunks overlap)."""
    for k in range(min(len(tail_of), len(head_of), limit), 15, -1):
        if tail_of.endswith(head_of[:k]):
            return k
    return 0


def read_passage(catalog: Catalog, chunk_id: int, query: str) -> dict[str, Any]:
    """The chunk ``chunk_id`` with its neighbours' nearby text and the spans where ``query``
    matches in each (``missing`` if the chunk is gone)."""
    rows = catalog.chunks.by_id([chunk_id - 1, chunk_id, chunk_id + 1])
    row = rows.get(chunk_id)
    if row is None:
        return {"missing": True}

    def adjacent(candidate: Any, ordinal: int) -> Any:
        ok = candidate is not None and candidate.file_id == row.file_id
        return candidate if ok and candidate.ordinal == ordinal else None

    before = adjacent(rows.get(chunk_id - 1), row.ordinal - 1)
    after = adjacent(rows.get(chunk_id + 1), row.ordinal + 1)
    nxt = rows.get(chunk_id + 1)
    # Ids of one file are usually consecutive; when not (a file re-chunked in place), read its
    # chunk list, which is only needed then.
    if (before is None and row.ordinal > 0) or (
        after is None and nxt is not None and nxt.file_id == row.file_id
    ):
        chunks = {c.ordinal: c for c in catalog.chunks.of_file(row.file_id)}
        before = chunks.get(row.ordinal - 1)
        after = chunks.get(row.ordinal + 1)

    text = row.text
    before_text = before.text if before is not None else ""
    after_text = after.text if after is not None else ""
    if before_text:
        own = text[repeated_header(before_text, text) :]
        before_text = before_text[: len(before_text) - overlap(before_text, own)]
        if len(before_text) > _CONTEXT_CHARS:
            cut = before_text.find(" ", len(before_text) - _CONTEXT_CHARS)
            before_text = "…" + before_text[cut + 1 if cut >= 0 else -_CONTEXT_CHARS :]
    if after_text:
        after_text = after_text[repeated_header(text, after_text) :]
        after_text = after_text[overlap(text, after_text) :]
        if len(after_text) > _CONTEXT_CHARS:
            cut = after_text.rfind(" ", 0, _CONTEXT_CHARS)
            after_text = after_text[: cut if cut > 0 else _CONTEXT_CHARS] + "…"
    terms = parse_query(query)
    return {
        "missing": False,
        "path": row.path,
        "location_detail": row.location,
        "text": text,
        "spans": _merged_spans(text, terms),
        "before": before_text,
        "before_spans": _merged_spans(before_text, terms),
        "after": after_text,
        "after_spans": _merged_spans(after_text, terms),
    }
