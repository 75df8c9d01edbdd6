"""Turn a failed NIM HTTP response into the typed error and sentence the user sees.

NIM error bodies differ by layer (reference/nim-api.md §7): the hosted gateway sends
``{status,title,detail}``, hosted retrieval ``{"error":"..."}``, vLLM ``{"object":"error",
"message":...}`` or ``{"error":{"message":...}}``, the hosted router plain text, and a malformed
key only a ``WWW-Authenticate`` header. ``server_message`` reads all of them;
``error_from_response`` maps the status (and, for 400/404, the text) to the error tree of
``core/errors.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

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
    scrub,
)
from desktop_app.core.nim.endpoints import service_label
from desktop_app.core.nim.retry import parse_retry_after

__all__ = ["error_from_response", "message_from_body", "redact", "server_message"]

_MAX_TEXT = 300  # server text quoted in a message; enough for a pydantic detail, not a page
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_AUTH_DESCRIPTION = re.compile(r'error_description="([^"]*)"')
_TOO_LONG = re.compile(
    r"exceeds maximum allowed|maximum context length|context length|too many tokens|"
    r"input is too long|prompt is too long",
    re.IGNORECASE,
)
# errors.scrub takes "Bearer <word>" for a credential, so the phrase "Bearer token is malformed"
# would read "[redacted] is malformed"; name it plainly before scrubbing.
_BEARER_TOKEN_PHRASE = re.compile(r"\bbearer token\b", re.IGNORECASE)
_NOT_FOR_ACCOUNT = re.compile(r"not found for account", re.IGNORECASE)
# A 403 is the key or the model; the server's words tell which, when it says any (§7, 8).
_KEY_REFUSED = re.compile(
    r"authori[sz]ation failed|authentication failed|invalid (api )?key|api key|credential|"
    r"token (is )?(invalid|expired|revoked)|expired|revoked|credits",
    re.IGNORECASE,
)
_MODEL_REFUSED = re.compile(
    r"not found for account|not (enabled|entitled|subscribed|available)|entitle|"
    r"(access|permission) to (the |this )?(model|function)",
    re.IGNORECASE,
)
# A fixed-size model refusing `dimensions`: pydantic's extra_forbidden on that field, or a
# "must be one of 2048" style answer (reference/nim-api.md §1.5, §1.6).
_DIMENSIONS_REFUSED = re.compile(
    r"extra_forbidden.{0,80}dimensions|dimensions.{0,80}(extra_forbidden|must be one of|"
    r"not (permitted|supported|allowed))",
    re.IGNORECASE | re.DOTALL,
)
_DEGRADED = re.compile(r"DEGRADED function", re.IGNORECASE)

_KEY_HINT = (
    "Check or regenerate your API key at build.nvidia.com and store it with `trove key set`, "
    "or set the NVIDIA_API_KEY environment variable."
)


def _clip(text: str) -> str:
    """One line of at most _MAX_TEXT characters."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1].rstrip() + "…"


def message_from_body(body: Any) -> str:
    """The message inside a decoded JSON error body, by the reference's order; '' if none.

    Order: ``error`` (a string), ``error.message``, ``message``, ``detail``, ``title``.
    """
    if not isinstance(body, Mapping):
        return ""
    error = body.get("error")
    if isinstance(error, str) and error.strip():
        return error
    if isinstance(error, Mapping):
        inner = error.get("message")
        if isinstance(inner, str) and inner.strip():
            return inner
    for field in ("message", "detail", "title"):
        value = body.get(field)
        if isinstance(value, str) and value.strip():
            return value
        # A pydantic-style detail list or object still says more than nothing.
        if field == "detail" and isinstance(value, (list, Mapping)) and value:
            return json.dumps(value, ensure_ascii=False)
    return ""


def redact(text: str, request: httpx.Request | None) -> str:
    """``text`` with the request's own bearer token removed (servers may echo it back), scrubbed."""
    if request is not None:
        auth = request.headers.get("authorization", "")
        token = auth.partition(" ")[2].strip()
        if token:
            text = text.replace(token, "[redacted]")
    return scrub(text)


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a Response built by hand has no request
        return None


def server_message(response: httpx.Response) -> str:
    """The server's own words about a failed response, one line, key removed; '' if it said none."""
    try:
        raw = response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError):
        raw = ""
    text = ""
    try:
        body = json.loads(raw) if raw.strip() else None
    except ValueError:
        body = None
    if body is not None:
        text = message_from_body(body)
    if not text and raw.strip() and not isinstance(body, Mapping):
        text = _TAGS.sub(" ", raw) if "<" in raw else raw
    if not text.strip():
        header = response.headers.get("www-authenticate", "")
        described = _AUTH_DESCRIPTION.search(header)
        text = described.group(1) if described else header
    text = redact(_BEARER_TOKEN_PHRASE.sub("API key", text), _request_of(response))
    return _clip(text)


