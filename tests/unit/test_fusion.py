"""RRF: items found by both rankers rise; order is deterministic."""

from __future__ import annotations

from desktop_app.core.search.fusion import reciprocal_rank_fusion


def test_items_in_both_lists_win() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "d", "a"]])
    ids = [item for item, _ in fused]
    assert ids[:2] == ["a", "c"]
    assert set(ids) == {"a", "b", "c", "d"}
    assert fused[0][1] == 1 / 61 + 1 / 63


def test_single_list_keeps_its_order() -> None:
    assert [i for i, _ in reciprocal_rank_fusion([[3, 1, 2]])] == [3, 1, 2]


def test_ties_are_deterministic() -> None:
    fused = reciprocal_rank_fusion([["x", "y"], ["y", "x"]])
    assert [i for i, _ in fused] == ["x", "y"]


def test_empty() -> None:
    assert reciprocal_rank_fusion([[], []]) == []


def test_weights() -> None:
    fused = reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 2.0])
    assert fused[0][0] == "b"
