"""A damaged catalog: said plainly, and `trove repair` rebuilds it keeping folders, their settings
and conversations, with the vectors Chroma still holds (no NIM call for unchanged text)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.rescue import read_backup, write_backup
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
    """`trove` in its own process, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def indexed(tmp_path: Path, sim: NimSimulator) -> Path:
    docs = tmp_path / "docs"
    (docs / "archive").mkdir(parents=True)
    for i in range(20):
        (docs / f"note{i:02d}.txt").write_text(
            f"Note {i}: the lighthouse keeper records weather{i} and tide{i}.\n", "utf-8"
        )
    (docs / "garden.txt").write_text("Tomatoes need sun, water and compost.\n", "utf-8")
    (docs / "archive" / "old.txt").write_text("Old tomatoes notes, excluded.\n", "utf-8")
    point_at_simulator(sim)
    assert trove("folders", "add", str(docs), "--exclude", "archive/**") == 0
    assert trove("index") == 0
    assert trove("ask", "What do tomatoes need?") == 0
    assert trove("chats", "rename", "1", "Tomato care") == 0
    return docs


def test_truncated_catalog_is_named_then_repaired_keeping_folders_and_chats(
    indexed: Path, home: Path, sim: NimSimulator
) -> None:
    catalog = home / "data" / "catalog.sqlite"
    os.truncate(catalog, catalog.stat().st_size // 2)

    status = run("status")
    assert status.returncode == 1
    assert "catalog" in status.stderr and "damaged" in status.stderr
    assert "trove repair" in status.stderr and "Traceback" not in status.stderr

    sim.reset()
    repair = run("repair")
    assert repair.returncode == 0, repair.stderr
    assert "Traceback" not in repair.stderr
    assert list((home / "data").glob("catalog.damaged-*"))  # kept for the user, not deleted
    assert sim.counters["embeddings"] == 0  # every vector came back from Chroma

    folders = json.loads(run("folders", "list", "--json").stdout)
    assert [(f["path"], f["exclude"]) for f in folders] == [(str(indexed), ["archive/**"])]
    chats = json.loads(run("chats", "list", "--json").stdout)
    assert [c["title"] for c in chats] == ["Tomato care"]
    shown = json.loads(run("chats", "show", "1", "--json").stdout)
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"]
    status = json.loads(run("status", "--json").stdout)
    assert status["files"]["extracted"] == 21 and status["chunks"] == 21
    assert [s["embedded"] for s in status["spaces"]] == [21]
    search = run("search", "tomatoes compost", "--mode", "semantic", "--json")
    assert Path(json.loads(search.stdout)["results"][0]["path"]).name == "garden.txt"


def test_without_a_backup_the_damaged_file_still_gives_its_folders_back(
    indexed: Path, home: Path
) -> None:
    import shutil

    shutil.rmtree(home / "data" / "backup")  # as for a catalog older than the backups
    catalog = home / "data" / "catalog.sqlite"
    os.truncate(catalog, catalog.stat().st_size // 2)
    repair = run("repair")
    assert repair.returncode == 0, repair.stderr
    assert "folders (from the damaged catalog)" in repair.stdout
    folders = json.loads(run("folders", "list", "--json").stdout)
    assert [(f["path"], f["exclude"]) for f in folders] == [(str(indexed), ["archive/**"])]
    status = json.loads(run("status", "--json").stdout)
    assert status["files"]["extracted"] == 21


def test_repair_checks_every_page_of_a_catalog_too_big_to_check_at_open(
    indexed: Path, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    import desktop_app.core.index.catalog as catalog_module

    monkeypatch.setattr(catalog_module, "_QUICK_CHECK_MAX_BYTES", 0)  # as for a big catalog
    catalog = home / "data" / "catalog.sqlite"
    with sqlite3.connect(catalog) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [r[0] for r in db.execute("SELECT pageno FROM dbstat WHERE name = 'chunks'")]
    with open(catalog, "r+b") as fh:  # garbage over the chunks' pages, the rest intact
        for page in pages:
            fh.seek((page - 1) * page_size)
            fh.write(bytes(range(256)) * (page_size // 256))
    capsys.readouterr()
    assert trove("repair") == 0
    assert "The catalog was damaged" in capsys.readouterr().out
    assert list((home / "data").glob("catalog.damaged-*"))


def test_backups_roll_over_three_generations_of_changes(tmp_path: Path) -> None:
    backups = tmp_path / "backup"
    with Catalog.open(tmp_path / "catalog.sqlite") as catalog:
        for n in range(5):
            catalog.files.add_folder(str(tmp_path / f"folder{n}"))
            write_backup(catalog, backups)
            write_backup(catalog, backups)  # unchanged: no new generation
    assert len(list(backups.glob("*.json"))) == 3
    newest = read_backup(backups)
    assert newest is not None and len(newest["folders"]) == 5


def test_precious_parts_round_trip_with_ids_settings_and_answer_states(tmp_path: Path) -> None:
    with Catalog.open(tmp_path / "old.sqlite") as old:
        old.files.add_folder(str(tmp_path / "a"))
        old.files.add_folder(str(tmp_path / "b"), ["*.md"], ["drafts/**"], poll=60)
        old.files.remove_folder(str(tmp_path / "a"))
        chat = old.conversations.create("Budget")
        old.conversations.add_message(chat.id, "user", "What is the budget?")
        old.conversations.add_message(
            chat.id, "assistant", "It is", state="failed", error="The chat NIM stopped."
        )
        doc = old.precious.export()
    with Catalog.open(tmp_path / "new.sqlite") as new:
        assert new.precious.restore(doc) == {"folders": 1, "conversations": 1}
        assert new.precious.export() == doc
        [folder] = new.files.folders()
        assert (folder.include, folder.exclude, folder.poll) == (("*.md",), ("drafts/**",), 60)
