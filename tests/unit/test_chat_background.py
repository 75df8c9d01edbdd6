"""An embedding space's background: measured from the probe questions, kept, measured again."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.chat.background import (
    MIN_PASSAGES,
    PROBE_QUESTIONS,
    PROBES_VERSION,
    REFERENCE_LIFT,
    Background,
    measure_background,
    reference_background,
    reference_mix,
)
from desktop_app.core.chat.reference_passages import REFERENCE_PASSAGES


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


def test_a_small_space_gets_a_background_from_the_reference_passages_in_its_languages() -> None:
    english, korean = REFERENCE_PASSAGES["en"], REFERENCE_PASSAGES["ko"]
    assert len(english) == len(korean) == 12
    assert reference_mix(["The boiler is serviced in October.", "Spare keys: kitchen drawer."]) == [
        *english
    ]
    assert reference_mix(
        ["보일러는 10월에 점검합니다.", "여분의 열쇠는 부엌 서랍에 있습니다."]
    ) == [*korean]
    half = reference_mix(
        ["GIMP에서 레이어를 추가하려면 Layer 메뉴를 쓰세요.", "Use pg_dump -h host."]
    )
    assert half == [*english[:6], *korean[6:]]  # each subject once, half of them in Korean
    assert reference_mix([]) == [*english]

    requests: list[list[str]] = []
    sides = {text: [1.0, 0.0] if i == 0 else [0.0, 1.0] for i, text in enumerate(english)}

    def embed_passages(texts: Sequence[str]) -> list[list[float]]:
        requests.append(list(texts))
        return [sides[t] for t in texts]

    probes = [[1.0, 1.0]] * 3 + [[1.0, 0.0]] * 2  # best matches 0.707 x 3 and 1.0 x 2
    measured = reference_background(probes, embed_passages, ["Spare keys."], 4)
    assert requests == [[*english]]  # one request, the references as passages
    assert measured is not None and measured.by == "references" and measured.passages == 4
    raw = 2**-0.5
    assert abs(measured.similarity - (raw + REFERENCE_LIFT * (1 - raw))) < 1e-9


def test_a_reference_background_serves_until_the_space_can_measure_its_own() -> None:
    small = Background(0.3, 5, by="references")
    assert not small.stale(5) and not small.stale(9)
    assert small.stale(11)  # doubled
    assert small.stale(MIN_PASSAGES)  # enough passages for its own
    assert Background.from_json(small.to_json()) == small
    old = '{"similarity": 0.2, "passages": 100, "version": 1, "measured_at": 0}'
    kept = Background.from_json(old)
    assert kept is not None and kept.by == "passages" and kept.stale(100)  # other probes
