"""PDF extraction speed (pypdfium2 vs pypdf) and the cost of the extraction process hop.

Usage: python benchmarks/bench_extract.py PDF [PDF ...]
pypdf is optional (not a Trove dependency): install it into the venv to compare.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

from desktop_app.core.ingest.formats.pdf import extract_pdf
from desktop_app.core.ingest.worker import ExtractionPool


def best_of(runs: int, fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def raw_pdfium(path: Path) -> tuple[int, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    chars = 0
    for page in pdf:
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pages = len(pdf)
    pdf.close()
    return pages, chars


def pypdf_text(path: Path) -> tuple[int, int]:
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(str(path))
    return len(reader.pages), sum(len(p.extract_text() or "") for p in reader.pages)


def bench_pdf(path: Path) -> None:
    seconds, (pages, chars) = best_of(3, lambda: raw_pdfium(path))
    print(f"{path.name}: {pages} pages")
    print(f"  pypdfium2 raw        {seconds:6.2f} s  {pages / seconds:7.0f} pages/s  {chars} chars")
    seconds, extracted = best_of(3, lambda: extract_pdf(path))
    chars = sum(len(s.text) for s in extracted.sections)
    print(f"  trove extract_pdf    {seconds:6.2f} s  {pages / seconds:7.0f} pages/s  {chars} chars")
    try:
        import pypdf  # noqa: F401
    except ImportError:
        print("  pypdf                not installed")
        return
    seconds, (pages, chars) = best_of(1, lambda: pypdf_text(path))
    print(f"  pypdf                {seconds:6.2f} s  {pages / seconds:7.0f} pages/s  {chars} chars")


def bench_hop(count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(count):
            path = Path(tmp) / f"note{i}.txt"
            path.write_text(f"Note {i}\nA small text file of a few words.\n", encoding="utf-8")
            paths.append(path)
        for workers in (0, 1, 2):
            with ExtractionPool(workers, timeout_s=60, memory_mb=1024) as pool:
                list(pool.map(paths[:20]))  # workers up and warm
                start = time.perf_counter()
                results = list(pool.map(paths))
                seconds = time.perf_counter() - start
            assert len(results) == count
            mode = "in-process" if workers == 0 else f"{workers} worker(s)"
            print(
                f"small text files, {mode:12}: {count / seconds:7.0f} files/s "
                f"({seconds / count * 1e3:.2f} ms/file)"
            )


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        bench_pdf(Path(arg))
    bench_hop()
