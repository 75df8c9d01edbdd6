"""Follow-up questions rewritten into standalone ones, so retrieval finds what "it" refers to."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from desktop_app.core.chat.context import truncate_to_tokens
from desktop_app.core.errors import TroveError
from desktop_app.core.nim.chat import ChatParams, ChatResult, Message

__all__ = ["REWRITE_INSTRUCTION", "fallback_question", "standalone_question"]

log = logging.getLogger(__name__)

REWRITE_INSTRUCTION = (
    "Rewrite the user's last question as one standalone question that can be understood "
    "without the conversation: replace pronouns and vague references with what they refer to. "
    "Keep the question's language. Reply with the question only, no explanation."
)
_TURNS = 6  # recent messages shown to the rewriter: enough for "it" to resolve
_TURN_TOKENS = 200  # long answers are cut: the topic is in their first lines
_REWRITE_MAX_TOKENS = 96


class Completer(Protocol):
    """The part of ChatClient the rewriter needs."""

    def complete(
        self, messages: Sequence[Message], params: ChatParams | None = None
    ) -> ChatResult: ...


def fallback_question(history: Sequence[Mapping[str, Any]], question: str) -> str:
    """The last user question and the follow-up joined: crude, but keeps the topic's words."""
    for message in reversed(history):
        if message.get("role") == "user":
            return f"{message.get('content', '')} {question}".strip()
    return question


def standalone_question(
    client: Completer,
    history: Sequence[Mapping[str, Any]],
    question: str,
    params: ChatParams,
) -> str:
    """``question`` made standalone with the chat model; the fallback when that fails."""
    if not history:
        return question
    transcript = "\n".join(
        f"{m.get('role')}: {truncate_to_tokens(str(m.get('content') or ''), _TURN_TOKENS)}"
        for m in history[-_TURNS:]
    )
    messages = [
        {"role": "system", "content": REWRITE_INSTRUCTION},
        {
            "role": "user",
            "content": f"Conversation:\n{transcript}\n\nLast question: {question}",
        },
    ]
    small = ChatParams(
        max_tokens=_REWRITE_MAX_TOKENS, temperature=0.0, top_p=params.top_p, seed=params.seed
    )
    try:
        result = client.complete(messages, small)
    except TroveError as exc:
        log.info("question rewrite failed, using the fallback: %s", exc)
        return fallback_question(history, question)
    rewritten = result.text.strip().strip('"').strip()
    if not rewritten or result.finish_reason == "length" or "\n" in rewritten:
        return fallback_question(history, question)
    return rewritten
