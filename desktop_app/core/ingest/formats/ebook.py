"""EPUB: the OPF spine read in order with zipfile; each chapter's XHTML through the HTML reader."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import unquote, urldefrag
from xml.etree import ElementTree as ET

from desktop_app.core.errors import FileLockedError
from desktop_app.core.ingest.document import Extracted, Location, Section
from desktop_app.core.ingest.formats.common import (
    HEADING_SEP,
    clean_inline,
    corrupt,
    empty,
    open_zip,
)
from desktop_app.core.ingest.formats.markup import html_sections

__all__ = ["extract_epub"]

_HTML_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element:
    return ET.fromstring(archive.read(name))


def _resolve(base_dir: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base_dir, unquote(urldefrag(href)[0])))


def _toc_titles(
    archive: zipfile.ZipFile, opf_dir: str, manifest: dict[str, tuple[str, str, str]]
) -> dict[str, str]:
    """Chapter file -> title, from the EPUB 3 nav document or the EPUB 2 NCX."""
    titles: dict[str, str] = {}
    for href, media, props in manifest.values():
        try:
            if "nav" in props.split():
                root = _xml(archive, href)
                base = posixpath.dirname(href)
                for link in root.iter("{http://www.w3.org/1999/xhtml}a"):
                    target = link.get("href")
                    label = clean_inline("".join(link.itertext()))
                    if target and label:
                        titles.setdefault(_resolve(base, target), label)
            elif media == "application/x-dtbncx+xml":
                root = _xml(archive, href)
                base = posixpath.dirname(href)
                for point in root.iter("{http://www.daisy.org/z3986/2005/ncx/}navPoint"):
                    text = point.find(".//{*}navLabel/{*}text")
                    content = point.find("{*}content")
                    if text is not None and content is not None and content.get("src"):
                        label = clean_inline(text.text or "")
                        if label:
                            titles.setdefault(_resolve(base, content.get("src", "")), label)
        except (KeyError, ET.ParseError):
            continue  # a broken table of contents only costs the chapter titles
    return titles


def _encrypted(archive: zipfile.ZipFile) -> set[str]:
    """Files listed as encrypted (DRM) in META-INF/encryption.xml."""
    try:
        root = _xml(archive, "META-INF/encryption.xml")
    except (KeyError, ET.ParseError):
        return set()
    out: set[str] = set()
    for ref in root.iter("{http://www.w3.org/2001/04/xmlenc#}CipherReference"):
        uri = ref.get("URI")
        if uri:
            out.add(posixpath.normpath(unquote(uri)))
    return out


def extract_epub(path: Path) -> Extracted:
    """An EPUB book: chapters in reading order, each headed by its table-of-contents title."""
    with open_zip(path, "EPUB") as archive:
        try:
            container = _xml(archive, "META-INF/container.xml")
            rootfile = container.find(".//{*}rootfile")
            if rootfile is None or not rootfile.get("full-path"):
                raise corrupt(path, "EPUB", "no package document")
            opf_path = rootfile.get("full-path", "")
            opf = _xml(archive, opf_path)
        except (KeyError, ET.ParseError) as exc:
            raise corrupt(path, "EPUB", type(exc).__name__) from None
        opf_dir = posixpath.dirname(opf_path)
        manifest: dict[str, tuple[str, str, str]] = {}
        for item in opf.iter("{http://www.idpf.org/2007/opf}item"):
            if item.get("id") and item.get("href"):
                manifest[item.get("id", "")] = (
                    _resolve(opf_dir, item.get("href", "")),
                    item.get("media-type", ""),
                    item.get("properties", ""),
                )
        spine = [
            manifest[ref.get("idref", "")]
            for ref in opf.iter("{http://www.idpf.org/2007/opf}itemref")
            if ref.get("idref") in manifest
        ]
        chapters = [href for href, media, _ in spine if media in _HTML_TYPES]
        if not chapters:
            raise corrupt(path, "EPUB", "its reading order lists no chapters")
        # Font obfuscation also uses encryption.xml; only locked chapters mean DRM.
        if _encrypted(archive) & set(chapters):
            raise FileLockedError(
                str(path),
                f"'{path.name}' is DRM-protected (encrypted), so Trove cannot read it.",
                "Only DRM-free e-books can be made searchable.",
            )
        titles = _toc_titles(archive, opf_dir, manifest)
        sections: list[Section] = []
        for href in chapters:
            try:
                data = archive.read(href)
            except KeyError:
                continue  # a missing chapter should not cost the rest of the book
            chapter = titles.get(href)
            # Chapter files' <title> is usually the book title: the TOC entry names the chapter.
            for section in html_sections(data, use_title=False):
                heading = section.location.heading
                if chapter and (not heading or not heading.startswith(chapter)):
                    heading = chapter + (HEADING_SEP + heading if heading else "")
                sections.append(Section(section.text, Location(heading=heading)))
    if not sections:
        raise empty(path)
    return Extracted("epub", sections, None)
