"""HTML page chrome that is not content: navigation, page headers and footers, tables of
contents, permalink marks, cookie banners.

Indexed, it pollutes keyword search (the top hit for "pg_dump" was a page header of "Prev | Up |
Home | Next" links) and semantic search ("Previous topic / Next topic" boxes matched topics the
page is not about). The rules are explicit, for the generators most documentation comes from
(Sphinx, DocBook, Javadoc, MkDocs, rustdoc) and the HTML5 landmarks any page may use; a page
that marks its main content (``<main>``, ``role="main"``, Sphinx's ``div.body``) is read from
there alone. Measured on the retrieval benchmark corpus in docs/benchmarks.md.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "PERMALINK_MARKS",
    "checks_chrome",
    "content_root",
    "is_chrome",
    "main_content",
    "strip_heading_marks",
]

# Landmarks and classes of page chrome. Class tokens are matched whole ("toc", not "tocdepth").
_CHROME_TAGS = frozenset(("nav",))
_PAGE_TAGS = frozenset(("header", "footer"))  # chrome at page level, content inside an article
_CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "search"))
_CHROME_CLASSES = frozenset((
    # DocBook (PostgreSQL, Debian, GIMP manuals): Prev/Up/Home/Next bars and contents lists
    "navheader", "navfooter", "toc", "list-of-tables", "list-of-figures", "list-of-examples",
    # Sphinx: sidebars, related-pages bars, footer, "Previous topic / Next topic"
    "sphinxsidebar", "sphinxsidebarwrapper", "related", "footer", "clearer", "prev-next-area",
    "bd-sidebar", "bd-sidebar-primary", "bd-sidebar-secondary", "bd-header", "bd-footer",
    "wy-nav-side", "rst-footer-buttons", "toctree-wrapper", "mobile-nav",
    # Javadoc
    "topNav", "bottomNav", "subNav", "navList", "skipNav", "legalCopy", "fixedNav",
    "flex-header", "sub-nav", "top-nav", "bottom-nav",
    # MkDocs (and Material)
    "md-header", "md-footer", "md-sidebar", "md-search", "md-tabs", "md-source",
    "rst-versions", "navbar", "wm-toc",
    # rustdoc
    "sidebar-elems", "out-of-band", "rustdoc-breadcrumbs", "search-form",
    # everywhere
    "breadcrumb", "breadcrumbs", "skip-link", "skip-to-content", "visually-hidden", "sr-only",
    "pagination", "edit-this-page", "reportbug",
))  # fmt: skip
_BANNER = re.compile(r"cookie|consent|gdpr", re.I)
# Links whose only text is one of these are permalinks next to headings.
PERMALINK_MARKS = frozenset(("¶", "§", "#", "🔗", "\u00b6\ufe0e", "link"))
_PERMALINK_CLASSES = frozenset(("headerlink", "anchor", "permalink", "header-anchor", "hash-link"))
_MARK_EDGES = re.compile(r"^[\s¶§#🔗]+|[\s¶§#🔗]+$")


_chrome_classes: dict[str, bool] = {}  # class attribute -> chrome? (a page repeats a few)


def _chrome_class(value: str) -> bool:
    found = _chrome_classes.get(value)
    if found is None:
        found = not _CHROME_CLASSES.isdisjoint(value.split()) or bool(_BANNER.search(value))
        if len(_chrome_classes) < 10_000:
            _chrome_classes[value] = found
    return found


def is_chrome(el: Any, page_level: bool) -> bool:
    """Whether element ``el`` (not inside a ``<pre>``) is page chrome, not content.

    ``page_level``: the page marks no main content, so its header and footer are chrome too.
    """
    tag = el.tag
    if tag in _CHROME_TAGS or (page_level and tag in _PAGE_TAGS):
        return True
    get = el.get
    if get("role") in _CHROME_ROLES:
        return True
    value = get("class")
    # A cookie/consent class marks a banner anywhere but on <body> (some sites set it there).
    body_banner_only = tag == "body" and _CHROME_CLASSES.isdisjoint((value or "").split())
    if value and _chrome_class(value) and not body_banner_only:
        return True
    ident = get("id")
    if ident and tag != "body" and _BANNER.search(ident):
        return True
    if tag == "a":
        text = "".join(el.itertext()).strip()
        if len(text) <= 2 and value and not _PERMALINK_CLASSES.isdisjoint(value.split()):
            return True
        if text in PERMALINK_MARKS and (get("href") or "").startswith("#"):
            return True
    return False


_compiled: dict[str, Any] = {}


def _xpath(expression: str) -> Any:
    """A compiled XPath (compiled once per process: lxml evaluates it in C)."""
    found = _compiled.get(expression)
    if found is None:
        from lxml import etree

        found = _compiled[expression] = etree.XPath(expression)
    return found


def _text_length(el: Any) -> int:
    return len(_xpath("string()")(el))


def _class_tokens(el: Any) -> list[str]:
    """The class tokens as XPath's ``normalize-space`` splits them (XML whitespace only)."""
    value = el.get("class") or ""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ").split(" ")


