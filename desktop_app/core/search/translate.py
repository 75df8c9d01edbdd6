"""Queries translated through the chat NIM, so a question finds answers written in another language.

A multilingual embedding model places a question closer to passages in its own language than to
the passage in another language that answers it: measured with multilingual-e5-small, a Korean
question never ranked the English-only answer in the first 10, and even among English pages
alone the answer came first rarely (docs/benchmarks-retrieval.md). Keyword search cannot cross
languages at all. A translated query searches each language on its own terms, in both halves.

Off unless ``search.translate_to`` names languages and a chat NIM is configured. A query already
written in a language's script is not translated into it. A translation that fails or looks
wrong (empty, cut short, several lines) is skipped: search goes on with the query as typed.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from desktop_app.core.errors import TroveError
from desktop_app.core.nim.chat import ChatParams, ChatResult, Message
from desktop_app.core.text.script import LANGUAGES, dominant_script

__all__ = ["QueryTranslator", "translation_targets"]

log = logging.getLogger(__name__)

_INSTRUCTION = (
    "Translate the user's search query into {language}. Keep names, commands, file names, "
    "code and numbers as they are. Reply with the translation only, on one line."
)
_MAX_TOKENS = 96
_CACHE = 256  # translations remembered: typing back and forth never asks twice


class Completer(Protocol):
    """The part of ChatClient the translator needs."""

    def complete(
        self, messages: Sequence[Message], params: ChatParams | None = None
    ) -> ChatResult: ...


def translation_targets(query: str, languages: Sequence[str]) -> list[str]:
    """The languages of ``languages`` the query is not already written in (by script)."""
    script = dominant_script(query)
    return [code for code in languages if code in LANGUAGES and LANGUAGES[code][1] != script]


class QueryTranslator:
    """Translates queries into the configured languages with the chat NIM; remembers them."""

    def __init__(self, client: Completer, languages: Sequence[str]) -> None:
        self.client = client
        self.languages = [code for code in languages if code in LANGUAGES]
        self._cache: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._lock = threading.Lock()

    def translations(self, query: str) -> list[str]:
        """The query in each target language it is not written in; failures are left out."""
        out = []
        for code in translation_targets(query, self.languages):
            text = self._translate(query, code)
            if text and text.casefold() != query.casefold():
                out.append(text)
        return out

    def _translate(self, query: str, code: str) -> str | None:
        key = (code, query)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        text = self._ask(query, code)
        if text is None:  # not remembered: the NIM may be back for the next search
            return None
        with self._lock:
            self._cache[key] = text
            while len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        return text

    def _ask(self, query: str, code: str) -> str | None:
        messages = [
            {"role": "system", "content": _INSTRUCTION.format(language=LANGUAGES[code][0])},
            {"role": "user", "content": query},
        ]
        try:
            result = self.client.complete(
                messages, ChatParams(max_tokens=_MAX_TOKENS, temperature=0.0)
            )
        except TroveError as exc:
            log.info("query translation into %s failed; searching without it: %s", code, exc)
            return None
        text = result.text.strip().strip('"').strip()
        if not text or result.finish_reason == "length" or "\n" in text:
            return None
        return text
