"""Embed passages and queries through a NIM embedding endpoint (``POST {base}/embeddings``).

Passages go out in batches, several at once on a small thread pool sharing the service's one
connection pool, and come back in input order. Nothing is cut silently: with ``truncate="NONE"``
a batch the NIM refuses as too long is bisected until the offending texts are found; only those
are re-sent with ``truncate="END"``, and their indices are reported in
``EmbeddingResult.truncated``.
"""

from __future__ import annotations

import base64
import re
import struct
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, CancelledError, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop_app.core.errors import (
    ConfigError,
    NimBadRequestError,
    NimInputTooLongError,
    NimServerError,
)
from desktop_app.core.nim.base import OnRetry, ServiceBound, ServiceClient
from desktop_app.core.nim.endpoints import ClientOptions, Endpoint, SettingsLike

__all__ = ["EmbeddingClient", "EmbeddingResult", "Truncate"]

Truncate = Literal["NONE", "START", "END"]
_TRUNCATE_VALUES = ("NONE", "START", "END")
# pydantic's wording when a NIM limits the number of `input` items per request.
_BATCH_CAP = re.compile(r"at most (\d+) items")
# The NIM's "too long" wording names the model's limit (reference/nim-api.md §1.6).
_TOKEN_LIMIT = re.compile(r"maximum allowed token size (\d+)")

# Called with what a NIM's answer revealed about its model (e.g. ``max_tokens=512``).
OnFact = Callable[..., None]


@dataclass(frozen=True)
class EmbeddingResult:
    """Vectors in input order, the served model id, their size, which inputs were cut, token use."""

    vectors: list[list[float]]
    model: str
    dimensions: int
    truncated: list[int] = field(default_factory=list)  # input indices re-sent with truncate=END
    prompt_tokens: int = 0


@dataclass
class _Span:
    """The embedded vectors of a contiguous slice of the input."""

    vectors: list[list[float]]
    model: str
    tokens: int
    truncated: list[int]


