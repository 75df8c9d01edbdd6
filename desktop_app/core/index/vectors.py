"""Vectors in Chroma: the only module of Trove that talks to Chroma.

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
raised as a ``VectorStoreError`` (a ``TroveError``) with a sentence for the user and a hint.
Invalid arguments (mismatched lengths, wrong dimensions, NaN vectors) are bugs: ``ValueError``.

    VectorStoreError
    ├── VectorStoreUnreachableError   the Chroma server did not answer (or the store did not open)
    ├── VectorStoreAuthError          the Chroma server refused the credentials (401/403)
    ├── SpaceNotFoundError            the space's collection does not exist (dropped elsewhere?)
    └── VectorIndexBrokenError        the HNSW index or its segment files are damaged: rebuild
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import numpy as np
import numpy.typing as npt

from desktop_app.core.errors import TroveError, scrub
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
    from chromadb.config import Settings as ChromaSettings

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
# a second, so progress and cancellation stay responsive, at full throughput.
MAX_WRITE_BATCH = 256
# Reads have no index to update, so bigger pages are cheaper; still bounded by Chroma's cap.
MAX_READ_BATCH = 2000
# The keys every chunk's metadata carries, so a hit renders without the catalog.
REQUIRED_METADATA = ("path", "file_id", "location", "kind", "mtime")
# The first query after opening loads the whole HNSW index from disk (12 s at 500k x 1024-d), and
# Chroma's own HTTP client has no timeout at all: a stalled server would hang the writer forever.
SERVER_TIMEOUT_S = 120.0
SERVER_CONNECT_TIMEOUT_S = 5.0
# Pauses before retrying a read that failed inside Chroma (see _retry_read).
_READ_RETRY_PAUSES_S = (0.05, 0.1, 0.2)
# A stored vector queried against its own index must come back at (float32) distance ~0.
_SELF_MATCH_TOLERANCE = 1e-3

_NAME_SLUG = re.compile(r"[^a-z0-9]+")
_BROKEN_INDEX = re.compile(
    r"hnsw|segment|pickle|backfill|compactor|error finding id|error loading|index|corrupt"
    r"|malformed",
    re.IGNORECASE,
)
_AUTH_TEXT = re.compile(r"\b40[13]\b|unauthori[sz]ed|forbidden|authenticat", re.IGNORECASE)


# --------------------------------------------------------------------------------------- errors


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


def chroma_settings() -> ChromaSettings:
    """Chroma client settings with everything that could phone home switched off."""
    from chromadb.config import Settings

    # Explicit values win over CHROMA_* environment variables; ``_env_file=None`` stops pydantic
    # from reading a stray .env in the working directory (it could set an OTel endpoint).
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        anonymized_telemetry=False,
        allow_reset=False,
        chroma_otel_collection_endpoint="",
    )


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


def _retry_read(call: Callable[..., _T], /, **kwargs: Any) -> _T:
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

    def __init__(self, client: ClientAPI, *, location: str, is_server: bool) -> None:
        """Wrap an open Chroma client; prefer the ``embedded`` and ``server`` constructors."""
        self._client = client
        self._location = location
        self._is_server = is_server
        self._collections: dict[str, Collection] = {}
        self._dims: dict[str, int] = {}
        self._cache_lock = threading.Lock()
        self._closed = False

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def embedded(cls, path: Path) -> ChromaVectors:
        """Open (or create) the embedded store in ``path`` (Chroma ``PersistentClient``)."""
        import chromadb

        where = str(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=path, settings=chroma_settings())
        except Exception as exc:
            raise VectorStoreUnreachableError(
                f"Trove could not open its vector store in {where}.",
                "Check that the folder exists, is writable and is on a local disk, and that no "
                "other Trove is running with the same data folder; if it is damaged, "
                "`trove repair` moves it aside and rebuilds it from the catalog.",
            ) from exc
        return cls(client, location=where, is_server=False)

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
        import chromadb
        import httpx

        where = f"{'https' if ssl else 'http'}://{host}:{port}"
        hdrs = dict(headers or {})
        # Chroma's client connects without any timeout; a quick heartbeat first turns "nothing
        # listens there" or "a firewall drops packets" into a clear error in seconds, not minutes.
        # The identity call is the first one Chroma's client makes; asking it here tells refused
        # credentials apart, before Chroma builds a client it could not close again.
        try:
            with httpx.Client(
                headers=hdrs, timeout=httpx.Timeout(timeout_s, connect=SERVER_CONNECT_TIMEOUT_S)
            ) as probe:
                probe.get(f"{where}/api/v2/heartbeat").raise_for_status()
                probe.get(f"{where}/api/v2/auth/identity").raise_for_status()
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code in (401, 403):
                raise _auth_error(where) from exc
            raise _unreachable_error(where, f"it answered HTTP {exc.response.status_code}") from exc
        except httpx.HTTPError as exc:
            raise _unreachable_error(where, _why_unreachable(exc)) from exc
        try:
            client = chromadb.HttpClient(
                host=host, port=port, ssl=ssl, headers=hdrs, settings=chroma_settings()
            )
        except Exception as exc:
            # Chroma re-raises most failures here as a bare ValueError carrying the text.
            if _AUTH_TEXT.search(str(exc)) or _is_auth_exception(exc):
                raise _auth_error(where) from exc
            _raise_translated(exc, action="connecting", where=where, space=None)
        session = getattr(getattr(client, "_server", None), "_session", None)
        if isinstance(session, httpx.Client):
            session.timeout = httpx.Timeout(timeout_s, connect=SERVER_CONNECT_TIMEOUT_S)
        return cls(client, location=where, is_server=True)

    def close(self) -> None:
        """Release the client (and its HTTP connections); the store is unusable afterwards."""
        if self._closed:
            return
        self._closed = True
        with self._cache_lock:
            self._collections.clear()
        from chromadb.api.shared_system_client import SharedSystemClient

        # Chroma 1.5.9's HTTP client builds two Systems (client and admin), each with its own
        # httpx.Client that System.stop() never closes (ResourceWarning: unclosed socket), and
        # leaves an alias of the first in its class-level registry. Collect them before closing.
        owners = [self._client, getattr(self._client, "_admin_client", None)]
        sessions = [getattr(getattr(o, "_server", None), "_session", None) for o in owners]
        systems = []
        for owner in owners:
            with contextlib.suppress(AttributeError, KeyError):
                systems.append(owner._system)  # type: ignore[union-attr]
        close = getattr(self._client, "close", None)
        if callable(close):
            close()
        if not self._is_server:
            return  # embedded Systems are shared per path and stopped by Chroma's refcount
        for session in sessions:
            if session is not None:
                session.close()
        registry = SharedSystemClient._identifier_to_system
        for key, system in list(registry.items()):
            if key not in SharedSystemClient._identifier_to_refcount and any(
                system is mine for mine in systems
            ):
                registry.pop(key, None)

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

    # Chroma's upsert holds the GIL for its whole call (~40 ms per 32 records at 1024-d, ~300 ms
    # per 256): the desktop app lowers this so its GUI thread never waits long for the GIL.
    write_batch_limit = MAX_WRITE_BATCH

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
            return int(_retry_read(col.count))

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
            result = _retry_read(
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
                got = _retry_read(col.get, ids=wanted[part], include=["embeddings"])
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
                page = _retry_read(col.get, limit=size, offset=offset, include=[])["ids"]
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
                page = _retry_read(
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
            return Health(False, 0, _problem("opening", exc), index_broken=True)
        dims = self._dims[space]
        probe = None if probe_vector is None else _as_vector(probe_vector, dims)
        count = 0
        action = "counting"
        try:
            count = int(_retry_read(col.count))
            action = "searching"
            self._probe(col, dims, count, probe)
        except Exception as exc:
            if _is_unreachable(exc) or _is_auth_exception(exc):
                _raise_translated(exc, action=action, where=self._location, space=space)
            log.warning("health check of %s failed while %s: %r", space, action, exc)
            return Health(False, count, _problem(action, exc), index_broken=True)
        if count != expected_count:
            return Health(
                False,
                count,
                f"The vector space {space} holds {count} vectors but the catalog expects "
                f"{expected_count}.",
            )
        return Health(True, count)

    def warm(self, space: str) -> float:
        """Run one query so Chroma loads the space's index; returns the seconds it took.

        Blocking and thread-safe: call it on a background thread right after opening, because the
        first query loads the whole index from disk (about 12 s at 500k x 1024-d).
        """
        start = time.perf_counter()
        col = self._collection(space)
        dims = self._dims[space]
        probe = np.zeros(dims, dtype=np.float32)
        probe[0] = 1.0
        with self._errors("loading the vector index", space=space):
            _retry_read(
                col.query, query_embeddings=probe[np.newaxis, :], n_results=1, include=["distances"]
            )
        elapsed = time.perf_counter() - start
        log.info("vector space %s warmed in %.2f s", space, elapsed)
        return elapsed

    # -- internals ---------------------------------------------------------------------------

    @staticmethod
    def _probe(
        col: Collection, dims: int, count: int, probe: npt.NDArray[np.float32] | None
    ) -> None:
        """One query that must work; raises (anything) when the index is unusable."""
        if probe is None and count == 0:
            probe = np.zeros(dims, dtype=np.float32)
            probe[0] = 1.0
        if probe is not None:
            _retry_read(
                col.query, query_embeddings=probe[np.newaxis, :], n_results=1, include=["distances"]
            )
            return
        # First, middle and last stored vector: damage that lost only part of the index (say,
        # the HNSW files of the last flush) still shows up.
        for offset in sorted({0, count // 2, count - 1}):
            sample = _retry_read(col.get, limit=1, offset=offset, include=["embeddings"])
            embeddings = sample["embeddings"]
            if not sample["ids"] or embeddings is None or len(embeddings) == 0:
                raise RuntimeError("the index reports vectors but returned none")
            own = np.asarray(embeddings[0], dtype=np.float32)
            result = _retry_read(
                col.query, query_embeddings=own[np.newaxis, :], n_results=1, include=["distances"]
            )
            dists = (result["distances"] or [[]])[0]
            if not dists or float(dists[0]) > _SELF_MATCH_TOLERANCE:
                raise RuntimeError(f"a stored vector ({sample['ids'][0]}) no longer finds itself")

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
                    raise _space_missing(space) from exc
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
            if _is_not_found(exc) and space is not None:
                with self._cache_lock:
                    self._collections.pop(space, None)
                raise _space_missing(space) from exc
            _raise_translated(exc, action=action, where=self._location, space=space)


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


def _is_not_found(exc: BaseException) -> bool:
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


def _is_auth_exception(exc: BaseException) -> bool:
    import httpx
    from chromadb.errors import AuthorizationError, ChromaAuthError

    if isinstance(exc, ChromaAuthError | AuthorizationError):
        return True
    return isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code in (401, 403)


def _is_unreachable(exc: BaseException) -> bool:
    import httpx

    if isinstance(exc, httpx.TransportError):  # connect/read errors and timeouts
        return True
    return isinstance(exc, ValueError) and "could not connect" in str(exc).lower()


def _problem(action: str, exc: BaseException) -> str:
    """A one-line description of what failed, for Health.problem and logs."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"The vector index failed while {action}: {detail[:300]}"


