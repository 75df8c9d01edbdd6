"""Trove's text stage (`trove index --text-only`) vs Recoll's `recollindex` on the same corpora,
whole processes, in alternating rounds; wall and CPU time, peak RSS of each (parent + worker
processes), and Trove's unchanged re-scan.

Usage: python benchmarks/bench_text_vs_recoll.py CORPUS [CORPUS ...] [--rounds 3] [--breakdown]
       python benchmarks/bench_text_vs_recoll.py --make-corpora DIR   (then DIR/html DIR/pdf ...)
Needs: `apt-get install -y recollcmd poppler-utils python3-lxml` (recollindex, its PDF filter,
its PPTX filter). --make-corpora builds the three corpora of docs/benchmarks.md from Debian
packages (`apt-get install -y python3-doc r-doc-pdf debian-reference-en debian-faq`).

Same work on both sides: Recoll runs at normal priority (``idxniceprio = 0``; it renices itself
to 19 by default, and Trove's extraction workers run at 10: ``--recoll-nice 10`` matches them)
with /usr/bin first on its PATH (its Python filters need the system's lxml to read PPTX); Trove
runs from compiled bytecode, as installed, and with OCR off (``ocr.enabled false``), as Recoll
reads no text off images unless set up to. Each round starts from an empty TROVE_HOME /
RECOLL_CONFDIR (cold index, warm page cache: the corpus is read once before timing); rounds
alternate which side goes first, and the summary gives medians, because other work on a shared
machine moves single runs.
--breakdown also times scan / extract / chunk / SQLite in one process.
"""

from __future__ import annotations

