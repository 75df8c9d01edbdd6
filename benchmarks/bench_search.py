"""Search latency at scale, excluding the NIM round trip: keyword, semantic and hybrid p50/p95.

Usage: python benchmarks/bench_search.py [--chunks 100000] [--dims 1024] [--queries 40]
Builds a catalog (files of 20 chunks, 100 Zipf-distributed words per chunk, as bench_catalog.py)
and a Chroma collection with random unit vectors through the Catalog / ChromaVectors APIs, then
runs `Searcher.search` with an embedder stub that returns a precomputed query vector, so the
semantic time is Chroma kNN + catalog lookups + grouping, not the NIM call. Query words are drawn
from ranks 50-5000 of the vocabulary (selective terms, like real queries).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.vectors import ChromaVectors, chunk_metadata, space_name
from desktop_app.core.search.hybrid import Searcher

VOCABULARY = 50_000
CHUNKS_PER_FILE = 20
WORDS_PER_CHUNK = 100


def word(i: int) -> str:
    """A deterministic pseudo-word for vocabulary rank ``i``."""
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    out = ""
    i += 1
    while i:
        i, r = divmod(i, 26)
        out += letters[r]
    return out


class QueryVector:
    """Embedder stand-in: returns the vector set before each query (no NIM call)."""

    def __init__(self) -> None:
        self.vector: list[float] = []

    def embed_query(self, text: str, **_: Any) -> list[float]:
        """The precomputed vector."""
        return self.vector


def pct(samples: list[float], q: float) -> float:
    """Percentile (nearest rank) in ms."""
    s = sorted(samples)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def main(argv: list[str] | None = None) -> int:
    """Build, then time the three modes."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--dims", type=int, default=1024)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--dir", type=Path, default=None, help="keep the built index here")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(7)
    weights = 1.0 / np.arange(1, VOCABULARY + 1) ** 1.07
    weights /= weights.sum()
    vocab = [word(i) for i in range(VOCABULARY)]
    base = args.dir or Path(tempfile.mkdtemp(prefix="trove-search-"))
    base.mkdir(parents=True, exist_ok=True)
    catalog = Catalog.open(base / "catalog.db")
    store = ChromaVectors.embedded(base / "chroma")
    model = "nvidia/llama-nemotron-embed-1b-v2"
    name = space_name(model, args.dims)
    store.ensure_space(name, model, args.dims)
    folder = catalog.files.add_folder(str(base / "docs"))
    t0 = time.perf_counter()
    n_files = args.chunks // CHUNKS_PER_FILE
    for f in range(n_files):
        ranks = rng.choice(VOCABULARY, size=(CHUNKS_PER_FILE, WORDS_PER_CHUNK), p=weights)
        chunks = [
            (k, " ".join(vocab[r] for r in row), {"kind": "text"}, WORDS_PER_CHUNK)
            for k, row in enumerate(ranks)
        ]
        catalog.files.upsert_file_chunks(
            folder.id, str(base / "docs" / f"f{f}.txt"), 1000, f, f"h{f}", "text", chunks
        )
    t_catalog = time.perf_counter() - t0
    space = catalog.spaces.ensure(name, model, args.dims, "active")
    t0 = time.perf_counter()
    batch = 1000
    while pending := catalog.spaces.pending_chunks(name, batch):
        ids = [c.chunk_id for c in pending]
        vecs = rng.standard_normal((len(ids), args.dims)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        rows = catalog.chunks.by_id(ids)
        store.upsert(
            name,
            [str(i) for i in ids],
            vecs,
            [rows[i].text for i in ids],
            [
                chunk_metadata(
                    path=rows[i].path,
                    file_id=rows[i].file_id,
                    location="",
                    kind="text",
                    mtime=0.0,
                    ordinal=rows[i].ordinal,
                )
                for i in ids
            ],
        )
        catalog.spaces.mark_embedded(name, ids)
    t_chroma = time.perf_counter() - t0
    print(
        f"built {args.chunks} chunks x {args.dims}-d: catalog {t_catalog:.1f} s, "
        f"chroma {t_chroma:.1f} s ({args.chunks / t_chroma:.0f} vectors/s) in {base}"
    )
    stub = QueryVector()
    searcher = Searcher(catalog, store, stub, space)  # type: ignore[arg-type]
    queries = [
        " ".join(vocab[int(r)] for r in rng.integers(50, 5000, size=2)) for _ in range(args.queries)
    ]
    qvecs = rng.standard_normal((args.queries, args.dims)).astype(np.float32)
    stub.vector = qvecs[0].tolist()
    searcher.search(queries[0], "hybrid")  # warm Chroma's index load
    print(
        f"\n{'mode':<10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  ({args.queries} queries, limit 10)"
    )
    for mode in ("keyword", "semantic", "hybrid"):
        samples = []
        for q, v in zip(queries, qvecs, strict=True):
            stub.vector = v.tolist()
            start = time.perf_counter()
            searcher.search(q, mode, 10)
            samples.append((time.perf_counter() - start) * 1000)
        print(
            f"{mode:<10}{statistics.median(samples):>9.1f}{pct(samples, 0.95):>9.1f}"
            f"{max(samples):>9.1f}"
        )
    store.close()
    catalog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
