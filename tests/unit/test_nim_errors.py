"""Every NIM error shape of reference/nim-api.md §7 becomes the right typed error and a sentence."""

from __future__ import annotations

from email.utils import formatdate
from typing import Any

import httpx
import pytest

from desktop_app.core.errors import (
    NimAuthError,
    NimBadRequestError,
    NimDimensionsRefusedError,
    NimError,
    NimForbiddenError,
    NimInputTooLongError,
    NimModelNotFoundError,
    NimNotReadyError,
    NimRateLimitedError,
    NimServerError,
)
from desktop_app.core.nim.http_errors import error_from_response, message_from_body, server_message

KEY = "nvapi-Zx9SECRETsecretSECRET_0123456789"
URL = "https://integrate.api.nvidia.com/v1/embeddings"
MODEL = "nvidia/llama-nemotron-embed-1b-v2"


def respond(
    status: int,
    *,
    json: Any = None,
    text: str | None = None,
    headers: dict[str, str] | None = None,
    key: str | None = KEY,
    url: str = URL,
) -> httpx.Response:
    """A response as the client would hold it: with the request that caused it."""
    request_headers = {"Authorization": f"Bearer {key}"} if key else {}
    request = httpx.Request("POST", url, headers=request_headers)
    if json is not None:
        return httpx.Response(status, json=json, headers=headers, request=request)
    return httpx.Response(status, text=text or "", headers=headers, request=request)


def mapped(response: httpx.Response, service: str = "embedding") -> NimError:
    error = error_from_response(service, response, model=MODEL)
    assert error.status == response.status_code
    assert error.service == service
    text = error.user_text()
    assert KEY not in text and "Zx9SECRET" not in text
    assert str(error).endswith("."), f"not a sentence: {error}"
    return error


# -- message extraction order ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": "plain string", "message": "m", "detail": "d", "title": "t"}, "plain string"),
        ({"error": {"message": "nested"}, "message": "m"}, "nested"),
        ({"object": "error", "message": "flat", "detail": {}, "type": "x"}, "flat"),
        (
            {"status": 403, "title": "Forbidden", "detail": "Authorization failed"},
            "Authorization failed",
        ),
        ({"status": 429, "title": "Too Many Requests"}, "Too Many Requests"),
        ({"error": {"type": "x"}, "title": "only title"}, "only title"),
        ({"unrelated": 1}, ""),
        (["not", "an", "object"], ""),
    ],
)
def test_message_is_taken_in_the_reference_order(body: Any, expected: str) -> None:
    assert message_from_body(body) == expected


def test_raw_text_is_used_when_the_body_is_not_json() -> None:
    assert server_message(respond(404, text="404 page not found")) == "404 page not found"


def test_www_authenticate_is_used_when_the_body_is_empty() -> None:
    header = (
        'Bearer error="invalid_token", error_description="Bearer token is malformed", '
        'error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"'
    )
    # "Bearer token" is reworded: errors.scrub would take it for a credential.
    assert server_message(respond(401, headers={"WWW-Authenticate": header})) == (
        "API key is malformed"
    )


def test_an_html_error_page_is_reduced_to_its_text() -> None:
    page = "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"
    assert server_message(respond(502, text=page)) == "502 Bad Gateway nginx"


def test_a_long_server_text_is_clipped_to_one_line() -> None:
    message = server_message(respond(400, json={"error": "word\n" * 500}))
    assert "\n" not in message and len(message) <= 300 and message.endswith("…")


# -- 401 / 403 / 404 ---------------------------------------------------------------------------


def test_hosted_401_malformed_token_with_only_a_header() -> None:
    header = 'Bearer error="invalid_token", error_description="Bearer token is malformed"'
    error = mapped(respond(401, headers={"WWW-Authenticate": header}, key="not-a-real-key"))
    assert isinstance(error, NimAuthError)
    assert str(error).startswith("The embedding NIM rejected the API key.")
    assert "API key is malformed" in str(error)
    assert "regenerate" in error.hint and "NVIDIA_API_KEY" in error.hint


def test_hosted_401_gateway_json() -> None:
    body = {"status": 401, "title": "Unauthorized", "detail": "Invalid API key"}
    error = mapped(respond(401, json=body), service="chat")
    assert isinstance(error, NimAuthError)
    assert str(error).startswith("The chat NIM rejected the API key.")
    assert "Invalid API key" in str(error)


def test_401_without_a_key_says_that_none_is_set() -> None:
    error = mapped(respond(401, json={"status": 401, "title": "Unauthorized"}, key=None))
    assert isinstance(error, NimAuthError)
    assert "requires an API key, and none is set" in str(error)


