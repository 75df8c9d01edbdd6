"""Seams of the index layer: what the engine needs from a store, so tests can pass fakes.

Only plain types live here (no Chroma, no SQLite import), so a fake costs nothing to import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, runtime_checkable

__all__ = [
    "Health",
    "MetadataValue",
    "SpaceInfo",
    "Vector",
    "VectorHit",
    "VectorStore",
    "Vectors",
]

# Anything NumPy can turn into float32 rows: a list of floats, a tuple, an ndarray.
Vector: TypeAlias = Sequence[float] | Any
Vectors: TypeAlias = Sequence[Sequence[float]] | Any
MetadataValue: TypeAlias = str | int | float | bool


@dataclass(frozen=True)
class VectorHit:
    """One nearest neighbour: chunk id and cosine distance (0 same direction, 2 opposite)."""

    id: str
    distance: float
    metadata: Mapping[str, MetadataValue] | None = None

    @property
    def similarity(self) -> float:
        """Cosine similarity, 1 - distance (1 = same direction)."""
        return 1.0 - self.distance


@dataclass(frozen=True)
class SpaceInfo:
    """One embedding space (model + dimensions) and the store collection that holds it."""

    name: str
    model: str
    dimensions: int


@dataclass(frozen=True)
class Health:
    """Result of a store health check.

    ``ok`` is False when the count disagrees with the catalog (repair by diff) or when the index
    itself is broken (``index_broken``: drop the space and rebuild it from the catalog).
    """

    ok: bool
    count: int
    problem: str | None = None
    index_broken: bool = False


@runtime_checkable
class VectorStore(Protocol):
    """Vectors per embedding space; ids are the catalog's chunk ids; writes are idempotent.

    Not safe for concurrent writers: one writer thread owns all writes (upsert, delete,
    ensure_space, drop_space). Reads (query, get_vectors, rank_candidates, ids, count,
    health_check, warm) may run concurrently.
    Expected failures are raised as ``VectorStoreError`` (see ``index.vectors``).
    """

    def spaces(self) -> list[SpaceInfo]:
        """The Trove spaces in this store."""
        ...

    def ensure_space(self, name: str, model: str, dimensions: int) -> SpaceInfo:
        """Create the space if missing (cosine distance) and return it."""
        ...

    def drop_space(self, name: str) -> bool:
        """Delete the space and its vectors; True if it existed."""
        ...

    def upsert(
        self,
        space: str,
        ids: Sequence[str],
        vectors: Vectors,
        documents: Sequence[str],
        metadatas: Sequence[Mapping[str, MetadataValue]],
    ) -> int:
        """Insert or replace vectors by id; returns how many were written."""
        ...

    def delete(self, space: str, ids: Sequence[str]) -> None:
        """Remove vectors by id; unknown ids are ignored."""
        ...

    def count(self, space: str) -> int:
        """Number of vectors in the space."""
        ...

    def query(
        self, space: str, vector: Vector, k: int, where: Mapping[str, Any] | None = None
    ) -> list[VectorHit]:
        """The ``k`` nearest vectors, closest first."""
        ...

    def get_vectors(self, space: str, ids: Sequence[str]) -> dict[str, Any]:
        """Stored vectors by id (float32 arrays); unknown ids are absent from the result."""
        ...

    def rank_candidates(
        self, space: str, vector: Vector, ids: Sequence[str], k: int
    ) -> list[VectorHit]:
        """Exact ranking of the given candidate ids by cosine distance, closest first."""
        ...

    def ids(self, space: str) -> Iterator[str]:
        """Every id in the space, page by page."""
        ...

    def health_check(
        self, space: str, expected_count: int, probe_vector: Vector | None = None
    ) -> Health:
        """Compare the count with the catalog and run one query; never raises for a broken index."""
        ...

    def warm(self, space: str) -> float:
        """Run one query so the index is loaded; returns the seconds it took."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...
