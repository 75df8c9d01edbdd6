"""The floor under the answers, measured with real embedding models.

Usage (after the retrieval benchmark's setup, see docs/benchmarks-retrieval.md):
    python benchmarks/make_retrieval_corpus.py /tmp/rc
    python benchmarks/bench_floor.py /tmp/rc [--runs en:minilm,ko:e5,en:e5] [--home DIR]
        [--json out.json]

For every question of the retrieval benchmark (answerable: the corpus has the answer) and of
``unanswerable_questions.json`` (the corpus does not), the chat's own retrieval runs
(``EngineRetriever``: hybrid search, then the similarity of the question's vector to each
passage's) and the floor's verdict is taken on the best passage, as ``trove ask`` does. The
space's background is measured as ``trove ask`` measures it (``engine_background``). The share
of the way above the background is chosen on the tuning split (every third question) of all runs
together, and reported per run on the other split: how many unanswerable questions are refused,
how many answerable ones wrongly; next to the floors before (the per-model table, the fallback),
and to the share chosen without that run (does it transfer to a model it was not tuned on?).
No chat model is involved: the floor decides before one would be asked.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_retrieval import load_questions  # noqa: E402
from desktop_app.core.chat.background import Background, engine_background  # noqa: E402
from desktop_app.core.chat.floor import FALLBACK_SIMILARITY_FLOOR, judge  # noqa: E402
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
# Shares of the way from the space's background to a perfect match.
SHARES = [round(0.02 * i, 2) for i in range(31)]
# Before: the floors last chosen per model on this benchmark (every other model got the fallback).
OLD_TABLE = {"minilm": 0.45, "e5": 0.87}


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
    corpus: Path,
    model_key: str,
    cache: VectorCache,
    home: Path | None = None,
    translations: dict[str, str] | None = None,
) -> Iterator[tuple[Engine, str]]:
    """An engine over ``corpus`` indexed with the real model ``model_key`` behind the simulator;
    yields (engine, the model id the space records). ``translations`` (question -> its English or
    Korean translation): search translates each question (``search.translate_to`` = en, ko), the
    simulator's chat model answering from this table."""
    backend = load_model(model_key, cache)
    table = translations or {}

    def translate(messages: list[dict[str, Any]]) -> str:
        query = str(messages[-1]["content"])
        return table.get(query, query)

    with (
        NimSimulator(embed_model=backend.name, embed_backend=backend, chat_reply=translate) as sim,
        tempfile.TemporaryDirectory(prefix="trove-floor-") as tmp,
    ):
        settings = Settings(
            {
                "embedding.base_url": sim.base_url,
                "embedding.model": backend.name,
                "embedding.max_in_flight": 1,
                "chat.base_url": sim.base_url,
                "search.translate_to": ["en", "ko"] if translations else [],
                # Retrieval without a reranker, whatever listens at the default reranking URL.
                "rerank.enabled": "off",
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


def ask_all(
    corpus: Path, model_key: str, cache: VectorCache, home: Path | None
) -> tuple[list[Asked], Background | None]:
    """Every question of ``corpus`` through the chat's retrieval, and the space's background as
    ``trove ask`` measures it."""
    name = corpus.name
    answerable = [q for q in load_questions() if q.corpus == name]
    unanswerable = [
        q for q in json.loads(UNANSWERABLE.read_text("utf-8"))["questions"] if q["corpus"] == name
    ]
    out: list[Asked] = []
    with indexed_engine(corpus, model_key, cache, home) as (engine, _):
        # Every passage scored, relevant or not: "answer retrieved" is its file among the first
        # eight ranked, whatever threshold the chat's relevance check uses.
        retrieve = EngineRetriever(engine, min_similarity=-1.0)
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
        background = engine_background(engine)
    return out, background


def counts(asked: Sequence[Asked], floor: float) -> dict[str, Any]:
    """At ``floor``: unanswerable refused, answerable wrongly refused (of those and of all)."""
    yes = [a for a in asked if a.answerable]
    no = [a for a in asked if not a.answerable]

    def refused(a: Asked) -> bool:
        return a.best is None or a.best < floor

    return {
        "floor": round(floor, 4),
        "unanswerable_refused": sum(map(refused, no)),
        "unanswerable": len(no),
        "answerable_refused": sum(map(refused, yes)),
        "answerable": len(yes),
        "found_refused": sum(1 for a in yes if a.found and refused(a)),
        "found": sum(1 for a in yes if a.found),
    }


def sweep(
    asked: Sequence[Asked], values: Sequence[float], floor_of: Callable[[float], float]
) -> list[dict[str, Any]]:
    """Per value (a floor, or a share above the background): the counts at its floor."""
    return [dict(counts(asked, floor_of(v)), value=v) for v in values]


def pooled(sweeps: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Several runs' sweeps over the same values, their counts added."""
    out = []
    for rows in zip(*sweeps, strict=True):
        total = {k: sum(r[k] for r in rows) for k in rows[0] if k not in ("value", "floor")}
        out.append(dict(total, value=rows[0]["value"]))
    return out


def choose(rows: Sequence[dict[str, Any]], max_wrong: float = 0.05) -> float:
    """The highest value that wrongly refuses at most ``max_wrong`` of the answerable questions
    whose answer was retrieved (refusing one of those loses a good answer)."""
    ok = [r for r in rows if r["found_refused"] <= max_wrong * max(1, r["found"])]
    return max(r["value"] for r in ok) if ok else 0.0


def _row(label: str, r: dict[str, Any]) -> str:
    return (
        f"| {label} | {r['floor']:.3f} | {r['unanswerable_refused']}/{r['unanswerable']} "
        f"| {r['answerable_refused']}/{r['answerable']} | {r['found_refused']}/{r['found']} |"
    )


def main(argv: list[str] | None = None) -> int:
    """Index each corpus with its model, ask every question, measure the space's background;
    choose the share above it on the tuning split and report each run on its reporting split."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path, help="OUT_DIR of make_retrieval_corpus.py")
    parser.add_argument(
        "--runs",
        default="en:minilm,ko:e5,en:e5",
        help="corpus:model pairs (e5 on the English corpus is a third scale to check)",
    )
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "trove-retrieval-vectors.sqlite"
    )
    parser.add_argument("--home", type=Path, help="keep Trove's data dirs here (HOME/en-minilm...)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    cache = VectorCache(args.cache)
    runs: dict[str, tuple[list[Asked], Background]] = {}
    for run in args.runs.split(","):
        name, model = run.split(":")
        home = args.home / f"{name}-{model}" if args.home else None
        asked, background = ask_all(args.corpus / name, model, cache, home)
        if background is None:
            raise SystemExit(f"{run}: no background (no active space?)")
        runs[run] = (asked, background)
        print(f"{run}: background {background.similarity:.3f} over {background.passages} passages")

    def shares(run: str, split: str) -> list[dict[str, Any]]:
        asked, background = runs[run]
        return sweep([a for a in asked if a.split == split], SHARES, background.floor)

    share = choose(pooled([shares(run, "tune") for run in runs]))
    print(f"\nshare above the background chosen on the tuning splits, pooled: {share}")
    report: dict[str, Any] = {"share": share, "runs": {}}
    for run, (asked, background) in runs.items():
        others = [r for r in runs if r != run]
        share_without = choose(pooled([shares(r, "tune") for r in others])) if others else share
        rep = [a for a in asked if a.split == "report"]
        tune = [a for a in asked if a.split == "tune"]
        table = OLD_TABLE.get(run.split(":")[1])
        rows = {
            "fallback (before, any model)": counts(rep, FALLBACK_SIMILARITY_FLOOR),
            "per-model table (before)": counts(rep, table) if table is not None else None,
            f"background + {share}": counts(rep, background.floor(share)),
            f"background + {share_without} (chosen without this model's run)": counts(
                rep, background.floor(share_without)
            ),
        }
        print(f"\n{run}, reporting split (tuning split at the share: ", end="")
        print(_row("", counts(tune, background.floor(share))).strip("| ") + ")")
        print(
            "| rule | floor | unanswerable refused | answerable refused "
            "| answer retrieved, refused |"
        )
        print("|---|---|---|---|---|")
        for label, r in rows.items():
            if r is not None:
                print(_row(label, r))
        for group in ("answerable", "unanswerable"):
            scores = sorted(
                a.best for a in asked if a.answerable == (group == "answerable") and a.best
            )
            if scores:
                low, mid, high = scores[0], scores[len(scores) // 2], scores[-1]
                print(f"{group}: best cosine min {low:.3f} median {mid:.3f} max {high:.3f}")
        report["runs"][run] = {
            "background": background.similarity,
            "passages": background.passages,
            "share_without_this_run": share_without,
            "report": rows,
            "report_sweep": shares(run, "report"),
            "tune_sweep": shares(run, "tune"),
            "absolute_sweep": sweep(rep, FLOORS, float),
            "questions": [a.__dict__ for a in asked],
        }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
