"""The text stage: scan folders, extract changed files, chunk them, store them in the catalog.

Needs no network (but for the OCR NIM). When a file is done here it is keyword-searchable.
Pages without a text layer and image files are read by OCR in a second pass, after the cheap
text of every file in hand: a folder is keyword-searchable first, its scans follow. Until then
such a file carries the note ``ocr`` (its text pages are searchable); a file read by OCR is not
read again unless it changes. Unchanged files cost one stat
(size + mtime against the catalog); a file whose bytes are unchanged costs a hash, not a re-chunk.
Files are committed in slices: the outcomes of the files read in the last ~0.1 s (or before a
wait for the next one of ~0.1 s) go in one transaction, each file whole or not at all (a slice the
catalog refuses a file of is written again with a savepoint per file, so that file fails alone),
and their events are sent once the slice is committed: a file is never reported indexed before its
chunks are stored, and a crash loses at most the last ~0.2 s of reading (those files are read again
by the next run). One commit per file cost a small-file corpus a third of the parent's CPU (FTS5
flushes a segment per commit).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core import events
from desktop_app.core.errors import (
    DiskFullError,
    EmptyFileError,
    FileError,
    FileLockedError,
    FileVanishedError,
    NoTextError,
    TroveError,
)
from desktop_app.core.events import Emit
from desktop_app.core.fsnames import on_disk, stored
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.meter import RateMeter
from desktop_app.core.index.records import FileRow, Folder
from desktop_app.core.index.scan import (
    FolderRules,
    PathFilter,
    ScannedFile,
    SkippedPath,
    file_meta,
    scan_folder,
    screen_path,
)
from desktop_app.core.ingest.chunker import chunk_sections
from desktop_app.core.ingest.document import Extracted
from desktop_app.core.ingest.formats.common import scanned as no_text_layer
from desktop_app.core.ingest.registry import lookup
from desktop_app.core.ingest.rows import chunk_rows
from desktop_app.core.ingest.worker import ExtractionPool
from desktop_app.core.ocr.engines import OcrJob, tesseract_languages
from desktop_app.core.ocr.languages import language_code

__all__ = [
    "OCR_PENDING",
    "OCR_UNREADABLE",
    "TextReport",
    "TextStage",
    "content_hash",
    "retry_after_s",
]

log = logging.getLogger(__name__)

# A file that keeps changing while we read it is retried this often, then left for the next scan.
_MAX_REREADS = 3
# A failed file is read again after 10 minutes, then an hour, 6 hours, then daily.
_RETRY_AFTER_S = (600.0, 3600.0, 6 * 3600.0, 24 * 3600.0)
# The note of a file whose pages without text still wait for OCR.
OCR_PENDING = "ocr"
# The note of a PDF whose tables the table NIMs have looked at.
TABLES_READ = "tables"
# The note of a file read by an engine that cannot read its language: "ocr_lang:Korean".
OCR_UNREADABLE = "ocr_lang:"
# Finished files are held at most about this long before their slice is committed (and as long
# again while the next result is awaited): what a crash can lose.
_SLICE_S = 0.1
# A file this big takes ~0.1 s to hash (in this thread): the slice is committed before it.
_HASH_AFTER_COMMIT_BYTES = 32 * 1024 * 1024


def content_hash(path: Path) -> str:
    """BLAKE2b of the file's bytes: tells a real change from a touch or an identical rewrite."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class TextReport:
    """What one pass of the text stage did."""

    scanned: int = 0
    indexed: int = 0
    unchanged: int = 0
    failed: int = 0
    empty: int = 0  # read, and found to hold no text: not failures
    cut: int = 0  # more passages than the per-file cap: the first ones were kept
    ocr_files: int = 0  # files read by OCR (their pages without text)
    ocr_pages: int = 0  # pages sent to OCR
    ocr_failed_pages: int = 0  # pages OCR could not read (a warning says why)
    removed: int = 0
    skipped: list[SkippedPath] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)  # folders whose root is missing


@dataclass(frozen=True)
class _Job:
    folder: Folder
    scanned: ScannedFile


