"""The floor under the answers, measured with real embedding models.

Usage (after the retrieval benchmark's setup, see docs/benchmarks-retrieval.md):
    python benchmarks/make_retrieval_corpus.py /tmp/rc
    python benchmarks/bench_floor.py /tmp/rc [--home DIR] [--json out.json]

For every question of the retrieval benchmark (answerable: the corpus has the answer) and of
``unanswerable_questions.json`` (the corpus does not), the chat's own retrieval runs
(``EngineRetriever``: hybrid search, then the similarity of the question's vector to each
passage's) and the floor's verdict is taken on the best passage, as ``trove ask`` does. Then, per
model, a sweep of floors: how many unanswerable questions are refused, how many answerable ones are
wrongly refused. The floor is chosen on the tuning split (every third question) and reported on
the other. No chat model is involved: the floor decides before one would be asked.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_retrieval import CORPUS_MODEL, load_questions  # noqa: E402
from desktop_app.core.chat.floor import judge  # noqa: E402
from desktop_app.core.chat.retrieve import ChatScope, EngineRetriever  # noqa: E402
from desktop_app.core.engine import Engine  # noqa: E402
from desktop_app.core.paths import resolve_dirs  # noqa: E402
from desktop_app.core.settings import Settings  # noqa: E402
from tests.nimsim import NimSimulator  # noqa: E402
from tests.nimsim.real_models import VectorCache, load_model  # noqa: E402

UNANSWERABLE = Path(__file__).resolve().parent / "unanswerable_questions.json"
# Coarse over the whole range, finer where e5 models put everything (0.7-0.95).
FLOORS = sorted(
    {round(0.05 * i, 2) for i in range(20)} | {round(0.7 + 0.01 * i, 2) for i in range(26)}
)


@dataclass(frozen=True)
class Asked:
    """One question and the best passage the chat's retrieval found for it."""

    id: str
    corpus: str
    split: str
    answerable: bool
    best: float | None  # cosine of the best passage (None: nothing scored)
    found: bool  # an answer file is among the passages (answerable questions only)


@contextlib.contextmanager
def indexed_engine(
    corpus: Path, model_key: str, cache: VectorCache, home: Path | None = None
) -> Iterator[tuple[Engine, str]]:
    """An engine over ``corpus`` indexed with the real model ``model_key`` behind the simulator;
    yields (engine, the model id the space records)."""
    backend = load_model(model_key, cache)
    with (
        NimSimulator(embed_model=backend.name, embed_backend=backend) as sim,
        tempfile.TemporaryDirectory(prefix="trove-floor-") as tmp,
    ):
        settings = Settings(
            {
                "embedding.base_url": sim.base_url,
                "embedding.model": backend.name,
                "embedding.max_in_flight": 1,
            }
        )
        engine = Engine(resolve_dirs(home or Path(tmp) / "home"), settings)
        try:
            if not engine.folders():
                engine.add_folder(str(corpus))
            engine.index()
            yield engine, backend.name
        finally:
            engine.close()


def ask_all(corpus: Path, model_key: str, cache: VectorCache, home: Path | None) -> list[Asked]:
    """Every question of ``corpus`` through the chat's retrieval."""
    name = corpus.name
    answerable = [q for q in load_questions() if q.corpus == name]
    unanswerable = [
        q for q in json.loads(UNANSWERABLE.read_text("utf-8"))["questions"] if q["corpus"] == name
    ]
    out: list[Asked] = []
    with indexed_engine(corpus, model_key, cache, home) as (engine, _):
        retrieve = EngineRetriever(engine)
        root = str(corpus.resolve()) + "/"

        def best(question: str) -> tuple[float | None, set[str]]:
            passages = retrieve(question, ChatScope())
            verdict = judge([(p.score, p.scored_by) for p in passages], 0.0, 0.0)
            return (verdict.best if verdict else None), {
                p.path.removeprefix(root) for p in passages[:8]
            }

        for q in answerable:
            score, files = best(q.question)
            out.append(Asked(q.id, name, q.split, True, score, bool(files & set(q.files))))
        for u in unanswerable:
            score, _ = best(u["question"])
            out.append(Asked(u["id"], name, u["split"], False, score, False))
    return out


def sweep(asked: Sequence[Asked]) -> list[dict[str, Any]]:
    """Per floor: unanswerable refused, answerable wrongly refused (of those and of all)."""
    rows = []
    yes = [a for a in asked if a.answerable]
    no = [a for a in asked if not a.answerable]
    for floor in FLOORS:

        def refused(a: Asked, floor: float = floor) -> bool:
            return a.best is None or a.best < floor

        rows.append(
            {
                "floor": floor,
                "unanswerable_refused": sum(map(refused, no)),
                "unanswerable": len(no),
                "answerable_refused": sum(map(refused, yes)),
                "answerable": len(yes),
                "found_refused": sum(1 for a in yes if a.found and refused(a)),
                "found": sum(1 for a in yes if a.found),
            }
        )
    return rows


def choose(rows: Sequence[dict[str, Any]], max_wrong: float = 0.05) -> float:
    """The highest floor that wrongly refuses at most ``max_wrong`` of the answerable questions
    whose answer was retrieved (refusing one of those loses a good answer)."""
    ok = [r for r in rows if r["found_refused"] <= max_wrong * max(1, r["found"])]
    return max(r["floor"] for r in ok) if ok else 0.0


def main(argv: list[str] | None = None) -> int:
    """Index both corpora, ask every question, print the sweeps and the chosen floors."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path, help="OUT_DIR of make_retrieval_corpus.py")
    parser.add_argument("--corpora", default="en,ko")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "trove-retrieval-vectors.sqlite"
    )
    parser.add_argument("--home", type=Path, help="keep Trove's data dirs here (HOME/en, HOME/ko)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    cache = VectorCache(args.cache)
    report: dict[str, Any] = {}
    for name in args.corpora.split(","):
        home = args.home / name if args.home else None
        asked = ask_all(args.corpus / name, CORPUS_MODEL[name], cache, home)
        tune = sweep([a for a in asked if a.split == "tune"])
        floor = choose(tune)
        rep = sweep([a for a in asked if a.split == "report"])
        at = next(r for r in rep if r["floor"] == floor)
        report[name] = {
            "model": CORPUS_MODEL[name],
            "chosen_on_tune": floor,
            "report_at_floor": at,
            "tune": tune,
            "report": rep,
            "questions": [a.__dict__ for a in asked],
        }
        print(f"\n{name} ({CORPUS_MODEL[name]}): floor chosen on the tuning split: {floor}")
        print("| floor | unanswerable refused | answerable refused | answer retrieved, refused |")
        print("|---|---|---|---|")
        for r in rep:
            print(
                f"| {r['floor']:.2f} | {r['unanswerable_refused']}/{r['unanswerable']} "
                f"| {r['answerable_refused']}/{r['answerable']} "
                f"| {r['found_refused']}/{r['found']} |"
            )
        for group in ("answerable", "unanswerable"):
            scores = sorted(
                a.best for a in asked if a.answerable == (group == "answerable") and a.best
            )
            if scores:
                low, mid, high = scores[0], scores[len(scores) // 2], scores[-1]
                print(f"{group}: best cosine min {low:.3f} median {mid:.3f} max {high:.3f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
