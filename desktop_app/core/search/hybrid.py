"""Search: keyword (FTS5 bm25), semantic (NIM query vector + Chroma) and hybrid (score fusion
weighted by the query's shape, see fusion.py), reranked optionally, grouped per file.

With a translator (translate.py), the query's translations are searched the same way and each
chunk keeps its best standard score over the query and its translations.

Hybrid results are files, and so is their fusion: each file's best keyword chunk and best semantic
chunk are fused, so a file that one half finds by one passage and the other half by another gets
credit from both (chunk-level fusion only credits a chunk found by both). The chunk ranking
stays chunk-level: it feeds the reranker and chat retrieval, and picks each file's passage.

Filters are applied without Chroma's metadata-filtered queries, which slow down as collections grow:
a selective filter ranks its few candidate chunks exactly; a broad one widens an unfiltered kNN and
keeps the survivors. When the vector side is unavailable, search says so and answers by keyword.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.errors import TroveError
from desktop_app.core.index.catalog import Catalog, SearchFilters
from desktop_app.core.index.protocols import VectorStore
from desktop_app.core.index.records import ChunkRow, Space
from desktop_app.core.ingest.document import Location
from desktop_app.core.nim import EmbeddingClient, RerankClient
from desktop_app.core.search.fusion import EXACT_WEIGHT, best_of, keyword_weight, score_fusion
from desktop_app.core.search.keyword import KeywordHit, keyword_search
from desktop_app.core.search.snippets import Snippet, make_snippet
from desktop_app.core.search.translate import QueryTranslator

__all__ = ["MODES", "SearchResponse", "SearchResult", "Searcher"]

MODES = ("keyword", "semantic", "hybrid")

# One query's (text, keyword list, semantic list, semantic fill), both lists (chunk id, score)
# best first; the fill is the query's similarity to keyword matches the semantic list missed.
_Lists = tuple[str, list[tuple[int, float]], list[tuple[int, float]], dict[int, float]]

# Taken off a translation's standard scores: its list's clear winner must stand out a little
# more than the query's own to displace it. Tuning split (25 Korean questions with translation
# on): 0 -> 0.25 raised Korean -> Korean hybrid MRR 0.897 -> 0.917 and cost Korean -> English
# one place on one of 4 questions; 0.5 and 1.0 cost more across languages for no more gain.
TRANSLATION_HANDICAP = 0.25

# Candidates per ranker before fusion: deep enough that a file found by both sides is not lost.
_POOL = 50
# A filter that leaves at most this many chunks is ranked exactly (one batched vector fetch).
_EXACT_MAX = 5000
_KNN_MAX = 2000


@dataclass(frozen=True)
class SearchResult:
    """One file in the results, represented by its best chunk."""

    path: str
    score: float
    chunk_id: int
    location: dict[str, Any]
    snippet: Snippet
    kind: str = ""
    mtime: float = 0.0
    matches: int = 1  # chunks of this file among the candidates

    @property
    def location_label(self) -> str:
        """Short human text for the location ("p. 3", "slide 2", ...)."""
        return Location.from_dict(self.location).label()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the CLI's --json and the owner channel)."""
        return {
            "path": self.path,
            "score": self.score,
            "chunk_id": self.chunk_id,
            "location": self.location_label,
            "location_detail": self.location,
            "snippet": self.snippet.text,
            "highlights": [list(span) for span in self.snippet.spans],
            "kind": self.kind,
            "mtime": self.mtime,
            "matches": self.matches,
        }


