"""Page images for OCR: image files' frames, PDF pages rendered by PDFium, sized to fit a NIM.

Pillow reads PNG, JPEG, TIFF (every page of a multi-page one), WebP and BMP (HEIC with
pillow-heif, the ``ocr`` extra); PDF pages are
rendered by pypdfium2, the library that reads their text layer. An image too small to hold
readable text (an icon, a logo) is skipped by size before anything is sent anywhere.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

    from desktop_app.core.nim.ocr import OcrImage

__all__ = [
    "IMAGE_EXTENSIONS",
    "MAX_EDGE",
    "encode_to_fit",
    "frame_count",
    "image_frames",
    "is_too_small",
    "pdf_pages",
]

IMAGE_EXTENSIONS = ".png .jpg .jpeg .tif .tiff .webp .bmp"
# Shorter than this on either side, or smaller than this area, holds no line worth reading.
MIN_SIDE_PX = 48
MIN_AREA_PX = 150 * 150
# The long edge pages are sent at: nv-ingest renders ~1024 px; text stays legible up to A4 at
# ~170 dpi, and an OCR model gains little past it.
MAX_EDGE = 2048
# Decompression bombs: a 20,000 x 20,000 image is already 1.2 GB of RGB.
_MAX_PIXELS = 200_000_000


def is_too_small(width: int, height: int) -> bool:
    """Whether an image of this size is an icon or a logo rather than text."""
    return min(width, height) < MIN_SIDE_PX or width * height < MIN_AREA_PX


def _open(path: Path) -> Image.Image:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    if path.suffix.lower() in (".heic", ".heif"):
        import pillow_heif

        pillow_heif.register_heif_opener()
    return Image.open(path)


def frame_count(path: Path) -> tuple[int, int, int]:
    """(frames, width, height) of an image file, read from its header only."""
    with _open(path) as image:
        return int(getattr(image, "n_frames", 1)), image.width, image.height


def image_frames(path: Path, frames: list[int]) -> Iterator[tuple[int, Image.Image]]:
    """The given frames (1-based) of an image file, as RGB images; a multi-page TIFF has many."""
    from PIL import ImageOps

    with _open(path) as image:
        for number in frames:
            image.seek(number - 1)
            frame = ImageOps.exif_transpose(image) if number == 1 else image.copy()
            yield number, _rgb(frame if frame is not None else image)


def pdf_pages(
    path: Path, pages: list[int], dpi: int, max_edge: int = MAX_EDGE
) -> Iterator[tuple[int, Image.Image]]:
    """The given pages (1-based) of a PDF, rendered at ``dpi`` (capped at ``max_edge``)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in pages:
            page = pdf[number - 1]
            try:
                width, height = page.get_size()  # points, 1/72 inch
                scale = min(dpi / 72, max_edge / max(width, height, 1))
                bitmap = page.render(scale=scale, grayscale=True)
                yield number, _rgb(bitmap.to_pil())
            finally:
                page.close()
    finally:
        pdf.close()


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "P"):
        from PIL import Image

        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))  # transparent text backgrounds read as paper
        return white
    return image.convert("RGB") if image.mode != "RGB" else image


def encode_to_fit(image: Image.Image, max_b64_chars: int, max_edge: int = MAX_EDGE) -> OcrImage:
    """The page as PNG, or JPEG when PNG is too big, shrunk until its base64 fits the cap.

    PNG keeps thin strokes sharp and compresses clean scans well; a photo or a noisy scan is
    smaller as JPEG. The hosted OCR refuses more than ~180,000 base64 characters (422).
    """
    from PIL import Image

    if max(image.size) > max_edge:
        image = _scaled(image, max_edge / max(image.size))
    for _ in range(12):
        png = _encoded(image, "PNG")
        if png.b64_chars <= max_b64_chars:
            return png
        for quality in (85, 70):
            jpeg = _encoded(image, "JPEG", quality)
            if jpeg.b64_chars <= max_b64_chars:
                return jpeg
        # Area scales the bytes: shrink by the square root of how far off the JPEG is.
        ratio = (max_b64_chars / jpeg.b64_chars) ** 0.5 * 0.95
        image = _scaled(image, max(0.3, min(ratio, 0.9)))
        if max(image.size) < 64:
            break
    image = image.resize((64, 64), Image.Resampling.LANCZOS)
    return _encoded(image, "JPEG", 50)


def _scaled(image: Image.Image, factor: float) -> Image.Image:
    from PIL import Image

    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _encoded(image: Image.Image, fmt: str, quality: int = 90) -> OcrImage:
    # Imported here: listing pictures by size (every DOCX/PPTX) must not load the NIM client.
    from desktop_app.core.nim.ocr import OcrImage

    buffer = io.BytesIO()
    if fmt == "PNG":
        image.save(buffer, "PNG", optimize=False, compress_level=6)
        return OcrImage(buffer.getvalue(), "image/png")
    image.save(buffer, "JPEG", quality=quality)
    return OcrImage(buffer.getvalue(), "image/jpeg")