def _said(text: str) -> str:
    """' The server said: <text>.' or '' when it said nothing."""
    if not text:
        return ""
    return f" The server said: {text.rstrip('.')}."


def error_from_response(service: str, response: httpx.Response, *, model: str = "") -> NimError:
    """The typed NimError for a non-success ``response`` from the ``service`` NIM.

    ``model`` is named in not-found and forbidden messages when given.
    """
    status = response.status_code
    name = service_label(service)
    request = _request_of(response)
    url = str(request.url) if request is not None else ""
    text = server_message(response)
    said = _said(text)
    model_part = f" '{model}'" if model else ""
    kw: dict[str, Any] = {"service": service, "status": status}

    if status == 401:
        sent_key = request is not None and "authorization" in request.headers
        if not sent_key:
            return NimAuthError(
                f"The {name} NIM requires an API key, and none is set.{said}",
                hint=_KEY_HINT,
                **kw,
            )
        return NimAuthError(f"The {name} NIM rejected the API key.{said}", hint=_KEY_HINT, **kw)

    if status == 403 and _KEY_REFUSED.search(text) and not _MODEL_REFUSED.search(text):
        return NimAuthError(
            f"The {name} NIM refused the API key (HTTP 403).{said}",
            hint="The key may be wrong, revoked or out of credits. " + _KEY_HINT,
            **kw,
        )

    if (status == 403 and _MODEL_REFUSED.search(text)) or (
        status == 404 and _NOT_FOR_ACCOUNT.search(text)
    ):
        return NimForbiddenError(
            f"The {name} NIM refused access to model{model_part} for this API key.{said}",
            hint=(
                "Listed models are not enabled for every account: check the model's page on "
                "build.nvidia.com, use a key that has access, or choose another model."
            ),
            **kw,
        )

    if status == 403:  # the answer does not say which: name both
        return NimForbiddenError(
            f"The {name} NIM refused access (HTTP 403).{said} Either the API key is wrong or no "
            f"longer valid, or model{model_part} is not enabled for the key's account.",
            hint=(
                "Check the key (`trove key status`; regenerate it at build.nvidia.com and store "
                "it with `trove key set`), then the model's page on build.nvidia.com; "
                "`trove doctor` tries both."
            ),
            **kw,
        )

    if status == 404:
        return NimModelNotFoundError(
            f"The {name} NIM at {url} does not know model{model_part}, or that URL is not a "
            f"NIM API.{said}",
            hint=(
                "Check the model id against the NIM's model list (`trove doctor` shows "
                "/v1/models) and check that the base URL ends in /v1."
            ),
            **kw,
        )

    if status == 410:
        return NimModelNotFoundError(
            f"The model{model_part} has been retired from the {name} NIM.{said}",
            hint="Choose a current model (`trove doctor` lists what the NIM offers).",
            **kw,
        )

    if status in (400, 413, 422) and _TOO_LONG.search(text):
        return NimInputTooLongError(
            f"A text sent to the {name} NIM is longer than model{model_part} accepts.{said}",
            hint="Use smaller chunks, or allow truncation (embedding.truncate END).",
            **kw,
        )

    if status in (400, 422) and _DIMENSIONS_REFUSED.search(text):
        return NimDimensionsRefusedError(
            f"The {name} model{model_part} has a fixed vector size and does not accept a "
            f"chosen one (dimensions).{said}",
            hint="Trove uses the model's own size; leave embedding.dimensions empty.",
            **kw,
        )

    if status == 400 and _DEGRADED.search(text):
        return NimBadRequestError(
            f"NVIDIA reports the {name} model{model_part} as degraded; it cannot be used "
            f"right now.{said}",
            hint="Try again later or choose another model.",
            **kw,
        )

    if status == 429:
        return NimRateLimitedError(
            f"The {name} NIM is rate-limiting Trove (too many requests).{said}",
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            hint=(
                "Trove waits and retries on its own. Hosted free-tier keys allow about 40 "
                "requests a minute; lower embedding.max_in_flight to send fewer at once."
            ),
            **kw,
        )

    if status == 503:
        return NimNotReadyError(
            f"The {name} NIM is not ready (its model may still be loading).{said}",
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            hint=(
                "A NIM can take several minutes to load its model after it starts; Trove "
                "retries. `trove doctor` shows when it is ready."
            ),
            **kw,
        )

    if status >= 500:
        return NimServerError(
            f"The {name} NIM failed with a server error (HTTP {status}).{said}",
            hint="This is usually temporary; Trove retries. If it persists, check the NIM's logs.",
            **kw,
        )

    if 400 <= status < 500:
        return NimBadRequestError(
            f"The {name} NIM rejected the request (HTTP {status}).{said}",
            hint="Check the model settings (`trove doctor`); this request will not be retried.",
            **kw,
        )

    return NimServerError(
        f"The {name} NIM gave an unexpected answer (HTTP {status}).{said}",
        hint="Check that the base URL points at a NIM and not at a proxy or web page.",
        **kw,
    )
