"""Extraction in worker processes, so one pathological file cannot hang or sink the indexer.

Each worker is a process of its own, never forked from the app (which has threads: a forked child
can inherit a lock some other thread held), with its own pipe. On Linux workers are forked by
multiprocessing's fork server, a fresh single-threaded process that has imported the readers once:
a worker then starts in a few milliseconds instead of ~0.1 s of CPU for an interpreter and its
imports (for every worker, and again whenever one is recycled). Elsewhere, and in a frozen build,
they are spawned. The CLI's ``trove index`` forks its first workers from itself, before it has
opened anything or started a thread (``start_warm_pool``): they are ready in milliseconds.

A dispatcher thread in the parent hands one file at a time to an idle worker and watches three
things at once: replies, process deaths and deadlines. A file over its time limit gets its worker
killed and replaced (ExtractionTimeoutError); a worker that dies mid-file (segfault in a C parser,
os._exit) fails just that file (CorruptFileError); on POSIX an RLIMIT_AS cap turns a runaway
allocation into MemoryError inside the worker, reported as "too large to read", after which that
worker is recycled.

concurrent.futures.ProcessPoolExecutor cannot do this: it has no per-task timeout, and one dead
worker breaks the whole pool.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib
import itertools
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from desktop_app.core import errors
from desktop_app.core.errors import (
    CorruptFileError,
    ExtractionTimeoutError,
    FileError,
)
from desktop_app.core.ingest.chunker import chunk_sections
from desktop_app.core.ingest.document import Extracted
from desktop_app.core.ingest.extract import extract, too_large_error
from desktop_app.core.ingest.registry import (
    FormatSpec,
    custom_registrations,
    restore_registrations,
)
from desktop_app.core.ingest.rows import chunk_rows
from desktop_app.core.priority import lower_priority

if TYPE_CHECKING:
    from desktop_app.core.ocr.engines import OcrJob

__all__ = [
    "MIN_MEMORY_MB",
    "ExtractionPool",
    "discard_warm_pool",
    "start_warm_pool",
    "take_warm_pool",
]

log = logging.getLogger(__name__)

_FILE_ERRORS: dict[str, type[FileError]] = {
    name: cls
    for name in errors.__all__
    if isinstance(cls := getattr(errors, name), type) and issubclass(cls, FileError)
}
# A file prefetched behind one that has run this long is also given to an idle worker, so one
# slow file holds back at most this long the file queued behind it.
_STEAL_AFTER_S = 0.5
# A worker this many files short of its recycling gets the fork server started for its successor.
_PREPARE_REPLACEMENT_TASKS = 100
# A worker that dies this many times in a row before it is even ready means a broken install.
_MAX_START_FAILURES = 3
# A worker with every format library loaded maps ~210 MB of address space before reading
# anything (measured, Linux x86-64); a lower cap would fail every file.
MIN_MEMORY_MB = 512


def _single_threaded() -> bool:
    """Whether forking this very process is safe: Linux (see _worker_context), not frozen, and no
    other thread that could hold a lock the child would inherit."""
    return (
        sys.platform.startswith("linux")
        and not getattr(sys, "frozen", False)
        and threading.active_count() == 1
    )


_PRELOADED_READERS = tuple(
    f"desktop_app.core.ingest.formats.{name}" for name in ("text", "markup", "office", "slides")
)


def _worker_context() -> Any:
    """How workers are started: by the fork server on Linux (see the module's docstring), else
    spawned (Windows has no fork; macOS forks badly once system frameworks are loaded; a frozen
    build routes only spawned children through freeze_support)."""
    if sys.platform.startswith("linux") and not getattr(sys, "frozen", False):
        ctx = multiprocessing.get_context("forkserver")
        # The server imports this module and the common readers (lxml, zipfile) once, before it
        # forks anyone; the main module too, as spawn would in every worker. Not PDFium: 0.14 s
        # to load, for the runs that meet a PDF.
        ctx.set_forkserver_preload(["__main__", __name__, *_PRELOADED_READERS])
        return ctx
    return multiprocessing.get_context("spawn")


# Pools running now; the fork server is stopped when the last one ends (an idle app keeps no
# extra process; the next pool starts a new server, as it would have spawned its workers).
_live_pools = 0
_live_lock = threading.Lock()


def _pool_started() -> None:
    global _live_pools
    with _live_lock:
        _live_pools += 1


def _pool_ended(ctx: Any) -> None:
    global _live_pools
    with _live_lock:
        _live_pools -= 1
        if _live_pools or ctx.get_start_method() != "forkserver":
            return
        from multiprocessing import forkserver

        # Its workers are all reaped, so it exits at once; waiting for it here counts its CPU
        # (and its workers') to this process, as spawned workers' was.
        stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
        if stop is not None:
            try:
                stop()
            except OSError as exc:
                log.debug("could not stop the fork server: %s", exc)


def _start_fork_server_ahead(ctx: Any) -> None:
    """Start the fork server now for a worker that retires soon (a pool whose first workers were
    forked from the caller has none yet): its ~0.1 s start then overlaps the worker's last files
    instead of leaving a worker missing."""
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    threading.Thread(target=forkserver.ensure_running, name="fork-server-start").start()


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space (POSIX). Windows and macOS (where RLIMIT_AS is not enforced) rely on
    the timeout alone."""
    try:
        import resource
    except ImportError:
        return
    limit = max(memory_mb, MIN_MEMORY_MB) * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        log.warning("could not cap extraction worker memory at %d MB", memory_mb)


def _address_space_mb() -> int | None:
    """This process's mapped address space in MB (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def _error_payload(exc: FileError) -> tuple[str, str, str, str]:
    # TroveError subclasses do not survive pickling (their __init__ takes extra arguments),
    # so errors cross the pipe as plain fields and are rebuilt on the other side.
    return (type(exc).__name__, exc.path, str(exc), exc.hint)


def _extract_task(
    path: Path,
    chunk_tokens: int | None,
    max_chunks: int | None = None,
    ocr: OcrJob | None = None,
) -> Extracted:
    """Extract ``path`` and, when asked, chunk it into catalog rows here too (off the parent's
    CPU and GIL); the sections then stay behind, so the text crosses the pipe once. Only the
    first ``max_chunks`` become rows (``chunks_total`` says how many there were). With ``ocr``
    the pages without a text layer are read by OCR too, and a PDF's tables by the table NIMs
    when they are set (the second, slow pass)."""
    extracted = extract(path)
    if ocr is not None and ocr.tables is not None and extracted.kind == "pdf":
        from desktop_app.core.ingest.pdf_tables import read_pdf_tables

        extracted = read_pdf_tables(path, extracted, ocr)
    if ocr is not None and extracted.ocr_pages:
        from desktop_app.core.ingest.ocr_pages import ocr_extracted

        extracted = ocr_extracted(path, extracted, ocr)
    if chunk_tokens is None:
        return extracted
    chunks = chunk_sections(extracted.sections, chunk_tokens)
    rows = chunk_rows(chunks if max_chunks is None else chunks[:max_chunks])
    return dataclasses.replace(extracted, sections=[], chunks=rows, chunks_total=len(chunks))


def _exit_with_parent() -> None:
    """End this worker the moment its parent dies (kill -9, a crash), even mid-file: nobody is
    left to take the result, and a parser stuck in a loop would otherwise run on forever (the
    parent enforces the timeout)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)  # quietly: no traceback, no cleanup owed to a dead parent

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_main(
    conn: Connection,
    memory_mb: int,
    registrations: dict[str, FormatSpec],
    background: bool = True,
) -> None:
    """Entry point of a worker process: extract files named on ``conn`` until told to stop."""
    # A broken pipe means the parent is gone: a traceback would only alarm the user.
    with contextlib.suppress(EOFError, OSError):
        _serve_files(conn, memory_mb, registrations, background)


