"""`trove doctor`: check each configured NIM service and say what to do when a check fails.

Per service: the URL (and what normalisation changed), reachable, ready (503 = still loading),
the key accepted, the model served, and one real call. Later checks are skipped once an earlier
one fails, because their failure would only repeat the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from desktop_app.core import secrets
from desktop_app.core.errors import (
    NimAuthError,
    NimDimensionsRefusedError,
    NimError,
    NimForbiddenError,
    TroveError,
)
from desktop_app.core.nim import (
    ChatClient,
    ChatParams,
    ClientOptions,
    EmbeddingClient,
    Endpoint,
    RerankClient,
    ServiceClient,
    endpoints_from_settings,
    known_model,
    ocr_endpoint_from_settings,
    table_endpoints_from_settings,
)
from desktop_app.core.nim.detection import DetectionClient, Detector
from desktop_app.core.nim.models import resolve_served_id
from desktop_app.core.nim.ocr import OcrClient
from desktop_app.core.settings import Settings

__all__ = ["Check", "active_dimensions", "run_doctor", "table_checks"]


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    service: str
    name: str
    status: str  # "ok" | "fail" | "warn" | "skip"
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _fix_for(exc: TroveError) -> str:
    return exc.hint or "See the message above."


def _endpoint_checks(service: str, endpoint: Endpoint, no_key: str) -> list[Check]:
    """The URL as used, a note for each correction made to it, and (last, failed, saying
    ``no_key``) a hosted service without a key, which no call can pass."""
    checks = [Check(service, "url", "ok", f"{endpoint.base_url} (model {endpoint.model})")]
    checks += [
        Check(service, "url", "warn", note, "Run `trove config set` with the corrected URL.")
        for note in endpoint.notes
    ]
    if endpoint.hosted and endpoint.api_key is None:
        checks.append(
            Check(
                service,
                "auth",
                "fail",
                no_key,
                "Run `trove key set` with your nvapi- key, or set NVIDIA_API_KEY.",
            )
        )
    return checks


def _check_service(
    endpoint: Endpoint,
    options: ClientOptions,
    test_call: Callable[[Endpoint], str | list[Check]],
) -> Iterator[Check]:
    svc = endpoint.service
    no_key = "The hosted NVIDIA API catalog needs an API key; none is set."  # user-visible
    first = _endpoint_checks(svc, endpoint, no_key)
    yield from first
    if first[-1].status == "fail":
        return
    client = ServiceClient(endpoint, replace(options, max_retries=0))
    try:
        try:
            live = client.live()
        except NimError as exc:
            yield Check(svc, "reachable", "fail", str(exc), _fix_for(exc))
            return
        yield Check(svc, "reachable", "ok", "the server answers")
        if not endpoint.hosted:  # the hosted catalog has no public health route
            try:
                ready = client.ready()
            except NimError as exc:
                yield Check(svc, "ready", "warn", str(exc), _fix_for(exc))
            else:
                if ready:
                    yield Check(svc, "ready", "ok", "model loaded")
                else:
                    yield Check(
                        svc,
                        "ready",
                        "fail",
                        "The NIM is still loading its model (503).",
                        "Wait; large models can take many minutes to load. Run doctor again.",
                    )
                    return
        elif not live:
            yield Check(svc, "ready", "skip", "no health route on the hosted catalog")
        try:
            served = [m.id for m in client.models()]
        except (NimAuthError, NimForbiddenError) as exc:
            yield Check(svc, "auth", "fail", str(exc), _fix_for(exc))
            return
        except NimError as exc:
            yield Check(svc, "models", "warn", f"Cannot list models: {exc}", _fix_for(exc))
            served = []
        if served:
            alias = resolve_served_id(endpoint.model, served)
            if endpoint.model in served or any(endpoint.model == s.split(":")[0] for s in served):
                yield Check(svc, "model", "ok", f"{endpoint.model} is served")
            elif alias is not None:
                yield Check(
                    svc,
                    "model",
                    "ok",
                    f"{endpoint.model} is served here as {alias} (the same model under its "
                    "other name); Trove uses that id.",
                )
                endpoint = replace(endpoint, model=alias)
            else:
                listed = ", ".join(served[:5]) + (" …" if len(served) > 5 else "")
                yield Check(
                    svc,
                    "model",
                    "fail",
                    f"{endpoint.model} is not served here (served: {listed}).",
                    f"Run `trove config set {svc}.model {served[0]}` or fix the base URL.",
                )
                return
    finally:
        client.close()
    try:
        outcome = test_call(endpoint)
    except TroveError as exc:
        yield Check(svc, "call", "fail", str(exc), _fix_for(exc))
    else:
        if isinstance(outcome, str):
            yield Check(svc, "call", "ok", outcome)
        else:
            yield from outcome


def _embedding_checks(
    client: EmbeddingClient,
    options: ClientOptions,
    settings: Settings,
    index_dimensions: int | None,
) -> list[Check]:
    """A passage and a query through the embedding NIM: their size against the index, whether
    the NIM tells them apart (input_type), whether it takes the chosen size."""
    text = "Trove doctor: does embedding work?"
    passage = client.embed_passages([text]).vectors[0]
    query = client.embed_query(text)
    native = len(query)
    checks = [
        Check(
            "embedding",
            "call",
            "ok",
            f"embedded a passage and a query ({native} dimensions, the model's own size)",
        )
    ]
    if passage == query:
        checks.append(
            Check(
                "embedding",
                "input_type",
                "warn",
                "The NIM returns the same vector for a query and a passage: it ignores "
                "input_type, so searches match less well than the model can.",
                "Use an asymmetric retrieval model (e.g. nvidia/llama-nemotron-embed-1b-v2) or "
                "check that the NIM passes input_type to the model.",
            )
        )
    requested = settings["embedding.dimensions"]
    known = known_model(client.endpoint.model)
    try_size = requested is not None and requested < native
    if try_size and settings.is_default("embedding.dimensions"):
        try_size = known is not None and known.accepts_dimensions
    expected = native
    if try_size:
        sized_client = EmbeddingClient(client.endpoint, options, dimensions=requested)
        try:
            sized = sized_client.embed_query(text)
        except NimDimensionsRefusedError:
            checks.append(
                Check(
                    "embedding",
                    "size",
                    "warn",
                    f"The model refuses a chosen vector size ({requested}); it has a fixed "
                    f"size of {native}, which Trove uses.",
                    "Leave embedding.dimensions empty to silence this.",
                )
            )
        else:
            expected = len(sized)
            checks.append(Check("embedding", "size", "ok", f"takes the chosen size ({len(sized)})"))
        finally:
            sized_client.close()
    if index_dimensions is not None and index_dimensions != expected:
        checks.append(
            Check(
                "embedding",
                "index",
                "warn",
                f"The index was built with {index_dimensions}-dimension vectors; this NIM now "
                f"gives {expected}.",
                "The next `trove index` (or the app) builds a new index beside the old one; "
                "semantic search returns when it is complete.",
            )
        )
    return checks


def active_dimensions(status: dict[str, Any]) -> int | None:
    """The vector size of the active index in a ``status`` report, to compare with what the
    embedding NIM gives now (None before anything was embedded)."""
    # An empty index is promoted at once (nothing to wait for) but has no vectors to compare.
    active = [
        sp for sp in status.get("spaces", []) if sp.get("state") == "active" and sp.get("embedded")
    ]
    return int(active[0]["dimensions"]) if active else None


def run_doctor(settings: Settings, index_dimensions: int | None = None) -> list[Check]:
    """Run every check for the configured services (``index_dimensions``: the vector size of
    the active index, compared with what the embedding NIM gives)."""
    checks: list[Check] = []
    key = secrets.load_api_key(settings["api_key_env"])
    if settings["profile"] == "hosted" or (key is not None and key.source == "keyring"):
        usable, backend = secrets.keyring_status()
        checks.append(
            Check(
                "keyring",
                "keyring",
                "ok" if usable else "warn",
                backend if usable else "No usable OS keyring.",
                "" if usable else backend,
            )
        )
    if key is not None and settings["profile"] == "hosted" and not key.looks_hosted:
        checks.append(
            Check(
                "keyring",
                "key",
                "warn",
                f"The key from {key.source} does not start with nvapi-.",
                "Hosted NVIDIA API catalog keys start with nvapi-; check you pasted the right one.",
            )
        )
    endpoints = endpoints_from_settings(settings, key)
    options = ClientOptions.from_settings(settings)

    def embed_call(endpoint: Endpoint) -> list[Check]:
        quick = replace(options, max_retries=0)
        with EmbeddingClient(endpoint, quick) as client:
            return _embedding_checks(client, quick, settings, index_dimensions)

    def rerank_call(endpoint: Endpoint) -> str:
        with RerankClient(endpoint, replace(options, max_retries=0)) as client:
            ranked = client.rank("test", ["a test passage", "unrelated"])
        return f"ranked {len(ranked)} test passages"  # user-visible

    def chat_call(endpoint: Endpoint) -> str:
        with ChatClient(endpoint, replace(options, max_retries=0)) as client:
            client.complete(
                [{"role": "user", "content": "Reply with OK."}], ChatParams(max_tokens=4)
            )
        # The finish reason ("length": the 4 tokens asked for ran out) says nothing to a user.
        return "answered a test question"  # user-visible

    checks.extend(_check_service(endpoints["embedding"], options, embed_call))
    rerank_mode = settings["rerank.enabled"]
    if rerank_mode == "off":
        checks.append(Check("rerank", "enabled", "skip", "reranking is off (rerank.enabled)"))
    else:
        rerank_checks = list(_check_service(endpoints["rerank"], options, rerank_call))
        if rerank_mode == "auto" and any(c.status == "fail" for c in rerank_checks):
            # Reranking is a bonus when it answers: its absence is no failure of the setup.
            rerank_checks = [
                Check(
                    "rerank",
                    "enabled",
                    "skip",
                    f"No reranking NIM answers at {endpoints['rerank'].base_url}; searches run "
                    "without reranking.",
                    "To rerank, start a reranking NIM and set its URL as rerank.base_url.",
                )
            ]
        checks.extend(rerank_checks)
    checks.extend(_check_service(endpoints["chat"], options, chat_call))
    checks.extend(ocr_checks(settings, key, options))
    checks.extend(table_checks(settings, key, options))
    return checks


def _test_page() -> Any:
    """A small page with a line of black text on white, drawn here (no file needed)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 120), "white")
    ImageDraw.Draw(image).text((20, 40), "Trove OCR check 2041", fill="black", font_size=32)
    return image


