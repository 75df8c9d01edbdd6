"""The reranking and chat clients of one engine: made on first use, kept until the engine closes
(one long-lived ``httpx.Client`` per NIM service, STYLE.md), so no search or question pays for a
new connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop_app.core.nim import ClientOptions, Endpoint, RerankClient
from desktop_app.core.nim.chat import ChatClient
from desktop_app.core.settings import Settings

__all__ = ["ServiceClients"]


class ServiceClients:
    """Lazily made, long-lived clients; ``endpoint(service)`` says where each service is."""

    def __init__(self, endpoint: Callable[[str], Endpoint], settings: Settings) -> None:
        self._endpoint = endpoint
        self._settings = settings
        self._lock = threading.Lock()
        self._reranker: RerankClient | None = None
        self._chat: ChatClient | None = None

    def reranker(self) -> RerankClient:
        """The reranking client."""
        with self._lock:
            if self._reranker is None:
                self._reranker = RerankClient(
                    self._endpoint("rerank"),
                    ClientOptions.from_settings(self._settings),
                    truncate=self._settings["rerank.truncate"],
                )
            return self._reranker

    def chat(self) -> ChatClient:
        """The chat client."""
        with self._lock:
            if self._chat is None:
                self._chat = ChatClient(
                    self._endpoint("chat"), ClientOptions.from_settings(self._settings)
                )
            return self._chat

    def close(self) -> None:
        """Close the clients made so far."""
        with self._lock:
            for client in (self._reranker, self._chat):
                if client is not None:
                    client.close()
            self._reranker = self._chat = None