import argparse
import gzip
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(
    cmd: list[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds of the process and its children, peak tree RSS MB, stdout)."""
    peak = 0.0
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
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
    cpu = _children_cpu() - cpu_before
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err[-2000:]}")
    return wall, cpu, peak, out


def corpus_stats(corpus: Path) -> tuple[int, float]:
    """(files, MB) of the corpus; also reads every file once so the page cache is warm."""
    n, size = 0, 0
    for p in corpus.rglob("*"):
        if p.is_file():
            n += 1
            size += len(p.read_bytes())
    return n, size / 1e6


def compile_tree(tree: Path) -> None:
    """Write the tree's bytecode once, as pip does when it installs Trove (and PyInstaller when
    it bundles it). A shell with PYTHONDONTWRITEBYTECODE set (some sandboxes) would otherwise
    have every process of every run compile each module it imports: measured, ~0.3 s of a
    1.5 s run on the Office corpus, a cost no installed Trove pays."""
    subprocess.run([PY, "-m", "compileall", "-q", str(tree / "desktop_app")], check=True)


def trove(home: Path, *args: str, tree: Path = ROOT) -> tuple[float, float, float, str]:
    """Run the Trove CLI of source tree ``tree`` (compiled: see compile_tree) with TROVE_HOME.

    From the data dir: ``python -m`` puts the working directory first on sys.path, so run from
    a source tree it would import that tree's Trove whatever PYTHONPATH says (a --baseline run
    from the repository measured the repository's code)."""
    env = {**os.environ, "TROVE_HOME": str(home), "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return run_measured([PY, "-m", "desktop_app", *args], env, cwd=home)


def trove_index(
    corpus: Path, home: Path, tree: Path = ROOT
) -> tuple[float, float, float, dict[str, object], float]:
    """Fresh text-only index, then an unchanged re-run: (wall, cpu, rss, summary, rescan wall)."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    trove(home, "config", "set", "ocr.enabled", "false", tree=tree)
    trove(home, "folders", "add", str(corpus), tree=tree)
    wall, cpu, rss, out = trove(home, "index", "--text-only", "--json", tree=tree)
    again = trove(home, "index", "--text-only", "--json", tree=tree)[0]
    return wall, cpu, rss, json.loads(out), again


def recoll_index(corpus: Path, confdir: Path, nice: int = 0) -> tuple[float, float, float, str]:
    """Fresh recollindex run: (wall, cpu, rss, missing-helpers text)."""
    shutil.rmtree(confdir, ignore_errors=True)
    confdir.mkdir(parents=True)
    # idxniceprio = 0: recollindex nices itself to 19 by default, which on a shared, loaded box
    # would hand its CPU to everything else and flatter Trove (which runs at normal priority).
    # Trove's extraction workers run at nice 10 (core/priority.py), its parent at 0: --recoll-nice
    # 10 puts Recoll's indexer where Trove's extraction is.
    conf = f"topdirs = {corpus}\nloglevel = 1\nidxniceprio = {nice}\n"
    (confdir / "recoll.conf").write_text(conf)
    # /usr/bin first: Recoll's Python filters (PPTX) need the system Python's lxml.
    path = f"/usr/bin:/bin:{os.environ.get('PATH', '')}"
    env = {**os.environ, "RECOLL_CONFDIR": str(confdir), "PATH": path}
    wall, cpu, rss, _ = run_measured(["recollindex", "-c", str(confdir), "-z"], env)
    missing = confdir / "missing"
    return wall, cpu, rss, missing.read_text().strip() if missing.exists() else ""


def make_corpora(out: Path) -> None:
    """The three corpora of docs/benchmarks.md, from installed Debian documentation packages:
    html (the Python 3.11 docs, Sphinx), pdf (the R manuals, Debian Reference and FAQ), office
    (200 DOCX + 100 PPTX written by make_corpus.py from the Python docs' own paragraphs)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_corpus import make_office

    html = Path("/usr/share/doc/python3-doc/html")
    pdfs = [
        *sorted(Path("/usr/share/R/doc/manual").glob("*.pdf")),
        Path("/usr/share/debian-reference/debian-reference.en.pdf"),
        Path("/usr/share/doc/debian/FAQ/debian-faq.en.pdf.gz"),
    ]
    if not html.is_dir() or not all(p.exists() for p in pdfs):
        raise SystemExit(
            "install the sources: apt-get install -y python3-doc r-doc-pdf debian-reference-en "
            "debian-faq"
        )
    shutil.copytree(html, out / "html", symlinks=False)
    (out / "pdf").mkdir(parents=True)
    for pdf in pdfs:
        if pdf.suffix == ".gz":
            (out / "pdf" / pdf.stem).write_bytes(gzip.decompress(pdf.read_bytes()))
        else:
            shutil.copyfile(pdf, out / "pdf" / pdf.name)
    texts = sorted(p for p in (out / "html").rglob("*.html"))
    make_office(texts, out, 200, 100)  # writes out/office
    for kind in ("html", "pdf", "office"):
        n, mb = corpus_stats(out / kind)
        print(f"{out / kind}: {n} files, {mb:.1f} MB")


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


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def bench_corpus(
    corpus: Path,
    rounds: int,
    tmp: Path,
    skip_recoll: bool,
    baseline: Path | None = None,
    recoll_nice: int = 0,
) -> dict[str, object]:
    """Rounds on one corpus, each side first in turn; prints each run, returns the medians."""
    n, mb = corpus_stats(corpus)
    print(f"\ncorpus: {corpus}  {n} files  {mb:.1f} MB  cpus={os.cpu_count()}  load {_load()}")
    sides = ["trove"] + (["baseline"] if baseline else [])
    for tree in (ROOT, baseline) if baseline else (ROOT,):
        compile_tree(tree)
    if not skip_recoll and shutil.which("recollindex") is not None:
        sides.append("recoll")
    runs: dict[str, list[tuple[float, float, float]]] = {side: [] for side in sides}
    runs["rescan"] = []
    for r in range(rounds):
        for side in sides[r % len(sides) :] + sides[: r % len(sides)]:
            if side == "recoll":
                wall, cpu, rss, missing = recoll_index(corpus, tmp / "recoll", recoll_nice)
                runs["recoll"].append((wall, cpu, rss))
                note = f"  missing helpers: {missing}" if missing else ""
                print(
                    f"  round {r} recoll   {wall:7.2f} s wall {cpu:7.2f} s CPU {rss:5.0f} MB{note}"
                )
                continue
            tree = ROOT if side == "trove" else baseline
            assert tree is not None
            wall, cpu, rss, summary, again = trove_index(corpus, tmp / side, tree)
            runs[side].append((wall, cpu, rss))
            if side == "trove":
                runs["rescan"].append((again, float("nan"), float("nan")))
            print(
                f"  round {r} {side:<8} {wall:7.2f} s wall {cpu:7.2f} s CPU {rss:5.0f} MB"
                f"  indexed={summary['indexed']} failed={summary['failed']}"
                f" skipped={len(summary['skipped'])}  re-run {again:.2f} s"  # type: ignore[arg-type]
            )
    med = {
        k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in runs.items() if v
    }
    parts = [f"{k} {med[k][0]:.2f} s ({med[k][1]:.2f} s CPU)" for k in sides]
    line = "  median: " + ", ".join(parts)
    if "recoll" in med:
        line += "; trove/recoll " + f"{med['trove'][0] / med['recoll'][0]:.2f}x"
        if "baseline" in med:
            line += f", baseline/recoll {med['baseline'][0] / med['recoll'][0]:.2f}x"
    print(line + f"; unchanged re-run {med['rescan'][0]:.2f} s; load after {_load()}")
    return {"corpus": str(corpus), "files": n, "mb": mb, **{k: v for k, v in med.items()}}


def main(argv: list[str] | None = None) -> int:
    """Run both indexers on each corpus and print the runs and their medians."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="*")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--breakdown", action="store_true")
    ap.add_argument("--skip-recoll", action="store_true")
    ap.add_argument("--make-corpora", type=Path, metavar="DIR")
    ap.add_argument("--json", type=Path, help="also write the medians to this file")
    ap.add_argument(
        "--recoll-nice",
        type=int,
        default=0,
        help="recollindex's niceness (idxniceprio; its own default is 19): 0, the default here, "
        "is stricter than Trove, whose extraction workers run at 10",
    )
    ap.add_argument(
        "--baseline",
        type=Path,
        metavar="TREE",
        help="another Trove source tree (e.g. `git archive` of an older commit) run in the same "
        "rounds, for before/after",
    )
    args = ap.parse_args(argv)
    if args.make_corpora:
        make_corpora(args.make_corpora)
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in args.corpus:
            results.append(
                bench_corpus(
                    corpus.resolve(),
                    args.rounds,
                    Path(tmp),
                    args.skip_recoll,
                    args.baseline,
                    args.recoll_nice,
                )
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.breakdown:
        for corpus in args.corpus:
            t = breakdown(corpus.resolve())
            total = sum(t.values())
            print(f"\n{corpus}: {'step (1 process, no workers)':<30}{'s':>8}{'share':>8}")
            for step, secs in t.items():
                print(f"{step:<30}{secs:>8.2f}{secs / total:>8.0%}")
            print(f"{'total':<30}{total:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
