"""Hybrid fusion per file: results are files, so a file found by keyword through one passage and
by meaning through another gets credit from both halves."""

from __future__ import annotations

from desktop_app.core.index.records import ChunkRow
from desktop_app.core.search.fusion import score_fusion
from desktop_app.core.search.hybrid import _by_file_fusion

# chunk id -> file id: file 1 has chunks 10 and 11, file 2 chunk 20, file 3 chunk 30, ...
FILES = {10: 1, 11: 1, 20: 2, 30: 3, 40: 4, 50: 5}
ROWS = {
    i: ChunkRow(i, f, f"/docs/{f}.txt", i % 10, "text", {}, 10, "text", 0) for i, f in FILES.items()
}
QUERY = "how do I keep the backups small"  # prose: the keyword list only breaks near-ties


def test_a_file_found_by_both_halves_through_different_passages_ranks_first() -> None:
    semantic = [(20, 0.80), (10, 0.79), (30, 0.70), (40, 0.69), (50, 0.68)]
    keyword = [(11, 9.0), (50, 3.0), (40, 2.5)]  # file 1 matches by words in another passage
    by_chunk = score_fusion(keyword, semantic, 0.25)
    assert by_chunk[0][0] == 20  # per chunk, neither of file 1's passages wins
    ranked = _by_file_fusion(by_chunk, ROWS, (QUERY, keyword, semantic, {}))
    files = list(dict.fromkeys(ROWS[i].file_id for i, _ in ranked))
    assert files[:2] == [1, 2]
    assert [i for i, _ in ranked if ROWS[i].file_id == 1] == [10, 11]  # chunk order kept
    assert {i for i, _ in ranked} == {i for i, _ in by_chunk}


def test_deleted_chunks_are_left_out() -> None:
    semantic = [(20, 0.8), (99, 0.7)]
    ranked = _by_file_fusion(score_fusion([], semantic), ROWS, (QUERY, [], semantic, {}))
    assert [i for i, _ in ranked] == [20]


def test_a_keyword_only_file_ranks_by_its_true_similarity_when_known() -> None:
    semantic = [(10, 0.80), (20, 0.75), (30, 0.70)]
    keyword = [(40, 9.0), (50, 8.0)]  # files 4 and 5: found by words only

    def files(fill: dict[int, float]) -> list[int]:
        by_chunk = score_fusion(keyword, semantic, 0.25, fill)
        ranked = _by_file_fusion(by_chunk, ROWS, (QUERY, keyword, semantic, fill))
        return [ROWS[i].file_id for i, _ in ranked]

    plain = files({})
    assert plain.index(4) < plain.index(5)  # both at the semantic floor: keyword decides
    filled = files({40: 0.10, 50: 0.65})  # file 5's passage is close in meaning, file 4's not
    assert filled.index(5) < filled.index(4)
