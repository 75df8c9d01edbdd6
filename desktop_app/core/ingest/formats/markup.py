"""HTML (lxml): visible text only, one section per heading with its heading path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from desktop_app.core.ingest.charsets import guess_legacy_encoding
from desktop_app.core.ingest.document import Extracted, Location, Section
from desktop_app.core.ingest.formats.boilerplate import (
    checks_chrome,
    is_chrome,
    main_content,
    strip_heading_marks,
)
from desktop_app.core.ingest.formats.common import SectionBuilder, empty
from desktop_app.core.ingest.formats.tables import markdown_rule

__all__ = ["decode_html", "extract_html", "html_sections", "html_to_text", "parse_html"]

_SKIP = frozenset(
    ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head")
)
# Paragraph-like blocks are set apart by a blank line; rows and list items by a line break only,
# so a table or list stays one paragraph for the chunker.
_BLOCKS = frozenset((
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "ul", "ol",
    "dl", "table", "caption", "pre", "blockquote", "figure", "figcaption", "form", "fieldset",
    "address", "details", "summary", "hr",
))  # fmt: skip
_LINE_BLOCKS = frozenset(("li", "tr", "dt", "dd", "br", "option"))
_HEADINGS = {"h1": "1", "h2": "2", "h3": "3", "h4": "4", "h5": "5", "h6": "6"}
_CELLS = frozenset(("td", "th"))
# Private-use characters never occur in real HTML text, so they can mark headings in the flat text.
_H_OPEN, _H_MID, _H_CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{_H_OPEN}([1-6]){_H_MID}(.*?){_H_CLOSE}", re.S)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")


# bs4's own patterns for a declared charset (bs4/dammit.py), so the common case - a declared
# charset that decodes the page - is decided without importing bs4 (~70 ms per worker).
_XML_DECLARED = re.compile(rb"^\s*<\?.*encoding=['\"](.*?)['\"].*\?>", re.I)
_HTML_DECLARED = re.compile(rb"<\s*meta[^>]+charset\s*=\s*[\"']?([^>]*?)[ /;'\">]", re.I)
_CHARSET_ALIASES = {"macintosh": "mac-roman", "x-sjis": "shift-jis"}  # bs4's


def _has_bom(data: bytes) -> bool:
    """Whether bs4 (``EncodingDetector.strip_byte_order_mark``) sees a byte-order mark."""
    if len(data) >= 4 and data[:2] in (b"\xfe\xff", b"\xff\xfe") and data[2:4] != b"\x00\x00":
        return True  # UTF-16
    return data[:3] == b"\xef\xbb\xbf" or data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")


def _declared_encoding(markup: bytes) -> str | None:
    """The charset an XML declaration or a <meta> near the top names (bs4's
    ``EncodingDetector.find_declared_encoding`` for HTML)."""
    found = _XML_DECLARED.search(markup, endpos=1024) or _HTML_DECLARED.search(
        markup, endpos=max(2048, int(len(markup) * 0.05))
    )
    name = found.group(1).decode("ascii", "replace") if found else ""
    return name.lower() or None


def _codec_name(charset: str) -> str | None:
    """The codec bs4 would decode ``charset`` with (its ``find_codec``), if Python has it."""
    import codecs

    for name in (
        _CHARSET_ALIASES.get(charset, charset),
        charset.replace("-", ""),
        charset.replace("-", "_"),
    ):
        try:
            codecs.lookup(name)
        except (LookupError, ValueError):
            continue
        return name.lower()
    return None


def decode_html(markup: bytes | str) -> tuple[str, str | None]:
    """The markup as text and its encoding: BOM, then <meta charset> / XML declaration, then
    a guess (bs4's UnicodeDammit, which only sniffs: no tree is built)."""
    if isinstance(markup, str):
        return markup, None
    has_bom = _has_bom(markup)  # bs4 strips it and trusts it: its path below
    declared = None if has_bom else _declared_encoding(markup)
    if not has_bom and declared is None:
        # Undeclared: the same guess as for plain text (bs4's own prefers odd code pages).
        encoding = "utf-8" if _is_utf8(markup) else guess_legacy_encoding(markup)
        if encoding is not None:
            return markup.decode(encoding, "replace"), encoding
    if declared is not None:
        codec = _codec_name(declared)
        if codec is not None:  # what UnicodeDammit tries first, and keeps when it decodes
            try:
                return str(markup, codec), codec
            except (UnicodeDecodeError, LookupError):
                pass
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(markup, is_html=True)
    text = dammit.unicode_markup
    if text is None:  # every candidate failed even with replacement: keep what UTF-8 gives
        return markup.decode("utf-8", "replace"), None
    return text, dammit.original_encoding


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def parse_html(markup: bytes | str) -> Any:
    """The lxml root element of an HTML document (None when it holds no markup at all)."""
    return _parse(markup)[0]


def _parse(markup: bytes | str) -> tuple[Any, bool]:
    """The lxml root (None when there is no markup), and whether libxml2 stopped at one of its
    limits (nesting depth, a huge text node), dropping the rest of the document."""
    from lxml import etree

    text, _ = decode_html(markup)
    # Re-encoded as UTF-8 with the parser told so: lxml refuses str input that carries an XML
    # encoding declaration (XHTML, EPUB chapters), and the declared charset is already applied.
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    data = text.encode("utf-8", "surrogatepass")
    if not data.strip():
        return None, False
    root = etree.fromstring(data, parser)
    return root, any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _inline_text(el: Any, chrome: _Chrome | None = None) -> str:
    """Text inside ``el`` (not its tail), skipped elements left out, runs joined by a space.

    Chrome (a permalink in a heading) is left out as if removed from the tree: its tail joins
    the text before it (the parent's text or the previous sibling's tail) without a space.
    """
    from lxml import etree

    slots: list[str] = []  # the text runs, in order
    current: list[int] = []  # per open element: the slot a dropped child's tail joins
    walker = etree.iterwalk(el, events=("start", "end"))
    dropped: Any = None  # the chrome element just skipped: its end event comes next
    for event, node in walker:
        if event == "start":
            if node is not el and chrome is not None and chrome.test(node):
                walker.skip_subtree()
                dropped = node
                continue
            skip = node is not el and node.tag in _SKIP
            if skip:
                walker.skip_subtree()
            slots.append("" if skip else node.text or "")
            current.append(len(slots) - 1)
            if node.tag == "pre" and chrome is not None:
                chrome.pre += 1
        elif node is dropped:
            dropped = None
            if node.tail and current:
                slots[current[-1]] += node.tail
        else:
            current.pop()
            if node.tag == "pre" and chrome is not None:
                chrome.pre -= 1
            if node is not el:
                slots.append(node.tail or "")
                current[-1] = len(slots) - 1
    return " ".join(s for slot in slots if (s := slot.strip()))


class _Chrome:
    """Tells chrome (navigation, headers, permalinks: boilerplate.py) from content during the
    walk, outside ``<pre>``; what it finds is skipped as if it had been removed from the tree."""

    def __init__(self, main: Any) -> None:
        self.page_level = main.getparent() is None
        self.pre = 0  # depth of <pre> elements around the walk's position

    def test(self, el: Any) -> bool:
        """Whether ``el`` is chrome (never inside a ``<pre>``; entities and stray nodes never)."""
        return not self.pre and isinstance(el.tag, str) and is_chrome(el, self.page_level)

    def kept(self, cells: Any) -> list[Any]:
        """The elements of ``cells`` that are not chrome."""
        return [c for c in cells if not self.test(c)]


def _flatten(root: Any, clean: bool = True) -> tuple[str, str | None]:
    """Visible content text with headings marked, and the document title."""
    from lxml import etree

    title_el = next(root.iter("title"), None)
    title = _inline_text(title_el) if title_el is not None else None
    out: list[str] = []
    add = out.append
    # Line breaks in the markup are spaces on screen, except in <pre>: a sentence wrapped in the
    # source stays one line, so the chunker sees sentences and lines as the reader does.
    pre = 0
    main = main_content(root) if clean else root
    chrome = _Chrome(main) if clean and checks_chrome(main) else None
    page_level = chrome is not None and chrome.page_level
    skipped: Any = None  # the chrome element whose subtree was just skipped
    # One pass over every element of the page, the extractor's hottest loop: names are local.
    skip, headings, cells, blocks, line_blocks = _SKIP, _HEADINGS, _CELLS, _BLOCKS, _LINE_BLOCKS
    walker = etree.iterwalk(main, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # an entity or a stray node the parser kept
            if event == "end" and (text := el.tail):
                add(text if pre else text.replace("\n", " "))
            continue
        if event == "start":
            # Chrome is never looked for inside <pre> (classed spans there are highlighting).
            if chrome is not None and not pre and el is not main and is_chrome(el, page_level):
                walker.skip_subtree()  # as if removed: only its tail is left (at its end)
                skipped = el
                continue
            if tag in skip:
                walker.skip_subtree()
                continue
            level = headings.get(tag)
            if level is not None:
                walker.skip_subtree()
                heading = strip_heading_marks(_inline_text(el, chrome))
                add(f"\n{_H_OPEN}{level}{_H_MID}{heading}{_H_CLOSE}\n")
                continue
            if tag == "tr":
                add("| ")  # rows as Markdown table rows (formats/tables.py)
            elif tag in cells and _after_a_cell(el, chrome):
                add(" | ")
            elif tag in blocks:
                add("\n\n")
            if tag == "pre":
                pre += 1
                if chrome is not None:
                    chrome.pre += 1
            if text := el.text:
                add(text if pre else text.replace("\n", " "))
        else:
            if el is skipped:
                skipped = None
            else:
                if tag == "tr":
                    add(" |" + _rule_after(el, chrome))
                if tag in blocks:
                    add("\n\n")
                elif tag in line_blocks:
                    add("\n")
                if tag == "pre":
                    pre -= 1
                    if chrome is not None:
                        chrome.pre -= 1
            if text := el.tail:
                add(text if pre else text.replace("\n", " "))
    return "".join(out), title or None


def _after_a_cell(cell: Any, chrome: _Chrome | None) -> bool:
    """Whether a cell (``<td>``/``<th>``) follows another in its row."""
    siblings = cell.itersiblings("td", "th", preceding=True)
    if chrome is None:
        return any(True for _ in siblings)
    return any(not chrome.test(c) for c in siblings)


def _rule_after(row: Any, chrome: _Chrome | None) -> str:
    """The Markdown rule under a table's first row when that row is a header (``<th>`` cells,
    or a row of the table's ``<thead>``)."""
    cells = [c for c in row.iterchildren() if c.tag in _CELLS]
    if chrome is not None:
        cells = chrome.kept(cells)
    table = next(row.iterancestors("table"), None)
    if table is None or _first_row(table, chrome) is not row:
        return ""
    if not any(c.tag == "th" for c in cells) and row.getparent().tag != "thead":
        return ""
    return "\n" + markdown_rule(len(cells))


def _first_row(table: Any, chrome: _Chrome | None) -> Any:
    """The table's first ``<tr>`` (nested tables' too) that is not chrome or inside chrome."""
    for tr in table.iter("tr"):
        if chrome is None:
            return tr
        node = tr
        while node is not None and node is not table and not chrome.test(node):
            node = node.getparent()
        if node is table:
            return tr
    return None


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _flat(markup: bytes | str, clean: bool = True) -> tuple[str, str | None]:
    root, cut_short = _parse(markup)
    if cut_short:
        from desktop_app.core.ingest.formats.markup_stream import flatten_stream

        return flatten_stream(decode_html(markup)[0])
    return _flatten(root, clean) if root is not None else ("", None)


def html_sections(
    markup: bytes | str, base: Location | None = None, *, use_title: bool = True
) -> list[Section]:
    """Sections of an HTML document; text before the first heading goes under the <title>."""
    sections = _sections(markup, base, use_title, clean=True)
    # A page that is all navigation (a contents page of a manual) keeps its links' text: a
    # page indexed by its contents list beats a page that "contains no text".
    return sections or _sections(markup, base, use_title, clean=False)


def _sections(
    markup: bytes | str, base: Location | None, use_title: bool, clean: bool
) -> list[Section]:
    flat, title = _flat(markup, clean)
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
    flat, _ = _flat(markup)
    return _tidy(_MARKED.sub(lambda m: m.group(2), flat))


def extract_html(path: Path) -> Extracted:
    """An HTML file, decoded by its BOM or <meta charset> before any guessing."""
    data = path.read_bytes()
    text, encoding = decode_html(data)
    sections = html_sections(text)
    if not sections:
        raise empty(path)
    return Extracted("html", sections, encoding)
