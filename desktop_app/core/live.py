"""Keep the index following the folders: watch, debounce, index what settled, embed, reconcile.

Watcher events are hints, not truth: native watchers drop events when their queue overflows, and
nothing is watched while Trove is closed. So a full reconcile (a scan that costs a stat per
unchanged file) runs at start, periodically, after the OS reports lost events, and after the machine
wakes from sleep. A folder whose root vanished (unmounted drive) is left as it was.

One thread does all the writing, in steps it can interrupt between files and batches:

* Changes the user just made go first: a reconcile or an embedding backlog stops at the next
  boundary when settled changes wait, the changes are indexed and their chunks embedded, then the
  backlog resumes (a reconcile resumes by rescanning, which costs a stat per file already done, so
  it only gives way after working at least as long as its scan took). A burst of settled changes
  is applied in slices, and changes that settle meanwhile go before the rest of it.
* Pause stops at the next boundary, keeping finished work; the watchers keep collecting changes.
* Searches and chat retrieval (``Engine.interactive``) make it wait between files and batches.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from desktop_app.core import events, status_report
from desktop_app.core.diskspace import has_room, needed_bytes
from desktop_app.core.engine import Engine
from desktop_app.core.errors import DiskFullError, TroveError
from desktop_app.core.events import Emit, Event
from desktop_app.core.fsnames import on_disk, stored
from desktop_app.core.index.changes import Change, ChangeCollector
from desktop_app.core.index.records import Folder
from desktop_app.core.index.watcher import FolderWatcher

__all__ = ["LIVE_STATES", "LiveIndexer"]

log = logging.getLogger(__name__)

LIVE_STATES = (
    "starting",
    "scanning",
    "indexing",
    "embedding",
    "idle",  # up to date: every passage is searchable by meaning
    "paused",
    "keyword_only",  # passages wait for vectors (the reason is in ``nim_message``)
    "nim_unavailable",  # the embedding NIM is down; probed, resumed by itself
    "disk_full",  # a write found the disk full; waits for room, goes on by itself
)

# How often a running step looks for settled changes that should go ahead of it.
_PEEK_EVERY_S = 0.1
# Changes applied in one step: a 10,000-file unzip is indexed in steps this size, and changes
# that settle meanwhile go ahead of the rest.
_SLICE = 100
# While idle, the state is looked at again this often (it only goes out when it changed).
_IDLE_REFRESH_S = 3.0


class LiveIndexer:
    """Runs the engine in the background until ``stop`` is set; pausable, with a status snapshot."""

    def __init__(
        self,
        engine: Engine,
        emit: Emit = events.ignore,
        quiet_s: float = 0.5,
        ceiling_s: float = 30.0,
        reconcile_every_s: float = 900.0,
        retry_vectors_s: float = 30.0,
        start_paused: bool = False,
        status_every_s: float = 1.0,
    ) -> None:
        self.engine = engine
        self.emit = emit
        self.collector = ChangeCollector(quiet_s, ceiling_s)
        self.watcher = FolderWatcher(self.collector, self._warn)
        self.reconcile_every_s = reconcile_every_s
        self.retry_vectors_s = retry_vectors_s
        self.status_every_s = status_every_s
        self.error_backoff_s = 10.0  # after an unexpected failure, before trying again
        self.vectors_paused = False  # the NIM failed in a way retries cannot fix; chunks wait
        self.nim_message = ""
        self.disk_message = ""  # set while indexing waits for disk space
        self.has_room = has_room  # (where, bytes) -> bool; tests say what the disk holds
        self.disk_check_s = 10.0  # how often a full disk is looked at again
        self.idle = threading.Event()  # set while nothing is pending (tests and the GUI wait on it)
        self._paused = start_paused
        self._stop = threading.Event()
        self._activity = "starting"
        self._reconcile_due = True
        self._embed_due = True  # chunks left queued by an earlier run are embedded at start
        self._backlog = 0  # files left in the running text pass
        self._queued: list[Change] = []  # settled changes not applied yet (the rest of a burst)
        self._rescan: set[int] = set()  # folders with a subfolder moved or deleted: rescan them
        self._retry_failed = False  # the next full reconcile reads failed files again
        self._gate: _Gate | None = None
        self._last_state: dict[str, Any] | None = None
        self._published_at = 0.0
        engine.nim_listeners.append(self._nim_changed)

    # ------------------------------------------------------------------ controls

    @property
    def paused(self) -> bool:
        """Whether indexing is paused (changes are still collected)."""
        return self._paused

    def pause(self) -> None:
        """Stop starting extraction and embedding work; what runs stops at the next file/batch."""
        self._paused = True
        self.collector.wake()

    def resume(self) -> None:
        """Go on: the changes collected meanwhile are indexed, an interrupted reconcile redone."""
        self._paused = False
        self.collector.wake()

    def index_now(self, retry_failed: bool = False) -> None:
        """Look at every folder at the next step (one was just added, or the user asked), then
        embed what waits; ``retry_failed``: read the files that failed again too.

        Work asked for this way pauses, gives way to searches and shows in the state like the
        indexer's own, unlike a separate ``index`` command run beside it."""
        self._retry_failed = self._retry_failed or retry_failed
        self._reconcile_due = True
        self._embed_due = True
        self.idle.clear()
        self.collector.wake()

    # ------------------------------------------------------------------ the loop

    def run(self, stop: threading.Event) -> None:
        """Reconcile, then follow changes until ``stop``; always leaves the watchers closed."""
        self._stop = stop
        try:
            self.watcher.sync(self.engine.folders())
            self._publish(force=True)
            last_reconcile = time.monotonic()
            last_vectors = float("-inf")
            wall_gap = time.time() - time.monotonic()
            while not stop.is_set():
                now = time.monotonic()
                # The wall clock jumping ahead of the monotonic one means the machine slept.
                slept = (time.time() - now) - wall_gap > 60
                wall_gap = time.time() - now
                if (
                    slept
                    or self.collector.overflowed
                    or now - last_reconcile >= self.reconcile_every_s
                ):
                    self.collector.overflowed = False
                    self._reconcile_due = True
                    last_reconcile = now
                if self._paused:
                    self.idle.clear()
                    self._set_activity("paused")
                    self.collector.wait(1.0)
                    continue
                try:
                    fresh = self.collector.take_ready()
                    if fresh or self._queued:
                        # The newest changes go first; a burst is applied in slices so a save
                        # made meanwhile does not wait for all of it.
                        if fresh:
                            batch, self._queued = fresh[:_SLICE], fresh[_SLICE:] + self._queued
                        else:
                            batch, self._queued = self._queued[:_SLICE], self._queued[_SLICE:]
                        self.idle.clear()
                        self._apply(batch)
                        continue
                    if self._reconcile_due or self._rescan:
                        self.idle.clear()
                        full = self._reconcile_due
                        folders = self.engine.folders()
                        self.watcher.sync(folders)
                        wanted = {f.id for f in folders} if full else set(self._rescan)
                        retry = full and self._retry_failed
                        if self._reconcile([f for f in folders if f.id in wanted], retry):
                            self._rescan -= wanted
                            if full:
                                self._reconcile_due = False
                                self._retry_failed = self._retry_failed and not retry
                                last_reconcile = time.monotonic()
                        continue
                    nim_down = self.engine.nim.breakers["embedding"].is_open
                    nim_wait = nim_down or (
                        self.vectors_paused and now - last_vectors < self.retry_vectors_s
                    )
                    if self._embed_due and not nim_wait:
                        self.idle.clear()
                        self._embed(None)
                        last_vectors = time.monotonic()
                        continue
                except DiskFullError as exc:
                    # Nothing is lost (each file's state is in the catalog); wait for room,
                    # then look at everything again.
                    self._wait_for_room(exc, stop)
                    self._reconcile_due = True
                    continue
                except Exception as exc:  # the background service must outlive a bug
                    # A failed step is logged and retried later from the catalog's state (the
                    # reconcile finds whatever it left undone); the thread keeps watching.
                    log.exception("live indexing step failed")
                    self.emit(events.warning("", f"Indexing failed: {exc}"))
                    self._reconcile_due = True
                    stop.wait(self.error_backoff_s)
                    continue
                deadline = self.collector.next_deadline()
                if deadline is None:
                    self.idle.set()
                    self.watcher.sync(self.engine.folders())
                self._set_activity("idle")
                if time.monotonic() - self._published_at >= _IDLE_REFRESH_S:
                    # Work done by commands (a folder added and indexed through the app, a
                    # NIM's state) changes what is searchable without this loop's steps.
                    self._publish(force=True)
                self.collector.wait(min(1.0, deadline if deadline is not None else 1.0))
        finally:
            self.watcher.close()

    def _reconcile(self, folders: list[Folder], retry_failed: bool = False) -> bool:
        """Scan these folders and index what changed (and what failed, if ``retry_failed``);
        False when it gave way before the end."""
        gate = self._open_gate(give_way=True, warm_up=True)
        self._set_activity("scanning")
        try:
            with self.engine.write_lock:
                self.engine.text_stage(self._on_event, gate).run(folders, retry_failed)
        finally:
            self._close_gate()
        self._embed_due = True
        return not gate.halted()

    def _embed(self, file_ids: list[int] | None) -> None:
        """Embed queued chunks (only those of ``file_ids``: the user's fresh changes)."""
        gate = self._open_gate(give_way=file_ids is None, warm_up=False)
        self._set_activity("embedding")
        try:
            with self.engine.write_lock:
                result = self.engine.embed_pending(self._on_event, gate, file_ids)
        except DiskFullError:
            raise  # the whole indexer waits for room (run)
        except TroveError as exc:
            # Expected failures around the NIM (no key, a store that cannot open): chunks wait,
            # keyword search works, and the reason is shown; retried like a NIM outage.
            result = {"state": "paused", "message": exc.user_text()}
        finally:
            self._close_gate()
        self.vectors_paused = result.get("state") == "paused"
        self.nim_message = str(result.get("message") or "") if self.vectors_paused else ""
        if file_ids is None and not self.vectors_paused and not gate.halted():
            self._embed_due = False
        self._publish()

    def _apply(self, changes: list[Change]) -> None:
        """Index the settled changes, then embed their chunks ahead of any backlog."""
        folders = self.engine.folders()
        files: dict[int, list[Path]] = defaultdict(list)
        removals: list[str] = []
        by_id = {f.id: f for f in folders}
        for change in changes:
            path = stored(change.path)  # the watcher gives names as the OS does (fsnames)
            folder = _owning(folders, path)
            if folder is None or not os.path.isdir(on_disk(folder.path)):
                continue  # outside every folder, or the drive went away: touch nothing
            rules = self.engine.rules_for(folder)
            rel = os.path.relpath(change.path, on_disk(folder.path))
            if change.tree or os.path.isdir(change.path):
                # A folder moved or deleted: rescan it like a reconcile, which gives way to
                # saves made meanwhile.
                self._rescan.add(folder.id)
            elif rel != "." and _wanted(rules, rel):
                files[folder.id].append(Path(path))
            elif self.engine.catalog.files.file(path) is not None:
                removals.append(path)  # renamed to an excluded name, e.g. foo.tmp
        gate = self._open_gate(give_way=False, warm_up=False)
        self._set_activity("indexing")
        try:
            with self.engine.write_lock:
                stage = self.engine.text_stage(self._on_event, gate)
                for folder_id, paths in files.items():
                    stage.index_paths(by_id[folder_id], paths)
                for path in removals:
                    if self.engine.catalog.files.remove_file(path):
                        self.emit(events.file_removed(path))
        finally:
            self._close_gate()
        if gate.halted():
            # Paused or stopping midway: mark them again so nothing is lost (a stop leaves them
            # to the reconcile at the next start).
            for change in changes:
                self.collector.mark(change.path, change.tree)
            return
        self._embed_due = True
        fresh = [
            row.id
            for paths in files.values()
            for path in paths
            if (row := self.engine.catalog.files.file(path)) is not None
            and row.state == "extracted"
        ]
        if fresh and not self.vectors_paused:
            self._embed(fresh)

    # ------------------------------------------------------------------ interruption

    def _open_gate(self, give_way: bool, warm_up: bool) -> _Gate:
        self._gate = _Gate(self, give_way, warm_up)
        return self._gate

    def _close_gate(self) -> None:
        self._gate = None
        self._backlog = 0

    def _should_halt(self, gate: _Gate) -> bool:
        """Whether the running step must stop at this boundary (stop, pause, fresh changes)."""
        if self._stop.is_set() or self._paused:
            return True
        return gate.give_way and gate.may_give_way() and self.collector.has_ready()

    # ------------------------------------------------------------------ status

    def _nim_changed(self, breaker: Any) -> None:
        """A NIM came back (the breaker's probe saw it ready): embed what waits, now."""
        if breaker.service == "embedding" and not breaker.is_open:
            self._embed_due = True
            self.vectors_paused = False
            self.collector.wake()

    def _wait_for_room(self, full: DiskFullError, stop: threading.Event) -> None:
        """Pause until the disk has the room Trove asked for (or until stopped)."""
        data = self.engine.dirs.data
        where = Path(getattr(full, "where", "") or data)
        needed = getattr(full, "needed_bytes", 0) or needed_bytes(data)
        log.warning("indexing waits for disk space: %s", full)
        self.disk_message = full.user_text()
        self.emit(events.warning("", full.message))
        self._set_activity("disk_full")
        while not stop.is_set() and not self.has_room(where, needed):
            stop.wait(self.disk_check_s)
        self.disk_message = ""
        self._set_activity("starting")

    def _warn(self, path: str, message: str) -> None:
        self.emit(events.warning(path, message))

    def _on_event(self, event: Event) -> None:
        """Forward the stages' events, noting what they say about progress."""
        kind = event.get("type")
        if kind == "progress":
            stage = event.get("stage")
            if stage == "text":
                gate = self._gate
                if gate is not None and gate.working_since is None:
                    gate.working_since = time.monotonic()
                self._backlog = max(0, int(event["total"]) - int(event["done"]))
                if self._activity == "scanning":
                    self._set_activity("indexing")
        elif kind == "vector_status" and event.get("state") == "paused":
            self.vectors_paused = True
            self.nim_message = str(event.get("message") or "")
        self.emit(event)
        self._publish()

    def _set_activity(self, activity: str) -> None:
        if activity != self._activity:
            self._activity = activity
            self._publish(force=True)

    def _publish(self, force: bool = False) -> None:
        """Emit a ``live_state`` event when the snapshot changed (at most every few seconds
        while work runs, at once when the overall state changes)."""
        now = time.monotonic()
        if not force and now - self._published_at < self.status_every_s:
            return
        self._published_at = now
        try:
            state = self.snapshot()
        except Exception:  # a status display must never stop the indexing
            log.exception("live status snapshot failed")
            return
        if state != self._last_state:
            self._last_state = state
            self.emit(events.live_state(state))

    def snapshot(self) -> dict[str, Any]:
        """The live state as a JSON-ready dict: overall ``state`` (one of ``LIVE_STATES``),
        ``paused``, ``files_waiting``, ``chunks_waiting``, ``passages``, ``nim_message``,
        ``searchable`` (see ``Engine.searchable``) and ``folders`` (each: path, state,
        files_indexed, files_failed, files_waiting, passages, chunks_waiting, searchable)."""
        folder_rows = status_report.folder_status(self.engine)
        waiting = [stored(p) for p in self.collector.paths()]
        busy = (
            self._activity in ("scanning", "indexing", "embedding")
            or self._reconcile_due
            or bool(self._rescan)
        )
        waiting += [c.path for c in self._queued]
        folders = []
        for row in folder_rows:
            root = row["path"].rstrip(os.sep) + os.sep
            files_waiting = sum(1 for p in waiting if p.startswith(root))
            semantic = row["searchable"]["state"]
            if not row["available"]:
                state = "missing"
            elif self._paused or self._activity == "disk_full":
                state = "paused"
            elif semantic == "nim_unavailable":
                state = "nim_unavailable"
            elif busy or files_waiting or row["files_waiting"]:
                state = "indexing"
            elif semantic == "keyword_only":
                state = "keyword_only"
            else:
                state = "up_to_date"
            folders.append(
                {
                    "path": row["path"],
                    "state": state,
                    "files_indexed": row["files_indexed"],
                    "files_failed": row["files_failed"],
                    "files_waiting": files_waiting + row["files_waiting"],
                    "passages": row["passages"],
                    "chunks_waiting": row["chunks_waiting"],
                    "searchable": row["searchable"],
                }
            )
        chunks_waiting = sum(f["chunks_waiting"] for f in folder_rows)
        passages = sum(f["passages"] for f in folder_rows)
        searchable = self.engine.searchable(passages, chunks_waiting)
        if self._paused:
            overall = "paused"
        elif self._activity == "disk_full":
            overall = "disk_full"
        elif self._activity in ("starting", "scanning", "indexing", "embedding"):
            overall = self._activity
        elif searchable.state == "nim_unavailable":
            overall = "nim_unavailable"
        elif waiting:
            overall = "indexing"  # changes settling: they are indexed in a moment
        elif searchable.state == "keyword_only":
            overall = "keyword_only"
        else:
            overall = "idle"
        return {
            "state": overall,
            "paused": self._paused,
            "files_waiting": len(waiting) + self._backlog,
            "chunks_waiting": chunks_waiting,
            "passages": passages,
            "nim_message": searchable.reason,
            "searchable": searchable.to_dict(),
            "disk_message": self.disk_message,
            "folders": folders,
        }


