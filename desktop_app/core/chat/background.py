"""An embedding space's background: how close questions the files cannot answer come to them.

Cosine scales are the model's own: e5 models put unrelated texts near 0.8, MiniLM near 0.2, and
a model nobody measured could sit anywhere. So the similarity floor is not a number per model but
a place on the space's own scale: a share of the way from the background (the median best cosine
of fixed everyday questions, English and Korean, that no file collection is likely to answer) to a
perfect match. Measured once per space with one embedding request, kept in the catalog, measured
again when the space has doubled or halved since. Chosen and checked on the retrieval benchmark
with two real models (docs/benchmarks-answers.md).

A new user's space of a few files is too small for that median (a handful of passages, one of them
on a probe's subject). Until it has ``MIN_PASSAGES``, the probes are matched against reference
passages shipped with the app instead (``reference_passages.py``, in the space's languages): a
background that needs no passages, lifted to the level the benchmark's large spaces measure
(``REFERENCE_LIFT``), so a small index refuses what it cannot answer on any model's scale.
"""

from __future__ import annotations

import json
import logging
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from desktop_app.core.chat.reference_passages import REFERENCE_PASSAGES
from desktop_app.core.errors import TroveError
from desktop_app.core.text import fts

if TYPE_CHECKING:
    from desktop_app.core.engine import Engine
    from desktop_app.core.nim import EmbeddingClient

__all__ = [
    "DEFAULT_FLOOR_ABOVE_BACKGROUND",
    "PROBE_QUESTIONS",
    "Background",
    "engine_background",
    "measure_background",
    "reference_background",
    "reference_mix",
]

log = logging.getLogger(__name__)

# Measured on the retrieval benchmark's tuning split, both models together (bench_floor.py).
DEFAULT_FLOOR_ABOVE_BACKGROUND = 0.26
# Below this many passages the median of the probes' best matches is noise (a handful of
# passages, one of them on a probe's subject): the reference passages serve until the space grows.
MIN_PASSAGES = 30
# The probes' median best match among the twelve reference passages sits below what a space of
# hundreds of passages measures (a best of twelve, not of hundreds): this share of the way up to
# a perfect match brings it there, fitted on the benchmark's large spaces, both models
# (bench_floor_small.py).
REFERENCE_LIFT = 0.12
# Bump when the probes or reference passages change: a background they measured is measured again.
PROBES_VERSION = 2
_META_KEY = "floor.background."

# Everyday questions in the two languages of the app, on subjects far from most file collections.
# The median of their best matches is the background: a few that a collection does answer (a
# cookbook, a travel diary) move it little.
PROBE_QUESTIONS: tuple[str, ...] = (
    "What is a good recipe for banana bread?",
    "Who won the football World Cup in 1998?",
    "How do I train my puppy to stop barking at night?",
    "What will the weather be like in Lisbon this weekend?",
    "Which houseplants survive in a dark room?",
    "How many calories does a boiled egg have?",
    "What are the best beaches to visit in Thailand?",
    "How do I remove a red wine stain from a carpet?",
    "Who painted the ceiling of the Sistine Chapel?",
    "How long should I rest between sets when lifting weights?",
    "What is the plot of the novel Pride and Prejudice?",
    "How do I change a flat tyre on a bicycle?",
    "When is the best season to plant tulip bulbs?",
    "What should I pack for a week of camping in the mountains?",
    "How do I tune a guitar by ear?",
    "Why do cats purr?",
    "바나나 빵을 맛있게 만드는 방법은?",
    "1998년 월드컵에서 우승한 나라는 어디인가요?",
    "강아지가 밤에 짖지 않게 훈련하려면 어떻게 하나요?",
    "이번 주말 부산 날씨는 어떤가요?",
    "어두운 방에서도 잘 자라는 화분 식물은?",
    "삶은 달걀 하나의 열량은 얼마인가요?",
    "제주도에서 가 볼 만한 해변은 어디인가요?",
    "카펫에 묻은 와인 얼룩을 지우는 방법은?",
    "시스티나 성당 천장화를 그린 화가는 누구인가요?",
    "근력 운동을 할 때 세트 사이에 얼마나 쉬어야 하나요?",
    "소설 오만과 편견의 줄거리는?",
    "자전거 타이어 펑크를 때우는 방법은?",
    "튤립 구근은 언제 심는 것이 좋나요?",
    "산에서 일주일 캠핑할 때 챙겨야 할 것은?",
    "기타를 귀로 조율하는 방법은?",
    "고양이는 왜 가르랑거리나요?",
)


