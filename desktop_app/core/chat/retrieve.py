"""Retrieval for chat: the engine's search within a scope, keeping only relevant passages.

Semantic search always returns neighbours, even for a question the files know nothing about, so a
passage counts as relevant only if it matches the question's words (FTS5) or its vector is close
enough to the question's. With nothing relevant, the service answers without calling the model.

A question costs one search: one keyword query and one query embedding, whatever the scope (an
explicit file list is one filter). The relevance check reuses both.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.chat.context import Passage
from desktop_app.core.errors import TroveError
from desktop_app.core.index.catalog import SearchFilters
from desktop_app.core.index.catalog.filters import MAX_PATHS
from desktop_app.core.ingest.document import Location
from desktop_app.core.search.keyword import keyword_search

if TYPE_CHECKING:
    from desktop_app.core.engine import Engine

__all__ = ["ChatScope", "EngineRetriever"]

log = logging.getLogger(__name__)

_POOL = 40  # ranked chunks considered per search before the context decides how many fit
_NEAREST = 3  # passages a refusal shows when none is relevant
# Cosine similarity a semantic-only passage needs to count as relevant. Unrelated texts sit near 0
# with the simulator's lexical vectors (a Korean question sharing one English word with a passage
# scores ~0.14). Not yet measured against real NIM embedders: tune it there.
DEFAULT_MIN_SIMILARITY = 0.1


@dataclass(frozen=True)
class ChatScope:
    """Which files a chat may use: folders, file kinds, a path glob, or an explicit file list."""

    folders: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    path_glob: str | None = None
    files: Sequence[str] | None = None

    def filters(self) -> SearchFilters:
        """The search filter of this scope (an explicit file list replaces the path glob)."""
        if self.files:
            return SearchFilters(
                folders=self.folders, kinds=self.kinds, paths=list(self.files)[:MAX_PATHS]
            )
        return SearchFilters(folders=self.folders, kinds=self.kinds, path_glob=self.path_glob)

    def file_ids(self, engine: Engine, limit: int) -> list[int]:
        """The ids of the searchable files in scope (for whole-collection questions)."""
        return sorted(engine.catalog.files.ids_matching(self.filters(), limit))[:limit]


class EngineRetriever:
    """Retrieves relevant passages through an ``Engine`` (hybrid search, its settings)."""

    def __init__(self, engine: Engine, min_similarity: float = DEFAULT_MIN_SIMILARITY) -> None:
        self.engine = engine
        self.min_similarity = min_similarity

    def __call__(self, query: str, scope: ChatScope) -> list[Passage]:
        """Passages for ``query`` in ``scope``, best first, each with its relevance score.

        Relevant passages (matching the question's words, or close enough to it) come with
        ``relevant`` True; when none is, the nearest few come anyway, marked not relevant, so a
        refusal can show them.
        """
        filters = scope.filters()
        response = self.engine.search(query, None, None, filters)
        ranked = response.chunk_order[:_POOL]
        if response.keyword_ids is None:  # a semantic-only search ran no keyword query
            keyword_ids = [
                h.chunk_id for h in keyword_search(self.engine.catalog, query, _POOL, filters)
            ]
        else:
            keyword_ids = response.keyword_ids[:_POOL]
        matched = set(keyword_ids)
        similarity: dict[int, float] = {}
        for vector in (response.query_vector, *response.translation_vectors):
            # A passage found through a translation is as close as it is to that translation.
            for chunk_id, close in (self._similarities(vector, ranked) if ranked else {}).items():
                similarity[chunk_id] = max(close, similarity.get(chunk_id, close))
        rows = self.engine.catalog.chunks.by_id(ranked)
        rerank_floor_set = self.engine.settings["chat.min_rerank_score"] is not None
        out: list[Passage] = []
        for i in ranked:
            if i not in rows:
                continue
            # The reranker orders the passages; its logit is their score only where a floor on
            # its scale is set (chat.min_rerank_score), else their similarity is.
            if i in response.rerank_scores and rerank_floor_set:
                score: float | None = response.rerank_scores[i]
                scored_by: str | None = "rerank"
            else:
                score = similarity.get(i)
                scored_by = None if score is None else "similarity"
            relevant = i in matched or (score is not None and self._close(score, scored_by))
            out.append(
                Passage(
                    rows[i].path,
                    Location.from_dict(rows[i].location).label(),
                    rows[i].text,
                    i,
                    score,
                    scored_by,
                    relevant,
                )
            )
        keep = [p for p in out if p.relevant]
        return keep or out[:_NEAREST]

    def _close(self, score: float, scored_by: str | None) -> bool:
        if scored_by == "similarity":
            return score >= self.min_similarity
        return False  # a reranker logit alone does not make a passage relevant here: the floor

    def _similarities(self, vector: list[float] | None, chunk_ids: list[int]) -> dict[int, float]:
        """Cosine similarity of the question's vector to each chunk's (the search's own query
        vector: the question is not embedded twice); chunks without a vector are absent."""
        space = self.engine.catalog.spaces.active()
        if space is None or vector is None:
            return {}
        try:
            if len(vector) != space.dimensions:
                return {}  # the NIM changed under the index: the note comes from indexing
            hits = self.engine.store.rank_candidates(
                space.name, vector, [str(i) for i in chunk_ids], len(chunk_ids)
            )
        except TroveError as exc:
            log.info("semantic relevance check skipped: %s", exc)
            return {}
        return {int(h.id): h.similarity for h in hits}
