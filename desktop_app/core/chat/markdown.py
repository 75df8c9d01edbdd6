"""Conversations as Markdown, for the screen and for export: the one renderer of both.

On screen, citations ``[n]`` become ``trove-cite:`` links and an answer's state (chats.show's
``state``) a note; the chat view feeds the output to ``QTextCursor.insertMarkdown``. Every word the
screen shows comes in through ``Labels`` so the view can translate it without this module knowing
about Qt. ``export_markdown`` writes the file ``trove chats export`` and the app save.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from desktop_app.core.fsnames import readable

__all__ = [
    "CITE_SCHEME",
    "Labels",
    "answer_markdown",
    "cite_url",
    "conversation_markdown",
    "error_markdown",
    "escape_markdown",
    "export_markdown",
    "linkify_citations",
    "page_of",
    "parse_cite_url",
    "question_markdown",
    "source_title",
]

CITE_SCHEME = "trove-cite"

# The core's marker syntax (chat/citations.py): "[1]", "[1, 2]". Not a link's text ("[1](...)")
# nor a reference ("[1][x]"), and not preceded by "]" (the tail of another bracket pair).
_MARKER_RE = re.compile(r"(?<![\]\\!])\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?![(\[:])")
# Fenced code blocks and inline code spans keep their brackets as typed.
_CODE_RE = re.compile(r"(^|\n)(```|~~~)[^\n]*\n.*?(\n\2[^\n]*(?=\n|$)|$)|`[^`\n]*`", re.S)
_PAGE_RE = re.compile(r"\bp\. (\d+)\b")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


@dataclass(frozen=True)
class Labels:
    """The words the transcript shows; the view passes translated ones."""

    you: str = "You"
    sources: str = "Sources"
    also_retrieved: str = "Also retrieved"
    stopped: str = "Stopped: the answer is incomplete."
    incomplete: str = "The answer is incomplete."
    error: str = "The answer could not be finished."
    thinking: str = "…"


def cite_url(message: int, number: int) -> str:
    """The link target of citation ``number`` in transcript message ``message``."""
    return f"{CITE_SCHEME}:{message}/{number}"


def parse_cite_url(url: str) -> tuple[int, int] | None:
    """``(message, number)`` from a ``cite_url``; None for any other link."""
    match = re.fullmatch(rf"{CITE_SCHEME}:(\d+)/(\d+)", url.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def escape_markdown(text: str) -> str:
    """``text`` shown literally (a user's question is not Markdown); line breaks kept."""
    lines = [_MD_SPECIAL.sub(r"\\\1", line) for line in text.strip().splitlines()]
    return "  \n".join(lines)


def _outside_code(markdown: str, fix: Any) -> str:
    out: list[str] = []
    last = 0
    for match in _CODE_RE.finditer(markdown):
        out.append(fix(markdown[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(fix(markdown[last:]))
    return "".join(out)


def linkify_citations(markdown: str, message: int) -> str:
    """Turn every ``[n]`` / ``[n, m]`` outside code into links to ``cite_url(message, n)``."""

    def marker(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        links = ", ".join(f"[{n}]({cite_url(message, n)})" for n in numbers)
        return f"\\[{links}\\]"

    def images(text: str) -> str:
        # An image would make QTextBrowser read a file (or fail to) on the GUI thread.
        return text.replace("![", "!\\[")

    return _outside_code(markdown, lambda text: _MARKER_RE.sub(marker, images(text)))


def source_title(source: Mapping[str, Any]) -> str:
    """``name (location)`` for a source dict (``Source.to_dict``)."""
    path = str(source.get("path") or "")
    name = readable(PurePath(path).name or path)
    location = source.get("location")
    return f"{name} ({location})" if location else name


def page_of(source: Mapping[str, Any]) -> int | None:
    """The page a source sits on: its chunk's location dict, else its "p. N" label."""
    loc = source.get("location_data")
    if isinstance(loc, Mapping) and isinstance(loc.get("page"), int):
        return int(loc["page"])
    match = _PAGE_RE.search(str(source.get("location") or ""))
    return int(match.group(1)) if match else None


def _source_lines(title: str, sources: Sequence[Mapping[str, Any]], message: int) -> list[str]:
    if not sources:
        return []
    lines = [f"**{escape_markdown(title)}**", ""]
    for source in sources:
        number = int(source.get("number", 0))
        label = escape_markdown(source_title(source))
        lines.append(f"- [\\[{number}\\]]({cite_url(message, number)}) {label}")
    return [*lines, ""]


def question_markdown(text: str, labels: Labels = Labels(), first: bool = True) -> str:
    """A user's question: a rule between turns, a bold speaker line, the question literally."""
    rule = "" if first else "---\n\n"
    return f"{rule}**{escape_markdown(labels.you)}**\n\n{escape_markdown(text)}\n"


def answer_markdown(
    text: str,
    message: int,
    sources: Sequence[Mapping[str, Any]] = (),
    *,
    stopped: bool = False,
    incomplete: bool = False,
    streaming: bool = False,
    labels: Labels = Labels(),
) -> str:
    """An answer with linked citations, an optional note, and its sources (cited, then others)."""
    body = linkify_citations(text.strip(), message) if text.strip() else ""
    if streaming and not body:
        body = labels.thinking
    lines = [body, ""] if body else []
    if stopped:
        lines += [f"*{escape_markdown(labels.stopped)}*", ""]
    elif incomplete:
        lines += [f"*{escape_markdown(labels.incomplete)}*", ""]
    cited = [s for s in sources if s.get("cited", True)]
    other = [s for s in sources if not s.get("cited", True)]
    lines += _source_lines(labels.sources, cited, message)
    lines += _source_lines(labels.also_retrieved, other, message)
    return "\n".join(lines).rstrip() + "\n"


def error_markdown(message: str, hint: str = "", labels: Labels = Labels()) -> str:
    """A calm block for a failed answer: what happened and what to do next."""
    lines = [f"> **{escape_markdown(labels.error)}**", ">", f"> {escape_markdown(message)}"]
    if hint:
        lines += [">", f"> {escape_markdown(hint)}"]
    return "\n".join(lines) + "\n"


def conversation_markdown(messages: Sequence[Mapping[str, Any]], labels: Labels = Labels()) -> str:
    """A stored conversation (``chats.show`` messages) as one Markdown document."""
    parts: list[str] = []
    for index, message in enumerate(messages):
        content = str(message.get("content") or "")
        if message.get("role") == "user":
            parts.append(question_markdown(content, labels, first=not parts))
            continue
        # How the answer ended is data on the stored message (chats.show's "state").
        state = message.get("state") or "complete"
        parts.append(
            answer_markdown(
                content,
                index,
                message.get("sources") or [],
                stopped=state == "cancelled",
                incomplete=state in ("failed", "cut_short"),
                labels=labels,
            )
        )
    return "\n".join(parts)


def export_markdown(chat: Mapping[str, Any]) -> str:
    """A conversation (as ``chats.show`` returns it) as a Markdown file: title, questions,
    answers with how they ended, and sources with their quotes under each answer."""
    lines = [f"# {chat['title']}", ""]
    for message in chat["messages"]:
        if message["role"] == "user":
            lines += [f"**Question:** {message['content']}", ""]
            continue
        lines += [message["content"] + _export_note(message), ""]
        sources: Sequence[Mapping[str, Any]] = message.get("sources") or []
        cited = [s for s in sources if s.get("cited", True)]
        other = [s for s in sources if not s.get("cited", True)]
        if cited:
            lines.append("Sources:")
            lines += [_source_line(s) for s in cited]
            lines.append("")
        if other:
            lines.append("Also retrieved:")
            lines += [_source_line(s) for s in other]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _export_note(message: Mapping[str, Any]) -> str:
    """How an answer that did not end in full ended, as the export says it."""
    state = message.get("state", "complete")
    if state == "cancelled":
        return "\n\n[Answer cancelled]"
    if state == "failed":
        return f"\n\n[Answer incomplete: {message.get('error') or 'it failed'}]"
    if state == "cut_short":
        return "\n\n[Answer cut short: the model reached its length limit]"
    return ""


def _source_line(source: Mapping[str, Any]) -> str:
    where = f" ({source['location']})" if source.get("location") else ""
    quote = f"\n  > {source['quote']}" if source.get("quote") else ""
    return f"- [{source.get('number', '?')}] {source['path']}{where}{quote}"
