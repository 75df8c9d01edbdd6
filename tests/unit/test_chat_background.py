"""An embedding space's background: measured from the probe questions, kept, measured again."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.chat.background import (
    PROBE_QUESTIONS,
    PROBES_VERSION,
    Background,
    measure_background,
)


def test_the_background_is_the_median_best_match_of_the_probes_in_one_request() -> None:
    requests: list[int] = []

    def embed(texts: Sequence[str]) -> list[list[float]]:
        requests.append(len(texts))
        return [[float(i)] for i in range(len(texts))]

    best = {0: 0.9}  # one probe the files happen to answer moves the median little

    def nearest(vector: Sequence[float]) -> float | None:
        i = int(vector[0])
        return best.get(i, 0.2 + 0.001 * i)

    measured = measure_background(embed, nearest, 500)
    assert requests == [len(PROBE_QUESTIONS)]
    assert measured is not None and measured.passages == 500
    assert 0.2 < measured.similarity < 0.25
    assert any("?" in q for q in PROBE_QUESTIONS) and any("요" in q for q in PROBE_QUESTIONS)


def test_an_empty_space_has_no_background() -> None:
    assert measure_background(lambda texts: [[0.0]] * len(texts), lambda v: None, 0) is None


def test_a_kept_background_is_measured_again_when_the_space_doubled_or_halved() -> None:
    kept = Background(0.8, 1000)
    assert not kept.stale(1000) and not kept.stale(1999) and not kept.stale(500)
    assert kept.stale(2001) and kept.stale(499)
    assert Background(0.8, 1000, PROBES_VERSION - 1).stale(1000)  # other probes measured it
    assert Background.from_json(kept.to_json()) == kept
    assert Background.from_json("{not json") is None and Background.from_json(None) is None