def test_403_authorization_failed_is_the_key_not_the_model() -> None:
    # The hosted gateway's answer to a wrong, revoked or exhausted key (reference §6, 8).
    body = {"status": 403, "title": "Forbidden", "detail": "Authorization failed"}
    response = respond(403, json=body, headers={"Content-Type": "application/problem+json"})
    error = mapped(response, service="rerank")
    assert isinstance(error, NimAuthError)
    assert "reranking NIM refused the API key" in str(error)
    assert "Authorization failed" in str(error)
    assert "not enabled" not in str(error) and "build.nvidia.com" in error.hint


def test_403_that_names_the_model_is_the_model_not_the_key() -> None:
    body = {"status": 403, "title": "Forbidden", "detail": "Model not enabled for this account"}
    error = mapped(respond(403, json=body))
    assert isinstance(error, NimForbiddenError)
    assert "refused access to model" in str(error) and MODEL in str(error)
    assert "rejected the API key" not in str(error)


def test_403_that_says_nothing_names_both_possibilities() -> None:
    error = mapped(respond(403, text="Forbidden", headers={"Content-Type": "text/plain"}))
    assert isinstance(error, NimForbiddenError)
    text = str(error)
    assert "API key" in text and MODEL in text and "not enabled" in text
    assert "trove key" in error.hint and "build.nvidia.com" in error.hint


def test_404_not_found_for_account_is_forbidden_not_missing() -> None:
    body = {
        "status": 404,
        "title": "Not Found",
        "detail": "Function 'c3a1b2d4-0000-4000-8000-000000000000': Not found for account 'abc123'",
    }
    error = mapped(respond(404, json=body))
    assert isinstance(error, NimForbiddenError)


def test_hosted_404_plain_text_names_the_model_and_url() -> None:
    error = mapped(respond(404, text="404 page not found", headers={"Content-Type": "text/plain"}))
    assert isinstance(error, NimModelNotFoundError)
    assert MODEL in str(error) and URL in str(error)
    assert "trove doctor" in error.hint and "/v1/models" in error.hint and "/v1" in error.hint


def test_vllm_404_unknown_model() -> None:
    body = {
        "object": "error",
        "message": "The model `meta/llama-9` does not exist.",
        "type": "NotFoundError",
        "param": None,
        "code": 404,
    }
    error = mapped(respond(404, json=body), service="chat")
    assert isinstance(error, NimModelNotFoundError)
    assert "does not exist" in str(error)


def test_410_gone_says_the_model_was_retired() -> None:
    error = mapped(respond(410, json={"status": 410, "title": "Gone"}))
    assert isinstance(error, NimModelNotFoundError)
    assert "retired" in str(error)


# -- 400 / 422 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (400, {"error": "Input length 1728 exceeds maximum allowed token size 512"}),
        (422, {"error": "Input length 16384 exceeds maximum allowed token size 8192"}),
        (
            400,
            {
                "object": "error",
                "message": "This model's maximum context length is 8192 tokens. However, you "
                "requested 9000 tokens (8000 in the messages, 1000 in the completion).",
                "type": "BadRequestError",
                "param": None,
                "code": 400,
            },
        ),
        (
            400,
            {
                "error": {
                    "message": "This model's maximum context length is 8192 tokens.",
                    "type": "BadRequestError",
                    "param": None,
                    "code": 400,
                }
            },
        ),
    ],
)
def test_too_long_input_is_its_own_error(status: int, body: dict[str, Any]) -> None:
    error = mapped(respond(status, json=body))
    assert isinstance(error, NimInputTooLongError)
    assert "longer than model" in str(error)
    assert "The server said:" in str(error)


@pytest.mark.parametrize(
    ("status", "body", "quoted"),
    [
        (
            400,
            {"error": "'input_type' parameter is required for asymmetric models"},
            "'input_type' parameter is required",
        ),
        (
            400,
            {
                "object": "error",
                "message": "The model expects an input_type from one of `passage` or `query` "
                "but none was provided.",
                "detail": {},
                "type": "invalid_request_error",
            },
            "expects an input_type",
        ),
        (
            422,
            {"detail": [{"loc": ["body", "input"], "msg": "field required", "type": "missing"}]},
            "field required",
        ),
        (
            400,
            {
                "error": {
                    "message": '"auto" tool choice requires --enable-auto-tool-choice',
                    "type": "BadRequestError",
                    "param": None,
                    "code": 400,
                }
            },
            "tool choice",
        ),
        (405, {"detail": "Method Not Allowed"}, "Method Not Allowed"),
    ],
)
def test_other_client_errors_are_bad_requests_quoting_the_server(
    status: int, body: dict[str, Any], quoted: str
) -> None:
    error = mapped(respond(status, json=body))
    assert type(error) is NimBadRequestError
    assert f"rejected the request (HTTP {status})" in str(error)
    assert quoted in str(error)


