"""File names that are not valid UTF-8 (old archives, other locales): indexed, kept losslessly,
shown readably, and never a reason to stop indexing the other files."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.fsnames import on_disk, readable
from desktop_app.core.live import LiveIndexer
from tests.integration.cli_helpers import point_at_simulator, trove
from tests.integration.live_helpers import indexed, make_engine, running, wait_for
from tests.nimsim import NimSimulator

posix_bytes = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="the file system must accept any bytes in names"
)
BAD = b"bad\xff.txt"


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


def make_folder(root: Path) -> Path:
    root.mkdir()
    with open(os.path.join(os.fsencode(root), BAD), "wb") as fh:
        fh.write(b"hi from the quokka file\n")
    odd_dir = os.path.join(os.fsencode(root), b"caf\xe9")  # a Latin-1 folder name
    os.mkdir(odd_dir)
    with open(os.path.join(odd_dir, b"menu.txt"), "wb") as fh:
        fh.write(b"numbat soup of the day\n")
    (root / "plain.txt").write_text("an ordinary wombat\n", encoding="utf-8")
    return root


@posix_bytes
def test_trove_index_reads_every_file_and_search_shows_odd_names_readably(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_folder(tmp_path / "docs")
    point_at_simulator(sim)
    assert trove("folders", "add", str(root)) == 0
    capsys.readouterr()
    assert trove("index") == 0
    out = capsys.readouterr().out
    assert "3 indexed" in out and "0 failed" in out
    assert trove("search", "quokka", "--mode", "keyword") == 0
    assert "bad\\xff.txt" in capsys.readouterr().out  # the byte spelled out, not raw
    assert trove("search", "numbat", "--mode", "keyword", "--json") == 0
    (hit,) = json.loads(capsys.readouterr().out)["results"]
    # Lossless: the stored name leads back to the very file.
    assert os.fsencode(on_disk(hit["path"])) == os.path.join(
        os.fsencode(root), b"caf\xe9", b"menu.txt"
    )
    assert readable(hit["path"]).endswith("caf\ufffd/menu.txt")
    assert trove("status") == 0


@posix_bytes
def test_live_indexing_takes_odd_names_and_goes_on(tmp_path: Path, sim: NimSimulator) -> None:
    root = tmp_path / "watched"
    root.mkdir()
    engine = make_engine(tmp_path / "home", sim.base_url)
    engine.add_folder(str(root))
    indexer = LiveIndexer(engine, quiet_s=0.2, ceiling_s=5)
    with running(indexer):
        wait_for(indexer.idle.is_set)
        make_folder(root / "later")
        (root / "after.txt").write_text("a platypus came later\n", encoding="utf-8")
        wait_for(lambda: indexed(engine, "platypus") == ["after.txt"])
        wait_for(lambda: indexed(engine, "quokka") != [] and indexed(engine, "numbat") != [])
        assert [readable(n) for n in indexed(engine, "quokka")] == ["bad\ufffd.txt"]
        assert indexer.snapshot()["state"] != "error"
