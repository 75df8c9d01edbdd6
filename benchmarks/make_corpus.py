"""Build a benchmark corpus of real documentation: HTML, PDF, text and Markdown from /usr/share/doc,
plus DOCX and PPTX files generated from that same real text.

Usage: python benchmarks/make_corpus.py OUT_DIR [--source /usr/share/doc] [--max-files 4000]
       [--max-mb 300] [--docx 200] [--pptx 100]

Install the source manuals first (Debian/Ubuntu):
    apt-get install -y debian-reference-en debian-handbook python3-doc
Files are copied (not linked) so mtimes and sizes are stable between runs. Prints a table of
files and MB per kind. Deterministic: the same source tree gives the same corpus.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".txt": "text", ".md": "markdown"}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def paragraphs_of(path: Path) -> list[str]:
    """Rough paragraphs of a text or HTML file (only used as filler for DOCX/PPTX)."""
    raw = path.read_text("utf-8", errors="replace")
    if path.suffix in (".html", ".htm"):
        raw = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
        raw = re.sub(r"(?i)</(p|div|li|h[1-6]|pre|tr)>", "\n\n", raw)
        raw = _TAG.sub(" ", raw)
    out = []
    for block in re.split(r"\n\s*\n", raw):
        text = _SPACE.sub(" ", block).strip()
        if 80 <= len(text) <= 2000:
            out.append(text)
    return out


def copy_sources(source: Path, out: Path, max_files: int, max_bytes: int) -> list[Path]:
    """Copy matching files in sorted order until a cap is reached; return the copies."""
    copied: list[Path] = []
    total = 0
    for path in sorted(source.rglob("*")):
        if path.suffix.lower() not in KINDS or not path.is_file() or path.is_symlink():
            continue
        size = path.stat().st_size
        if size == 0 or total + size > max_bytes:
            continue
        dest = out / "doc" / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        copied.append(dest)
        total += size
        if len(copied) >= max_files:
            break
    return copied


def make_office(texts: list[Path], out: Path, n_docx: int, n_pptx: int) -> None:
    """DOCX (headings + 30-60 paragraphs) and PPTX (10 slides) from the copied real text."""
    import docx
    import pptx
    from pptx.util import Inches

    pool: list[str] = []
    for path in texts:
        pool.extend(paragraphs_of(path))
        if len(pool) > 40_000:
            break
    if not pool:
        raise SystemExit("no paragraphs found to build DOCX/PPTX from")
    (out / "office").mkdir(parents=True, exist_ok=True)
    cursor = 0

    def take(n: int) -> list[str]:
        nonlocal cursor
        picked = [pool[(cursor + k) % len(pool)] for k in range(n)]
        cursor += n
        return picked

    for i in range(n_docx):
        document = docx.Document()
        paras = take(30 + i % 31)
        for j, para in enumerate(paras):
            if j % 10 == 0:
                document.add_heading(para[:60], level=1 + (j // 10) % 2)
            document.add_paragraph(para)
        document.save(str(out / "office" / f"report-{i:04d}.docx"))
    for i in range(n_pptx):
        deck = pptx.Presentation()
        for para in take(10):
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = para[:50]
            slide.placeholders[1].text = para
            slide.notes_slide.notes_text_frame.text = para[:200]
        deck.slide_width = Inches(13.333)
        deck.save(str(out / "office" / f"deck-{i:04d}.pptx"))


def summarize(out: Path) -> None:
    """Print files and MB per extension."""
    files: Counter[str] = Counter()
    size: Counter[str] = Counter()
    for path in out.rglob("*"):
        if path.is_file():
            files[path.suffix.lower()] += 1
            size[path.suffix.lower()] += path.stat().st_size
    print(f"{'ext':<8}{'files':>8}{'MB':>10}")
    for ext in sorted(files, key=lambda e: -size[e]):
        print(f"{ext:<8}{files[ext]:>8}{size[ext] / 1e6:>10.1f}")
    print(f"{'total':<8}{sum(files.values()):>8}{sum(size.values()) / 1e6:>10.1f}")


def main(argv: list[str] | None = None) -> int:
    """Build the corpus and print its composition."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--source", type=Path, default=Path("/usr/share/doc"))
    ap.add_argument("--max-files", type=int, default=4000)
    ap.add_argument("--max-mb", type=float, default=300)
    ap.add_argument("--docx", type=int, default=200)
    ap.add_argument("--pptx", type=int, default=100)
    args = ap.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out} is not empty; remove it first", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    copied = copy_sources(args.source, args.out, args.max_files, int(args.max_mb * 1e6))
    texts = [p for p in copied if p.suffix in (".html", ".htm", ".txt", ".md")]
    make_office(texts, args.out, args.docx, args.pptx)
    summarize(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
