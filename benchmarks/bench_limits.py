"""Hostile folders through `trove index --text-only`: many empty files, one huge log.

Usage: python benchmarks/bench_limits.py [--empty 20000] [--log-mb 60]
Builds two temp folders (fresh TROVE_HOME each): --empty zero-byte files plus one real file, and
one log of --log-mb MB of short lines. Times the whole CLI process for each and reports what the
user sees: the summary line, how many "failed:" lines reached the terminal (must be 0 for the
empty files), and the passages kept of the log (index.max_chunks_per_file, 5,000 by default).
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
_WORDS = [
    "pump",
    "valve",
    "sensor",
    "pressure",
    "alarm",
    "reset",
    "cycle",
    "motor",
    "fault",
    "ok",
    "warn",
    "info",
    "debug",
]


def trove(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TROVE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def timed_index(home: Path, folder: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    trove(home, "folders", "add", str(folder))
    start = time.perf_counter()
    done = trove(home, "index", "--text-only")
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--empty", type=int, default=20_000)
    parser.add_argument("--log-mb", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        empties = base / "empties"
        empties.mkdir()
        for n in range(args.empty):
            (empties / f"e{n:06}.txt").touch()
        (empties / "real.txt").write_text("one real file\n", encoding="utf-8")
        seconds, done = timed_index(base / "home1", empties)
        failed_lines = sum(1 for line in done.stderr.splitlines() if line.startswith("failed:"))
        print(f"{args.empty} empty files: {seconds:.1f} s, {failed_lines} failure lines")
        print("  " + done.stdout.splitlines()[0])

        logs = base / "logs"
        logs.mkdir()
        rng = random.Random(1)
        with open(logs / "big.log.txt", "w", encoding="utf-8") as fh:
            n = 0
            while fh.tell() < args.log_mb * 1024 * 1024:
                words = " ".join(rng.choice(_WORDS) for _ in range(12))
                fh.write(f"2026-01-01T00:00:{n % 60:02d} INFO {words}\n")
                n += 1
        seconds, done = timed_index(base / "home2", logs)
        status = json.loads(trove(base / "home2", "status", "--json").stdout)
        print(f"{args.log_mb} MB log: {seconds:.1f} s, {status['chunks']} passages kept")
        print("  " + "; ".join(f"{c['path']} cut at {c['cut_at']}" for c in status["cut"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
