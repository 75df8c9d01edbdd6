"""Retrieval for chat: the engine's search within a scope, keeping only relevant passages.

Semantic search always returns neighbours, even for a question the files know nothing about, so a
passage counts as relevant only if it matches the question's words (FTS5) or its vector is close
enough to the question's: at the floor under the answers, on the space's own scale
(``similarity_floor``: a passage the floor would not answer from is no source either). With
nothing relevant, the service answers without calling the model.

A question costs one search: one keyword query and one query embedding, whatever the scope (an
explicit file list is one filter). The relevance check reuses both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.chat.background import engine_background
from desktop_app.core.chat.context import Passage
from desktop_app.core.chat.floor import similarity_floor
from desktop_app.core.errors import TroveError
from desktop_app.core.index.catalog import SearchFilters
from desktop_app.core.index.catalog.filters import MAX_PATHS
from desktop_app.core.ingest.document import Location
from desktop_app.core.search.keyword import keyword_search

if TYPE_CHECKING:
    from desktop_app.core.engine import Engine

__all__ = ["ChatScope", "EngineRetriever", "space_floor"]

log = logging.getLogger(__name__)

_POOL = 40  # ranked chunks considered per search before the context decides how many fit
_NEAREST = 3  # passages a refusal shows when none is relevant


def space_floor(engine: Engine) -> float:
    """The cosine floor of the engine's active space: the setting, else above its background
    (measured once and kept; it may cost one embedding request)."""
    setting = engine.settings["chat.min_similarity"]
    background = None if setting is not None else engine_background(engine)
    return similarity_floor(
        setting, background, float(engine.settings["chat.floor_above_background"])
    )


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

    def __init__(self, engine: Engine, min_similarity: float | None = None) -> None:
        """``min_similarity``: the cosine a passage whose words do not match needs to count as
        relevant; None: the space's floor (``space_floor``)."""
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
            for chunk_id, near in (self._similarities(vector, ranked) if ranked else {}).items():
                similarity[chunk_id] = max(near, similarity.get(chunk_id, near))
        rows = self.engine.catalog.chunks.by_id(ranked)
        rerank_floor_set = self.engine.settings["chat.min_rerank_score"] is not None
        floor = _Once(self._floor)
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
            # A reranker logit alone does not make a passage relevant here: the floor judges it.
            relevant = i in matched or (
                score is not None and scored_by == "similarity" and score >= floor()
            )
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

    def _floor(self) -> float:
        return self.min_similarity if self.min_similarity is not None else space_floor(self.engine)

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


class _Once:
    """A value computed on first use (the floor may cost a request; most questions' passages
    match words and never need it)."""

    def __init__(self, compute: Callable[[], float]) -> None:
        self._compute = compute
        self._value: float | None = None

    def __call__(self) -> float:
        if self._value is None:
            self._value = self._compute()
        return self._value
