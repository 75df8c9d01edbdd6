"""Whole-collection questions by map-reduce: one extract per file, then one answer over them.

Top-k retrieval sees a handful of chunks, so "summarise / list / compare all files" fails with it
(users.md complaint 10). Here every file in scope gets its own short chat call that extracts what
it says about the question; the extracts become the numbered sources of the final answer.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core import events
from desktop_app.core.chat.context import (
    Passage,
    answer_tokens,
    message_tokens,
    truncate_to_tokens,
)
from desktop_app.core.chat.prompt import language_rule
from desktop_app.core.chat.rewrite import Completer
from desktop_app.core.events import Emit
from desktop_app.core.ingest.tokens import estimate_tokens
from desktop_app.core.nim.chat import ChatParams

__all__ = ["EXTRACT_TEMPLATE", "NOTHING", "FileText", "extract_from_files"]

NOTHING = "NOTHING"

EXTRACT_TEMPLATE = """\
You read one file for a question about a whole collection of files.
Write down, briefly and faithfully, everything this file says that helps answer the question:
facts, names, numbers, short quotes. Use only the file's text.
If the file says nothing relevant, reply with the single word {nothing}.
{language_rule}

File: {name}

{text}
"""
_EXTRACT_MAX_TOKENS = 256


@dataclass(frozen=True)
class FileText:
    """One file's text (its chunks joined) for the map step."""

    path: str
    text: str


def extract_from_files(
    client: Completer,
    files: Sequence[FileText],
    question: str,
    window: int,
    params: ChatParams,
    language: str = "auto",
    emit: Emit = events.ignore,
    cancel: threading.Event | None = None,
) -> list[Passage]:
    """The map step: one extract per file that has something to say, in file order."""
    out: list[Passage] = []
    completion = answer_tokens(window, _EXTRACT_MAX_TOKENS)
    small = ChatParams(max_tokens=completion, temperature=params.temperature, seed=params.seed)
    emit(events.progress("chat.extract", 0, len(files)))
    for done, file in enumerate(files, 1):
        if cancel is not None and cancel.is_set():
            break
        name = file.path.rsplit("/", 1)[-1]
        question_msg = {"role": "user", "content": question}
        empty = EXTRACT_TEMPLATE.format(
            nothing=NOTHING, language_rule=language_rule(language), name=name, text=""
        )
        room = (
            window
            - completion
            - message_tokens([question_msg, {"content": empty}])
            - max(16, window // 20)
        )
        text = truncate_to_tokens(file.text, room)
        system = EXTRACT_TEMPLATE.format(
            nothing=NOTHING, language_rule=language_rule(language), name=name, text=text
        )
        result = client.complete([{"role": "system", "content": system}, question_msg], small)
        extract = result.text.strip()
        if extract and not extract.upper().startswith(NOTHING) and estimate_tokens(extract):
            out.append(Passage(file.path, "whole file", extract))
        emit(events.progress("chat.extract", done, len(files)))
    return out
