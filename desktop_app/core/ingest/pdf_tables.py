"""PDF tables as Markdown through the page-elements and table-structure NIMs, in a worker.

Scanned pages get the same (``ScanTables``, called by the OCR pass): their tables are filled
with the words the OCR engine read there.

For the pages with a text layer (``Extracted.table_pages``), in the slow pass: each page is
rendered and sent to the page-elements NIM; each table it finds is cropped and sent to the
table-structure NIM; the rows and columns it answers are filled with the page's own words (its
text layer) and the PDF is read again with each table's text replaced by its Markdown, where the
table stood. It never costs text: a page whose call fails keeps its plain text, and a NIM found
down leaves the whole file as it was, with a note saying why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import NimError, NimUnavailableError
from desktop_app.core.ingest.document import Extracted
from desktop_app.core.ingest.formats.pdf import extract_pdf
from desktop_app.core.ingest.formats.pdf_text import page_words
from desktop_app.core.ingest.formats.tables import markdown_table
from desktop_app.core.nim.breaker import trips_breaker
from desktop_app.core.nim.detection import Box, DetectionClient, Detector
from desktop_app.core.nim.endpoints import Endpoint
from desktop_app.core.ocr.images import encode_to_fit, pdf_pages
from desktop_app.core.ocr.table_grid import (
    PageTable,
    Word,
    detection_words,
    table_rows,
    text_with_tables,
)

if TYPE_CHECKING:
    from PIL import Image

    from desktop_app.core.ocr.engines import OcrJob, PageText

__all__ = ["ScanTables", "close_clients", "find_tables", "read_pdf_tables", "table_markdown"]

log = logging.getLogger(__name__)

# The detection models take ~1024 px images (nv-ingest renders pages at about that size): pages
# are rendered to that size (a Letter or A4 page at ~90 dpi), not scaled down after, which
# costs more than the rendering (measured: 100 vs 30 ms a page to encode).
DETECT_EDGE = 1024
DETECT_DPI = 150
# Room kept around a table crop, page-relative: the model sees the table's outer rules.
_MARGIN = 0.01

# One long-lived client per detection NIM in a worker process, as for OCR (engines._CLIENTS):
# once it is found down, the next files keep their plain text at once.
_CLIENTS: dict[tuple[Any, ...], DetectionClient] = {}


def _client(job: OcrJob, endpoint: Endpoint, detector: Detector) -> DetectionClient:
    key = (endpoint, endpoint.api_key, detector, job.batch_size, job.nim_key())
    client = _CLIENTS.get(key)
    if client is None:
        options = job.client_options()
        client = DetectionClient(endpoint, options, detector, batch_size=job.batch_size)
        _CLIENTS[key] = client
    return client


def close_clients() -> None:
    """Close this process's table NIM clients (a worker's end, a test's)."""
    while _CLIENTS:
        _CLIENTS.popitem()[1].close()


class _Down(Exception):
    """A table NIM cannot be used now: the rest of the file keeps its plain text."""


def _detect(client: DetectionClient, images: Sequence[Image.Image]) -> list[Any]:
    """Each image's boxes, or the error its call failed with (one refused image, a 422, must
    not cost its batch mates). Raises _Down when the NIM is down."""
    encoded = [encode_to_fit(image, client.max_b64_chars, DETECT_EDGE) for image in images]
    try:
        return list(client.detect(encoded))
    except NimError as exc:
        if trips_breaker(exc) or isinstance(exc, NimUnavailableError):
            raise _Down(str(exc)) from exc
        if len(encoded) == 1:
            return [exc]
    out: list[Any] = []
    for image in images:
        out.extend(_detect(client, [image]))
    return out


def _crop(image: Image.Image, table: Box) -> tuple[Image.Image, Box]:
    """The table's part of the page image, with a margin, and that part's box on the page."""
    w, h = image.size
    x0, y0 = max(0, int((table.x_min - _MARGIN) * w)), max(0, int((table.y_min - _MARGIN) * h))
    x1 = min(w, int((table.x_max + _MARGIN) * w) + 1)
    y1 = min(h, int((table.y_max + _MARGIN) * h) + 1)
    return image.crop((x0, y0, x1, y1)), Box(x0 / w, y0 / h, x1 / w, y1 / h)


def _words(pdf: Any, number: int) -> list[Word]:
    page = pdf[number - 1]
    try:
        textpage = page.get_textpage()
        try:
            return page_words(textpage, page.get_bbox())
        finally:
            textpage.close()
    finally:
        page.close()


def _batches(pages: Sequence[int], size: int) -> Iterator[list[int]]:
    it = iter(pages)
    while batch := list(islice(it, max(1, size))):
        yield batch


def table_markdown(
    structure: dict[str, list[Box]], crop: Box, words: Sequence[Word], table: Box | None = None
) -> str:
    """The table as Markdown, or "" when it cannot be read as one (``table_rows``' arguments)."""
    found = table_rows(structure, crop, words, table)
    if found is None:
        return ""
    rows, marked = found
    return markdown_table(rows, header=True if marked else None)


