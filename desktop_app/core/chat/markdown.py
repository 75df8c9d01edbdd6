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
    "EXPORT_LABELS",
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


def _source_lines(
    title: str, sources: Sequence[Mapping[str, Any]], message: int, links: bool
) -> list[str]:
    if not sources:
        return []
    lines = [f"**{escape_markdown(title)}**", ""]
    for source in sources:
        number = int(source.get("number", 0))
        if links:  # on screen: the number opens the source, the file's name says which
            label = escape_markdown(source_title(source))
            lines.append(f"- [\\[{number}\\]]({cite_url(message, number)}) {label}")
            continue
        # In a file: the whole path, and the quote the answer drew on.
        where = f" ({escape_markdown(str(source['location']))})" if source.get("location") else ""
        path = readable(str(source.get("path") or "")).replace("`", "'")
        lines.append(f"- \\[{number}\\] `{path}`{where}")
        if source.get("quote"):
            lines.append(f"  > {escape_markdown(str(source['quote']))}")
    return [*lines, ""]


def question_markdown(
    text: str, labels: Labels = Labels(), first: bool = True, *, links: bool = True
) -> str:
    """A user's question: a rule between turns, the speaker in bold (on its own line on screen,
    before the question in a file), the question literally."""
    rule = "" if first else "---\n\n"
    gap = "\n\n" if links else " "
    return f"{rule}**{escape_markdown(labels.you)}**{gap}{escape_markdown(text)}\n"


def answer_markdown(
    text: str,
    message: int,
    sources: Sequence[Mapping[str, Any]] = (),
    *,
    stopped: bool = False,
    incomplete: bool = False,
    streaming: bool = False,
    error: str | None = None,
    labels: Labels = Labels(),
    links: bool = True,
) -> str:
    """An answer with its citations (links on screen), a note on how it ended (with the error's
    sentence, when known), and its sources (cited, then others)."""
    body = text.strip()
    if body and links:
        body = linkify_citations(body, message)
    if streaming and not body:
        body = labels.thinking
    lines = [body, ""] if body else []
    if stopped:
        lines += [f"*{escape_markdown(labels.stopped)}*", ""]
    elif incomplete:
        why = f" ({error})" if error else ""
        lines += [f"*{escape_markdown(labels.incomplete + why)}*", ""]
    cited = [s for s in sources if s.get("cited", True)]
    other = [s for s in sources if not s.get("cited", True)]
    lines += _source_lines(labels.sources, cited, message, links)
    lines += _source_lines(labels.also_retrieved, other, message, links)
    return "\n".join(lines).rstrip() + "\n"


def error_markdown(message: str, hint: str = "", labels: Labels = Labels()) -> str:
    """A calm block for a failed answer: what happened and what to do next."""
    lines = [f"> **{escape_markdown(labels.error)}**", ">", f"> {escape_markdown(message)}"]
    if hint:
        lines += [">", f"> {escape_markdown(hint)}"]
    return "\n".join(lines) + "\n"


def conversation_markdown(
    messages: Sequence[Mapping[str, Any]], labels: Labels = Labels(), *, links: bool = True
) -> str:
    """A stored conversation (``chats.show`` messages) as one Markdown document: on screen
    (``links``: citations open their source) or for a file."""
    parts: list[str] = []
    for index, message in enumerate(messages):
        content = str(message.get("content") or "")
        if message.get("role") == "user":
            parts.append(question_markdown(content, labels, first=not parts, links=links))
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
                error=message.get("error") if state == "failed" else None,
                labels=labels,
                links=links,
            )
        )
    return "\n".join(parts)


# What a file says where the screen says "You", "Stopped", ...; the CLI's words, untranslated.
EXPORT_LABELS = Labels(
    you="Question:",
    sources="Sources:",
    also_retrieved="Also retrieved:",
    stopped="Answer cancelled.",
    incomplete="Answer incomplete.",
)


def export_markdown(chat: Mapping[str, Any], labels: Labels = EXPORT_LABELS) -> str:
    """A conversation (as ``chats.show`` returns it) as a Markdown file: its title, then the
    conversation as the screen renders it, with plain citations and each source's quote."""
    title = escape_markdown(str(chat["title"]))
    body = conversation_markdown(chat["messages"], labels, links=False)
    return f"# {title}\n\n{body}".rstrip() + "\n"
