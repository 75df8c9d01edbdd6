"""Read text off page images through an image OCR NIM (reference/nim-ocr.md).

Models: ``nvidia/nemotron-ocr-v2`` (multilingual, Korean included), ``nemotron-ocr-v1`` (English
only, formerly ``nemoretriever-ocr-v1``) and the legacy ``baidu/paddleocr``. The 1.x containers
serve ``POST /v1/infer``, the 2.0 ones moved it to ``POST /v1/ocr``; the hosted catalog serves one
URL per model, ``https://ai.api.nvidia.com/v1/cv/<publisher>/<model>``. Requests carry PNG or
JPEG data URLs and no model id; every box comes back normalized to 0-1 from the top-left corner,
in no documented order (``core/ocr/reading_order.py`` sorts them). Hosted calls refuse an image
whose base64 passes about 180,000 characters (422), so callers size pages to ``max_b64_chars``.
"""

from __future__ import annotations

import base64
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from desktop_app.core.errors import ConfigError, NimModelNotFoundError, NimServerError
from desktop_app.core.nim.base import OnRetry, ServiceBound, ServiceClient
from desktop_app.core.nim.endpoints import ClientOptions, Endpoint

__all__ = [
    "HOSTED_MAX_B64",
    "LOCAL_MAX_B64",
    "Detection",
    "OcrClient",
    "OcrImage",
    "OcrRoute",
    "hosted_cv_url",
    "ocr_route",
    "ocr_url",
]

# build.nvidia.com validates len(image_b64) < 180_000 (nim-ocr.md §2); a little room is kept.
HOSTED_MAX_B64 = 175_000
# Self-hosted has no documented limit; nv-ingest keeps detection payloads under 512,000.
LOCAL_MAX_B64 = 512_000

OcrRoute = Literal["auto", "ocr", "infer"]
_ROUTES = ("auto", "ocr", "infer")
_HOSTED_CV_HOST = "ai.api.nvidia.com"
# Models whose NIMs take one ``merge_levels`` entry per image (Paddle: not documented; none sent).
_MERGING_MODELS = ("nemotron-ocr", "nemoretriever-ocr")


@dataclass(frozen=True)
class OcrImage:
    """One encoded page: PNG or JPEG bytes and their media type."""

    data: bytes
    mime: Literal["image/png", "image/jpeg"]

    def data_url(self) -> str:
        """The ``data:`` URL the NIM takes."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def b64_chars(self) -> int:
        """Length of the base64 text (what the hosted cap counts)."""
        return 4 * math.ceil(len(self.data) / 3)


@dataclass(frozen=True)
class Detection:
    """One piece of text found on a page: its text, confidence (0-1) and its quadrilateral, four
    (x, y) points normalized to the page (0-1, from the top-left corner)."""

    text: str
    confidence: float
    points: tuple[tuple[float, float], ...]

    @property
    def x_min(self) -> float:
        return min(p[0] for p in self.points)

    @property
    def x_max(self) -> float:
        return max(p[0] for p in self.points)

    @property
    def y_min(self) -> float:
        return min(p[1] for p in self.points)

    @property
    def y_max(self) -> float:
        return max(p[1] for p in self.points)


def ocr_route(model: str, route: str = "auto") -> Literal["ocr", "infer"]:
    """The self-hosted path under /v1: ``ocr`` for the 2.0 (v2) containers, ``infer`` before."""
    if route not in _ROUTES:
        raise ConfigError(f"ocr.route must be one of {', '.join(_ROUTES)} (got {route!r}).")
    if route != "auto":
        return "ocr" if route == "ocr" else "infer"
    return "ocr" if "ocr-v2" in model.lower() else "infer"


def ocr_url(endpoint: Endpoint, route: str = "auto") -> str:
    """The inference URL: ``{base}/ocr`` or ``{base}/infer``, or the hosted per-model route."""
    if not endpoint.hosted:
        return f"{endpoint.base_url}/{ocr_route(endpoint.model, route)}"
    return hosted_cv_url(endpoint)


def hosted_cv_url(endpoint: Endpoint) -> str:
    """The hosted catalog's per-model route of a vision NIM (OCR, page elements, table
    structure): ``https://ai.api.nvidia.com/v1/cv/<org>/<model>``."""
    parts = urlsplit(endpoint.base_url)
    base = endpoint.base_url
    if (parts.hostname or "").lower() == "integrate.api.nvidia.com":
        base = urlunsplit((parts.scheme, _HOSTED_CV_HOST, parts.path, "", ""))
    model = endpoint.model if "/" in endpoint.model else f"nvidia/{endpoint.model}"
    return f"{base}/cv/{model}"


