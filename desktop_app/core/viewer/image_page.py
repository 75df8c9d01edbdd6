"""An image file shown as a page: the picture OCR read (the same frame, the same EXIF turn),
scaled like a PDF page so the viewer's zoom steps and fit-width work the same way.

An image is a page 612 points wide (US Letter) when it is wider than that in pixels, else one
point per pixel; zoom 1.0 is 72 dpi as for a PDF.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.errors import ConfigError
from desktop_app.core.ocr.images import frame_count, image_frames
from desktop_app.core.viewer.pdf_page import PageImage

__all__ = ["IMAGE_SUFFIXES", "is_image", "render_image"]

IMAGE_SUFFIXES = frozenset(
    (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp", ".heic", ".heif")
)
_PAGE_WIDTH_PT = 612.0
_MAX_EDGE_PX = 8000  # what one rendered page may be at the largest zoom


def is_image(path: str | Path) -> bool:
    """Whether ``path`` is an image file Trove reads by OCR."""
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def render_image(path: str | Path, page: int = 1, zoom: float = 1.5) -> PageImage:
    """Frame ``page`` (1-based; a multi-page TIFF has several) of the image at ``zoom``."""
    from PIL import Image

    try:
        frames, _, _ = frame_count(Path(path))
        if not 1 <= page <= frames:
            raise ConfigError(f"{Path(path).name} has no page {page} (it has {frames}).")
        ((_, picture),) = list(image_frames(Path(path), [page]))
    except (OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ConfigError(f"Trove cannot open {path} as an image ({exc}).") from None
    points_per_pixel = min(1.0, _PAGE_WIDTH_PT / max(1, picture.width))
    scale = points_per_pixel * max(0.1, min(float(zoom), 6.0))
    scale = min(scale, _MAX_EDGE_PX / max(picture.size))
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    if size != picture.size:
        picture = picture.resize(size, Image.Resampling.BILINEAR)
    pixels = picture.tobytes("raw", "BGR")
    return PageImage(page, frames, size[0], size[1], size[0] * 3, pixels, [], "BGR")