def find_tables(
    path: Path, pages: Sequence[int], job: OcrJob
) -> tuple[dict[int, list[PageTable]], list[str]]:
    """The tables found on ``pages`` (by page), and notes on what could not be read."""
    import pypdfium2 as pdfium

    assert job.tables is not None
    finder = _client(job, job.tables[0], "page-elements")
    reader = _client(job, job.tables[1], "table-structure")
    found: dict[int, list[PageTable]] = {}
    failed: dict[int, str] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for batch in _batches(pages, job.batch_size):
            # Found on a small render; only the pages with a table are rendered sharp.
            rendered = list(pdf_pages(path, batch, DETECT_DPI, DETECT_EDGE))
            answers = _detect(finder, [image for _, image in rendered])
            tables: dict[int, list[Box]] = {}
            for (number, _), answer in zip(rendered, answers, strict=True):
                if isinstance(answer, Exception):
                    failed[number] = str(answer)
                elif answer.get("table"):
                    tables[number] = sorted(answer["table"], key=lambda b: (b.y_min, b.x_min))
            crops: list[tuple[int, Box, Box, Image.Image]] = []
            for number, image in pdf_pages(path, sorted(tables), job.dpi):
                for table in tables[number]:
                    crop, region = _crop(image, table)
                    crops.append((number, table, region, crop))
            if not crops:
                continue
            structures = _detect(reader, [crop for *_, crop in crops])
            words: dict[int, list[Word]] = {}
            for (number, table, region, _), structure in zip(crops, structures, strict=True):
                if isinstance(structure, Exception):
                    failed[number] = str(structure)
                    continue
                if number not in words:
                    words[number] = _words(pdf, number)
                markdown = table_markdown(structure, region, words[number], table)
                if markdown:
                    found.setdefault(number, []).append(PageTable(table, markdown))
    finally:
        pdf.close()
    notes = [
        f"Tables on page {number} are kept as plain text: {reason}"
        for number, reason in sorted(failed.items())
    ]
    return found, notes


def read_pdf_tables(path: Path, extracted: Extracted, job: OcrJob) -> Extracted:
    """``extracted`` (a PDF's cheap text) with the tables on its text pages as Markdown; as it
    was, with a note, when the table NIMs cannot read them."""
    if job.tables is None or extracted.kind != "pdf":
        return extracted
    if not extracted.table_pages:
        return replace(extracted, tables_read=True)
    try:
        found, notes = find_tables(path, extracted.table_pages, job)
    except _Down as exc:
        note = f"Tables in this PDF are kept as plain text: {exc}"
        return replace(extracted, notes=[*extracted.notes, note])
    except Exception as exc:  # a page that cannot be rendered: the text is still good
        log.warning("table detection of %s stopped", path, exc_info=True)
        note = f"Tables in this PDF are kept as plain text ({type(exc).__name__}: {exc})"[:300]
        return replace(extracted, notes=[*extracted.notes, note])
    if not found:
        return replace(extracted, notes=[*extracted.notes, *notes], tables_read=True)
    again = extract_pdf(path, found)
    return replace(again, notes=[*extracted.notes, *notes], tables_read=True)


class ScanTables:
    """Tables on pages read by OCR: found on the page image, filled with the OCR'd words.

    ``read`` gives the new text of the pages that hold tables; ``notes`` says what could not be
    read. Once a table NIM is found down, the rest of the file keeps its plain OCR text.
    """

    def __init__(self, job: OcrJob) -> None:
        assert job.tables is not None
        self.finder = _client(job, job.tables[0], "page-elements")
        self.reader = _client(job, job.tables[1], "table-structure")
        self.notes: list[str] = []
        self.down = False

    def read(self, pages: Sequence[tuple[int, Image.Image, PageText]]) -> dict[int, str]:
        """The text, tables as Markdown, of each of ``pages`` (number, image, OCR) with one."""
        if self.down or not pages:
            return {}
        try:
            return self._read(pages)
        except _Down as exc:
            self.down = True
            self.notes.append(f"Tables on its scanned pages are kept as plain text: {exc}")
        except Exception as exc:
            log.warning("table detection of scanned pages stopped", exc_info=True)
            self.notes.append(f"Tables on its scanned pages are kept as plain text ({exc})"[:300])
        return {}

    def _read(self, pages: Sequence[tuple[int, Image.Image, PageText]]) -> dict[int, str]:
        answers = _detect(self.finder, [image for _, image, _ in pages])
        crops: list[tuple[int, Box, Box, Image.Image]] = []
        for (number, image, _), answer in zip(pages, answers, strict=True):
            if isinstance(answer, Exception):
                self.notes.append(f"Tables on page {number} are kept as plain text: {answer}")
                continue
            for table in sorted(answer.get("table", []), key=lambda b: (b.y_min, b.x_min)):
                crop, region = _crop(image, table)
                crops.append((number, table, region, crop))
        if not crops:
            return {}
        structures = _detect(self.reader, [crop for *_, crop in crops])
        found: dict[int, list[PageTable]] = {}
        ocr = {number: text for number, _, text in pages}
        for (number, table, region, _), structure in zip(crops, structures, strict=True):
            if isinstance(structure, Exception):
                self.notes.append(f"Tables on page {number} are kept as plain text: {structure}")
                continue
            words = [w for d in ocr[number].detections for w in detection_words(d)]
            markdown = table_markdown(structure, region, words, table)
            if markdown:
                found.setdefault(number, []).append(PageTable(table, markdown))
        return {n: text_with_tables(ocr[n].detections, tables) for n, tables in found.items()}
