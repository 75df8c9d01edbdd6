"""Plain text, source code, Markdown and reStructuredText: sections keep their line ranges."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.ingest.document import Extracted, Location, Section, format_range
from desktop_app.core.ingest.formats.common import HEADING_SEP, clean_inline, empty, read_text

__all__ = ["extract_code", "extract_markdown", "extract_plain", "extract_rst"]


def _whole(path: Path, kind: str) -> Extracted:
    text, encoding = read_text(path)
    text = text.rstrip("\n")
    if not text.strip():
        raise empty(path)
    lines = text.count("\n") + 1
    return Extracted(kind, [Section(text, Location(lines=format_range(1, lines)))], encoding)


def extract_plain(path: Path) -> Extracted:
    """A plain text file as one section covering all its lines (the chunker narrows them)."""
    return _whole(path, "text")


def extract_code(path: Path) -> Extracted:
    """A source file as one section; chunks cite their line ranges."""
    return _whole(path, "code")


def _sections_from_headings(
    lines: list[str], headings: dict[int, tuple[int, str]], kind: str, encoding: str, path: Path
) -> Extracted:
    """Cut ``lines`` at each heading line index; ``headings`` maps index -> (level, title)."""
    starts = sorted(headings)
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    stack: list[tuple[int, str]] = []
    sections: list[Section] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        if start in headings:
            level, title = headings[start]
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
        body = lines[start:end]
        while body and not body[-1].strip():
            body.pop()
        if not any(line.strip() for line in body):
            continue
        heading = HEADING_SEP.join(t for _, t in stack) or None
        loc = Location(heading=heading, lines=format_range(start + 1, start + len(body)))
        sections.append(Section("\n".join(body), loc))
    if not sections:
        raise empty(path)
    return Extracted(kind, sections, encoding)


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_`]+")


def _md_title(raw: str) -> str:
    return clean_inline(_MD_MARKS.sub("", _LINK.sub(r"\1", raw)))


def extract_markdown(path: Path) -> Extracted:
    """Markdown, one section per heading, each with its heading path and line range."""
    text, encoding = read_text(path)
    lines = text.split("\n")
    headings: dict[int, tuple[int, str]] = {}
    fence: str | None = None
    i = 0
    # YAML front matter is not a heading, and its closing '---' must not read as a setext line.
    if lines and lines[0].strip() == "---":
        for j in range(1, min(len(lines), 200)):
            if lines[j].strip() in ("---", "..."):
                i = j + 1
                break
    while i < len(lines):
        line = lines[i]
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            i += 1
            continue
        if fence is None:
            atx = _ATX.match(line)
            if atx and _md_title(atx.group(2) or ""):
                headings[i] = (len(atx.group(1)), _md_title(atx.group(2) or ""))
            elif (
                i + 1 < len(lines)
                and line.strip()
                and not line.startswith((" " * 4, "\t"))
                and _SETEXT.match(lines[i + 1])
                and (i == 0 or not lines[i - 1].strip())
                and _md_title(line)
            ):
                headings[i] = (1 if lines[i + 1].strip().startswith("=") else 2, _md_title(line))
                i += 1
        i += 1
    return _sections_from_headings(lines, headings, "markdown", encoding, path)


_RST_ADORN = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")


def extract_rst(path: Path) -> Extracted:
    """reStructuredText, one section per title (underlined, optionally overlined)."""
    text, encoding = read_text(path)
    lines = text.split("\n")
    # Title levels are assigned in order of first use, as docutils does.
    styles: list[tuple[str, bool]] = []
    headings: dict[int, tuple[int, str]] = {}
    i = 0
    while i + 1 < len(lines):
        line, under = lines[i], lines[i + 1]
        title = line.strip()
        if (
            title
            and not _RST_ADORN.match(line)
            and _RST_ADORN.match(under)
            and len(under.rstrip()) >= min(len(title), 3)
        ):
            over = i > 0 and lines[i - 1].strip() == under.strip()
            style = (under.strip()[0], over)
            if style not in styles:
                styles.append(style)
            start = i - 1 if over else i
            headings[start] = (styles.index(style) + 1, clean_inline(title))
            i += 2
            continue
        i += 1
    return _sections_from_headings(lines, headings, "rst", encoding, path)
