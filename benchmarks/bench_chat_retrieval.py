"""Chat retrieval cost: what one question asks of the index and the NIM, by scope.

Indexes a synthetic corpus with the NIM simulator (lexical vectors, so the embedding calls are
cheap and the count of requests is what is measured), then retrieves passages for questions the
way `trove ask` does (``EngineRetriever``: search, then the relevance check), for all files and for
an explicit list of files, and reports per question: median time and the embedding requests the
NIM received. No chat call is made.

Usage: python benchmarks/bench_chat_retrieval.py [--files 300] [--questions 20] [--listed 10]
Results: docs/benchmarks.md ("Chat retrieval").
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_notes import WORDS, make_notes  # noqa: E402
from desktop_app.core.chat.retrieve import ChatScope, EngineRetriever  # noqa: E402
from desktop_app.core.engine import Engine  # noqa: E402
from desktop_app.core.paths import resolve_dirs  # noqa: E402
from desktop_app.core.settings import Settings  # noqa: E402
from tests.nimsim import NimSimulator  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--listed", type=int, default=10, help="files in the explicit list")
    args = parser.parse_args(argv)
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="trove-chat-retrieval-"))
    paths = make_notes(work / "docs", args.files, rng)
    dirs = resolve_dirs(str(work / "home")).ensure()
    settings = Settings.load(dirs.settings_file)
    questions = [" ".join(rng.sample(WORDS, 3)) for _ in range(args.questions)]
    listed = [str(p) for p in rng.sample(paths, args.listed)]
    with NimSimulator(profile="local") as sim:
        for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
            settings.set(key, sim.base_url)
        settings.set("rerank.enabled", "off")  # retrieval alone: search and relevance check
        settings.save()
        engine = Engine(dirs, settings)
        engine.add_folder(str(work / "docs"))
        engine.index()
        retrieve = EngineRetriever(engine)
        print(f"corpus: {args.files} files; {args.questions} questions")
        for label, scope in (
            ("all files", ChatScope()),
            (f"{args.listed} listed files", ChatScope(files=listed)),
        ):
            retrieve(questions[0], scope)  # warm: the vector index loads
            sim.reset()
            times = []
            for question in questions:
                start = time.perf_counter()
                retrieve(question, scope)
                times.append(time.perf_counter() - start)
            calls = sim.counters["embeddings"] / len(questions)
            median = statistics.median(times) * 1000
            print(f"{label:>18}: median {median:.1f} ms, {calls:.1f} embedding requests/question")
        engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
