"""Hybrid fusion of a keyword match the semantic list missed: its true similarity, read from the
store, places it instead of the semantic list's floor. Real catalog, Chroma and the NIM simulator
(whose vectors are hashed words: similarity is shared words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.index.catalog import SearchFilters
from desktop_app.core.search import hybrid
from tests.integration.live_helpers import make_engine
from tests.nimsim import NimSimulator

QUERY = "zanzibar lighthouse keeper storms"  # prose: the keyword list weighs 0.25
NOISE = "pebble orchard violin basket copper meadow lantern saddle thimble walnut"


def _ranked_names(tmp_path: Path, fill: bool, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # A shallow candidate pool, so the nearest three passages fill the semantic list and the two
    # "zanzibar" pages are found by keyword only.
    monkeypatch.setattr(hybrid, "_POOL", 3)
    if not fill:
        monkeypatch.setattr(hybrid.Searcher, "_semantic_fill", lambda *args: {})
    root = tmp_path / "docs"
    root.mkdir()
    for n, extra in enumerate(("", "night", "night dawn")):
        (root / f"near{n}.txt").write_text(f"lighthouse keeper storms {extra}\n")
    # close in meaning: three of the query's words, once each ("lighthouse" and "keeper" are
    # in most pages, so bm25 gives them next to nothing)
    (root / "close.txt").write_text(f"zanzibar lighthouse keeper {NOISE[:40]}\n")
    # far in meaning: only "zanzibar", said four times (the higher bm25)
    (root / "far.txt").write_text(f"zanzibar zanzibar zanzibar zanzibar {NOISE}\n")
    with NimSimulator(profile="local") as sim:
        engine = make_engine(tmp_path / "home", sim.base_url)
        try:
            engine.add_folder(str(root))
            engine.index()
            response = engine.search(QUERY, mode="hybrid", filters=SearchFilters())
        finally:
            engine.close()
    return [Path(r.path).name for r in response.results]


def test_a_keyword_only_page_close_in_meaning_outranks_one_that_only_shares_a_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = _ranked_names(tmp_path, True, monkeypatch)
    assert names.index("close.txt") < names.index("far.txt")


def test_without_the_similarity_the_higher_keyword_score_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same index ranked with both pages at the semantic floor: the test above can fail.
    names = _ranked_names(tmp_path, False, monkeypatch)
    assert names.index("far.txt") < names.index("close.txt")
