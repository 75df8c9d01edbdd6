"""Watch folders with watchdog; every event only marks a path in a ``ChangeCollector``.

Native watchers (inotify, FSEvents, ReadDirectoryChangesW) are used where they work; a folder set to
poll (network and cloud-synced drives) gets watchdog's polling observer. When the OS watch limit is
hit, the folder falls back to polling and the user is told how to raise the limit.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Iterable

from watchdog.events import (
    DirDeletedEvent,
    DirMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from desktop_app.core.fsnames import on_disk
from desktop_app.core.index.changes import ChangeCollector
from desktop_app.core.index.records import Folder

__all__ = ["WATCH_LIMIT_HINT", "FolderWatcher"]

log = logging.getLogger(__name__)

WATCH_LIMIT_HINT = (
    "The system's limit of watched folders is reached, so this folder is polled instead (changes "
    "show up more slowly). On Linux raise it with: "
    "sudo sysctl fs.inotify.max_user_watches=524288"
)


def _text(path: bytes | str) -> str:
    return path.decode() if isinstance(path, bytes) else path


class _MarkChanges(FileSystemEventHandler):
    """Runs on watchdog's thread: mark and return, nothing else."""

    def __init__(self, collector: ChangeCollector) -> None:
        self.collector = collector

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        tree = isinstance(event, DirMovedEvent | DirDeletedEvent)
        if event.is_directory and not tree:
            return  # a folder's own modified/created event: its files report themselves
        self.collector.mark(_text(event.src_path), tree=tree)
        dest = getattr(event, "dest_path", "")
        if dest:
            self.collector.mark(_text(dest), tree=tree or event.is_directory)


class FolderWatcher:
    """One observer per folder (native, or polling where asked or needed)."""

    def __init__(
        self,
        collector: ChangeCollector,
        warn: Callable[[str, str], None] = lambda path, message: None,
        poll_interval_s: float = 5.0,
    ) -> None:
        self.collector = collector
        self.warn = warn
        self.poll_interval_s = poll_interval_s
        self._observers: dict[str, BaseObserver] = {}

    @property
    def folders(self) -> list[str]:
        """The folders being watched."""
        return list(self._observers)

    def sync(self, folders: Iterable[Folder]) -> None:
        """Watch exactly these folders: start new ones, stop removed ones."""
        wanted = {f.path: f for f in folders}
        for path in list(self._observers):
            if path not in wanted:
                self._stop(path)
        for path, folder in wanted.items():
            if path not in self._observers:
                self._start(folder)

    def _start(self, folder: Folder) -> None:
        handler = _MarkChanges(self.collector)
        polling = folder.poll > 0
        observer: BaseObserver = (
            PollingObserver(timeout=folder.poll or self.poll_interval_s) if polling else Observer()
        )
        try:
            observer.schedule(handler, on_disk(folder.path), recursive=True)
            observer.start()
        except OSError as exc:
            observer.stop()
            if exc.errno in (errno.ENOSPC, errno.EMFILE) and not polling:
                self.warn(folder.path, WATCH_LIMIT_HINT)
                observer = PollingObserver(timeout=self.poll_interval_s)
                observer.schedule(handler, on_disk(folder.path), recursive=True)
                observer.start()
            else:
                self.warn(folder.path, f"Cannot watch {folder.path}: {exc.strerror or exc}.")
                return
        self._observers[folder.path] = observer

    def _stop(self, path: str) -> None:
        observer = self._observers.pop(path)
        observer.stop()
        observer.join(timeout=5)

    def close(self) -> None:
        """Stop every observer."""
        for path in list(self._observers):
            self._stop(path)
