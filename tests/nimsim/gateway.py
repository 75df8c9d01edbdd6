"""The hosted API gateway in front of the models: Bearer auth and a token-bucket rate limit."""

from __future__ import annotations

import threading
import time

from tests.nimsim.config import SimConfig
from tests.nimsim.responses import Reply, problem

__all__ = ["MALFORMED_TOKEN_CHALLENGE", "TokenBucket", "check_auth"]

# NVIDIA/GenerativeAIExamples#135: a malformed key gets this header and no JSON body (§7).
MALFORMED_TOKEN_CHALLENGE = (
    'Bearer error="invalid_token", error_description="Bearer token is malformed", '
    'error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"'
)


def check_auth(authorization: str | None, config: SimConfig) -> Reply | None:
    """Return the gateway's refusal for this Authorization header, or None to let it through."""
    if not authorization:
        return problem(401, "Authorization header is required: 'Bearer nvapi-...'")
    scheme, _, key = authorization.partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key.startswith("nvapi-"):
        return Reply(401, b"", None, {"WWW-Authenticate": MALFORMED_TOKEN_CHALLENGE})
    if key in config.blocked_keys:
        return problem(403, "Authorization failed")
    if config.valid_keys and key not in config.valid_keys:
        return problem(401, "Authentication failed: the API key is not valid")
    return None


class TokenBucket:
    """A token bucket holding up to `rate` requests, refilled at `rate` per minute."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: float | None = None  # None: full (first use, or after reset)
        self._last = time.monotonic()

    def take(self, rate_per_min: float) -> float | None:
        """Spend one token; return None if allowed, else the seconds until one is available."""
        capacity = max(rate_per_min, 1.0)
        per_second = rate_per_min / 60.0
        with self._lock:
            now = time.monotonic()
            if self._tokens is None:
                self._tokens = capacity
            else:
                self._tokens = min(capacity, self._tokens + (now - self._last) * per_second)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return None
            return (1.0 - self._tokens) / per_second if per_second > 0 else 60.0

    def reset(self) -> None:
        """Refill the bucket."""
        with self._lock:
            self._tokens = None
