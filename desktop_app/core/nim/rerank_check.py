"""Whether the reranking NIM answers, found out without making a search wait.

``rerank.enabled = auto`` (the default) reranks whenever a reranking NIM answers at the configured
URL. One tiny ranking call in the background finds that out, once per engine and again a while
after it did not answer. A search waits for that first answer only briefly: until it comes,
searches run without reranking. On a local setup whose reranking URL is the embedding NIM's (the
profile's default), the call is refused and searches stay as they were, silently.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from desktop_app.core.errors import NimError

__all__ = ["RerankCheck"]

log = logging.getLogger(__name__)


class RerankCheck:
    """The outcome of a background ranking call: ``answering`` True/False, None while unknown."""

    def __init__(self, probe: Callable[[], object], recheck_after_s: float = 300.0) -> None:
        self._probe = probe
        self.recheck_after_s = recheck_after_s
        self.answering_now: bool | None = None
        self.reason = ""  # why it does not answer, for the doctor and the log
        self._checked_at = float("-inf")
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def answering(self, wait_s: float = 0.0) -> bool:
        """Whether to rerank now; starts a check when none is known or a 'no' has grown old,
        and waits up to ``wait_s`` for a check under way."""
        with self._lock:
            stale = (
                self.answering_now is not True
                and time.monotonic() - self._checked_at >= self.recheck_after_s
            )
            if stale and (self._thread is None or not self._thread.is_alive()):
                self._done.clear()
                self._thread = threading.Thread(
                    target=self._check, name="trove-rerank-check", daemon=True
                )
                self._thread.start()
        if wait_s > 0:
            self._done.wait(wait_s)
        return self.answering_now is True

    def not_answering(self, reason: str) -> None:
        """A reranking call failed: searches go without it until the next check says yes."""
        with self._lock:
            self.answering_now = False
            self.reason = reason
            self._checked_at = time.monotonic()

    def _check(self) -> None:
        try:
            self._probe()
        except NimError as exc:
            log.info("no reranking: %s", exc)
            self.not_answering(str(exc))
        except Exception as exc:  # a client closed meanwhile: a plain 'no' for now
            log.debug("rerank check failed", exc_info=True)
            self.not_answering(str(exc))
        else:
            with self._lock:
                self.answering_now = True
                self.reason = ""
                self._checked_at = time.monotonic()
        finally:
            self._done.set()
