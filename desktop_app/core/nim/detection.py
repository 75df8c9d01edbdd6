"""Find regions on page images through the object-detection NIMs (reference/nim-ocr.md §1-3.2).

Two models matter to Trove: **page elements** (``nemotron-page-elements-v3``: where the tables,
charts, titles... of a page are) and **table structure** (``nemotron-table-structure-v1``, given a
table crop: its ``cell``, ``row``, ``column``, ``header`` and ``border`` boxes). Both return
geometry only, every box normalized to 0-1 from the top-left corner; the text comes from the PDF's
own text layer or from OCR. The 1.x containers serve ``POST /v1/infer``; the 2.0 ones (one model
per container) ``POST /v1/page-elements`` and ``POST /v1/table-structure``; the hosted catalog one
URL per model, ``https://ai.api.nvidia.com/v1/cv/<publisher>/<model>``. Requests carry PNG or
JPEG data URLs and no model id, like OCR's, with the same hosted ~180,000-character cap.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from desktop_app.core.errors import NimModelNotFoundError, NimServerError
from desktop_app.core.nim.base import OnRetry, ServiceBound, ServiceClient
from desktop_app.core.nim.endpoints import ClientOptions, Endpoint
from desktop_app.core.nim.ocr import HOSTED_MAX_B64, OcrImage, hosted_cv_url

__all__ = ["Box", "DetectionClient", "Detector", "detection_url"]

Detector = Literal["page-elements", "table-structure"]
# nv-ingest keeps detection payloads under 512,000 base64 characters (nim-ocr.md §2).
LOCAL_MAX_B64 = 512_000


@dataclass(frozen=True)
class Box:
    """One detected region, normalized to its image (0-1 from the top-left), with confidence."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float
    confidence: float = 1.0

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x_min + self.x_max) / 2, (self.y_min + self.y_max) / 2)


def detection_url(endpoint: Endpoint, detector: Detector, legacy: bool = False) -> str:
    """The inference URL: ``{base}/page-elements`` or ``{base}/table-structure`` (2.0),
    ``{base}/infer`` (1.x, ``legacy``), or the hosted per-model route."""
    if not endpoint.hosted:
        return f"{endpoint.base_url}/{'infer' if legacy else detector}"
    return hosted_cv_url(endpoint)


class DetectionClient(ServiceBound):
    """Client of one object-detection NIM (page elements or table structure)."""

    def __init__(
        self,
        endpoint: Endpoint,
        options: ClientOptions,
        detector: Detector,
        *,
        batch_size: int = 4,
        on_retry: OnRetry | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.detector = detector
        self.url = detection_url(endpoint, detector)
        self.batch_size = max(1, batch_size)
        self.max_b64_chars = HOSTED_MAX_B64 if endpoint.hosted else LOCAL_MAX_B64
        self._http = ServiceClient(endpoint, options, on_retry=on_retry)
        self._tried_legacy = endpoint.hosted

    def detect(
        self, images: Sequence[OcrImage], *, cancel: threading.Event | None = None
    ) -> list[dict[str, list[Box]]]:
        """Each image's boxes by class ("table", "row", ...), in the images' order."""
        out: list[dict[str, list[Box]]] = []
        for start in range(0, len(images), self.batch_size):
            out.extend(self._detect_batch(images[start : start + self.batch_size], cancel))
        return out

    def _detect_batch(
        self, images: Sequence[OcrImage], cancel: threading.Event | None
    ) -> list[dict[str, list[Box]]]:
        for image in images:
            if image.b64_chars > self.max_b64_chars:
                raise ValueError(
                    f"an image of {image.b64_chars} base64 characters passes the "
                    f"{self.max_b64_chars} this NIM takes; size it first"
                )
        payload = {"input": [{"type": "image_url", "url": image.data_url()} for image in images]}
        try:
            body = self._http.request_json("POST", self.url, payload, cancel=cancel)
        except NimModelNotFoundError:
            # A 1.x container has only /v1/infer: asked once, then remembered.
            if self._tried_legacy:
                raise
            self._tried_legacy = True
            self.url = detection_url(self.endpoint, self.detector, legacy=True)
            body = self._http.request_json("POST", self.url, payload, cancel=cancel)
        return self._parse(body, len(images))

    def _parse(self, body: Any, count: int) -> list[dict[str, list[Box]]]:
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list) or len(data) != count:
            raise self._malformed(f"{len(data) if isinstance(data, list) else 'no'} results")
        try:
            items = sorted(data, key=lambda item: int(item.get("index", 0)))
            return [_boxes(item) for item in items]
        except (AttributeError, KeyError, TypeError, ValueError):
            raise self._malformed("a result Trove cannot read") from None

    def _malformed(self, what: str) -> NimServerError:
        setting = "page_elements" if self.detector == "page-elements" else "table_structure"
        return NimServerError(
            f"The {self.detector} NIM at {self.url} answered with {what}.",
            service="tables",
            hint=f"Check that ocr.{setting}_url and ocr.{setting}_model point at a "
            f"{self.detector} NIM.",
        )

    def __repr__(self) -> str:
        return f"DetectionClient({self.endpoint!r}, {self.detector!r})"


def _boxes(item: dict[str, Any]) -> dict[str, list[Box]]:
    """One image's boxes; ``{}`` (or classes left out) is the answer for nothing found."""
    out: dict[str, list[Box]] = {}
    for label, raw_boxes in (item.get("bounding_boxes") or {}).items():
        boxes = []
        for raw in raw_boxes or []:
            box = Box(
                float(raw["x_min"]),
                float(raw["y_min"]),
                float(raw["x_max"]),
                float(raw["y_max"]),
                float(raw.get("confidence", 1.0)),
            )
            # Clipped to the image; an empty or inverted box is no region.
            box = Box(
                max(0.0, box.x_min),
                max(0.0, box.y_min),
                min(1.0, box.x_max),
                min(1.0, box.y_max),
                box.confidence,
            )
            if box.x_max > box.x_min and box.y_max > box.y_min:
                boxes.append(box)
        out[str(label)] = boxes
    return out
