"""Throughput and ETA for progress lines, smoothed so the numbers do not jump around."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["RateMeter"]


class RateMeter:
    """Counts work done and estimates items per second and seconds left."""

    def __init__(self, total: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.done = 0
        self._clock = clock
        self._start = clock()
        self._rate: float | None = None
        self._last_t = self._start
        self._last_done = 0
        self._skipped = 0

    def add(self, n: int = 1) -> None:
        """Record ``n`` more items done, updating the smoothed rate at most ~4 times a second."""
        self.done += n
        now = self._clock()
        span = now - self._last_t
        if span >= 0.25:
            instant = (self.done - self._last_done) / span
            # Exponential smoothing: reacts within a few seconds, ignores single slow files.
            self._rate = instant if self._rate is None else 0.7 * self._rate + 0.3 * instant
            self._last_t, self._last_done = now, self.done

    def skip(self, n: int) -> None:
        """Record ``n`` items done without work (vectors kept from before): they count towards
        the total but not the rate, which would otherwise jump to thousands per second."""
        self.done += n
        self._last_done += n
        self._skipped += n

    @property
    def rate(self) -> float | None:
        """Items per second, once there is enough data to say."""
        if self._rate is not None:
            return self._rate
        elapsed = self._clock() - self._start
        worked = self.done - self._skipped
        return worked / elapsed if elapsed > 0 and worked else None

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the current rate, if the total and the rate are known."""
        rate = self.rate
        if not rate or self.total <= 0:
            return None
        return max(0.0, (self.total - self.done) / rate)