def _serve_files(
    conn: Connection,
    memory_mb: int,
    registrations: dict[str, FormatSpec],
    background: bool = True,
) -> None:
    if hasattr(signal, "SIGINT"):
        # Ctrl+C in a terminal reaches the whole process group; the parent decides when we stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    if background:
        lower_priority()
    if memory_mb > 0:
        _limit_memory(memory_mb)
    restore_registrations(registrations)
    conn.send(("ready", os.getpid()))
    # While the parent gets ready to hand out files (a forked worker has not loaded them yet;
    # a fork server's workers have, and this costs them nothing).
    for name in _PRELOADED_READERS:
        importlib.import_module(name)
    while True:
        message = conn.recv()
        if message is None:
            return
        task_id, path, chunk_tokens, max_chunks, ocr = message
        recycle = False
        payload: Any
        # OCR has its own cap (ONNX Runtime and page images need more than a parser).
        own_cap = memory_mb > 0 and ocr is not None and ocr.memory_mb > 0
        if own_cap:
            _limit_memory(ocr.memory_mb)
        try:
            kind, payload = "ok", _extract_task(Path(path), chunk_tokens, max_chunks, ocr)
        except FileError as exc:
            kind, payload = "error", _error_payload(exc)
            recycle = isinstance(exc.__cause__, MemoryError)
        except MemoryError:
            kind, payload = "error", _error_payload(too_large_error(Path(path)))
            recycle = True
        except Exception as exc:  # a bug (extract() maps every file problem): report, keep going
            kind, payload = "bug", f"{type(exc).__name__}: {exc}"
        if own_cap:
            # Back under the parsers' cap, or (grown past it: ONNX Runtime loaded) start afresh.
            if (_address_space_mb() or memory_mb) < memory_mb:
                _limit_memory(memory_mb)
            else:
                recycle = True
        # After running out of memory the heap may stay bloated or fragmented: the worker says
        # so in its reply (the parent then expects it to exit) and starts afresh.
        try:
            conn.send((task_id, kind, payload, recycle))
        except MemoryError:
            conn.send((task_id, "error", _error_payload(too_large_error(Path(path))), True))
            recycle = True
        if recycle:
            return


