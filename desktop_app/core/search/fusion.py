"""Reciprocal rank fusion: merge keyword and semantic rankings without comparing their scores."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

__all__ = ["RRF_K", "reciprocal_rank_fusion"]

# 60 is the constant of Cormack et al. (2009), also the default of Elastic, OpenSearch and
# GPT4All's LocalDocs: it damps the head so one list cannot dominate the other.
RRF_K = 60

T = TypeVar("T", bound=Hashable)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[T]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[T, float]]:
    """Fuse ranked id lists (best first) into one, best first, with each id's fused score."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[T, float] = {}
    first_seen: dict[T, int] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
            first_seen.setdefault(item, len(first_seen))
    # Ties keep the order in which items were first seen, so results are deterministic.
    return sorted(scores.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))
