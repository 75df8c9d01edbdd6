"""What Chroma's failures mean for the user: Trove's vector store errors and the translation of
whatever Chroma (or its HTTP client) raises into them. Part of the vector store (``vectors.py``).

    VectorStoreError
    ├── VectorStoreUnreachableError   the Chroma server did not answer (or the store did not open)
    ├── VectorStoreAuthError          the Chroma server refused the credentials (401/403)
    ├── SpaceNotFoundError            the space's collection does not exist (dropped elsewhere?)
    └── VectorIndexBrokenError        the HNSW index or its segment files are damaged: rebuild
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import NoReturn

from desktop_app.core.diskspace import disk_full_error, is_disk_full
from desktop_app.core.errors import DiskFullError, TroveError, scrub

__all__ = [
    "AUTH_TEXT",
    "SpaceNotFoundError",
    "VectorIndexBrokenError",
    "VectorStoreAuthError",
    "VectorStoreError",
    "VectorStoreUnreachableError",
    "auth_error",
    "is_auth_exception",
    "is_not_found",
    "is_unreachable",
    "problem",
    "raise_translated",
    "space_missing",
    "unreachable_error",
    "why_unreachable",
]

log = logging.getLogger("desktop_app.core.index.vectors")  # the store's log, as before


class VectorStoreError(TroveError):
    """The vector store (Chroma) failed; ``space`` names the embedding space when there is one."""

    def __init__(self, message: str, hint: str = "", *, space: str | None = None) -> None:
        super().__init__(message, hint)
        self.space = space


class VectorStoreUnreachableError(VectorStoreError):
    """The Chroma server did not answer, or the embedded store could not be opened."""


class VectorStoreAuthError(VectorStoreError):
    """The Chroma server refused Trove's credentials."""


class SpaceNotFoundError(VectorStoreError):
    """The collection of an embedding space does not exist."""


class VectorIndexBrokenError(VectorStoreError):
    """The vector index of a space is damaged; the space must be rebuilt from the catalog."""


BROKEN_INDEX = re.compile(
    r"hnsw|segment|pickle|backfill|compactor|error finding id|error loading|index|corrupt"
    r"|malformed",
    re.IGNORECASE,
)

AUTH_TEXT = re.compile(r"\b40[13]\b|unauthori[sz]ed|forbidden|authenticat", re.IGNORECASE)


def is_not_found(exc: BaseException) -> bool:
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


def is_auth_exception(exc: BaseException) -> bool:
    import httpx
    from chromadb.errors import AuthorizationError, ChromaAuthError

    if isinstance(exc, ChromaAuthError | AuthorizationError):
        return True
    return isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code in (401, 403)


def is_unreachable(exc: BaseException) -> bool:
    import httpx

    if isinstance(exc, httpx.TransportError):  # connect/read errors and timeouts
        return True
    return isinstance(exc, ValueError) and "could not connect" in str(exc).lower()


def problem(action: str, exc: BaseException) -> str:
    """A one-line description of what failed, for Health.problem and logs."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"The vector index failed while {action}: {detail[:300]}"


def space_missing(space: str) -> SpaceNotFoundError:
    return SpaceNotFoundError(
        f"The vector space {space} does not exist in the vector store.",
        "Trove will re-create it and embed the files again; if this keeps happening, check that "
        "no other program deletes collections in this Chroma database.",
        space=space,
    )


def why_unreachable(exc: BaseException) -> str:
    """A few words on why a server did not answer."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx.ConnectError | ValueError):
        return "connection refused, or the host was not found"
    return f"the connection failed: {type(exc).__name__}"


def unreachable_error(where: str, detail: str) -> VectorStoreUnreachableError:
    return VectorStoreUnreachableError(
        f"Trove could not reach the Chroma server at {where} ({detail}).",
        "Check that the server is running and that the Chroma server settings (chroma.host, "
        "chroma.port, chroma.ssl) are right. Keyword search keeps working meanwhile.",
    )


def auth_error(where: str) -> VectorStoreAuthError:
    return VectorStoreAuthError(
        f"The Chroma server at {where} refused Trove's credentials.",
        "Check the authentication header in the Chroma server settings (chroma.headers).",
    )


def raise_translated(exc: BaseException, *, action: str, where: str, space: str | None) -> NoReturn:
    """Raise the VectorStoreError that tells the user what ``exc`` means for them."""
    from chromadb.errors import InternalError

    log.warning("Chroma failed while %s (%s): %s", action, space or where, scrub(repr(exc)))
    if is_disk_full(exc):  # before "damaged": a full disk is not a broken index
        if "://" in where:
            raise DiskFullError(where) from exc  # the Chroma server's disk
        raise disk_full_error(Path(where), Path(where).parent) from exc
    if is_unreachable(exc):
        raise unreachable_error(where, why_unreachable(exc)) from exc
    if is_auth_exception(exc):
        raise auth_error(where) from exc
    text = str(exc)
    if isinstance(exc, InternalError) and BROKEN_INDEX.search(text):
        raise VectorIndexBrokenError(
            f"The vector index{' of ' + space if space else ''} is damaged ({action} failed).",
            "Run `trove repair` (in the app: Indexing > Check and repair the index): it rebuilds "
            "the vector index from the catalog. Your files and keyword search are not affected.",
            space=space,
        ) from exc
    detail = text.strip().splitlines()[0][:300] if text.strip() else type(exc).__name__
    raise VectorStoreError(
        f"The vector store failed while {action}: {detail}",
        "Try again; if it keeps failing, run `trove repair` to rebuild the vector index from "
        "the catalog.",
        space=space,
    ) from exc
