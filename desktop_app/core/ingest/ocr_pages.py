"""OCR the pages a cheap extraction left unread (``Extracted.ocr_pages``), in a worker.

A page that fails (a 422, a render error, an engine error) is reported in the notes with its
reason and the rest of the file is kept. Under ``auto`` an OCR NIM found down hands the rest of
the file to the local engine.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.ingest.document import Extracted, Location, Section, format_boxes
from desktop_app.core.ingest.formats.embedded import embedded_images, open_image
from desktop_app.core.ingest.pdf_tables import ScanTables
from desktop_app.core.ocr.engines import (
    EngineDown,
    NoEngine,
    OcrEngine,
    OcrJob,
    PageText,
    open_engine,
    open_local,
)
from desktop_app.core.ocr.images import image_frames, pdf_pages
from desktop_app.core.ocr.languages import (
    UNKNOWN_LANGUAGE,
    garbled_share,
    unreadable_language,
)

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["ocr_extracted"]

log = logging.getLogger(__name__)

# Below this mean confidence a local engine is most likely reading a script it does not know.
LOW_CONFIDENCE = 0.6
# At least this share of the recognised words reading as no word: noise from an unknown script.
GARBLED = 0.3


def _images(
    path: Path, extracted: Extracted, dpi: int, where: dict[int, Location]
) -> Iterator[tuple[int, Image.Image]]:
    """The page images to read; ``where`` gets the location of each (pictures in DOCX/PPTX)."""
    pages = list(extracted.ocr_pages)
    if extracted.kind == "pdf":
        return pdf_pages(path, pages, dpi)
    if extracted.kind in ("docx", "pptx"):
        pictures = embedded_images(path, extracted.kind)
        for number in pages:
            where[number] = pictures[number - 1][0]
        return ((n, open_image(pictures[n - 1][1])) for n in pages)
    return image_frames(path, pages)


def ocr_extracted(path: Path, extracted: Extracted, job: OcrJob) -> Extracted:
    """``extracted`` with its OCR pages read and merged in page order (marked ``ocr``)."""
    if not extracted.ocr_pages:
        return extracted
    multi = extracted.kind == "pdf" or len(extracted.ocr_pages) > 1
    found: dict[int, PageText] = {}
    confidence: dict[int, float] = {}
    failed: dict[int, str] = {}
    readers: list[OcrEngine] = []  # every engine that read a page (auto may switch)
    try:
        engine: OcrEngine | None = open_engine(job)
    except NoEngine as exc:
        engine = None
        failed = dict.fromkeys(extracted.ocr_pages, str(exc))
    where: dict[int, Location] = {}
    pages = _images(path, extracted, job.dpi, where) if engine is not None else iter(())
    tables = (
        ScanTables(job) if job.tables is not None and extracted.kind in ("pdf", "image") else None
    )
    try:
        while engine is not None:
            batch = list(islice(pages, max(1, job.batch_size)))
            if not batch:
                break
            if engine not in readers:
                readers.append(engine)
            engine = _read_batch(engine, job, batch, found, failed, confidence, tables)
            if engine is not None and engine not in readers:
                readers.append(engine)
    except Exception as exc:  # the page images themselves could not be made
        log.warning("OCR of %s stopped", path, exc_info=True)
        reason = f"could not render the page ({type(exc).__name__}: {exc})"[:200]
        for number in extracted.ocr_pages:
            if number not in found:
                failed.setdefault(number, reason)
    finally:
        if engine is not None:
            engine.close()
    if failed:  # the engine gave up: the pages never tried fail for the same reason
        reason = failed[max(failed)]
        read = set(found) | set(failed)
        seen = max(read)
        for number in extracted.ocr_pages:
            if number > seen and engine is None:
                failed[number] = reason
    sections = list(extracted.sections)
    # The viewer draws a passage's lines over the page image: PDF pages and image files (a
    # picture inside a DOCX or PPTX shows as text).
    boxed = extracted.kind not in ("docx", "pptx")
    for number, page in found.items():
        location = where.get(number) or Location(page=number if multi else None)
        boxes = format_boxes(page.boxes) if boxed and page.boxes else None
        sections.append(Section(page.text, location.with_(ocr=True, boxes=boxes)))
    # Stable: a page's own order is kept; a DOCX's pictures follow its text.
    sections.sort(key=lambda s: s.location.page or s.location.slide or 0)
    noun = "Picture" if extracted.kind in ("docx", "pptx") else "Page"
    notes = [*extracted.notes, *_failure_notes(failed, multi, noun)]
    notes += tables.notes if tables is not None else []
    known = [path.name, *(s.text for s in extracted.sections)]
    unreadable = None
    for reader in readers[-1:]:  # the engine that read the last pages
        unreadable = unreadable_language(known, reader.languages)
        if unreadable is None and reader.languages is not None:
            unreadable = _read_as_noise([page.text for page in found.values()], confidence)
    return replace(
        extracted,
        sections=sections,
        notes=notes,
        ocr_pages=(),
        ocr_failed=len(failed),
        ocr_unreadable=unreadable,
        tables_read=extracted.tables_read and not (tables is not None and tables.down),
    )


def _read_as_noise(texts: list[str], confidence: dict[int, float]) -> str | None:
    """UNKNOWN_LANGUAGE when what a local engine read looks like a script it does not know.

    The recognised text says it first: an engine reading a script it lacks writes noise in the
    scripts it has (Tesseract eng on Korean: "71SSol AA7/SSAst3S0j", 64-72% of its tokens; kor
    on English: "나66056", 71-79%; readable text: at most 3%). With too little text to tell, the
    engine's own confidence decides (Tesseract eng on Korean: 0.28, on English 0.91).
    """
    garbled = garbled_share("\n".join(texts))
    if garbled is not None:
        return UNKNOWN_LANGUAGE if garbled >= GARBLED else None
    mean = sum(confidence.values()) / len(confidence) if confidence else 1.0
    return UNKNOWN_LANGUAGE if mean < LOW_CONFIDENCE else None


def _read_batch(
    engine: OcrEngine,
    job: OcrJob,
    batch: list[tuple[int, Image.Image]],
    found: dict[int, PageText],
    failed: dict[int, str],
    confidence: dict[int, float],
    tables: ScanTables | None = None,
) -> OcrEngine | None:
    """Read one batch into ``found``/``failed``; the engine to go on with (None: give up).
    With ``tables``, the tables on its pages become Markdown."""
    images = [image for _, image in batch]
    try:
        answers: list[PageText | Exception] = engine.read(images)
    except EngineDown as exc:
        engine.close()
        if job.engine != "auto":
            for number, _ in batch:
                failed[number] = str(exc)
            return None
        log.info("OCR NIM down (%s); reading on with the local engine", exc)
        try:
            engine = open_local(job)
        except NoEngine as missing:
            for number, _ in batch:
                failed[number] = f"{exc} ({missing})"
            return None
        answers = engine.read(images)
    read = []
    for (number, image), answer in zip(batch, answers, strict=True):
        if isinstance(answer, Exception):
            failed[number] = str(answer) or type(answer).__name__
        else:
            if answer.text.strip():
                found[number] = answer
                read.append((number, image, answer))
            if answer.confidence is not None:  # also of lines found and not read
                confidence[number] = answer.confidence
    if tables is not None:
        for number, text in tables.read(read).items():
            # Its lines are no longer the OCR lines: no boxes for the viewer to draw.
            found[number] = PageText(text, found[number].confidence)
    return engine


def _failure_notes(failed: dict[int, str], multi: bool, noun: str) -> list[str]:
    notes = []
    for number in sorted(failed):
        where = f"{noun} {number}" if multi else "The image"
        notes.append(f"{where} could not be read by OCR: {failed[number]}")
    return notes
