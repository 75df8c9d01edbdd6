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

__all__ = ["PERMALINK_MARKS", "content_root", "strip_heading_marks"]

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
# Where a generator puts the page's own content, most specific first.
_MAIN = (
    "//main",
    "//*[@role='main']",
    "//section[@id='main-content']",  # rustdoc
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' body ')]",  # Sphinx
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' md-content ')]",  # MkDocs
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' contentContainer ')]",  # Javadoc
)
_MARK_EDGES = re.compile(r"^[\s¶§#🔗]+|[\s¶§#🔗]+$")


def _is_chrome(el: Any, page_level: bool) -> bool:
    tag = el.tag
    if tag in _CHROME_TAGS or (page_level and tag in _PAGE_TAGS):
        return True
    attrib = el.attrib
    if attrib.get("role") in _CHROME_ROLES:
        return True
    value = attrib.get("class") or ""
    classes = value.split()
    if classes and not _CHROME_CLASSES.isdisjoint(classes):
        return True
    ident = attrib.get("id") or ""
    if (_BANNER.search(ident) or _BANNER.search(value)) and tag != "body":
        return True
    if tag == "a":
        text = "".join(el.itertext()).strip()
        if len(text) <= 2 and not _PERMALINK_CLASSES.isdisjoint(classes):
            return True
        if text in PERMALINK_MARKS and (attrib.get("href") or "").startswith("#"):
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


# Only elements that can be chrome are looked at in Python: landmarks, links and elements with a
# class, role or id, outside <pre> (syntax-highlighted code is thousands of classed spans).
_CANDIDATES = (
    ".//*[not(ancestor::pre)][@class or @role or @id or self::nav or self::header"
    " or self::footer or self::a]"
)


def _text_length(el: Any) -> int:
    return len(_xpath("string()")(el))


def content_root(root: Any) -> Any:
    """The element holding the page's content, with chrome removed from it (in place)."""
    main = root
    whole: int | None = None
    for query in _MAIN:
        found = _xpath(query)(root)
        if not found:
            continue
        whole = _text_length(root) if whole is None else whole
        # A main element that is a sliver of the page is a widget, not the content.
        if _text_length(found[0]) * 4 >= whole:
            main = found[0]
            break
    page_level = main is root
    doomed = [el for el in _xpath(_CANDIDATES)(main) if _is_chrome(el, page_level)]
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


def strip_heading_marks(title: str) -> str:
    """A heading without the permalink marks generators append ("Constraints ¶" -> ...)."""
    return _MARK_EDGES.sub("", title)
