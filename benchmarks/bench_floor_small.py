"""The floor under the answers on a new user's small index, measured with real embedding models.

Usage (after the retrieval benchmark's setup, see docs/benchmarks-retrieval.md):
    python benchmarks/make_retrieval_corpus.py /tmp/rc
    python benchmarks/bench_floor_small.py /tmp/rc --large [--home DIR] --json large.json
    python benchmarks/bench_floor_small.py /tmp/rc --json small.json [--runs en:minilm,ko:e5,en:e5]
        [--sizes 1,3,10] [--draws 6] [--translations]
    python benchmarks/bench_floor_small.py /tmp/rc --json small.json --report large.json

Each draw indexes a few files of a corpus (chosen at random among the files a retrieval question
names) with the real model behind the NIM simulator, then asks, through the chat's own retrieval
(``EngineRetriever``) as ``trove ask`` does:
- on-topic: the retrieval questions whose answer file is among the drawn files;
- off-topic: ``offtopic_questions.json`` (everyday questions, English and Korean);
- near: the corpus's other questions (their answer is in a file not drawn) and its unanswerable
  ones, on the same subjects as the drawn files or near them.
Per index it records both backgrounds of ``background.py`` whatever the index's size (the probes'
median best match among its own passages, and among the reference passages in its languages,
unlifted), and per question the best passage's cosine, so any floor rule is scored afterwards
(``--report``): off-topic and near refused, on-topic wrongly refused. ``--large`` does the same on
the whole corpora (``bench_floor.py``'s indexes when ``--home`` is its) and gives the lift that
brings the references' background to the space's own (``REFERENCE_LIFT``: the runs' median).
``--translations``: search also translates each question (``search.translate_to`` = en, ko), the
simulator's chat model answering with the reference translations. Draws are seeded: the same
question set and arguments draw the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_floor import UNANSWERABLE, indexed_engine  # noqa: E402
from benchmarks.bench_retrieval import (  # noqa: E402
    TRANSLATIONS,
    load_questions,
    load_translations,
)
from desktop_app.core.chat import background as bg  # noqa: E402
from desktop_app.core.chat.floor import FALLBACK_SIMILARITY_FLOOR, judge  # noqa: E402
from desktop_app.core.chat.retrieve import ChatScope, EngineRetriever  # noqa: E402
from desktop_app.core.engine import Engine  # noqa: E402
from tests.nimsim.real_models import VectorCache  # noqa: E402

OFFTOPIC = Path(__file__).resolve().parent / "offtopic_questions.json"


def _backgrounds(engine: Engine) -> dict[str, Any]:
    """The space's backgrounds by both rules, whatever its size: the probes' median best match
    among its own passages, and among the reference passages in its languages (raw: unlifted)."""
    space = engine.catalog.spaces.active()
    assert space is not None
    passages = engine.store.count(space.name)
    embedder = engine.nim.query_embedder(space)
    probes = embedder.embed_queries(bg.PROBE_QUESTIONS)
    hits = [h[0] for h in (engine.store.query(space.name, v, 1) for v in probes) if h]
    texts = [
        r.text for r in engine.catalog.chunks.by_id(sorted({int(h.id) for h in hits})).values()
    ]
    lift = bg.REFERENCE_LIFT
    refs = bg.reference_background(
        probes, lambda t: embedder.embed_passages(t).vectors, texts, passages
    )
    assert refs is not None
    return {
        "passages": passages,
        "own": statistics.median(h.similarity for h in hits),
        "references_raw": (refs.similarity - lift) / (1 - lift),
        "korean_references": sum(r in bg.REFERENCE_PASSAGES["ko"] for r in bg.reference_mix(texts)),
    }


def translation_table() -> dict[str, str]:
    """Question -> its reference translation: the retrieval benchmark's, and each off-topic
    question's counterpart in the other language (off-en-NN, off-ko-NN)."""
    table = load_translations(TRANSLATIONS, load_questions())
    off = {q["id"]: q["question"] for q in json.loads(OFFTOPIC.read_text("utf-8"))["questions"]}
    for qid, text in off.items():
        other = qid.replace("-en-", "-ko-") if "-en-" in qid else qid.replace("-ko-", "-en-")
        table[text] = off[other]
    return table


