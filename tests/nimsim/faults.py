"""Injected faults: the next N inference requests fail with a status, or lose their connection."""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from tests.nimsim.config import HOSTED, SimConfig
from tests.nimsim.responses import Reply, Route, json_reply, layer_error

__all__ = ["DROP", "Failure", "FaultQueue", "failure_reply", "format_retry_after"]

DROP = "drop"


@dataclass(frozen=True)
class Failure:
    """One injected error response."""

    status: int
    retry_after: float | str | None = None
    body: Any = None


def format_retry_after(seconds: float) -> str:
    """Return a Retry-After value: whole seconds, rounded up, as servers send it."""
    return str(max(0, math.ceil(seconds)))


def failure_reply(failure: Failure, route: Route, config: SimConfig) -> Reply:
    """Build the response for an injected failure, in the shape of the layer that would send it."""
    status, body = failure.status, failure.body
    if body is None:
        reply = layer_error(route, config, status, HTTPStatus(status).phrase)
    elif isinstance(body, bytes):
        reply = Reply(status, body, None)
    elif isinstance(body, str):
        reply = Reply(status, body.encode(), "text/plain; charset=utf-8")
    else:
        problem_shape = isinstance(body, dict) and "status" in body and "title" in body
        kind = "application/problem+json" if problem_shape and config.profile == HOSTED else None
        reply = json_reply(status, body, kind or "application/json")
    retry_after = failure.retry_after
    if retry_after is None and status in (429, 503):
        retry_after = 1  # both throttling and overload tell the client when to come back
    if isinstance(retry_after, str):
        if retry_after:  # verbatim, e.g. an HTTP-date; "" means: send no Retry-After at all
            reply.headers["Retry-After"] = retry_after
    elif retry_after is not None:
        value = retry_after
        reply.headers["Retry-After"] = str(int(value)) if value == int(value) else str(value)
    return reply


class FaultQueue:
    """A FIFO of pending faults (Failure or DROP), consumed one per inference request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: deque[Failure | str] = deque()

    def add(self, fault: Failure | str, times: int) -> None:
        """Queue `fault` for the next `times` inference requests."""
        if times < 0:
            raise ValueError("times must be >= 0")
        with self._lock:
            self._pending.extend([fault] * times)

    def pop(self) -> Failure | str | None:
        """Return the fault for this request, or None."""
        with self._lock:
            return self._pending.popleft() if self._pending else None

    def pending(self) -> int:
        """Return how many faults are still queued."""
        with self._lock:
            return len(self._pending)

    def clear(self) -> None:
        """Forget all queued faults."""
        with self._lock:
            self._pending.clear()
