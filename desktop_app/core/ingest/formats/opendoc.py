"""OpenDocument text (odfpy): sections cut at headings by outline level; tables as rows."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from desktop_app.core.ingest.document import Extracted
from desktop_app.core.ingest.formats.common import (
    SectionBuilder,
    clean_inline,
    corrupt,
    empty,
    open_zip,
    password_protected,
)
from desktop_app.core.ingest.formats.tables import markdown_table

__all__ = ["extract_odt"]

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CONTAINERS = {
    (_TEXT, "section"),
    (_TEXT, "list"),
    (_TEXT, "list-item"),
    (_TEXT, "list-header"),
    (_TEXT, "index-body"),
    (_TEXT, "table-of-content"),
    (_TEXT, "index-title"),
}


def _walk(node: Any, builder: SectionBuilder) -> None:
    from odf import teletype

    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (_TEXT, "h"):
            level = child.getAttribute("outlinelevel")
            text = teletype.extractText(child)
            builder.heading_at(int(level) if str(level).isdigit() else 1, text)
        elif qname == (_TEXT, "p"):
            builder.add(teletype.extractText(child))
        elif qname == (_TABLE, "table"):
            rows = [
                [
                    clean_inline(teletype.extractText(cell))
                    for cell in row.childNodes
                    if getattr(cell, "qname", None) == (_TABLE, "table-cell")
                ]
                for row in child.getElementsByType(_table_row())
            ]
            # Rows under <table:table-header-rows> are the header (repeated on every page).
            marked = any(
                getattr(part, "qname", None) == (_TABLE, "table-header-rows")
                for part in child.childNodes
            )
            builder.add_table(markdown_table(rows, header=True if marked else None))
        elif qname in _CONTAINERS:
            _walk(child, builder)


def _table_row() -> Any:
    from odf.table import TableRow

    return TableRow


def extract_odt(path: Path) -> Extracted:
    """An OpenDocument text file; encrypted (password) files raise FileLockedError."""
    from odf.opendocument import load

    with open_zip(path, "OpenDocument") as archive:
        names = set(archive.namelist())
        if "content.xml" not in names:
            raise corrupt(path, "OpenDocument", "content.xml is missing")
        manifest = b""
        if "META-INF/manifest.xml" in names:
            manifest = archive.read("META-INF/manifest.xml")
    if b"encryption-data" in manifest:
        raise password_protected(path, "OpenDocument")
    try:
        document = load(str(path))
    except (ExpatError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise corrupt(path, "OpenDocument", type(exc).__name__) from None
    builder = SectionBuilder()
    _walk(document.text, builder)
    sections = builder.finish()
    if not sections:
        raise empty(path)
    return Extracted("odt", sections, None)
