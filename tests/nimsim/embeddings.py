"""POST /v1/embeddings: validation per nim-api.md §1 and deterministic lexical vectors."""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from collections import Counter
from typing import Any

from tests.nimsim.config import HOSTED, SimConfig
from tests.nimsim.lexical import content_features, features
from tests.nimsim.responses import (
    HttpError,
    Reply,
    go_not_found,
    json_reply,
    retrieval_error,
    validation_message,
)
from tests.nimsim.tokens import count_tokens, truncate_tokens

__all__ = ["embed_text", "handle_embeddings", "hash_bucket"]

_FIELDS = frozenset(
    {"model", "input", "input_type", "truncate", "encoding_format", "dimensions", "user"}
)
_INPUT_TYPES = ("query", "passage")
_TRUNCATES = ("NONE", "START", "END")
# Weight of the input_type-dependent part relative to the unit lexical part: query and passage of
# one text then have cosine of about 1 / (1 + 0.3**2) = 0.92, close but never equal.
_INPUT_TYPE_WEIGHT = 0.3
_INPUT_TYPE_FEATURES = 8
_LOCAL_MISSING_INPUT_TYPE = (
    "The model expects an input_type from one of `passage` or `query` but none was provided."
)
_HOSTED_MISSING_INPUT_TYPE = "'input_type' parameter is required for asymmetric models"


def hash_bucket(feature: str, dimensions: int) -> tuple[int, float]:
    """Return a stable (index, sign) for `feature` in a vector of `dimensions` (signed hashing)."""
    # hashlib, not hash(): Python's str hash is salted per process, and vectors must be stable.
    value = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
    return value % dimensions, (1.0 if value >> 63 else -1.0)


def _unit(vec: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vec))
    return [x / norm for x in vec] if norm else vec


def embed_text(
    text: str, dimensions: int, input_type: str | None, content_words: bool = False
) -> list[float]:
    """Return the deterministic unit vector of `text`: hashed words plus an input_type part
    (``content_words``: only the words that carry meaning, as the demo NIM does)."""
    words = content_features(text) if content_words else features(text)
    counts = Counter(words) or Counter([text.strip()])
    lexical = [0.0] * dimensions
    for feature, n in counts.items():
        index, sign = hash_bucket(feature, dimensions)
        lexical[index] += sign * (1.0 + math.log(n))  # repeats count, but less than new words
    typed = [0.0] * dimensions
    for k in range(_INPUT_TYPE_FEATURES):
        index, sign = hash_bucket(f"\x00{input_type}\x00{k}\x00{text}", dimensions)
        typed[index] += sign
    lexical, typed = _unit(lexical), _unit(typed)
    vec = _unit([a + _INPUT_TYPE_WEIGHT * b for a, b in zip(lexical, typed, strict=True)])
    if not any(vec):  # a 1-d vector where both parts cancelled: still return a unit vector
        vec[0] = 1.0
    # Round to float32 so the float and base64 encodings carry exactly the same numbers.
    return list(struct.unpack(f"<{dimensions}f", struct.pack(f"<{dimensions}f", *vec)))


def _bad(config: SimConfig, message: str) -> HttpError:
    return HttpError(retrieval_error(config, 400, message))


def _model_and_suffix_type(body: dict[str, Any], config: SimConfig) -> str | None:
    """Check `model`; return the input_type implied by a -query/-passage suffix (local only)."""
    model = body.get("model")
    if not isinstance(model, str):
        kind, msg = ("missing", "Field required") if model is None else ("string_type", "")
        raise _bad(
            config, validation_message(("model",), kind, msg or "Input should be a valid string")
        )
    if model == config.embed_model:
        return None
    if config.profile != HOSTED:
        # Self-hosted NIMs accept "<model>-query" / "<model>-passage" for strict OpenAI clients.
        for input_type in _INPUT_TYPES:
            if model == f"{config.embed_model}-{input_type}":
                return input_type
        raise HttpError(retrieval_error(config, 404, f"The model `{model}` does not exist."))
    raise HttpError(go_not_found())


def _inputs(body: dict[str, Any], config: SimConfig) -> list[str]:
    raw = body.get("input")
    if raw is None:
        raise _bad(config, validation_message(("input",), "missing", "Field required"))
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise _bad(
            config, validation_message(("input",), "list_type", "Input should be a valid list")
        )
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise _bad(
                config,
                validation_message(
                    ("input", i), "string_type", "Input should be a valid string", input=item
                ),
            )
    if not items:
        raise _bad(
            config,
            validation_message(
                ("input",), "too_short", "List should have at least 1 item after validation, not 0"
            ),
        )
    if len(items) > config.max_batch:
        raise _bad(
            config,
            validation_message(
                ("input",),
                "too_long",
                f"List should have at most {config.max_batch} items after validation, "
                f"not {len(items)}",
            ),
        )
    return items