class OcrClient(ServiceBound):
    """Client of one image OCR NIM."""

    def __init__(
        self,
        endpoint: Endpoint,
        options: ClientOptions,
        *,
        route: str = "auto",
        batch_size: int = 4,
        on_retry: OnRetry | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.route = route
        self.url = ocr_url(endpoint, route)
        self.batch_size = max(1, batch_size)
        self.max_b64_chars = HOSTED_MAX_B64 if endpoint.hosted else LOCAL_MAX_B64
        self._merge = any(name in endpoint.model.lower() for name in _MERGING_MODELS)
        self._http = ServiceClient(endpoint, options, on_retry=on_retry)

    def read(
        self, images: Sequence[OcrImage], *, cancel: threading.Event | None = None
    ) -> list[list[Detection]]:
        """The detections of each image, in the images' order (the detections in none)."""
        out: list[list[Detection]] = []
        for start in range(0, len(images), self.batch_size):
            out.extend(self._read_batch(images[start : start + self.batch_size], cancel))
        return out

    def _read_batch(
        self, images: Sequence[OcrImage], cancel: threading.Event | None
    ) -> list[list[Detection]]:
        for image in images:
            if image.b64_chars > self.max_b64_chars:
                raise ValueError(
                    f"an image of {image.b64_chars} base64 characters passes the "
                    f"{self.max_b64_chars} this NIM takes; size it first"
                )
        payload: dict[str, Any] = {
            "input": [{"type": "image_url", "url": image.data_url()} for image in images]
        }
        if self._merge:
            payload["merge_levels"] = ["paragraph"] * len(images)
        try:
            body = self._http.request_json("POST", self.url, payload, cancel=cancel)
        except NimModelNotFoundError:
            # A 1.x container answers 404 on /v1/ocr, a 2.0 one on /v1/infer: try the other once.
            if self.endpoint.hosted or self.route != "auto":
                raise
            other = "infer" if self.url.endswith("/ocr") else "ocr"
            self.url = f"{self.endpoint.base_url}/{other}"
            self.route = other
            body = self._http.request_json("POST", self.url, payload, cancel=cancel)
        return self._parse(body, len(images))

    def _parse(self, body: Any, count: int) -> list[list[Detection]]:
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list) or len(data) != count:
            raise self._malformed(f"{len(data) if isinstance(data, list) else 'no'} results")
        try:
            items = sorted(data, key=lambda item: int(item.get("index", 0)))
            return [_detections(item) for item in items]
        except (AttributeError, KeyError, TypeError, ValueError):
            raise self._malformed("a result Trove cannot read") from None

    def _malformed(self, what: str) -> NimServerError:
        return NimServerError(
            f"The OCR NIM at {self.url} answered with {what}.",
            service="ocr",
            hint="Check that ocr.base_url and ocr.model point at an image OCR NIM.",
        )

    def __repr__(self) -> str:
        return f"OcrClient({self.endpoint!r})"


def _detections(item: dict[str, Any]) -> list[Detection]:
    out = []
    for raw in item.get("text_detections") or []:
        prediction = raw["text_prediction"]
        text = str(prediction["text"])
        points = raw["bounding_box"]["points"]
        # NVIDIA's clients skip placeholder detections whose text or box is "nan".
        if text.strip().lower() == "nan" or not text.strip() or points == "nan":
            continue
        quad = tuple((float(p["x"]), float(p["y"])) for p in points)
        if len(quad) < 2 or any(math.isnan(v) for xy in quad for v in xy):
            continue
        confidence = float(prediction.get("confidence", 1.0))
        out.append(Detection(text.strip(), confidence, quad))
    return out
