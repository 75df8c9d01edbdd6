"""Whether the API key may travel to a URL: over HTTPS, to this machine, or where the user said.

A Bearer key over plain HTTP can be read by anyone on the network path, so it is sent only where
that path is encrypted or cannot leave the machine, unless the user names the host in the
``nim.plain_http_auth_hosts`` setting (``host`` or ``host:port``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from desktop_app.core.errors import NimAuthError

__all__ = ["PLAIN_HTTP_SETTING", "key_may_be_sent", "key_withheld_error", "plain_http_warning"]

PLAIN_HTTP_SETTING = "nim.plain_http_auth_hosts"
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def key_may_be_sent(url: str, plain_http_hosts: Iterable[str] = ()) -> bool:
    """True if a request to ``url`` may carry the API key."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "https":
        return True
    host = (parts.hostname or "").lower()
    if _is_loopback(host):
        return True
    try:
        port = parts.port
    except ValueError:
        port = None
    allowed = {h.strip().lower() for h in plain_http_hosts}
    return host in allowed or (port is not None and f"{host}:{port}" in allowed)


def key_withheld_error(service: str, url: str) -> NimAuthError:
    """What to say when a NIM wants the key Trove would not send it over plain HTTP."""
    host = urlsplit(url).hostname or url
    return NimAuthError(
        f"The {service} NIM at {url} asks for the API key, but Trove does not send the key "
        "over plain HTTP to another computer (anyone on the network could read it).",
        hint=f"Use an https:// URL for it, or if that network is trusted, allow it with "
        f"`trove config set {PLAIN_HTTP_SETTING} {host}` (Settings > Connection > Advanced).",
    )


def plain_http_warning(hosts: Iterable[str]) -> str:
    """The one warning shown when the user allows the key over plain HTTP."""
    names = ", ".join(h for h in hosts if h.strip())
    return (
        f"The API key will be sent unencrypted to {names} over plain HTTP: anyone who can watch "
        "that network can read it and use it. Prefer an https:// URL."
    )
