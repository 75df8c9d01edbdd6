"""Live folders: save-to-searchable latency, and the cost of watching a 100,000-file tree.

Usage:
    python benchmarks/bench_live.py latency [--trials 10] [--backlog 3000] [--nim-latency-ms 20]
    python benchmarks/bench_live.py tree [--files 100000] [--idle-s 30] [--mode native|polling]

``latency`` runs a LiveIndexer in-process (default settings: 0.5 s quiet period, 2 extraction
workers) against the NIM simulator and saves one small file at a time. It reports the time from
the write to (a) the file being keyword-searchable (a catalog FTS query finds it) and (b) its chunk
being in Chroma (marked embedded, which the vector stage does after the upsert). It polls the
catalog directly every 10 ms, not through ``Engine.search``, which would make indexing yield. First
while idle, then while a backlog runs: a folder of ``--backlog`` tiny files is moved into the
watched folder (like a git checkout; watchdog reports every file inside) and the simulator answers
each embedding request after ``--nim-latency-ms``. Only probes saved while files or chunks were
still waiting count in the backlog figures.

``tree`` generates ``--files`` tiny files (100 per folder) under /tmp, records them in a fresh
catalog as already indexed (size, mtime and hash from the files, no chunks: the reconcile compares
stats, so its work is the same as for a real index, and nothing waits for the NIM), then, in a
child process, measures: time until the LiveIndexer is idle (watch set-up + reconcile), resident
memory (that process and its extraction workers), and CPU while idle.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.engine import Engine
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.live import LiveIndexer
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.search.keyword import keyword_search
from desktop_app.core.settings import Settings

TREE = Path(tempfile.gettempdir()) / "trove-bench-live-tree"


def pct(samples: list[float], q: float) -> float:
    """Percentile (nearest rank)."""
    s = sorted(samples)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def wait_until(condition: Any, timeout: float = 300.0, step: float = 0.01) -> float:
    """Poll until ``condition()``; the moment it held (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(step)
    return time.perf_counter()


# ---------------------------------------------------------------------- latency


def _embedded(engine: Engine, path: Path) -> bool:
    row = engine.catalog.files.file(path)
    space = engine.catalog.spaces.active()
    if row is None or space is None:
        return False
    with engine.catalog.reading() as conn:
        found = conn.execute(
            "SELECT count(*) FROM embedded e JOIN chunks c ON c.id = e.chunk_id"
            " WHERE c.file_id = ? AND e.space = ?",
            (row.id, space.name),
        ).fetchone()[0]
    return bool(found)


def _probe(engine: Engine, root: Path, n: int) -> tuple[float, float]:
    """Save one file; seconds until keyword-searchable and until embedded."""
    word = f"probe{n:03}qz"
    path = root / f"probe{n:03}.txt"
    start = time.perf_counter()
    path.write_text(f"a freshly saved note mentioning {word}\n")
    keyword = wait_until(lambda: bool(keyword_search(engine.catalog, word, 1)))
    vector = wait_until(lambda: _embedded(engine, path))
    return keyword - start, vector - start


def latency(args: argparse.Namespace) -> dict[str, Any]:
    """Save-to-searchable latency, idle and under a backlog."""
    from tests.nimsim import NimSimulator

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, NimSimulator(profile="local") as sim:
        base = Path(tmp)
        root = base / "watched"
        root.mkdir()
        for n in range(200):
            (root / f"seed{n:03}.txt").write_text(f"seed note {n}\n")
        settings = Settings()
        settings.set("embedding.base_url", sim.base_url)
        engine = Engine(resolve_dirs(base / "home"), settings)
        engine.add_folder(str(root))
        indexer = LiveIndexer(engine)
        stop = threading.Event()
        thread = threading.Thread(target=indexer.run, args=(stop,))
        thread.start()
        try:
            wait_until(
                lambda: indexer.idle.is_set() and engine.catalog.counts().files["extracted"] == 200,
                step=0.05,
            )
            idle = [_probe(engine, root, n) for n in range(args.trials)]
            out["idle"] = _summary(idle)

            outside = base / "outside" / "checkout"
            outside.mkdir(parents=True)
            for n in range(args.backlog):
                (outside / f"b{n:05}.txt").write_text(f"backlog file {n} filler words\n")
            sim.config.latency_s = args.nim_latency_ms / 1000
            started = time.perf_counter()
            outside.rename(root / "checkout")
            busy: list[tuple[float, float]] = []
            n = 0
            while len(busy) < args.trials and n < 10 * args.trials:
                time.sleep(0.3)
                snap = indexer.snapshot()
                pending = snap["files_waiting"] > 0 or snap["chunks_waiting"] > 0
                probe = _probe(engine, root, 100 + n)
                n += 1
                if pending:  # only probes made while the backlog ran count
                    busy.append(probe)
            wait_until(lambda: indexer.idle.is_set(), step=0.05)
            out["backlog"] = _summary(busy)
            out["backlog"]["backlog_files"] = args.backlog
            out["backlog"]["backlog_done_s"] = round(time.perf_counter() - started, 1)
            out["nim_latency_ms"] = args.nim_latency_ms
        finally:
            stop.set()
            thread.join()
            engine.close()
    return out


def _summary(samples: list[tuple[float, float]]) -> dict[str, Any]:
    kw = [s[0] * 1000 for s in samples]
    vec = [s[1] * 1000 for s in samples]
    return {
        "trials": len(samples),
        "keyword_ms": {"p50": round(statistics.median(kw)), "max": round(max(kw))},
        "vector_ms": {"p50": round(statistics.median(vec)), "max": round(max(vec))},
    }


# ---------------------------------------------------------------------- tree


def make_tree(files: int) -> None:
    """Tiny files, 100 per folder, kept between runs."""
    marker = TREE / f".done-{files}"
    if marker.exists():
        return
    shutil.rmtree(TREE, ignore_errors=True)
    for n in range(files):
        folder = TREE / f"d{n // 100:04}"
        if n % 100 == 0:
            folder.mkdir(parents=True)
        (folder / f"f{n:06}.txt").write_text(f"file {n}\n")
    marker.touch()


def fill_catalog(home: Path, poll: int) -> float:
    """Record every file of the tree as indexed (no chunks); seconds taken."""
    start = time.perf_counter()
    dirs = resolve_dirs(home).ensure()
    catalog = Catalog.open(dirs.catalog_file)
    try:
        folder = catalog.files.add_folder(str(TREE), [], [], poll)
        for entry in sorted(TREE.rglob("*.txt")):
            st = entry.stat()
            catalog.files.upsert_file_chunks(
                folder.id, str(entry), st.st_size, st.st_mtime_ns, "0" * 32, "text", []
            )
    finally:
        catalog.close()
    return time.perf_counter() - start


def _rss_kb(pid: int | str) -> tuple[int, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def _children() -> list[int]:
    kids: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        text = (task / "children").read_text().split()
        kids.extend(int(k) for k in text)
    return kids


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_child(home: str, idle_s: float) -> dict[str, Any]:
    """In a fresh process: watch set-up + reconcile, memory, idle CPU."""
    start = time.perf_counter()
    settings = Settings()
    settings.set("embedding.base_url", "http://127.0.0.1:9/v1")  # never called: nothing to embed
    engine = Engine(resolve_dirs(Path(home)), settings)
    indexer = LiveIndexer(engine)
    stop = threading.Event()
    thread = threading.Thread(target=indexer.run, args=(stop,))
    thread.start()
    wait_until(lambda: indexer.idle.is_set() and not indexer._reconcile_due, 600, 0.01)
    ready = time.perf_counter() - start
    rss, hwm = _rss_kb("self")
    kids = _children()
    kid_rss = sum(_rss_kb(k)[0] for k in kids)
    time.sleep(2)  # let the last status work settle
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    kids0 = sum(_cpu_s(k) for k in kids)
    time.sleep(idle_s)
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    kids1 = sum(_cpu_s(k) for k in kids)
    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    snapshot = indexer.snapshot()
    stop.set()
    thread.join()
    engine.close()
    return {
        "ready_s": round(ready, 2),
        "rss_mb": round(rss / 1024, 1),
        "peak_rss_mb": round(hwm / 1024, 1),
        "workers": len(kids),
        "workers_rss_mb": round(kid_rss / 1024, 1),
        "idle_cpu_pct": round(100 * cpu / idle_s, 2),
        "workers_idle_cpu_pct": round(100 * (kids1 - kids0) / idle_s, 2),
        "files_indexed": snapshot["folders"][0]["files_indexed"],
        "state": snapshot["state"],
    }


def tree(args: argparse.Namespace) -> dict[str, Any]:
    """Generate the tree, fill a catalog, measure a watcher process."""
    t0 = time.perf_counter()
    make_tree(args.files)
    made = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        filled = fill_catalog(home, 10 if args.mode == "polling" else 0)
        env = dict(os.environ, TROVE_HOME=str(home))
        run = subprocess.run(
            [sys.executable, __file__, "tree-child", str(home), str(args.idle_s)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    result.update(
        files=args.files,
        mode=args.mode,
        tree_generated_s=round(made, 1),
        catalog_filled_s=round(filled, 1),
    )
    return result


def main() -> int:
    """Run one of the measurements and print JSON."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("latency")
    p.add_argument("--trials", type=int, default=10)
    p.add_argument("--backlog", type=int, default=3000)
    p.add_argument("--nim-latency-ms", type=int, default=20)
    p = sub.add_parser("tree")
    p.add_argument("--files", type=int, default=100_000)
    p.add_argument("--idle-s", type=float, default=30.0)
    p.add_argument("--mode", choices=("native", "polling"), default="native")
    p = sub.add_parser("tree-child")
    p.add_argument("home")
    p.add_argument("idle_s", type=float)
    args = ap.parse_args()
    if args.what == "latency":
        result = latency(args)
    elif args.what == "tree":
        result = tree(args)
    else:
        result = tree_child(args.home, args.idle_s)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
