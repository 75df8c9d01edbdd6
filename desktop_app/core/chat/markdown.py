"""Conversations as Markdown, for the screen and for export: the one renderer of both.

On screen, citations ``[n]`` become ``trove-cite:`` links and an answer's state (chats.show's
``state``) a note; the chat view feeds the output to ``QTextCursor.insertMarkdown``. Every word the
screen shows comes in through ``Labels`` so the view can translate it without this module knowing
about Qt. ``export_markdown`` writes the file ``trove chats export`` and the app save.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from desktop_app.core.fsnames import readable

__all__ = [
    "CITE_SCHEME",
    "CLAIM_SCHEME",
    "EXPORT_LABELS",
    "Labels",
    "answer_markdown",
    "cite_url",
    "claim_note",
    "claim_url",
    "conversation_markdown",
    "error_markdown",
    "escape_markdown",
    "export_markdown",
    "flagged_claims",
    "is_number",
    "linkify_citations",
    "page_of",
    "parse_cite_url",
    "parse_claim_url",
    "passage_start",
    "question_markdown",
    "source_title",
]

CITE_SCHEME = "trove-cite"
# A sentence the check marks (unsupported or uncited) is wrapped in a link of this scheme on
# screen; the view turns it into an underline with a tooltip (ui/chat_transcript.py).
CLAIM_SCHEME = "trove-claim"

# The core's marker syntax (chat/citations.py): "[1]", "[1, 2]". Not a link's text ("[1](...)")
# nor a reference ("[1][x]"), and not preceded by "]" (the tail of another bracket pair).
_MARKER_RE = re.compile(r"(?<![\]\\!])\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?![(\[:])")
# Fenced code blocks and inline code spans keep their brackets as typed.
_CODE_RE = re.compile(r"(^|\n)(```|~~~)[^\n]*\n.*?(\n\2[^\n]*(?=\n|$)|$)|`[^`\n]*`", re.S)
_PAGE_RE = re.compile(r"\bp\. (\d+)\b")
# A label several passages share gets the start of each passage: enough words to tell them apart.
_START_WORDS = 8
_START_CHARS = 60
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
    nearest: str = "Nearest passages (none relevant enough to answer from)"
    broken: str = "Citation {numbers} points to no source the answer was given."
    unsupported: str = "Sentences not supported by what they cite"


def cite_url(message: int, number: int) -> str:
    """The link target of citation ``number`` in transcript message ``message``."""
    return f"{CITE_SCHEME}:{message}/{number}"


def parse_cite_url(url: str) -> tuple[int, int] | None:
    """``(message, number)`` from a ``cite_url``; None for any other link."""
    match = re.fullmatch(rf"{CITE_SCHEME}:(\d+)/(\d+)", url.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def claim_url(message: int, index: int) -> str:
    """The link target of claim ``index`` (in ``evidence["claims"]``) of message ``message``."""
    return f"{CLAIM_SCHEME}:{message}/{index}"


def parse_claim_url(url: str) -> tuple[int, int] | None:
    """``(message, claim index)`` from a ``claim_url``; None for any other link."""
    match = re.fullmatch(rf"{CLAIM_SCHEME}:(\d+)/(\d+)", url.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def flagged_claims(evidence: Mapping[str, Any] | None) -> list[tuple[int, Mapping[str, Any]]]:
    """The claims to mark, with their index: not supported, or citing nothing."""
    claims = (evidence or {}).get("claims") or []
    return [(i, c) for i, c in enumerate(claims) if c.get("supported") is not True]


def is_number(detail: str) -> bool:
    """True for a detail that is a number or a version (42, 3.6, 59100), not a name."""
    return bool(re.fullmatch(r"\d+(?:[.,]\d+)*", detail))


def claim_note(claim: Mapping[str, Any]) -> str:
    """Why a sentence is marked, in words (the export and the terminal; the app translates)."""
    reason = claim.get("reason")
    cited = ", ".join(f"[{n}]" for n in claim.get("checked") or claim.get("sources") or [])
    if reason == "no_citation":
        return "[no citation]"
    if reason == "broken_citation":
        return f"[cites no given source: {cited}]"
    if reason == "not_checked":
        return f"[not checked against {cited}]"
    if reason == "words_missing":
        lacks = ", ".join(f"'{w}'" for w in claim.get("missing") or [])
        return f"[not supported by {cited}: the passage lacks {lacks}]"
    if reason == "opposite":
        return f"[{cited} says the opposite: '{claim.get('quote') or ''}']"
    if reason == "detail_missing":
        details = [str(d) for d in claim.get("missing") or []]
        named = ", ".join(f"the number {d}" if is_number(d) else f"'{d}'" for d in details)
        verb = "is" if len(details) == 1 else "are"
        return f"[not supported: {named} {verb} not in {cited}]"
    score = claim.get("score")
    threshold = claim.get("threshold")
    how = "reranker score" if claim.get("by") == "rerank" else "similarity"
    if isinstance(score, (int, float)) and isinstance(threshold, (int, float)):
        return f"[not supported by {cited}: {how} {score:.2f} < {threshold:.2f}]"
    return f"[not supported by {cited}]"


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


def linkify_citations(markdown: str, message: int, valid: set[int] | None = None) -> str:
    """Turn every ``[n]`` / ``[n, m]`` outside code into links to ``cite_url(message, n)``;
    with ``valid`` known, a number outside it is shown struck through (a broken citation)."""

    def link(n: int) -> str:
        if valid is not None and n not in valid:
            return f"~~{n}~~"
        return f"[{n}]({cite_url(message, n)})"

    def marker(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        links = ", ".join(link(n) for n in numbers)
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


def passage_start(source: Mapping[str, Any], words: int = _START_WORDS) -> str:
    """The first few words of a source's passage (its quote), past a repeat of its location:
    what tells apart passages of one file that share a label."""
    quote = " ".join(str(source.get("quote") or "").split())
    location = str(source.get("location") or "")
    if location and quote.lower().startswith(location.lower()):
        quote = quote[len(location) :].lstrip(" .:-–—")
    head = quote.split()
    start = " ".join(head[:words])
    if len(start) > _START_CHARS:
        start = start[: _START_CHARS - 1].rstrip()
    return start.rstrip("…") + "…" if start and start != quote else start


def _repeated_titles(sources: Sequence[Mapping[str, Any]]) -> set[str]:
    """The labels more than one of an answer's sources share (passages of one file's part)."""
    counts = Counter(source_title(s) for s in sources)
    return {title for title, n in counts.items() if n > 1}


def _source_lines(
    title: str,
    sources: Sequence[Mapping[str, Any]],
    message: int,
    links: bool,
    repeated: Collection[str] = (),
) -> list[str]:
    if not sources:
        return []
    lines = [f"**{escape_markdown(title)}**", ""]
    for source in sources:
        number = int(source.get("number", 0))
        if links:  # on screen: the number opens the source, the file's name says which
            name = source_title(source)
            label = escape_markdown(name)
            start = passage_start(source) if name in repeated else ""
            if start:  # a label several passages share: their first words tell them apart
                label += f" — “{escape_markdown(start)}”"
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
    evidence: Mapping[str, Any] | None = None,
) -> str:
    """An answer with its citations (links on screen), a note on how it ended (with the error's
    sentence, when known), and its sources (cited, then others).

    With ``evidence`` (a finished answer's): citations to no source are struck through on screen
    and named below; sentences not supported by what they cite (or citing nothing) are wrapped
    in ``claim_url`` links on screen, listed with the reason in a file.
    """
    # Answers stored before Trove kept broken markers have no evidence: leave their links be.
    checked = evidence is not None and not streaming
    evidence = evidence or {}
    flagged = flagged_claims(evidence)
    body = text.strip()
    if body and links:
        valid = {int(s.get("number", -1)) for s in sources} if checked else None
        body = linkify_citations(_mark_claims(body, flagged, message), message, valid)
    if streaming and not body:
        body = labels.thinking
    lines = [body, ""] if body else []
    if stopped:
        lines += [f"*{escape_markdown(labels.stopped)}*", ""]
    elif incomplete:
        why = f" ({error})" if error else ""
        lines += [f"*{escape_markdown(labels.incomplete + why)}*", ""]
    broken = evidence.get("broken_citations") or []
    if broken and checked:
        numbers = ", ".join(f"[{n}]" for n in broken)
        lines += [f"*{escape_markdown(labels.broken.format(numbers=numbers))}*", ""]
    if flagged and not links:  # on screen the sentences themselves carry the marks
        lines += [f"**{escape_markdown(labels.unsupported)}**", ""]
        lines += [
            f"- {escape_markdown(claim_note(c))} {escape_markdown(str(c.get('text', '')))}"
            for _, c in flagged
        ]
        lines.append("")
    cited = [s for s in sources if s.get("cited", True)]
    other = [s for s in sources if not s.get("cited", True)]
    answered = evidence.get("answered", True)
    repeated = _repeated_titles(sources)
    lines += _source_lines(labels.sources, cited, message, links, repeated)
    title = labels.also_retrieved if answered else labels.nearest
    lines += _source_lines(title, other, message, links, repeated)
    return "\n".join(lines).rstrip() + "\n"


_UNSAFE_IN_LINK = re.compile(r"[\[\]`<>\n]")


def _mark_claims(text: str, flagged: Sequence[tuple[int, Mapping[str, Any]]], message: int) -> str:
    """Wrap each flagged sentence's words (not its citation markers) in a claim link."""
    if not flagged:
        return text
    out: list[str] = []
    pos = 0
    for index, claim in flagged:
        sentence = str(claim.get("text") or "")
        at = text.find(sentence, pos) if sentence else -1
        if at < 0:
            continue
        out.append(text[pos:at])
        url = claim_url(message, index)
        for part in re.split(r"(\[\d{1,3}(?:\s*,\s*\d{1,3})*\])", sentence):
            core = part.strip()
            # Punctuation alone is left as is: a link right after "[1]" would unmake its link.
            if not re.search(r"\w", core) or part.startswith("[") or _UNSAFE_IN_LINK.search(core):
                out.append(part)
                continue
            lead = part[: len(part) - len(part.lstrip())]
            tail = part[len(part.rstrip()) :]
            out.append(f"{lead}[{core}]({url}){tail}")
        pos = at + len(sentence)
    out.append(text[pos:])
    return "".join(out)


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
                evidence=message.get("evidence"),
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
    nearest="Nearest passages (none relevant enough to answer from):",
    broken="Broken citations: {numbers} (no such source was given).",
    unsupported="Sentences not supported by what they cite:",
)


def export_markdown(chat: Mapping[str, Any], labels: Labels = EXPORT_LABELS) -> str:
    """A conversation (as ``chats.show`` returns it) as a Markdown file: its title, then the
    conversation as the screen renders it, with plain citations and each source's quote."""
    title = escape_markdown(str(chat["title"]))
    body = conversation_markdown(chat["messages"], labels, links=False)
    return f"# {title}\n\n{body}".rstrip() + "\n"