@dataclass
class SearchResponse:
    """Results plus the mode actually used and a sentence when it fell back."""

    results: list[SearchResult]
    mode: str
    notice: str | None = None
    reranked: bool = False
    chunk_order: list[int] = field(default_factory=list)  # ranked chunk ids before grouping
    # The notice's parts as data for scripts: {"kind", "message"}; kinds are stable names.
    notices: list[dict[str, str]] = field(default_factory=list)
    # For chat retrieval, which reuses them instead of searching again: the keyword matches'
    # chunk ids (None: no keyword query ran) and the query's vector (None: none was made).
    keyword_ids: list[int] | None = None
    query_vector: list[float] | None = None
    # The reranker's logit per chunk it ranked (the chat's floor under the answers reads them).
    rerank_scores: dict[int, float] = field(default_factory=dict)
    # The query's translations that were searched too (search.translate_to), and the query
    # vectors made for them (chat retrieval judges relevance by the closest of all vectors).
    translations: list[str] = field(default_factory=list)
    translation_vectors: list[list[float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "mode": self.mode,
            "notice": self.notice,
            "notices": list(self.notices),
            "reranked": self.reranked,
            "translations": list(self.translations),
            "results": [r.to_dict() for r in self.results],
        }


class Searcher:
    """Runs searches over one catalog and, when available, one embedding space."""

    def __init__(
        self,
        catalog: Catalog,
        store: VectorStore | None = None,
        embedder: EmbeddingClient | None = None,
        space: Space | None = None,
        reranker: RerankClient | Callable[[], RerankClient | None] | None = None,
        rerank_top_n: int = 40,
        semantic_unavailable: str | None = None,
        translator: QueryTranslator | None = None,
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.space = space
        self.reranker = reranker
        self.rerank_top_n = rerank_top_n
        self.semantic_unavailable = semantic_unavailable
        self.translator = translator

    def search(
        self,
        query: str,
        mode: str = "hybrid",
        limit: int = 10,
        filters: SearchFilters | None = None,
    ) -> SearchResponse:
        """The best files for ``query``; never fails only because the NIM or Chroma does."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}")
        filters = filters or SearchFilters()
        query = query.strip()
        if not query:
            return SearchResponse([], mode)
        keyword_hits = (
            keyword_search(self.catalog, query, _POOL, filters) if mode != "semantic" else []
        )
        semantic: list[tuple[int, float]] = []
        vector: list[float] | None = None
        notices: list[dict[str, str]] = []
        used = mode
        if mode != "keyword":
            try:
                vector = self._embed(query)
                semantic = self._semantic(vector, filters)
            except TroveError as exc:
                # user-visible
                message = f"Semantic search is unavailable ({exc}); showing keyword results only."
                notices.append({"kind": "semantic_unavailable", "message": message})
                used = "keyword"
                if mode == "semantic":
                    keyword_hits = keyword_search(self.catalog, query, _POOL, filters)
        keyword = [(h.chunk_id, h.score) for h in keyword_hits]
        keyword_ids = [i for i, _ in keyword]
        fill = self._semantic_fill(used, query, vector, keyword, semantic)
        ranked = _ranked(used, query, keyword, semantic, fill)
        snippets = {h.chunk_id: h.snippet for h in keyword_hits}
        lists = [(query, keyword, semantic, fill)]
        vectors: list[list[float]] = []  # the translations' query vectors
        if self.translator is not None:
            lists += self._translated_lists(query, used, filters, snippets, vectors)
            if len(lists) > 1:
                ranked = best_of([_ranked(used, *one) for one in lists], TRANSLATION_HANDICAP)
        reranked = False
        rerank_scores: dict[int, float] = {}
        # A callable is asked only now, once the candidates are in hand: whether a reranker
        # answers is found out meanwhile (rerank.enabled = auto).
        reranker = self.reranker() if callable(self.reranker) else self.reranker
        if reranker is not None and ranked:
            try:
                rest = ranked[self.rerank_top_n :]
                ranked = self._rerank(reranker, query, ranked)
                reranked = True
                rerank_scores = dict(ranked[: len(ranked) - len(rest)])
            except TroveError as exc:
                skipped = f"Reranking skipped ({exc})."  # user-visible
                notices.append({"kind": "rerank_skipped", "message": skipped})
        # One query only: with translations, per-file lists are too short for standard scores
        # to compare across languages (the chunk lists merged by best_of ranked better).
        file_fused = used == "hybrid" and not reranked and len(lists) == 1
        results = self._group(query, ranked, snippets, limit, lists[0] if file_fused else None)
        notice = " ".join(n["message"] for n in notices) or None
        order = [i for i, _ in ranked]
        searched = mode != "semantic" or used == "keyword"
        return SearchResponse(
            results,
            used,
            notice,
            reranked,
            order,
            notices,
            keyword_ids=_with_translated(keyword_ids, lists) if searched else None,
            query_vector=vector,
            rerank_scores=rerank_scores,
            translations=[text for text, *_ in lists[1:]],
            translation_vectors=vectors,
        )

    def _translated_lists(
        self,
        query: str,
        used: str,
        filters: SearchFilters,
        snippets: dict[int, Snippet],
        vectors: list[list[float]],
    ) -> list[_Lists]:
        """(translation, keyword list, semantic list) for each translation of the query; their
        query vectors are added to ``vectors``."""
        assert self.translator is not None
        lists: list[_Lists] = []
        for text in self.translator.translations(query):
            hits: list[KeywordHit] = []
            if used != "semantic":
                hits = keyword_search(self.catalog, text, _POOL, filters)
            keyword = [(h.chunk_id, h.score) for h in hits]
            semantic: list[tuple[int, float]] = []
            fill: dict[int, float] = {}
            if used != "keyword":
                try:
                    vector = self._embed(text)
                    semantic = self._semantic(vector, filters)
                    fill = self._semantic_fill(used, text, vector, keyword, semantic)
                except TroveError:
                    continue  # the original query's lists stand alone
                vectors.append(vector)
            for hit in hits:
                snippets.setdefault(hit.chunk_id, hit.snippet)
            lists.append((text, keyword, semantic, fill))
        return lists

    # ------------------------------------------------------------------ semantic side

    def _embed(self, query: str) -> list[float]:
        if self.semantic_unavailable:
            raise TroveError(self.semantic_unavailable)
        if self.store is None or self.embedder is None or self.space is None:
            raise TroveError("no embedding space is ready yet")
        vector = self.embedder.embed_query(query)
        if len(vector) != self.space.dimensions:
            raise TroveError(
                f"the embedding NIM now returns vectors of {len(vector)} dimensions, not the "
                f"{self.space.dimensions} of the index; Trove builds a new one as it indexes"
            )
        return vector

    def _semantic(self, vector: list[float], filters: SearchFilters) -> list[tuple[int, float]]:
        """The nearest chunks as (id, cosine similarity), best first."""
        assert self.store is not None and self.space is not None
        space = self.space.name
        if filters.is_empty():
            hits = self.store.query(space, vector, _POOL)
        else:
            candidates = self.catalog.chunks.ids_matching(filters, _EXACT_MAX + 1, space=space)
            if len(candidates) <= _EXACT_MAX:
                ids = [str(i) for i in candidates]
                hits = self.store.rank_candidates(space, vector, ids, _POOL)
            else:
                # A broad filter: widen the unfiltered kNN in proportion and keep what passes.
                allowed = set(self.catalog.chunks.ids_matching(filters, None, space=space))
                share = len(allowed) / max(1, self.store.count(space))
                k = min(_KNN_MAX, max(_POOL * 4, math.ceil(_POOL / max(share, 1e-3) * 2)))
                hits = [h for h in self.store.query(space, vector, k) if int(h.id) in allowed]
        return [(int(h.id), h.similarity) for h in hits[:_POOL]]

    def _semantic_fill(
        self,
        mode: str,
        query: str,
        vector: list[float] | None,
        keyword: list[tuple[int, float]],
        semantic: list[tuple[int, float]],
    ) -> dict[int, float]:
        """Hybrid: the query's similarity to each keyword match the semantic list missed.

        Their vectors are in the store (one fetch of at most _POOL ids), so fusion need not
        guess the floor for them: a keyword-only match close in meaning stays ahead of one that
        only shares words with the query. Not for exact tokens (identifiers, quotes, numbers):
        there keyword search is the judge and an embedding's low similarity says little.
        Empty when the store cannot say.
        """
        if mode != "hybrid" or vector is None or self.store is None or self.space is None:
            return {}
        if keyword_weight(query) >= EXACT_WEIGHT:
            return {}
        found = {i for i, _ in semantic}
        missing = [str(i) for i, _ in keyword if i not in found]
        if not missing:
            return {}
        try:
            hits = self.store.rank_candidates(self.space.name, vector, missing, len(missing))
        except TroveError:
            return {}
        return {int(h.id): h.similarity for h in hits}

    def _rerank(
        self, reranker: RerankClient, query: str, ranked: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        head = ranked[: self.rerank_top_n]
        rows = self.catalog.chunks.by_id([i for i, _ in head])
        head = [(i, s) for i, s in head if i in rows]
        order = reranker.rank(query, [rows[i].text for i, _ in head])
        reranked = [(head[r.index][0], float(r.logit)) for r in order]
        return reranked + ranked[self.rerank_top_n :]

    # ------------------------------------------------------------------ grouping

    def _group(
        self,
        query: str,
        ranked: Sequence[tuple[int, float]],
        snippets: dict[int, Snippet],
        limit: int,
        file_lists: _Lists | None = None,
    ) -> list[SearchResult]:
        rows: dict[int, ChunkRow] = self.catalog.chunks.by_id([i for i, _ in ranked])
        if file_lists is not None:
            ranked = _by_file_fusion(ranked, rows, file_lists)
        best: dict[int, SearchResult] = {}
        counts: dict[int, int] = {}
        for chunk_id, score in ranked:
            row = rows.get(chunk_id)
            if row is None:  # deleted since Chroma answered: never show a stale result
                continue
            counts[row.file_id] = counts.get(row.file_id, 0) + 1
            if row.file_id in best:
                continue
            if len(best) >= limit:
                continue
            snippet = snippets.get(chunk_id) or make_snippet(row.text, query)
            best[row.file_id] = SearchResult(
                path=row.path,
                score=float(score),
                chunk_id=chunk_id,
                location=row.location,
                snippet=snippet,
                kind=row.kind,
                mtime=row.mtime_ns / 1e9,
            )
        return [
            SearchResult(**{**r.__dict__, "matches": counts[file_id]})
            for file_id, r in best.items()
        ]


def _by_file_fusion(
    ranked: Sequence[tuple[int, float]], rows: dict[int, ChunkRow], lists: _Lists
) -> list[tuple[int, float]]:
    """``ranked`` reordered so files come in the order of fusing each file's best keyword and
    best semantic score; each file's chunks keep their order, led by its best chunk, and carry
    the file's fused score."""

    def per_file(scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
        best: dict[int, float] = {}
        for chunk_id, score in scored:  # best first: the first seen per file is its best
            row = rows.get(chunk_id)
            if row is not None and row.file_id not in best:
                best[row.file_id] = score
        return list(best.items())

    text, keyword, semantic, fill = lists
    file_fill = dict(per_file(sorted(fill.items(), key=lambda kv: -kv[1])))
    fused = score_fusion(per_file(keyword), per_file(semantic), keyword_weight(text), file_fill)
    file_score = dict(fused)
    place = {file_id: n for n, (file_id, _) in enumerate(fused)}
    known = [(i, s) for i, s in ranked if i in rows and rows[i].file_id in place]
    known.sort(key=lambda item: place[rows[item[0]].file_id])  # stable: chunk order kept
    return [(i, file_score[rows[i].file_id]) for i, _ in known]


def _with_translated(keyword_ids: list[int], lists: list[_Lists]) -> list[int]:
    """The query's keyword matches, then its translations' (a match in any language counts)."""
    extra = [i for _, keyword, *_ in lists[1:] for i, _ in keyword]
    return list(dict.fromkeys([*keyword_ids, *extra]))


def _ranked(
    mode: str,
    query: str,
    keyword: list[tuple[int, float]],
    semantic: list[tuple[int, float]],
    fill: dict[int, float],
) -> list[tuple[int, float]]:
    """One query's ranking in ``mode`` from its keyword and semantic lists."""
    if mode == "keyword":
        return keyword
    if mode == "semantic":
        return semantic
    return score_fusion(keyword, semantic, keyword_weight(query), fill)
