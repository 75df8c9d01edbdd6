"""Hybrid fusion: keyword and semantic candidates merged by how far each stands out in its own
list, with the keyword list weighted by the query's shape.

Reciprocal rank fusion (k = 60) made hybrid search worse than semantic search alone with a real
embedding model (docs/benchmarks.md, "Retrieval quality"): it treats every first place alike and
damps the head so much that a chunk ranked low by both lists beat the clear winner of one, and a
prose question's bm25 list (led by chunks that repeat its common words) pulled the right file
down. Scores normalised as standard scores within each list keep a clear winner's lead, and the
keyword list counts fully only where keyword search is the better tool: exact tokens.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

__all__ = [
    "EXACT_WEIGHT",
    "PROSE_WEIGHT",
    "SHORT_WEIGHT",
    "best_of",
    "keyword_weight",
    "score_fusion",
    "standard_scores",
]

# Keyword weight by query shape (the semantic list weighs 1). Tuned on the benchmark's tuning
# split only (prose: 0.2 to 0.3 tie once hybrid fuses per file, 0.15 and 0.5 rank worse).
# Identifiers, quoted phrases, numbers and paths are what keyword search is for; a question in
# prose is what embeddings are for, and its keyword list only breaks near-ties.
EXACT_WEIGHT = 1.0
SHORT_WEIGHT = 0.5
PROSE_WEIGHT = 0.25
_SHORT_WORDS = 2
_EXACT = re.compile(r'"|[_./\\:#@$<>=]|\w\(|\d|[a-z][A-Z]')

T = TypeVar("T", bound=Hashable)


def keyword_weight(query: str) -> float:
    """How much the keyword list counts against the semantic one for ``query``."""
    words = query.split()
    if any(_EXACT.search(word) for word in words):
        return EXACT_WEIGHT
    if len(words) <= _SHORT_WORDS:
        return SHORT_WEIGHT
    return PROSE_WEIGHT


def standard_scores(scored: Sequence[tuple[T, float]]) -> dict[T, float]:
    """Each item's score as a standard score within its list (0 mean, 1 spread; all equal: 0)."""
    if not scored:
        return {}
    mean, spread = _mean_spread(scored)
    return {item: (s - mean) / spread if spread > 0 else 0.0 for item, s in scored}


def _mean_spread(scored: Sequence[tuple[T, float]]) -> tuple[float, float]:
    values = [s for _, s in scored]
    mean = sum(values) / len(values)
    return mean, (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def score_fusion(
    keyword: Sequence[tuple[T, float]],
    semantic: Sequence[tuple[T, float]],
    keyword_weight: float = 1.0,
    semantic_fill: Mapping[T, float] | None = None,
) -> list[tuple[T, float]]:
    """Fuse (id, score) lists (higher is better) into one, best first, with fused scores.

    An item missing from a list gets that list's lowest standard score: not found is no better
    than found last. ``semantic_fill`` gives the true semantic score of items the semantic list
    missed (keyword matches beyond its depth); each is put on the list's scale (its mean and
    spread, not changed by them) instead of the floor. Ties keep the order in which items were
    first seen (semantic list first).
    """
    kw, sem = standard_scores(keyword), standard_scores(semantic)
    kw_floor, sem_floor = min(kw.values(), default=0.0), min(sem.values(), default=0.0)
    if semantic_fill and len(sem) > 1:
        sem = {**_on_scale(semantic, semantic_fill), **sem}
    seen = dict.fromkeys([*(i for i, _ in semantic), *(i for i, _ in keyword)])
    order = {item: n for n, item in enumerate(seen)}
    fused = {
        item: sem.get(item, sem_floor) + keyword_weight * kw.get(item, kw_floor) for item in seen
    }
    return sorted(fused.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def _on_scale(scored: Sequence[tuple[T, float]], extra: Mapping[T, float]) -> dict[T, float]:
    """``extra``'s scores as standard scores of ``scored``'s distribution (empty if it has none)."""
    mean, spread = _mean_spread(scored)
    if spread <= 0:
        return {}
    return {item: (s - mean) / spread for item, s in extra.items()}


def best_of(
    lists: Sequence[Sequence[tuple[T, float]]], handicap: float = 0.0
) -> list[tuple[T, float]]:
    """Rankings of one search by several queries (a query and its translations) merged: each
    item keeps its best standard score. Each list's scores are first made standard within it,
    so a list of another language, whose similarities sit lower, still brings its clear winner.
    ``handicap`` is taken off every list's scores but the first's. Ties keep the order of first
    appearance (the first list first)."""
    best: dict[T, float] = {}
    for n, ranked in enumerate(lists):
        for item, z in standard_scores(ranked).items():
            score = z - handicap if n else z
            if item not in best or score > best[item]:
                best[item] = score
    order = {item: n for n, item in enumerate(best)}
    return sorted(best.items(), key=lambda kv: (-kv[1], order[kv[0]]))
