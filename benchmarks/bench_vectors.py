"""Vector stage end to end (catalog -> NIM simulator over HTTP -> Chroma) vs the raw Chroma upsert
rate of the same vectors, at 0 ms and a realistic per-request latency; shows requests in flight.

Usage: python benchmarks/bench_vectors.py [--chunks 5000] [--dims 2048] [--latency-ms 0 40]
    [--sim fast|process|inproc]
Chunks are ~1 500-character pieces of real text (the files under --text, default /usr/share/doc
*.txt). The simulator (tests/nimsim) runs in its own process, as a real NIM would (--sim process),
by default with its vector maths and JSON encoding swapped for numpy/orjson (--sim fast, see
fast_vectors): the pure-Python simulator spends ~4 ms of CPU per 2048-d text, which on 2 vCPUs
competes with Chroma for the same cores, and in-process (--sim inproc, the first setup) it also
holds the GIL the stage needs, charging the simulator's cost to Trove. The simulator's CPU
seconds are printed either way. "raw Chroma" re-inserts the vectors the stage stored, with the same
documents and metadata, batches of 256 (Chroma's best here, and the stage's round size), into a
fresh collection.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
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

# Chroma's best write batch on this box (docs/benchmarks-chroma.md), also the stage's round size.
RAW_BATCH = 256


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


def fast_vectors() -> None:
    """Swap the simulator's pure-Python vector maths and JSON for numpy and orjson.

    Same HTTP API, same request checks, same reply shape and sizes (2048 float32 values per
    vector as JSON numbers); only the simulator's own CPU cost shrinks (~4 ms -> ~0.1 ms per text),
    standing in for a GPU NIM whose work is not done on this machine's CPUs.
    """
    import hashlib

    import numpy as np
    import orjson

    from tests.nimsim import embeddings, responses

    def embed_text(text: str, dimensions: int, input_type: str | None) -> list[float]:
        seed = hashlib.blake2b(f"{input_type}\0{text}".encode(), digest_size=8).digest()
        vec = np.random.default_rng(int.from_bytes(seed, "little")).standard_normal(dimensions)
        vec = (vec / np.linalg.norm(vec)).astype(np.float32)
        return vec.tolist()  # type: ignore[no-any-return]

    embeddings.embed_text = embed_text  # type: ignore[assignment]
    responses.dumps = lambda obj: orjson.dumps(obj).decode()


def serve_sim(latency_ms: float, fast: bool) -> int:
    """Child mode: run the simulator with the in-flight gauge until stdin closes, then report."""
    if fast:
        fast_vectors()
    gauge = InFlight()
    sim_server._HANDLERS[Route.EMBEDDINGS] = gauge
    with NimSimulator(profile="local", latency_s=latency_ms / 1000) as sim:
        print(sim.base_url, flush=True)
        sys.stdin.readline()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(
            json.dumps(
                {
                    "peak": gauge.peak,
                    "requests": sim.counters["embeddings"],
                    "cpu_s": usage.ru_utime + usage.ru_stime,
                }
            ),
            flush=True,
        )
    return 0


class ProcessSim:
    """The simulator in a child process (``serve_sim``)."""

    def __init__(self, latency_ms: float, fast: bool) -> None:
        mode = "fast" if fast else "process"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve-sim",
                "--sim",
                mode,
                "--latency-ms",
                str(latency_ms),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        self.report: dict[str, float] = {}

    def stop(self) -> dict[str, float]:
        """Stop the child; its peak in-flight requests, request count and CPU seconds."""
        out, _ = self.proc.communicate("stop\n", timeout=60)
        self.report = json.loads(out.strip().splitlines()[-1])
        return self.report


def run(
    pieces: list[str], dims: int, latency_ms: float, gauge: InFlight, mode: str
) -> dict[str, float]:
    """One fresh data dir: fill the catalog, time embed_pending, then time raw Chroma upserts."""
    inproc = NimSimulator(profile="local") if mode == "inproc" else None
    child = ProcessSim(latency_ms, mode == "fast") if inproc is None else None
    if inproc is not None:
        inproc.start()
        inproc.config.latency_s = latency_ms / 1000
    base_url = inproc.base_url if inproc is not None else child.base_url  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings({"embedding.base_url": base_url, "embedding.dimensions": dims})
        engine = Engine(resolve_dirs(Path(tmp) / "home"), settings)
        folder = engine.catalog.files.add_folder(tmp)
        per_file = 20
        for f in range(0, len(pieces), per_file):
            chunks = [
                (k, t, {"kind": "text"}, len(t) // 4)
                for k, t in enumerate(pieces[f : f + per_file])
            ]
            engine.catalog.files.upsert_file_chunks(
                folder.id, f"{tmp}/f{f}.txt", 1, f, f"h{f}", "text", chunks
            )
        engine.target_space()  # opens Chroma and creates the collection outside the timing
        gauge.peak = 0
        start, cpu0 = time.perf_counter(), time.process_time()
        summary = engine.embed_pending()
        e2e, cpu = time.perf_counter() - start, time.process_time() - cpu0
        assert summary["state"] == "ok", summary
        space = engine.catalog.spaces.active()
        assert space is not None
        ids = list(range(1, len(pieces) + 1))
        vectors = engine.catalog.spaces.stored_vectors(space.name, ids)
        rows = engine.catalog.chunks.by_id(ids)
        if inproc is not None:
            requests, peak, sim_cpu = inproc.counters["embeddings"], gauge.peak, float("nan")
            inproc.stop()
        else:
            report = child.stop()  # type: ignore[union-attr]
            requests, peak, sim_cpu = report["requests"], report["peak"], report["cpu_s"]
        raw_store = ChromaVectors.embedded(Path(tmp) / "raw")
        raw_store.ensure_space(space.name, space.model, dims)
        start = time.perf_counter()
        for b in range(0, len(ids), RAW_BATCH):
            batch = [i for i in ids[b : b + RAW_BATCH] if i in vectors]
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
            "peak_in_flight": peak,
            "trove_cpu_s": cpu,
            "sim_cpu_s": sim_cpu,
            "embedded": summary["embedded"],
        }


def main(argv: list[str] | None = None) -> int:
    """Run each latency and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--chunks", type=int, default=5000)
    ap.add_argument("--dims", type=int, default=2048)
    ap.add_argument("--latency-ms", type=float, nargs="+", default=[0, 40])
    ap.add_argument("--text", type=Path, default=Path("/usr/share/doc"))
    ap.add_argument("--sim", choices=("fast", "process", "inproc"), default="fast")
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs per latency (a shared box is noisy: take 3)"
    )
    ap.add_argument("--serve-sim", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve_sim:
        return serve_sim(args.latency_ms[0], args.sim == "fast")
    pieces = texts(args.text, args.chunks)
    gauge = InFlight()
    sim_server._HANDLERS[Route.EMBEDDINGS] = gauge
    print(
        f"{len(pieces)} chunks of ~1500 chars, {args.dims}-d, batch 32, max_in_flight 4, "
        f"round {RAW_BATCH}, simulator {args.sim}"
    )
    print(
        f"\n{'latency':>8}{'e2e chunks/s':>14}{'raw Chroma/s':>14}{'e2e/raw':>9}"
        f"{'requests':>10}{'peak in flight':>16}{'trove CPU s':>13}{'sim CPU s':>11}"
    )
    ratios: dict[float, list[float]] = {}
    for latency in args.latency_ms * args.repeat:
        r = run(pieces, args.dims, latency, gauge, args.sim)
        n = r["embedded"]
        ratios.setdefault(latency, []).append(r["raw_s"] / r["e2e_s"])
        print(
            f"{latency:>6.0f}ms{n / r['e2e_s']:>14.0f}{n / r['raw_s']:>14.0f}"
            f"{r['raw_s'] / r['e2e_s']:>9.0%}{r['requests']:>10.0f}{r['peak_in_flight']:>16.0f}"
            f"{r['trove_cpu_s']:>13.1f}{r['sim_cpu_s']:>11.1f}",
            flush=True,
        )
    if args.repeat > 1:
        for latency, values in ratios.items():
            values.sort()
            print(f"{latency:>6.0f}ms median e2e/raw {values[len(values) // 2]:.0%} of {values}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
