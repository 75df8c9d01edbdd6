"""Character error rate and speed of the local OCR engines on generated scans.

Usage: OMP_THREAD_LIMIT=1 python benchmarks/bench_ocr.py [--pages N] [--engine E] [--out r.json]
       python benchmarks/bench_ocr.py --retrieval [--engine E] [--model e5] [--pages N] [--out r]
       python benchmarks/bench_ocr.py --flags [--pages N]
       python benchmarks/bench_ocr.py --tables --pages 40

Pages are made from real text: English from the Apache licence in /usr/share/common-licenses,
Korean from tests/data/korean_sample.txt (a weather and news report). Each page is typeset with
Pillow (DejaVu Sans / Noto Sans CJK, 11 pt, A5), saved as a one-page image PDF, rendered back by
pypdfium2 at 150 and 300 dpi (what Trove does with a scanned PDF), rotated by up to 1.5 degrees
and speckled with noise, like a photocopy fed to a scanner. Each engine reads each page through
Trove's own engine classes (``core/ocr/engines.py``), so reading order and word joining are
Trove's.

CER = Levenshtein distance / reference length, on whitespace-normalized text ("cer"), and with
all whitespace removed ("cer_nospace": RapidOCR's Chinese-first models drop the spaces between
Latin words, which ruins keyword search but not the characters). Pages/s is wall time over the
pages, one thread (OMP_THREAD_LIMIT=1 for Tesseract, one ONNX Runtime thread for RapidOCR).
Results: docs/benchmarks-ocr.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.core.ocr.engines import (  # noqa: E402
    RapidOcrEngine,
    TesseractEngine,
    rapidocr_available,
    tesseract_languages,
)
from desktop_app.core.ocr.images import pdf_pages  # noqa: E402

FONTS = {
    "en": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "ko": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
}
SOURCES = {
    "en": Path("/usr/share/common-licenses/Apache-2.0"),
    "ko": ROOT / "tests" / "data" / "korean_sample.txt",
}
A5_PT = (420, 595)  # points
MARGIN_PT = 40
FONT_PT = 11
LINE_PT = 16


def paragraphs(lang: str) -> list[str]:
    text = SOURCES[lang].read_text("utf-8")
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if len(p) > 80]


def wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, width: float) -> list[str]:
    """Greedy line breaking; Korean breaks at spaces too (it has them)."""
    lines, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def typeset(lang: str, paras: list[str], dpi: int = 300) -> tuple[Image.Image, str]:
    """One A5 page of ``paras`` (as many as fit) and the exact text on it."""
    scale = dpi / 72
    size = (round(A5_PT[0] * scale), round(A5_PT[1] * scale))
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONTS[lang], round(FONT_PT * scale))
    x, y = MARGIN_PT * scale, MARGIN_PT * scale
    bottom = size[1] - MARGIN_PT * scale
    written: list[str] = []
    while paras:
        lines = wrap(draw, paras[0], font, size[0] - 2 * MARGIN_PT * scale)
        if y + len(lines) * LINE_PT * scale > bottom:
            break
        paras.pop(0)
        for line in lines:
            draw.text((x, y), line, fill=0, font=font)
            written.append(line)
            y += LINE_PT * scale
        y += LINE_PT * scale / 2
    return image, "\n".join(written)


def as_scanned_pdf(page: Image.Image, path: Path) -> None:
    page.save(path, "PDF", resolution=300)


def degrade(image: Image.Image, rng: random.Random) -> Image.Image:
    """Rotate a little, blur a touch, speckle: a photocopy through a sheet-fed scanner."""
    angle = rng.uniform(-1.5, 1.5)
    out = image.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(0.6))
    pixels = out.load()
    assert pixels is not None
    w, h = out.size
    for _ in range(w * h // 200):
        px, py = rng.randrange(w), rng.randrange(h)
        pixels[px, py] = rng.choice((0, 80, 200, 255))
    return out.convert("RGB")


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(reference: str, found: str, spaces: bool) -> float:
    norm = (
        (lambda s: re.sub(r"\s+", " ", s).strip()) if spaces else (lambda s: re.sub(r"\s", "", s))
    )
    ref, hyp = norm(reference), norm(found)
    return levenshtein(ref, hyp) / max(1, len(ref))


def word_recall(reference: str, found: str) -> float:
    """The share of the reference's words (as keyword search tokenizes: runs of letters and
    digits, case folded) that are among the words read: what a search for them can find."""
    words = re.findall(r"\w+", reference.lower())
    have = set(re.findall(r"\w+", found.lower()))
    return sum(w in have for w in words) / max(1, len(words))


def engines(lang: str, only: set[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if rapidocr_available() and (only is None or "rapidocr" in only):
        out["RapidOCR"] = RapidOcrEngine()
    need = "eng" if lang == "en" else "kor"
    if need in tesseract_languages() and (only is None or "tesseract" in only):
        out[f"Tesseract ({need})"] = TesseractEngine([need])
    return out


def _queries(truth: str, rng: random.Random, count: int) -> list[str]:
    """Two-word phrases from the page: what a user who half-remembers it would type."""
    words = [w.strip(".,;:()\"'") for w in truth.split()]
    words = [w for w in words if len(w) >= 4 and not w.isdigit()]
    picks = []
    for _ in range(count):
        i = rng.randrange(len(words) - 1)
        picks.append(f"{words[i]} {words[i + 1]}")
    return picks


def _recollections(truth: str, rng: random.Random, count: int) -> list[str]:
    """A sentence's gist as someone recalls it: 10 words of it in order, a third of them left
    out (no exact phrase of more than two words survives, so keyword search has less to hold)."""
    words = truth.split()
    picks = []
    for _ in range(count):
        i = rng.randrange(max(1, len(words) - 10))
        window = words[i : i + 10]
        kept = [w.strip(".,;:()\"'") for n, w in enumerate(window) if n % 3 != 1]
        picks.append(" ".join(w for w in kept if w))
    return picks


def _rank_metrics(found: list[str], wanted: str) -> tuple[int, int, float]:
    """hit@1, hit@5, reciprocal rank within 10 (file level)."""
    rank = found.index(wanted) + 1 if wanted in found else None
    return int(rank == 1), int(rank is not None and rank <= 5), 1 / rank if rank else 0.0


def _make_corpora(root: Path, pages_per_lang: int, rng: random.Random) -> dict[str, str]:
    """``root/scans`` (150 dpi renders, degraded, as image-only PDFs) and ``root/text`` (the
    same pages' true text as .txt), one file per page; the true text of each page by stem."""
    truths: dict[str, str] = {}
    (root / "scans").mkdir()
    (root / "text").mkdir()
    for lang in ("en", "ko"):
        paras = paragraphs(lang)
        for n in range(pages_per_lang):
            image, truth = typeset(lang, paras, dpi=150)
            if not truth:
                break  # the source text ran out
            stem = f"{lang}-{n}"
            degrade(image, rng).save(root / "scans" / f"{stem}.pdf", "PDF", resolution=150)
            (root / "text" / f"{stem}.txt").write_text(truth + "\n", encoding="utf-8")
            truths[stem] = truth
    return truths


def retrieval(
    pages_per_lang: int, model_key: str | None = None, engine_name: str = "tesseract"
) -> list[dict[str, Any]]:
    """Scans indexed by Trove with a local engine (``engine_name``: Tesseract eng+kor, or
    RapidOCR), then searched: by keyword always; with ``model_key`` ("e5": multilingual-e5-small
    behind the NIM simulator) also semantic and hybrid, and the same pages' true text indexed
    alike as the ceiling.

    Two query kinds per page: two-word phrases taken from it (5), and recollections of a
    sentence (3, ``_recollections``). hit@1, hit@5 and MRR@10 at file level."""
    import contextlib

    from desktop_app.core.engine import Engine
    from desktop_app.core.paths import resolve_dirs
    from desktop_app.core.settings import Settings

    rng = random.Random(18)
    out = []
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        truths = _make_corpora(Path(tmp), pages_per_lang, rng)
        queries = {
            stem: {"phrase": _queries(t, rng, 5), "recollection": _recollections(t, rng, 3)}
            for stem, t in truths.items()
        }
        values: dict[str, Any] = {
            "index.workers": 1,
            "ocr.engine": engine_name,
            "ocr.languages": ["eng", "kor"],
            "ocr.dpi": 200,
        }
        modes = ["keyword"]
        corpora = ["scans"]
        if model_key:
            from tests.nimsim import NimSimulator
            from tests.nimsim.real_models import load_model

            backend = load_model(model_key)
            sim = stack.enter_context(NimSimulator(embed_model=backend.name, embed_backend=backend))
            values |= {
                "embedding.base_url": sim.base_url,
                "embedding.model": backend.name,
                "embedding.max_in_flight": 1,  # the model uses the cores
            }
            modes += ["semantic", "hybrid"]
            corpora.append("text")
        for corpus in corpora:
            engine = Engine(resolve_dirs(Path(tmp) / f"home-{corpus}"), Settings(dict(values)))
            try:
                engine.add_folder(str(Path(tmp) / corpus))
                start = time.perf_counter()
                summary = engine.index(vectors=model_key is not None)
                took = time.perf_counter() - start
                for lang in ("en", "ko"):
                    for kind in ("phrase", "recollection"):
                        for mode in modes:
                            scores = [
                                _rank_metrics(
                                    [
                                        Path(r.path).stem
                                        for r in engine.search(query, mode=mode, limit=10).results
                                    ],
                                    stem,
                                )
                                for stem in truths
                                if stem.startswith(lang)
                                for query in queries[stem][kind]
                            ]
                            total = len(scores)
                            row = {
                                "corpus": corpus,
                                "lang": lang,
                                "queries": kind,
                                "mode": mode,
                                "n": total,
                                "hit@1": round(sum(s[0] for s in scores) / total, 3),
                                "hit@5": round(sum(s[1] for s in scores) / total, 3),
                                "mrr@10": round(sum(s[2] for s in scores) / total, 3),
                                "index_s": round(took, 1),
                                "ocr_pages": summary["ocr"]["pages"],
                                "ocr_engine": engine_name,
                            }
                            out.append(row)
                            print(json.dumps(row, ensure_ascii=False), flush=True)
            finally:
                engine.close()
    return out


def language_flags(pages_per_lang: int) -> list[dict[str, Any]]:
    """What each Tesseract language set and RapidOCR make of English and Korean scans: the
    share of the recognised tokens that read as no word (``garbled_share``), and the mean
    confidence: the two signals of a scan in a script the engine does not read."""
    from desktop_app.core.ocr.languages import garbled_share

    rng = random.Random(7)
    readers: dict[str, Any] = {}
    have = tesseract_languages()
    for langs in (["eng"], ["kor"], ["eng", "kor"]):
        if set(langs) <= have:
            readers[f"Tesseract ({'+'.join(langs)})"] = TesseractEngine(langs)
    if rapidocr_available():
        readers["RapidOCR"] = RapidOcrEngine()
    out = []
    for lang in ("en", "ko"):
        paras = paragraphs(lang)
        for n in range(pages_per_lang):
            image, truth = typeset(lang, paras, dpi=150)
            if not truth:
                break
            scan = degrade(image, rng)
            for name, reader in readers.items():
                (answer,) = reader.read([scan])
                text = answer.text if not isinstance(answer, Exception) else ""
                garbled = garbled_share(text)
                row = {
                    "lang": lang,
                    "page": n,
                    "engine": name,
                    "garbled": None if garbled is None else round(garbled, 3),
                    "confidence": getattr(answer, "confidence", None),
                    "chars": len(text),
                }
                out.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
    return out


def table_pass(pages: int) -> dict[str, Any]:
    """The PDF table pass against the NIM simulator on a generated PDF of ``pages`` pages (a
    ruled 12-row table on every fourth): what Trove itself spends per page (rendering, encoding,
    sending, filling the cells, reading the PDF again) beside the cheap pass, and whether every
    table came out as Markdown with its header. The simulator answers in about a millisecond; a
    real NIM's time per page comes on top."""
    from desktop_app.core.ingest.formats.pdf import extract_pdf
    from desktop_app.core.ingest.pdf_tables import close_clients, read_pdf_tables
    from desktop_app.core.nim.endpoints import Endpoint
    from desktop_app.core.ocr.engines import OcrJob
    from tests.nimsim import NimSimulator
    from tests.unit.ingest_samples import make_pages_pdf

    prose = [f"Line {n} of the quarterly report, with nothing tabular on it." for n in range(30)]
    layout = []
    for n in range(pages):
        if n % 4 == 0:
            rows = [["Vendor", "Month", "Paid"]]
            rows += [[f"Vendor{n}x{r}", "March", f"{1000 + r}"] for r in range(12)]
            layout.append((prose[:8], rows, prose[:6]))
        else:
            layout.append((prose, None, []))
    with tempfile.TemporaryDirectory() as tmp, NimSimulator() as sim:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(make_pages_pdf(layout))
        job = OcrJob(
            tables=(
                Endpoint("tables", sim.base_url, "nvidia/nemotron-page-elements-v3"),
                Endpoint("tables", sim.base_url, "nvidia/nemotron-table-structure-v1"),
            )
        )
        start = time.perf_counter()
        cheap = extract_pdf(path)
        cheap_s = time.perf_counter() - start
        start = time.perf_counter()
        read = read_pdf_tables(path, cheap, job)
        tables_s = time.perf_counter() - start
        close_clients()
        found = read.text.count("| Vendor | Month | Paid |\n| --- | --- | --- |")
    row = {
        "pages": pages,
        "tables": (pages + 3) // 4,
        "tables_read": found,
        "cheap_ms_per_page": round(1000 * cheap_s / pages, 2),
        "table_pass_ms_per_page": round(1000 * tables_s / pages, 1),
        "requests": {k: sim.counters[k] for k in ("page-elements", "table-structure")},
    }
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2, help="pages per language")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--retrieval", action="store_true", help="index the scans with Trove and search them"
    )
    parser.add_argument(
        "--model",
        choices=("e5", "minilm"),
        help="with --retrieval: also semantic and hybrid search through this real embedding "
        "model behind the NIM simulator, and the true text indexed alike as the ceiling",
    )
    parser.add_argument(
        "--engine",
        choices=("rapidocr", "tesseract"),
        help="only this engine (CER runs); with --retrieval the engine that reads the scans "
        "(default tesseract)",
    )
    parser.add_argument(
        "--flags", action="store_true", help="noise share and confidence per engine and language"
    )
    parser.add_argument(
        "--tables", action="store_true", help="the PDF table pass's own cost, per page"
    )
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if args.tables:
        table_pass(max(args.pages, 8))
        return
    if args.flags:
        language_flags(args.pages)
        return
    if args.retrieval:
        rows = retrieval(args.pages, args.model, args.engine or "tesseract")
        if args.out:
            meta = {"python": platform.python_version(), "machine": platform.machine()}
            args.out.write_text(json.dumps({"meta": meta, "retrieval": rows}, indent=1) + "\n")
        return
    rng = random.Random(16)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "ko"):
            paras = paragraphs(lang)
            pages = []
            for n in range(args.pages):
                image, truth = typeset(lang, paras)
                pdf = Path(tmp) / f"{lang}{n}.pdf"
                as_scanned_pdf(image, pdf)
                pages.append((pdf, truth))
            only = {args.engine} if args.engine else None
            for name, engine in engines(lang, only).items():
                for dpi in (150, 300):
                    scores, spaceless, recalls, took = [], [], [], 0.0
                    for pdf, truth in pages:
                        (_, rendered), *_ = pdf_pages(pdf, [1], dpi)
                        scan = degrade(rendered, rng)
                        start = time.perf_counter()
                        (answer,) = engine.read([scan])
                        took += time.perf_counter() - start
                        text = answer.text if not isinstance(answer, Exception) else ""
                        scores.append(cer(truth, text, spaces=True))
                        spaceless.append(cer(truth, text, spaces=False))
                        recalls.append(word_recall(truth, text))
                    row = {
                        "lang": lang,
                        "engine": name,
                        "dpi": dpi,
                        "pages": len(pages),
                        "cer": round(sum(scores) / len(scores), 4),
                        "cer_nospace": round(sum(spaceless) / len(spaceless), 4),
                        "words_found": round(sum(recalls) / len(recalls), 4),
                        "pages_per_s": round(len(pages) / took, 3),
                    }
                    results.append(row)
                    print(json.dumps(row, ensure_ascii=False), flush=True)
    meta = {"python": platform.python_version(), "machine": platform.machine()}
    if args.out:
        args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    buffer = io.StringIO()
    buffer.write(
        "| lang | engine | dpi | CER | CER (no spaces) | words found | pages/s |\n"
        "|---|---|---|---|---|---|---|\n"
    )
    for r in results:
        buffer.write(
            f"| {r['lang']} | {r['engine']} | {r['dpi']} | {r['cer']:.1%} | "
            f"{r['cer_nospace']:.1%} | {r['words_found']:.1%} | {r['pages_per_s']:.2f} |\n"
        )
    print(buffer.getvalue())


if __name__ == "__main__":
    main()
