"""Where each NIM service lives (``Endpoint``) and how the HTTP clients behave (``ClientOptions``).

One NIM container serves one model, so each service (embedding, rerank, chat) has its own base
URL, model and hosted flag. Both are built from ``Settings``; the API key is passed in separately
because settings never hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import urlsplit

from desktop_app.core.errors import ConfigError
from desktop_app.core.nim.retry import RetryPolicy
from desktop_app.core.nim.urls import normalize_base_url
from desktop_app.core.secrets import ApiKey

if TYPE_CHECKING:
    import httpx

    from desktop_app.core.nim.breaker import Breakers

__all__ = [
    "HOSTED_HOSTS",
    "SERVICES",
    "ClientOptions",
    "Endpoint",
    "Service",
    "SettingsLike",
    "endpoints_from_settings",
    "is_hosted_url",
    "ocr_endpoint_from_settings",
    "service_label",
    "table_endpoints_from_settings",
]

Service = Literal["embedding", "rerank", "chat", "ocr", "tables"]
# The three every setup has; OCR is optional (no ocr.base_url: the local engine reads scans).
SERVICES: tuple[Service, ...] = ("embedding", "rerank", "chat")

# NVIDIA's API catalog hosts; any other host (a proxy included) is a self-hosted NIM, as in LC.
HOSTED_HOSTS = frozenset({"integrate.api.nvidia.com", "ai.api.nvidia.com"})


class SettingsLike(Protocol):
    """Anything that reads a setting by its dotted key (``Settings``, or a dict in tests)."""

    def __getitem__(self, key: str) -> Any: ...


def service_label(service: str) -> str:
    """The service's name in a user sentence ('rerank' reads as 'reranking')."""
    return {"rerank": "reranking", "ocr": "OCR", "tables": "table detection"}.get(service, service)


def is_hosted_url(url: str) -> bool:
    """Whether ``url`` points at NVIDIA's hosted API catalog."""
    return (urlsplit(url).hostname or "").lower() in HOSTED_HOSTS


@dataclass(frozen=True)
class Endpoint:
    """One NIM service: base URL (ending in /v1), model id, hosted or not, and the key if any."""

    service: Service
    base_url: str
    model: str
    hosted: bool = False
    api_key: ApiKey | None = field(default=None, compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)  # what URL normalization changed

    def __repr__(self) -> str:
        # Written out so the key can never show up, whatever ApiKey's own repr does.
        return (
            f"Endpoint(service={self.service!r}, base_url={self.base_url!r}, "
            f"model={self.model!r}, hosted={self.hosted!r}, "
            f"api_key={'set' if self.api_key else None!r})"
        )

    __str__ = __repr__

    @property
    def label(self) -> str:
        """The service's name in a user sentence."""
        return service_label(self.service)


def endpoints_from_settings(settings: SettingsLike, api_key: ApiKey | None) -> dict[str, Endpoint]:
    """The three endpoints described by ``settings``, keyed by service; raises ConfigError."""
    hosted_profile = settings["profile"] == "hosted"
    out: dict[str, Endpoint] = {}
    for service in SERVICES:
        key = f"{service}.base_url"
        base_url, notes = normalize_base_url(str(settings[key]), key=key)
        model = str(settings[f"{service}.model"]).strip()
        if not model:
            raise ConfigError(
                f"No {service_label(service)} model is set.",
                key=f"{service}.model",
                hint=f"Set one with `trove config set {service}.model <model id>`.",
            )
        out[service] = Endpoint(
            service=service,
            base_url=base_url,
            model=model,
            hosted=hosted_profile or is_hosted_url(base_url),
            api_key=api_key,
            notes=tuple(notes),
        )
    return out


def ocr_endpoint_from_settings(settings: SettingsLike, api_key: ApiKey | None) -> Endpoint | None:
    """The OCR NIM's endpoint, or None when ``ocr.base_url`` is empty (no OCR NIM configured)."""
    raw = settings["ocr.base_url"]
    if not raw:
        return None
    base_url, notes = normalize_base_url(str(raw), key="ocr.base_url")
    model = str(settings["ocr.model"]).strip()
    if not model:
        raise ConfigError(
            "No OCR model is set.",
            key="ocr.model",
            hint="Set one with `trove config set ocr.model nvidia/nemotron-ocr-v2`.",
        )
    return Endpoint(
        service="ocr",
        base_url=base_url,
        model=model,
        hosted=settings["profile"] == "hosted" or is_hosted_url(base_url),
        api_key=api_key,
        notes=tuple(notes),
    )