class TextStage:
    """Brings the catalog in line with the folders on disk."""

    def __init__(
        self,
        catalog: Catalog,
        pool: ExtractionPool,
        rules_for: Callable[[Folder], FolderRules],
        chunk_tokens: int,
        emit: Emit = events.ignore,
        cancel: threading.Event | None = None,
        *,
        max_chunks: int | None = None,
        ocr: OcrJob | None = None,
    ) -> None:
        self.catalog = catalog
        self.ocr = ocr  # None: OCR is off
        self.max_chunks = max_chunks  # passages kept per file (None: all)
        self.pool = pool
        self.rules_for = rules_for
        self.chunk_tokens = chunk_tokens
        self.emit = emit
        self.cancel = cancel or threading.Event()
        self._filters: dict[int, PathFilter] = {}
        # Outcomes read but not yet committed (with the progress event each one ends with),
        # and when the first of them came in.
        self._held: list[tuple[_Job, object, TextReport, events.Event]] = []
        self._held_since = 0.0

    def run(self, folders: Iterable[Folder], retry_failed: bool = False) -> TextReport:
        """Scan every folder and index what changed; deleted files leave the catalog."""
        report = TextReport()
        jobs: list[_Job] = []
        for folder in folders:
            jobs.extend(self._scan(folder, report, retry_failed))
            if self.cancel.is_set():
                return report
        self._index(jobs, report)
        return report

    def index_paths(self, folder: Folder, paths: Iterable[Path]) -> TextReport:
        """Index just these files of ``folder`` (a watcher's changes); vanished ones are removed."""
        report = TextReport()
        rules = self.rules_for(folder)
        jobs = []
        for given in paths:
            path = Path(stored(str(given)))
            try:
                st = os.stat(on_disk(str(path)))
            except FileNotFoundError:
                if self.catalog.files.remove_file(path):
                    report.removed += 1
                    self.emit(events.file_removed(str(path)))
                continue
            except OSError:
                continue
            if rules.max_bytes is not None and st.st_size > rules.max_bytes:
                continue
            jobs.append(_Job(folder, ScannedFile(path, st.st_size, st.st_mtime_ns, file_meta(st))))
        self._index(jobs, report)
        return report

    # ------------------------------------------------------------------ scanning

    def _scan(self, folder: Folder, report: TextReport, retry_failed: bool) -> list[_Job]:
        known = self.catalog.files.file_states(folder.id)
        seen: list[str] = []
        jobs: list[_Job] = []
        skipped: list[SkippedPath] = []
        now = time.time()
        try:
            for scanned in scan_folder(folder.path, self.rules_for(folder), on_skip=skipped.append):
                path = str(scanned.path)
                seen.append(path)
                row = known.get(path)
                if row is not None and _unchanged(
                    row, scanned, retry_failed, now, self.max_chunks, self.ocr
                ):
                    report.unchanged += 1
                else:
                    jobs.append(_Job(folder, scanned))
                if len(seen) % 2000 == 0:
                    self.emit(events.progress("scan", len(seen), 0))
                    if self.cancel.is_set():
                        return jobs
        except (FileVanishedError, FileLockedError) as exc:
            # An unmounted drive is "unavailable", never "all files deleted".
            report.unavailable.append(folder.path)
            self.emit(events.file_failed(folder.path, "folder unavailable", stored(str(exc))))
            return []
        report.scanned += len(seen)
        report.skipped.extend(skipped)
        # Kept for `trove status` and the app until the next full scan of the folder.
        self.catalog.files.replace_skipped(
            folder.id, ((str(s.path), s.reason, s.detail) for s in skipped)
        )
        removed = self.catalog.files.remove_missing(folder.id, seen)
        report.removed += removed
        return jobs

    # ------------------------------------------------------------------ extracting

    def _index(self, jobs: list[_Job], report: TextReport) -> None:
        jobs = _reading_order(jobs, self.pool.workers)
        meter = RateMeter(total=len(jobs))
        scans: dict[str, tuple[_Job, int]] = {}  # files whose pages wait for OCR, and how many
        self._pass(jobs, report, meter, "text", None, scans)
        if self.ocr is None or not scans or self.cancel.is_set():
            return
        # The slow pass: every file in hand is keyword-searchable by now.
        pages = RateMeter(total=sum(count for _, count in scans.values()))
        later = [job for job, _ in scans.values()]
        self._pass(later, report, pages, "ocr", self.ocr, scans)

    def _pass(
        self,
        jobs: list[_Job],
        report: TextReport,
        meter: RateMeter,
        stage: str,
        ocr: OcrJob | None,
        scans: dict[str, tuple[_Job, int]],
    ) -> None:
        rereads: dict[str, int] = {}
        pending = list(jobs)
        try:
            while pending and not self.cancel.is_set():
                again: list[_Job] = []
                for job, outcome in self._extract_all(pending, ocr):
                    path = str(job.scanned.path)
                    if isinstance(outcome, _Changed):
                        rereads[path] = rereads.get(path, 0) + 1
                        if rereads[path] < _MAX_REREADS:
                            again.append(_Job(job.folder, outcome.now))
                        continue
                    first_pass = ocr is None and self.ocr is not None
                    if first_pass and isinstance(outcome, _Read):
                        slow = _slow_pages(outcome.extracted, self.ocr)
                        if slow:
                            scans[path] = (job, slow)
                    if ocr is not None and isinstance(outcome, TroveError):
                        # Its text pages stay searchable; the scans are tried again next run.
                        message = stored(f"{path}: OCR stopped: {outcome}")
                        self.emit(events.warning(path, message))
                        report.ocr_failed_pages += scans.get(path, (job, 1))[1]
                        continue
                    if ocr is not None:  # the OCR pass counts pages
                        pages = scans.get(path, (job, 1))[1]
                        report.ocr_files += 1
                        report.ocr_pages += pages
                        meter.add(pages)
                    else:
                        meter.add()
                    progress = events.progress(
                        stage, meter.done, meter.total, meter.rate, meter.eta_s
                    )
                    self._hold(job, outcome, report, progress)
                    if self.cancel.is_set():
                        break
                self._commit_held()  # before any file is read again
                pending = again
        finally:
            self._commit_held()  # whatever stops the pass, what was read is kept

    def _hold(self, job: _Job, outcome: object, report: TextReport, progress: events.Event) -> None:
        """Keep a file's outcome for the current slice; commit the slice once it is old enough."""
        if not self._held:
            self._held_since = time.monotonic()
        self._held.append((job, outcome, report, progress))
        if time.monotonic() - self._held_since >= _SLICE_S:
            self._commit_held()

    def _commit_held(self) -> None:
        """Store the held outcomes in one transaction, then send their events (never before:
        a file reported indexed is in the catalog).

        First without a savepoint per file (see Catalog.transaction); if the catalog refuses
        any file, that attempt is undone whole and the slice written again, each file in its
        own savepoint, so that file fails alone."""
        held, self._held = self._held, []
        if not held:
            return
        reports = {id(report): report for _, _, report, _ in held}
        before = {key: _copy_report(report) for key, report in reports.items()}
        events_out: list[events.Event] = []
        emit, self.emit = self.emit, events_out.append
        try:
            try:
                with self.catalog.transaction(parts=False):
                    for job, outcome, report, progress in held:
                        self._store(job, outcome, report)
                        events_out.append(progress)
            except DiskFullError:
                raise  # not a file's fault: the run stops, every file keeps its state
            except Exception:
                for key, report in reports.items():
                    _restore_report(report, before[key])
                events_out.clear()
                with self.catalog.transaction():
                    for job, outcome, report, progress in held:
                        self._store_or_fail(job, outcome, report)
                        events_out.append(progress)
        finally:
            self.emit = emit
        for event in events_out:
            emit(event)

    def _extract_all(
        self, jobs: list[_Job], ocr: OcrJob | None = None
    ) -> Iterator[tuple[_Job, _Outcome]]:
        """Hash each file, skip identical rewrites, extract and chunk the rest in the workers.

        Files are hashed lazily, as the pool asks for more work, so hashing overlaps extraction;
        results come back in completion order, so one slow file never stalls the others.
        """
        side: deque[tuple[_Job, _Outcome]] = deque()
        # By the real path the workers read; a link and its target may both be in hand.
        by_path: dict[str, deque[tuple[_Job, str]]] = {}

        def to_extract() -> Iterator[Path]:
            for job in jobs:
                if job.scanned.size > _HASH_AFTER_COMMIT_BYTES:
                    self._commit_held()  # hashing it takes a while: what is read goes in first
                outcome = self._hash(job)
                if isinstance(outcome, tuple):
                    real, digest = outcome
                    by_path.setdefault(real, deque()).append((job, digest))
                    yield Path(real)
                else:
                    side.append((job, outcome))

        results = self.pool.map(
            to_extract(),
            ordered=False,
            chunk_tokens=self.chunk_tokens,
            max_chunks=self.max_chunks,
            on_idle=self._commit_held,
            idle_s=_SLICE_S,
            **({"ocr": ocr} if ocr is not None else {}),
        )
        for real, result in results:
            while side:
                yield side.popleft()
            waiting = by_path[str(real)]
            job, digest = waiting.popleft()
            if not waiting:
                del by_path[str(real)]
            now = _stat(real)
            if now is not None and (now.size, now.mtime_ns) != (
                job.scanned.size,
                job.scanned.mtime_ns,
            ):
                # Written to while we read it: read it again (under its own path).
                yield job, _Changed(ScannedFile(job.scanned.path, now.size, now.mtime_ns, now.meta))
            elif isinstance(result, Extracted):
                yield job, _Read(result, digest, ocr is not None)
            elif isinstance(result, EmptyFileError):
                yield job, _Empty(digest)
            else:
                yield job, result
        while side:
            yield side.popleft()

    def _hash(self, job: _Job) -> tuple[str, str] | _Outcome:
        """The real path to read and the file's content hash, or the outcome that makes reading
        it unnecessary (or forbidden: a link out of the folder or to a credential file)."""
        path = job.scanned.path
        real = screen_path(path, job.folder.path, self._filter(job.folder))
        if isinstance(real, SkippedPath):
            return _Refused(real)
        try:
            digest = content_hash(Path(real))
        except FileNotFoundError:
            return FileVanishedError(str(path), f"{path.name} was deleted while queued.")
        except OSError as exc:
            return FileLockedError(
                str(path),
                f"{path.name} cannot be opened ({exc.strerror or 'locked'}).",
                "Close the program that holds it, or check its permissions; Trove retries "
                "when it changes.",
            )
        row = self.catalog.files.file(path)
        if (
            row is not None
            and row.state == "extracted"
            and row.content_hash == digest
            and _cut_as_now(row, self.max_chunks)
            and not _wants_ocr(row.note, self.ocr)
            and not _wants_tables(row, self.ocr)
        ):
            return _Unchanged(digest, row.cut_at)
        return real, digest

    def _filter(self, folder: Folder) -> PathFilter:
        path_filter = self._filters.get(folder.id)
        if path_filter is None:
            path_filter = self._filters[folder.id] = PathFilter(self.rules_for(folder))
        return path_filter

    def _store_or_fail(self, job: _Job, outcome: object, report: TextReport) -> None:
        """Record one file's outcome (its own savepoint inside the slice's transaction); a
        failure to record it fails that file, not the run."""
        try:
            self._store(job, outcome, report)
        except DiskFullError:
            raise  # not this file's fault: the run stops, every file keeps its state
        except Exception as exc:  # a bug or a catalog refusal on this one file
            path = str(job.scanned.path)
            log.exception("could not record %s in the catalog", path)
            report.failed += 1
            message = stored(f"Trove could not record {path} in its catalog ({exc}).")
            self.emit(events.file_failed(path, "failed", message))

    def _store(self, job: _Job, outcome: object, report: TextReport) -> None:
        scanned, folder = job.scanned, job.folder
        path = str(scanned.path)
        spec = lookup(scanned.path)
        kind = spec.kind if spec else "unknown"
        if isinstance(outcome, _Unchanged):
            self.catalog.files.upsert_file_chunks(
                folder.id,
                path,
                scanned.size,
                scanned.mtime_ns,
                outcome.digest,
                kind,
                [],
                meta=scanned.meta,
                cut_at=outcome.cut_at,
            )
            report.unchanged += 1
            return
        if isinstance(outcome, _Empty):
            # Known, with nothing to search: counted apart, never a failure line.
            self.catalog.files.upsert_file_chunks(
                folder.id,
                path,
                scanned.size,
                scanned.mtime_ns,
                outcome.digest,
                kind,
                [],
                meta=scanned.meta,
                note="empty",
            )
            report.empty += 1
            self.emit(events.file_indexed(path, 0))
            return
        if isinstance(outcome, _Refused):
            # Never read; what was indexed under this path before (the file a link replaced)
            # leaves the index.
            report.skipped.append(outcome.skip)
            if self.catalog.files.remove_file(path):
                report.removed += 1
                self.emit(events.file_removed(path))
            skip = outcome.skip
            self.catalog.files.add_skipped(folder.id, path, skip.reason, skip.detail)
            self.emit(events.warning(path, f"Skipped {path}: {skip.reason} ({skip.detail})."))
            return
        if isinstance(outcome, FileVanishedError):
            if self.catalog.files.remove_file(path):
                report.removed += 1
                self.emit(events.file_removed(path))
            return
        if isinstance(outcome, TroveError):
            reason = outcome.reason if isinstance(outcome, FileError) else "failed"
            self.catalog.files.mark_failed(
                folder.id,
                path,
                scanned.size,
                scanned.mtime_ns,
                reason,
                stored(outcome.user_text()),
                meta=scanned.meta,
            )
            report.failed += 1
            self.emit(events.file_failed(path, reason, stored(str(outcome))))
            return
        assert isinstance(outcome, _Read)
        extracted = outcome.extracted
        note = None
        if extracted.ocr_pages:  # the cheap pass of a file with pages without text
            if self.ocr is None and not extracted.chunks and not extracted.sections:
                # OCR is off and there is nothing else: said as before, with the way out.
                pages = len(extracted.ocr_pages)
                error = no_text_layer(scanned.path, pages)
                if extracted.kind == "image":
                    error = NoTextError(
                        path,
                        f"no text: '{scanned.path.name}' is an image, and OCR is off.",
                        error.hint,
                    )
                self._store(job, error, report)
                return
            note = OCR_PENDING  # also with OCR off: read when it is turned on
        elif not outcome.ocr_pass and _slow_pages(extracted, self.ocr):
            note = OCR_PENDING  # its tables wait for the table NIMs
        elif extracted.notes and self.ocr is not None:
            for line in extracted.notes:  # the OCR pass: pages it could not read, and why
                if line.endswith("they are read by OCR."):
                    continue
                self.emit(events.warning(path, f"{path}: {line}"))
        if extracted.ocr_failed:
            report.ocr_failed_pages += extracted.ocr_failed
        if outcome.ocr_pass and note is None and extracted.tables_read:
            note = TABLES_READ  # not read again for its tables (unless it changes)
        if extracted.ocr_unreadable:
            # Read by an engine that lacks the file's language: `trove status` and the folders
            # view say so and name the way out (ocr_status).
            note = f"{OCR_UNREADABLE}{extracted.ocr_unreadable}"
        chunks = outcome.extracted.chunks
        if chunks is None:  # a pool that did not chunk (a custom one in tests)
            chunks = chunk_rows(chunk_sections(outcome.extracted.sections, self.chunk_tokens))
        cut_at = None
        total = max(len(chunks), outcome.extracted.chunks_total or 0)
        if self.max_chunks is not None and total > self.max_chunks:
            # One 60 MB log made 46,364 chunks: the first passages stand for the file (the
            # workers already left the rest out).
            cut_at = self.max_chunks
            chunks = chunks[:cut_at]
            report.cut += 1
            self.emit(
                events.warning(
                    path,
                    f"{path} is cut at {cut_at} passages (of {total}): the rest is not "
                    "searchable. Raise 'index.max_chunks_per_file' to keep more.",
                )
            )
        self.catalog.files.upsert_file_chunks(
            folder.id,
            path,
            scanned.size,
            scanned.mtime_ns,
            outcome.digest,
            outcome.extracted.kind,
            chunks,
            meta=scanned.meta,
            cut_at=cut_at,
            note=note,
            replace=outcome.ocr_pass,
        )
        if not outcome.ocr_pass:  # counted once, by its cheap pass
            report.indexed += 1
        self.emit(events.file_indexed(path, len(chunks)))


