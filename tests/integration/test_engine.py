"""Indexing and search end to end: real catalog, real Chroma, real extraction workers, the NIM
simulator; driven through the `trove` CLI as a user would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.commands.index import EXIT_VECTORS_UNFINISHED
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.vectors import ChromaVectors
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator

KOREAN = "오늘 서울의 날씨는 맑고 따뜻합니다. 내일은 전국에 비가 내릴 예정입니다."


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def home() -> Path:
    return Path(os.environ["TROVE_HOME"])


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "weather.txt").write_text(KOREAN + "\n", encoding="utf-8")
    (root / "chroma.md").write_text(
        "# Vector stores\n\nChroma is an open-source vector database for embeddings.\n\n"
        "## Setup\n\nInstall it with pip and create a persistent client.\n",
        encoding="utf-8",
    )
    (root / "gardening.txt").write_text(
        "Tomatoes need full sun, deep watering and rich compost to grow well.\n", encoding="utf-8"
    )
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("secret git config")
    (root / ".env").write_text("API_TOKEN=hunter2")
    return root


@pytest.fixture
def configured(sim: NimSimulator, docs: Path) -> Path:
    point_at_simulator(sim)
    assert trove("folders", "add", str(docs)) == 0
    return docs


def chroma_count(home: Path) -> int:
    catalog = Catalog.open(home / "data" / "catalog.sqlite")
    try:
        space = catalog.spaces.active()
        assert space is not None
        name = space.name
    finally:
        catalog.close()
    store = ChromaVectors.embedded(home / "data" / "chroma")
    try:
        return store.count(name)
    finally:
        store.close()


def test_index_then_search_by_keyword_meaning_and_korean(
    configured: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = trove_json(capsys, "index")
    assert summary["indexed"] == 3  # .git and .env are never read
    assert summary["failed"] == 0
    assert summary["vectors"]["state"] == "ok"
    assert summary["vectors"]["embedded"] >= 3

    results = trove_json(capsys, "search", "날씨", "--mode", "keyword")["results"]
    assert [Path(r["path"]).name for r in results] == ["weather.txt"]
    assert results[0]["snippet"] and results[0]["location"]

    results = trove_json(capsys, "search", "vector database embeddings", "--mode", "semantic")[
        "results"
    ]
    assert Path(results[0]["path"]).name == "chroma.md"
    assert {"path", "score", "location", "snippet"} <= set(results[0])
    assert os.path.isabs(results[0]["path"])

    results = trove_json(capsys, "search", "tomatoes compost")["results"]
    assert Path(results[0]["path"]).name == "gardening.txt"

    status = trove_json(capsys, "status")
    assert status["files"]["extracted"] == 3
    assert status["spaces"][0]["queued"] == 0
    assert chroma_count(home) == status["chunks"]


def test_incremental_reindex_changes_and_deletes(
    configured: Path, home: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    trove_json(capsys, "index")
    embeds = sim.counters["embeddings"]

    again = trove_json(capsys, "index")
    assert again["indexed"] == 0 and again["unchanged"] == 3
    assert sim.counters["embeddings"] == embeds  # nothing re-embedded

    garden = configured / "gardening.txt"
    garden.write_text("Roses want pruning in early spring and a sheltered spot.\n")
    (configured / "chroma.md").unlink()
    changed = trove_json(capsys, "index")
    assert changed["indexed"] == 1 and changed["removed"] == 1

    assert trove_json(capsys, "search", "tomatoes compost", "--mode", "keyword")["results"] == []
    remaining = trove_json(capsys, "search", "Chroma vector database")["results"]
    assert all(Path(r["path"]).name != "chroma.md" for r in remaining)
    roses = trove_json(capsys, "search", "pruning roses")["results"]
    assert Path(roses[0]["path"]).name == "gardening.txt"
    status = trove_json(capsys, "status")
    assert chroma_count(home) == status["chunks"]  # no stale vectors left behind


def test_identical_rewrite_costs_a_hash_not_a_reembed(
    configured: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    trove_json(capsys, "index")
    embeds = sim.counters["embeddings"]
    weather = configured / "notes" / "weather.txt"
    weather.write_text(weather.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(weather, ns=(time.time_ns() + 5_000_000_000,) * 2)
    result = trove_json(capsys, "index")
    assert result["indexed"] == 0
    assert sim.counters["embeddings"] == embeds


def test_nim_down_keyword_still_works_then_catches_up(
    configured: Path, home: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sim.base_url
    sim.stop()
    summary = trove_json(capsys, "index", code=EXIT_VECTORS_UNFINISHED)
    assert summary["indexed"] == 3
    assert summary["vectors"]["state"] == "paused"
    assert "reach" in summary["vectors"]["message"].lower()

    capsys.readouterr()
    assert trove("search", "날씨") == 0
    out = capsys.readouterr().out
    assert "keyword results only" in out and "weather.txt" in out

    with NimSimulator(profile="local", port=int(url.rsplit(":", 1)[1].split("/")[0])):
        summary = trove_json(capsys, "index")
        assert summary["vectors"]["state"] == "ok"
        status = trove_json(capsys, "status")
        assert status["spaces"][0]["queued"] == 0
        assert chroma_count(home) == status["chunks"]


def test_bad_key_pauses_with_a_clear_reason(
    configured: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with NimSimulator(profile="hosted") as hosted:
        assert trove("config", "set", "profile", "hosted") == 0
        assert trove("config", "set", "embedding.base_url", hosted.base_url) == 0
        monkeypatch.setenv("NVIDIA_API_KEY", "not-a-valid-key")
        summary = trove_json(capsys, "index", code=EXIT_VECTORS_UNFINISHED)
    assert summary["indexed"] == 3
    assert summary["vectors"]["state"] == "paused"
    assert "key" in summary["vectors"]["message"].lower()
    assert "not-a-valid-key" not in json.dumps(summary)
    assert summary["searchable"]["state"] == "keyword_only"
    assert "key" in summary["searchable"]["reason"].lower()


def test_bad_files_fail_alone_with_reasons(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (configured / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    (configured / "empty.docx").write_bytes(b"PK\x03\x04 truncated zip")
    summary = trove_json(capsys, "index")
    assert summary["indexed"] == 3
    assert summary["failed"] == 2
    failed = {Path(f["path"]).name: f for f in trove_json(capsys, "status")["failed"]}
    assert set(failed) == {"broken.pdf", "empty.docx"}
    assert all(f["message"] for f in failed.values())


def test_model_switch_builds_new_space_while_old_serves(
    configured: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    trove_json(capsys, "index")
    old = trove_json(capsys, "status")["spaces"][0]["name"]
    sim.config.embed_model = "nvidia/nv-embedqa-e5-v5"
    assert trove("config", "set", "embedding.model", "nvidia/nv-embedqa-e5-v5") == 0
    # Before the new space is built, semantic search keeps using the old one.
    results = trove_json(capsys, "search", "tomatoes", "--mode", "keyword")["results"]
    assert results
    trove_json(capsys, "index")
    spaces = trove_json(capsys, "status")["spaces"]
    assert [s["model"] for s in spaces] == ["nvidia/nv-embedqa-e5-v5"]
    assert spaces[0]["state"] == "active" and spaces[0]["dimensions"] == 1024
    assert spaces[0]["name"] != old
    results = trove_json(capsys, "search", "vector database", "--mode", "semantic")["results"]
    assert Path(results[0]["path"]).name == "chroma.md"


def test_second_process_is_served_by_the_owner(
    configured: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trove_json(capsys, "index")
    env = dict(os.environ)
    owner = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert owner.stdout is not None
        assert "owns" in owner.stdout.readline()
        run = subprocess.run(
            [sys.executable, "-m", "desktop_app", "search", "날씨", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert Path(json.loads(run.stdout)["results"][0]["path"]).name == "weather.txt"
        # And this process, too, goes through the owner instead of opening the stores.
        results = trove_json(capsys, "search", "tomatoes")["results"]
        assert Path(results[0]["path"]).name == "gardening.txt"
    finally:
        owner.send_signal(signal.SIGTERM)
        owner.communicate(timeout=30)
    assert owner.returncode == 0


def _index_process(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "index", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_kill_9_mid_index_then_rerun_equals_clean_run(
    configured: Path,
    home: Path,
    sim: NimSimulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for n in range(60):
        (configured / f"note{n:03}.md").write_text(
            f"# Note {n}\n\n" + " ".join(f"word{n}x{i}" for i in range(400)) + "\n"
        )
    sim.config.latency_s = 0.05
    env = dict(os.environ)
    proc = _index_process(env)
    catalog_file = home / "data" / "catalog.sqlite"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until the vector stage is under way
        if sim.counters["embeddings"] >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    sim.config.latency_s = 0
    assert catalog_file.exists()

    summary = trove_json(capsys, "index")
    assert summary["vectors"]["state"] == "ok"
    status = trove_json(capsys, "status")
    chunks_after_crash = status["chunks"]
    assert status["spaces"][0]["queued"] == 0
    assert chroma_count(home) == chunks_after_crash

    # A clean index of the same folder in a fresh home gives the same numbers.
    clean_home = tmp_path / "clean-home"
    os.environ["TROVE_HOME"] = str(clean_home)
    for key, value in [("embedding.base_url", sim.base_url), ("index.workers", "1")]:
        assert trove("config", "set", key, value) == 0
    assert trove("folders", "add", str(configured)) == 0
    trove_json(capsys, "index")
    clean = trove_json(capsys, "status")
    assert clean["chunks"] == chunks_after_crash
    assert clean["files"] == status["files"]
    assert chroma_count(clean_home) == chunks_after_crash


@pytest.mark.chroma_server
def test_server_mode_indexes_into_a_real_chroma_server(
    configured: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.integration.chroma_server import ChromaServer

    server = ChromaServer(tmp_path / "chroma-data", tmp_path / "chroma.log").start()
    try:
        for key, value in [
            ("chroma.mode", "server"),
            ("chroma.host", server.host),
            ("chroma.port", str(server.port)),
        ]:
            assert trove("config", "set", key, value) == 0
        summary = trove_json(capsys, "index")
        assert summary["vectors"]["state"] == "ok"
        status = trove_json(capsys, "status")
        with ChromaVectors.server(server.host, server.port) as store:
            assert store.count(status["spaces"][0]["name"]) == status["chunks"]
        results = trove_json(capsys, "search", "vector database", "--mode", "semantic")["results"]
        assert Path(results[0]["path"]).name == "chroma.md"
    finally:
        assert server.stop() == 0, server.log_tail()


def test_chroma_losing_vectors_is_repaired_from_the_catalog_without_the_nim(
    configured: Path, home: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    trove_json(capsys, "index")
    status = trove_json(capsys, "status")
    name = status["spaces"][0]["name"]
    with ChromaVectors.embedded(home / "data" / "chroma") as store:
        lost = list(store.ids(name))[:2]
        store.delete(name, lost)
        assert store.count(name) == status["chunks"] - 2
    embeds = sim.counters["embeddings"]
    # Opening the store notices the gap; the next pass refills it from kept vectors.
    summary = trove_json(capsys, "index")
    assert summary["vectors"]["reused"] == 2
    assert sim.counters["embeddings"] == embeds
    assert chroma_count(home) == status["chunks"]


def test_repair_reports_what_it_found_and_fixes_it(
    configured: Path, home: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    trove_json(capsys, "index")
    status = trove_json(capsys, "status")
    name = status["spaces"][0]["name"]
    with ChromaVectors.embedded(home / "data" / "chroma") as store:
        store.delete(name, list(store.ids(name))[:1])
    capsys.readouterr()
    assert trove("repair") == 0
    out = capsys.readouterr().out
    assert f"{name}: {status['chunks'] - 1}/{status['chunks']} vectors, repaired" in out
    assert "reused 1 kept vectors" in out
    assert chroma_count(home) == status["chunks"]
    capsys.readouterr()
    assert trove("repair") == 0
    assert f"{status['chunks']}/{status['chunks']} vectors, ok" in capsys.readouterr().out