def ask_small(
    corpus: Path,
    files: Sequence[str],
    model: str,
    cache: VectorCache,
    translations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Index ``files`` of ``corpus`` alone, measure its backgrounds, ask every question."""
    with tempfile.TemporaryDirectory(prefix="trove-floor-small-") as tmp:
        root = Path(tmp) / corpus.name
        for f in files:
            (root / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(corpus / f, root / f)
        with indexed_engine(root, model, cache, translations=translations) as (engine, _):
            return dict(ask_every_kind(engine, root, set(files)), files=list(files))


def ask_every_kind(engine: Engine, root: Path, chosen: set[str]) -> dict[str, Any]:
    """The index's backgrounds; every question (on-topic: its answer file is in ``chosen``) with
    its best passage's cosine and each passage's (cosine, words match, from the answer file)."""
    name = root.name
    answerable = [q for q in load_questions() if q.corpus == name]
    unanswerable = [
        q for q in json.loads(UNANSWERABLE.read_text("utf-8"))["questions"] if q["corpus"] == name
    ]
    offtopic = json.loads(OFFTOPIC.read_text("utf-8"))["questions"]
    retrieve = EngineRetriever(engine, min_similarity=-1.0)  # every passage, scored
    matching = EngineRetriever(engine, min_similarity=2.0)  # relevant: the words match
    prefix = str(root.resolve()) + "/"
    out: dict[str, Any] = {**_backgrounds(engine), "questions": []}

    def ask(qid: str, kind: str, split: str, question: str, answer: set[str]) -> None:
        passages = retrieve(question, ChatScope())
        matched = {p.chunk_id for p in matching(question, ChatScope()) if p.relevant}
        verdict = judge([(p.score, p.scored_by) for p in passages], None, 0.0)
        out["questions"].append(
            {
                "id": qid,
                "kind": kind,
                "split": split,
                "best": verdict.best if verdict else None,
                "found": any(p.path.removeprefix(prefix) in answer for p in passages[:8]),
                "passages": [
                    (
                        round(p.score, 4),
                        p.chunk_id in matched,
                        p.path.removeprefix(prefix) in answer,
                    )
                    for p in passages
                    if p.score is not None
                ],
            }
        )

    for q in answerable:
        on = bool(chosen & set(q.files))
        ask(q.id, "on" if on else "near", q.split, q.question, set(q.files) if on else set())
    for u in unanswerable:
        ask(u["id"], "near", u["split"], u["question"], set())
    for o in offtopic:
        ask(o["id"], "off", o["split"], o["question"], set())
    return out


def large(
    corpus: Path, runs: Sequence[str], cache: VectorCache, home: Path | None, out: Path
) -> int:
    """Both backgrounds of each whole corpus, and the lift that brings the references' to the
    passages' (per run, and one for all: the median)."""
    report: dict[str, Any] = {}
    for run in runs:
        name, model = run.split(":")
        where = home / f"{name}-{model}" if home else None
        with indexed_engine(corpus / name, model, cache, where) as (engine, _):
            files = {str(p.relative_to(corpus / name)) for p in (corpus / name).rglob("*")}
            r = ask_every_kind(engine, corpus / name, files)
        r["lift"] = (r["own"] - r["references_raw"]) / (1 - r["references_raw"])
        report[run] = r
        print(
            f"{run}: {r['passages']} passages, own {r['own']:.3f}, references "
            f"{r['references_raw']:.3f} ({r['korean_references']} Korean), lift {r['lift']:.3f}",
            flush=True,
        )
    lifts = [r["lift"] for r in report.values()]
    print(f"lift, median of the runs: {statistics.median(lifts):.3f}")
    out.write_text(json.dumps(report, indent=1))
    return 0


SHARE = bg.DEFAULT_FLOOR_ABOVE_BACKGROUND


def _lifted(raw: float, lift: float) -> float:
    return raw + lift * (1 - raw)


def rules(lift: float) -> dict[str, Callable[[dict[str, Any]], float]]:
    """Floor rules by name: each an index's floor from its backgrounds."""

    def above(background: float) -> float:
        return background + SHARE * (1 - background)

    def small(r: dict[str, Any]) -> bool:
        return bool(r["passages"] < bg.MIN_PASSAGES)

    return {
        "before: 0.1 below 30 passages, else its own": lambda r: (
            FALLBACK_SIMILARITY_FLOOR if small(r) else above(r["own"])
        ),
        "**references below 30 passages, else its own (Trove)**": lambda r: (
            above(_lifted(r["references_raw"], lift)) if small(r) else above(r["own"])
        ),
        "its own passages at any size": lambda r: above(r["own"]),
        "references at any size": lambda r: above(_lifted(r["references_raw"], lift)),
    }


def score(indexes: Sequence[dict[str, Any]], floor_of: Callable[[dict[str, Any]], float]) -> str:
    """Refused under the rule: off-topic, near, on-topic (of them, asked in the other language
    than the answer's: ids x...), on-topic whose answer was retrieved."""
    n: dict[str, list[int]] = {k: [0, 0] for k in ("off", "near", "on", "found", "cross")}
    for r in indexes:
        floor = floor_of(r)
        for q in r["questions"]:
            refused = q["best"] is None or q["best"] < floor
            kinds = [q["kind"]]
            if q["kind"] == "on":
                kinds += (["found"] if q["found"] else []) + (
                    ["cross"] if q["id"][0] == "x" else []
                )
            for kind in kinds:
                n[kind][0] += refused
                n[kind][1] += 1
    on = f"{n['on'][0]}/{n['on'][1]}" + (
        f" ({n['cross'][0]} cross-language)" if n["cross"][0] else ""
    )
    return " | ".join(
        [
            f"{n['off'][0]}/{n['off'][1]}",
            f"{n['near'][0]}/{n['near'][1]}",
            on,
            f"{n['found'][0]}/{n['found'][1]}",
        ]
    )


def relevance(indexes: Sequence[dict[str, Any]], lift: float) -> list[str]:
    """For the on-topic questions the floor answers (Trove's rule): the passages that count as
    relevant (words match, or cosine at the threshold) among the first eight, at 0.1, at the
    space's background and at its floor: how many, how many of the answer's file, and the share
    of questions keeping a passage of the answer's file."""
    trove = rules(lift)["**references below 30 passages, else its own (Trove)**"]
    lines = []
    for label in ("0.1 (before)", "background", "floor (Trove)"):
        kept = answer = with_answer = asked = 0
        for r in indexes:
            floor = trove(r)
            background = (floor - SHARE) / (1 - SHARE)
            t = {"0.1 (before)": 0.1, "background": background, "floor (Trove)": floor}[label]
            for q in r["questions"]:
                if q["kind"] != "on" or q["best"] is None or q["best"] < floor:
                    continue
                relevant = [p for p in q["passages"] if p[1] or p[0] >= t][:8]
                asked += 1
                kept += len(relevant)
                answer += sum(p[2] for p in relevant)
                with_answer += any(p[2] for p in relevant)
        lines.append(
            f"| {label} | {kept / max(1, asked):.1f} | {answer / max(1, kept):.2f} "
            f"| {with_answer}/{asked} |"
        )
    return lines


def print_report(small: dict[str, Any], large_runs: dict[str, Any], lift: float) -> None:
    """Each rule's refusals per run and index size, then the retriever's relevance thresholds."""
    runs = sorted(
        {k.split("/")[0] for k in small},
        key=lambda r: (
            ["en:minilm", "ko:e5", "en:e5"].index(r) if r in ("en:minilm", "ko:e5", "en:e5") else 9
        ),
    )
    print(f"lift {lift}; refused: off-topic | near | on-topic | on-topic, answer retrieved")
    for run in runs:
        sizes = sorted({int(k.split("/")[1]) for k in small if k.startswith(run + "/")})
        groups: list[tuple[str, list[dict[str, Any]]]] = []
        for size in sizes:
            group = [v for k, v in small.items() if k.startswith(f"{run}/{size}/")]
            passages = sorted(r["passages"] for r in group)
            groups.append((f"{size} files ({passages[0]}-{passages[-1]} passages)", group))
        every = [v for k, v in small.items() if k.startswith(run + "/")]
        groups.append(("under 30 passages", [r for r in every if r["passages"] < 30]))
        if run in large_runs and "questions" in large_runs[run]:
            groups.append((f"whole corpus ({large_runs[run]['passages']})", [large_runs[run]]))
        print(f"\n{run}")
        print("| index | rule | off-topic | near | on-topic | answer retrieved |")
        print("|---|---|---|---|---|---|")
        for label, group in groups:
            if not group:
                continue
            for rule, floor_of in rules(lift).items():
                print(f"| {label} | {rule} | {score(group, floor_of)} |")
        print("\n| relevance threshold | relevant of first 8 | of the answer's file | keeps one |")
        print("|---|---|---|---|")
        print("\n".join(relevance(every + ([large_runs[run]] if run in large_runs else []), lift)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path, help="OUT_DIR of make_retrieval_corpus.py")
    parser.add_argument("--runs", default="en:minilm,ko:e5,en:e5")
    parser.add_argument("--sizes", default="1,3,10", help="files per index")
    parser.add_argument("--draws", type=int, default=6, help="indexes per size")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "trove-retrieval-vectors.sqlite"
    )
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument(
        "--large", action="store_true", help="the whole corpora instead (fits REFERENCE_LIFT)"
    )
    parser.add_argument("--home", type=Path, help="with --large: bench_floor.py's --home")
    parser.add_argument(
        "--report", type=Path, help="score the rules on --json (small) and this file (--large)"
    )
    parser.add_argument(
        "--translations",
        action="store_true",
        help="search translates each question to en and ko (reference translations)",
    )
    args = parser.parse_args(argv)
    if args.report:
        large_runs = json.loads(args.report.read_text())
        lift = statistics.median(r["lift"] for r in large_runs.values())
        print_report(json.loads(args.json.read_text()), large_runs, round(lift, 2))
        return 0
    cache = VectorCache(args.cache)
    translations = translation_table() if args.translations else None
    if args.large:
        return large(args.corpus, args.runs.split(","), cache, args.home, args.json)
    report: dict[str, Any] = json.loads(args.json.read_text()) if args.json.exists() else {}
    for run in args.runs.split(","):
        name, model = run.split(":")
        named = sorted({f for q in load_questions() if q.corpus == name for f in q.files})
        rng = random.Random(f"{run}-floor-small")
        for size in map(int, args.sizes.split(",")):
            for draw in range(args.draws):
                key = f"{run}/{size}/{draw}"
                files = rng.sample(named, size)
                if key in report:
                    continue
                report[key] = ask_small(args.corpus / name, files, model, cache, translations)
                r = report[key]
                print(
                    f"{key}: {r['passages']} passages, own {r['own']:.3f}, references "
                    f"{r['references_raw']:.3f} ({r['korean_references']} Korean)",
                    flush=True,
                )
                args.json.write_text(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
