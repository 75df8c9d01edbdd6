"""Pictures inside DOCX and PPTX files (a scanned page pasted into Word, a photographed
whiteboard on a slide): listed by the cheap pass, read by OCR in the second one.

Both passes list a file's pictures the same way (DOCX: the document's image parts by name;
PPTX: picture shapes slide by slide, in each slide's file order), so ``Extracted.ocr_pages``
can number them (1-based). Icons and logos are left out by size, read from the image header
only.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.ingest.document import Location
from desktop_app.core.ocr.images import is_too_small

if TYPE_CHECKING:
    from desktop_app.core.ingest.formats.ooxml import Package

__all__ = ["docx_pictures", "embedded_images", "open_image", "readable_images"]


def docx_pictures(package: Package, main: str) -> list[tuple[Location, bytes]]:
    """The image parts the document part relates to, by part name."""
    names = {
        rel.target
        for rel in package.rels(main)
        if rel.kind == "image" and not rel.external and package.has(rel.target)
    }
    return [(Location(), package.read(name)) for name in sorted(names)]


def embedded_images(path: Path, kind: str) -> list[tuple[Location, bytes]]:
    """Every picture in a DOCX or PPTX file, in a stable order, with where it sits."""
    from desktop_app.core.ingest.formats.ooxml import Package

    if kind == "docx":
        with Package(path, "Word") as package:
            return docx_pictures(package, package.main_part("word/document.xml"))
    if kind == "pptx":
        from desktop_app.core.ingest.formats.slides import deck_pictures

        with Package(path, "PowerPoint") as package:
            return deck_pictures(package)
    return []


def readable_images(images: list[tuple[Location, bytes]]) -> tuple[int, ...]:
    """The numbers (1-based) of the pictures big enough to hold text that Pillow can open."""
    if not images:
        return ()  # most documents: no need to load Pillow
    from PIL import Image

    out = []
    for number, (_, blob) in enumerate(images, start=1):
        try:
            with Image.open(io.BytesIO(blob)) as image:
                if not is_too_small(image.width, image.height):
                    out.append(number)
        except Exception:  # EMF/WMF vector art, a damaged picture: nothing for OCR
            continue
    return tuple(out)


def open_image(blob: bytes) -> Any:
    """A picture's bytes as an RGB image."""
    from PIL import Image

    with Image.open(io.BytesIO(blob)) as image:
        return image.convert("RGB")