@dataclass(frozen=True)
class _Unchanged:
    digest: str
    cut_at: int | None = None  # as stored: its chunks stay


@dataclass(frozen=True)
class _Read:
    extracted: Extracted
    digest: str
    ocr_pass: bool = False  # read with OCR: replaces the text stored by the cheap pass


@dataclass(frozen=True)
class _Changed:
    now: ScannedFile


@dataclass(frozen=True)
class _Empty:
    digest: str


@dataclass(frozen=True)
class _Refused:
    skip: SkippedPath


_Outcome = _Read | FileError | _Unchanged | _Changed | _Refused | _Empty


def _reading_order(jobs: list[_Job], workers: int) -> list[_Job]:
    """Small files first: a 500-page PDF must not hold back a hundred notes. With several
    workers, though, the biggest files start at once, one per worker but one (which reads the
    small files meanwhile): read last, the biggest file kept one worker busy long after the
    others had run out of files (the Python docs' 3.6 MB search index: ~1 s of a 4 s run)."""
    jobs = sorted(jobs, key=lambda job: job.scanned.size)
    spare = workers - 1
    if spare < 1 or len(jobs) <= workers:
        return jobs
    return jobs[: -spare - 1 : -1] + jobs[:-spare]


def _copy_report(report: TextReport) -> TextReport:
    return dataclasses.replace(
        report, skipped=list(report.skipped), unavailable=list(report.unavailable)
    )


