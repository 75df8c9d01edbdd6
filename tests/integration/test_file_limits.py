"""One file cannot flood the index (a per-file passage cap, the file marked 'cut at N'), and many
empty or broken files do not flood the terminal. Real catalog, extraction workers and simulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.commands.progress import SHOWN_FAILURES
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


def test_a_huge_file_is_cut_at_the_passage_cap_and_says_so(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "logs"
    root.mkdir()
    paragraphs = [f"entry {n}: the pump {n} reported pressure {n * 7}" for n in range(400)]
    (root / "huge.log.txt").write_text("\n\n".join(paragraphs) * 20, encoding="utf-8")
    (root / "small.txt").write_text("a short note about pumps\n", encoding="utf-8")
    point_at_simulator(sim)
    assert trove("config", "set", "index.max_chunks_per_file", "5") == 0
    assert trove("folders", "add", str(root)) == 0
    summary = trove_json(capsys, "index")
    assert (summary["indexed"], summary["cut"]) == (2, 1)
    status = trove_json(capsys, "status")
    assert status["cut"] == [{"path": str(root / "huge.log.txt"), "cut_at": 5}]
    assert status["chunks"] == 5 + 1  # and only those were embedded
    assert status["spaces"][0]["embedded"] == 6
    capsys.readouterr()
    assert trove("status") == 0
    assert f"{root / 'huge.log.txt'}: cut at 5" in capsys.readouterr().out
    # A new cap applies to the files it cut, though they did not change.
    assert trove("config", "set", "index.max_chunks_per_file", "8") == 0
    again = trove_json(capsys, "index", "--text-only")
    assert (again["indexed"], again["unchanged"], again["cut"]) == (1, 1, 1)
    status = trove_json(capsys, "status")
    assert status["cut"] == [{"path": str(root / "huge.log.txt"), "cut_at": 8}]
    assert status["chunks"] == 8 + 1


def test_empty_files_are_counted_apart_and_failures_are_grouped(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "dump"
    root.mkdir()
    for n in range(300):
        (root / f"empty{n:03}.txt").write_bytes(b"" if n % 2 else b"  \n\n ")
    broken = SHOWN_FAILURES + 7
    for n in range(broken):
        (root / f"broken{n:02}.docx").write_bytes(b"not a zip at all")
    (root / "real.txt").write_text("the only text here: axolotl\n", encoding="utf-8")
    point_at_simulator(sim)
    assert trove("folders", "add", str(root)) == 0
    capsys.readouterr()
    assert trove("index", "--text-only") == 0
    out, err = capsys.readouterr()
    assert "301 indexed" not in out and "1 indexed" in out
    assert f"{broken} failed" in out and "300 empty" in out
    lines = [line for line in err.splitlines() if line.startswith("failed:")]
    assert not any("dump/empty" in line for line in lines)  # empty files are no failures
    assert len(lines) == SHOWN_FAILURES + 1  # the rest summed up in one line
    assert lines[-1].startswith("failed: 7 more files (7 corrupt)")
    status = trove_json(capsys, "status")
    assert status["empty"] == 300 and len(status["failed"]) == broken
    capsys.readouterr()
    assert trove("status") == 0
    assert "1 searchable" in capsys.readouterr().out


def test_watch_sums_up_each_burst_of_failures_when_it_goes_idle() -> None:
    import io

    from desktop_app.commands.progress import ProgressPrinter

    out = io.StringIO()
    printer = ProgressPrinter(out)
    for burst in range(2):
        for n in range(SHOWN_FAILURES + 3):
            printer(
                {
                    "type": "file_failed",
                    "path": f"b{burst}/{n}",
                    "reason": "corrupt",
                    "message": "damaged",
                }
            )
        printer({"type": "live_state", "state": "idle"})
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 * (SHOWN_FAILURES + 1)
    assert (
        lines[SHOWN_FAILURES] == "failed: 3 more files (3 corrupt); 'trove status' lists them all"
    )
    assert lines[SHOWN_FAILURES + 1].startswith("failed: b1/0")
