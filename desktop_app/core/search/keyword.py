"""Keyword search: FTS5 bm25 over the catalog's chunks, in any language, with snippets.

The query goes through ``fts.parse_query`` (safe quoting, CJK bigram phrases, stop words) and is
first run with every term required (AND). When that finds fewer than asked, the rest comes from
a loose run with any term (OR), so "blue whale krill" still finds chunks that mention two of the
three. In the loose run a CJK word is any of its bigrams rather than the exact phrase: Korean
writes particles onto words ("데비안이라는" = "Debian" + "called"), so the phrase misses every
text that says "데비안" with another particle; bigrams score it by how much of the word matches.
Loose matches then score below the exact ones (``LOOSE_SHARE``), so the scores follow the list's
order: hybrid fusion reads scores, and a word's several bigrams outscored an exact phrase.

The cost of one query is bounded by ``max_ranked`` (see ``catalog.chunks.keyword_matches``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.search.snippets import Snippet, make_snippet
from desktop_app.core.text.fts import QueryTerm, parse_query

if TYPE_CHECKING:
    from desktop_app.core.index.catalog import Catalog, KeywordMatch, SearchFilters

__all__ = ["DEFAULT_MAX_RANKED", "KeywordHit", "keyword_search"]

DEFAULT_MAX_RANKED = 50_000  # matches scored per query at most
# A loose (bigram) match of a CJK query scores at most this share of the weakest exact match.
# Tuned on bench_ocr's Korean two-word phrases (true text): 0.5 ranks the page first for all
# 15 (hybrid hit@1 0.60 before), 0.9 for 13; the retrieval tuning split is the same at 0.25-0.5.
LOOSE_SHARE = 0.5


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
    loose_terms = [_loose(t) for t in terms]
    loose = " OR ".join(loose_terms)
    if len(matches) < limit and loose != strict:
        seen = {m.chunk_id for m in matches}
        more = catalog.chunks.keyword_matches(loose, limit, filters, max_ranked)
        more = [m for m in more if m.chunk_id not in seen][: limit - len(matches)]
        if loose_terms != [t.fts for t in terms]:  # CJK words split into bigrams
            more = _below(more, matches)
        matches += more
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


def _below(loose: list[KeywordMatch], strict: list[KeywordMatch]) -> list[KeywordMatch]:
    """``loose`` rescored to rank under every ``strict`` match, keeping their proportions.

    A CJK word in the loose run is several bigram terms, so a text sharing a few common bigrams
    ("있습", "니다") sums more bm25 than the exact phrase scored in the strict run: the list's
    order said exact first, its scores said otherwise, and hybrid fusion reads the scores.
    """
    if not strict or not loose:
        return loose
    weakest = min(m.bm25 for m in strict)  # bm25: lower is better, matches are negative
    best = min(m.bm25 for m in loose)
    if best >= 0 or weakest >= 0:
        return loose
    factor = LOOSE_SHARE * weakest / best
    return [m._replace(bm25=m.bm25 * factor) for m in loose]


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
