"""Vector stage end to end (catalog -> NIM simulator over HTTP -> Chroma) vs the raw Chroma upsert
rate of the same vectors, at 0 ms and a realistic per-request latency; shows requests in flight.

Usage: python benchmarks/bench_vectors.py [--chunks 5000] [--dims 2048] [--latency-ms 0 40]
Chunks are ~1 500-character pieces of real text (the files under --text, default /usr/share/doc
*.txt). The simulator runs in-process (tests/nimsim). "raw Chroma" re-inserts the vectors the
stage stored, with the same documents and metadata, batches of 128, into a fresh collection.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.core.engine import Engine  # noqa: E402
from desktop_app.core.index.vectors import ChromaVectors  # noqa: E402
from desktop_app.core.paths import resolve_dirs  # noqa: E402
from desktop_app.core.settings import Settings  # noqa: E402
from tests.nimsim import NimSimulator  # noqa: E402
from tests.nimsim import server as sim_server  # noqa: E402
from tests.nimsim.server import Route  # noqa: E402


class InFlight:
    """Counts concurrent embedding requests inside the simulator."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()
        self.original = sim_server._HANDLERS[Route.EMBEDDINGS]

    def __call__(self, body: Any, config: Any) -> Any:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        try:
            return self.original(body, config)
        finally:
            with self.lock:
                self.now -= 1


def texts(source: Path, n: int) -> list[str]:
    """``n`` pieces of ~1 500 characters cut from real text files."""
    out: list[str] = []
    for path in sorted(source.rglob("*.txt")):
        raw = path.read_text("utf-8", errors="replace")
        for i in range(0, len(raw) - 200, 1500):
            out.append(raw[i : i + 1500])
            if len(out) >= n:
                return out
    return out


def run(pieces: list[str], dims: int, latency_ms: float, gauge: InFlight) -> dict[str, float]:
    """One fresh data dir: fill the catalog, time embed_pending, then time raw Chroma upserts."""
    with tempfile.TemporaryDirectory() as tmp, NimSimulator(profile="local") as sim:
        sim.config.latency_s = latency_ms / 1000
        settings = Settings({"embedding.base_url": sim.base_url, "embedding.dimensions": dims})
        engine = Engine(resolve_dirs(Path(tmp) / "home"), settings)
        folder = engine.catalog.add_folder(tmp)
        per_file = 20
        for f in range(0, len(pieces), per_file):
            chunks = [
                (k, t, {"kind": "text"}, len(t) // 4)
                for k, t in enumerate(pieces[f : f + per_file])
            ]
            engine.catalog.upsert_file_chunks(
                folder.id, f"{tmp}/f{f}.txt", 1, f, f"h{f}", "text", chunks
            )
        engine.target_space()  # opens Chroma and creates the collection outside the timing
        gauge.peak = 0
        start = time.perf_counter()
        summary = engine.embed_pending()
        e2e = time.perf_counter() - start
        assert summary["state"] == "ok", summary
        space = engine.catalog.active_space()
        assert space is not None
        ids = list(range(1, len(pieces) + 1))
        vectors = engine.catalog.stored_vectors(space.name, ids)
        rows = engine.catalog.chunks_by_id(ids)
        requests = sim.counters["embeddings"]
        raw_store = ChromaVectors.embedded(Path(tmp) / "raw")
        raw_store.ensure_space(space.name, space.model, dims)
        start = time.perf_counter()
        for b in range(0, len(ids), 128):
            batch = [i for i in ids[b : b + 128] if i in vectors]
            raw_store.upsert(
                space.name,
                [str(i) for i in batch],
                [vectors[i] for i in batch],
                [rows[i].text for i in batch],
                [
                    {
                        "path": rows[i].path,
                        "file_id": rows[i].file_id,
                        "location": "",
                        "kind": "text",
                        "mtime": 0.0,
                        "ordinal": rows[i].ordinal,
                    }
                    for i in batch
                ],
            )
        raw = time.perf_counter() - start
        raw_store.close()
        engine.close()
        return {
            "e2e_s": e2e,
            "raw_s": raw,
            "requests": requests,
            "peak_in_flight": gauge.peak,
            "embedded": summary["embedded"],
        }


def main(argv: list[str] | None = None) -> int:
    """Run each latency and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--chunks", type=int, default=5000)
    ap.add_argument("--dims", type=int, default=2048)
    ap.add_argument("--latency-ms", type=float, nargs="+", default=[0, 40])
    ap.add_argument("--text", type=Path, default=Path("/usr/share/doc"))
    args = ap.parse_args(argv)
    pieces = texts(args.text, args.chunks)
    gauge = InFlight()
    sim_server._HANDLERS[Route.EMBEDDINGS] = gauge
    print(f"{len(pieces)} chunks of ~1500 chars, {args.dims}-d, batch 32, max_in_flight 4")
    print(
        f"\n{'latency':>8}{'e2e chunks/s':>14}{'raw Chroma/s':>14}{'e2e/raw':>9}"
        f"{'requests':>10}{'peak in flight':>16}"
    )
    for latency in args.latency_ms:
        r = run(pieces, args.dims, latency, gauge)
        n = r["embedded"]
        print(
            f"{latency:>6.0f}ms{n / r['e2e_s']:>14.0f}{n / r['raw_s']:>14.0f}"
            f"{r['raw_s'] / r['e2e_s']:>9.0%}{r['requests']:>10.0f}{r['peak_in_flight']:>16.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
