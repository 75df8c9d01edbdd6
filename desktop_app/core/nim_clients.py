"""The NIM clients of one engine: built once, shared by indexing, search and chat.

Two kinds of embedding call, two kinds of client: indexing is patient (long timeouts, a retry
ladder), a search's query vector is interactive (short timeout, no retries). Both go through the
same per-service breaker, so once a NIM is found down every caller fails fast until a readiness
probe sees it back.

The vector size of an embedding space is what the NIM returns, never a guess: ``space_size``
probes the model once per engine, sends ``dimensions`` only when a size other than the native one
was chosen and the model takes it, and learns (``facts.py``) when it does not.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from desktop_app.core import secrets
from desktop_app.core.errors import NimDimensionsRefusedError, NimError, NimModelNotFoundError
from desktop_app.core.index.records import Space
from desktop_app.core.nim import (
    ClientOptions,
    Endpoint,
    endpoints_from_settings,
    known_model,
    ocr_endpoint_from_settings,
    table_endpoints_from_settings,
)
from desktop_app.core.nim.breaker import Breaker, Breakers
from desktop_app.core.nim.facts import EmbeddingFacts, ModelFacts
from desktop_app.core.nim.models import resolve_served_id
from desktop_app.core.nim.rerank_check import RerankCheck
from desktop_app.core.ocr.engines import OcrJob
from desktop_app.core.settings import Settings

# The clients (and httpx under them) are imported when one is made: a text-only run needs none.
if TYPE_CHECKING:
    from desktop_app.core.nim.base import ServiceBound
    from desktop_app.core.nim.chat import ChatClient
    from desktop_app.core.nim.embeddings import EmbeddingClient
    from desktop_app.core.nim.ranking import RerankClient

__all__ = ["NimClients", "SpaceSize"]

log = logging.getLogger(__name__)

CallKind = Literal["indexing", "interactive", "chat"]

_PROBE_TEXT = "Trove: what size are this model's vectors?"
# How long a search waits for the first 'does a reranker answer?' check (rerank.enabled = auto).
_RERANK_CHECK_WAIT_S = 1.0


@dataclass(frozen=True)
class SpaceSize:
    """The vector size a space gets, what to send as ``dimensions`` (None: nothing), and a note
    for the user when the chosen size could not be honoured."""

    dimensions: int
    send: int | None
    note: str = ""


class NimClients:
    """Long-lived NIM clients, breakers and learned model facts for one engine."""

    def __init__(
        self,
        settings: Settings,
        facts: ModelFacts,
        on_breaker_change: Callable[[Breaker], None] | None = None,
    ) -> None:
        self.settings = settings
        self.facts = facts
        self.breakers = Breakers(on_breaker_change)
        self._lock = threading.RLock()
        self._embedders: dict[tuple[str, int | None, bool], EmbeddingClient] = {}
        self._sizes: dict[tuple[str, str, int | None], SpaceSize] = {}
        self._reranker: RerankClient | None = None
        self._chat: ChatClient | None = None
        self._quick_chat: ChatClient | None = None
        self._served: dict[tuple[str, str], str] = {}  # (service, configured id) -> served id
        self._configured: dict[str, Endpoint] | None = None
        self.rerank_check = RerankCheck(self._ask_reranker)

    # ------------------------------------------------------------------ endpoints and options

    def endpoint(self, service: str, model: str | None = None) -> Endpoint:
        """The configured endpoint of ``service`` (another model id if given), with the key."""
        with self._lock:
            if self._configured is None:
                # Read once: the key lookup (keyring) costs tens of ms, and every search asks
                # for the endpoint; an engine's settings and clients live as long as it does.
                key = secrets.load_api_key(self.settings["api_key_env"])
                self._configured = endpoints_from_settings(self.settings, key)
            endpoint = self._configured[service]
        wanted = model or endpoint.model
        # Hosted and container ids differ for one model: the id the NIM lists is the one sent.
        served = self._served.get((service, wanted))
        if served is None and service == "embedding":
            served = self.facts.embedding(endpoint.base_url, wanted).served_as
        return replace(endpoint, model=served or wanted)

    def resolve_served(self, service: str, model: str, client: ServiceBound) -> bool:
        """After a 'model not found': ask the NIM's /v1/models for the id it serves ``model``
        under (another spelling, the hosted or container name); True when one was found."""
        try:
            served = [m.id for m in client.models()]
        except NimError:
            return False
        found = resolve_served_id(model, served)
        if found is None or found == self.endpoint(service, model).model:
            return False
        log.info("%s NIM serves %s as %s", service, model, found)
        if service == "embedding":
            self.facts.learn(self.endpoint(service).base_url, model, served_as=found)
        with self._lock:
            self._served[(service, model)] = found
            stale = [k for k in self._embedders if k[0] == model] if service == "embedding" else []
            closing: list[ServiceBound] = [self._embedders.pop(k) for k in stale]
            if service == "rerank" and self._reranker is not None:
                closing.append(self._reranker)
                self._reranker = None
            if service == "chat":
                closing += [c for c in (self._chat, self._quick_chat) if c is not None]
                self._chat = self._quick_chat = None
        for old in closing:
            old.close()
        return True

    def options(self, kind: CallKind) -> ClientOptions:
        """Transport options for a kind of call, sharing this engine's breakers."""
        base = ClientOptions.from_settings(self.settings, breakers=self.breakers)
        if kind == "interactive":
            return base.interactive()
        if kind == "chat":
            # The answer may take long to start (prefill), but a NIM that is down is told at
            # once: the user is waiting, and asks again when it is back.
            return replace(
                base,
                max_retries=0,
                connect_timeout=min(base.connect_timeout, base.interactive_timeout),
            )
        return base

    # ------------------------------------------------------------------ embedding

    def embedding_facts(self, model: str | None = None) -> EmbeddingFacts:
        """What is known about the embedding model (the configured one by default)."""
        return self.facts.embedding(
            self._base_url("embedding"), model or self.settings["embedding.model"]
        )

    def _base_url(self, service: str) -> str:
        """A service's base URL. Unlike ``endpoint`` it needs no key: the chunk size of a
        text-only run is looked up here, and the keyring's first use costs ~0.3 s."""
        with self._lock:
            configured = self._configured
        if configured is None:
            configured = endpoints_from_settings(self.settings, None)
        return configured[service].base_url

    def embedder(
        self, model: str, send: int | None, *, interactive: bool = False
    ) -> EmbeddingClient:
        """A client for ``model`` sending ``send`` as ``dimensions`` (None: nothing)."""
        key = (model, send, interactive)
        with self._lock:
            client = self._embedders.get(key)
            if client is None:
                s = self.settings
                endpoint = self.endpoint("embedding", model)

                def learned(**facts: object) -> None:
                    self.facts.learn(endpoint.base_url, model, **facts)

                from desktop_app.core.nim.embeddings import EmbeddingClient

                client = EmbeddingClient(
                    endpoint,
                    self.options("interactive" if interactive else "indexing"),
                    truncate=s["embedding.truncate"],
                    dimensions=send,
                    batch_size=s["embedding.batch_size"],
                    max_in_flight=s["embedding.max_in_flight"],
                    on_fact=learned,
                )
                self._embedders[key] = client
            return client

    def send_for(self, space: Space) -> int | None:
        """The ``dimensions`` to send for ``space``: nothing when it is the model's own size."""
        facts = self.embedding_facts(space.model)
        native = facts.native_dims
        if native is None:  # never probed here (facts file lost): the table's expectation
            known = known_model(space.model)
            native = known.native_dims if known is not None else None
        if native is None or native == space.dimensions:
            return None
        return space.dimensions

    def index_embedder(self, space: Space) -> EmbeddingClient:
        """The patient client that fills ``space``."""
        return self.embedder(space.model, self.send_for(space))

    def query_embedder(self, space: Space) -> EmbeddingClient:
        """The interactive client for search queries against ``space``."""
        return self.embedder(space.model, self.send_for(space), interactive=True)

    def space_size(self, model: str) -> SpaceSize:
        """The vector size the NIM gives ``model`` as configured (probed once per engine).

        Raises NimError when the NIM cannot be asked.
        """
        endpoint = self.endpoint("embedding", model)
        requested = self.settings["embedding.dimensions"]
        key = (endpoint.base_url, model, requested)
        with self._lock:
            if key in self._sizes:
                return self._sizes[key]
        size = self._probe_size(endpoint, model, requested)
        with self._lock:
            self._sizes[key] = size
        return size

    def forget_size(self, model: str) -> None:
        """Probe again next time (the NIM's vectors changed size under a known space)."""
        self._drop_sizes(model)
        self.facts.forget(self.endpoint("embedding", model).base_url, model, "native_dims")

    def _drop_sizes(self, model: str) -> None:
        with self._lock:
            for key in [k for k in self._sizes if k[1] == model]:
                del self._sizes[key]

    def _probe_size(self, endpoint: Endpoint, model: str, requested: int | None) -> SpaceSize:
        """The size from what the NIM has shown (asking it only what is not known yet)."""
        facts = self.facts.embedding(endpoint.base_url, model)
        native = facts.native_dims
        if native is None:
            probe = self.embedder(model, None)
            try:
                native = len(probe.embed_query(_PROBE_TEXT))
            except NimModelNotFoundError:
                if not self.resolve_served("embedding", model, probe):
                    raise
                native = len(self.embedder(model, None).embed_query(_PROBE_TEXT))
            facts = self.facts.learn(endpoint.base_url, model, native_dims=native)
        if requested is None or requested == native:
            return SpaceSize(native, None)
        explicit = not self.settings.is_default("embedding.dimensions")
        if facts.accepts_dimensions is None and not explicit:
            # The default size is meant for models known to take one; others keep their own.
            return SpaceSize(native, None)
        fixed_note = (
            f"{model} has a fixed vector size of {native}; embedding.dimensions ({requested}) "
            f"does not apply to it, so Trove uses {native}."
        )
        if facts.accepts_dimensions is False:
            if not explicit or facts.refused_dimensions == requested:
                return SpaceSize(native, None)  # said already
            self.facts.learn(endpoint.base_url, model, refused_dimensions=requested)
            return SpaceSize(native, None, fixed_note)
        if requested > native:  # NIMs clamp or refuse a size above the native one
            return SpaceSize(native, None)
        if facts.accepts_dimensions is True:
            return SpaceSize(requested, requested)
        try:  # not known: ask once
            got = len(self.embedder(model, requested).embed_query(_PROBE_TEXT))
        except NimDimensionsRefusedError:
            self.refused_dimensions(model, requested)
            return SpaceSize(native, None, fixed_note)
        if got == native:  # ignored
            return SpaceSize(native, None)
        self.facts.learn(endpoint.base_url, model, accepts_dimensions=True)
        return SpaceSize(got, requested)

    def refused_dimensions(self, model: str, requested: int) -> None:
        """Remember that ``model`` has a fixed size (it refused ``requested``, which the user has
        now been told about)."""
        endpoint = self.endpoint("embedding", model)
        log.info("%s refused a dimensions field; using its native size", model)
        self.facts.learn(
            endpoint.base_url, model, accepts_dimensions=False, refused_dimensions=requested
        )
        self._drop_sizes(model)

    # ------------------------------------------------------------------ rerank and chat

    def reranker(self) -> RerankClient:
        """The reranking client (interactive: it runs while the user waits)."""
        with self._lock:
            if self._reranker is None:
                from desktop_app.core.nim.ranking import RerankClient

                self._reranker = RerankClient(
                    self.endpoint("rerank"),
                    self.options("interactive"),
                    truncate=self.settings["rerank.truncate"],
                )
            return self._reranker

    def search_reranker(self, wait_s: float = _RERANK_CHECK_WAIT_S) -> RerankClient | None:
        """The reranker for searches and claim checks per ``rerank.enabled``: never when 'off',
        always when 'on' (a failure is then said), and when 'auto' only while the reranking NIM
        answers (found out in the background; see ``rerank_check``)."""
        mode = self.settings["rerank.enabled"]
        if mode == "off":
            return None
        if mode == "auto" and (
            self.breakers["rerank"].is_open or not self.rerank_check.answering(wait_s)
        ):
            return None
        return self.reranker()

    def _ask_reranker(self) -> None:
        self.reranker().rank("Is a reranker here?", ["A short passage.", "Another passage."])

    def chat(self) -> ChatClient:
        """The chat client."""
        with self._lock:
            if self._chat is None:
                from desktop_app.core.nim.chat import ChatClient

                self._chat = ChatClient(self.endpoint("chat"), self.options("chat"))
            return self._chat

    def quick_chat(self) -> ChatClient:
        """A chat client for the short calls a search waits on (query translation)."""
        with self._lock:
            if self._quick_chat is None:
                from desktop_app.core.nim.chat import ChatClient

                self._quick_chat = ChatClient(self.endpoint("chat"), self.options("interactive"))
            return self._quick_chat

    # ------------------------------------------------------------------ OCR

    def ocr_job(self) -> OcrJob | None:
        """What the extraction workers need to OCR pages (None: OCR is off). The workers run
        their own OCR client (its own retries and breaker) in their process."""
        if not self.settings["ocr.enabled"]:
            return None
        # The key is for OCR NIMs only: the local engine needs none, and the keyring's first
        # use costs ~0.4 s of every indexing run's start.
        uses_nim = self.settings["ocr.base_url"] or self.settings["ocr.page_elements_url"]
        key = secrets.load_api_key(self.settings["api_key_env"]) if uses_nim else None
        return OcrJob.from_settings(
            self.settings,
            ocr_endpoint_from_settings(self.settings, key),
            table_endpoints_from_settings(self.settings, key),
        )

    def close(self) -> None:
        """Close every connection pool and stop the readiness probes."""
        self.breakers.close()
        with self._lock:
            clients = [*self._embedders.values(), self._reranker, self._chat, self._quick_chat]
            self._embedders.clear()
            self._reranker = self._chat = self._quick_chat = None
        for client in clients:
            if client is not None:
                client.close()
