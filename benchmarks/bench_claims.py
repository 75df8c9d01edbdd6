"""The claim check measured on a labelled set: precision and recall of its marks.

Usage (after the retrieval benchmark's setup, see docs/benchmarks-retrieval.md):
    python benchmarks/bench_claims.py /tmp/rc [--home DIR] [--json out.json]

Each sentence of ``claims_labelled.json`` is scored against the real passage it was written on
(a chunk of the retrieval corpora, indexed by Trove with the corpus's real model), the way
``trove ask`` scores a cited sentence without a reranker (``EmbeddingScorer``: the sentence
embedded as a passage, the passage's stored vector, cosine). A sentence is flagged when its score
is below the threshold; the flag should fall on the unsupported and mixed sentences. Per model: a
sweep of thresholds with precision and recall of the flags, the threshold chosen (best F1) on
the tuning split (every third passage) and reported on the others.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_floor import indexed_engine  # noqa: E402
from benchmarks.bench_retrieval import CORPUS_MODEL, _norm  # noqa: E402
from desktop_app.core.chat.background import engine_background  # noqa: E402
from desktop_app.core.chat.claim_details import missing_details, opposite_clause  # noqa: E402
from desktop_app.core.chat.claim_scorers import EmbeddingScorer  # noqa: E402
from desktop_app.core.chat.claims import coverage  # noqa: E402
from desktop_app.core.chat.sources import Source  # noqa: E402
from tests.nimsim.real_models import VectorCache  # noqa: E402

LABELLED = Path(__file__).resolve().parent / "claims_labelled.json"
THRESHOLDS = sorted(
    {round(0.05 * i, 2) for i in range(21)} | {round(0.7 + 0.01 * i, 2) for i in range(26)}
)


def score_corpus(
    corpus: Path, model_key: str, cache: VectorCache, home: Path | None
) -> list[dict[str, Any]]:
    """Every labelled sentence of ``corpus`` with its score against its passage."""
    items = [
        i for i in json.loads(LABELLED.read_text("utf-8"))["items"] if i["corpus"] == corpus.name
    ]
    # A true sentence cited to the wrong passage (the next item's supported ones): the mistake a
    # model makes when it mixes up its source numbers.
    for n, item in enumerate(items):
        other = items[(n + 1) % len(items)]
        item["sentences"] = (
            item["sentences"]
            + [
                {"text": s["text"], "label": "wrong_passage"}
                for s in other["sentences"]
                if s["label"] == "supported"
            ][:1]
        )
    out: list[dict[str, Any]] = []
    with indexed_engine(corpus, model_key, cache, home) as (engine, _):
        space = engine.catalog.spaces.active()
        assert space is not None
        background = engine_background(engine)
        assert background is not None
        scorer = EmbeddingScorer(engine.nim.query_embedder(space), 0.0, engine.store, space.name)
        root = str(corpus.resolve()) + "/"
        for n, item in enumerate(items):
            wanted = _norm(item["passage"])
            row = engine.catalog.files.file(root + item["file"])
            assert row is not None, item["file"]
            file_id = row.id
            chunk = next(
                c for c in engine.catalog.chunks.of_file(file_id) if wanted in _norm(c.text)
            )
            source = Source(1, chunk.path, "", chunk.text, chunk.id)
            scores = scorer.score([(s["text"], [source]) for s in item["sentences"]])
            for s, score in zip(item["sentences"], scores, strict=True):
                split = "tune" if n % 3 == 2 else "report"
                out.append(
                    {
                        **s,
                        "score": score,
                        "coverage": coverage(s["text"], chunk.text),
                        "opposite": opposite_clause(s["text"], chunk.text),
                        "details": missing_details(s["text"], chunk.text + "\n" + chunk.path),
                        "background": background.similarity,
                        "split": split,
                        "file": item["file"],
                    }
                )
    return out


LABELS = ("supported", "unsupported", "mixed", "wrong_passage")
KINDS = ("negation", "number", "version", "name", "word")
# Before: the rule as shipped until the text checks (its cosine thresholds per model).
BEFORE_COSINE = {"minilm": 0.5, "e5": 0.83}
BEFORE_COVERAGE = 0.7
COVERAGES = [round(0.1 * i, 1) for i in range(11)]


def rates(
    rows: list[dict[str, Any]],
    threshold: float | Callable[[dict[str, Any]], float],
    min_coverage: float = 0.0,
    text_checks: bool = False,
) -> dict[str, Any]:
    """Flags (score below ``threshold``, coverage below ``min_coverage``, and with
    ``text_checks`` the opposite or a missing detail): precision and recall for 'not
    supported' (every label but supported), and what each label and kind got."""

    def flagged_row(r: dict[str, Any]) -> bool:
        t = threshold(r) if callable(threshold) else threshold
        if r["score"] < t or r["coverage"] < min_coverage:
            return True
        return text_checks and bool(r["opposite"] or r["details"])

    flagged = [r for r in rows if flagged_row(r)]
    bad = [r for r in rows if r["label"] != "supported"]
    hit = [r for r in flagged if r["label"] != "supported"]
    precision = len(hit) / len(flagged) if flagged else 1.0
    recall = len(hit) / len(bad) if bad else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    # F0.5: a false mark on a sentence its source does back costs the user's trust in every mark.
    f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
    per = {
        label: f"{sum(1 for r in flagged if r['label'] == label)}/"
        f"{sum(1 for r in rows if r['label'] == label)}"
        for label in LABELS
    }
    kinds = {}
    for kind in KINDS:
        for good in (False, True):
            of = [r for r in rows if r.get("kind") == kind and (r["label"] == "supported") == good]
            kinds[f"{kind} {'supported' if good else 'unsupported'}"] = (
                f"{sum(1 for r in of if flagged_row(r))}/{len(of)}"
            )
    return {
        "min_coverage": min_coverage,
        "text_checks": text_checks,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "f05": f05,
        "flagged": per,
        "kinds": kinds,
    }


