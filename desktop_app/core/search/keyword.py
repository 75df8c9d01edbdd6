"""Keyword search: FTS5 bm25 over the catalog's chunks, in any language, with snippets.

The query goes through ``fts.parse_query`` (safe quoting, CJK bigram phrases, stop words) and is
first run with every term required (AND). When that finds fewer than asked, the rest comes from
a loose run with any term (OR), so "blue whale krill" still finds chunks that mention two of the
three. In the loose run a CJK word is any of its bigrams rather than the exact phrase: Korean
writes particles onto words ("데비안이라는" = "Debian" + "called"), so the phrase misses every
text that says "데비안" with another particle; bigrams score it by how much of the word matches.

The cost of one query is bounded by ``max_ranked`` (see ``catalog.chunks.keyword_matches``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.search.snippets import Snippet, make_snippet
from desktop_app.core.text.fts import QueryTerm, parse_query

if TYPE_CHECKING:
    from desktop_app.core.index.catalog import Catalog, SearchFilters

__all__ = ["DEFAULT_MAX_RANKED", "KeywordHit", "keyword_search"]

DEFAULT_MAX_RANKED = 50_000  # matches scored per query at most


@dataclass(frozen=True)
class KeywordHit:
    """One matching chunk; ``score`` is -bm25, so higher is better."""

    chunk_id: int
    file_id: int
    path: str
    score: float
    location: dict[str, Any]
    text: str
    snippet: Snippet
    ordinal: int = 0


def keyword_search(
    catalog: Catalog,
    query: str,
    limit: int = 10,
    filters: SearchFilters | None = None,
    *,
    prefix_last: bool = False,
    max_ranked: int = DEFAULT_MAX_RANKED,
    snippet_width: int = 200,
) -> list[KeywordHit]:
    """Chunks matching ``query``, best bm25 first, at most ``limit``; never raises on odd input.

    ``prefix_last`` makes the last word a prefix (search as you type). ``filters`` restrict the
    files searched.
    """
    terms = parse_query(query, prefix_last=prefix_last)
    if not terms or limit <= 0:
        return []
    strict = _join(terms, "AND")
    matches = catalog.chunks.keyword_matches(strict, limit, filters, max_ranked)
    loose = " OR ".join(_loose(t) for t in terms)
    if len(matches) < limit and loose != strict:
        seen = {m.chunk_id for m in matches}
        more = catalog.chunks.keyword_matches(loose, limit, filters, max_ranked)
        matches += [m for m in more if m.chunk_id not in seen][: limit - len(matches)]
    return [
        KeywordHit(
            chunk_id=m.chunk_id,
            file_id=m.file_id,
            path=m.path,
            score=-float(m.bm25),
            location=m.location,
            text=m.text,
            snippet=make_snippet(m.text, terms, snippet_width),
            ordinal=m.ordinal,
        )
        for m in matches
    ]


def _join(terms: list[QueryTerm], operator: str) -> str:
    return f" {operator} ".join(t.fts for t in terms)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _loose(term: QueryTerm) -> str:
    """``term`` for the loose run: a CJK word as any of its bigrams, anything else as is."""
    if term.quoted or term.prefix or not any(cjk for _, cjk in term.pieces):
        return term.fts
    tokens: list[str] = []
    for piece, cjk in term.pieces:
        if not cjk:
            tokens.append(_quote(piece))
        elif len(piece) == 1:
            tokens.append(_quote(piece) + "*")  # a lone character is indexed inside bigrams only
        else:
            tokens.extend(_quote(piece[i : i + 2]) for i in range(len(piece) - 1))
    return tokens[0] if len(tokens) == 1 else "(" + " OR ".join(tokens) + ")"
