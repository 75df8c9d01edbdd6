"""One engine's searches: the query vector, the vector store opened on demand, reranking per
``rerank.enabled``, query translation per ``search.translate_to``, and the fusion in
``search/hybrid.py``. Semantic parts that cannot run fall back to keyword with a notice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from desktop_app.core.errors import TroveError
from desktop_app.core.index.catalog import Catalog, SearchFilters
from desktop_app.core.index.protocols import VectorStore
from desktop_app.core.nim_clients import NimClients
from desktop_app.core.settings import Settings

if TYPE_CHECKING:
    from desktop_app.core.nim import RerankClient
    from desktop_app.core.search.hybrid import SearchResponse
    from desktop_app.core.search.translate import QueryTranslator

__all__ = ["EngineSearch"]

log = logging.getLogger(__name__)


class EngineSearch:
    """Searches over one engine's catalog, store and NIM clients."""

    def __init__(
        self,
        catalog: Catalog,
        nim: NimClients,
        settings: Settings,
        open_store: Callable[[], VectorStore],
    ) -> None:
        self.catalog = catalog
        self.nim = nim
        self.settings = settings
        self._open_store = open_store
        self._translator: QueryTranslator | None = None

    def search(
        self,
        query: str,
        mode: str | None,
        limit: int | None,
        filters: SearchFilters | None,
        translate: bool = True,
    ) -> SearchResponse:
        """Search the index (the engine holds it as interactive work meanwhile); ``translate``
        False searches the query as typed only (the window's search as you type)."""
        # Search (httpx, numpy and the NIM clients under it) is imported on first use: a
        # text-only run, the CLI's start and the extraction workers need none of it.
        from desktop_app.core.search.hybrid import Searcher

        mode = mode or self.settings["search.mode"]
        limit = limit or self.settings["search.limit"]
        reranker: Callable[[], RerankClient | None] | None = self.nim.search_reranker
        if self.settings["rerank.enabled"] == "auto":
            if mode == "keyword":
                reranker = None  # keyword mode asks no model unless reranking is 'on'
            else:
                self.nim.rerank_check.answering()  # found out while the query is embedded
        space = self.catalog.spaces.active()
        unavailable = None
        embedder = None
        store = None
        if mode != "keyword":
            if space is None:
                unavailable = "nothing is embedded yet; run `trove index` with the NIM reachable"
            elif not self.catalog.spaces.has_vectors(space.name):
                # An index promoted empty, its first passages still with the NIM: the query's
                # vector would find nothing, and a busy NIM made the search wait for it.
                unavailable = "no passage is embedded yet"  # user-visible
            else:
                try:
                    embedder = self.nim.query_embedder(space)
                    # Opened when the query vector is in hand: a NIM that is down costs a
                    # search nothing, not the second it takes to load Chroma.
                    store = cast(VectorStore, _StoreOnDemand(self._open_store))
                except TroveError as exc:
                    unavailable = str(exc)
        response = Searcher(
            self.catalog,
            store,
            embedder,
            space,
            reranker,
            self.settings["rerank.top_n"],
            semantic_unavailable=unavailable,
            translator=self.translator() if translate else None,
        ).search(query, mode, limit, filters)
        if self.settings["rerank.enabled"] == "auto":
            # Reranking was a bonus: a reranker that stopped answering is left out from now on
            # (checked again later) instead of being reported on every search.
            for notice in response.notices:
                if notice.get("kind") == "rerank_skipped":
                    self.nim.rerank_check.not_answering(str(notice.get("message", "")))
        return response

    def translator(self) -> QueryTranslator | None:
        """The query translator when ``search.translate_to`` names languages and a chat NIM is
        configured; kept, so a translation is asked for once."""
        languages = tuple(self.settings["search.translate_to"])
        if not languages:
            return None
        if self._translator is None or self._translator.languages != list(languages):
            from desktop_app.core.search.translate import QueryTranslator

            try:
                client = self.nim.quick_chat()
            except TroveError as exc:  # no chat NIM configured: search as typed
                log.info("query translation is off: %s", exc)
                return None
            self._translator = QueryTranslator(client, languages)
        return self._translator


class _StoreOnDemand:
    """The engine's vector store, opened on the first call made to it."""

    def __init__(self, open_store: Callable[[], VectorStore]) -> None:
        self._open = open_store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._open(), name)
