"""PDF through PDFium (pypdfium2): one section per page, headed by the outline entry in force.

pypdfium2 is Apache/BSD licensed and ~20x faster than pypdf (docs/benchmarks-pdf.md). PDFium is
not thread-safe: call this from one thread per process (the extraction pool runs it in workers).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.errors import FileLockedError, FileVanishedError
from desktop_app.core.ingest.document import Extracted, Location, Section
from desktop_app.core.ingest.formats.common import (
    HEADING_SEP,
    clean_inline,
    corrupt,
    password_protected,
)
from desktop_app.core.ingest.formats.pdf_text import PageTable, page_text_with_tables
from desktop_app.core.ingest.formats.running_lines import strip_running_lines
from desktop_app.core.ingest.textdecode import normalize_newlines

__all__ = ["extract_pdf"]

# PDFium marks hyphens it inserted at line ends and unmapped glyphs with these code points.
_CLEAN = str.maketrans({"\ufffe": None, "\x02": "-", "\x00": None, "\ufeff": None})


def _open(path: Path) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise password_protected(path, "PDF") from None
        if code == raw.FPDF_ERR_FILE:
            if not path.exists():
                raise FileVanishedError(
                    str(path), f"'{path.name}' was moved or deleted before Trove could read it."
                ) from None
            raise FileLockedError(
                str(path),
                f"'{path.name}' could not be opened.",
                "Check that you can open it yourself; another program may be holding it.",
            ) from None
        raise corrupt(path, "PDF", str(exc).removeprefix("Failed to load document ")) from None


def _page_headings(pdf: Any, pages: int) -> list[str | None]:
    """For each page, an outline (bookmark) path: the first entry starting on that page, else the
    last one started before it (the section the page continues)."""
    marks: list[tuple[int, str]] = []
    stack: list[str] = []
    try:
        for bookmark in pdf.get_toc(max_depth=6):
            title = clean_inline(bookmark.get_title() or "")
            del stack[bookmark.level :]
            stack.append(title)
            dest = bookmark.get_dest()
            index = dest.get_index() if dest is not None else None
            if index is not None and 0 <= index < pages and all(stack):
                marks.append((index, HEADING_SEP.join(stack)))
    except Exception:  # a broken outline only costs the headings, never the text
        return [None] * pages
    marks.sort(key=lambda m: m[0])  # stable: outline order kept within a page
    starts = [m[0] for m in marks]
    out: list[str | None] = []
    for page in range(pages):
        first = bisect.bisect_left(starts, page)
        if first < len(marks) and starts[first] == page:
            out.append(marks[first][1])
        else:
            out.append(marks[first - 1][1] if first else None)
    return out


def extract_pdf(path: Path, tables: Mapping[int, Sequence[PageTable]] | None = None) -> Extracted:
    """Text of each page; pages without a text layer (scans) are listed for OCR, the others as
    ``table_pages``. ``tables`` (by 1-based page) puts tables found there in as Markdown."""
    pdf = _open(path)
    try:
        pages = len(pdf)
        headings = _page_headings(pdf, pages)
        texts: list[str] = []
        for index in range(pages):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    found = tables.get(index + 1) if tables else None
                    if found:
                        text = page_text_with_tables(textpage, page.get_bbox(), found)
                    else:
                        text = textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()
            texts.append(normalize_newlines(text.translate(_CLEAN)).strip())
    finally:
        pdf.close()
    blank = tuple(index + 1 for index, text in enumerate(texts) if not text)
    # Without page furniture, unless that leaves nothing (a document that is all contents).
    cleaned = [t.strip() for t in strip_running_lines(texts)]
    if any(cleaned):
        texts = cleaned
    sections = [
        Section(text, Location(page=index + 1, heading=headings[index]))
        for index, text in enumerate(texts)
        if text
    ]
    notes = []
    if blank:
        notes.append(
            f"{len(blank)} of {pages} pages have no text layer (scanned?); they are read by OCR."
        )
    with_text = tuple(index + 1 for index, text in enumerate(texts) if text)
    return Extracted("pdf", sections, None, notes, ocr_pages=blank, table_pages=with_text)
