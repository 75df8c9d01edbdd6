"""One long-lived HTTP connection pool per NIM service, with retries and typed errors.

``ServiceClient`` owns exactly one ``httpx.Client`` (thread-safe, so the embedding thread pool
shares it) with explicit timeouts sized for model calls, the headers every NIM call needs, and the
retry loop driven by ``retry.RetryPolicy``. Transport failures become ``NimUnreachableError`` /
``NimTimeoutError`` sentences naming the URL; HTTP failures go through ``http_errors``.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError
from types import TracebackType
from typing import Any, Self

import certifi
import httpx
import orjson

from desktop_app import __version__
from desktop_app.core.errors import (
    ConfigError,
    NimError,
    NimServerError,
    NimTimeoutError,
    NimUnreachableError,
)
from desktop_app.core.nim.breaker import trips_breaker
from desktop_app.core.nim.endpoints import ClientOptions, Endpoint, service_label
from desktop_app.core.nim.http_errors import error_from_response
from desktop_app.core.nim.key_policy import key_may_be_sent, key_withheld_error
from desktop_app.core.nim.models import ModelInfo, parse_models
from desktop_app.core.nim.retry import RetryNotice, is_retryable

__all__ = ["OnRetry", "ServiceClient", "transport_error", "user_agent"]

OnRetry = Callable[[RetryNotice], None]

_UNREACHABLE_HINT = (
    "Check that the NIM is running and that the base URL (host and port) is right; "
    "`trove doctor` tests the connection. Behind a proxy, add the NIM host to NO_PROXY."
)
_TLS_HINT = (
    "If the NIM uses a company certificate, point nim.ca_bundle at its PEM file; "
    "`trove doctor` tests the connection."
)


def user_agent() -> str:
    """The User-Agent header value, 'trove/<version>'."""
    return f"trove/{__version__}"


def _verify(verify: bool | str) -> bool | ssl.SSLContext:
    """httpx's ``verify`` argument; a CA bundle path becomes an SSLContext.

    The bundle holds *extra* CAs (nim.ca_bundle), so it is added to certifi's roots, httpx's
    default, rather than replacing them: the hosted catalog must still verify. httpx 0.28
    deprecates ``verify="<path>"`` (it would warn), so the context is built here.
    """
    if isinstance(verify, bool):
        return verify
    try:
        context = ssl.create_default_context(cafile=certifi.where())
        context.load_verify_locations(cafile=verify)
        return context
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(
            f"The CA bundle {verify} cannot be used: {exc}.",
            key="nim.ca_bundle",
            hint="Point nim.ca_bundle at a readable PEM file of CA certificates.",
        ) from None


def transport_error(service: str, url: str, exc: httpx.TransportError, timeout: float) -> NimError:
    """The typed error, with a sentence naming ``url``, for an httpx transport failure."""
    name = service_label(service)
    kw: dict[str, Any] = {"service": service, "status": None}
    if isinstance(exc, httpx.ConnectTimeout):
        # Nothing reached the server: to the user this is an unreachable host (e.g. a firewall).
        return NimUnreachableError(
            f"The {name} NIM at {url} did not accept a connection within {timeout:g} s.",
            hint=_UNREACHABLE_HINT,
            **kw,
        )
    if isinstance(exc, httpx.TimeoutException):
        return NimTimeoutError(
            f"The {name} NIM at {url} did not answer within {timeout:g} s.",
            hint=(
                "The model may be overloaded or the request too large; raise nim.read_timeout "
                "or send smaller batches."
            ),
            **kw,
        )
    if isinstance(exc, httpx.ConnectError):
        reason = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in reason or "SSL" in reason:
            return NimUnreachableError(
                f"The {name} NIM at {url} presented a TLS certificate Trove does not trust.",
                hint=_TLS_HINT,
                **kw,
            )
        return NimUnreachableError(
            f"The {name} NIM at {url} cannot be reached (connection failed).",
            hint=_UNREACHABLE_HINT,
            **kw,
        )
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        return NimUnreachableError(
            f"The connection to the {name} NIM at {url} was closed before it answered.",
            hint=_UNREACHABLE_HINT,
            **kw,
        )
    return NimUnreachableError(
        f"The {name} NIM at {url} cannot be reached ({type(exc).__name__}).",
        hint=_UNREACHABLE_HINT,
        **kw,
    )


class ServiceClient:
    """The HTTP client of one NIM service: one connection pool, headers, retries, typed errors."""

    def __init__(
        self, endpoint: Endpoint, options: ClientOptions, *, on_retry: OnRetry | None = None
    ) -> None:
        self.endpoint = endpoint
        self.options = options
        self.on_retry = on_retry
        self.policy = options.retry_policy()
        self.breaker = options.breakers[endpoint.service] if options.breakers else None
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": user_agent(),
        }
        # Withheld over plain HTTP to other hosts; a refusal then says why (fail()).
        self._key_withheld = endpoint.api_key is not None and not key_may_be_sent(
            endpoint.base_url, options.plain_http_key_hosts
        )
        if endpoint.api_key is not None and not self._key_withheld:
            headers["Authorization"] = f"Bearer {endpoint.api_key.reveal()}"
        self._client = httpx.Client(
            headers=headers,
            timeout=options.timeout(),
            verify=_verify(options.verify),
            transport=options.transport,
            # A redirect to a login page would turn an auth problem into a confusing JSON error.
            follow_redirects=False,
        )

    # -- plumbing ---------------------------------------------------------------------------

    def url(self, path_or_url: str) -> str:
        """Absolute URL for a path below the endpoint's /v1 base (absolute URLs pass through)."""
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return f"{self.endpoint.base_url}/{path_or_url.lstrip('/')}"

    def fail(self, response: httpx.Response) -> NimError:
        """The typed error for a failed response of this service."""
        if self._key_withheld and response.status_code in (401, 403):
            return key_withheld_error(self.endpoint.label, self.endpoint.base_url)
        return error_from_response(self.endpoint.service, response, model=self.endpoint.model)

    def transport_failure(self, url: str, exc: httpx.TransportError) -> NimError:
        """The typed error for a transport failure on ``url``."""
        if isinstance(exc, httpx.ConnectTimeout):
            timeout = self.options.connect_timeout
        elif isinstance(exc, httpx.WriteTimeout):
            timeout = self.options.write_timeout
        elif isinstance(exc, httpx.PoolTimeout):
            timeout = self.options.pool_timeout
        else:
            timeout = self.options.read_timeout
        error = transport_error(self.endpoint.service, url, exc, timeout)
        error.__cause__ = exc  # kept for logs; the sentence is what users see
        return error

    def wait_before_retry(
        self, error: NimError, attempt: int, *, idempotent: bool, cancel: threading.Event | None
    ) -> bool:
        """Sleep before retry ``attempt + 1`` and return True, or return False if not retryable.

        Raises CancelledError if ``cancel`` is set before or during the wait.
        """
        if not self.policy.should_retry(error, attempt, idempotent=idempotent):
            return False
        rng = self.options.random
        delay = self.policy.delay(error, attempt, rng) if rng else self.policy.delay(error, attempt)
        if self.on_retry is not None:
            self.on_retry(
                RetryNotice(
                    service=self.endpoint.service,
                    error=error,
                    attempt=attempt + 1,
                    max_retries=self.policy.max_retries,
                    delay=delay,
                )
            )
        if self.options.sleep is not None:
            self.options.sleep(delay)
        elif cancel is not None:
            cancel.wait(delay)  # wakes at once when cancelled
        else:
            time.sleep(delay)
        if cancel is not None and cancel.is_set():
            raise CancelledError
        return True

    def note_exhausted(self, error: NimError, attempts: int, *, idempotent: bool) -> NimError:
        """Append 'Gave up after N retries.' when ``error`` ended a run of retries."""
        if attempts and is_retryable(error, idempotent=idempotent):
            # The error types have different constructors; amending args keeps type and fields.
            gave_up = (
                "Gave up after 1 retry."  # user-visible
                if attempts == 1
                else f"Gave up after {attempts} retries."  # user-visible
            )
            error.args = (f"{error} {gave_up}",)
        return error

    # -- requests ---------------------------------------------------------------------------

    def request_json(
        self,
        method: str,
        path_or_url: str,
        json: Any = None,
        *,
        idempotent: bool = True,
        cancel: threading.Event | None = None,
    ) -> Any:
        """Send one JSON request with retries; return the decoded JSON answer or raise NimError.

        Raises CancelledError when ``cancel`` is set before an attempt or during a retry wait.
        """
        url = self.url(path_or_url)
        if self.breaker is not None:
            self.breaker.check()
        attempt = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise CancelledError
            try:
                response = self._client.request(method, url, json=json)
            except httpx.TransportError as exc:
                error = self.transport_failure(url, exc)
            else:
                if response.is_success:
                    self._succeeded()
                    return self._decode(url, response)
                error = self.fail(response)
            if not self.wait_before_retry(error, attempt, idempotent=idempotent, cancel=cancel):
                raise self._gave_up(error, attempt, idempotent=idempotent)
            attempt += 1

    def open_stream(
        self,
        method: str,
        path_or_url: str,
        json: Any = None,
        *,
        headers: dict[str, str] | None = None,
        idempotent: bool = True,
        cancel: threading.Event | None = None,
    ) -> httpx.Response:
        """Send a request and return the open streaming response once it succeeded (2xx).

        Retries happen only here, before the first byte of the body: once the caller reads the
        stream, part of the answer is already out and a retry would repeat it. The caller must
        close the response. Raises NimError, or CancelledError when ``cancel`` is set.
        """
        url = self.url(path_or_url)
        if self.breaker is not None:
            self.breaker.check()
        attempt = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise CancelledError
            request = self._client.build_request(method, url, json=json, headers=headers)
            try:
                response = self._client.send(request, stream=True)
            except httpx.TransportError as exc:
                error = self.transport_failure(url, exc)
            else:
                if response.is_success:
                    self._succeeded()
                    return response
                try:
                    response.read()  # the error body, for the message
                except httpx.TransportError:
                    pass  # the status alone still says enough
                finally:
                    response.close()
                error = self.fail(response)
            if not self.wait_before_retry(error, attempt, idempotent=idempotent, cancel=cancel):
                raise self._gave_up(error, attempt, idempotent=idempotent)
            attempt += 1

    def _succeeded(self) -> None:
        if self.breaker is not None and self.breaker.is_open:
            self.breaker.reset()

    def _gave_up(self, error: NimError, attempts: int, *, idempotent: bool) -> NimError:
        """The error to raise once retries are over; a sign of a service down opens the
        breaker, with a readiness probe that closes it again."""
        error = self.note_exhausted(error, attempts, idempotent=idempotent)
        if self.breaker is not None and trips_breaker(error):
            self.breaker.trip(error, probe=self._probe_ready)
        return error

    def _probe_ready(self) -> bool:
        """The breaker's readiness check: one health call (the model list on the hosted
        catalog, or where a NIM has no health route), past the breaker, no retries."""
        url = self.url("models" if self.endpoint.hosted else "health/ready")
        try:
            response = self._client.get(url)
            if response.status_code == 404 and not self.endpoint.hosted:
                response = self._client.get(self.url("models"))
        except httpx.TransportError as exc:
            raise self.transport_failure(url, exc) from None
        return response.is_success

    def _decode(self, url: str, response: httpx.Response) -> Any:
        """The JSON body of a success; a non-JSON body is a server error, not retried."""
        try:
            # orjson: parsing 32 x 2048 floats per reply is the client's main GIL cost
            # (docs/benchmarks-pipeline.md); its errors are ValueErrors too.
            return orjson.loads(response.content)
        except ValueError:
            name = self.endpoint.label
            ctype = response.headers.get("content-type", "no content type")
            raise NimServerError(
                f"The {name} NIM at {url} answered with something that is not JSON "
                f"(HTTP {response.status_code}, {ctype}).",
                service=self.endpoint.service,
                status=response.status_code,
                hint="Check that the base URL points at a NIM and not at a proxy or web page.",
            ) from None

    def models(self) -> list[ModelInfo]:
        """The models the NIM serves (``GET /v1/models``), deduplicated."""
        url = self.url("models")
        body = self.request_json("GET", url)
        try:
            return parse_models(body)
        except ValueError:
            raise NimServerError(
                f"The {self.endpoint.label} NIM at {url} sent a model list Trove cannot read.",
                service=self.endpoint.service,
                hint="Check that the base URL points at a NIM.",
            ) from None

    def _health(self, path: str) -> bool:
        url = self.url(path)
        try:
            response = self._client.get(url)
        except httpx.TransportError as exc:
            raise self.transport_failure(url, exc) from None
        if response.is_success:
            return True
        if response.status_code == 503:
            return False
        if response.status_code == 404:
            # Some proxies and older builds serve no health routes: an answering model list
            # is the next best sign of life.
            self.models()
            return True
        raise self.fail(response)

    def ready(self) -> bool:
        """Whether the model is loaded (``GET /v1/health/ready``); False while it is loading.

        The hosted catalog has no health routes; there, a readable model list means ready.
        Raises NimError when the NIM cannot be reached or answers with another error.
        """
        if self.endpoint.hosted:
            self.models()
            return True
        return self._health("health/ready")

    def live(self) -> bool:
        """Whether the NIM process answers at all (``GET /v1/health/live``)."""
        if self.endpoint.hosted:
            self.models()
            return True
        return self._health("health/live")

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ServiceClient({self.endpoint!r})"


class ServiceBound:
    """What every NIM service client offers besides its own calls: models, readiness, closing.

    Subclasses set ``self._http`` to their one long-lived ``ServiceClient``.
    """

    _http: ServiceClient

    def models(self) -> list[ModelInfo]:
        """The models this NIM serves (``max_model_len`` tells the context size on vLLM NIMs)."""
        return self._http.models()

    def ready(self) -> bool:
        """Whether the NIM's model is loaded (False while loading)."""
        return self._http.ready()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
