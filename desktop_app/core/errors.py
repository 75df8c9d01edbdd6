"""The typed errors users see.

Every expected failure is a ``TroveError`` with a sentence for the user (``str(err)``) and, where
there is one, what to do next (``err.hint``). Bugs are anything else and go to the crash handler.

    TroveError
    ├── ConfigError                  settings file or value is invalid (names the key)
    ├── SecretStoreError             no usable OS keyring
    ├── StoreLockedError             another Trove process owns the data dir
    ├── CatalogDamagedError          the catalog file is damaged: `trove repair` rebuilds it
    ├── DiskFullError                no space left where Trove writes (says where, how much)
    ├── FileError                    one file could not be indexed (the run goes on)
    │   ├── UnsupportedFileError
    │   ├── FileTooLargeError
    │   ├── FileVanishedError
    │   ├── FileLockedError
    │   ├── CorruptFileError
    │   ├── NoTextError              e.g. a scanned PDF with no text layer
    │   └── ExtractionTimeoutError
    └── NimError                     any failure talking to a NIM; carries service and status
        ├── NimAuthError             401, or 403 "authorization failed": key missing or wrong
        ├── NimForbiddenError        403 naming the model / 404-for-account (or a 403 that
        │                            does not say: its message names both causes)
        ├── NimModelNotFoundError    404: unknown model or wrong URL
        ├── NimInputTooLongError     400: input exceeds the model's token limit
        ├── NimBadRequestError       other 400/422: the request was rejected
        │   └── NimDimensionsRefusedError  a fixed-size model refused a `dimensions` field
        ├── NimVectorSizeError       the NIM's vectors no longer fit the index (model swapped)
        ├── NimRateLimitedError      429 (retried; raised when retries run out)
        ├── NimNotReadyError         503: model still loading (retried likewise)
        ├── NimServerError           other 5xx
        ├── NimUnreachableError      connection refused, DNS, TLS
        │   └── NimUnavailableError  the service's breaker is open: failing fast, probed
        ├── NimTimeoutError          no answer in time
        └── NimStreamError           error event after a 200 in a stream

Messages never contain the API key: they are built from the service, status and server text only,
and ``scrub`` removes anything that looks like a key from server text before it is stored.
"""

from __future__ import annotations

import re

__all__ = [
    "CatalogDamagedError",
    "ConfigError",
    "CorruptFileError",
    "DiskFullError",
    "EmptyFileError",
    "ExtractionTimeoutError",
    "FileError",
    "FileLockedError",
    "FileTooLargeError",
    "FileVanishedError",
    "NimAuthError",
    "NimBadRequestError",
    "NimDimensionsRefusedError",
    "NimError",
    "NimForbiddenError",
    "NimInputTooLongError",
    "NimModelNotFoundError",
    "NimNotReadyError",
    "NimRateLimitedError",
    "NimServerError",
    "NimStreamError",
    "NimTimeoutError",
    "NimUnavailableError",
    "NimUnreachableError",
    "NimVectorSizeError",
    "NoTextError",
    "SecretStoreError",
    "StoreLockedError",
    "TroveError",
    "UnsupportedFileError",
    "scrub",
]

# A bearer credential is a long opaque token; "Bearer token is malformed" must stay readable.
_KEY_PATTERN = re.compile(r"nvapi-[A-Za-z0-9_\-]+|(?i:bearer)\s+(?!token\b)[A-Za-z0-9._\-]{8,}")


def scrub(text: str) -> str:
    """Remove anything that looks like an API key or bearer token from ``text``."""
    return _KEY_PATTERN.sub("[redacted]", text)


class TroveError(Exception):
    """An expected failure, told to the user as one sentence plus what to do next."""

    # Set on the error of a failed question: the conversation that keeps it (and any partial
    # answer), so the next question continues there.
    conversation_id: int | None = None

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(scrub(message))
        self.hint = scrub(hint)

    @property
    def message(self) -> str:
        """The sentence for the user."""
        return str(self)

    def user_text(self) -> str:
        """Message and hint together, as shown in a dialog or on the terminal."""
        return f"{self}\n{self.hint}" if self.hint else str(self)


class ConfigError(TroveError):
    """The settings file or a value given for a setting is invalid."""

    def __init__(self, message: str, key: str = "", hint: str = "") -> None:
        super().__init__(message, hint)
        self.key = key