def _line(rule: str, r: dict[str, Any]) -> str:
    f = r["flagged"]
    return (
        f"| {rule} | {r['precision']:.2f} | {r['recall']:.2f} | {f['supported']} / "
        f"{f['unsupported']} / {f['mixed']} / {f['wrong_passage']} |"
    )


def main(argv: list[str] | None = None) -> int:
    """Score every labelled sentence; choose the thresholds on the tuning split; report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--corpora", default="en,ko")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "trove-retrieval-vectors.sqlite"
    )
    parser.add_argument("--home", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    cache = VectorCache(args.cache)
    rows = {
        name: score_corpus(
            args.corpus / name, CORPUS_MODEL[name], cache, args.home / name if args.home else None
        )
        for name in args.corpora.split(",")
    }
    tune_all = [r for rs in rows.values() for r in rs if r["split"] == "tune"]
    # The cosine is a net for a passage on another subject, not a judge of details (see the
    # score medians): on the space's own scale, the highest share above its background that
    # marks no supported sentence of the tuning split, both models together.
    supported = [r for r in tune_all if r["label"] == "supported"]
    share = max(
        0.0,
        int(min((r["score"] - r["background"]) / (1 - r["background"]) for r in supported) * 100)
        / 100,
    )

    def cosine_floor(r: dict[str, Any]) -> float:
        return float(r["background"] + share * (1 - r["background"]))

    # The share of words is language-independent: chosen on both tuning splits together (best
    # F0.5), with every other check of the Trove rule on.
    best = max(
        (rates(tune_all, cosine_floor, c, True) for c in COVERAGES),
        key=lambda r: (r["f05"], r["precision"], -r["min_coverage"]),
    )
    min_coverage = best["min_coverage"]
    print(f"cosine: share above the background {share}; words {min_coverage} (tuning split)")
    report: dict[str, Any] = {"share": share, "min_coverage": min_coverage}
    for name, rs in rows.items():
        rep = [r for r in rs if r["split"] == "report"]
        model = CORPUS_MODEL[name]
        print(f"\n{name} ({model}): {len(rs)} sentences ({len(rep)} reported); "
              f"cosine threshold {cosine_floor(rs[0]):.3f}, words {min_coverage}")  # fmt: skip
        for label in LABELS:
            sc = sorted(r["score"] for r in rs if r["label"] == label)
            cv = sorted(r["coverage"] for r in rs if r["label"] == label)
            print(f"  {label}: cosine median {sc[len(sc) // 2]:.3f} ({sc[0]:.3f}-{sc[-1]:.3f}), "
                  f"words median {cv[len(cv) // 2]:.2f} ({cv[0]:.2f}-{cv[-1]:.2f})")  # fmt: skip
        print("| rule (reporting split) | precision | recall | marked: supported / unsupported / "
              "mixed / wrong passage |")  # fmt: skip
        print("|---|---|---|---|")
        rules = {
            "cosine only": rates(rep, cosine_floor),
            "words only": rates(rep, -1.0, min_coverage),
            "opposite + details only": rates(rep, -1.0, 0.0, True),
            "before: cosine (per-model table) + words 0.7": rates(
                rep, BEFORE_COSINE[model], BEFORE_COVERAGE
            ),
            "Trove now: cosine + words + opposite + details": rates(
                rep, cosine_floor, min_coverage, True
            ),
        }
        report[name] = {"model": model, "threshold": cosine_floor(rs[0]), "rows": rs}
        for rule, r in rules.items():
            print(_line(rule, r))
            report[name][rule] = r
        before = rules["before: cosine (per-model table) + words 0.7"]["kinds"]
        after = rules["Trove now: cosine + words + opposite + details"]["kinds"]
        print("  by kind, reporting split (marked before -> now): " + "; ".join(
            f"{k} {before[k]} -> {after[k]}" for k in after if not after[k].endswith("/0")
        ))  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