def ocr_checks(
    settings: Settings, key: secrets.ApiKey | None, options: ClientOptions
) -> list[Check]:
    """The OCR service: the OCR NIM when one is set (ready, then one real test page), and the
    local engine that reads scans without it."""
    from desktop_app.core.ocr.engines import OcrJob, describe_engine
    from desktop_app.core.ocr.images import encode_to_fit

    if not settings["ocr.enabled"]:
        return [Check("ocr", "enabled", "skip", "OCR is off (ocr.enabled)")]
    try:
        endpoint = ocr_endpoint_from_settings(settings, key)
    except TroveError as exc:
        return [Check("ocr", "url", "fail", str(exc), _fix_for(exc))]
    checks: list[Check] = []
    if endpoint is not None:
        checks.extend(_ocr_nim_checks(endpoint, settings, options, encode_to_fit))
    local = describe_engine(OcrJob.from_settings(settings, None))
    if local == "none":
        no_nim = endpoint is None
        checks.append(
            Check(
                "ocr",
                "local engine",
                # Scans are optional: nothing to fix for search and chat, so not a warning.
                "skip" if no_nim else "ok",
                "No local OCR engine: scans are read only by the OCR NIM."
                if not no_nim
                else "No OCR NIM is set and no local OCR engine is installed: scans stay unread.",
                "Set ocr.base_url to an OCR NIM (nvidia/nemotron-ocr-v2), or install "
                "Tesseract or the local engine (pip install 'trove[ocr]').",
            )
        )
    else:
        checks.append(Check("ocr", "local engine", "ok", local))
    return checks