class EmbeddingClient(ServiceBound):
    """Client of one embedding NIM: ``embed_passages`` for documents, ``embed_query`` for search."""

    def __init__(
        self,
        endpoint: Endpoint,
        options: ClientOptions,
        *,
        truncate: Truncate = "NONE",
        dimensions: int | None = None,
        batch_size: int = 32,
        max_in_flight: int = 4,
        on_retry: OnRetry | None = None,
        on_fact: OnFact | None = None,
    ) -> None:
        if truncate not in _TRUNCATE_VALUES:
            raise ConfigError(
                f"embedding.truncate must be NONE, START or END (got {truncate!r}).",
                key="embedding.truncate",
            )
        if dimensions is not None and dimensions < 1:
            raise ConfigError(
                f"embedding.dimensions must be positive (got {dimensions}).",
                key="embedding.dimensions",
            )
        if batch_size < 1 or max_in_flight < 1:
            raise ConfigError(
                "embedding.batch_size and embedding.max_in_flight must be at least 1.",
                key="embedding.batch_size",
            )
        self.endpoint = endpoint
        self.truncate: Truncate = truncate
        self.dimensions = dimensions
        self.batch_size = batch_size
        self.max_in_flight = max_in_flight
        self.on_fact = on_fact
        self._http = ServiceClient(endpoint, options, on_retry=on_retry)

    @classmethod
    def from_settings(
        cls,
        settings: SettingsLike,
        endpoint: Endpoint,
        options: ClientOptions,
        *,
        on_retry: OnRetry | None = None,
    ) -> EmbeddingClient:
        """A client configured by the ``embedding.*`` settings."""
        return cls(
            endpoint,
            options,
            truncate=settings["embedding.truncate"],
            dimensions=settings["embedding.dimensions"],
            batch_size=int(settings["embedding.batch_size"]),
            max_in_flight=int(settings["embedding.max_in_flight"]),
            on_retry=on_retry,
        )

    # -- public API -------------------------------------------------------------------------

    def embed_passages(
        self,
        texts: Sequence[str],
        *,
        cancel: threading.Event | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> EmbeddingResult:
        """Embed ``texts`` as passages (``input_type=passage``), in input order.

        ``on_batch(n)``: ``n`` more texts have their vectors (after each request), for progress.
        Raises NimError on failure and CancelledError when ``cancel`` is set.
        """
        items = _check_texts(texts)
        if cancel is not None and cancel.is_set():
            raise CancelledError
        if not items:
            return EmbeddingResult([], self.endpoint.model, self.dimensions or 0)
        size = self.batch_size
        batches = [(start, items[start : start + size]) for start in range(0, len(items), size)]
        if len(batches) == 1:
            spans = [self._embed_span(0, items, "passage", cancel)]
            if on_batch is not None:
                on_batch(len(items))
        else:
            spans = self._run_concurrently(batches, cancel, on_batch)
        vectors = [vector for span in spans for vector in span.vectors]
        return EmbeddingResult(
            vectors=vectors,
            model=spans[0].model,
            dimensions=self._common_dimension(vectors),
            truncated=sorted(index for span in spans for index in span.truncated),
            prompt_tokens=sum(span.tokens for span in spans),
        )

    def embed_query(self, text: str, *, cancel: threading.Event | None = None) -> list[float]:
        """Embed one search query (``input_type=query``); an over-long query is cut at the end."""
        (item,) = _check_texts([text])
        span = self._embed_span(0, [item], "query", cancel)
        return span.vectors[0]

    def embed_queries(
        self, texts: Sequence[str], *, cancel: threading.Event | None = None
    ) -> list[list[float]]:
        """Embed a few queries at once (``input_type=query``), in input order."""
        items = _check_texts(texts)
        if not items:
            return []
        return self._embed_span(0, items, "query", cancel).vectors

    # -- internals --------------------------------------------------------------------------

    def _run_concurrently(
        self,
        batches: list[tuple[int, list[str]]],
        cancel: threading.Event | None,
        on_batch: Callable[[int], None] | None = None,
    ) -> list[_Span]:
        """Embed ``batches`` with at most ``max_in_flight`` requests at once, in input order."""
        # One event stops every worker: set on the caller's cancel or on the first failure, so
        # queued batches never start and retry waits end at once.
        abort = threading.Event()
        results: list[_Span | None] = [None] * len(batches)
        workers = min(self.max_in_flight, len(batches))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="trove-embed") as pool:
            futures: dict[Future[_Span], int] = {
                pool.submit(self._embed_span, start, chunk, "passage", abort): i
                for i, (start, chunk) in enumerate(batches)
            }
            pending: set[Future[_Span]] = set(futures)
            try:
                while pending:
                    # Poll only when there is a caller's cancel to watch.
                    done, pending = wait(
                        pending, timeout=0.05 if cancel else None, return_when=FIRST_EXCEPTION
                    )
                    for future in done:
                        results[futures[future]] = future.result()  # re-raises a worker's error
                        if on_batch is not None:
                            on_batch(len(batches[futures[future]][1]))
                    if cancel is not None and cancel.is_set():
                        raise CancelledError
            except BaseException:
                abort.set()
                for future in pending:
                    future.cancel()
                raise
        return [span for span in results if span is not None]

    def _embed_span(
        self, start: int, texts: list[str], input_type: str, cancel: threading.Event | None
    ) -> _Span:
        """Embed ``texts`` (input positions ``start...``), bisecting around over-long inputs."""
        try:
            return self._request(start, texts, input_type, self.truncate, cancel)
        except NimInputTooLongError as exc:
            self._learn_token_limit(exc)
            if self.truncate != "NONE":
                raise  # the NIM refused even with truncation on: nothing more to try
        except NimBadRequestError as exc:
            cap = _batch_cap(exc)
            if cap is None or cap >= len(texts):
                raise
            # The NIM caps items per request below our batch size: obey it from now on.
            self.batch_size = min(self.batch_size, cap)
            parts = [
                self._embed_span(start + at, texts[at : at + cap], input_type, cancel)
                for at in range(0, len(texts), cap)
            ]
            return _merge(parts)
        if len(texts) == 1:
            # This text alone is too long: cut it, and say so in the result.
            span = self._request(start, texts, input_type, "END", cancel)
            span.truncated.append(start)
            return span
        middle = len(texts) // 2
        left = self._embed_span(start, texts[:middle], input_type, cancel)
        right = self._embed_span(start + middle, texts[middle:], input_type, cancel)
        return _merge([left, right])

    def _learn_token_limit(self, error: NimInputTooLongError) -> None:
        match = _TOKEN_LIMIT.search(str(error))
        if match and self.on_fact is not None:
            self.on_fact(max_tokens=int(match.group(1)))

    def _request(
        self,
        start: int,
        texts: list[str],
        input_type: str,
        truncate: str,
        cancel: threading.Event | None,
    ) -> _Span:
        """One ``/embeddings`` request; returns its vectors sorted by ``index``."""
        payload: dict[str, Any] = {
            "model": self.endpoint.model,
            "input": texts,
            "input_type": input_type,
            "encoding_format": "float",
            # Always sent: it is the NIM default too, but being explicit documents the policy.
            "truncate": truncate,
        }
        if self.dimensions is not None:
            payload["dimensions"] = self.dimensions
        body = self._http.request_json("POST", "embeddings", payload, cancel=cancel)
        vectors = self._parse(body, len(texts))
        usage = body.get("usage") if isinstance(body, dict) else None
        tokens = usage.get("prompt_tokens", 0) if isinstance(usage, dict) else 0
        model = body.get("model") if isinstance(body, dict) else None
        return _Span(
            vectors=vectors,
            model=model if isinstance(model, str) and model else self.endpoint.model,
            tokens=tokens if isinstance(tokens, int) else 0,
            truncated=[],
        )

    def _parse(self, body: Any, expected: int) -> list[list[float]]:
        """Vectors of an embeddings answer in input order; NimServerError if it is malformed."""
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list) or len(data) != expected:
            got = len(data) if isinstance(data, list) else "no"
            raise self._malformed(f"{got} vectors for {expected} texts")
        try:
            ordered = sorted(data, key=lambda item: int(item["index"]))
            indices = [int(item["index"]) for item in ordered]
            if indices != list(range(expected)):
                raise ValueError("indices")
            return [_vector(item["embedding"]) for item in ordered]
        except (KeyError, TypeError, ValueError, struct.error):
            raise self._malformed("an unreadable vector list") from None

    def _common_dimension(self, vectors: list[list[float]]) -> int:
        """The one length every vector has; vectors of mixed sizes are a server fault."""
        sizes = sorted({len(vector) for vector in vectors})
        if len(sizes) != 1 or sizes[0] == 0:
            raise self._malformed("vectors of different sizes " + ", ".join(map(str, sizes)))
        return sizes[0]

    def _malformed(self, what: str) -> NimServerError:
        return NimServerError(
            f"The embedding NIM at {self.endpoint.base_url} answered with {what}.",
            service="embedding",
            hint="Check that the base URL and model point at an embedding NIM.",
        )

    def __repr__(self) -> str:
        return f"EmbeddingClient({self.endpoint!r}, truncate={self.truncate!r})"


