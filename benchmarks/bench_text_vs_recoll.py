"""Trove's text stage (`trove index --text-only`) vs Recoll's `recollindex` on the same corpus, plus
peak RSS of each (parent + worker processes) and Trove's unchanged re-scan.

Usage: python benchmarks/bench_text_vs_recoll.py CORPUS [--runs 1] [--breakdown]
Needs: `apt-get install -y recollcmd` (recollindex). Build CORPUS with benchmarks/make_corpus.py.
Each run starts from an empty TROVE_HOME / RECOLL_CONFDIR (cold index, warm page cache: the
corpus is read once before timing). --breakdown also times scan / extract / chunk / SQLite
in one process to show where Trove's time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and all its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak tree RSS MB, stdout) of one command."""
    peak = 0.0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err[-2000:]}")
    return wall, peak, out


def corpus_stats(corpus: Path) -> tuple[int, float]:
    """(files, MB) of the corpus; also reads every file once so the page cache is warm."""
    n, size = 0, 0
    for p in corpus.rglob("*"):
        if p.is_file():
            n += 1
            size += len(p.read_bytes())
    return n, size / 1e6


def trove(corpus: Path, home: Path, *args: str) -> tuple[float, float, str]:
    """Run the Trove CLI with TROVE_HOME=home."""
    env = {**os.environ, "TROVE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return run_measured([PY, "-m", "desktop_app", *args], env)


def trove_index(corpus: Path, home: Path) -> tuple[float, float, dict[str, object], float]:
    """Fresh text-only index, then an unchanged re-run: (wall, rss, summary, rescan wall)."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    trove(corpus, home, "folders", "add", str(corpus))
    wall, rss, out = trove(corpus, home, "index", "--text-only", "--json")
    again, _, _ = trove(corpus, home, "index", "--text-only", "--json")
    return wall, rss, json.loads(out), again


def recoll_index(corpus: Path, confdir: Path) -> tuple[float, float, str]:
    """Fresh recollindex run: (wall, rss, missing-helpers text)."""
    shutil.rmtree(confdir, ignore_errors=True)
    confdir.mkdir(parents=True)
    # idxniceprio = 0: recollindex nices itself to 19 by default, which on a shared, loaded box
    # would hand its CPU to everything else and flatter Trove (which runs at normal priority).
    (confdir / "recoll.conf").write_text(f"topdirs = {corpus}\nloglevel = 1\nidxniceprio = 0\n")
    env = {**os.environ, "RECOLL_CONFDIR": str(confdir)}
    wall, rss, _ = run_measured(["recollindex", "-c", str(confdir), "-z"], env)
    missing = confdir / "missing"
    return wall, rss, missing.read_text().strip() if missing.exists() else ""


def breakdown(corpus: Path) -> dict[str, float]:
    """Seconds per step, all in this process (no worker hop): scan, hash, extract, chunk, SQLite."""
    sys.path.insert(0, str(ROOT))
    from desktop_app.core.index.catalog import Catalog
    from desktop_app.core.index.scan import FolderRules, scan_folder
    from desktop_app.core.index.text_stage import content_hash
    from desktop_app.core.ingest.chunker import chunk_sections, default_chunk_tokens
    from desktop_app.core.ingest.extract import extract

    t: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Catalog.open(Path(tmp) / "catalog.db")
        folder = catalog.files.add_folder(str(corpus), [], [], 0)
        start = time.perf_counter()
        files = list(scan_folder(str(corpus), FolderRules()))
        t["scan"] = time.perf_counter() - start
        tokens = default_chunk_tokens(512)
        t["hash"] = t["extract"] = t["chunk"] = t["sqlite"] = 0.0
        for f in files:
            a = time.perf_counter()
            digest = content_hash(f.path)
            b = time.perf_counter()
            try:
                doc = extract(f.path)
            except Exception:
                continue
            c = time.perf_counter()
            chunks = chunk_sections(doc.sections, tokens)
            d = time.perf_counter()
            catalog.files.upsert_file_chunks(
                folder.id,
                str(f.path),
                f.size,
                f.mtime_ns,
                digest,
                doc.kind,
                [(k.ordinal, k.text, k.location.to_dict(), k.tokens) for k in chunks],
            )
            e = time.perf_counter()
            t["hash"] += b - a
            t["extract"] += c - b
            t["chunk"] += d - c
            t["sqlite"] += e - d
        catalog.close()
    return t


def main(argv: list[str] | None = None) -> int:
    """Run both indexers and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--breakdown", action="store_true")
    ap.add_argument("--skip-recoll", action="store_true")
    args = ap.parse_args(argv)
    corpus = args.corpus.resolve()
    n, mb = corpus_stats(corpus)
    print(f"corpus: {corpus}  {n} files  {mb:.1f} MB  cpus={os.cpu_count()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            wall, rss, summary, again = trove_index(corpus, Path(tmp) / "trove")
            rows.append(("trove index --text-only", wall, rss))
            rows.append(("trove index --text-only (unchanged)", again, float("nan")))
            print(
                f"trove run {run}: indexed={summary['indexed']} failed={summary['failed']} "
                f"skipped={len(summary['skipped'])}"  # type: ignore[arg-type]
            )
            if not args.skip_recoll and shutil.which("recollindex"):
                wall, rss, missing = recoll_index(corpus, Path(tmp) / "recoll")
                rows.append(("recollindex -z", wall, rss))
                if missing:
                    print(f"recoll missing helpers: {missing}")
    print(f"\n{'indexer':<38}{'wall s':>8}{'files/s':>9}{'MB/s':>7}{'peak RSS MB':>13}")
    for name, wall, rss in rows:
        print(f"{name:<38}{wall:>8.2f}{n / wall:>9.0f}{mb / wall:>7.2f}{rss:>13.0f}")
    if args.breakdown:
        t = breakdown(corpus)
        total = sum(t.values())
        print(f"\n{'step (1 process, no workers)':<30}{'s':>8}{'share':>8}")
        for step, secs in t.items():
            print(f"{step:<30}{secs:>8.2f}{secs / total:>8.0%}")
        print(f"{'total':<30}{total:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
