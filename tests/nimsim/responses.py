"""HTTP replies and the error bodies of each NIM layer (nim-api.md §7)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from http import HTTPStatus
from typing import Any

from tests.nimsim.config import HOSTED, SimConfig

__all__ = [
    "HttpError",
    "Reply",
    "Route",
    "SseEvent",
    "StreamReply",
    "dumps",
    "fastapi_not_found",
    "go_not_found",
    "json_reply",
    "layer_error",
    "problem",
    "retrieval_error",
    "validation_message",
    "vllm_error",
]


class Route(Enum):
    """The inference surfaces; each has its own error layer."""

    EMBEDDINGS = "embeddings"
    RANKING = "ranking"
    CHAT = "chat"
    OCR = "ocr"
    PAGE_ELEMENTS = "page-elements"
    TABLE_STRUCTURE = "table-structure"


@dataclass
class Reply:
    """A complete (Content-Length framed) HTTP response."""

    status: int
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SseEvent:
    """One server-sent event's data, sent after waiting `delay_s`; `cut` closes the connection."""

    data: str
    delay_s: float = 0.0
    cut: bool = False

    def encode(self) -> bytes:
        """Return the event framed as `data: ...` plus the blank line."""
        return f"data: {self.data}\n\n".encode()


@dataclass
class StreamReply:
    """A 200 text/event-stream response whose events are produced lazily."""

    events: Iterator[SseEvent]


class HttpError(Exception):
    """Raised by request handlers to answer with an error `reply`."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def dumps(obj: Any) -> str:
    """Serialize like Starlette's JSONResponse: compact, UTF-8 kept as is."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def json_reply(
    status: int,
    obj: Any,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Reply:
    """Return a JSON reply."""
    return Reply(status, dumps(obj).encode(), content_type, dict(headers or {}))


def problem(status: int, detail: str | None = None, title: str | None = None) -> Reply:
    """Return a hosted-gateway (NVCF) error: {"status","title","detail"} as problem+json."""
    body: dict[str, Any] = {"status": status, "title": title or HTTPStatus(status).phrase}
    if detail is not None:
        body["detail"] = detail
    return json_reply(status, body, "application/problem+json")


def go_not_found() -> Reply:
    """Return the hosted router's 404: Go's http.NotFound text (nim-api.md §6.5)."""
    return Reply(
        404,
        b"404 page not found\n",
        "text/plain; charset=utf-8",
        {"X-Content-Type-Options": "nosniff"},
    )


def fastapi_not_found() -> Reply:
    """Return a self-hosted (FastAPI) unknown-route 404."""
    return json_reply(404, {"detail": "Not Found"})


def validation_message(loc: tuple[Any, ...], kind: str, msg: str, **extra: Any) -> str:
    """Return the retrieval services' request-validation message with a pydantic-style detail."""
    detail = {"type": kind, "loc": ("body", *loc), "msg": msg, **extra}
    return f"Your request cannot be validated, it is incorrect. detail={detail!r}"


def retrieval_error(config: SimConfig, status: int, message: str) -> Reply:
    """Return an embeddings/ranking error: {"error": str} hosted, {"object":"error",...} local."""
    if config.profile == HOSTED:
        return json_reply(status, {"error": message})
    kind = "invalid_request_error" if status < 500 else "internal_server_error"
    if status == 503:
        kind = "service_unavailable"
    return json_reply(status, {"object": "error", "message": message, "detail": {}, "type": kind})


_VLLM_TYPES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    500: "InternalServerError",
    503: "ServiceUnavailableError",
}


def vllm_error(config: SimConfig, status: int, message: str, kind: str | None = None) -> Reply:
    """Return a vLLM chat error: flat "old" (< 0.10.1) or nested "new" shape per the config."""
    kind = kind or _VLLM_TYPES.get(status, HTTPStatus(status).phrase.replace(" ", "") + "Error")
    if config.vllm_error_format == "old":
        body: dict[str, Any] = {
            "object": "error",
            "message": message,
            "type": kind,
            "param": None,
            "code": status,
        }
    else:
        body = {"error": {"message": message, "type": kind, "param": None, "code": status}}
    return json_reply(status, body)


def layer_error(route: Route, config: SimConfig, status: int, message: str) -> Reply:
    """Return the error body that the layer answering `status` on `route` would send."""
    if config.profile == HOSTED and status not in (400, 422):
        # Auth, routing, throttling and overload are answered by the gateway in front of the model.
        # The hosted throttle answers {"status":429,"title":"Too Many Requests"}, no detail (§6.9).
        if status == 404:
            return go_not_found()
        return problem(status, None if status == 429 else message)
    if route is Route.CHAT:
        return vllm_error(config, status, message)
    return retrieval_error(config, status, message)
