"""Searching an index whose passages still wait for their vectors. Real catalog, Chroma and the
NIM simulator."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.index.catalog import SearchFilters
from tests.integration.live_helpers import make_engine
from tests.nimsim import NimSimulator


def test_hybrid_search_before_any_vector_asks_no_nim_and_says_why(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "walrus.txt").write_text("walruses rest on the ice floes\n")
    with NimSimulator(profile="local") as sim:
        engine = make_engine(tmp_path / "home", sim.base_url)
        try:
            engine.embed_pending()  # nothing to embed: the live indexer's start promotes an index
            assert engine.catalog.spaces.active() is not None
            engine.add_folder(str(root))
            engine.index(vectors=False)  # read; its passage still waits for the NIM
            sim.reset()
            response = engine.search("walruses", mode="hybrid", filters=SearchFilters())
        finally:
            engine.close()
    assert [Path(r.path).name for r in response.results] == ["walrus.txt"]  # keyword still finds
    assert sim.counters["embeddings"] == 0  # no query vector to wait for: none could match
    messages = [n["message"] for n in response.notices if n["kind"] == "semantic_unavailable"]
    assert messages and "no passage is embedded yet" in messages[0]
