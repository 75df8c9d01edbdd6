"""Catalog at scale: ingest speed, disk per chunk and per stored vector, filters, queues, search.

Usage: python benchmarks/bench_catalog.py [CHUNKS]   (default 100000)
Synthetic corpus: files of 20 chunks, 100 words per chunk drawn from a 50 000-word Zipf-like
vocabulary (as perf-reliability.md M.3), spread over 4 folders (so one folder is a 25 % filter).
Results: docs/benchmarks-catalog.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from desktop_app.core.index.catalog import Catalog, SearchFilters
from desktop_app.core.search.keyword import keyword_search

CHUNKS_PER_FILE = 20
WORDS_PER_CHUNK = 100
VOCABULARY = 50_000
DIMS = 1024


def word(i: int) -> str:
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    out = ""
    i += 1
    while i:
        i, r = divmod(i, 26)
        out += letters[r]
    return out


def timed(fn: Callable[[], object], runs: int = 20) -> tuple[float, float]:
    """(p50, max) milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return total / 1e6


def main() -> int:
    n_chunks = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(7)
    ranks = np.arange(1, VOCABULARY + 1)
    weights = 1.0 / ranks**1.07
    weights /= weights.sum()
    vocab = [word(i) for i in range(VOCABULARY)]
    n_files = n_chunks // CHUNKS_PER_FILE

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "catalog.sqlite"
        cat = Catalog.open(db)
        space = cat.spaces.ensure("bench", "model", DIMS, "active")
        folders = [cat.files.add_folder(f"/data/folder{k}") for k in range(4)]
        draws = rng.choice(VOCABULARY, size=(n_chunks, WORDS_PER_CHUNK), p=weights)
        texts = [" ".join(vocab[w] for w in row) for row in draws]
        chars = sum(map(len, texts))
        start = time.perf_counter()
        for f in range(n_files):
            folder = folders[f % 4]
            chunk_list = [
                (i, texts[f * CHUNKS_PER_FILE + i], {"page": i + 1}, WORDS_PER_CHUNK)
                for i in range(CHUNKS_PER_FILE)
            ]
            cat.files.upsert_file_chunks(
                folder.id,
                f"{folder.path}/sub{f % 50}/file{f}.{('txt', 'pdf', 'md', 'docx')[f // 4 % 4]}",
                1000,
                f * 1_000_000_000,
                f"hash{f}",
                "text",
                chunk_list,
            )
        ingest_s = time.perf_counter() - start
        cat.checkpoint()
        base_mb = size_mb(db)
        print(f"{n_chunks} chunks in {n_files} files, {chars / 1e6:.1f} M chars")
        print(
            f"ingest: {ingest_s:.1f} s = {n_chunks / ingest_s:.0f} chunks/s (transaction per file)"
        )
        print(
            f"catalog (text, FTS, queue): {base_mb:.1f} MB, {base_mb / n_chunks * 1e3:.2f} KB/chunk"
        )

        # Stored vectors: disk cost per 1k chunks at 1024-d.
        n_vec = min(10_000, n_chunks)
        ids = [p.chunk_id for p in cat.spaces.pending_chunks(space.name, n_vec)]
        vectors = rng.standard_normal((n_vec, DIMS), dtype=np.float32)
        start = time.perf_counter()
        for lo in range(0, n_vec, 256):
            cat.spaces.mark_embedded(space.name, ids[lo : lo + 256], vectors[lo : lo + 256])
        store_s = time.perf_counter() - start
        cat.checkpoint()
        vec_mb = size_mb(db) - base_mb
        print(
            f"vectors: {n_vec} x {DIMS}-d stored in {store_s:.1f} s; +{vec_mb:.1f} MB ="
            f" {vec_mb / n_vec * 1000:.2f} MB per 1k chunks (raw float32: {DIMS * 4 / 1000:.2f} MB)"
        )
        p50, worst = timed(lambda: cat.spaces.stored_vectors(space.name, ids[:256]))
        print(f"stored_vectors(256 ids): p50 {p50:.1f} ms, max {worst:.1f} ms")

        # Mark 90 % embedded (without vectors) to make the pending query realistic.
        with cat.reading() as conn:
            rest = [r[0] for r in conn.execute("SELECT id FROM chunks")]
        to_mark = rest[: int(n_chunks * 0.9)]
        for lo in range(0, len(to_mark), 5000):
            cat.spaces.mark_embedded(space.name, to_mark[lo : lo + 5000])
        p50, worst = timed(lambda: cat.spaces.pending_chunks(space.name, 256))
        print(f"pending_chunks(256) with 90 % embedded: p50 {p50:.2f} ms, max {worst:.2f} ms")
        p50, worst = timed(cat.counts, runs=5)
        print(f"counts(): p50 {p50:.1f} ms, max {worst:.1f} ms")

        quarter = SearchFilters(folders=["/data/folder1"])
        result = cat.chunks.ids_matching(quarter)
        p50, worst = timed(lambda: cat.chunks.ids_matching(quarter))
        print(f"ids_matching(one folder = {len(result)} ids): p50 {p50:.1f} ms, max {worst:.1f} ms")
        kinds = SearchFilters(kinds=["pdf"])
        result = cat.chunks.ids_matching(kinds)
        p50, worst = timed(lambda: cat.chunks.ids_matching(kinds))
        print(f"ids_matching(kind pdf = {len(result)} ids): p50 {p50:.1f} ms, max {worst:.1f} ms")
        recent = SearchFilters(modified_after=n_files * 0.75)
        result = cat.chunks.ids_matching(recent)
        p50, worst = timed(lambda: cat.chunks.ids_matching(recent))
        print(f"ids_matching(newest 25 % = {len(result)}): p50 {p50:.1f} ms, max {worst:.1f} ms")
        glob = SearchFilters(path_glob="*/sub7/*")
        result = cat.chunks.ids_matching(glob)
        p50, worst = timed(lambda: cat.chunks.ids_matching(glob), runs=5)
        print(f"ids_matching(path glob, {len(result)} ids): p50 {p50:.1f} ms, max {worst:.1f} ms")
        embedded_q = lambda: cat.chunks.ids_matching(quarter, space=space.name)  # noqa: E731
        p50, worst = timed(embedded_q)
        print(f"ids_matching(one folder, embedded): p50 {p50:.1f} ms, max {worst:.1f} ms")

        print("\nkeyword_search, limit 10 (AND of terms; snippets included):")
        freq = np.bincount(draws.ravel(), minlength=VOCABULARY)
        in_rows = np.array([0] * VOCABULARY)
        for row in draws:
            in_rows[np.unique(row)] += 1
        picks = {
            "very common (in ~all rows)": int(np.argmax(in_rows)),
            "common (~50 %)": int(np.argmin(np.abs(in_rows - n_chunks * 0.5))),
            "frequent (~7 %)": int(np.argmin(np.abs(in_rows - n_chunks * 0.07))),
            "mid (~0.6 %)": int(np.argmin(np.abs(in_rows - n_chunks * 0.006))),
            "rare (~50 rows)": int(np.argmin(np.abs(in_rows - 50))),
        }
        del freq
        one_dir = SearchFilters(folders=["/data/folder2/sub2"])
        for label, w in picks.items():
            q = vocab[w]
            capped = timed(lambda q=q: keyword_search(cat, q), runs=10)
            full = timed(lambda q=q: keyword_search(cat, q, max_ranked=10**9), runs=5)
            filt = timed(lambda q=q: keyword_search(cat, q, filters=quarter), runs=10)
            narrow = timed(lambda q=q: keyword_search(cat, q, filters=one_dir), runs=5)
            print(
                f"  {label:28s} '{q}' in {in_rows[w]} rows: p50 {capped[0]:.1f} ms"
                f" (all scored {full[0]:.1f} ms; 25 % folder filter {filt[0]:.1f} ms;"
                f" 0.5 % filter {narrow[0]:.1f} ms)"
            )
        two = f"{vocab[picks['frequent (~7 %)']]} {vocab[picks['mid (~0.6 %)']]}"
        print(f"  two terms '{two}': p50 {timed(lambda: keyword_search(cat, two))[0]:.1f} ms")

        # Re-chunking one file and removing a folder (25 % of the corpus) with tombstones.
        f0 = f"{folders[0].path}/sub0/file0.txt"
        chunk_list = [(i, texts[i][::-1], {}, 1) for i in range(CHUNKS_PER_FILE)]
        counter = iter(range(10**6))
        p50, worst = timed(
            lambda: cat.files.upsert_file_chunks(
                folders[0].id, f0, 1, 1, f"new{next(counter)}", "text", chunk_list
            ),
            runs=20,
        )
        print(
            f"\nre-chunk one file of {CHUNKS_PER_FILE} chunks: p50 {p50:.1f} ms, max {worst:.1f} ms"
        )
        start = time.perf_counter()
        removed = cat.files.remove_folder(folders[3].path)
        print(
            f"remove_folder ({removed} files, {removed * CHUNKS_PER_FILE} chunks, tombstones):"
            f" {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        cat.optimize()
        print(f"optimize (FTS merge): {time.perf_counter() - start:.1f} s")
        cat.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
