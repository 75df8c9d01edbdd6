"""The per-service breaker: fail fast while a NIM is down, close when its probe sees it ready."""

from __future__ import annotations

import threading

import httpx
import pytest

from desktop_app.core.errors import (
    NimBadRequestError,
    NimUnavailableError,
    NimUnreachableError,
)
from desktop_app.core.nim import ClientOptions, EmbeddingClient, Endpoint
from desktop_app.core.nim.breaker import Breaker, Breakers, trips_breaker


def _down() -> NimUnreachableError:
    return NimUnreachableError("The embedding NIM at x cannot be reached.", service="embedding")


def test_an_open_breaker_fails_fast_and_says_since_when() -> None:
    breaker = Breaker("embedding")
    breaker.check()  # closed: nothing happens
    breaker.trip(_down())
    with pytest.raises(NimUnavailableError, match=r"unavailable since \d\d:\d\d"):
        breaker.check()
    breaker.reset()
    breaker.check()


def test_the_readiness_probe_closes_the_breaker_and_tells_listeners() -> None:
    changes: list[bool] = []
    closed = threading.Event()

    def changed(b: Breaker) -> None:
        changes.append(b.is_open)
        if not b.is_open:
            closed.set()

    answers = iter([False, True])
    breaker = Breaker("embedding", first_probe_s=0.01, max_probe_s=0.02, on_change=changed)
    breaker.trip(_down(), probe=lambda: next(answers))
    assert closed.wait(5)
    assert changes == [True, False] and not breaker.is_open


def test_only_signs_of_a_service_down_trip_it() -> None:
    assert trips_breaker(_down())
    assert not trips_breaker(NimBadRequestError("bad", service="embedding"))


def test_a_client_stops_calling_a_nim_that_is_down() -> None:
    calls = 0

    def refuse(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectError("refused", request=request)

    breakers = Breakers()
    options = ClientOptions(transport=httpx.MockTransport(refuse), breakers=breakers, max_retries=0)
    client = EmbeddingClient(Endpoint("embedding", "http://nim:8000/v1", "m"), options)
    with pytest.raises(NimUnreachableError):
        client.embed_query("first")
    assert breakers["embedding"].is_open
    seen = calls
    with pytest.raises(NimUnavailableError):
        client.embed_query("second")
    assert calls == seen  # no network call while open
    breakers.close()
    client.close()


def test_interactive_options_have_no_retry_ladder() -> None:
    options = ClientOptions(read_timeout=120, connect_timeout=10, interactive_timeout=3)
    quick = options.interactive()
    assert quick.max_retries == 0
    assert quick.read_timeout == 3 and quick.connect_timeout == 3