def _ocr_nim_checks(
    endpoint: Endpoint, settings: Settings, options: ClientOptions, encode: Any
) -> list[Check]:
    no_key = "The hosted OCR NIM needs an API key; none is set."  # user-visible
    checks = _endpoint_checks("ocr", endpoint, no_key)
    if checks[-1].status == "fail":
        return checks
    quick = replace(options, max_retries=0)
    with OcrClient(endpoint, quick, route=settings["ocr.route"]) as client:
        try:
            if not endpoint.hosted and not client.ready():
                checks.append(
                    Check(
                        "ocr",
                        "ready",
                        "fail",
                        "The OCR NIM is still loading its model (503).",
                        "Wait a few minutes, then run doctor again.",
                    )
                )
                return checks
            (found,) = client.read([encode(_test_page(), client.max_b64_chars)])
        except TroveError as exc:
            checks.append(Check("ocr", "call", "fail", str(exc), _fix_for(exc)))
            return checks
        path = client.url.removeprefix(endpoint.base_url)
        checks.append(
            Check("ocr", "call", "ok", f"read a test page ({len(found)} text boxes, {path})")
        )
    return checks


def _test_table() -> Any:
    """A small ruled table (3 x 3 cells) on white, as printed tables are drawn."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(image)
    xs, ys = [80, 253, 426, 600], [100, 160, 220, 280]
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill="black", width=2)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill="black", width=2)
    for r, row in enumerate(
        (("Item", "Month", "Paid"), ("Rent", "May", "900"), ("Fee", "June", "40"))
    ):
        for c, text in enumerate(row):
            draw.text((xs[c] + 12, ys[r] + 16), text, fill="black", font_size=24)
    return image


def table_checks(
    settings: Settings, key: secrets.ApiKey | None, options: ClientOptions
) -> list[Check]:
    """The page-elements and table-structure NIMs, when set: ready, then a test table found on a
    test page and its rows and columns read, as indexing does."""
    if not settings["ocr.page_elements_url"]:
        return []  # not set up: PDF tables stay plain text, nothing to check
    if not settings["ocr.enabled"]:
        return [Check("tables", "enabled", "skip", "OCR is off (ocr.enabled), PDF tables too")]
    try:
        endpoints = table_endpoints_from_settings(settings, key)
    except TroveError as exc:
        return [Check("tables", "url", "fail", str(exc), _fix_for(exc))]
    assert endpoints is not None
    checks: list[Check] = []
    image = _test_table()
    detectors: tuple[Detector, Detector] = ("page-elements", "table-structure")
    for endpoint, detector in zip(endpoints, detectors, strict=True):
        found = _table_call(endpoint, detector, image, replace(options, max_retries=0), checks)
        if found is None:
            return checks
        if detector == "page-elements":
            tables = found.get("table", [])
            if not tables:
                checks.append(
                    Check(
                        "tables",
                        detector,
                        "warn",
                        "The page-elements NIM found no table on a test page with one.",
                        "Check that ocr.page_elements_model names a page-elements model.",
                    )
                )
                return checks
            checks.append(Check("tables", detector, "ok", "found the table on a test page"))
            t, (w, h) = tables[0], image.size
            image = image.crop(
                (int(t.x_min * w), int(t.y_min * h), int(t.x_max * w) + 1, int(t.y_max * h) + 1)
            )
        else:
            rows, columns = len(found.get("row", [])), len(found.get("column", []))
            checks.append(
                Check(
                    "tables", detector, "ok", f"read a test table: {rows} rows, {columns} columns"
                )
            )
    return checks


def _table_call(
    endpoint: Endpoint, detector: Detector, image: Any, options: ClientOptions, checks: list[Check]
) -> dict[str, Any] | None:
    """One detection NIM's URL, readiness and one call on ``image``; None once a check failed."""
    from desktop_app.core.ocr.images import encode_to_fit

    no_key = f"The hosted {detector} NIM needs an API key; none is set."  # user-visible
    checks += _endpoint_checks("tables", endpoint, no_key)
    if checks[-1].status == "fail":
        return None
    with DetectionClient(endpoint, options, detector) as client:
        try:
            if not endpoint.hosted and not client.ready():
                checks.append(
                    Check(
                        "tables",
                        "ready",
                        "fail",
                        f"The {detector} NIM is still loading its model (503).",
                        "Wait a few minutes, then run doctor again.",
                    )
                )
                return None
            (found,) = client.detect([encode_to_fit(image, client.max_b64_chars, 1024)])
        except TroveError as exc:
            checks.append(Check("tables", detector, "fail", str(exc), _fix_for(exc)))
            return None
    return found
