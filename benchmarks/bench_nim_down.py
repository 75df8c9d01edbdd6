"""Search and chat while the NIM is down: they must fail fast, not wait for retry ladders.

Indexes a synthetic corpus with the NIM simulator up (so a vector space exists), stops the
simulator (its port then refuses connections, as a stopped local NIM does) and measures:

* in-process: keyword search vs hybrid search (the default) with the embedding NIM down, the
  first hybrid search (which finds the NIM down) apart from the rest (the breaker is open);
* whole processes: `trove search --mode keyword` vs `trove search` (hybrid), and `trove ask`.

Usage: python benchmarks/bench_nim_down.py [--files 400] [--queries 40] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_notes import WORDS, make_notes  # noqa: E402
from desktop_app.core.engine import Engine  # noqa: E402
from desktop_app.core.paths import resolve_dirs  # noqa: E402
from desktop_app.core.settings import Settings  # noqa: E402
from tests.nimsim import NimSimulator  # noqa: E402


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def timed_process(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="trove-nim-down-"))
    make_notes(work / "docs", args.files, rng)
    home = work / "home"
    dirs = resolve_dirs(str(home)).ensure()
    settings = Settings.load(dirs.settings_file)
    with NimSimulator(profile="local") as sim:
        for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
            settings.set(key, sim.base_url)
        settings.save()
        engine = Engine(dirs, settings)
        engine.add_folder(str(work / "docs"))
        summary = engine.index()
        engine.close()
    print(f"corpus: {args.files} files, {summary['searchable']['passages']} passages, embedded")
    # The simulator is stopped: its port refuses connections from here on.
    queries = [" ".join(rng.sample(WORDS, 2)) for _ in range(args.queries)]

    engine = Engine(dirs, settings)
    keyword = []
    for q in queries:
        start = time.perf_counter()
        engine.search(q, mode="keyword")
        keyword.append(time.perf_counter() - start)
    start = time.perf_counter()
    first = engine.search(queries[0], mode="hybrid")
    first_s = time.perf_counter() - start
    hybrid = []
    for q in queries:
        start = time.perf_counter()
        response = engine.search(q, mode="hybrid")
        hybrid.append(time.perf_counter() - start)
    engine.close()
    assert first.notice and response.notice, "expected a keyword-only notice"
    print(f"in-process keyword search:             {ms(keyword)}")
    print(f"in-process hybrid, NIM down, 1st call: {first_s * 1000:.1f} ms")
    print(f"in-process hybrid, NIM down, then:     {ms(hybrid)}")
    extra = statistics.median(hybrid) - statistics.median(keyword)
    print(f"hybrid over keyword (median):          {extra * 1000:+.1f} ms")

    env = dict(os.environ, TROVE_HOME=str(home))
    trove = [sys.executable, "-m", "desktop_app"]
    cli_kw = [timed_process([*trove, "search", queries[0], "--mode", "keyword"], env)]
    cli_hy = [timed_process([*trove, "search", queries[0]], env)]
    for _ in range(args.runs - 1):
        cli_kw.append(timed_process([*trove, "search", queries[0], "--mode", "keyword"], env))
        cli_hy.append(timed_process([*trove, "search", queries[0]], env))
    ask = [timed_process([*trove, "ask", "What does the keeper do?"], env) for _ in range(3)]
    print(f"CLI trove search --mode keyword:       median {statistics.median(cli_kw):.2f} s")
    print(f"CLI trove search (hybrid), NIM down:   median {statistics.median(cli_hy):.2f} s")
    print(f"CLI trove ask, chat NIM down:          median {statistics.median(ask):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