def _put_done(
    done: queue.SimpleQueue[tuple[Path, Future[Extracted]]], path: Path, future: Future[Extracted]
) -> None:
    done.put((path, future))


def _outcome(future: Future[Extracted]) -> Extracted | FileError:
    """The future's Extracted, or its FileError as a value (anything else propagates)."""
    try:
        return future.result()
    except FileError as exc:
        return exc


@dataclass
class _Task:
    id: int
    path: Path
    future: Future[Extracted]
    chunk_tokens: int | None = None
    max_chunks: int | None = None
    ocr: OcrJob | None = None  # read the pages without text by OCR (its own timeout)
    running: bool = False  # its future is already marked running (a prefetched task put back)
    stolen: bool = False  # prefetched, then also sent to an idle worker (see _steal)

    @property
    def timeout_s(self) -> float | None:
        """Its own time limit (an OCR task's), or None for the pool's."""
        return self.ocr.timeout_s if self.ocr is not None else None

    def message(self) -> tuple[Any, ...]:
        """What the worker is sent."""
        return (self.id, str(self.path), self.chunk_tokens, self.max_chunks, self.ocr)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: _Task | None = None
    # A second file already sent, waiting in the worker's pipe: the worker starts it the moment
    # it replies, instead of idling until the dispatcher thread gets the GIL back from a busy
    # parent (measured: that wait halved throughput when the parent was writing the catalog).
    queued: _Task | None = None
    deadline: float = 0.0
    started: float = 0.0
    done: int = 0
    retiring: bool = False


