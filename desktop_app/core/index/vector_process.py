"""The embedded Chroma store in a child process, for the desktop app.

Chroma's Rust core keeps the GIL for a whole upsert (hundreds of ms once its HNSW buffers flush),
so in the app's process every write froze the window (docs/benchmarks.md, section 8). Here the
store lives in one spawned child that is still the only process touching the Chroma directory
(two processes writing one directory lose vectors); the parent forwards each ``VectorStore`` call
over a pipe, one at a time, and gets the result or the error back.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import threading
import traceback
from collections.abc import Iterator, Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from desktop_app.core.errors import TroveError
from desktop_app.core.index.protocols import (
    Health,
    MetadataValue,
    SpaceInfo,
    Vector,
    VectorHit,
    Vectors,
)
from desktop_app.core.index.vectors import VectorStoreUnreachableError
from desktop_app.core.priority import lower_priority

__all__ = ["VectorProcess"]

log = logging.getLogger(__name__)

_START_TIMEOUT_S = 120.0


def _serve(conn: Connection, path: str, write_batch: int) -> None:
    """The child: open the store, then answer calls until the pipe closes or ``close`` comes."""
    try:
        _answer_calls(conn, path, write_batch)
    except (EOFError, OSError):
        pass  # the pipe broke: the parent is gone, and a traceback would only alarm the user
    finally:
        conn.close()


def _answer_calls(conn: Connection, path: str, write_batch: int) -> None:
    from desktop_app.core.index.vectors import ChromaVectors

    if hasattr(signal, "SIGINT"):
        # Ctrl+C in a terminal reaches the whole process group; the parent decides when we stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()
    try:
        store = ChromaVectors.embedded(Path(path), write_batch)
    except BaseException as exc:
        conn.send(_failure(exc))
        return
    conn.send(("ok", None))
    closed = False
    try:
        while not closed:
            try:
                method, args, kwargs = conn.recv()
            except EOFError:
                break
            try:
                result = getattr(store, method)(*args, **kwargs)
                if method == "ids":
                    result = list(result)
                reply = ("ok", result)
            except BaseException as exc:
                reply = _failure(exc)
            closed = method == "close"
            conn.send(reply)
    finally:
        if not closed:
            # The parent died without closing: flush what Chroma holds before going.
            with contextlib.suppress(Exception):
                store.close()


def _failure(exc: BaseException) -> tuple[str, Any]:
    if isinstance(exc, TroveError):
        return ("trove", (type(exc), exc.message, exc.hint, getattr(exc, "space", None)))
    return ("bug", "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))


def _rebuild(kind: str, payload: Any) -> BaseException:
    if kind == "trove":
        cls, message, hint, space = payload
        exc = cls.__new__(cls)
        TroveError.__init__(exc, message, hint)
        if space is not None:
            exc.space = space
        return exc
    return RuntimeError(f"the vector store process failed:\n{payload}")


def _stopped() -> VectorStoreUnreachableError:
    return VectorStoreUnreachableError(
        "The vector store process stopped unexpectedly.",
        hint="Restart Trove; `trove repair` rebuilds the store from the catalog if needed.",
    )


class VectorProcess:
    """A ``VectorStore`` whose embedded Chroma runs in a child process."""

    def __init__(self, path: Path, write_batch: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve, args=(child, str(path), write_batch), name="trove-chroma", daemon=True
        )
        self._process.start()
        child.close()
        self._lock = threading.Lock()
        if not self._conn.poll(_START_TIMEOUT_S):
            self._process.kill()
            raise VectorStoreUnreachableError(
                "The vector store did not open in time.", hint="Restart Trove."
            )
        self._answer()

    def _answer(self) -> Any:
        try:
            kind, payload = self._conn.recv()
        except (EOFError, OSError):
            raise _stopped() from None
        if kind == "ok":
            return payload
        raise _rebuild(kind, payload)

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            try:
                self._conn.send((method, args, kwargs))
            except OSError:  # the child is gone: the pipe is broken
                raise _stopped() from None
            return self._answer()

    def spaces(self) -> list[SpaceInfo]:
        """The Trove spaces in this store."""
        return list(self._call("spaces"))

    def ensure_space(self, name: str, model: str, dimensions: int) -> SpaceInfo:
        """Create the space if missing and return it."""
        return self._call("ensure_space", name, model, dimensions)

    def drop_space(self, name: str) -> bool:
        """Delete the space and its vectors; True if it existed."""
        return bool(self._call("drop_space", name))

    def upsert(
        self,
        space: str,
        ids: Sequence[str],
        vectors: Vectors,
        documents: Sequence[str],
        metadatas: Sequence[Mapping[str, MetadataValue]],
    ) -> int:
        """Insert or replace vectors by id; returns how many were written."""
        return int(
            self._call("upsert", space, list(ids), vectors, list(documents), list(metadatas))
        )

    def delete(self, space: str, ids: Sequence[str]) -> None:
        """Remove vectors by id."""
        self._call("delete", space, list(ids))

    def count(self, space: str) -> int:
        """Number of vectors in the space."""
        return int(self._call("count", space))

    def query(
        self, space: str, vector: Vector, k: int, where: Mapping[str, Any] | None = None
    ) -> list[VectorHit]:
        """The ``k`` nearest vectors, closest first."""
        return list(self._call("query", space, vector, k, where))

    def get_vectors(self, space: str, ids: Sequence[str]) -> dict[str, Any]:
        """Stored vectors by id."""
        return dict(self._call("get_vectors", space, list(ids)))

    def rank_candidates(
        self, space: str, vector: Vector, ids: Sequence[str], k: int
    ) -> list[VectorHit]:
        """Exact ranking of the candidate ids, closest first."""
        return list(self._call("rank_candidates", space, vector, list(ids), k))

    def ids(self, space: str) -> Iterator[str]:
        """Every id in the space."""
        return iter(self._call("ids", space))

    def health_check(
        self, space: str, expected_count: int, probe_vector: Vector | None = None
    ) -> Health:
        """Compare the count with the catalog and run one query."""
        return self._call("health_check", space, expected_count, probe_vector)

    def warm(self, space: str) -> float:
        """Run one query so the index is loaded."""
        return float(self._call("warm", space))

    def close(self) -> None:
        """Close the store and end the child (Chroma flushes on close)."""
        if not self._process.is_alive():
            return
        try:
            self._call("close")
        except (TroveError, RuntimeError, OSError):
            log.warning("the vector store process did not close cleanly", exc_info=True)
        self._conn.close()
        self._process.join(30)
        if self._process.is_alive():
            self._process.kill()
