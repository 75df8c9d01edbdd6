"""POST /v1/ranking (local) or the hosted per-model reranking URL: nim-api.md §2."""

from __future__ import annotations

from typing import Any

from tests.nimsim.config import HOSTED, SimConfig
from tests.nimsim.lexical import features
from tests.nimsim.responses import (
    HttpError,
    Reply,
    go_not_found,
    json_reply,
    retrieval_error,
    validation_message,
)
from tests.nimsim.tokens import count_tokens, truncate_tokens

__all__ = ["handle_ranking", "score"]

_FIELDS = frozenset({"model", "query", "passages", "truncate"})


def score(query: str, passage: str) -> float:
    """Return a deterministic logit, positive (as a real reranker's) when the passage holds most
    of the query's words: -5 with none of them, +3 with all, plus up to 2 for their density."""
    wanted = set(features(query))
    found = features(passage)
    if not wanted or not found:
        return -10.0
    coverage = len(wanted.intersection(found)) / len(wanted)
    density = sum(1 for f in found if f in wanted) / len(found)
    return -5.0 + 8.0 * coverage + 2.0 * density


def _bad(config: SimConfig, loc: tuple[Any, ...], kind: str, msg: str, **extra: Any) -> HttpError:
    return HttpError(retrieval_error(config, 400, validation_message(loc, kind, msg, **extra)))


def _text_of(obj: Any, config: SimConfig, loc: tuple[Any, ...]) -> str:
    if not isinstance(obj, dict):
        raise _bad(config, loc, "model_attributes_type", "Input should be a valid dictionary")
    text = obj.get("text")
    if not isinstance(text, str):
        kind, msg = (
            ("missing", "Field required")
            if text is None
            else ("string_type", "Input should be a valid string")
        )
        raise _bad(config, (*loc, "text"), kind, msg)
    return text


def _validate(body: Any, config: SimConfig) -> tuple[str, list[str], str]:
    if not isinstance(body, dict):
        raise _bad(config, (), "model_attributes_type", "Input should be a valid dictionary")
    for name in body:
        if name not in _FIELDS:
            raise _bad(config, (name,), "extra_forbidden", "Extra inputs are not permitted")
    model = body.get("model")
    if not isinstance(model, str):
        raise _bad(config, ("model",), "missing", "Field required")
    if model != config.rerank_model:
        if config.profile == HOSTED:
            raise HttpError(go_not_found())
        raise HttpError(retrieval_error(config, 404, f"The model `{model}` does not exist."))
    if "query" not in body:
        raise _bad(config, ("query",), "missing", "Field required")
    query = _text_of(body["query"], config, ("query",))
    passages = body.get("passages")
    if not isinstance(passages, list):
        raise _bad(config, ("passages",), "list_type", "Input should be a valid list")
    cap = config.passages_cap()
    if not 1 <= len(passages) <= cap:
        kind, msg = (
            ("too_short", "List should have at least 1 item after validation, not 0")
            if not passages
            else (
                "too_long",
                f"List should have at most {cap} items after validation, not {len(passages)}",
            )
        )
        raise _bad(config, ("passages",), kind, msg)
    texts = [_text_of(p, config, ("passages", i)) for i, p in enumerate(passages)]
    truncate = body.get("truncate") or config.rerank_default_truncate()
    if truncate not in ("NONE", "END"):
        raise _bad(
            config,
            ("truncate",),
            "enum",
            "Input should be 'NONE' or 'END'",
            input=truncate,
            ctx={"expected": "'NONE' or 'END'"},
        )
    return query, texts, truncate


def handle_ranking(body: Any, config: SimConfig) -> Reply:
    """Validate a ranking request and answer {"rankings":[{index, logit}]}, best first."""
    query, texts, truncate = _validate(body, config)
    limit = config.rerank_max_tokens
    query_tokens = count_tokens(query)
    scored: list[tuple[float, int]] = []
    total = 0
    for index, passage in enumerate(texts):
        pair = query_tokens + count_tokens(passage)
        q = query
        if pair > limit:
            if truncate == "NONE":
                raise HttpError(
                    retrieval_error(
                        config,
                        400,
                        f"Input length {pair} exceeds maximum allowed token size {limit}",
                    )
                )
            # "truncated from the right, starting with the passage" (support matrix, §2.2).
            passage = truncate_tokens(passage, max(limit - query_tokens, 0), "END")
            q = truncate_tokens(query, limit, "END")
            pair = count_tokens(q) + count_tokens(passage)
        total += pair
        scored.append((score(q, passage), index))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return json_reply(
        200,
        {
            "rankings": [{"index": index, "logit": logit} for logit, index in scored],
            "usage": {"prompt_tokens": total, "total_tokens": total},
        },
    )
