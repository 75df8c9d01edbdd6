"""Is a space's vector index usable? Counting, a probe query, and stored vectors that must still
find themselves: part of the vector store (``vectors.py``), which opens the collections.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from desktop_app.core.diskspace import is_disk_full
from desktop_app.core.index.chroma_errors import (
    is_auth_exception,
    is_unreachable,
    problem,
    raise_translated,
)
from desktop_app.core.index.protocols import Health

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

__all__ = ["collection_health", "probe_index", "query_one", "retry_read", "unit_vector"]

log = logging.getLogger("desktop_app.core.index.vectors")  # the store's log, as before
_T = TypeVar("_T")

# Pauses before retrying a read that failed inside Chroma (see _retry_read).
_READ_RETRY_PAUSES_S = (0.05, 0.1, 0.2)
_SELF_MATCH_TOLERANCE = 1e-3


def retry_read(call: Callable[..., _T], /, **kwargs: Any) -> _T:
    """Run a Chroma read; on an InternalError try again after a short pause, then give up.

    A read that races the writer's HNSW flush can fail with "Error creating hnsw segment reader:
    Nothing found on disk" and succeed a moment later (seen with chroma 1.5.9 in server mode in
    about 1 of 10 write sessions with concurrent queries). A damaged index keeps failing, so it
    still surfaces, about 0.35 s later.
    """
    from chromadb.errors import InternalError

    for pause in _READ_RETRY_PAUSES_S:
        try:
            return call(**kwargs)
        except InternalError as exc:
            log.debug("Chroma read failed, trying again in %.2f s: %s", pause, exc)
            time.sleep(pause)
    return call(**kwargs)


def unit_vector(dims: int) -> npt.NDArray[np.float32]:
    """A valid query vector of ``dims`` dimensions (for probes that need any vector)."""
    vector = np.zeros(dims, dtype=np.float32)
    vector[0] = 1.0
    return vector


def query_one(col: Collection, vector: npt.NDArray[np.float32]) -> Any:
    """One nearest-neighbour query (distances only)."""
    return retry_read(
        col.query, query_embeddings=vector[np.newaxis, :], n_results=1, include=["distances"]
    )


def collection_health(
    col: Collection,
    dims: int,
    space: str,
    expected_count: int,
    probe: npt.NDArray[np.float32] | None,
    where: str,
) -> Health:
    """Count and probe an open collection; a broken index is reported, not raised (an
    unreachable server or refused credentials are raised: rebuilding would not help)."""
    count = 0
    action = "counting"
    try:
        count = int(retry_read(col.count))
        action = "searching"
        probe_index(col, dims, count, probe)
    except Exception as exc:
        if is_unreachable(exc) or is_auth_exception(exc) or is_disk_full(exc):
            raise_translated(exc, action=action, where=where, space=space)
        log.warning("health check of %s failed while %s: %r", space, action, exc)
        return Health(False, count, problem(action, exc), index_broken=True)
    if count != expected_count:
        return Health(
            False,
            count,
            f"The vector space {space} holds {count} vectors but the catalog expects "
            f"{expected_count}.",
        )
    return Health(True, count)


def probe_index(
    col: Collection, dims: int, count: int, probe: npt.NDArray[np.float32] | None
) -> None:
    """One query that must work; raises (anything) when the index is unusable."""
    if probe is None and count == 0:
        probe = unit_vector(dims)
    if probe is not None:
        query_one(col, probe)
        return
    # First, middle and last stored vector: damage that lost only part of the index (say,
    # the HNSW files of the last flush) still shows up.
    for offset in sorted({0, count // 2, count - 1}):
        sample = retry_read(col.get, limit=1, offset=offset, include=["embeddings"])
        embeddings = sample["embeddings"]
        if not sample["ids"] or embeddings is None or len(embeddings) == 0:
            raise RuntimeError("the index reports vectors but returned none")
        own = np.asarray(embeddings[0], dtype=np.float32)
        result = retry_read(
            col.query, query_embeddings=own[np.newaxis, :], n_results=1, include=["distances"]
        )
        dists = (result["distances"] or [[]])[0]
        if not dists or float(dists[0]) > _SELF_MATCH_TOLERANCE:
            raise RuntimeError(f"a stored vector ({sample['ids'][0]}) no longer finds itself")
