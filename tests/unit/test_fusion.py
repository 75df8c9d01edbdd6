"""Hybrid fusion: standard scores per list, keyword weight by query shape, deterministic."""

from __future__ import annotations

import pytest

from desktop_app.core.search.fusion import (
    EXACT_WEIGHT,
    PROSE_WEIGHT,
    SHORT_WEIGHT,
    best_of,
    keyword_weight,
    score_fusion,
    standard_scores,
)


def ids(fused: list[tuple[str, float]]) -> list[str]:
    return [item for item, _ in fused]


def test_a_clear_semantic_winner_keeps_its_lead_over_a_keyword_favourite() -> None:
    semantic = [("mvcc", 0.51), ("index", 0.42), ("dump", 0.39), ("vacuum", 0.38)]
    keyword = [("dump", 9.0), ("vacuum", 8.5), ("index", 8.0)]
    assert ids(score_fusion(keyword, semantic, PROSE_WEIGHT))[0] == "mvcc"
    # With full keyword weight the keyword list's winner, also found by semantic, comes first.
    assert ids(score_fusion(keyword, semantic, 1.0))[0] == "dump"


def test_items_of_both_lists_rise_and_missing_counts_as_last() -> None:
    semantic = [("a", 0.9), ("b", 0.8), ("c", 0.7)]
    keyword = [("b", 5.0), ("d", 4.0), ("e", 1.0)]
    fused = ids(score_fusion(keyword, semantic, 1.0))
    assert fused[0] == "b"
    assert set(fused) == {"a", "b", "c", "d", "e"}
    assert fused[-1] == "e"


def test_a_missing_item_with_a_known_semantic_score_is_placed_on_the_semantic_scale() -> None:
    semantic = [("a", 0.9), ("b", 0.8), ("c", 0.7)]
    keyword = [("d", 5.0), ("e", 4.0), ("a", 1.0)]  # d and e: keyword matches only
    plain = dict(score_fusion(keyword, semantic, PROSE_WEIGHT))
    assert plain["d"] > plain["e"]  # both at the semantic floor: the keyword score decides
    fill = {"d": 0.1, "e": 0.69}  # e is nearly as close as c, d is far off
    fused = dict(score_fusion(keyword, semantic, PROSE_WEIGHT, fill))
    assert fused["e"] > fused["d"]
    # The known scores do not move the list's own scale: a, b, c score as without them.
    assert all(fused[i] == plain[i] for i in "abc")


def test_one_list_alone_keeps_its_order_and_ties_are_deterministic() -> None:
    assert ids(score_fusion([], [(3, 0.9), (1, 0.5), (2, 0.1)])) == [3, 1, 2]
    assert ids(score_fusion([("x", 1.0)], [("y", 1.0)])) == ["y", "x"]
    assert score_fusion([], []) == []


def test_standard_scores() -> None:
    z = standard_scores([("a", 3.0), ("b", 1.0)])
    assert z == pytest.approx({"a": 1.0, "b": -1.0})
    assert standard_scores([("a", 2.0), ("b", 2.0)]) == {"a": 0.0, "b": 0.0}


def test_keyword_weight_follows_the_query_shape() -> None:
    # Exact tokens are keyword search's strength; prose is the embeddings'.
    for exact in ("pg_dump", "re.compile", '"exact phrase" here', "getValue", "python 3.11"):
        assert keyword_weight(exact) == EXACT_WEIGHT, exact
    assert keyword_weight("backup") == SHORT_WEIGHT
    assert keyword_weight("CSV import") == SHORT_WEIGHT
    assert keyword_weight("how do I back up one database to a file") == PROSE_WEIGHT
    assert keyword_weight("데비안 버전 이름은 어디서 왔나요") == PROSE_WEIGHT


def test_best_of_lets_a_lower_lying_list_bring_its_clear_winner() -> None:
    # A translated query's similarities sit lower, but its first hit stands out in its list.
    original = [("ko1", 0.88), ("ko2", 0.87), ("ko3", 0.87), ("ko4", 0.86)]
    translated = [("en1", 0.70), ("en2", 0.55), ("en3", 0.54), ("ko2", 0.53)]
    merged = ids(best_of([original, translated]))
    assert merged[:2] == ["en1", "ko1"]
    assert merged.count("ko2") == 1
    assert ids(best_of([original])) == ids(original)
    assert best_of([]) == []


def test_a_handicap_keeps_a_translation_from_displacing_an_about_as_clear_winner() -> None:
    original = [("ko1", 3.0), *((f"ko{n}", 1.0) for n in range(2, 6))]  # ko1: standard score 2.0
    translated = [("en1", 3.0), *((f"en{n}", 1.0) for n in range(2, 7))]  # en1: 2.24
    assert ids(best_of([original, translated]))[:2] == ["en1", "ko1"]
    assert ids(best_of([original, translated], handicap=0.25))[:2] == ["ko1", "en1"]
    clearer = [("en1", 9.0), *((f"en{n}", 1.0) for n in range(2, 12))]  # en1: 3.16
    assert ids(best_of([original, clearer], handicap=0.25))[0] == "en1"