def _merge(spans: list[_Span]) -> _Span:
    """Consecutive spans as one."""
    return _Span(
        vectors=[vector for span in spans for vector in span.vectors],
        model=spans[0].model,
        tokens=sum(span.tokens for span in spans),
        truncated=[index for span in spans for index in span.truncated],
    )


def _batch_cap(error: NimBadRequestError) -> int | None:
    """The per-request item limit a NIM's validation error names ('at most 50 items'), if any."""
    match = _BATCH_CAP.search(str(error))
    return int(match.group(1)) if match and int(match.group(1)) >= 1 else None


def _check_texts(texts: Sequence[str]) -> list[str]:
    """``texts`` as a list; a non-string is a caller bug, reported as TypeError."""
    if isinstance(texts, str):
        raise TypeError("embed_passages takes a list of texts, not one string")
    items = list(texts)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"texts to embed must be str, not {type(item).__name__}")
    return items


def _vector(value: Any) -> list[float]:
    """A vector from a float list, or from base64 little-endian float32 if a NIM sends that."""
    if isinstance(value, str):
        raw = base64.b64decode(value, validate=True)
        return list(struct.unpack(f"<{len(raw) // 4}f", raw))
    if not isinstance(value, list):
        raise TypeError("embedding is not a list")
    return [float(x) for x in value]
