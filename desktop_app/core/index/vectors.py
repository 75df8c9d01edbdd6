"""Vectors in Chroma: with its two helpers, the only code of Trove that talks to Chroma.

One Chroma collection per embedding space (model id + dimensions), cosine distance, ids = the
catalog's chunk ids, chunk text as the Chroma document and enough metadata (``path``, ``file_id``,
``location``, ``kind``, ``mtime``) that a hit renders without the catalog. Chroma is a rebuildable
cache of the catalog: ``health_check`` says when to repair or rebuild.

Nothing here reaches the network on its own: product telemetry and OpenTelemetry are switched off,
no ``.env`` file is read, and Chroma's default embedding function (which downloads an ONNX model on
first use) is never attached: every collection is opened with ``embedding_function=None`` and every
write and query passes vectors.

Threads: a ``ChromaVectors`` must have ONE writer (Trove's Chroma writer lane): ``upsert``,
``delete``, ``ensure_space`` and ``drop_space`` are never called concurrently. Reads (``query``,
``get_vectors``, ``rank_candidates``, ``ids``, ``count``, ``health_check``, ``warm``) may run on
other threads at the same time; Chroma is thread-safe for that. Two *processes* on one embedded
directory lose vectors silently, which is why the data dir has one owner process.

Errors: every failure of Chroma (server unreachable, credentials refused, broken index, ...) is
raised as a ``VectorStoreError`` (a ``TroveError``) with a sentence for the user and a hint (the
tree and the translation: ``chroma_errors.py``). Invalid arguments (mismatched lengths, wrong
dimensions, NaN vectors) are bugs: ``ValueError``. Opening and closing the client:
``chroma_client.py``. These three modules are the only ones that talk to Chroma.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from desktop_app.core.index.chroma_client import (
    SERVER_TIMEOUT_S,
    chroma_settings,
    close_client,
    open_embedded,
    open_server,
)
from desktop_app.core.index.chroma_errors import (
    SpaceNotFoundError,
    VectorIndexBrokenError,
    VectorStoreAuthError,
    VectorStoreError,
    VectorStoreUnreachableError,
    is_not_found,
    problem,
    raise_translated,
    space_missing,
)
from desktop_app.core.index.chroma_health import (
    collection_health,
    query_one,
    retry_read,
    unit_vector,
)
from desktop_app.core.index.protocols import (
    Health,
    MetadataValue,
    SpaceInfo,
    Vector,
    VectorHit,
    Vectors,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

__all__ = [
    "CREATED_BY",
    "MAX_WRITE_BATCH",
    "REQUIRED_METADATA",
    "ChromaVectors",
    "Health",
    "SpaceInfo",
    "SpaceNotFoundError",
    "VectorHit",
    "VectorIndexBrokenError",
    "VectorStoreAuthError",
    "VectorStoreError",
    "VectorStoreUnreachableError",
    "chroma_settings",
    "chunk_metadata",
    "space_name",
]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

CREATED_BY = "trove"
# Measured on 2 vCPU, 1024-d (docs/benchmarks-chroma.md): throughput is flat from 256 to 1000 per
# call, while the time one call holds the writer lane grows linearly. 256 keeps each call well under
# a second, so progress and cancellation stay responsive, at full throughput. Chroma's upsert holds
# the GIL for its whole call (~40 ms per 32 records at 1024-d, ~300 ms per 256): the desktop app
# writes smaller batches so its GUI thread never waits long for the GIL.
MAX_WRITE_BATCH = 256
# Reads have no index to update, so bigger pages are cheaper; still bounded by Chroma's cap.
MAX_READ_BATCH = 2000
# The keys every chunk's metadata carries, so a hit renders without the catalog.
REQUIRED_METADATA = ("path", "file_id", "location", "kind", "mtime")
# The first query after opening loads the whole HNSW index from disk (12 s at 500k x 1024-d), and
# Chroma's own HTTP client has no timeout at all: a stalled server would hang the writer forever.
# A stored vector queried against its own index must come back at (float32) distance ~0.

_NAME_SLUG = re.compile(r"[^a-z0-9]+")


# ------------------------------------------------------------------------------------ helpers


def space_name(model: str, dimensions: int) -> str:
    """The Chroma collection name of an embedding space: readable, stable, unique per pair.

    ``nvidia/llama-nemotron-embed-1b-v2`` at 1024 gives
    ``trove-llama-nemotron-embed-1b-v2-1024-ce772e``.
    The hash covers the full model id, so two vendors' models with one short name never collide.
    """
    if not model.strip():
        raise ValueError("model must not be empty")
    if dimensions <= 0:
        raise ValueError(f"dimensions must be positive, got {dimensions}")
    short = model.strip().rsplit("/", 1)[-1].lower()
    slug = _NAME_SLUG.sub("-", short).strip("-")[:200] or "model"
    digest = hashlib.sha1(f"{model.strip()}\n{dimensions}".encode()).hexdigest()[:6]
    return f"{CREATED_BY}-{slug}-{dimensions}-{digest}"


def chunk_metadata(
    *,
    path: str,
    file_id: int,
    location: str,
    kind: str,
    mtime: float,
    **extra: MetadataValue,
) -> dict[str, MetadataValue]:
    """The metadata stored with one chunk's vector (``mtime`` in POSIX seconds)."""
    meta: dict[str, MetadataValue] = {
        "path": path,
        "file_id": int(file_id),
        "location": location,
        "kind": kind,
        "mtime": float(mtime),
    }
    meta.update(extra)
    return meta


