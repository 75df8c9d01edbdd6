"""`trove repair` repairs what a damaged disk leaves behind, without the NIM and losing nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.cli_helpers import point_at_simulator, trove
from tests.nimsim import NimSimulator


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def home() -> Path:
    return Path(os.environ["TROVE_HOME"])


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`trove` in its own process, as a user runs it after the damage (no cached Chroma)."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def indexed(tmp_path: Path, sim: NimSimulator) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(24):
        (docs / f"note{i:02d}.txt").write_text(
            f"Note {i}: the lighthouse keeper records weather{i} and tide{i}.\n", "utf-8"
        )
    (docs / "garden.txt").write_text("Tomatoes need sun, water and compost.\n", "utf-8")
    point_at_simulator(sim)
    assert trove("folders", "add", str(docs)) == 0
    assert trove("index") == 0
    return docs


def _damage_chroma(file: Path) -> None:
    """Garbage over the pages Chroma reads on every open (its log, metadata and collections)."""
    with sqlite3.connect(file) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            row[0]
            for row in db.execute(
                "SELECT pageno FROM dbstat WHERE name IN "
                "('embeddings_queue', 'embedding_metadata', 'embeddings', 'collections')"
            )
        ]
    assert pages
    with open(file, "r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * page_size)
            fh.write(bytes(range(256)) * (page_size // 256))


def test_repair_rebuilds_a_damaged_chroma_store_from_kept_vectors(
    indexed: Path, home: Path, sim: NimSimulator
) -> None:
    _damage_chroma(home / "data" / "chroma" / "chroma.sqlite3")
    sim.reset()
    repair = run("repair")
    assert repair.returncode == 0, repair.stderr
    assert "moved aside" in repair.stdout and "reused 25 kept vectors" in repair.stdout
    assert sim.counters["embeddings"] == 0  # rebuilt from the catalog, not the NIM
    assert list((home / "data").glob("chroma.damaged-*"))  # the old store is kept, not deleted
    status = json.loads(run("status", "--json").stdout)
    assert [s["embedded"] for s in status["spaces"]] == [25]
    search = run("search", "garden tomatoes compost", "--mode", "semantic", "--json")
    assert Path(json.loads(search.stdout)["results"][0]["path"]).name == "garden.txt"
    again = run("repair")
    assert again.returncode == 0 and "moved aside" not in again.stdout  # healthy now