def _enum(body: dict[str, Any], config: SimConfig, name: str, allowed: tuple[str, ...]) -> Any:
    value = body.get(name)
    if value is not None and value not in allowed:
        expected = ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}"
        raise _bad(
            config,
            validation_message(
                (name,),
                "enum",
                f"Input should be {expected}",
                input=value,
                ctx={"expected": expected},
            ),
        )
    return value


def _dimensions(body: dict[str, Any], config: SimConfig, native: int, matryoshka: bool) -> int:
    if "dimensions" not in body or body["dimensions"] is None:
        return native
    value = body["dimensions"]
    if not matryoshka:
        raise _bad(
            config,
            validation_message(
                ("dimensions",), "extra_forbidden", "Extra inputs are not permitted", input=value
            ),
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(
            config,
            validation_message(
                ("dimensions",), "int_type", "Input should be a valid integer", input=value
            ),
        )
    if value <= 0:
        raise _bad(
            config,
            validation_message(
                ("dimensions",),
                "greater_than",
                "Input should be greater than 0",
                input=value,
                ctx={"gt": 0},
            ),
        )
    if value > native:
        if config.clamp_dimensions:
            return native
        raise _bad(
            config,
            validation_message(
                ("dimensions",),
                "less_than_equal",
                f"Input should be less than or equal to {native}",
                input=value,
                ctx={"le": native},
            ),
        )
    return value


def handle_embeddings(body: Any, config: SimConfig) -> Reply:
    """Validate an embeddings request and answer with OpenAI-shaped deterministic vectors."""
    if not isinstance(body, dict):
        raise _bad(
            config,
            validation_message((), "model_attributes_type", "Input should be a valid dictionary"),
        )
    for name in body:
        if name not in _FIELDS:
            raise _bad(
                config,
                validation_message(
                    (name,), "extra_forbidden", "Extra inputs are not permitted", input=body[name]
                ),
            )
    suffix_type = _model_and_suffix_type(body, config)
    backend = config.embed_backend
    spec = backend.spec if backend is not None else config.embed_model_spec()
    max_tokens = config.embed_max_tokens or spec.max_tokens
    texts = _inputs(body, config)
    input_type = _enum(body, config, "input_type", _INPUT_TYPES) or suffix_type
    if input_type is None and spec.asymmetric:
        if config.profile == HOSTED:
            raise _bad(config, _HOSTED_MISSING_INPUT_TYPE)
        raise _bad(config, _LOCAL_MISSING_INPUT_TYPE)
    truncate = _enum(body, config, "truncate", _TRUNCATES) or "NONE"
    encoding = _enum(body, config, "encoding_format", ("float", "base64")) or "float"
    dimensions = _dimensions(body, config, spec.dimensions, spec.matryoshka)
    if not isinstance(body.get("user", ""), str):
        raise _bad(
            config,
            validation_message(
                ("user",), "string_type", "Input should be a valid string", input=body["user"]
            ),
        )

    total = 0
    accepted: list[str] = []
    for text in texts:
        n = count_tokens(text)
        if n > max_tokens:
            if truncate == "NONE":
                raise _bad(
                    config, f"Input length {n} exceeds maximum allowed token size {max_tokens}"
                )
            text = truncate_tokens(text, max_tokens, truncate)
            n = count_tokens(text)
        total += n
        accepted.append(text)
    typed = None if config.embed_ignores_input_type else input_type
    if backend is not None:
        vectors = [vec[:dimensions] for vec in backend.embed(accepted, typed)]
    else:
        content = config.embed_content_words
        vectors = [embed_text(text, dimensions, typed, content) for text in accepted]
    data: list[dict[str, Any]] = []
    for index, vec in enumerate(vectors):
        embedding: list[float] | str = vec
        if encoding == "base64":
            embedding = base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode("ascii")
        data.append({"object": "embedding", "index": index, "embedding": embedding})
    return json_reply(
        200,
        {
            "object": "list",
            "data": data,
            "model": config.embed_model,
            "usage": {"prompt_tokens": total, "total_tokens": total},
        },
    )
