"""Mutable state shared by the simulator's request threads: counters, recordings, faults, clocks."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from tests.nimsim.config import SimConfig
from tests.nimsim.faults import FaultQueue
from tests.nimsim.gateway import TokenBucket

__all__ = ["SimState"]


class SimState:
    """Everything the request handlers read or change, guarded for concurrent requests."""

    def __init__(self, config: SimConfig, verbose: bool = False) -> None:
        self.config = config
        self.verbose = verbose
        self.faults = FaultQueue()
        self.bucket = TokenBucket()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._counters: Counter[str] = Counter()
        self._requests: list[dict[str, Any]] = []
        self._errors: list[str] = []
        self._cold_from = time.monotonic()

    def count(self, name: str) -> None:
        """Add one to counter `name`."""
        with self._lock:
            self._counters[name] += 1

    def record(self, request: dict[str, Any]) -> None:
        """Remember one inference request."""
        with self._lock:
            self._requests.append(request)

    def record_error(self, text: str) -> None:
        """Remember an internal simulator error (a bug, not an injected fault)."""
        with self._lock:
            self._errors.append(text)

    def counters(self) -> Counter[str]:
        """Return a snapshot of the counters."""
        with self._lock:
            return Counter(self._counters)

    def requests(self) -> list[dict[str, Any]]:
        """Return a snapshot of the recorded requests."""
        with self._lock:
            return list(self._requests)

    def errors(self) -> list[str]:
        """Return a snapshot of the internal errors."""
        with self._lock:
            return list(self._errors)

    def restart_cold_clock(self) -> None:
        """Start the cold-start window (config.cold_start_s) from now."""
        with self._lock:
            self._cold_from = time.monotonic()

    def cold_remaining(self) -> float:
        """Return the seconds left in the cold-start window (0 when ready)."""
        with self._lock:
            elapsed = time.monotonic() - self._cold_from
        return max(0.0, self.config.cold_start_s - elapsed)

    def sleep(self, seconds: float) -> bool:
        """Wait `seconds` unless the simulator is stopping; return False if it is."""
        if seconds > 0:
            self.stopping.wait(seconds)
        return not self.stopping.is_set()

    def reset(self) -> None:
        """Clear counters, recordings, errors and queued faults; refill the rate-limit bucket."""
        with self._lock:
            self._counters.clear()
            self._requests.clear()
            self._errors.clear()
        self.faults.clear()
        self.bucket.reset()