class ExtractionPool:
    """Runs ``extract`` in ``workers`` processes with a per-file timeout and memory cap.

    ``memory_mb`` caps each worker's address space (at least MIN_MEMORY_MB; 0 = no cap).
    Workers run at background priority (core/priority.py) unless ``background`` is False: a
    command the user runs in a terminal and waits for (``trove index``) is their foreground work.
    ``fork_here``: the caller is a process whose whole state may be copied (the CLI before it
    has opened anything or started a thread; checked): the first workers are forked from it,
    ready in milliseconds instead of after a fresh interpreter's imports; workers started later
    (recycled, replaced) come from the fork server or are spawned, as always.
    ``workers=0`` runs everything in the calling thread (tests, debugging; no timeout or cap).
    The app's entry point must be import-safe (``if __name__ == "__main__":``) and, when frozen,
    call ``multiprocessing.freeze_support()``: workers re-import the main module, never inherit
    the app's state.
    """

    def __init__(
        self,
        workers: int = 2,
        timeout_s: float = 120.0,
        memory_mb: int = 2048,
        *,
        max_tasks_per_worker: int = 500,
        background: bool = True,
        fork_here: bool = False,
    ) -> None:
        if workers < 0:
            raise ValueError("workers must be 0 (in-process) or more")
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.workers = workers
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.max_tasks_per_worker = max_tasks_per_worker
        self.background = background
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: deque[_Task] = deque()
        self._closing = False
        self._abort = False
        self._start_failures = 0
        self._broken: str | None = None
        self._pool: list[_Worker] = []
        self._thread: threading.Thread | None = None
        if workers == 0:
            return
        self._ctx = _worker_context()
        # Registrations made in this process (tests, plugins) are recreated in every worker.
        self._registrations = custom_registrations()
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        if fork_here and _single_threaded():
            # Copies of this process, at once: it has imported most of what a worker runs.
            forking = multiprocessing.get_context("fork")
            for _ in range(workers):
                self._pool.append(self._start_worker(forking))
        # Otherwise the dispatcher thread starts them: the caller goes on at once (the fork
        # server's first start waits for its imports).
        self._thread = threading.Thread(target=self._run, name="extraction-dispatch", daemon=True)
        self._thread.start()

    # -- public API -------------------------------------------------------------------------

    def submit(
        self,
        path: Path | str,
        chunk_tokens: int | None = None,
        max_chunks: int | None = None,
        ocr: OcrJob | None = None,
    ) -> Future[Extracted]:
        """Queue ``path``; the future holds its Extracted or raises its FileError.

        With ``chunk_tokens`` the worker also chunks the text into catalog rows
        (``Extracted.chunks``; ``sections`` then comes back empty), so the parent's CPU is left
        for the catalog. Done-callbacks run on the pool's dispatcher thread: keep them short
        (hand off to a queue).
        """
        future: Future[Extracted] = Future()
        path = Path(path)
        if self.workers == 0:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(_extract_task(path, chunk_tokens, max_chunks, ocr))
                except Exception as exc:
                    future.set_exception(exc)
            return future
        with self._lock:
            if self._closing:
                raise RuntimeError("the extraction pool is closed")
            if self._broken:
                future.set_exception(RuntimeError(self._broken))
                return future
            task = _Task(next(self._ids), path, future, chunk_tokens, max_chunks, ocr)
            self._pending.append(task)
            self._wake()
        return future

    def map(
        self,
        paths: Iterable[Path | str],
        *,
        ordered: bool = True,
        chunk_tokens: int | None = None,
        max_chunks: int | None = None,
        ocr: OcrJob | None = None,
        on_idle: Callable[[], object] | None = None,
        idle_s: float = 0.1,
    ) -> Iterator[tuple[Path, Extracted | FileError]]:
        """Extract ``paths``, a few at a time; yields (path, result or FileError).

        ``ordered=False`` yields each file as soon as it is done, so one slow file never holds
        back the ones behind it. ``paths`` is read lazily, at most ``2 * workers + 8`` ahead (2 in
        process).
        ``on_idle`` is called (in the caller's thread) once no result has come for ``idle_s``,
        and before each file an in-process pool reads: the caller's moment to write what it
        holds (the text stage's slice of files) instead of keeping it through a slow file.
        """
        # Two per worker (the file it reads, the one in its pipe) and a few more queued here:
        # while the caller is busy (the text stage commits a slice of files between results),
        # the dispatcher thread keeps every worker fed (measured on 300 Office files: workers
        # found their pipe empty after 20-24 files with 2 per worker, after 6-8 with this).
        window = self.workers * 2 + 8 if self.workers else 2
        chunking = (chunk_tokens, max_chunks, ocr)
        idle = (on_idle, idle_s)
        if ordered:
            yield from _map_ordered(self, paths, window, chunking, idle)
        else:
            yield from _map_unordered(self, paths, window, chunking, idle)

    def close(self, wait: bool = True) -> None:
        """Stop the workers: after the queued files (``wait``) or at once, cancelling the rest."""
        if self.workers == 0:
            return
        with self._lock:
            self._closing = True
            if not wait:
                self._abort = True
            self._wake()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(wait=exc_type is None)

    # -- worker management (dispatcher thread) ----------------------------------------------

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # the dispatcher is already gone
            self._wake_w.send_bytes(b"!")

    def _start_worker(self, ctx: Any = None) -> _Worker:
        ctx = ctx or self._ctx
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        process = ctx.Process(
            target=_worker_main,
            args=(child_conn, self.memory_mb, self._registrations, self.background),
            name="trove-extract",
            daemon=True,
        )
        process.start()
        child_conn.close()  # the child has its own copy; ours would hide the child's death
        return _Worker(process, parent_conn)

    def _stop_worker(self, worker: _Worker, kill: bool) -> None:
        self._signal_stop(worker, kill)
        self._reap(worker, kill)

    def _signal_stop(self, worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)

    def _reap(self, worker: _Worker, kill: bool) -> None:
        worker.process.join(timeout=None if kill else 5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
        worker.process.close()

    def _replace(self, worker: _Worker, kill: bool) -> None:
        self._pool.remove(worker)
        self._stop_worker(worker, kill)
        if not self._closing and self._broken is None:
            self._pool.append(self._start_worker())

    def _finish(self, task: _Task, result: Extracted | BaseException) -> None:
        if task.future.done():
            return
        if isinstance(result, BaseException):
            task.future.set_exception(result)
        else:
            task.future.set_result(result)

    def _requeue(self, worker: _Worker) -> None:
        """Put the worker's prefetched file back at the head of the queue (it never started)."""
        task, worker.queued = worker.queued, None
        # A stolen task runs on another worker already; a finished one needs nothing.
        if task is not None and not task.stolen and not task.future.done():
            with self._lock:
                self._pending.appendleft(task)

    def _crashed(self, worker: _Worker) -> None:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        self._requeue(worker)
        task = worker.task
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures >= _MAX_START_FAILURES:
                self._broken = f"extraction workers fail to start (exit code {code})"
                log.error(self._broken)
        if task is not None:
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            self._finish(
                task,
                CorruptFileError(
                    str(task.path),
                    f"Reading '{task.path.name}' crashed the reader ({how}).",
                    "The file is probably damaged, or hits a bug in a reading library; "
                    "Trove skipped it and went on.",
                ),
            )
            worker.task = None
        self._replace(worker, kill=True)

    def _deliver(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        if message[0] == "ready":
            worker.ready = True
            self._start_failures = 0
            return
        task = worker.task
        worker.task = None
        worker.done += 1
        worker.retiring = bool(message[3]) or worker.done >= self.max_tasks_per_worker
        if worker.done == max(1, self.max_tasks_per_worker - _PREPARE_REPLACEMENT_TASKS):
            _start_fork_server_ahead(self._ctx)
        if worker.queued is not None:
            if worker.retiring:
                self._requeue(worker)  # the worker exits without reading it
            else:
                worker.task, worker.queued = worker.queued, None
                self._begin(worker, worker.task)
        if task is None or message[0] != task.id:
            return
        kind, payload = message[1], message[2]
        if kind == "ok":
            self._finish(task, payload)
        elif kind == "error":
            name, path, text, hint = payload
            cls = _FILE_ERRORS.get(name, CorruptFileError)
            self._finish(task, cls(path, text, hint))
        else:
            self._finish(task, RuntimeError(f"extraction bug on {task.path}: {payload}"))

    def _next_task(self) -> _Task | None:
        """The next queued task not cancelled meanwhile, marked running (lock held)."""
        while self._pending:
            task = self._pending.popleft()
            if task.running or task.future.set_running_or_notify_cancel():
                task.running = True
                return task
        return None

    def _begin(self, worker: _Worker, task: _Task) -> None:
        """Start the clock of ``task`` on ``worker``."""
        worker.started = time.monotonic()
        worker.deadline = worker.started + (task.timeout_s or self.timeout_s)

    def _stealable(self, now: float) -> list[_Worker]:
        """Busy workers whose prefetched file has waited behind a slow one for too long (never
        an OCR task: read twice, it would cost the NIM twice)."""
        return [
            w
            for w in self._pool
            if w.queued is not None
            and not w.queued.stolen
            and w.queued.ocr is None
            and now - w.started >= _STEAL_AFTER_S
        ]

    def _steal(self) -> None:
        """Give idle workers the files stuck behind a slow file (nothing else is waiting).

        The file stays in the slow worker's pipe too (it cannot be taken back); whichever copy
        finishes first sets the result, the other is ignored.
        """
        now = time.monotonic()
        idle = [w for w in self._pool if w.ready and not w.retiring and w.task is None]
        for worker, victim in zip(idle, self._stealable(now), strict=False):
            task = victim.queued
            assert task is not None
            task.stolen = True
            worker.task = task
            self._begin(worker, task)
            with contextlib.suppress(OSError):
                worker.conn.send(task.message())

    def _assign(self) -> None:
        with self._lock:
            if not self._pending:
                self._steal()
                return
            # Idle workers first, then a second file for busy ones (see _Worker.queued); never
            # for a worker that retires after its current file, which would not read it.
            for prefetch in (False, True):
                for worker in self._pool:
                    if not self._pending:
                        return
                    if not worker.ready or worker.retiring:
                        continue
                    if prefetch:
                        if worker.task is None or worker.queued is not None:
                            continue
                        if worker.done + 2 > self.max_tasks_per_worker:
                            continue
                    elif worker.task is not None:
                        continue
                    task = self._next_task()
                    if task is None:
                        return
                    if prefetch:
                        worker.queued = task
                    else:
                        worker.task = task
                        self._begin(worker, task)
                    # If it died meanwhile, its sentinel fires and the crash path handles it.
                    with contextlib.suppress(OSError):
                        worker.conn.send(task.message())

    def _fail_all(self, exc_factory: Any) -> None:
        with self._lock:
            pending, self._pending = list(self._pending), deque()
        for task in pending:
            if task.running or task.future.set_running_or_notify_cancel():
                self._finish(task, exc_factory())
        for worker in self._pool:
            for held in (worker.task, worker.queued):
                if held is not None:
                    self._finish(held, exc_factory())
            worker.task = worker.queued = None

    def _run(self) -> None:
        _pool_started()
        try:
            self._start_workers()
            self._loop()
        except Exception:
            log.exception("extraction dispatcher failed")
            self._fail_all(lambda: RuntimeError("the extraction dispatcher failed; see the log"))
        finally:
            # Every worker is told first, then each is waited for: they wind down (interpreter
            # teardown, ~50 ms each) together, not one after another at the end of every run.
            stopping = [(w, self._abort or w.task is not None) for w in self._pool]
            for worker, kill in stopping:
                self._signal_stop(worker, kill)
            for worker, kill in stopping:
                self._reap(worker, kill)
            self._pool.clear()
            self._wake_r.close()
            self._wake_w.close()
            _pool_ended(self._ctx)

    def _start_workers(self) -> None:
        if self._pool:
            return  # forked by the caller (``fork_here``)
        try:
            for _ in range(self.workers):
                self._pool.append(self._start_worker())
        except OSError as exc:  # no processes left, a full /tmp for the fork server's socket
            self._broken = f"extraction workers could not be started ({exc})"
            log.error(self._broken)

    def _loop(self) -> None:
        while True:
            if self._abort:
                self._fail_all(CancelledError)
                return
            if self._broken:
                self._fail_all(lambda reason=self._broken: RuntimeError(reason))
                with self._lock:
                    if self._closing:
                        return
            self._assign()
            with self._lock:
                idle = not self._pending and all(w.task is None for w in self._pool)
                if self._closing and idle:
                    return
            busy = [w for w in self._pool if w.task is not None]
            now = time.monotonic()
            wakeups = [w.deadline for w in busy]
            if any(w.ready and not w.retiring and w.task is None for w in self._pool):
                # An idle worker will take a file stuck behind a slow one then (_steal).
                wakeups += [
                    w.started + _STEAL_AFTER_S
                    for w in busy
                    if w.queued is not None and not w.queued.stolen and w.queued.ocr is None
                ]
            timeout = min((t - now for t in wakeups), default=None)
            handles: list[Any] = [self._wake_r]
            for worker in self._pool:
                handles.extend((worker.conn, worker.process.sentinel))
            ready = wait(handles, timeout=max(0.0, timeout) if timeout is not None else None)
            if self._wake_r in ready:
                while self._wake_r.poll():
                    self._wake_r.recv_bytes()
            for worker in list(self._pool):
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        self._crashed(worker)
                        continue
                    self._deliver(worker, message)
                    del message  # a whole file's text: do not keep it until the next one
                    if worker.retiring:
                        self._replace(worker, kill=False)
                elif worker.process.sentinel in ready:
                    self._crashed(worker)
            now = time.monotonic()
            for worker in list(self._pool):
                task = worker.task
                if task is not None and now >= worker.deadline:
                    self._finish(
                        task,
                        ExtractionTimeoutError(
                            str(task.path),
                            f"Reading '{task.path.name}' took longer than "
                            f"{task.timeout_s or self.timeout_s:g} s, so Trove stopped it.",
                            "The file may be huge or malformed. Raise "
                            f"'{'ocr.timeout' if task.ocr else 'index.extract_timeout'}' if "
                            "it should be searchable.",
                        ),
                    )
                    worker.task = None
                    self._requeue(worker)
                    self._replace(worker, kill=True)


# ExtractionPool.map's two orders, on the pool's public surface (submit, workers).


def _submit_for_map(
    pool: ExtractionPool, path: Path, chunking: tuple[Any, ...], idle: tuple[Any, float]
) -> Future[Extracted]:
    if pool.workers == 0 and idle[0] is not None:
        idle[0]()  # the file is read right here, for as long as it takes
    return pool.submit(path, *chunking)


def _map_ordered(
    pool: ExtractionPool,
    paths: Iterable[Path | str],
    window: int,
    chunking: tuple[Any, ...],
    idle: tuple[Callable[[], object] | None, float],
) -> Iterator[tuple[Path, Extracted | FileError]]:
    waiting: deque[tuple[Path, Future[Extracted]]] = deque()
    iterator = iter(paths)
    exhausted = False
    on_idle, idle_s = idle
    while True:
        while not exhausted and len(waiting) < window:
            try:
                path = Path(next(iterator))
            except StopIteration:
                exhausted = True
                break
            waiting.append((path, _submit_for_map(pool, path, chunking, idle)))
        if not waiting:
            return
        path, future = waiting.popleft()
        if on_idle is not None:
            done, _ = futures_wait([future], timeout=idle_s)
            if not done:
                on_idle()
        yield path, _outcome(future)


def _map_unordered(
    pool: ExtractionPool,
    paths: Iterable[Path | str],
    window: int,
    chunking: tuple[Any, ...],
    idle: tuple[Callable[[], object] | None, float],
) -> Iterator[tuple[Path, Extracted | FileError]]:
    # Done-callbacks (dispatcher thread) only hand finished futures to this queue.
    done: queue.SimpleQueue[tuple[Path, Future[Extracted]]] = queue.SimpleQueue()
    iterator = iter(paths)
    exhausted = False
    running = 0
    on_idle, idle_s = idle
    while True:
        while not exhausted and running < window:
            try:
                path = Path(next(iterator))
            except StopIteration:
                exhausted = True
                break
            future = _submit_for_map(pool, path, chunking, idle)
            future.add_done_callback(functools.partial(_put_done, done, path))
            running += 1
        if not running:
            return
        if on_idle is None:
            path, future = done.get()
        else:
            try:
                path, future = done.get(timeout=idle_s)
            except queue.Empty:
                on_idle()
                path, future = done.get()
        running -= 1
        yield path, _outcome(future)


# A pool started ahead of need: `trove index` starts its workers before loading the engine, so
# their start (an interpreter and its imports each, ~0.1-0.3 s) overlaps the parent's own.
_warm: tuple[tuple[int, float, int], ExtractionPool] | None = None


def start_warm_pool(
    workers: int, timeout_s: float, memory_mb: int, *, background: bool = True
) -> None:
    """Start a pool now for a ``take_warm_pool`` with the same arguments to pick up later.

    Called by the CLI before it opens anything or starts a thread: its workers are forked from
    it (``ExtractionPool(fork_here=True)``)."""
    global _warm
    if _warm is None and workers > 0:
        pool = ExtractionPool(workers, timeout_s, memory_mb, background=background, fork_here=True)
        _warm = ((workers, timeout_s, memory_mb), pool)


def take_warm_pool(workers: int, timeout_s: float, memory_mb: int) -> ExtractionPool | None:
    """The warm pool, if one was started with these arguments (else it is closed)."""
    global _warm
    warm, _warm = _warm, None
    if warm is None:
        return None
    # The same pool: the same limits, and the formats registered now (the workers were given
    # those of the moment they started).
    pool = warm[1]
    if warm[0] == (workers, timeout_s, memory_mb) and pool._registrations == custom_registrations():
        return pool
    pool.close(wait=False)
    return None


def discard_warm_pool() -> None:
    """Close a warm pool nobody took (the command ran in the process that owns the index)."""
    global _warm
    warm, _warm = _warm, None
    if warm is not None:
        warm[1].close(wait=False)
