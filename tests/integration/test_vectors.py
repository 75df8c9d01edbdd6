"""ChromaVectors against a real Chroma: embedded in tmp_path, and (marked chroma_server) a real
`chroma run` server on 127.0.0.1. The contract tests run on both."""

from __future__ import annotations

import ipaddress
import math
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from chromadb.api.fastapi import FastAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.rust import RustBindingsAPI
from chromadb.errors import InternalError
from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

from desktop_app.core.errors import TroveError
from desktop_app.core.index.protocols import VectorStore
from desktop_app.core.index.vectors import (
    MAX_WRITE_BATCH,
    ChromaVectors,
    SpaceNotFoundError,
    VectorIndexBrokenError,
    VectorStoreError,
    chroma_settings,
    chunk_metadata,
    space_name,
)
from tests.integration.chroma_server import ChromaServer

MODEL = "nvidia/llama-nemotron-embed-1b-v2"
NAME_RULE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$")


# ------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """One real `chroma run` for this module; it must shut down cleanly."""
    root = tmp_path_factory.mktemp("chroma-server")
    server = ChromaServer(root / "data", root / "server.log").start()
    yield server
    assert server.stop() == 0, server.log_tail()


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.chroma_server)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ChromaVectors]:
    """A fresh store: embedded in tmp_path, or a client of the module's server (spaces dropped)."""
    if request.param == "embedded":
        vectors = ChromaVectors.embedded(tmp_path / "chroma")
    else:
        server: ChromaServer = request.getfixturevalue("chroma_server")
        vectors = ChromaVectors.server(server.host, server.port)
    try:
        yield vectors
    finally:
        if vectors.is_server:
            for space in vectors.spaces():
                vectors.drop_space(space.name)
        vectors.close()


def rows(n: int, dims: int, seed: int = 0) -> np.ndarray:
    """Random float32 vectors (never zero)."""
    return np.random.default_rng(seed).standard_normal((n, dims)).astype(np.float32)


def metas(n: int, per_file: int = 10) -> list[dict[str, Any]]:
    """Chunk metadata: ``per_file`` chunks per file."""
    return [
        chunk_metadata(
            path=f"/home/ana/docs/file{i // per_file}.pdf",
            file_id=i // per_file,
            location=f"page {i % per_file + 1}",
            kind="pdf",
            mtime=1_700_000_000.0 + i // per_file,
        )
        for i in range(n)
    ]


def fill(vectors: ChromaVectors, space: str, data: np.ndarray, prefix: str = "c") -> list[str]:
    """Upsert ``data`` with ids prefix0.. and return the ids."""
    ids = [f"{prefix}{i}" for i in range(len(data))]
    docs = [f"chunk text {i}" for i in range(len(data))]
    assert vectors.upsert(space, ids, data, docs, metas(len(data))) == len(data)
    return ids


def brute_force(query: np.ndarray, data: dict[str, np.ndarray], k: int) -> list[tuple[str, float]]:
    """Exact cosine top-k, computed independently of the store."""
    scored = []
    for key, vec in data.items():
        cos = float(np.dot(query, vec) / (np.linalg.norm(query) * np.linalg.norm(vec)))
        scored.append((1.0 - cos, key))
    scored.sort()
    return [(key, dist) for dist, key in scored[:k]]


def new_space(vectors: ChromaVectors, dims: int, model: str = MODEL) -> str:
    name = space_name(model, dims)
    vectors.ensure_space(name, model, dims)
    return name


# ---------------------------------------------------------------------------------- space names


def test_space_name_is_readable_stable_and_unique() -> None:
    name = space_name(MODEL, 1024)
    assert re.fullmatch(r"trove-llama-nemotron-embed-1b-v2-1024-[0-9a-f]{6}", name)
    assert space_name(MODEL, 1024) == name
    others = {
        space_name(MODEL, 2048),
        space_name("nvidia/llama-3.2-nv-embedqa-1b-v2", 1024),
        space_name("other/llama-nemotron-embed-1b-v2", 1024),  # same short name, other vendor
        space_name("nvidia/nv-embedqa-e5-v5", 1024),
    }
    assert name not in others and len(others) == 4


@pytest.mark.parametrize(
    "model", [MODEL, "A/B", "x" * 2000, "Ünïcode/模型 name!!", "-leading/and-trailing-", "///"]
)
def test_space_name_is_a_valid_chroma_collection_name(model: str) -> None:
    name = space_name(model, 384)
    assert NAME_RULE.fullmatch(name), name
    assert len(name) <= 512


def test_space_name_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        space_name("", 1024)
    with pytest.raises(ValueError):
        space_name(MODEL, 0)


