"""Re-scan of an unchanged, already indexed tree (target: < 3 s for 10 000 files).

Usage: python benchmarks/bench_rescan.py [--tree DIR] [--files 10000] [--runs 3]
Builds DIR (default: a temp dir) as 100 folders of ~3 KB text files unless it already holds
--files files, indexes it once with `trove index --text-only` (fresh TROVE_HOME), then re-runs the
same command --runs times on the unchanged tree and times each whole CLI process. Each re-run must
report 0 indexed and every file unchanged (nothing re-read, re-hashed or re-extracted): the script
fails otherwise. It also times the text stage alone in this process (no CLI start-up) and
`python -m desktop_app --help` (start-up only), so the scan's own share is visible.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
_WORDS = [
    "archive",
    "backup",
    "catalog",
    "debian",
    "document",
    "editor",
    "folder",
    "index",
    "kernel",
    "library",
    "manual",
    "network",
    "package",
    "python",
    "release",
    "search",
    "server",
    "source",
    "system",
    "terminal",
    "unicode",
    "version",
    "window",
]


def make_tree(tree: Path, files: int, per_dir: int = 100) -> None:
    """``files`` text files of ~3 KB in folders of ``per_dir`` (kept if already there)."""
    if sum(1 for _ in tree.rglob("*.txt")) == files:
        return
    rng = random.Random(7)
    for n in range(files):
        folder = tree / f"d{n // per_dir:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        words = [rng.choice(_WORDS) for _ in range(420)]
        lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
        (folder / f"n{n:05d}.txt").write_text(f"note {n}\n" + "\n".join(lines) + "\n")


def cli(home: Path, *args: str) -> tuple[float, str]:
    """(wall seconds, stdout) of one `python -m desktop_app ...` process."""
    env = {**os.environ, "TROVE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [PY, "-m", "desktop_app", *args], env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"trove {' '.join(args)} failed: {done.stderr[-2000:]}")
    return wall, done.stdout


def in_process(home: Path) -> tuple[float, dict[str, int]]:
    """The text stage alone on the unchanged tree: (seconds, counts), no CLI start-up."""
    sys.path.insert(0, str(ROOT))
    os.environ["TROVE_HOME"] = str(home)
    from desktop_app.core.engine import Engine
    from desktop_app.core.paths import resolve_dirs
    from desktop_app.core.settings import Settings

    engine = Engine(resolve_dirs(home), Settings({}))
    try:
        folders = engine.catalog.files.folders()
        start = time.perf_counter()
        report = engine.text_stage(lambda _event: None).run(folders)
        wall = time.perf_counter() - start
    finally:
        engine.close()
    return wall, {"indexed": report.indexed, "unchanged": report.unchanged}


def main(argv: list[str] | None = None) -> int:
    """Build, index once, re-scan --runs times; print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--tree", type=Path)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tree = (args.tree or Path(tmp) / "tree").resolve()
        make_tree(tree, args.files)
        home = Path(tmp) / "home"
        cli(home, "folders", "add", str(tree))
        first, _ = cli(home, "index", "--text-only", "--json")
        print(f"tree: {tree}  {args.files} files; first text-only index {first:.1f} s")
        walls = []
        for run in range(args.runs):
            wall, out = cli(home, "index", "--text-only", "--json")
            summary = json.loads(out)
            if summary["indexed"] != 0 or summary["unchanged"] != args.files:
                raise SystemExit(f"re-run {run} was not a no-op: {summary}")
            walls.append(wall)
            print(
                f"unchanged re-run {run + 1} (whole CLI process): {wall:.2f} s, "
                f"indexed={summary['indexed']} unchanged={summary['unchanged']}"
            )
        startup, _ = cli(home, "--help")
        stage, counts = in_process(home)
        if counts["indexed"] != 0:
            raise SystemExit(f"in-process re-scan re-indexed files: {counts}")
        print(f"python -m desktop_app --help (start-up only): {startup:.2f} s")
        print(f"text stage alone, in process: {stage:.2f} s ({counts})")
        print(f"re-run wall: min {min(walls):.2f} / max {max(walls):.2f} s (target < 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
