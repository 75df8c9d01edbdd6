"""The one way the UI runs work off the GUI thread.

``TaskRunner.run(fn, on_done, on_error)`` runs ``fn`` on a worker pool and calls ``on_done(result)``
or ``on_error(exc)`` back on the GUI thread (Anki's QueryOp, Picard's run_task). Expected failures
(``TroveError``) go to ``on_error`` or, if none is given, to the message bridge; anything else is a
bug and goes to the crash handler, so no exception is ever lost in a thread. Work that writes the
catalog or Chroma can take the one-thread ``write`` lane.

``EventRelay`` carries bursts of events from any thread to the GUI thread in batches, so thousands
of progress events cost the event loop one call per flush, not one per event.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from shiboken6 import isValid

from desktop_app.core.errors import TroveError

__all__ = ["EventRelay", "Newest", "Task", "TaskRunner", "owned_by"]

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], object]


def owned_by(owner: QObject, fn: Callable[..., None]) -> Callable[..., None]:
    """``fn(owner, *args)`` as a callback, skipped once ``owner`` is deleted.

    A task may outlive the widget that started it (a closed dialog, a rebuilt window). The owner
    is held weakly, so a pending callback never keeps a widget alive either.
    """
    ref = weakref.ref(owner)

    def call(*args: Any) -> None:
        alive = ref()
        if alive is not None and isValid(alive):
            fn(alive, *args)

    return call


class Newest:
    """Delivers only the newest of overlapping reads of one thing.

    Reads run on a pool of threads and can finish out of order: the read started before a change
    (an ``indexChanged``) may deliver after the one started because of it, and the view would then
    show the state from before. Wrap each read's callback: an older read's result is dropped.
    """

    def __init__(self) -> None:
        self._issued = 0

    def __call__(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        self._issued += 1
        ticket = self._issued

        def deliver(result: Any) -> None:
            if ticket == self._issued:
                callback(result)

        return deliver


class Task:
    """A handle on submitted work: ``cancel`` sets the event the work may poll."""

    def __init__(self) -> None:
        self.cancel_event = threading.Event()
        self.finished = False

    def cancel(self) -> None:
        """Ask the work to stop; its callbacks are dropped."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        """True once ``cancel`` was called."""
        return self.cancel_event.is_set()


class _Job(QRunnable):
    """Runs one callable on a pool thread.

    The callable and its callbacks may hold the last reference to a widget; Qt objects must die
    on the GUI thread, so the runner keeps those references (``_jobs``) and drops them there.
    The job itself carries only an id.
    """

    def __init__(self, runner: TaskRunner, job_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._id = job_id
        self._fn: Callable[[], Any] | None = fn

    def run(self) -> None:
        fn, self._fn = self._fn, None
        assert fn is not None
        try:
            result, error = fn(), None
        except BaseException as exc:  # forwarded to the GUI thread, never lost here
            result, error = None, exc
        del fn  # the runner still holds it; the GUI thread lets it go
        try:
            self._runner._finished.emit(self._id, result, error)
        except RuntimeError:  # the app is shutting down and the runner is gone: nobody waits
            log.debug("task finished after its runner was deleted")


class TaskRunner(QObject):
    """Runs callables on worker threads; callbacks run on the GUI thread."""

    # Emitted from worker threads; the connection to the GUI-thread slot is queued by Qt.
    _finished = Signal(int, object, object)

    def __init__(
        self,
        on_unhandled_error: ErrorCallback | None = None,
        on_bug: ErrorCallback | None = None,
        inline: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.inline = inline
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(4)
        self._write_lane = QThreadPool(self)
        self._write_lane.setMaxThreadCount(1)
        self._on_unhandled_error = on_unhandled_error
        self._on_bug = on_bug
        self._active = 0
        self._jobs: dict[int, tuple[Callable[[], Any], Callable[..., None]]] = {}
        self._next_id = 0
        self._finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        lane: str = "pool",
        task: Task | None = None,
    ) -> Task:
        """Run ``fn()`` off the GUI thread; then ``on_done(result)`` or ``on_error(exc)``."""
        task = task or Task()

        def finish(result: Any, error: BaseException | None) -> None:
            self._active -= 1
            task.finished = True
            if task.cancelled:
                return
            if error is None:
                if on_done is not None:
                    on_done(result)
            elif isinstance(error, TroveError) and on_error is not None:
                on_error(error)
            elif isinstance(error, TroveError) and self._on_unhandled_error is not None:
                self._on_unhandled_error(error)
            elif self._on_bug is not None:
                self._on_bug(error)
            else:
                log.error("task failed", exc_info=error)

        self._active += 1
        if self.inline:
            try:
                result, error = fn(), None
            except BaseException as exc:
                result, error = None, exc
            finish(result, error)
        else:
            pool = self._write_lane if lane == "write" else self._pool
            self._next_id += 1
            self._jobs[self._next_id] = (fn, finish)
            pool.start(_Job(self, self._next_id, fn))
        return task

    @property
    def busy(self) -> bool:
        """True while any submitted work has not delivered its callback yet."""
        return self._active > 0

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Block until the pools are empty (shutdown and tests); callbacks are still queued."""
        return self._pool.waitForDone(timeout_ms) and self._write_lane.waitForDone(timeout_ms)

    def _deliver(self, job_id: int, result: Any, error: BaseException | None) -> None:
        _fn, finish = self._jobs.pop(job_id)
        finish(result, error)


class EventRelay(QObject):
    """Hands events pushed from any thread to the GUI thread in batches (every ``interval_ms``)."""

    batch = Signal(list)

    def __init__(self, interval_ms: int = 50, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[dict[str, Any]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        self._timer.start()

    def push(self, event: dict[str, Any]) -> None:
        """Thread-safe: queue one event (deque appends are atomic)."""
        self._queue.append(event)

    def flush(self) -> None:
        """Emit what is queued as one batch (GUI thread)."""
        if not self._queue:
            return
        items = []
        while self._queue:
            items.append(self._queue.popleft())
        self.batch.emit(items)

    def start(self) -> None:
        """(Re)start the periodic flush."""
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer and deliver the rest."""
        self._timer.stop()
        self.flush()