def _as_matrix(vectors: Vectors, rows: int, dims: int | None) -> npt.NDArray[np.float32]:
    """Vectors as a float32 (rows, dims) array, or ValueError for anything Chroma would regret."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim != 2 or arr.shape[0] != rows:
        raise ValueError(f"expected {rows} vectors, got an array of shape {arr.shape}")
    if dims is not None and arr.shape[1] != dims:
        raise ValueError(f"expected vectors of {dims} dimensions, got {arr.shape[1]}")
    if not np.isfinite(arr).all():
        raise ValueError("vectors contain NaN or infinity")
    # Cosine distance is undefined for a zero vector; HNSW would store NaNs and poison searches.
    if rows and not np.any(arr, axis=1).all():
        raise ValueError("vectors contain an all-zero row")
    return arr


def _as_vector(vector: Vector, dims: int | None) -> npt.NDArray[np.float32]:
    """One query vector as a float32 row."""
    return _as_matrix([np.asarray(vector, dtype=np.float32)], 1, dims)[0]


def _unique(ids: Iterable[str]) -> list[str]:
    """Ids without repeats, first occurrence kept."""
    return list(dict.fromkeys(ids))


def _batches(n: int, size: int) -> Iterator[slice]:
    """Slices covering range(n) in steps of ``size``."""
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


# ----------------------------------------------------------------------------------- the store


class ChromaVectors:
    """Trove's vector store on Chroma: one cosine collection per embedding space.

    Build it with ``ChromaVectors.embedded(path)`` or ``ChromaVectors.server(host, port, ...)``.
    One writer thread only; reads may run concurrently (see the module docstring).
    """

    def __init__(
        self, client: ClientAPI, *, location: str, is_server: bool, write_batch: int | None = None
    ) -> None:
        """Wrap an open Chroma client (prefer ``embedded`` and ``server``); ``write_batch`` caps
        the records per write (default ``MAX_WRITE_BATCH``; the app lowers it, see there)."""
        self.write_batch_limit = write_batch or MAX_WRITE_BATCH
        self._client = client
        self._location = location
        self._is_server = is_server
        self._collections: dict[str, Collection] = {}
        self._dims: dict[str, int] = {}
        self._cache_lock = threading.Lock()
        self._closed = False

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def embedded(cls, path: Path, write_batch: int | None = None) -> ChromaVectors:
        """Open (or create) the embedded store in ``path`` (Chroma ``PersistentClient``)."""
        return cls(
            open_embedded(path), location=str(path), is_server=False, write_batch=write_batch
        )

    @classmethod
    def server(
        cls,
        host: str,
        port: int,
        ssl: bool = False,
        headers: Mapping[str, str] | None = None,
        *,
        timeout_s: float = SERVER_TIMEOUT_S,
    ) -> ChromaVectors:
        """Connect to a Chroma server (Chroma ``HttpClient``); ``headers`` may carry auth."""
        client, where = open_server(host, port, ssl, headers, timeout_s=timeout_s)
        return cls(client, location=where, is_server=True)

    def close(self) -> None:
        """Release the client (and its HTTP connections); the store is unusable afterwards."""
        if self._closed:
            return
        self._closed = True
        with self._cache_lock:
            self._collections.clear()
        close_client(self._client, is_server=self._is_server)

    def __enter__(self) -> ChromaVectors:
        """Use as a context manager that closes the store."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        # Never the headers: they may hold a token.
        return f"ChromaVectors({self._location!r})"

    # -- facts -------------------------------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the store lives: the folder, or the server's URL."""
        return self._location

    @property
    def is_server(self) -> bool:
        """True for a Chroma server, False for the embedded store."""
        return self._is_server

    @property
    def telemetry_enabled(self) -> bool:
        """Whether Chroma's product telemetry is on (always False for Trove's stores)."""
        return bool(self._client.get_settings().anonymized_telemetry)

    def max_batch_size(self) -> int:
        """Chroma's hard cap on records per call (5461 with SQLite >= 3.32)."""
        with self._errors("checking the batch limit"):
            return int(self._client.get_max_batch_size())

    def write_batch_size(self) -> int:
        """Records per upsert/delete call: min(Chroma's cap, ``write_batch_limit``)."""
        return max(1, min(self.max_batch_size(), self.write_batch_limit))

    def _read_batch_size(self) -> int:
        return max(1, min(self.max_batch_size(), MAX_READ_BATCH))

    # -- spaces ------------------------------------------------------------------------------

    def spaces(self) -> list[SpaceInfo]:
        """The Trove spaces in this store (collections created by Trove), by name."""
        with self._errors("listing the vector spaces"):
            collections = self._client.list_collections()
        found = []
        for col in collections:
            meta = col.metadata or {}
            if meta.get("created_by") != CREATED_BY:
                continue
            found.append(
                SpaceInfo(col.name, str(meta.get("model", "")), int(meta.get("dimensions", 0)))
            )
        return sorted(found, key=lambda s: s.name)

    def ensure_space(self, name: str, model: str, dimensions: int) -> SpaceInfo:
        """Create the space's collection if missing (cosine) and return it.

        An existing collection must be Trove's, for the same model and dimensions, with cosine
        distance; anything else is a ``VectorStoreError`` rather than a silent mix of vectors.
        """
        if dimensions <= 0:
            raise ValueError(f"dimensions must be positive, got {dimensions}")
        metadata: dict[str, str | int | float | bool] = {
            "model": model,
            "dimensions": int(dimensions),
            "created_by": CREATED_BY,
        }
        with self._errors("creating a vector space", space=name):
            try:
                col = self._client.get_or_create_collection(
                    name,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata=metadata,
                    embedding_function=None,
                )
            except TypeError:
                # A Chroma without collection configuration (< 1.0): the legacy metadata key.
                col = self._client.get_or_create_collection(
                    name,
                    metadata={**metadata, "hnsw:space": "cosine"},
                    embedding_function=None,
                )
        meta = col.metadata or {}
        if (
            meta.get("created_by") != CREATED_BY
            or meta.get("model") != model
            or meta.get("dimensions") != dimensions
        ):
            raise VectorStoreError(
                f"The vector store already has a collection named {name} that is not Trove's "
                f"index for {model} at {dimensions} dimensions.",
                "Pick another Chroma database, or remove that collection with Chroma's tools.",
                space=name,
            )
        metric = _distance_space(col)
        if metric != "cosine":
            raise VectorStoreError(
                f"The vector space {name} uses {metric} distance instead of cosine.",
                "Rebuild the vector index so Trove creates the space again with cosine distance.",
                space=name,
            )
        with self._cache_lock:
            self._collections[name] = col
            self._dims[name] = int(dimensions)
        return SpaceInfo(name, model, int(dimensions))

    def drop_space(self, name: str) -> bool:
        """Delete the space and all its vectors; True if it existed."""
        from chromadb.errors import NotFoundError

        with self._cache_lock:
            self._collections.pop(name, None)
            self._dims.pop(name, None)
        with self._errors("deleting a vector space", space=name):
            try:
                self._client.delete_collection(name)
            except NotFoundError:
                return False
        return True

    # -- writes (the one writer thread) ------------------------------------------------------

    def upsert(
        self,
        space: str,
        ids: Sequence[str],
        vectors: Vectors,
        documents: Sequence[str],
        metadatas: Sequence[Mapping[str, MetadataValue]],
    ) -> int:
        """Insert or replace vectors by id, in batches; returns how many were written.

        Idempotent: writing the same ids again replaces them. Every metadata carries the keys in
        ``REQUIRED_METADATA`` (build it with ``chunk_metadata``). All input is checked before the
        first batch, so a bad row never leaves half a call written.
        """
        ids = list(ids)
        n = len(ids)
        if len(documents) != n or len(metadatas) != n:
            raise ValueError(
                f"upsert needs as many documents ({len(documents)}) and metadatas "
                f"({len(metadatas)}) as ids ({n})"
            )
        if len(set(ids)) != n:
            raise ValueError("upsert got the same id twice")
        if not all(isinstance(i, str) and i for i in ids):
            raise ValueError("ids must be non-empty strings")
        for meta in metadatas:
            missing = [key for key in REQUIRED_METADATA if key not in meta]
            if missing:
                raise ValueError(f"chunk metadata lacks {', '.join(missing)}")
        if n == 0:
            return 0
        col = self._collection(space)
        matrix = _as_matrix(vectors, n, self._dims.get(space))
        docs = list(documents)
        metas = [dict(m) for m in metadatas]
        size = self.write_batch_size()
        with self._errors("saving vectors", space=space):
            for part in _batches(n, size):
                col.upsert(
                    ids=ids[part],
                    embeddings=matrix[part],
                    documents=docs[part],
                    metadatas=metas[part],  # type: ignore[arg-type]
                )
        return n

    def delete(self, space: str, ids: Sequence[str]) -> None:
        """Remove vectors by id, in batches; ids that are not there are ignored."""
        wanted = _unique(ids)
        if not wanted:
            return
        col = self._collection(space)
        size = self.write_batch_size()
        with self._errors("deleting vectors", space=space):
            for part in _batches(len(wanted), size):
                col.delete(ids=wanted[part])

    # -- reads (any thread) ------------------------------------------------------------------

    def count(self, space: str) -> int:
        """Number of vectors in the space."""
        col = self._collection(space)
        with self._errors("counting vectors", space=space):
            return int(retry_read(col.count))

    def query(
        self,
        space: str,
        vector: Vector,
        k: int,
        where: Mapping[str, Any] | None = None,
        *,
        with_metadata: bool = False,
    ) -> list[VectorHit]:
        """The ``k`` nearest vectors by cosine distance, closest first.

        ``where`` is a Chroma metadata filter (``{"kind": "pdf"}``, ``{"mtime": {"$gt": t}}``).
        A selective filter is slow at scale (~1 s at 500k): for one file or folder use
        ``rank_candidates`` with the catalog's chunk ids instead.
        """
        if k <= 0:
            return []
        col = self._collection(space)
        q = _as_vector(vector, self._dims.get(space))
        include: Any = ["distances", "metadatas"] if with_metadata else ["distances"]
        with self._errors("searching vectors", space=space):
            result = retry_read(
                col.query,
                query_embeddings=q[np.newaxis, :],
                n_results=int(k),
                where=dict(where) if where else None,
                include=include,
            )
        ids = result["ids"][0] if result["ids"] else []
        dists = (result["distances"] or [[]])[0]
        metas: list[Any] = list((result["metadatas"] or [[]])[0]) if with_metadata else []
        metas += [None] * (len(ids) - len(metas))
        return [
            VectorHit(i, float(d), dict(m) if m is not None else None)
            for i, d, m in zip(ids, dists, metas, strict=True)
        ]

    def get_vectors(self, space: str, ids: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        """Stored vectors by id as float32 arrays, fetched in batches; unknown ids are absent."""
        wanted = _unique(ids)
        if not wanted:
            return {}
        col = self._collection(space)
        found: dict[str, npt.NDArray[np.float32]] = {}
        size = self._read_batch_size()
        with self._errors("reading vectors", space=space):
            for part in _batches(len(wanted), size):
                got = retry_read(col.get, ids=wanted[part], include=["embeddings"])
                embeddings = got["embeddings"]
                if embeddings is None:
                    continue
                for i, emb in zip(got["ids"], embeddings, strict=True):
                    found[i] = np.asarray(emb, dtype=np.float32)
        return found

    def rank_candidates(
        self, space: str, vector: Vector, ids: Sequence[str], k: int
    ) -> list[VectorHit]:
        """Exact top-``k`` of the candidate ids by cosine distance, ranked in NumPy.

        This is scoped search (one file, one folder): fetching the candidates' vectors and ranking
        them here is ~25x faster than a filtered HNSW query at 500k vectors, and exact.
        Candidates without a vector (not embedded yet) are skipped.
        """
        if k <= 0:
            return []
        self._collection(space)  # so the space's dimensions are known for the check below
        q = _as_vector(vector, self._dims.get(space)).astype(np.float64)
        stored = self.get_vectors(space, ids)
        if not stored:
            return []
        names = list(stored)
        matrix = np.stack([stored[i] for i in names]).astype(np.float64)
        norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(q)
        norms[norms == 0] = np.inf  # a zero vector is as far as it gets: distance 1
        distances = 1.0 - (matrix @ q) / norms
        k = min(k, len(names))
        top = np.argpartition(distances, k - 1)[:k] if k < len(names) else np.arange(len(names))
        order = sorted(top.tolist(), key=lambda j: (distances[j], names[j]))
        return [VectorHit(names[j], float(distances[j])) for j in order]

    def ids(self, space: str, page_size: int | None = None) -> Iterator[str]:
        """Every id in the space, fetched page by page (for repair diffs against the catalog).

        Pages are by offset: do not write to the space while iterating (the writer lane runs the
        repair, so it does not).
        """
        col = self._collection(space)
        size = max(1, page_size or self._read_batch_size())
        offset = 0
        while True:
            with self._errors("listing vector ids", space=space):
                page = retry_read(col.get, limit=size, offset=offset, include=[])["ids"]
            yield from page
            if len(page) < size:
                return
            offset += len(page)

    def texts_and_vectors(
        self, space: str, page_size: int | None = None
    ) -> Iterator[tuple[str, npt.NDArray[np.float32]]]:
        """Every (chunk text, vector) in the space, page by page: what a rebuilt catalog can
        reuse (Chroma keeps each chunk's text as its document)."""
        col = self._collection(space)
        size = max(1, page_size or self._read_batch_size())
        offset = 0
        while True:
            with self._errors("reading vectors", space=space):
                page = retry_read(
                    col.get, limit=size, offset=offset, include=["documents", "embeddings"]
                )
            documents, embeddings = page["documents"] or [], page["embeddings"]
            if embeddings is None:
                embeddings = []
            for text, vector in zip(documents, embeddings, strict=True):
                if text is not None:
                    yield text, np.asarray(vector, dtype=np.float32)
            if len(page["ids"]) < size:
                return
            offset += len(page["ids"])

    def health_check(
        self, space: str, expected_count: int, probe_vector: Vector | None = None
    ) -> Health:
        """Check one space: it exists, its count matches the catalog and a query works.

        Without ``probe_vector`` a stored vector is read back and must find itself at distance ~0,
        which catches an index that lost vectors while ``count()`` still looks right. Never
        raises for a missing or broken index: the problem is reported for the repair to act on.
        An unreachable server or refused credentials are raised (rebuilding would not help).
        """
        try:
            col = self._collection(space, refresh=True)
        except SpaceNotFoundError:
            # Missing means "create and embed everything again": the same remedy as broken.
            return Health(False, 0, f"The vector space {space} does not exist.", index_broken=True)
        except (VectorStoreUnreachableError, VectorStoreAuthError):
            raise
        except VectorStoreError as exc:
            return Health(False, 0, problem("opening", exc), index_broken=True)
        dims = self._dims[space]
        probe = None if probe_vector is None else _as_vector(probe_vector, dims)
        return collection_health(col, dims, space, expected_count, probe, self._location)

    def warm(self, space: str) -> float:
        """Run one query so Chroma loads the space's index; returns the seconds it took.

        Blocking and thread-safe: call it on a background thread right after opening, because the
        first query loads the whole index from disk (about 12 s at 500k x 1024-d).
        """
        start = time.perf_counter()
        col = self._collection(space)
        with self._errors("loading the vector index", space=space):
            query_one(col, unit_vector(self._dims[space]))
        elapsed = time.perf_counter() - start
        log.info("vector space %s warmed in %.2f s", space, elapsed)
        return elapsed

    # -- internals ---------------------------------------------------------------------------

    def _collection(self, space: str, *, refresh: bool = False) -> Collection:
        """The collection of a Trove space (cached); SpaceNotFoundError when it is missing."""
        if self._closed:
            raise RuntimeError("this vector store is closed")
        if not refresh:
            with self._cache_lock:
                cached = self._collections.get(space)
            if cached is not None:
                return cached
        from chromadb.errors import NotFoundError

        try:
            with self._errors("opening a vector space", space=space):
                try:
                    col = self._client.get_collection(space, embedding_function=None)
                except NotFoundError as exc:
                    raise space_missing(space) from exc
        except VectorStoreError:
            with self._cache_lock:
                self._collections.pop(space, None)
            raise
        meta = col.metadata or {}
        dims = meta.get("dimensions")
        if meta.get("created_by") != CREATED_BY or not isinstance(dims, int):
            raise VectorStoreError(
                f"The collection {space} in the vector store is not a Trove index.",
                "Pick another Chroma database, or remove that collection with Chroma's tools.",
                space=space,
            )
        with self._cache_lock:
            self._collections[space] = col
            self._dims[space] = dims
        return col

    @contextlib.contextmanager
    def _errors(self, action: str, *, space: str | None = None) -> Iterator[None]:
        """Turn whatever Chroma raises while doing ``action`` into a VectorStoreError."""
        try:
            yield
        except VectorStoreError:
            raise
        except Exception as exc:
            if is_not_found(exc) and space is not None:
                with self._cache_lock:
                    self._collections.pop(space, None)
                raise space_missing(space) from exc
            raise_translated(exc, action=action, where=self._location, space=space)


# ------------------------------------------------------------------------ error translation


def _distance_space(col: Collection) -> str:
    """The distance function of a collection, from its configuration or legacy metadata."""
    # ``configuration_json``, not ``configuration``: the latter warns (DeprecationWarning) about
    # the "legacy" embedding function record that embedding_function=None leaves behind.
    config = getattr(col, "configuration_json", None) or {}
    for index in ("hnsw", "spann"):
        section = config.get(index) or {}
        if section.get("space"):
            return str(section["space"])
    return str((col.metadata or {}).get("hnsw:space", "l2"))