@dataclass(frozen=True)
class Background:
    """The median best cosine of the probe questions in one space, and when it was measured."""

    similarity: float
    passages: int  # the space's size when measured
    version: int = PROBES_VERSION
    measured_at: float = 0.0
    by: str = "passages"  # or "references": a small space's, from the reference passages

    def floor(self, share: float) -> float:
        """The cosine ``share`` of the way from the background to a perfect match."""
        return self.similarity + share * (1.0 - self.similarity)

    def stale(self, passages: int) -> bool:
        """True when other probes measured it, the space has doubled or halved since, or it has
        grown enough to measure its own."""
        if self.version != PROBES_VERSION or self.passages <= 0:
            return True
        if self.by == "references" and passages >= MIN_PASSAGES:
            return True
        return not self.passages / 2 <= passages <= self.passages * 2

    def to_json(self) -> str:
        """As kept in the catalog's meta table."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | None) -> Background | None:
        """The kept background, or None when there is none (or it cannot be read)."""
        if not text:
            return None
        try:
            data = json.loads(text)
            return cls(
                float(data["similarity"]),
                int(data["passages"]),
                int(data["version"]),
                float(data.get("measured_at", 0.0)),
                str(data.get("by", "passages")),
            )
        except (ValueError, KeyError, TypeError):
            return None


def measure_background(
    embed_queries: Callable[[Sequence[str]], Sequence[Sequence[float]]],
    best_similarity: Callable[[Sequence[float]], float | None],
    passages: int,
) -> Background | None:
    """The probes embedded as queries (one request), each ranked against the space: the median
    of their best cosines. None when the space returned nothing."""
    vectors = embed_queries(PROBE_QUESTIONS)
    best = [b for b in (best_similarity(v) for v in vectors) if b is not None]
    if not best:
        return None
    return Background(statistics.median(best), passages, PROBES_VERSION, time.time())


def reference_mix(texts: Sequence[str]) -> list[str]:
    """The reference passages for a space whose passages include ``texts``: the twelve subjects,
    as many of them in Korean as the share of its passages written mostly in a CJK script (a
    model like MiniLM reads all of those alike), the others in English."""
    english, korean = REFERENCE_PASSAGES["en"], REFERENCE_PASSAGES["ko"]
    share = sum(map(_mostly_cjk, texts)) / len(texts) if texts else 0.0
    cut = len(english) - round(share * len(english))
    return [*english[:cut], *korean[cut:]]


def _mostly_cjk(text: str) -> bool:
    """At least a third of the letters are Hangul, kana or Han (a CJK word is short)."""
    letters = sum(c.isalpha() for c in text)
    return letters > 0 and 3 * sum(map(fts.is_cjk_char, text)) >= letters


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norms if norms else 0.0


def reference_background(
    probe_vectors: Sequence[Sequence[float]],
    embed_passages: Callable[[Sequence[str]], Sequence[Sequence[float]]],
    texts: Sequence[str],
    passages: int,
) -> Background | None:
    """A small space's background without its passages: the median of the probes' best cosines
    among the reference passages in the space's languages (``texts`` are some of its passages),
    lifted by ``REFERENCE_LIFT`` (one embedding request, the references as passages)."""
    references = embed_passages(reference_mix(texts))
    if not probe_vectors or not references:
        return None
    best = [max(_cosine(p, r) for r in references) for p in probe_vectors]
    raw = statistics.median(best)
    lifted = raw + REFERENCE_LIFT * (1.0 - raw)
    return Background(lifted, passages, PROBES_VERSION, time.time(), "references")


def engine_background(engine: Engine) -> Background | None:
    """The active space's background: kept, or measured now (and kept); from the reference
    passages while the space has fewer than ``MIN_PASSAGES``. None when there is no active space
    with passages, or the embedding NIM cannot be asked."""
    space = engine.catalog.spaces.active()
    if space is None:
        return None
    key = _META_KEY + space.name
    try:
        passages = engine.store.count(space.name)
        kept = Background.from_json(engine.catalog.get_meta(key))
        if kept is not None and not kept.stale(passages):
            return kept
        if passages <= 0:
            return None
        embedder = engine.nim.query_embedder(space)
        if passages >= MIN_PASSAGES:

            def best(vector: Sequence[float]) -> float | None:
                hits = engine.store.query(space.name, list(vector), 1)
                return hits[0].similarity if hits else None

            measured = measure_background(embedder.embed_queries, best, passages)
        else:
            measured = _small_space_background(engine, space.name, embedder, passages)
    except TroveError as exc:
        log.info("similarity floor: the space's background could not be measured: %s", exc)
        return None
    if measured is not None:
        engine.catalog.set_meta(key, measured.to_json())
        log.info(
            "similarity floor: background %.3f over %d passages of %s (from its %s)",
            measured.similarity,
            passages,
            space.name,
            measured.by,
        )
    return measured


def _small_space_background(
    engine: Engine, space: str, embedder: EmbeddingClient, passages: int
) -> Background | None:
    """The reference background, in the languages of the passages nearest the probes."""
    probes = embedder.embed_queries(PROBE_QUESTIONS)
    nearest = {int(h[0].id) for h in (engine.store.query(space, v, 1) for v in probes) if h}
    texts = [row.text for row in engine.catalog.chunks.by_id(sorted(nearest)).values()]
    return reference_background(
        probes, lambda t: embedder.embed_passages(t).vectors, texts, passages
    )
