"""HTML (bs4 + lxml): visible text only, one section per heading with its heading path."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from desktop_app.core.ingest.document import Extracted, Location, Section
from desktop_app.core.ingest.formats.common import SectionBuilder, empty

__all__ = ["extract_html", "html_sections", "html_to_text", "parse_html"]

_SKIP = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head")
# Paragraph-like blocks are set apart by a blank line; rows and list items by a line break only,
# so a table or list stays one paragraph for the chunker.
_BLOCKS = (
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "ul", "ol",
    "dl", "table", "caption", "pre", "blockquote", "figure", "figcaption", "form", "fieldset",
    "address", "details", "summary", "hr",
)  # fmt: skip
_LINE_BLOCKS = ("li", "tr", "dt", "dd", "br", "option")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Private-use characters never occur in real HTML text, so they can mark headings in the flat text.
_H_OPEN, _H_MID, _H_CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{_H_OPEN}([1-6]){_H_MID}(.*?){_H_CLOSE}", re.S)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")


def parse_html(markup: bytes | str) -> Any:
    """A BeautifulSoup tree (lxml parser), without the warnings bs4 raises for XHTML input."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    # EPUB chapters are XHTML; the forgiving HTML parser reads them fine, the warning is noise.
    # The filter is scoped: extraction runs one file at a time in a worker process.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


def _flatten(soup: Any) -> tuple[str, str | None]:
    """Visible text with headings marked, and the document title."""
    from bs4 import Comment

    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag is not None else None
    for tag in soup.find_all(_SKIP):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for heading in soup.find_all(_HEADINGS):
        text = heading.get_text(" ", strip=True)
        heading.replace_with(f"\n{_H_OPEN}{heading.name[1]}{_H_MID}{text}{_H_CLOSE}\n")
    for cell in soup.find_all(("td", "th")):
        if cell.find_previous_sibling(("td", "th")) is not None:
            cell.insert_before(" | ")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    for block in soup.find_all(_LINE_BLOCKS):
        block.insert_after("\n")
    body = soup.body or soup
    return body.get_text(), title or None


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def html_sections(
    markup: bytes | str, base: Location | None = None, *, use_title: bool = True
) -> list[Section]:
    """Sections of an HTML document; text before the first heading goes under the <title>."""
    flat, title = _flatten(parse_html(markup))
    if not use_title:
        title = None
    builder = SectionBuilder(base)
    pos = 0
    first = True
    for match in _MARKED.finditer(flat):
        before = _tidy(flat[pos : match.start()])
        if first and before and title:
            builder.heading_at(1, title)
        first = False
        builder.add(before)
        builder.heading_at(int(match.group(1)), match.group(2))
        pos = match.end()
    tail = _tidy(flat[pos:])
    if first and tail and title:
        builder.heading_at(1, title)
    builder.add(tail)
    return builder.finish()


def html_to_text(markup: bytes | str) -> str:
    """Plain visible text of an HTML fragment or document (for e-mail bodies)."""
    flat, _ = _flatten(parse_html(markup))
    return _tidy(_MARKED.sub(lambda m: m.group(2), flat))


def extract_html(path: Path) -> Extracted:
    """An HTML file; bs4 honours its BOM or <meta charset> before guessing."""
    from bs4 import UnicodeDammit

    data = path.read_bytes()
    encoding = UnicodeDammit(data[:65536], is_html=True).original_encoding
    sections = html_sections(data)
    if not sections:
        raise empty(path)
    return Extracted("html", sections, encoding)
