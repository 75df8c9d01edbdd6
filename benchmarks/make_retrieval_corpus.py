"""Build the retrieval benchmark's two corpora from Debian documentation packages.

Usage: python benchmarks/make_retrieval_corpus.py OUT_DIR

Install the sources first (Debian bookworm; ~150 MB):
    apt-get install -y python3-doc postgresql-doc-15 r-doc-pdf debian-faq debian-faq-ko \
        debian-reference-en gimp-help-en gimp-help-ko

OUT_DIR/en  English, for all-MiniLM-L6-v2: Python library reference pages (Sphinx HTML),
            PostgreSQL 15 pages (DocBook HTML), two R manuals (PDF), the Debian FAQ (DocBook
            HTML), and DOCX/PPTX files generated from chapters of the Debian Reference.
OUT_DIR/ko  Korean and English, for multilingual-e5-small: the Korean Debian FAQ (HTML, three
            chapters as DOCX/PPTX instead), GIMP help pages that are translated into Korean, and
            English GIMP help pages on other topics (the answers a Korean question can only find
            in English).

Files are copied or generated in a fixed order, so the same packages give the same corpus. The
file lists are explicit: the question set (benchmarks/retrieval_questions.json) refers to them.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import re
import shutil
import sys
from pathlib import Path

PYTHON = Path("/usr/share/doc/python3.11/html/library")
POSTGRES = Path("/usr/share/doc/postgresql-doc-15/html")
R_MANUALS = Path("/usr/share/R/doc/manual")
DEBIAN_FAQ = Path("/usr/share/doc/debian/FAQ")
DEBIAN_REFERENCE = Path("/usr/share/doc/debian-reference-en/docs")
GIMP = Path("/usr/share/gimp/2.0/help")

PYTHON_PAGES = [
    "re",
    "difflib",
    "string",
    "json",
    "pathlib",
    "csv",
    "shutil",
    "tempfile",
    "hashlib",
    "random",
    "statistics",
    "zipfile",
    "glob",
    "fnmatch",
    "textwrap",
    "heapq",
    "bisect",
    "secrets",
    "uuid",
    "base64",
    "gzip",
    "timeit",
    "shlex",
    "calendar",
]
POSTGRES_PAGES = [
    "mvcc-intro",
    "ddl-default",
    "tutorial-transactions",
    "tutorial-join",
    "indexes-types",
    "backup-dump",
    "sql-explain",
    "sql-vacuum",
    "textsearch-intro",
    "ddl-constraints",
    "sql-createtrigger",
    "app-pgrestore",
    "sql-createindex",
    "sql-copy",
    "datatype-json",
    "using-explain",
    "routine-vacuuming",
    "app-pgdump",
]
R_PDFS = ("R-FAQ.pdf", "R-intro.pdf")
FAQ_CHAPTERS = [
    "basic-defs",
    "choosing",
    "compatibility",
    "contributing",
    "customizing",
    "faqinfo",
    "ftparchives",
    "getting-debian",
    "kernel",
    "nextrelease",
    "pkg-basics",
    "pkgtools",
    "redistributing",
    "software",
    "support",
    "uptodate",
]
# Debian Reference chapters turned into Office files (their HTML is not in the corpus).
REFERENCE_DOCX = ("ch01", "ch03", "ch05")
REFERENCE_PPTX = ("ch04", "ch10")
# Korean FAQ chapters turned into Office files instead of being copied as HTML.
FAQ_KO_DOCX = ("pkg-basics", "pkgtools")
FAQ_KO_PPTX = ("uptodate",)
# GIMP help pages whose Korean translation is (mostly) done.
GIMP_KO = [
    "gimp-using-setup-tile-cache",
    "gimp-introduction-history-2-4",
    "gimp-tutorial-quickie-rotate",
    "gimp-tips-dialog",
    "gimp-using-brushes",
    "gimp-tutorial-quickie-info",
    "gimp-introduction-history-2-6",
    "plug-in-dbbrowser",
    "gimp-tutorial-quickie-crop",
    "gimp-using-open-location",
    "gimp-concepts-undo",
    "gimp-tutorial-quickie-change-mode",
    "gimp-introduction-history-2-10",
    "gimp-introduction-history-2-2",
    "gimp-concepts-patterns",
    "gimp-tutorial-quickie-scale",
    "gimp-concepts-docks",
    "gimp-imaging-photos",
    "gimp-concepts-shortcuts",
    "font-problems",
    "gimp-using-rectangular",
    "gimp-first-steps",
    "gimp-tutorial-quickie-jpeg",
    "gimp-image-window",
    "gimp-creating-brush-quickly",
    "gimp-using-paths-stroking",
    "gimp-tutorial-straight-lines",
    "gimp-concepts-layer-modes-legacy",
    "become-a-gimp-wizard",
]
# English GIMP help pages on topics the Korean pages above do not cover.
GIMP_EN = [
    "plug-in-oilify",
    "plug-in-sparkle",
    "plug-in-softglow",
    "plug-in-pagecurl",
    "plug-in-retinex",
    "plug-in-qbist",
    "plug-in-tile",
    "plug-in-zealouscrop",
    "plug-in-sample-colorize",
    "plug-in-optimize",
    "script-fu-old-photo",
    "script-fu-drop-shadow",
    "script-fu-round-corners",
    "script-fu-coffee-stain",
    "script-fu-fuzzy-border",
    "script-fu-weave",
    "python-fu-foggify",
    "gimp-tool-bucket-fill",
    "gimp-tool-gradient",
    "gimp-tool-iscissors",
    "gimp-tool-fuzzy-select",
    "gimp-tool-pencil",
    "gimp-using-fonts",
    "gimp-imaging-color-management",
    "tone-mapping-notes",
]

_BLOCK_END = re.compile(r"(?i)</(p|div|li|h[1-6]|pre|tr|dt|dd|td|th|title)>")
_HEADING = re.compile(r"(?is)<h([1-6])[^>]*>(.*?)</h\1>")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _unescape(text: str) -> str:
    import html

    return html.unescape(_SPACE.sub(" ", text)).strip()


def blocks_of(html_text: str) -> list[tuple[int, str]]:
    """(heading level or 0, text) blocks of a page body, navigation and all (kept simple)."""
    body = re.sub(r"(?is)<(script|style|head)[^>]*>.*?</\1>", " ", html_text)
    body = re.sub(r"(?is)<pre[^>]*>.*?</pre>", " ", body).replace(
        "\n", " "
    )  # source lines != blocks
    body = _HEADING.sub(lambda m: f"\n\x00{m.group(1)}{_TAG.sub(' ', m.group(2))}\n", body)
    body = _BLOCK_END.sub("\n", body)
    out: list[tuple[int, str]] = []
    for line in _TAG.sub(" ", body).split("\n"):
        if line.startswith("\x00"):
            text = _unescape(line[2:]).replace("¶", "").strip()
            if text:
                out.append((int(line[1]), text))
            continue
        text = _unescape(line)
        if len(text) >= 40:
            out.append((0, text))
    return out


def write_docx(blocks: list[tuple[int, str]], dest: Path) -> None:
    """A Word file: headings as Heading styles, other blocks as paragraphs."""
    import docx

    document = docx.Document()
    for level, text in blocks:
        if level:
            document.add_heading(text, level=min(level, 4))
        else:
            document.add_paragraph(text)
    document.core_properties.created = datetime.datetime(2026, 1, 1)  # reproducible bytes
    document.save(str(dest))


def write_pptx(blocks: list[tuple[int, str]], dest: Path) -> None:
    """A slide deck: each heading starts a slide, its paragraphs are the bullets (max 6)."""
    from pptx import Presentation

    deck = Presentation()
    layout = deck.slide_layouts[1]
    slides: list[tuple[str, list[str]]] = []
    for level, text in blocks:
        if level or not slides or len(slides[-1][1]) >= 6:
            slides.append((text if level else slides[-1][0] if slides else "", []))
            if level:
                continue
        slides[-1][1].append(text)
    for title, bullets in slides:
        if not bullets:
            continue
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = title
        frame = slide.placeholders[1].text_frame
        frame.text = bullets[0]
        for bullet in bullets[1:]:
            frame.add_paragraph().text = bullet
    deck.save(str(dest))


def _copy(src: Path, dest: Path) -> None:
    if not src.is_file():
        sys.exit(f"missing source file {src}: install the packages named in --help")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.suffix == ".gz":
        dest.write_bytes(gzip.decompress(src.read_bytes()))
    else:
        shutil.copyfile(src, dest)


def _generated(src: Path, dest: Path, writer: str) -> None:
    if not src.is_file():
        sys.exit(f"missing source file {src}: install the packages named in --help")
    dest.parent.mkdir(parents=True, exist_ok=True)
    blocks = blocks_of(src.read_text("utf-8", "replace"))
    (write_docx if writer == "docx" else write_pptx)(blocks, dest)


def build(out: Path) -> dict[str, int]:
    """Write both corpora under ``out`` (replacing them) and return files per corpus."""
    for sub in ("en", "ko"):
        shutil.rmtree(out / sub, ignore_errors=True)
    en, ko = out / "en", out / "ko"
    for page in PYTHON_PAGES:
        _copy(PYTHON / f"{page}.html", en / "python" / f"{page}.html")
    for page in POSTGRES_PAGES:
        _copy(POSTGRES / f"{page}.html", en / "postgresql" / f"{page}.html")
    for name in R_PDFS:
        _copy(R_MANUALS / name, en / "r-manuals" / name)
    for chapter in FAQ_CHAPTERS:
        _copy(DEBIAN_FAQ / f"{chapter}.en.html", en / "debian-faq" / f"{chapter}.html")
    for chapter in REFERENCE_DOCX:
        src = DEBIAN_REFERENCE / f"{chapter}.en.html"
        _generated(src, en / "debian-reference" / f"{chapter}.docx", "docx")
    for chapter in REFERENCE_PPTX:
        src = DEBIAN_REFERENCE / f"{chapter}.en.html"
        _generated(src, en / "debian-reference" / f"{chapter}.pptx", "pptx")

    for chapter in FAQ_CHAPTERS:
        src = DEBIAN_FAQ / "ko" / f"{chapter}.ko.html"
        if chapter in FAQ_KO_DOCX:
            _generated(src, ko / "debian-faq-ko" / f"{chapter}.docx", "docx")
        elif chapter in FAQ_KO_PPTX:
            _generated(src, ko / "debian-faq-ko" / f"{chapter}.pptx", "pptx")
        else:
            _copy(src, ko / "debian-faq-ko" / f"{chapter}.html")
    for page in GIMP_KO:
        _copy(GIMP / "ko" / f"{page}.html", ko / "gimp-ko" / f"{page}.html")
    for page in GIMP_EN:
        _copy(GIMP / "en" / f"{page}.html", ko / "gimp-en" / f"{page}.html")
    return {sub: sum(1 for p in (out / sub).rglob("*") if p.is_file()) for sub in ("en", "ko")}


def main(argv: list[str] | None = None) -> int:
    """Build the corpora and print how many files each holds."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    counts = build(args.out)
    for name, n in counts.items():
        print(f"{args.out / name}: {n} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
