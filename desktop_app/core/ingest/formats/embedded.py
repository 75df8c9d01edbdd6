"""Pictures inside DOCX and PPTX files (a scanned page pasted into Word, a photographed
whiteboard on a slide): listed by the cheap pass, read by OCR in the second one.

Both passes list a file's pictures the same way (DOCX: image parts by name; PPTX: picture
shapes slide by slide), so ``Extracted.ocr_pages`` can number them (1-based). Icons and logos
are left out by size, read from the image header only.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from desktop_app.core.ingest.document import Location
from desktop_app.core.ocr.images import is_too_small

__all__ = ["docx_images", "embedded_images", "open_image", "pptx_images", "readable_images"]


def docx_images(document: Any) -> list[tuple[Location, bytes]]:
    parts = {
        rel.target_part.partname: rel.target_part.blob
        for rel in document.part.rels.values()
        if not rel.is_external and rel.reltype.endswith("/image")
    }
    return [(Location(), parts[name]) for name in sorted(parts)]


def pptx_images(deck: Any) -> list[tuple[Location, bytes]]:
    out: list[tuple[Location, bytes]] = []

    def walk(shapes: Any, slide: int) -> None:
        for shape in shapes:
            kind = getattr(shape, "shape_type", None)
            if kind == 6:  # MSO_SHAPE_TYPE.GROUP
                walk(shape.shapes, slide)
            elif kind == 13:  # MSO_SHAPE_TYPE.PICTURE
                try:
                    out.append((Location(slide=slide), shape.image.blob))
                except (AttributeError, KeyError, ValueError):
                    continue  # a linked (external) picture: nothing inside the file

    for number, slide in enumerate(deck.slides, start=1):
        walk(slide.shapes, number)
    return out


def embedded_images(path: Path, kind: str) -> list[tuple[Location, bytes]]:
    """Every picture in a DOCX or PPTX file, in a stable order, with where it sits."""
    if kind == "docx":
        import docx

        return docx_images(docx.Document(str(path)))
    if kind == "pptx":
        from pptx import Presentation

        return pptx_images(Presentation(str(path)))
    return []


def readable_images(images: list[tuple[Location, bytes]]) -> tuple[int, ...]:
    """The numbers (1-based) of the pictures big enough to hold text that Pillow can open."""
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
