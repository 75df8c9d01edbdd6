"""Turn whatever a user pasted as a NIM URL into the ``.../v1`` base the client expects.

Users paste full inference URLs, forget ``/v1`` or the scheme, or leave a trailing slash; each of
these is fixed here and reported as a note, so the settings UI and ``trove doctor`` can say what
was changed instead of failing later with a confusing 404 (reference/nim-api.md §4.3, §6.4).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from desktop_app.core.errors import ConfigError

__all__ = ["normalize_base_url"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")

# API routes that live below the /v1 base: a pasted URL ending in one of these is cut back to it.
# The retrieval pattern covers hosted per-model URLs such as
# /v1/retrieval/nvidia/llama-3_2-nv-rerankqa-1b-v2/reranking and the legacy
# /v1/retrieval/nvidia/embeddings.
_ROUTE_SUFFIX = re.compile(
    r"(?:/(?:embeddings|chat/completions|completions|ranking|reranking|models|"
    r"health/ready|health/live|health|retrieval(?:/[^/]+)*))$"
)

_HINT = "Use the base URL of the NIM, for example http://localhost:8000/v1."


def _is_local_host(host: str) -> bool:
    """Whether ``host`` is loopback-ish or an IP literal, where plain http is the norm."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def normalize_base_url(url: str, *, key: str = "") -> tuple[str, list[str]]:
    """Return the normalized ``.../v1`` base URL and human-readable notes of what was changed.

    Raises ConfigError (naming ``key`` when given) when the text cannot be a NIM URL at all.
    """
    notes: list[str] = []
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        raise ConfigError("The NIM URL is empty.", key=key, hint=_HINT)
    if any(ch.isspace() for ch in text):
        raise ConfigError(f"The NIM URL '{text}' contains spaces.", key=key, hint=_HINT)

    if not _SCHEME.match(text):
        host = urlsplit("//" + text).hostname or ""
        scheme = "http" if _is_local_host(host) else "https"
        text = f"{scheme}://{text}"
        notes.append(f"Added the missing scheme: assumed {scheme}:// for host '{host}'.")

    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ConfigError(
            f"The NIM URL '{url.strip()}' must start with http:// or https://.", key=key, hint=_HINT
        )
    if not parts.hostname:
        raise ConfigError(f"The NIM URL '{url.strip()}' has no host name.", key=key, hint=_HINT)
    try:
        parts.port  # noqa: B018 - urllib validates the port lazily, on access
    except ValueError:
        raise ConfigError(
            f"The NIM URL '{url.strip()}' has an invalid port.", key=key, hint=_HINT
        ) from None

    if parts.query or parts.fragment:
        notes.append("Removed the query string and fragment: a base URL has neither.")

    path = parts.path.rstrip("/")
    if path != parts.path and parts.path not in ("", "/"):
        notes.append("Removed the trailing '/'.")

    match = _ROUTE_SUFFIX.search(path)
    if match:
        # A pasted inference URL: keep what precedes the route (usually '/v1').
        cut = match.group(0)
        path = path[: match.start()]
        notes.append(f"Removed '{cut}' from the URL: the base URL ends at /v1.")

    if not path.endswith("/v1"):
        path = f"{path}/v1"
        notes.append("Appended '/v1': NIM APIs are served below /v1.")

    return urlunsplit((scheme, parts.netloc, path, "", "")), notes
