"""Reading Office Open XML packages (DOCX, PPTX) straight from the zip, with lxml.

python-docx and python-pptx load every part of a package into their own element classes before
anything can be read: three quarters of PPTX extraction time went to that and to resolving
placeholder positions through layouts (measured, docs/benchmarks-pipeline.md). The extractors
read only the parts they need, through the relationships that name them, and parse them with a
plain lxml parser that never resolves entities or reaches the network.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from desktop_app.core.ingest.formats.common import corrupt, open_zip

__all__ = ["REL", "Package", "Rel", "xml_parser"]

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def xml_parser() -> etree.XMLParser:
    """A parser for untrusted package XML: no entities, no DTD loading, no network."""
    # Blank text between tags dropped as python-docx/python-pptx do, so text reads the same.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True
    )


@dataclass(frozen=True)
class Rel:
    """One relationship of a part: its type (the URI's last segment) and target."""

    kind: str
    target: str  # a part name inside the package ("word/media/image1.png"), or an external URL
    external: bool


class Package:
    """An open OOXML zip: parts by name, their relationships, their parsed XML."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self._zip = open_zip(path, what)
        self._names = set(self._zip.namelist())
        self._parser = xml_parser()
        self._rels: dict[str, dict[str, Rel]] = {}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip."""
        self._zip.close()

    def has(self, name: str) -> bool:
        """Whether the package holds part ``name`` ("word/document.xml")."""
        return name in self._names

    def main_part(self, default: str) -> str:
        """The main document part the package's own relationships name (else ``default``)."""
        for rel in self.rels(""):
            if rel.kind == "officeDocument" and not rel.external and self.has(rel.target):
                return rel.target
        return default

    def rels(self, part: str) -> list[Rel]:
        """The relationships of ``part`` ("" for the package's own), in file order."""
        return list(self.rels_by_id(part).values())

    def rels_by_id(self, part: str) -> dict[str, Rel]:
        """The relationships of ``part`` by their id ("rId3"), read once per part."""
        cached = self._rels.get(part)
        if cached is not None:
            return cached
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, Rel] = {}
        if self.has(rels_name):
            for element in self.xml(rels_name).iter(_PKG_REL):
                kind = (element.get("Type") or "").rsplit("/", 1)[-1]
                target = element.get("Target") or ""
                external = element.get("TargetMode") == "External"
                if not external:
                    # Relative to the part's folder, or absolute from the package root.
                    joined = (
                        target if target.startswith("/") else posixpath.join("/", folder, target)
                    )
                    target = posixpath.normpath(joined).lstrip("/")
                out[element.get("Id") or f"#{len(out)}"] = Rel(kind, target, external)
        self._rels[part] = out
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The first internal part ``part`` relates to with relationship type ``kind``."""
        for rel in self.rels(part):
            if rel.kind == kind and not rel.external and self.has(rel.target):
                return rel.target
        return None

    def open(self, name: str) -> IO[bytes]:
        """A part's bytes as a stream (for iterparse)."""
        return self._zip.open(name)

    def fingerprint(self, name: str) -> tuple[int, int]:
        """(CRC-32, size) of a part, from the zip's directory: equal parts, equal prints."""
        info = self._zip.getinfo(name)
        return info.CRC, info.file_size

    def read(self, name: str) -> bytes:
        """A part's bytes."""
        return self._zip.read(name)

    def xml(self, name: str) -> Any:
        """A part parsed whole (slides, styles, relationships: small parts)."""
        try:
            return etree.fromstring(self._zip.read(name), self._parser)
        except KeyError:
            raise corrupt(self.path, self.what, f"{name} is missing") from None
        except (etree.LxmlError, zipfile.BadZipFile, EOFError) as exc:
            raise corrupt(self.path, self.what, f"{name}: {type(exc).__name__}") from None

    def iterparse(self, name: str, tags: tuple[str, ...]) -> Iterator[Any]:
        """Elements with these tags as each one ends, streamed (a large document part)."""
        try:
            with self._zip.open(name) as stream:
                for _, element in etree.iterparse(
                    stream,
                    events=("end",),
                    tag=tags,
                    resolve_entities=False,
                    no_network=True,
                    load_dtd=False,
                    remove_blank_text=True,
                ):
                    yield element
        except KeyError:
            raise corrupt(self.path, self.what, f"{name} is missing") from None
        except (etree.LxmlError, zipfile.BadZipFile, EOFError) as exc:
            raise corrupt(self.path, self.what, f"{name}: {type(exc).__name__}") from None