def _mains(root: Any) -> Any:
    """The first element of each kind that may hold the page's content, most specific first:
    ``<main>``, ``role="main"``, rustdoc's section, Sphinx's ``div.body``, MkDocs' and
    Javadoc's content boxes (found by tag, in C, instead of an XPath scan per kind)."""
    yield next(root.iter("main"), None)
    found = _xpath("//*[@role='main']")(root)
    yield found[0] if found else None
    yield next((e for e in root.iter("section") if e.get("id") == "main-content"), None)
    firsts: dict[str, Any] = {}
    for div in root.iter("div"):
        if div.get("class"):
            for token in _DIV_MAINS:
                if token not in firsts and token in _class_tokens(div):
                    firsts[token] = div
    for token in _DIV_MAINS:
        yield firsts.get(token)


_DIV_MAINS = ("body", "md-content", "contentContainer")  # Sphinx, MkDocs, Javadoc


def main_content(root: Any) -> Any:
    """The element holding the page's content (``root`` when no part of it is marked so)."""
    whole: int | None = None
    for found in _mains(root):
        if found is None:
            continue
        whole = _text_length(root) if whole is None else whole
        # A main element that is a sliver of the page is a widget, not the content.
        if _text_length(found) * 4 >= whole:
            return found
    return root


def checks_chrome(main: Any) -> bool:
    """Whether elements under ``main`` are to be tested for chrome: not when it sits in a
    ``<pre>`` (where classed elements are syntax highlighting)."""
    return not any(a.tag == "pre" for a in main.iterancestors())


def content_root(root: Any) -> Any:
    """The element holding the page's content, with chrome removed from it (in place).

    The text extractor does not use this: it skips chrome as it walks (markup.py), which is
    the same text without a second pass over every element.
    """
    main = main_content(root)
    page_level = main is root
    if not checks_chrome(main):
        return main
    doomed = []
    walker = _iterwalk(main)
    for _, el in walker:
        if el is main or not isinstance(el.tag, str):
            continue
        if el.tag == "pre":
            if is_chrome(el, page_level):
                doomed.append(el)
            walker.skip_subtree()
        elif is_chrome(el, page_level):
            doomed.append(el)
            walker.skip_subtree()
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # Keep the tail: it is text that follows the element, not part of it.
        tail = el.tail
        previous = el.getprevious()
        parent.remove(el)
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
    return main


def _iterwalk(el: Any) -> Any:
    from lxml import etree

    return etree.iterwalk(el, events=("start",))


def strip_heading_marks(title: str) -> str:
    """A heading without the permalink marks generators append ("Constraints ¶" -> ...)."""
    return _MARK_EDGES.sub("", title)
