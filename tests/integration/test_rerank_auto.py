"""Reranking by default whenever a reranking NIM answers (``rerank.enabled = auto``), silently
left out when none does; 'on' and 'off' as they say. Real engine, real Chroma, the simulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.doctor import run_doctor
from desktop_app.core.engine import Engine
from desktop_app.core.search.hybrid import SearchFilters
from desktop_app.core.settings import Settings
from tests.integration.live_helpers import make_engine
from tests.nimsim import NimSimulator

NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens there


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "chroma.md").write_text("Chroma is an open-source vector database.\n")
    (root / "garden.txt").write_text("Tomatoes need sun, water and a vector of compost.\n")
    return root


def _engine(tmp_path: Path, sim: NimSimulator, docs: Path, rerank_url: str, **kw) -> Engine:
    engine = make_engine(tmp_path / "home", sim.base_url, rerank__base_url=rerank_url, **kw)
    engine.add_folder(str(docs))
    engine.index()
    return engine


def _search(engine: Engine):
    return engine.search("vector database", mode="hybrid", filters=SearchFilters())


def test_auto_is_the_default_and_reranks_when_a_reranker_answers(
    tmp_path: Path, sim: NimSimulator, docs: Path
) -> None:
    assert Settings()["rerank.enabled"] == "auto"
    engine = _engine(tmp_path, sim, docs, sim.base_url)
    try:
        response = _search(engine)
        assert response.reranked and sim.counters["ranking"] >= 2  # the check, then the search
        assert not response.notices
    finally:
        engine.close()


def test_auto_without_a_reranker_searches_as_before_and_says_nothing(
    tmp_path: Path, sim: NimSimulator, docs: Path
) -> None:
    engine = _engine(tmp_path, sim, docs, NOWHERE)
    try:
        for _ in range(3):
            response = _search(engine)
            assert not response.reranked and response.results
            assert not response.notices
        assert sim.counters["ranking"] == 0
    finally:
        engine.close()


def test_auto_leaves_out_a_reranker_that_stops_answering(
    tmp_path: Path, sim: NimSimulator, docs: Path
) -> None:
    engine = _engine(tmp_path, sim, docs, sim.base_url)
    try:
        assert _search(engine).reranked
        sim.config.rerank_model = "acme/another-reranker"  # the container was swapped
        _search(engine)  # this one finds out
        asked = sim.counters["ranking"]
        later = _search(engine)
        assert not later.reranked and not later.notices
        assert sim.counters["ranking"] == asked  # not asked again on every search
    finally:
        engine.close()


def test_on_says_when_reranking_was_skipped_and_off_never_asks(
    tmp_path: Path, sim: NimSimulator, docs: Path
) -> None:
    engine = _engine(tmp_path, sim, docs, NOWHERE, rerank__enabled="on")
    try:
        response = _search(engine)
        assert not response.reranked
        assert [n["kind"] for n in response.notices] == ["rerank_skipped"]
    finally:
        engine.close()
    engine = _engine(tmp_path / "off", sim, docs, sim.base_url, rerank__enabled="off")
    try:
        assert not _search(engine).reranked
        assert sim.counters["ranking"] == 0
    finally:
        engine.close()


def test_a_settings_file_with_the_old_switch_reads_as_on_or_off(tmp_path: Path) -> None:
    for old, new in ((True, "on"), (False, "off")):
        path = tmp_path / f"{old}.json"
        path.write_text(json.dumps({"schema_version": 1, "rerank": {"enabled": old}}))
        assert Settings.load(path)["rerank.enabled"] == new
    settings = Settings()
    settings.set("rerank.enabled", "true")
    assert settings["rerank.enabled"] == "on"


def test_doctor_counts_a_missing_reranker_as_no_failure_in_auto(sim: NimSimulator) -> None:
    settings = Settings()
    settings.set("embedding.base_url", sim.base_url)
    settings.set("chat.base_url", sim.base_url)
    settings.set("rerank.base_url", NOWHERE)
    rerank = [c for c in run_doctor(settings) if c.service == "rerank"]
    assert [c.status for c in rerank] == ["skip"]
    assert "searches run without reranking" in rerank[0].detail
    settings.set("rerank.enabled", "on")
    assert any(c.status == "fail" for c in run_doctor(settings) if c.service == "rerank")


def test_auto_asks_no_model_in_keyword_mode(tmp_path: Path, sim: NimSimulator, docs: Path) -> None:
    # Keyword mode runs without any NIM; with 'auto' it stays that way (and costs no wait).
    engine = _engine(tmp_path, sim, docs, sim.base_url)
    try:
        sim.reset()
        response = engine.search("vector database", mode="keyword", filters=SearchFilters())
        assert response.results and not response.reranked
        assert sim.counters["ranking"] == 0 and sim.counters["embeddings"] == 0
    finally:
        engine.close()
