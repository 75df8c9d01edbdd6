"""Fitting history and sources into the chat model's context window.

The window is the NIM's ``max_model_len`` when it reports one, else the ``chat.context_tokens``
setting, else 8192. The answer's ``max_tokens``, the question, the history and the prompt's own
words are reserved first; sources fill what is left, best first, and never push the request over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.core.chat.prompt import format_source, system_prompt
from desktop_app.core.chat.sources import Source
from desktop_app.core.ingest.tokens import TOKEN_RE, estimate_tokens

__all__ = [
    "DEFAULT_CONTEXT_TOKENS",
    "MESSAGE_OVERHEAD_TOKENS",
    "Passage",
    "answer_tokens",
    "context_window",
    "fit_history",
    "fit_sources",
    "message_tokens",
    "truncate_to_tokens",
]

DEFAULT_CONTEXT_TOKENS = 8192
# Chat templates wrap each message in role markers; vLLM adds a handful of tokens per message.
MESSAGE_OVERHEAD_TOKENS = 8
# Our estimate is not the model's tokenizer: keep a margin so an estimate a little low still fits.
_MARGIN_FRACTION = 0.05
_MIN_MARGIN = 16
# A passage cut to fewer tokens than this says too little to be worth a source number.
_MIN_PASSAGE_TOKENS = 24


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk before numbering: where it is and what it says; ``score`` is its
    relevance to the question on the scale ``scored_by`` names ("rerank", "similarity"; None when
    unknown), and ``relevant`` False for a passage kept only to show as nearest."""

    path: str
    location: str
    text: str
    chunk_id: int | None = None
    score: float | None = None
    scored_by: str | None = None
    relevant: bool = True


def context_window(model_len: int | None, setting: int | None) -> int:
    """The context size: the NIM's own figure, else the setting, else 8192."""
    if model_len:
        return model_len
    if setting:
        return int(setting)
    return DEFAULT_CONTEXT_TOKENS


def answer_tokens(window: int, max_tokens: int) -> int:
    """The completion budget: ``max_tokens``, but never more than half a small window."""
    return max(1, min(max_tokens, window // 2))


def message_tokens(messages: Sequence[Mapping[str, Any]]) -> int:
    """Estimated prompt tokens of ``messages`` including per-message overhead."""
    return sum(
        estimate_tokens(str(m.get("content") or "")) + MESSAGE_OVERHEAD_TOKENS for m in messages
    )


def _margin(window: int) -> int:
    return max(_MIN_MARGIN, int(window * _MARGIN_FRACTION))


def fit_history(
    history: Sequence[Mapping[str, Any]], window: int, reserved: int
) -> list[Mapping[str, Any]]:
    """The most recent turns that fit in a third of what ``reserved`` leaves (sources need room)."""
    budget = (window - reserved - _margin(window)) // 3
    kept: list[Mapping[str, Any]] = []
    used = 0
    for message in reversed(history):
        cost = message_tokens([message])
        if used + cost > budget:
            break
        kept.append(message)
        used += cost
    kept.reverse()
    # A history must not open with an answer whose question was dropped.
    while kept and kept[0].get("role") == "assistant":
        kept.pop(0)
    return kept


def truncate_to_tokens(text: str, tokens: int) -> str:
    """``text`` cut after its first ``tokens`` estimated tokens."""
    if tokens <= 0:
        return ""
    end = 0
    for n, match in enumerate(TOKEN_RE.finditer(text), 1):
        end = match.end()
        if n >= tokens:
            break
    return text[:end]


def fit_sources(
    passages: Sequence[Passage],
    window: int,
    reserved: int,
    language: str = "auto",
    max_sources: int | None = None,
) -> list[Source]:
    """Number the best passages that fit beside ``reserved`` tokens (answer + other messages).

    Passages are taken in order; one that does not fit is cut to the space left if enough
    remains, else skipped for a shorter one further down.
    """
    empty_prompt = estimate_tokens(system_prompt([], language)) + MESSAGE_OVERHEAD_TOKENS
    left = window - reserved - empty_prompt - _margin(window)
    chosen: list[Source] = []
    for passage in passages:
        if max_sources is not None and len(chosen) >= max_sources:
            break
        number = len(chosen) + 1
        source = Source(number, passage.path, passage.location, passage.text, passage.chunk_id)
        # +2: the blank line that separates two sources
        cost = estimate_tokens(format_source(source)) + 2
        if cost > left:
            header = (
                estimate_tokens(format_source(Source(number, passage.path, passage.location, "")))
                + 2
            )
            room = left - header
            if room < _MIN_PASSAGE_TOKENS:
                continue
            source = Source(
                number,
                passage.path,
                passage.location,
                truncate_to_tokens(passage.text, room),
                passage.chunk_id,
            )
            cost = estimate_tokens(format_source(source)) + 2
            if cost > left:
                continue
        chosen.append(source)
        left -= cost
    return chosen
