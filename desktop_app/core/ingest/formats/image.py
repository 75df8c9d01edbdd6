"""Image files (PNG, JPEG, TIFF, WebP, BMP): their frames are left for OCR, read later.

The cheap pass opens only the header (Pillow reads size and frame count without decoding), so
a folder of photos costs nothing before every document is keyword-searchable. Icons and logos,
too small to hold a line of text, are skipped by size.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.errors import EmptyFileError
from desktop_app.core.ingest.document import Extracted
from desktop_app.core.ingest.formats.common import corrupt
from desktop_app.core.ocr.images import frame_count, is_too_small

__all__ = ["extract_image"]


def extract_image(path: Path) -> Extracted:
    """No text yet: every frame is listed for OCR (a multi-page TIFF has many)."""
    from PIL import UnidentifiedImageError

    try:
        frames, width, height = frame_count(path)
    except (UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise corrupt(path, "image", str(exc)) from None
    if is_too_small(width, height):
        raise EmptyFileError(
            str(path),
            f"'{path.name}' is too small to hold text ({width}x{height} px); it was not read.",
            "",
        )
    return Extracted("image", [], None, [], ocr_pages=tuple(range(1, frames + 1)))
