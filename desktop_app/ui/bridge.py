"""The Qt bridge: owns the engine for the window, runs the live indexer, re-emits engine events.

The app process owns the data dir (as ``trove watch`` does), so it also serves other ``trove``
commands over the owner channel. Engine events arrive on worker threads; an ``EventRelay`` hands
them to the GUI thread in batches and the bridge turns them into a few coalesced signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core import events
from desktop_app.core.command_table import COMMANDS, handlers_for, run_command
from desktop_app.core.doctor import active_dimensions
from desktop_app.core.engine import Engine
from desktop_app.core.fsnames import readable
from desktop_app.core.live import LiveIndexer
from desktop_app.core.owner import ChannelServer
from desktop_app.core.paths import TroveDirs
from desktop_app.core.priority import lower_thread_priority
from desktop_app.core.settings import Settings
from desktop_app.ui.core_text import core_text
from desktop_app.ui.tasks import EventRelay, Task, TaskRunner

__all__ = ["EngineBridge"]

log = logging.getLogger(__name__)

_APP_WRITE_BATCH = 32


class EngineBridge(QObject):
    """The UI's single door into the core."""

    liveState = Signal(dict)  # the live indexer's snapshot: overall and per-folder state
    progress = Signal(dict)  # the newest "progress" event of a stage
    indexChanged = Signal()  # files were indexed or removed (coalesced per batch)
    fileFailed = Signal(dict)  # {"path", "reason", "message"}
    warning = Signal(str)  # in the window's language
    vectorsPaused = Signal(str)  # the vector stage stopped on a NIM failure (window language)
    vectorsDone = Signal()  # a vector stage ran to the end: a NIM failure shown before is over
    raiseRequested = Signal()  # a second launch asked this instance to show its window

    def __init__(
        self,
        dirs: TroveDirs,
        settings: Settings,
        runner: TaskRunner,
        live: bool = True,
        serve: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.dirs = dirs
        self.settings = settings
        self.runner = runner
        self._want_live = live
        self._want_channel = serve
        self.engine: Engine | None = None
        self.live: LiveIndexer | None = None
        self._live_thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._channel: ChannelServer | None = None
        self.relay = EventRelay(parent=self)
        self.relay.batch.connect(self._on_events)
        self.last_state: dict[str, Any] = {}
        self._ready = threading.Event()  # set while an engine is open
        self._stopped = True  # stopped for good (not restarting): calls fail at once

    # ------------------------------------------------------------------ lifecycle

    def start(self, paused: bool = False, settings: Settings | None = None) -> None:
        """Open the engine, serve the owner channel, start following the folders; with
        ``settings``, run on those (the first-run setup has just written them)."""
        if settings is not None:
            self.settings = settings
        self._stopped = False
        self.relay.start()
        # Chroma holds the GIL while it writes: it runs in a child process, with small writes so
        # searches do not wait long behind one.
        self.engine = Engine(
            self.dirs, self.settings, store_in_child=True, store_write_batch=_APP_WRITE_BATCH
        )
        self._ready.set()
        if self._want_channel:
            handlers = handlers_for(self.engine)
            handlers["app.raise"] = self._remote_raise
            self._channel = ChannelServer(self.dirs.data, handlers).start()
        if self._want_live:
            self.live = LiveIndexer(self.engine, self.relay.push, start_paused=paused)
            self._stop = threading.Event()
            self._live_thread = threading.Thread(
                target=self._run_live, args=(self.live, self._stop), name="trove-live", daemon=True
            )
            self._live_thread.start()

    def _run_live(self, live: LiveIndexer, stop: threading.Event) -> None:
        lower_thread_priority()  # and the embedding and extraction threads it starts
        try:
            live.run(stop)
        except Exception as exc:  # a bug: tell the user, the window stays usable for search
            log.exception("live indexing stopped")
            self.relay.push(events.warning("", f"Indexing stopped: {exc}"))

    def stop(self, timeout_s: float = 20.0) -> None:
        """Stop indexing (finished work is kept), close the channel and the engine."""
        self._stopped = True
        self._stop.set()
        self._ready.clear()
        if self._live_thread is not None:
            self._live_thread.join(timeout_s)
            self._live_thread = None
        self.runner.wait_idle(int(timeout_s * 1000))
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        self.relay.stop()

    def restart(self, settings: Settings) -> None:
        """Apply new settings: NIM clients and the store reopen with them.

        The old engine winds down on a worker (the live indexer finishes its current file), so
        the window stays responsive; calls made meanwhile wait for the new engine.
        """
        paused = self.paused
        self._ready.clear()
        self._stop.set()
        live_thread, channel, engine = self._live_thread, self._channel, self.engine
        self._live_thread, self._channel, self.engine, self.live = None, None, None, None

        def wind_down() -> None:
            if live_thread is not None:
                live_thread.join()
            if channel is not None:
                channel.close()
            if engine is not None:
                engine.close()

        def start_again(_: object) -> None:
            self.start(paused, settings)

        self.runner.run(wind_down, start_again, lane="write")

    # ------------------------------------------------------------------ control

    @property
    def paused(self) -> bool:
        """True while background indexing is paused."""
        return self.live is not None and self.live.paused

    # The live indexer publishes its new state from its own thread once it has paused or
    # resumed: a snapshot reads the catalog, which the GUI thread must not wait for.
    def pause(self) -> None:
        """Pause background indexing; changes are still collected."""
        if self.live is not None:
            self.live.pause()

    def resume(self) -> None:
        """Resume background indexing."""
        if self.live is not None:
            self.live.resume()

    def index_in_background(self, retry_failed: bool = False) -> bool:
        """Have the live indexer bring every folder up to date now (``retry_failed``: failed
        files too); False when none runs."""
        if self.live is None:
            return False
        self.live.index_now(retry_failed)
        return True

    # ------------------------------------------------------------------ operations

    def index_dimensions(self) -> int | None:
        """The active index's vector size, for the settings' connection test (worker threads:
        it reads the catalog). None when no engine runs or nothing was embedded yet."""
        if self.engine is None:
            return None
        status = run_command(self._wait_engine(), "status", {}, events.ignore, threading.Event())
        return active_dimensions(status)

    def call(
        self,
        command: str,
        args: dict[str, Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        emit: Callable[[dict[str, Any]], None] | None = None,
        cancel: threading.Event | None = None,
        post: Callable[[Any], Any] | None = None,
    ) -> Task:
        """Run a command of the command table (``command_table.COMMANDS``) off the GUI thread.

        ``cancel``: an event of the caller's that asks the command to stop while its callbacks
        still run (an answer stopped halfway reports what it kept); ``Task.cancel`` drops them.
        """
        task = Task()
        writes = COMMANDS[command].writes
        stop = cancel or task.cancel_event

        def work() -> Any:
            engine = self._wait_engine()
            if writes:
                lower_thread_priority()  # indexing: the GUI thread gets the CPU first
            result = run_command(engine, command, args, emit or self.relay.push, stop)
            # ``post``: the view's own work on the result that must not run on the GUI thread
            # (a rendered page becomes a QImage here).
            return post(result) if post is not None else result

        return self.runner.run(
            work, on_done, on_error, lane="write" if writes else "pool", task=task
        )

    def _wait_engine(self, timeout_s: float = 60.0) -> Engine:
        """The open engine; during a settings restart, wait for the new one (worker threads)."""
        if not self._stopped:
            self._ready.wait(timeout_s)
        engine = self.engine
        if engine is None:
            raise RuntimeError("the engine is not running")
        return engine

    # ------------------------------------------------------------------ events

    def _remote_raise(self, args: dict[str, Any], emit: Any) -> dict[str, Any]:
        self.raiseRequested.emit()  # queued to the GUI thread
        return {"raised": True}

    def _on_events(self, batch: list[dict[str, Any]]) -> None:
        latest_progress: dict[str, dict[str, Any]] = {}
        changed = False
        state: dict[str, Any] | None = None
        for event in batch:
            kind = event.get("type")
            if kind == "progress":
                latest_progress[event["stage"]] = event
            elif kind in ("file_indexed", "file_removed"):
                changed = True
            elif kind == "file_failed":
                changed = True
                self.fileFailed.emit(event)
            elif kind == "warning":
                # names: U+FFFD
                self.warning.emit(core_text(readable(str(event.get("message", "")))))
            elif kind == "live_state":
                state = event
            elif kind == "vector_status" and event.get("state") == "paused":
                self.vectorsPaused.emit(core_text(str(event.get("message", ""))))
            elif kind == "vector_status" and event.get("state") == "ok":
                self.vectorsDone.emit()
        for event in latest_progress.values():
            self.progress.emit(event)
        if changed:
            self.indexChanged.emit()
        if state is not None:
            self.last_state = state
            self.liveState.emit(state)
