"""The two ways a cited sentence is scored against its passages: reranker or embeddings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from desktop_app.core.chat.background import engine_background
from desktop_app.core.chat.claims import Claim, check_claims, claim_similarity_floor
from desktop_app.core.chat.sources import Source
from desktop_app.core.errors import TroveError
from desktop_app.core.index.protocols import VectorStore
from desktop_app.core.nim import EmbeddingClient, RerankClient

if TYPE_CHECKING:
    from desktop_app.core.engine import Engine

__all__ = ["EmbeddingScorer", "RerankScorer", "engine_claim_checker"]


class RerankScorer:
    """The sentence as the reranker's query, its cited passages as passages: the best logit."""

    by = "rerank"

    def __init__(self, reranker: RerankClient, threshold: float) -> None:
        self.reranker = reranker
        self.threshold = threshold

    def score(self, pairs: Sequence[tuple[str, Sequence[Source]]]) -> list[float]:
        """One ranking request per sentence (its passages together)."""
        out = []
        for text, sources in pairs:
            ranked = self.reranker.rank(text, [s.text for s in sources], top_n=1)
            out.append(float(ranked[0].logit) if ranked else float("-inf"))
        return out


class EmbeddingScorer:
    """Cosine of the sentence's vector to each cited passage's: the best one.

    Sentences are embedded as passages (one request for all), so a sentence and a passage are
    compared as two texts of the same kind; passage vectors come from the store when indexed.
    """

    by = "similarity"

    def __init__(
        self,
        embedder: EmbeddingClient,
        threshold: float,
        store: VectorStore | None = None,
        space: str | None = None,
    ) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.store = store
        self.space = space

    def score(self, pairs: Sequence[tuple[str, Sequence[Source]]]) -> list[float]:
        """Best cosine per sentence."""
        stored: dict[str, Any] = {}
        ids = [str(s.chunk_id) for _, sources in pairs for s in sources if s.chunk_id is not None]
        if self.store is not None and self.space is not None and ids:
            try:
                stored = self.store.get_vectors(self.space, ids)
            except TroveError:
                stored = {}  # embed the passages instead
        missing: list[str] = []
        for _, sources in pairs:
            for s in sources:
                if str(s.chunk_id) not in stored and s.text not in missing:
                    missing.append(s.text)
        texts = [text for text, _ in pairs] + missing
        vectors = [_unit(v) for v in self.embedder.embed_passages(texts).vectors]
        sentence_vectors = vectors[: len(pairs)]
        embedded = dict(zip(missing, vectors[len(pairs) :], strict=True))
        out = []
        for (_, sources), sv in zip(pairs, sentence_vectors, strict=True):
            best = float("-inf")
            for s in sources:
                pv = stored.get(str(s.chunk_id))
                passage = _unit(pv) if pv is not None else embedded[s.text]
                best = max(best, float(np.dot(sv, passage)))
            out.append(best)
        return out


def _unit(vector: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    v = np.asarray(vector, dtype=np.float64)
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def engine_claim_checker(engine: Engine) -> Any:
    """``check(answer, sources) -> claims`` with the engine's reranker when it reranks and
    ``chat.claim_min_rerank_score`` is set, else its embedding space's model; unchecked (marks
    only) when neither can run."""

    def check(answer: str, sources: Sequence[Source]) -> list[Claim]:
        settings = engine.settings
        scorer: RerankScorer | EmbeddingScorer | None = None
        try:
            # The reranker scores claims only with a threshold the user set for it: its logits
            # have no scale common to all models, the embedding space's floor is measured.
            rerank_threshold = settings["chat.claim_min_rerank_score"]
            reranker = engine.nim.search_reranker() if rerank_threshold is not None else None
            if reranker is not None:
                scorer = RerankScorer(reranker, float(rerank_threshold))
            else:
                space = engine.catalog.spaces.active()
                if space is not None:
                    setting = settings["chat.claim_min_similarity"]
                    background = None if setting is not None else engine_background(engine)
                    threshold = claim_similarity_floor(setting, background)
                    scorer = EmbeddingScorer(
                        engine.nim.query_embedder(space), threshold, engine.store, space.name
                    )
        except TroveError:
            scorer = None
        with engine.interactive():
            return check_claims(answer, sources, scorer, float(settings["chat.claim_min_coverage"]))

    return check