def table_endpoints_from_settings(
    settings: SettingsLike, api_key: ApiKey | None
) -> tuple[Endpoint, Endpoint] | None:
    """The page-elements and table-structure NIMs' endpoints, or None when
    ``ocr.page_elements_url`` is empty (PDF tables stay plain text). An empty
    ``ocr.table_structure_url`` means the page-elements one (the hosted catalog, a gateway)."""
    raw = settings["ocr.page_elements_url"]
    if not raw:
        return None
    structure = settings["ocr.table_structure_url"]
    out = []
    for prefix, key, url in (
        ("ocr.page_elements", "ocr.page_elements_url", raw),
        (
            "ocr.table_structure",
            "ocr.table_structure_url" if structure else "ocr.page_elements_url",
            structure or raw,
        ),
    ):
        base_url, notes = normalize_base_url(str(url), key=key)
        model = str(settings[f"{prefix}_model"]).strip()
        if not model:
            raise ConfigError(
                f"No model is set for {prefix.removeprefix('ocr.').replace('_', ' ')}.",
                key=f"{prefix}_model",
                hint=f"Set one with `trove config set {prefix}_model <model id>`.",
            )
        out.append(
            Endpoint(
                service="tables",
                base_url=base_url,
                model=model,
                hosted=settings["profile"] == "hosted" or is_hosted_url(base_url),
                api_key=api_key,
                notes=tuple(notes),
            )
        )
    return out[0], out[1]


@dataclass(frozen=True)
class ClientOptions:
    """Transport behaviour shared by the NIM clients: timeouts, retries, TLS, test hooks."""

    connect_timeout: float = 10.0
    # Model calls are slow: a big embedding batch or a long chat prefill easily passes httpx's 5 s.
    read_timeout: float = 120.0
    write_timeout: float = 30.0
    pool_timeout: float = 30.0
    max_retries: int = 5
    verify: bool | str = True  # a str is the path of a PEM CA bundle
    plain_http_key_hosts: tuple[str, ...] = ()  # where the key may go unencrypted (key_policy)
    transport: httpx.BaseTransport | None = None  # tests: httpx.MockTransport
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] | None = None  # tests: record waits instead of sleeping
    random: Callable[[], float] | None = None  # tests: deterministic jitter
    # Calls the user waits for (a search's query vector, its reranking, a chat answer).
    interactive_timeout: float = 10.0
    # Shared per-service breakers (the engine's); None: every call tries the network.
    breakers: Breakers | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_settings(cls, settings: SettingsLike, **overrides: Any) -> ClientOptions:
        """Options from the ``nim.*`` settings; keyword overrides win (e.g. ``transport=``)."""
        ca_bundle = settings["nim.ca_bundle"]
        verify: bool | str = bool(settings["nim.verify_tls"])
        if verify and ca_bundle:
            verify = str(ca_bundle)
        values: dict[str, Any] = {
            "connect_timeout": float(settings["nim.connect_timeout"]),
            "read_timeout": float(settings["nim.read_timeout"]),
            "max_retries": int(settings["nim.max_retries"]),
            "interactive_timeout": float(settings["nim.interactive_timeout"]),
            "verify": verify,
            "plain_http_key_hosts": tuple(settings["nim.plain_http_auth_hosts"]),
        }
        values.update(overrides)
        return cls(**values)

    def interactive(self) -> ClientOptions:
        """Options for a call the user waits on: a short timeout and no retry ladder (a failure
        opens the breaker, and the search answers by keyword at once)."""
        return replace(
            self,
            max_retries=0,
            connect_timeout=min(self.connect_timeout, self.interactive_timeout),
            read_timeout=min(self.read_timeout, self.interactive_timeout),
        )

    def timeout(self) -> httpx.Timeout:
        """The explicit httpx timeout for one request."""
        import httpx  # here: reading endpoints (the breaker, the settings) needs no HTTP stack

        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )

    def retry_policy(self) -> RetryPolicy:
        """The backoff policy these options describe."""
        return RetryPolicy(
            max_retries=self.max_retries,
            base_delay=self.backoff_base,
            max_delay=self.backoff_cap,
            max_retry_after=self.max_retry_after,
        )
