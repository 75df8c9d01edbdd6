"""When and how long to wait before retrying a NIM request: a pure policy, no I/O.

Exponential backoff with full jitter (delay drawn uniformly from 0..min(cap, base * 2**attempt)),
so many workers hit by the same 429 do not come back in lockstep. A server's ``Retry-After`` wins
over the backoff, bounded by ``max_retry_after`` so a hostile or broken header cannot park Trove
for hours. Deterministic failures (4xx other than 429) are never retried: retrying a 400 only
wastes minutes (reference/nim-api.md §6.2).
"""

from __future__ import annotations

import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.errors import (
    NimError,
    NimNotReadyError,
    NimRateLimitedError,
    NimServerError,
    NimTimeoutError,
    NimUnreachableError,
)

__all__ = ["RetryNotice", "RetryPolicy", "is_retryable", "parse_retry_after"]


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None if absent.

    A date in the past means 0; an unparseable value means None (the caller falls back to backoff).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        # NaN and infinities parse as floats but are no usable delay.
        return max(0.0, seconds) if seconds == seconds and seconds != float("inf") else None
    from email.utils import parsedate_to_datetime  # (here: 5 ms of every command's start)

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive parse means no zone was given
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def is_retryable(error: BaseException, *, idempotent: bool = True) -> bool:
    """Whether ``error`` is worth another attempt.

    Rate limits, loading models, 5xx and unreachable servers are transient. A read timeout is
    retried only for idempotent calls: the server may still be working on the first request.
    Every other 4xx is deterministic and never retried.
    """
    if isinstance(error, (NimRateLimitedError, NimNotReadyError, NimServerError)):
        return True
    if isinstance(error, NimUnreachableError):
        return True
    if isinstance(error, NimTimeoutError):
        return idempotent
    return False


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter that honours Retry-After."""

    max_retries: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0  # cap of the exponential backoff
    max_retry_after: float = 120.0  # longest server-requested wait Trove accepts

    def backoff(self, attempt: int, rng: Callable[[], float] = _random.random) -> float:
        """Full-jitter delay before retry number ``attempt + 1`` (``attempt`` counts from 0)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** min(attempt, 62)))
        return max(0.0, rng()) * ceiling

    def should_retry(self, error: BaseException, attempt: int, *, idempotent: bool = True) -> bool:
        """Whether to retry after ``attempt`` retries have already been made."""
        return attempt < self.max_retries and is_retryable(error, idempotent=idempotent)

    def delay(
        self, error: BaseException, attempt: int, rng: Callable[[], float] = _random.random
    ) -> float:
        """Seconds before the next attempt: the server's Retry-After if any, else backoff."""
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, (int, float)) and retry_after >= 0:
            return min(float(retry_after), self.max_retry_after)
        return self.backoff(attempt, rng)


@dataclass(frozen=True)
class RetryNotice:
    """What the ``on_retry`` callback receives before a retry wait, for progress messages."""

    service: str
    error: NimError
    attempt: int  # the retry about to be made, from 1
    max_retries: int
    delay: float  # seconds until it is made

    def describe(self) -> str:
        """A progress line, e.g. 'The embedding NIM is rate-limited, retrying in 4 s (1/5).'"""
        reason = {
            NimRateLimitedError: "is rate-limited",
            NimNotReadyError: "is still loading its model",
            NimTimeoutError: "did not answer in time",
            NimUnreachableError: "cannot be reached",
        }.get(type(self.error), "had a server error")
        name = "reranking" if self.service == "rerank" else self.service
        seconds = f"{self.delay:.0f}" if self.delay >= 1 else f"{self.delay:.1f}"
        return (
            f"The {name} NIM {reason}, retrying in {seconds} s ({self.attempt}/{self.max_retries})."
        )