def _restore_report(report: TextReport, saved: TextReport) -> None:
    for name in (f.name for f in dataclasses.fields(TextReport)):
        setattr(report, name, getattr(saved, name))


def _stat(path: Path) -> ScannedFile | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return ScannedFile(path, st.st_size, st.st_mtime_ns, file_meta(st))


def _slow_pages(extracted: Extracted, ocr: OcrJob | None) -> int:
    """How many pages of a file the slow pass reads: its pages without text (OCR) and, when
    the table NIMs are set, a PDF's pages with text (tables)."""
    if ocr is None:
        return 0
    tables = len(extracted.table_pages) if ocr.tables is not None else 0
    return len(extracted.ocr_pages) + tables


def _wants_tables(row: FileRow, ocr: OcrJob | None) -> bool:
    """Whether a PDF is to be read (again) for its tables: the table NIMs are set and have not
    looked at it (it was read before they were set, or while they were down)."""
    return (
        ocr is not None
        and ocr.tables is not None
        and row.kind == "pdf"
        and row.state == "extracted"
        and row.note is None
    )


def _wants_ocr(note: str | None, ocr: OcrJob | None) -> bool:
    """Whether a file's scans are to be read (again) by OCR: they wait for it, or a local engine
    read them without knowing their language and an OCR NIM is set up now."""
    if ocr is None or note is None:
        return False
    if note == OCR_PENDING:
        return True
    if not note.startswith(OCR_UNREADABLE):
        return False
    # An OCR NIM that reads more than English (nemotron-ocr-v1 does not: no point asking it),
    # or a Tesseract now told to use the file's language and having it.
    nim = ocr.endpoint is not None and ocr.engine in ("auto", "nim")
    multilingual = nim and "ocr-v1" not in ocr.endpoint.model.lower()  # type: ignore[union-attr]
    code = language_code(note.removeprefix(OCR_UNREADABLE))
    local = not nim and ocr.engine in ("auto", "tesseract") and code in ocr.languages
    return multilingual or (local and code in tesseract_languages())


