"""Debounce and coalesce file-system changes into paths ready to index.

Watcher callbacks only mark paths here and return. A path is ready once it has been quiet for
``quiet_s`` and two stats of it agree (editors' save-by-rename, downloads and copies settle), or
once ``ceiling_s`` has passed since it was first marked, so a file that never stops changing
cannot starve. A burst of 10,000 events on one path is one entry; a folder event asks for a
rescan of that subtree.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Change", "ChangeCollector"]


@dataclass(frozen=True)
class Change:
    """A path to look at again: ``tree`` means rescan everything below it."""

    path: str
    tree: bool = False


@dataclass
class _Pending:
    first: float
    last: float
    tree: bool
    stat: tuple[int, int] | None = None
    checked: float | None = None  # when ``stat`` was taken; None: not looked at yet


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class ChangeCollector:
    """Thread-safe set of dirty paths with per-path quiet period and ceiling."""

    def __init__(
        self,
        quiet_s: float = 1.0,
        ceiling_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet_s = quiet_s
        self.ceiling_s = ceiling_s
        self._clock = clock
        self._pending: dict[str, _Pending] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.overflowed = False  # set when the OS said events were lost: rescan everything

    def mark(self, path: str, tree: bool = False) -> None:
        """Note that ``path`` changed (called from the watcher's thread; cheap)."""
        now = self._clock()
        with self._lock:
            entry = self._pending.get(path)
            if entry is None:
                self._pending[path] = _Pending(now, now, tree)
            else:
                entry.last = now
                entry.tree = entry.tree or tree
        self._wake.set()

    def mark_overflow(self) -> None:
        """The OS dropped events: the next reconcile must rescan every folder."""
        self.overflowed = True
        self._wake.set()

    def wake(self) -> None:
        """Wake whoever waits in ``wait`` (a pause, a resume, a stop)."""
        self._wake.set()

    def has_ready(self) -> bool:
        """Whether some path has been quiet long enough to take (a cheap peek, no stat)."""
        now = self._clock()
        with self._lock:
            return any(
                now - e.last >= self.quiet_s or now - e.first >= self.ceiling_s
                for e in self._pending.values()
            )

    def paths(self) -> list[str]:
        """The paths waiting now (for status displays)."""
        with self._lock:
            return list(self._pending)

    def wait(self, timeout: float) -> None:
        """Sleep until something is marked or ``timeout`` passes."""
        self._wake.wait(timeout)
        self._wake.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)

    def take_ready(self) -> list[Change]:
        """The paths whose changes have settled; files still being written stay pending."""
        now = self._clock()
        ready: list[Change] = []
        with self._lock:
            for path, entry in list(self._pending.items()):
                if now - entry.first >= self.ceiling_s:
                    pass  # waited long enough: take it as it is
                elif entry.tree:
                    if now - entry.last < self.quiet_s:
                        continue
                else:
                    # Quiet, and two stats that agree, the first taken half a quiet period
                    # after the last event: the writer has finished. A stat that moved means
                    # it is still being written (no event needed: network drives send none).
                    if now - entry.last < self.quiet_s / 2:
                        continue
                    current = _stat(path)
                    if entry.checked is None or current != entry.stat:
                        if entry.checked is not None:
                            entry.last = now
                        entry.stat, entry.checked = current, now
                        continue
                    if now - entry.last < self.quiet_s or now - entry.checked < self.quiet_s / 2:
                        continue
                del self._pending[path]
                ready.append(Change(path, entry.tree))
        return ready

    def next_deadline(self) -> float | None:
        """Seconds until the earliest pending path may be ready, or None if nothing waits."""
        now = self._clock()
        with self._lock:
            if not self._pending:
                return None
            return max(0.0, min(self._due(e) for e in self._pending.values()) - now)

    def _due(self, entry: _Pending) -> float:
        """When ``entry`` should next be looked at."""
        if entry.tree:
            settled = entry.last + self.quiet_s
        elif entry.checked is None:
            settled = entry.last + self.quiet_s / 2
        else:
            settled = max(entry.last + self.quiet_s, entry.checked + self.quiet_s / 2)
        return min(settled, entry.first + self.ceiling_s)
