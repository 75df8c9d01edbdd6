"""Keep the index following the folders: watch, debounce, index what settled, embed, reconcile.

Watcher events are hints, not truth: native watchers drop events when their queue overflows, and
nothing is watched while Trove is closed. So a full reconcile (a scan that costs a stat per
unchanged file) runs at start, periodically, after the OS reports lost events, and after the machine
wakes from sleep. A folder whose root vanished (unmounted drive) is left as it was.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict
from pathlib import Path

from desktop_app.core import events
from desktop_app.core.engine import Engine
from desktop_app.core.events import Emit
from desktop_app.core.index.changes import Change, ChangeCollector
from desktop_app.core.index.records import Folder
from desktop_app.core.index.watcher import FolderWatcher

__all__ = ["LiveIndexer"]

log = logging.getLogger(__name__)


class LiveIndexer:
    """Runs the engine in the background until ``stop`` is set."""

    def __init__(
        self,
        engine: Engine,
        emit: Emit = events.ignore,
        quiet_s: float = 0.5,
        ceiling_s: float = 30.0,
        reconcile_every_s: float = 900.0,
        retry_vectors_s: float = 30.0,
    ) -> None:
        self.engine = engine
        self.emit = emit
        self.collector = ChangeCollector(quiet_s, ceiling_s)
        self.watcher = FolderWatcher(self.collector, self._warn)
        self.reconcile_every_s = reconcile_every_s
        self.retry_vectors_s = retry_vectors_s
        self.vectors_paused = False
        self.idle = threading.Event()  # set while nothing is pending (tests and the GUI wait on it)

    def _warn(self, path: str, message: str) -> None:
        self.emit({"type": "warning", "path": path, "message": message})

    def run(self, stop: threading.Event) -> None:
        """Reconcile, then follow changes until ``stop``; always leaves the watchers closed."""
        try:
            self.watcher.sync(self.engine.folders())
            self._reconcile(stop)
            last_reconcile = time.monotonic()
            last_vectors = time.monotonic()
            wall_gap = time.time() - time.monotonic()
            while not stop.is_set():
                deadline = self.collector.next_deadline()
                if deadline is None:
                    self.idle.set()
                self.collector.wait(min(1.0, deadline if deadline is not None else 1.0))
                if stop.is_set():
                    break
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
                    self.watcher.sync(self.engine.folders())
                    self._reconcile(stop)
                    last_reconcile = last_vectors = time.monotonic()
                    continue
                changes = self.collector.take_ready()
                if changes:
                    self.idle.clear()
                    self._apply(changes, stop)
                    self._embed(stop)
                    last_vectors = time.monotonic()
                elif self.vectors_paused and now - last_vectors >= self.retry_vectors_s:
                    self._embed(stop)  # the NIM may be back
                    last_vectors = time.monotonic()
                if changes or deadline is None:
                    self.watcher.sync(self.engine.folders())
        finally:
            self.watcher.close()

    def _reconcile(self, stop: threading.Event) -> None:
        with self.engine.write_lock:
            summary = self.engine.index(self.emit, stop)
        vectors = summary.get("vectors") or {}
        self.vectors_paused = vectors.get("state") == "paused"

    def _embed(self, stop: threading.Event) -> None:
        with self.engine.write_lock:
            result = self.engine.embed_pending(self.emit, stop)
        self.vectors_paused = result.get("state") == "paused"

    def _apply(self, changes: list[Change], stop: threading.Event) -> None:
        folders = self.engine.folders()
        files: dict[int, list[Path]] = defaultdict(list)
        removals: list[str] = []
        rescan: dict[int, Folder] = {}
        by_id = {f.id: f for f in folders}
        for change in changes:
            folder = _owning(folders, change.path)
            if folder is None or not os.path.isdir(folder.path):
                continue  # outside every folder, or the drive went away: touch nothing
            rules = self.engine.rules_for(folder)
            rel = os.path.relpath(change.path, folder.path)
            if change.tree or os.path.isdir(change.path):
                rescan[folder.id] = folder
            elif rel != "." and _wanted(rules, rel):
                files[folder.id].append(Path(change.path))
            elif self.engine.catalog.file(change.path) is not None:
                removals.append(change.path)  # renamed to an excluded name, e.g. foo.tmp
        with self.engine.write_lock:
            stage = self.engine.text_stage(self.emit, stop)
            if rescan:
                stage.run(rescan.values())
            for folder_id, paths in files.items():
                if folder_id not in rescan:
                    stage.index_paths(by_id[folder_id], paths)
            for path in removals:
                if self.engine.catalog.remove_file(path):
                    self.emit(events.file_removed(path))


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