def retry_after_s(attempts: int) -> float:
    """How long a file that failed ``attempts`` times in a row waits before it is read again
    (when nothing about it changed): a locked file or a flaky drive gets well soon, a damaged
    file is not worth reading every few minutes."""
    return _RETRY_AFTER_S[min(max(attempts, 1), len(_RETRY_AFTER_S)) - 1]


def _cut_as_now(row: FileRow, max_chunks: int | None) -> bool:
    """Whether a file cut at the passage cap was cut at the cap in force now (after a change of
    'index.max_chunks_per_file' it is read again, to keep more or fewer passages)."""
    return row.cut_at is None or row.cut_at == max_chunks


def _unchanged(
    row: FileRow,
    scanned: ScannedFile,
    retry_failed: bool,
    now: float,
    max_chunks: int | None,
    ocr: OcrJob | None = None,
) -> bool:
    if row.size != scanned.size or row.mtime_ns != scanned.mtime_ns:
        return False
    if row.state == "failed":
        if retry_failed or (scanned.meta and scanned.meta != row.meta):
            return False  # asked to, or its permissions or owner changed
        if ocr is not None and row.error_kind == "no text":
            return False  # a scan refused while OCR was off: OCR is on now
        return now - row.updated_at < retry_after_s(row.attempts)
    if _wants_ocr(row.note, ocr) or _wants_tables(row, ocr):
        return False  # its scans wait for OCR (or an OCR NIM now reads their language), or
        # its tables for the table NIMs
    return row.state == "extracted" and _cut_as_now(row, max_chunks)
