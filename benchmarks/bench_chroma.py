"""Chroma through Trove's ChromaVectors: write batch size, upsert rate, kNN latency per dimension.

Run: /work/venv/bin/python benchmarks/bench_chroma.py [--n 10000] [--dims 384 1024 2048]
Results and their reading: docs/benchmarks-chroma.md.

Data: random float32 vectors, a 600-character document and the five metadata fields Trove stores
(path, file_id, location, kind, mtime) per record, in a fresh embedded store under a temp dir.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import chromadb
import numpy as np

import desktop_app.core.index.vectors as vectors_module
from desktop_app.core.index.vectors import ChromaVectors, chunk_metadata, space_name

MODEL = "nvidia/llama-nemotron-embed-1b-v2"
DOC = ("Quarterly report on the regional water supply, with tables of usage per district. " * 9)[
    :600
]


def records(n: int, dims: int, seed: int) -> tuple[list[str], np.ndarray, list[str], list[dict]]:
    """ids, vectors, documents, metadatas for n chunks (20 chunks per file)."""
    rng = np.random.default_rng(seed)
    ids = [f"chunk-{i}" for i in range(n)]
    data = rng.standard_normal((n, dims)).astype(np.float32)
    metas = [
        chunk_metadata(
            path=f"/home/ana/Documents/reports/file-{i // 20}.pdf",
            file_id=i // 20,
            location=f"page {i % 20 + 1}",
            kind="pdf",
            mtime=1_700_000_000.0 + i // 20,
        )
        for i in range(n)
    ]
    return ids, data, [DOC] * n, metas


def pct(values: list[float], q: float) -> float:
    """The q-th percentile in milliseconds."""
    return float(np.percentile(np.array(values) * 1000.0, q))


def upsert_rate(store: ChromaVectors, space: str, n: int, dims: int, seed: int) -> float:
    """Vectors per second for upserting n fresh records."""
    ids, data, docs, metas = records(n, dims, seed)
    start = time.perf_counter()
    store.upsert(space, ids, data, docs, metas)
    return n / (time.perf_counter() - start)


def batch_sweep(root: Path, n: int, dims: int, sizes: list[int]) -> None:
    """Upsert rate and per-call latency for each write batch size."""
    print(f"\n## Write batch size, {n} x {dims}-d\n")
    print("| batch | vectors/s | per call p50 | per call p95 |")
    print("|---|---|---|---|")
    ids, data, docs, metas = records(n, dims, 1)
    for size in sizes:
        vectors_module.MAX_WRITE_BATCH = size
        path = root / f"batch-{size}"
        with ChromaVectors.embedded(path) as store:
            space = space_name(MODEL, dims)
            store.ensure_space(space, MODEL, dims)
            calls = []
            start = time.perf_counter()
            for i in range(0, n, size):
                t = time.perf_counter()
                part = slice(i, i + size)
                store.upsert(space, ids[part], data[part], docs[part], metas[part])
                calls.append(time.perf_counter() - t)
            rate = n / (time.perf_counter() - start)
        shutil.rmtree(path)
        print(f"| {size} | {rate:.0f} | {pct(calls, 50):.0f} ms | {pct(calls, 95):.0f} ms |")
    vectors_module.MAX_WRITE_BATCH = 256


def per_dimension(root: Path, n: int, dims_list: list[int], queries: int) -> None:
    """Upsert rate, kNN latency, scoped ranking, health check and cold start per dimension."""
    print(f"\n## {n} vectors per dimension (write batch {vectors_module.MAX_WRITE_BATCH})\n")
    print(
        "| dims | upsert vec/s | kNN k=10 p50 / p95 | kNN + metadata p50 | filtered kNN p50 "
        "(one file) | rank_candidates 20 / 1000 p50 | ids() all | health_check | "
        "reopen + first query | disk |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    rng = np.random.default_rng(42)
    for dims in dims_list:
        path = root / f"dims-{dims}"
        space = space_name(MODEL, dims)
        with ChromaVectors.embedded(path) as store:
            store.ensure_space(space, MODEL, dims)
            rate = upsert_rate(store, space, n, dims, seed=dims)
            qs = rng.standard_normal((queries, dims)).astype(np.float32)
            store.warm(space)
            plain, with_meta, filtered, rank20, rank1000 = [], [], [], [], []
            all_ids = [f"chunk-{i}" for i in range(n)]
            for i, q in enumerate(qs):
                t = time.perf_counter()
                store.query(space, q, k=10)
                plain.append(time.perf_counter() - t)
                t = time.perf_counter()
                store.query(space, q, k=10, with_metadata=True)
                with_meta.append(time.perf_counter() - t)
                if i < 50:
                    file_id = int(rng.integers(0, n // 20))
                    t = time.perf_counter()
                    store.query(space, q, k=10, where={"file_id": file_id})
                    filtered.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    store.rank_candidates(space, q, all_ids[file_id * 20 : file_id * 20 + 20], 10)
                    rank20.append(time.perf_counter() - t)
                    start = int(rng.integers(0, max(1, n - 1000)))
                    t = time.perf_counter()
                    store.rank_candidates(space, q, all_ids[start : start + 1000], 10)
                    rank1000.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert sum(1 for _ in store.ids(space)) == n
            list_s = time.perf_counter() - t
            t = time.perf_counter()
            assert store.health_check(space, n).ok
            health_s = time.perf_counter() - t
        t = time.perf_counter()
        with ChromaVectors.embedded(path) as store:
            store.warm(space)
            cold_s = time.perf_counter() - t
        disk = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6
        shutil.rmtree(path)
        print(
            f"| {dims} | {rate:.0f} | {pct(plain, 50):.1f} / {pct(plain, 95):.1f} ms "
            f"| {pct(with_meta, 50):.1f} ms | {pct(filtered, 50):.1f} ms "
            f"| {pct(rank20, 50):.1f} / {pct(rank1000, 50):.1f} ms | {list_s * 1000:.0f} ms "
            f"| {health_s * 1000:.0f} ms | {cold_s * 1000:.0f} ms | {disk:.0f} MB |"
        )


def main() -> None:
    """Run the measurements and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--dims", type=int, nargs="+", default=[384, 1024, 2048])
    parser.add_argument("--sweep-n", type=int, default=5_000)
    parser.add_argument("--batches", type=int, nargs="*", default=[100, 256, 500, 1000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    print(
        f"chromadb {chromadb.__version__}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    root = Path(tempfile.mkdtemp(prefix="trove-bench-chroma-"))
    try:
        if args.batches:
            batch_sweep(root, args.sweep_n, 1024, args.batches)
        per_dimension(root, args.n, args.dims, args.queries)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
