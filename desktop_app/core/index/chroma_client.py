"""Opening and closing Chroma clients (embedded or server) with nothing that phones home: part of
the vector store (``vectors.py``), which wraps the client these return.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.diskspace import disk_full_error, is_disk_full
from desktop_app.core.index.chroma_errors import (
    AUTH_TEXT,
    VectorStoreUnreachableError,
    auth_error,
    is_auth_exception,
    raise_translated,
    unreachable_error,
    why_unreachable,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.config import Settings as ChromaSettings

__all__ = [
    "SERVER_CONNECT_TIMEOUT_S",
    "SERVER_TIMEOUT_S",
    "chroma_settings",
    "close_client",
    "open_embedded",
    "open_server",
]


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


SERVER_TIMEOUT_S = 120.0
SERVER_CONNECT_TIMEOUT_S = 5.0


def open_embedded(path: Path) -> ClientAPI:
    """Open (or create) the embedded store in ``path`` (Chroma ``PersistentClient``)."""
    import chromadb

    where = str(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=path, settings=chroma_settings())
    except Exception as exc:
        if is_disk_full(exc):
            raise disk_full_error(path, path.parent) from exc
        raise VectorStoreUnreachableError(
            f"Trove could not open its vector store in {where}.",
            "Check that the folder exists, is writable and is on a local disk, and that no "
            "other Trove is running with the same data folder; if it is damaged, "
            "`trove repair` moves it aside and rebuilds it from the catalog.",
        ) from exc
    return client


def open_server(
    host: str,
    port: int,
    ssl: bool = False,
    headers: Mapping[str, str] | None = None,
    *,
    timeout_s: float = SERVER_TIMEOUT_S,
) -> tuple[ClientAPI, str]:
    """A client of a Chroma server (Chroma ``HttpClient``) and its URL; ``headers`` may carry
    auth."""
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
            raise auth_error(where) from exc
        raise unreachable_error(where, f"it answered HTTP {exc.response.status_code}") from exc
    except httpx.HTTPError as exc:
        raise unreachable_error(where, why_unreachable(exc)) from exc
    try:
        client = chromadb.HttpClient(
            host=host, port=port, ssl=ssl, headers=hdrs, settings=chroma_settings()
        )
    except Exception as exc:
        # Chroma re-raises most failures here as a bare ValueError carrying the text.
        if AUTH_TEXT.search(str(exc)) or is_auth_exception(exc):
            raise auth_error(where) from exc
        raise_translated(exc, action="connecting", where=where, space=None)
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(timeout_s, connect=SERVER_CONNECT_TIMEOUT_S)
    return client, where


def close_client(client: ClientAPI, *, is_server: bool) -> None:
    """Release a client and its HTTP connections."""
    from chromadb.api.shared_system_client import SharedSystemClient

    # Chroma 1.5.9's HTTP client builds two Systems (client and admin), each with its own
    # httpx.Client that System.stop() never closes (ResourceWarning: unclosed socket), and
    # leaves an alias of the first in its class-level registry. Collect them before closing.
    owners = [client, getattr(client, "_admin_client", None)]
    sessions = [getattr(getattr(o, "_server", None), "_session", None) for o in owners]
    systems = []
    for owner in owners:
        with contextlib.suppress(AttributeError, KeyError):
            systems.append(owner._system)  # type: ignore[union-attr]
    close = getattr(client, "close", None)
    if callable(close):
        close()
    if not is_server:
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
