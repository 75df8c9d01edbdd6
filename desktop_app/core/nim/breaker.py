"""One circuit breaker per NIM service: fail fast while a NIM is down, notice when it is back.

After a call fails in a way that says the service is down (unreachable, timed out, still loading),
the breaker opens: searches, chat and indexing then get ``NimUnavailableError`` at once instead of
waiting for connection attempts and retry ladders. A background thread asks the NIM's readiness
route with a growing pause and closes the breaker when it answers; listeners (the live indexer)
then resume the vector stage by themselves.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from desktop_app.core.errors import (
    NimError,
    NimNotReadyError,
    NimTimeoutError,
    NimUnavailableError,
    NimUnreachableError,
)
from desktop_app.core.nim.endpoints import service_label

__all__ = ["Breaker", "Breakers", "trips_breaker"]

log = logging.getLogger(__name__)

Probe = Callable[[], bool]


def trips_breaker(error: BaseException) -> bool:
    """Whether ``error`` says the service is down (as opposed to a bad request or a bad key)."""
    return isinstance(error, (NimUnreachableError, NimTimeoutError, NimNotReadyError))


class Breaker:
    """Open/closed state of one NIM service, with a readiness probe that closes it again."""

    def __init__(
        self,
        service: str,
        first_probe_s: float = 2.0,
        max_probe_s: float = 30.0,
        on_change: Callable[[Breaker], None] | None = None,
    ) -> None:
        self.service = service
        self.first_probe_s = first_probe_s
        self.max_probe_s = max_probe_s
        self.on_change = on_change
        self.opened_at: float | None = None  # wall clock, for "unavailable since 14:02"
        self.error: NimError | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._prober: threading.Thread | None = None

    @property
    def is_open(self) -> bool:
        """Whether calls to this service fail fast now."""
        return self.opened_at is not None

    def since_label(self) -> str:
        """'14:02' (local time) when the service went down, '' while it is up."""
        if self.opened_at is None:
            return ""
        return datetime.fromtimestamp(self.opened_at).strftime("%H:%M")

    def check(self) -> None:
        """Raise ``NimUnavailableError`` while open; return at once otherwise."""
        opened, error = self.opened_at, self.error
        if opened is None:
            return
        reason = (
            str(error).rstrip(".")
            if error is not None
            else f"The {service_label(self.service)} NIM cannot be reached"
        )
        raise NimUnavailableError(
            f"{reason} (unavailable since {self.since_label()}).",
            service=self.service,
            hint=(
                error.hint
                if error is not None and error.hint
                else "Trove checks it again by itself and resumes when it answers."
            ),
        )

    def trip(self, error: NimError, probe: Probe | None = None) -> None:
        """Open the breaker after ``error``; ``probe`` (a readiness check) closes it later."""
        with self._lock:
            first = self.opened_at is None
            if first:
                self.opened_at = time.time()
            self.error = error
            if probe is not None and (self._prober is None or not self._prober.is_alive()):
                self._prober = threading.Thread(
                    target=self._probe_until_ready,
                    args=(probe,),
                    name=f"trove-{self.service}-probe",
                    daemon=True,
                )
                self._prober.start()
        if first:
            log.info("%s NIM unavailable: %s", self.service, error)
            self._changed()

    def reset(self) -> None:
        """Close the breaker (a call succeeded, or the readiness probe answered)."""
        with self._lock:
            if self.opened_at is None:
                return
            self.opened_at = None
            self.error = None
        log.info("%s NIM available again", self.service)
        self._changed()

    def close(self) -> None:
        """Stop the readiness probe (the engine is closing)."""
        self._stop.set()

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change(self)
            except Exception:  # a listener's bug must not break NIM calls
                log.exception("breaker listener failed")

    def _probe_until_ready(self, probe: Probe) -> None:
        pause = self.first_probe_s
        while self.is_open and not self._stop.wait(pause):
            try:
                if probe():
                    self.reset()
                    return
            except NimError as exc:
                with self._lock:
                    if self.opened_at is not None:
                        self.error = exc
            except Exception:  # e.g. the client was closed meanwhile: try again later
                log.debug("readiness probe failed", exc_info=True)
            pause = min(self.max_probe_s, pause * 2)


class Breakers:
    """The breakers of one engine, one per service, shared by search, chat and indexing."""

    def __init__(self, on_change: Callable[[Breaker], None] | None = None) -> None:
        self._by_service: dict[str, Breaker] = {}
        self._lock = threading.Lock()
        self.on_change = on_change

    def __getitem__(self, service: str) -> Breaker:
        with self._lock:
            if service not in self._by_service:
                self._by_service[service] = Breaker(service, on_change=self._changed)
            return self._by_service[service]

    def _changed(self, breaker: Breaker) -> None:
        if self.on_change is not None:
            self.on_change(breaker)

    def open_ones(self) -> list[Breaker]:
        """The services that are down now."""
        with self._lock:
            return [b for b in self._by_service.values() if b.is_open]

    def close(self) -> None:
        """Stop every readiness probe."""
        with self._lock:
            for breaker in self._by_service.values():
                breaker.close()
