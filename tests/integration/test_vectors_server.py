"""ChromaVectors.server against a real `chroma run` on 127.0.0.1: what only a server can do wrong
(unreachable, refused credentials, restarts). The shared contract tests run in test_vectors.py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from desktop_app.core.index.vectors import (
    ChromaVectors,
    VectorStoreAuthError,
    VectorStoreUnreachableError,
    space_name,
)
from tests.integration.chroma_server import AuthProxy, ChromaServer, free_port
from tests.integration.test_vectors import MODEL, fill, rows

pytestmark = pytest.mark.chroma_server

TOKEN = "team-token-7Hq2"


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A server for the tests that do not restart it."""
    root = tmp_path_factory.mktemp("chroma-server")
    server = ChromaServer(root / "data", root / "server.log").start()
    yield server
    assert server.stop() == 0, server.log_tail()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A server this test may stop, damage and start again."""
    server = ChromaServer(tmp_path / "data", tmp_path / "server.log").start()
    yield server
    server.stop()


def new_space(vectors: ChromaVectors, dims: int) -> str:
    name = space_name(MODEL, dims)
    vectors.ensure_space(name, MODEL, dims)
    return name


def test_the_server_fixture_runs_a_real_chroma(shared_server: ChromaServer) -> None:
    beat = httpx.get(f"{shared_server.url}/api/v2/heartbeat", timeout=5)
    assert beat.status_code == 200 and "nanosecond heartbeat" in beat.json()
    with ChromaVectors.server(shared_server.host, shared_server.port) as vectors:
        assert vectors.is_server and vectors.location == shared_server.url
        assert vectors.max_batch_size() > 0


def test_nothing_listening_is_a_clear_unreachable_error() -> None:
    port = free_port()
    started = time.monotonic()
    with pytest.raises(VectorStoreUnreachableError) as err:
        ChromaVectors.server("127.0.0.1", port)
    assert time.monotonic() - started < 10
    assert f"http://127.0.0.1:{port}" in str(err.value)
    assert "refused" in str(err.value) and "chroma.port" in err.value.hint


def test_a_stopped_server_is_unreachable_not_a_broken_index(own_server: ChromaServer) -> None:
    with ChromaVectors.server(own_server.host, own_server.port) as vectors:
        space = new_space(vectors, 4)
        fill(vectors, space, rows(10, 4))
        assert own_server.stop() == 0
        with pytest.raises(VectorStoreUnreachableError):
            vectors.count(space)
        with pytest.raises(VectorStoreUnreachableError):
            vectors.query(space, rows(1, 4)[0], k=1)
        # A rebuild would not help, so the health check raises instead of reporting "broken".
        with pytest.raises(VectorStoreUnreachableError):
            vectors.health_check(space, 10)


def test_headers_reach_the_server_and_refused_credentials_are_an_auth_error(
    shared_server: ChromaServer,
) -> None:
    with AuthProxy(shared_server.url, TOKEN) as proxy:
        good = {"Authorization": f"Bearer {TOKEN}"}
        with ChromaVectors.server("127.0.0.1", proxy.port, headers=good) as vectors:
            space = new_space(vectors, 4)
            fill(vectors, space, rows(5, 4))
            assert vectors.count(space) == 5
            assert TOKEN not in repr(vectors)

            proxy.token = "rotated"  # the gateway stops accepting Trove's token mid-session
            with pytest.raises(VectorStoreAuthError) as err:
                vectors.count(space)
            assert "chroma.headers" in err.value.hint
            proxy.token = TOKEN
            vectors.drop_space(space)

        for headers in ({"Authorization": "Bearer wrong-token-123"}, {}):
            with pytest.raises(VectorStoreAuthError) as err:
                ChromaVectors.server("127.0.0.1", proxy.port, headers=headers)
            assert "refused" in str(err.value)
            assert "wrong-token-123" not in err.value.user_text()


def test_vectors_survive_a_server_restart(own_server: ChromaServer) -> None:
    data = rows(1100, 4)  # past sync_threshold (1000): flushed HNSW plus a replayed tail
    with ChromaVectors.server(own_server.host, own_server.port) as vectors:
        space = new_space(vectors, 4)
        ids = fill(vectors, space, data)
    assert own_server.stop() == 0
    own_server.start()
    with ChromaVectors.server(own_server.host, own_server.port) as vectors:
        assert [s.name for s in vectors.spaces()] == [space]
        assert vectors.count(space) == 1100
        assert vectors.query(space, data[1050], k=1)[0].id == ids[1050]
        assert vectors.health_check(space, 1100).ok


def test_a_damaged_index_behind_a_server_is_reported(own_server: ChromaServer) -> None:
    data = rows(1100, 4)
    with ChromaVectors.server(own_server.host, own_server.port) as vectors:
        space = new_space(vectors, 4)
        fill(vectors, space, data)
    assert own_server.stop() == 0
    segments = [d for d in own_server.path.iterdir() if d.is_dir()]
    assert segments
    for f in (f for d in segments for f in d.iterdir()):
        with f.open("r+b") as fh:
            fh.truncate(7)
    own_server.start()
    with ChromaVectors.server(own_server.host, own_server.port) as vectors:
        health = vectors.health_check(space, 1100)
        assert not health.ok and health.index_broken and health.problem
        # The server itself is still up, and the space can be rebuilt through it.
        vectors.drop_space(space)
        space = new_space(vectors, 4)
        fill(vectors, space, data[:20])
        assert vectors.health_check(space, 20).ok
    assert httpx.get(f"{own_server.url}/api/v2/heartbeat", timeout=5).status_code == 200


def test_server_store_ranks_like_numpy(shared_server: ChromaServer) -> None:
    with ChromaVectors.server(shared_server.host, shared_server.port) as vectors:
        space = new_space(vectors, 16)
        data = rows(200, 16, seed=5)
        ids = fill(vectors, space, data)
        query = rows(1, 16, seed=6)[0]
        sims = data @ query / (np.linalg.norm(data, axis=1) * np.linalg.norm(query))
        best = [ids[i] for i in np.argsort(-sims)[:5]]
        assert [h.id for h in vectors.rank_candidates(space, query, ids, k=5)] == best
        assert [h.id for h in vectors.query(space, query, k=5)] == best
        vectors.drop_space(space)
