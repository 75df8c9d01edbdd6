"""POST /v1/page-elements and /v1/table-structure (2.0), /v1/infer (1.x) or hosted
/v1/cv/<publisher>/<model>: the object-detection NIMs of nim-ocr.md §1, §3.2, §8.

Requests are checked as OCR's are (``tests.nimsim.ocr.decode_image``: image_url data URLs of real
PNG/JPEG, the hosted cap, asset ids refused, at most ``ocr_max_images``), any failure a 422.
A 2.0 route whose model is not loaded (``detect_models``) answers 404 naming the loaded ones.

What it answers: one ``data[i]`` per image with ``index`` and ``bounding_boxes`` by class, every
box ``{x_min, y_min, x_max, y_max, confidence}`` normalized to the image; nothing found is
``{}``. Answers are deterministic: an image registered in ``detect_pages`` (by ``page_key``)
gets its registered boxes; any other is looked at for **ruled tables** (dark lines, as the test
PDFs draw them): page elements answers each grid's ``table`` box, table structure answers the
``row``, ``column`` and ``cell`` boxes between the rules of a table crop, its first row as
``header`` and the grid as ``border``.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.nimsim.config import SimConfig
from tests.nimsim.ocr import decode_image, invalid, page_key
from tests.nimsim.responses import HttpError, Reply, json_reply

__all__ = ["find_rules", "handle_page_elements", "handle_table_structure", "not_loaded"]

Span = tuple[int, int]


def _runs(flags: Any) -> list[Span]:
    """(first, last) index of each run of True."""
    out: list[Span] = []
    start = None
    for i, flag in enumerate(flags):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i - 1))
            start = None
    if start is not None:
        out.append((start, len(flags) - 1))
    return out


def find_rules(dark: Any, axis: int, share: float) -> list[Span]:
    """Thin dark lines across at least ``share`` of the image: rows (``axis`` 1) or columns
    (``axis`` 0); a thick band (a filled box, a photo) is no rule."""
    fraction = dark.mean(axis=axis)
    thin = max(3, int(0.012 * dark.shape[1 - axis]))
    return [(a, b) for a, b in _runs(fraction >= share) if b - a + 1 <= thin]


def _dark(image: Any) -> Any:
    import numpy as np

    return np.asarray(image.convert("L")) < 128


def _tables(image: Any) -> list[dict[str, float]]:
    """The ruled grids of a page: horizontal rules of one width stacked, closed by vertical ones."""
    dark = _dark(image)
    h, w = dark.shape
    rules = []
    for y0, y1 in find_rules(dark, 1, 0.2):
        xs = dark[y0 : y1 + 1].any(axis=0).nonzero()[0]
        rules.append((y0, y1, int(xs.min()), int(xs.max())))
    groups: list[list[tuple[int, int, int, int]]] = []
    for rule in rules:
        last = groups[-1][-1] if groups else None
        if last and abs(rule[2] - last[2]) <= 0.02 * w and abs(rule[3] - last[3]) <= 0.02 * w:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    out = []
    for group in groups:
        if len(group) < 2:
            continue
        top, bottom = group[0][0], group[-1][1]
        left, right = min(r[2] for r in group), max(r[3] for r in group)
        verticals = find_rules(dark[top : bottom + 1, left : right + 1], 0, 0.9)
        if len(verticals) < 2:
            continue
        out.append(
            {
                "x_min": round(max(0, left - 4) / w, 4),
                "y_min": round(max(0, top - 4) / h, 4),
                "x_max": round(min(w, right + 5) / w, 4),
                "y_max": round(min(h, bottom + 5) / h, 4),
                "confidence": 0.93,
            }
        )
    return out


def _structure(image: Any) -> dict[str, list[dict[str, float]]]:
    """Rows, columns, cells, header and border of a ruled table crop."""
    dark = _dark(image)
    h, w = dark.shape
    across = find_rules(dark, 1, 0.5)
    down = find_rules(dark, 0, 0.5)
    if len(across) < 2 or len(down) < 2:
        return {}

    def box(x0: int, y0: int, x1: int, y1: int, confidence: float) -> dict[str, float]:
        return {
            "x_min": round(x0 / w, 4),
            "y_min": round(y0 / h, 4),
            "x_max": round(x1 / w, 4),
            "y_max": round(y1 / h, 4),
            "confidence": confidence,
        }

    rows = [(a[1] + 1, b[0] - 1) for a, b in itertools.pairwise(across)]
    columns = [(a[1] + 1, b[0] - 1) for a, b in itertools.pairwise(down)]
    left, right, top, bottom = down[0][0], down[-1][1], across[0][0], across[-1][1]
    return {
        "border": [box(left, top, right, bottom, 0.97)],
        "row": [box(left, y0, right, y1, 0.9) for y0, y1 in rows],
        "column": [box(x0, top, x1, bottom, 0.9) for x0, x1 in columns],
        "cell": [box(x0, y0, x1, y1, 0.88) for y0, y1 in rows for x0, x1 in columns],
        "header": [box(left, rows[0][0], right, rows[0][1], 0.85)],
    }


def not_loaded(detector: str, config: SimConfig) -> Reply:
    """The 2.0 container's 404 for a route whose model it does not serve."""
    loaded = ", ".join(config.detect_models) or "none"
    return json_reply(
        404, {"detail": f"Model for /v1/{detector} is not loaded. Available models: {loaded}"}
    )


def _answer(body: Any, config: SimConfig, find: Any) -> Reply:
    if not isinstance(body, dict):
        raise invalid((), "Input should be a valid dictionary", "model_attributes_type")
    inputs = body.get("input")
    if not isinstance(inputs, list) or not inputs:
        raise invalid(("input",), "Input should be a non-empty list", "too_short")
    if len(inputs) > config.ocr_max_images:
        raise invalid(("input",), f"At most {config.ocr_max_images} images per request")
    images = [decode_image(item, i, config) for i, item in enumerate(inputs)]
    data = []
    for index, image in enumerate(images):
        registered = config.detect_pages.get(page_key(image))
        boxes = dict(registered) if registered is not None else find(image)
        data.append({"index": index, "bounding_boxes": boxes})
    return json_reply(200, {"data": data})


def handle_page_elements(body: Any, config: SimConfig) -> Reply:
    """Answer a page-elements request: each page's ``table`` boxes (nothing else is drawn)."""
    if "page-elements" not in config.detect_models:
        raise HttpError(not_loaded("page-elements", config))

    def find(image: Any) -> dict[str, list[dict[str, float]]]:
        tables = _tables(image)
        return {"table": tables} if tables else {}

    return _answer(body, config, find)


def handle_table_structure(body: Any, config: SimConfig) -> Reply:
    """Answer a table-structure request: the grid of each table crop."""
    if "table-structure" not in config.detect_models:
        raise HttpError(not_loaded("table-structure", config))
    return _answer(body, config, _structure)
