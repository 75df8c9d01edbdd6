"""The API key travels only over HTTPS or to this machine, unless the user allowed plain HTTP."""

from __future__ import annotations

import httpx
import pytest

from desktop_app.core.errors import NimAuthError
from desktop_app.core.nim import ClientOptions, Endpoint, ServiceClient
from desktop_app.core.nim.key_policy import key_may_be_sent
from desktop_app.core.secrets import ApiKey

KEY = ApiKey("nvapi-unitTESTkey0123456789", "env:NVIDIA_API_KEY")


@pytest.mark.parametrize(
    ("url", "allowed", "sent"),
    [
        ("https://integrate.api.nvidia.com/v1", (), True),
        ("https://gpu-box:9443/v1", (), True),
        ("http://localhost:8000/v1", (), True),
        ("http://127.0.0.1:8000/v1", (), True),
        ("http://127.8.9.10:8000/v1", (), True),
        ("http://[::1]:8000/v1", (), True),
        ("http://gpu-box:9080/v1", (), False),
        ("http://10.0.0.5/v1", (), False),
        ("http://localhost.evil.example/v1", (), False),
        ("http://gpu-box:9080/v1", ("gpu-box",), True),
        ("http://GPU-Box:9080/v1", ("gpu-box:9080",), True),
        ("http://gpu-box:9080/v1", ("gpu-box:9081",), False),
        ("http://gpu-box:9080/v1", ("other-box",), False),
    ],
)
def test_key_may_be_sent(url: str, allowed: tuple[str, ...], sent: bool) -> None:
    assert key_may_be_sent(url, allowed) is sent


def _client(base_url: str, handler, **options) -> ServiceClient:
    endpoint = Endpoint("embedding", base_url, "m", api_key=KEY)
    return ServiceClient(
        endpoint, ClientOptions(transport=httpx.MockTransport(handler), max_retries=0, **options)
    )


def test_plain_http_to_another_host_gets_no_key_and_a_refusal_says_why() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(401, json={"detail": "Authorization header is required"})

    with _client("http://gpu-box:9080/v1", handler) as client, pytest.raises(NimAuthError) as err:
        client.models()
    assert "authorization" not in seen[0].headers
    assert "plain HTTP" in str(err.value) and "nim.plain_http_auth_hosts" in err.value.hint
    assert KEY.reveal() not in str(err.value) + err.value.hint


def test_key_is_sent_over_plain_http_to_a_host_the_user_allowed() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"object": "list", "data": []})

    options = {"plain_http_key_hosts": ("gpu-box",)}
    with _client("http://gpu-box:9080/v1", handler, **options) as client:
        client.models()
    with _client("https://gpu-box/v1", handler) as client:
        client.models()
    assert [r.headers.get("authorization") for r in seen] == [f"Bearer {KEY.reveal()}"] * 2