def _space_missing(space: str) -> SpaceNotFoundError:
    return SpaceNotFoundError(
        f"The vector space {space} does not exist in the vector store.",
        "Trove will re-create it and embed the files again; if this keeps happening, check that "
        "no other program deletes collections in this Chroma database.",
        space=space,
    )


def _why_unreachable(exc: BaseException) -> str:
    """A few words on why a server did not answer."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx.ConnectError | ValueError):
        return "connection refused, or the host was not found"
    return f"the connection failed: {type(exc).__name__}"


def _unreachable_error(where: str, detail: str) -> VectorStoreUnreachableError:
    return VectorStoreUnreachableError(
        f"Trove could not reach the Chroma server at {where} ({detail}).",
        "Check that the server is running and that the Chroma server settings (chroma.host, "
        "chroma.port, chroma.ssl) are right. Keyword search keeps working meanwhile.",
    )


def _auth_error(where: str) -> VectorStoreAuthError:
    return VectorStoreAuthError(
        f"The Chroma server at {where} refused Trove's credentials.",
        "Check the authentication header in the Chroma server settings (chroma.headers).",
    )


def _raise_translated(
    exc: BaseException, *, action: str, where: str, space: str | None
) -> NoReturn:
    """Raise the VectorStoreError that tells the user what ``exc`` means for them."""
    from chromadb.errors import InternalError

    log.warning("Chroma failed while %s (%s): %s", action, space or where, scrub(repr(exc)))
    if _is_unreachable(exc):
        raise _unreachable_error(where, _why_unreachable(exc)) from exc
    if _is_auth_exception(exc):
        raise _auth_error(where) from exc
    text = str(exc)
    if isinstance(exc, InternalError) and _BROKEN_INDEX.search(text):
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
