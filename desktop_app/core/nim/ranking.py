"""Rerank passages against a query through a NIM reranking endpoint.

Self-hosted NIMs serve ``POST {base}/ranking``; the hosted catalog serves one URL per model,
``{base}/retrieval/<publisher>/<name, '.' -> '_'>/reranking`` (reference/nim-api.md §2.1). The
hosted URL is built from the endpoint's own base, so tests can point the hosted profile at the
simulator. Long lists are split into requests of at most 512 (local) / 1000 (hosted) passages and
the indices are mapped back to the caller's list; a cross-encoder scores each pair on its own,
so logits from different requests compare.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from desktop_app.core.errors import ConfigError, NimServerError
from desktop_app.core.nim.base import OnRetry, ServiceBound, ServiceClient
from desktop_app.core.nim.endpoints import ClientOptions, Endpoint, SettingsLike
from desktop_app.core.nim.models import hosted_rerank_path

__all__ = [
    "HOSTED_MAX_PASSAGES",
    "LOCAL_MAX_PASSAGES",
    "Ranking",
    "RerankClient",
    "rerank_url",
]

LOCAL_MAX_PASSAGES = 512
HOSTED_MAX_PASSAGES = 1000

# The hosted reranking routes live on ai.api.nvidia.com, not on integrate (reference §2.1).
_HOSTED_RERANK_HOST = "ai.api.nvidia.com"


@dataclass(frozen=True)
class Ranking:
    """One passage's score: ``index`` into the caller's passages, ``logit`` (higher is better)."""

    index: int
    logit: float


def rerank_url(endpoint: Endpoint) -> str:
    """The inference URL for ``endpoint``: ``{base}/ranking``, or the hosted per-model route."""
    if not endpoint.hosted:
        return f"{endpoint.base_url}/ranking"
    parts = urlsplit(endpoint.base_url)
    base = endpoint.base_url
    if (parts.hostname or "").lower() == "integrate.api.nvidia.com":
        base = urlunsplit((parts.scheme, _HOSTED_RERANK_HOST, parts.path, "", ""))
    return f"{base}/{hosted_rerank_path(endpoint.model)}"


class RerankClient(ServiceBound):
    """Client of one reranking NIM."""

    def __init__(
        self,
        endpoint: Endpoint,
        options: ClientOptions,
        *,
        truncate: Literal["NONE", "END"] | None = None,
        max_passages: int | None = None,
        on_retry: OnRetry | None = None,
    ) -> None:
        if truncate not in (None, "NONE", "END"):
            raise ConfigError(
                f"rerank.truncate must be NONE or END (got {truncate!r}).", key="rerank.truncate"
            )
        self.endpoint = endpoint
        self.truncate = truncate
        limit = HOSTED_MAX_PASSAGES if endpoint.hosted else LOCAL_MAX_PASSAGES
        self.max_passages = max(1, min(max_passages or limit, limit))
        self.url = rerank_url(endpoint)
        self._http = ServiceClient(endpoint, options, on_retry=on_retry)

    @classmethod
    def from_settings(
        cls,
        settings: SettingsLike,
        endpoint: Endpoint,
        options: ClientOptions,
        *,
        on_retry: OnRetry | None = None,
    ) -> RerankClient:
        """A client configured by the ``rerank.*`` settings."""
        return cls(endpoint, options, truncate=settings["rerank.truncate"], on_retry=on_retry)

    def rank(
        self,
        query: str,
        passages: Sequence[str],
        top_n: int | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> list[Ranking]:
        """Score ``passages`` against ``query``; best first, at most ``top_n`` (None = all)."""
        if isinstance(passages, str):
            raise TypeError("rank takes a list of passages, not one string")
        items = list(passages)
        if top_n is not None and top_n < 1:
            raise ValueError("top_n must be at least 1")
        if not items:
            return []
        rankings: list[Ranking] = []
        for start in range(0, len(items), self.max_passages):
            chunk = items[start : start + self.max_passages]
            rankings.extend(self._rank_chunk(query, chunk, start, cancel))
        # Ties keep input order so results are stable from run to run.
        rankings.sort(key=lambda r: (-r.logit, r.index))
        return rankings if top_n is None else rankings[:top_n]

    def _rank_chunk(
        self, query: str, passages: list[str], offset: int, cancel: threading.Event | None
    ) -> list[Ranking]:
        payload: dict[str, Any] = {
            "model": self.endpoint.model,
            "query": {"text": query},
            "passages": [{"text": text} for text in passages],
        }
        if self.truncate is not None:
            payload["truncate"] = self.truncate
        body = self._http.request_json("POST", self.url, payload, cancel=cancel)
        raw = body.get("rankings") if isinstance(body, dict) else None
        if not isinstance(raw, list):
            raise self._malformed("no 'rankings' list")
        out: list[Ranking] = []
        seen: set[int] = set()
        try:
            for item in raw:
                index = int(item["index"])
                logit = float(item["logit"])
                if not 0 <= index < len(passages) or index in seen:
                    raise ValueError(index)
                seen.add(index)
                out.append(Ranking(index=offset + index, logit=logit))
        except (KeyError, TypeError, ValueError):
            raise self._malformed("a ranking Trove cannot read") from None
        return out

    def _malformed(self, what: str) -> NimServerError:
        return NimServerError(
            f"The reranking NIM at {self.url} answered with {what}.",
            service="rerank",
            hint="Check that the base URL and model point at a reranking NIM.",
        )

    def __repr__(self) -> str:
        return f"RerankClient({self.endpoint!r})"