class _Gate(threading.Event):
    """The cancel event the stages check between files and batches.

    It reads as set once the live indexer must stop there (stop, pause, or, when ``give_way``,
    settled changes that should go first); before answering "go on" it waits while the user
    searches, at most ``InteractiveWork.max_wait_s`` each time.
    """

    def __init__(self, live: LiveIndexer, give_way: bool, warm_up: bool) -> None:
        super().__init__()
        self.live = live
        self.give_way = give_way
        self.started = time.monotonic()
        # A reconcile resumes by rescanning: it only gives way once it has worked (past its scan)
        # at least as long as the scan took, so fresh changes cannot starve it.
        self.working_since: float | None = None if warm_up else self.started
        self._peeked = 0.0

    def may_give_way(self) -> bool:
        """Whether this step has done enough to be interrupted for fresh changes."""
        now = time.monotonic()
        if self.working_since is None or now - self._peeked < _PEEK_EVERY_S:
            return False
        self._peeked = now
        scan_s = self.working_since - self.started
        return now - self.working_since >= max(scan_s, 0.25 if scan_s else 0.0)

    def halted(self) -> bool:
        """Whether the step was told to stop early (without asking again)."""
        return super().is_set()

    def is_set(self) -> bool:
        """True once the step must stop; otherwise first step aside for interactive work."""
        if super().is_set():
            return True
        if self.live._should_halt(self):
            self.set()
            return True
        if self.live.engine.interactive_work.busy:
            self.live.engine.interactive_work.yield_to()
            if self.live._should_halt(self):
                self.set()
                return True
        return False

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep (a NIM retry back-off) but wake at once on stop or pause."""
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            if super().is_set():
                return True
            if self.live._stop.is_set() or self.live._paused:
                self.set()
                return True
            left = _PEEK_EVERY_S if end is None else min(_PEEK_EVERY_S, end - time.monotonic())
            if left <= 0:
                return False
            super().wait(left)


def _owning(folders: list[Folder], path: str) -> Folder | None:
    best = None
    for folder in folders:
        root = folder.path.rstrip(os.sep) + os.sep
        if (path == folder.path or path.startswith(root)) and (
            best is None or len(folder.path) > len(best.path)
        ):
            best = folder
    return best


def _wanted(rules: object, rel: str) -> bool:
    from desktop_app.core.index.scan import FolderRules, PathFilter
    from desktop_app.core.ingest.registry import is_supported

    assert isinstance(rules, FolderRules)
    return PathFilter(rules).wants(rel.replace(os.sep, "/")) and is_supported(rel)