# ------------------------------------------------------------------------------ the contract


def test_chroma_vectors_satisfies_the_protocol(store: ChromaVectors) -> None:
    assert isinstance(store, VectorStore)


def test_space_lifecycle(store: ChromaVectors) -> None:
    assert store.spaces() == []
    a = store.ensure_space(space_name(MODEL, 8), MODEL, 8)
    b = store.ensure_space(space_name("nvidia/nv-embedqa-e5-v5", 4), "nvidia/nv-embedqa-e5-v5", 4)
    assert store.ensure_space(a.name, MODEL, 8) == a  # idempotent
    assert store.spaces() == sorted([a, b], key=lambda s: s.name)
    assert (a.model, a.dimensions) == (MODEL, 8)
    assert store.count(a.name) == 0

    assert store.drop_space(a.name) is True
    assert store.drop_space(a.name) is False
    assert store.spaces() == [b]
    with pytest.raises(SpaceNotFoundError) as err:
        store.count(a.name)
    assert a.name in str(err.value) and err.value.hint


def test_ensure_space_refuses_a_different_collection_under_the_same_name(
    store: ChromaVectors,
) -> None:
    name = new_space(store, 8)
    with pytest.raises(VectorStoreError, match="not Trove's index"):
        store.ensure_space(name, MODEL, 16)
    with pytest.raises(VectorStoreError):
        store.ensure_space(name, "some/other-model", 8)


def test_distances_are_cosine(store: ChromaVectors) -> None:
    space = new_space(store, 2)
    known = {"east": [1.0, 0.0], "north": [0.0, 3.0], "northeast": [2.0, 2.0], "west": [-5.0, 0.0]}
    store.upsert(space, list(known), list(known.values()), list(known), metas(4))
    hits = store.query(space, [7.0, 0.0], k=4)
    assert [h.id for h in hits] == ["east", "northeast", "north", "west"]
    expected = [0.0, 1 - math.sqrt(0.5), 1.0, 2.0]
    assert [h.distance for h in hits] == pytest.approx(expected, abs=1e-5)
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-5)