def test_a_degraded_hosted_function_is_explained() -> None:
    body = {
        "status": 400,
        "title": "Bad Request",
        "detail": "Function id 'abc': DEGRADED function cannot be invoked",
    }
    error = mapped(respond(400, json=body))
    assert isinstance(error, NimBadRequestError)
    assert "degraded" in str(error)


# -- 429 / 5xx -------------------------------------------------------------------------------


def test_429_carries_retry_after_seconds() -> None:
    body = {"status": 429, "title": "Too Many Requests"}
    error = mapped(respond(429, json=body, headers={"Retry-After": "5"}))
    assert isinstance(error, NimRateLimitedError)
    assert error.retry_after == 5.0
    assert "rate-limiting" in str(error) and "Too Many Requests" in str(error)


def test_429_retry_after_as_http_date() -> None:
    import time

    header = formatdate(time.time() + 120, usegmt=True)
    error = mapped(respond(429, json={"status": 429}, headers={"Retry-After": header}))
    assert isinstance(error, NimRateLimitedError)
    assert error.retry_after is not None and 100 < error.retry_after <= 120


def test_429_without_retry_after() -> None:
    error = mapped(respond(429, text=""))
    assert isinstance(error, NimRateLimitedError) and error.retry_after is None


def test_503_means_still_loading() -> None:
    body = {"object": "error", "message": "Model is not ready", "type": "x", "code": 503}
    error = mapped(respond(503, json=body, headers={"Retry-After": "2"}), service="chat")
    assert isinstance(error, NimNotReadyError)
    assert error.retry_after == 2.0
    assert "not ready" in str(error) and "loading" in str(error)


@pytest.mark.parametrize("status", [500, 502, 504, 529])
def test_other_server_errors(status: int) -> None:
    error = mapped(respond(status, json={"status": status, "title": "Server Error"}))
    assert type(error) is NimServerError
    assert f"HTTP {status}" in str(error)


# -- the key never leaks -----------------------------------------------------------------------


def test_an_echoed_hosted_key_is_removed() -> None:
    body = {"status": 401, "title": "Unauthorized", "detail": f"Invalid key {KEY}"}
    error = mapped(respond(401, json=body))
    assert "[redacted]" in str(error)


def test_an_echoed_key_without_the_nvapi_prefix_is_removed_too() -> None:
    local_key = "local-secret-0xDEADBEEF"
    body = {"error": f"token {local_key} is not valid here"}
    error = error_from_response("embedding", respond(400, json=body, key=local_key))
    assert local_key not in error.user_text()
    assert "[redacted]" in str(error)


def test_an_echoed_authorization_header_is_removed() -> None:
    body = {"detail": f"bad header: Authorization: Bearer {KEY}"}
    error = mapped(respond(403, json=body))
    assert "Bearer nvapi" not in str(error)


def test_a_response_built_without_a_request_still_maps() -> None:
    error = error_from_response("chat", httpx.Response(500, text="oops"))
    assert isinstance(error, NimServerError) and "oops" in str(error)


@pytest.mark.parametrize(
    "text",
    [
        "Your request cannot be validated, it is incorrect. detail={'type': 'extra_forbidden', "
        "'loc': ('body', 'dimensions'), 'msg': 'Extra inputs are not permitted', 'input': 1024}",
        "Invalid value for dimensions: 256, must be one of 2048",
    ],
)
def test_a_refused_dimensions_field_is_its_own_bad_request(text: str) -> None:
    error = mapped(respond(400, json={"error": text}))
    assert isinstance(error, NimDimensionsRefusedError)
    assert isinstance(error, NimBadRequestError)  # callers that know less still see a 400
    assert "fixed vector size" in str(error)


def test_another_extra_field_is_a_plain_bad_request() -> None:
    text = (
        "Your request cannot be validated, it is incorrect. detail={'type': 'extra_forbidden', "
        "'loc': ('body', 'encoding'), 'msg': 'Extra inputs are not permitted', 'input': 1}"
    )
    assert type(mapped(respond(400, json={"error": text}))) is NimBadRequestError
