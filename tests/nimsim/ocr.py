"""POST /v1/ocr (2.0), /v1/infer (1.x) or hosted /v1/cv/<publisher>/<model>: nim-ocr.md §2-4, §8.

What it checks: ``input`` is a non-empty list (at most ``ocr_max_images``) of ``image_url``
objects whose ``url`` is a ``data:image/(png|jpeg);base64,`` URL decoding to a real PNG or JPEG
of that type; ``merge_levels``, when sent, has one allowed value per image; hosted images over
the 180,000-character base64 cap. Any failure is a FastAPI-style 422 ``{"detail": [...]}``.

What it answers: one ``data[i]`` per image with ``index``, each detection a normalized TL-TR-BR-BL
quadrilateral with a confidence, in shuffled order when ``ocr_shuffle`` (the client must sort).
The text is deterministic: pages registered in ``ocr_pages`` (keyed by ``page_key``, a perceptual
hash that survives re-encoding and rescaling) answer their lines; others answer one line naming
their key.
"""

from __future__ import annotations

import base64
import binascii
import io
import random
import re
from typing import Any

from tests.nimsim.config import HOSTED, SimConfig
from tests.nimsim.responses import HttpError, Reply, json_reply

__all__ = ["OcrLine", "decode_image", "handle_ocr", "invalid", "page_key"]

# A line of a registered page: its text, and its box (x0, y0, x1, y1), normalized; None lays the
# lines out one under the other across the page.
OcrLine = tuple[str, tuple[float, float, float, float] | None]

_DATA_URL = re.compile(r"^data:(image/png|image/jpeg);base64,(.*)$", re.S)
_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_MERGE_LEVELS = ("word", "sentence", "paragraph")
HOSTED_B64_CAP = 180_000
_MATCH_BITS = 10  # a registered page matches within this many differing hash bits (of 256)


def page_key(image: Any) -> str:
    """A 256-bit average hash of a PIL image (16x16 grey, above/below the mean), hex."""
    small = image.convert("L").resize((16, 16))
    pixels = list(small.tobytes())
    mean = sum(pixels) / len(pixels)
    bits = "".join("1" if p > mean else "0" for p in pixels)
    return f"{int(bits, 2):064x}"


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def invalid(loc: tuple[Any, ...], msg: str, kind: str = "value_error") -> HttpError:
    """A FastAPI-style 422 for the request field at ``loc``."""
    detail = [{"loc": ["body", *loc], "msg": msg, "type": kind}]
    return HttpError(json_reply(422, {"detail": detail}))


def decode_image(item: Any, i: int, config: SimConfig) -> Any:
    """The PIL image an ``input[i]`` item carries; 422 for anything the NIM would refuse."""
    from PIL import Image

    if not isinstance(item, dict) or item.get("type") != "image_url":
        raise invalid(("input", i, "type"), "The only supported type is image_url.")
    url = item.get("url")
    if not isinstance(url, str):
        raise invalid(("input", i, "url"), "Field required", "missing")
    if ";asset_id," in url:
        raise invalid(("input", i, "url"), "invalid image URLs: asset references are refused")
    match = _DATA_URL.match(url)
    if match is None:
        raise invalid(("input", i, "url"), "invalid image URLs: expected data:image/png|jpeg")
    mime, b64 = match.groups()
    if config.profile == HOSTED and len(b64) >= config.ocr_max_b64:
        raise invalid(("input", i, "url"), "invalid image URLs: the image is too large")
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        raise invalid(("input", i, "url"), "invalid image URLs: bad base64") from None
    if not raw.startswith(_MAGIC[mime]):
        raise invalid(("input", i, "url"), "invalid image URLs: the media type does not match")
    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
    except Exception:
        raise invalid(("input", i, "url"), "invalid image URLs: not a decodable image") from None
    return image


def _lines_for(image: Any, config: SimConfig) -> list[OcrLine]:
    key = page_key(image)
    best = min(config.ocr_pages, key=lambda k: _distance(k, key), default=None)
    if best is not None and _distance(best, key) <= _MATCH_BITS:
        return list(config.ocr_pages[best])
    return [(f"page {key[:12]}", None)]


def _detection(text: str, box: tuple[float, float, float, float], rng: random.Random) -> dict:
    x0, y0, x1, y1 = box
    points = [{"x": x0, "y": y0}, {"x": x1, "y": y0}, {"x": x1, "y": y1}, {"x": x0, "y": y1}]
    confidence = round(0.9 + 0.09 * rng.random(), 4)
    return {
        "text_prediction": {"text": text, "confidence": confidence},
        "bounding_box": {"points": points},
    }


def _page(image: Any, index: int, config: SimConfig) -> dict[str, Any]:
    lines = _lines_for(image, config)
    rng = random.Random(f"{page_key(image)}:{index}")
    detections = []
    step = 0.9 / max(len(lines), 1)
    for n, (text, box) in enumerate(lines):
        box = box or (0.05, 0.05 + n * step, 0.95, 0.05 + n * step + step * 0.8)
        detections.append(_detection(text, box, rng))
    if config.ocr_nan_detection:
        detections.append(
            {
                "text_prediction": {"text": "nan", "confidence": 0.0},
                "bounding_box": {"points": "nan"},
            }
        )
    if config.ocr_shuffle:
        rng.shuffle(detections)
    return {"index": index, "text_detections": detections}


def handle_ocr(body: Any, config: SimConfig) -> Reply:
    """Answer one OCR request (auth, throttling and cold start are the server's)."""
    if not isinstance(body, dict):
        raise invalid((), "Input should be a valid dictionary", "model_attributes_type")
    inputs = body.get("input")
    if not isinstance(inputs, list) or not inputs:
        raise invalid(("input",), "Input should be a non-empty list", "too_short")
    if len(inputs) > config.ocr_max_images:
        raise invalid(("input",), f"At most {config.ocr_max_images} images per request")
    levels = body.get("merge_levels")
    if levels is not None and (
        not isinstance(levels, list)
        or len(levels) != len(inputs)
        or any(level not in _MERGE_LEVELS for level in levels)
    ):
        raise invalid(("merge_levels",), "One of word, sentence, paragraph per input image")
    images = [decode_image(item, i, config) for i, item in enumerate(inputs)]
    data = [_page(image, i, config) for i, image in enumerate(images)]
    size_mb = sum(len(str(item.get("url", ""))) for item in inputs) * 3 / 4 / 1e6
    return json_reply(200, {"data": data, "usage": {"images_size_mb": round(size_mb, 4)}})