def test_query_returns_metadata_that_renders_a_hit(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    data = rows(30, 8)
    fill(store, space, data)
    hit = store.query(space, data[13], k=1, with_metadata=True)[0]
    assert hit.id == "c13"
    assert hit.metadata == {
        "path": "/home/ana/docs/file1.pdf",
        "file_id": 1,
        "location": "page 4",
        "kind": "pdf",
        "mtime": 1_700_000_001.0,
    }
    assert store.query(space, data[0], k=1)[0].metadata is None
    assert store.query(space, data[0], k=0) == []


def test_query_with_where_filter(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    data = rows(60, 8)
    fill(store, space, data)
    hits = store.query(space, data[0], k=50, where={"file_id": 3})
    assert sorted(h.id for h in hits) == sorted(f"c{i}" for i in range(30, 40))


def test_upsert_is_idempotent_and_replaces(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    data = rows(40, 8)
    ids = fill(store, space, data)
    fill(store, space, data)
    assert store.count(space) == 40
    moved = -data[5]  # same id, new vector: the old one must be gone
    store.upsert(space, [ids[5]], [moved], ["new text"], metas(1))
    assert store.count(space) == 40
    assert store.query(space, moved, k=1)[0].id == "c5"
    assert store.query(space, moved, k=1)[0].distance == pytest.approx(0.0, abs=1e-5)
    np.testing.assert_allclose(store.get_vectors(space, [ids[5]])[ids[5]], moved, rtol=1e-6)


@pytest.fixture
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """Chroma reports a max batch size of 7 (the server client then enforces it, too), and every
    collection call records its batch size."""
    for api in (RustBindingsAPI, FastAPI):
        monkeypatch.setattr(api, "get_max_batch_size", lambda self: 7)
    seen: dict[str, list[int]] = {"upsert": [], "delete": [], "get": []}

    def recording(method: str) -> Callable[..., Any]:
        original = getattr(Collection, method)

        def wrapper(self: Collection, *args: Any, **kwargs: Any) -> Any:
            if kwargs.get("ids") is not None:
                seen[method].append(len(kwargs["ids"]))
            return original(self, *args, **kwargs)

        return wrapper

    for method in seen:
        monkeypatch.setattr(Collection, method, recording(method))
    return seen


def test_write_batch_size_is_capped(store: ChromaVectors) -> None:
    assert store.max_batch_size() >= MAX_WRITE_BATCH  # 5461 with SQLite >= 3.32
    assert store.write_batch_size() == MAX_WRITE_BATCH


def test_writes_and_reads_are_batched_under_the_max_batch_size(
    store: ChromaVectors, tiny_batches: dict[str, list[int]]
) -> None:
    assert store.write_batch_size() == 7
    space = new_space(store, 8)
    data = rows(50, 8)
    ids = fill(store, space, data)
    assert store.count(space) == 50
    assert tiny_batches["upsert"] == [7] * 7 + [1]

    got = store.get_vectors(space, ids)
    assert set(got) == set(ids)
    assert max(tiny_batches["get"]) <= 7

    store.delete(space, ids[:30])
    assert tiny_batches["delete"] == [7, 7, 7, 7, 2]
    assert store.count(space) == 20


def test_delete(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    data = rows(20, 8)
    ids = fill(store, space, data)
    store.delete(space, [ids[0], ids[1], ids[1], "never-there"])
    store.delete(space, [])
    assert store.count(space) == 18
    assert store.query(space, data[0], k=1)[0].id != ids[0]
    assert set(store.get_vectors(space, ids[:3])) == {ids[2]}


def test_rank_candidates_equals_brute_force(store: ChromaVectors) -> None:
    space = new_space(store, 16)
    data = rows(300, 16, seed=3)
    ids = fill(store, space, data)
    query = rows(1, 16, seed=99)[0]
    candidates = [*ids[40:160], "not-embedded-yet", ids[41]]
    expected = brute_force(query, {i: data[int(i[1:])] for i in ids[40:160]}, 10)

    hits = store.rank_candidates(space, query, candidates, k=10)
    assert [h.id for h in hits] == [key for key, _ in expected]
    assert [h.distance for h in hits] == pytest.approx([d for _, d in expected], abs=1e-5)
    assert len(store.rank_candidates(space, query, candidates, k=1000)) == 120
    assert store.rank_candidates(space, query, ["nope"], k=3) == []


def test_ids_pages_through_everything(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    ids = fill(store, space, rows(45, 8))
    paged = list(store.ids(space, page_size=7))
    assert sorted(paged) == sorted(ids)
    assert list(store.ids(new_space(store, 4))) == []


def test_invalid_input_is_rejected_before_anything_is_written(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    data = rows(3, 8)
    ids = ["a", "b", "c"]
    docs = ["x", "y", "z"]
    bad_calls: list[tuple[Any, ...]] = [
        (ids, data, docs[:2], metas(3)),  # lengths differ
        (["a", "a", "c"], data, docs, metas(3)),  # duplicate id
        (ids, rows(3, 9), docs, metas(3)),  # wrong dimensions
        (ids, np.vstack([data[:2], [np.nan] * 8]), docs, metas(3)),  # NaN
        (ids, np.vstack([data[:2], np.zeros(8)]), docs, metas(3)),  # zero vector
        (ids, data, docs, [*metas(2), {"path": "/only/a/path"}]),  # metadata lacks keys
    ]
    for call in bad_calls:
        with pytest.raises(ValueError):
            store.upsert(space, *call)
    assert store.count(space) == 0
    with pytest.raises(ValueError):
        store.query(space, [1.0, 2.0], k=1)


def test_health_check(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    empty = store.health_check(space, expected_count=0)
    assert empty.ok and empty.count == 0 and empty.problem is None
    data = rows(25, 8)
    fill(store, space, data)
    assert store.health_check(space, 25).ok
    assert store.health_check(space, 25, probe_vector=data[3]).ok

    off = store.health_check(space, 26)
    assert not off.ok and off.count == 25 and not off.index_broken
    assert off.problem is not None and "25" in off.problem and "26" in off.problem

    missing = store.health_check(space_name("nvidia/nv-embedqa-e5-v5", 1024), 10)
    assert not missing.ok and missing.index_broken and missing.count == 0


def test_warm_runs_one_query(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    assert store.warm(space) >= 0.0  # an empty index
    fill(store, space, rows(10, 8))
    assert store.warm(space) >= 0.0


def test_reads_run_while_the_writer_writes(store: ChromaVectors) -> None:
    space = new_space(store, 8)
    data = rows(400, 8)
    failures: list[BaseException] = []
    writer_done = threading.Event()

    def write() -> None:
        try:
            for n in range(0, 400, 40):
                fill_part = {f"c{i}": data[i] for i in range(n, n + 40)}
                store.upsert(
                    space, list(fill_part), list(fill_part.values()), ["t"] * 40, metas(40)
                )
        except BaseException as exc:
            failures.append(exc)
        finally:
            writer_done.set()

    def read() -> None:
        try:
            while not writer_done.is_set():
                store.query(space, data[0], k=5)
                store.count(space)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures
    assert store.count(space) == 400
    assert store.query(space, data[123], k=1)[0].id == "c123"


def test_a_read_that_races_a_flush_is_retried_but_a_broken_index_is_not_hidden(
    store: ChromaVectors, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = new_space(store, 8)
    data = rows(20, 8)
    fill(store, space, data)
    real_query = Collection.query
    failures = {"left": 2}

    def flaky(self: Collection, *args: Any, **kwargs: Any) -> Any:
        # What chroma 1.5.9 raises when a query races the writer's HNSW flush.
        if failures["left"] > 0:
            failures["left"] -= 1
            raise InternalError("Error creating hnsw segment reader: Nothing found on disk")
        return real_query(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "query", flaky)
    assert store.query(space, data[4], k=1)[0].id == "c4"
    assert failures["left"] == 0

    failures["left"] = 100  # a damaged index does not heal
    with pytest.raises(VectorIndexBrokenError):
        store.query(space, data[4], k=1)
    health = store.health_check(space, 20)
    assert not health.ok and health.index_broken


def full_cycle(vectors: ChromaVectors) -> None:
    """Everything Trove does with a store, once."""
    space = new_space(vectors, 8)
    data = rows(30, 8)
    ids = fill(vectors, space, data)
    vectors.warm(space)
    assert vectors.query(space, data[1], k=3)[0].id == ids[1]
    assert vectors.rank_candidates(space, data[2], ids[:10], k=2)[0].id == ids[2]
    assert vectors.health_check(space, 30).ok
    assert len(list(vectors.ids(space))) == 30
    vectors.delete(space, ids[:5])
    assert vectors.count(space) == 25
    vectors.spaces()
    vectors.drop_space(space)


def test_no_telemetry_no_network_and_no_chroma_embedding(
    store: ChromaVectors, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert store.telemetry_enabled is False
    settings = chroma_settings()
    assert settings.anonymized_telemetry is False
    assert settings.allow_reset is False
    assert not settings.chroma_otel_collection_endpoint

    contacted: list[Any] = []
    resolved: list[Any] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        contacted.append(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        contacted.append(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        resolved.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def no_default_embedding(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("Chroma's default embedding function was used")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "__call__", no_default_embedding)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "_download_model_if_not_exists", no_default_embedding)

    # A fresh store, so opening it is part of the cycle too.
    if store.is_server:
        fresh = ChromaVectors.server("127.0.0.1", int(store.location.rsplit(":", 1)[1]))
    else:
        fresh = ChromaVectors.embedded(Path(store.location).parent / "cycle")
    with fresh:
        full_cycle(fresh)
    for address in contacted:
        if isinstance(address, tuple):  # AF_INET / AF_INET6; AF_UNIX paths are local anyway
            assert ipaddress.ip_address(address[0]).is_loopback, address
    for host in resolved:
        assert host in ("localhost", None) or ipaddress.ip_address(host).is_loopback, host
    if store.is_server:
        assert contacted, "the socket patch saw nothing: it would miss a stray connection too"
    else:
        assert contacted == []


# ------------------------------------------------------------------------------ embedded only


def test_persistence_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "chroma"
    data = rows(120, 8)
    with ChromaVectors.embedded(path) as first:
        space = new_space(first, 8)
        ids = fill(first, space, data)
    with ChromaVectors.embedded(path) as again:
        assert again.spaces()[0].name == space
        assert again.count(space) == 120
        assert again.query(space, data[77], k=1)[0].id == ids[77]
        assert again.health_check(space, 120).ok


def test_documents_are_readable_by_other_chroma_tools(tmp_path: Path) -> None:
    path = tmp_path / "chroma"
    with ChromaVectors.embedded(path) as vectors:
        space = new_space(vectors, 8)
        fill(vectors, space, rows(3, 8))
    client = chromadb.PersistentClient(path=path, settings=chroma_settings())
    try:
        got = client.get_collection(space, embedding_function=None).get(ids=["c2"])
        assert got["documents"] == ["chunk text 2"]
    finally:
        client.close()


def test_spaces_lists_only_trove_collections(tmp_path: Path) -> None:
    path = tmp_path / "chroma"
    client = chromadb.PersistentClient(path=path, settings=chroma_settings())
    try:
        client.create_collection("someone-elses", embedding_function=None)
        with ChromaVectors.embedded(path) as vectors:
            space = new_space(vectors, 8)
            assert [s.name for s in vectors.spaces()] == [space]
            with pytest.raises(VectorStoreError, match="not a Trove index"):
                vectors.count("someone-elses")
    finally:
        client.close()


class _NoConfigurationClient:
    """A real Chroma client that behaves like one without collection ``configuration``."""

    def __init__(self, client: Any) -> None:
        self._inner = client

    def get_or_create_collection(self, *args: Any, **kwargs: Any) -> Any:
        if "configuration" in kwargs:
            raise TypeError("unexpected keyword argument 'configuration'")
        return self._inner.get_or_create_collection(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def test_legacy_hnsw_space_metadata_fallback_is_cosine(tmp_path: Path) -> None:
    client = chromadb.PersistentClient(path=tmp_path / "chroma", settings=chroma_settings())
    vectors = ChromaVectors(_NoConfigurationClient(client), location="legacy", is_server=False)
    try:
        space = new_space(vectors, 2)
        vectors.upsert(space, ["a"], [[1.0, 0.0]], ["a"], metas(1))
        assert vectors.query(space, [1.0, 1.0], k=1)[0].distance == pytest.approx(
            1 - math.sqrt(0.5), abs=1e-5
        )
    finally:
        vectors.close()


def _segment_files(path: Path) -> list[Path]:
    return [f for d in path.iterdir() if d.is_dir() for f in d.iterdir() if f.is_file()]


def _truncate(files: list[Path]) -> None:
    for f in files:
        with f.open("r+b") as fh:
            fh.truncate(7)


def _delete(files: list[Path]) -> None:
    for f in files:
        f.unlink()


def _scramble(files: list[Path]) -> None:
    rng = np.random.default_rng(7)
    for f in files:
        f.write_bytes(rng.integers(0, 256, f.stat().st_size, dtype=np.uint8).tobytes())


@pytest.mark.parametrize("damage", [_truncate, _delete, _scramble], ids=lambda f: f.__name__[1:])
def test_health_check_reports_a_corrupt_index_without_crashing(
    tmp_path: Path, damage: Callable[[list[Path]], None]
) -> None:
    path = tmp_path / "chroma"
    data = rows(1100, 4)  # past Chroma's sync_threshold (1000), so the HNSW files are on disk
    with ChromaVectors.embedded(path) as vectors:
        space = new_space(vectors, 4)
        fill(vectors, space, data)
    files = _segment_files(path)
    assert {"data_level0.bin", "header.bin", "index_metadata.pickle"} <= {f.name for f in files}
    damage(files)

    with ChromaVectors.embedded(path) as vectors:
        health = vectors.health_check(space, 1100)
        assert not health.ok and health.index_broken
        assert health.problem and "vector index failed" in health.problem
        with pytest.raises(VectorIndexBrokenError) as err:
            vectors.get_vectors(space, ["c0"])
        assert isinstance(err.value, TroveError) and err.value.space == space
        assert "rebuild" in err.value.hint.lower()
        # The repair path: drop the space, create it again, write the vectors back.
        vectors.drop_space(space)
        space = new_space(vectors, 4)
        fill(vectors, space, data[:50])
        assert vectors.health_check(space, 50).ok


def test_embedded_store_that_cannot_open_is_a_trove_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(VectorStoreError) as err:
        ChromaVectors.embedded(blocker / "chroma")
    assert str(blocker) in str(err.value) and err.value.hint


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    vectors = ChromaVectors.embedded(tmp_path / "chroma")
    space = new_space(vectors, 4)
    vectors.close()
    vectors.close()  # idempotent
    with pytest.raises(RuntimeError):
        vectors.count(space)


_CYCLE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from tests.integration.test_vectors import full_cycle
    from desktop_app.core.index.vectors import ChromaVectors
    with ChromaVectors.embedded(Path(sys.argv[1])) as vectors:
        full_cycle(vectors)
    print("cycle ok")
    """
)


def test_no_connection_leaves_the_process_even_from_native_code(tmp_path: Path) -> None:
    """strace sees connect() from Chroma's Rust core too, which a Python socket patch cannot."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    if subprocess.run([strace, "-qq", "-o", "/dev/null", "true"], check=False).returncode != 0:
        pytest.skip("ptrace is not permitted here")
    script = tmp_path / "cycle.py"
    script.write_text(_CYCLE)
    trace = tmp_path / "trace.txt"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace),
         sys.executable, str(script), str(tmp_path / "chroma"), str(root)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "cycle ok" in done.stdout, done.stderr[-2000:]
    addresses = re.findall(r'inet_(?:addr|pton)\((?:AF_INET6?, )?"([^"]+)"', trace.read_text())
    outside = [a for a in addresses if not ipaddress.ip_address(a).is_loopback]
    assert outside == []