class SecretStoreError(TroveError):
    """No usable OS keyring, or it refused the operation."""


class StoreLockedError(TroveError):
    """Another Trove process owns the data directory."""


class CatalogDamagedError(TroveError):
    """The catalog file is damaged (truncated, overwritten); ``trove repair`` rebuilds it."""

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            f"Trove's catalog {path} is damaged" + (f" ({detail})." if detail else "."),
            hint="Run `trove repair` (or open the Trove app, which offers it). It keeps your "
            "folders, their settings and your conversations, and rebuilds the rest from your "
            "files and the vectors already computed; the damaged file is kept beside it.",
        )
        self.path = path


class DiskFullError(TroveError):
    """A write failed because the disk (or the user's quota) is full."""

    def __init__(self, where: str, free_bytes: int | None = None, needed_bytes: int = 0) -> None:
        free = f"; {_size(free_bytes)} free" if free_bytes is not None else ""
        need = f" Trove needs at least {_size(needed_bytes)} free there." if needed_bytes else ""
        super().__init__(
            f"The disk is full where Trove keeps its index ({where}{free}).{need}",
            hint="Free some space on that disk; indexing waits and goes on by itself once there "
            "is room. Nothing indexed so far is lost.",
        )
        self.where = where
        self.free_bytes = free_bytes
        self.needed_bytes = needed_bytes


def _size(n: int | None) -> str:
    value = float(n or 0)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


class FileError(TroveError):
    """One file could not be indexed; the run goes on and the file is marked failed."""

    reason = "failed"

    def __init__(self, path: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.path = path


class UnsupportedFileError(FileError):
    """The file type is not one Trove can read."""

    reason = "unsupported"


class FileTooLargeError(FileError):
    """The file is larger than the configured maximum."""

    reason = "too large"


class FileVanishedError(FileError):
    """The file was deleted or moved while Trove was reading it."""

    reason = "vanished"


class FileLockedError(FileError):
    """The file could not be opened (permissions, or locked by another program)."""

    reason = "locked"


class CorruptFileError(FileError):
    """The file is damaged or not what its name says."""

    reason = "corrupt"


class NoTextError(FileError):
    """The file has no extractable text (for example a scanned PDF without OCR)."""

    reason = "no text"


class EmptyFileError(NoTextError):
    """The file holds no text at all (zero bytes, or only blanks): not a failure, just empty."""

    reason = "empty"


class ExtractionTimeoutError(FileError):
    """Reading the file took longer than the limit; it may be pathological."""

    reason = "timed out"


class NimError(TroveError):
    """A failure talking to a NIM service."""

    retryable = False

    def __init__(
        self, message: str, *, service: str = "", status: int | None = None, hint: str = ""
    ) -> None:
        super().__init__(message, hint)
        self.service = service
        self.status = status


class NimAuthError(NimError):
    """The NIM rejected the API key (missing, malformed or wrong)."""


class NimForbiddenError(NimError):
    """The key is valid but has no access to this model."""


class NimModelNotFoundError(NimError):
    """The model or the URL does not exist on that server."""


class NimInputTooLongError(NimError):
    """An input is longer than the model's token limit."""


class NimBadRequestError(NimError):
    """The NIM rejected the request as invalid."""


class NimDimensionsRefusedError(NimBadRequestError):
    """The model has a fixed vector size and refused the ``dimensions`` field."""


class NimVectorSizeError(NimError):
    """The NIM returned vectors of another size than the index it is meant to fill."""

    def __init__(self, message: str, *, expected: int, got: int, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.expected = expected
        self.got = got


class NimRateLimitedError(NimError):
    """Too many requests; ``retry_after`` is the server's wish in seconds, if it said one."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class NimNotReadyError(NimError):
    """The NIM is up but its model is still loading."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class NimServerError(NimError):
    """The NIM failed with a server error."""

    retryable = True


class NimUnreachableError(NimError):
    """The NIM could not be reached at all."""

    retryable = True


class NimUnavailableError(NimUnreachableError):
    """The service failed recently and is being probed; calls fail fast until it answers."""

    retryable = False


class NimTimeoutError(NimError):
    """The NIM did not answer in time."""

    retryable = True


class NimStreamError(NimError):
    """The NIM reported an error in the middle of a streamed answer."""
