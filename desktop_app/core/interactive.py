"""Work the user waits for (a search, chat retrieval) and background work that steps aside for it.

Background stages call ``yield_to`` between files and batches. The wait is bounded, so a user who
searches all the time slows indexing down without stopping it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["InteractiveWork"]


class InteractiveWork:
    """Counts interactive work in progress; background work waits (briefly) while there is any."""

    def __init__(self, max_wait_s: float = 2.0) -> None:
        self.max_wait_s = max_wait_s  # the longest one pause for interactive work lasts
        self._running = 0
        self._done = threading.Condition()

    @contextmanager
    def running(self) -> Iterator[None]:
        """Mark work the user waits for: background work yields while it runs."""
        with self._done:
            self._running += 1
        try:
            yield
        finally:
            with self._done:
                self._running -= 1
                if self._running == 0:
                    self._done.notify_all()

    @property
    def busy(self) -> bool:
        """Whether some interactive work is running now."""
        return self._running > 0

    def yield_to(self, max_wait_s: float | None = None) -> float:
        """Wait while interactive work runs, at most ``max_wait_s``; seconds waited."""
        limit = self.max_wait_s if max_wait_s is None else max_wait_s
        start = time.monotonic()
        with self._done:
            self._done.wait_for(lambda: self._running == 0, timeout=limit)
        return time.monotonic() - start
