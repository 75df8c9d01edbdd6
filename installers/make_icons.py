"""Render resources/icons/trove.svg to the app icon files: trove.png, trove.ico, trove.icns.

Also trove-<size>.png for 16-256 px, which the window and tray icon use (desktop_app.ui.icons).

Run from the repo root after editing the SVG (the rendered files are committed, so builds need
neither Qt's SVG renderer nor Pillow at packaging time):

    python installers/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

__all__ = ["main", "render_png"]

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def render_png(svg: Path, size: int) -> bytes:
    """Render the SVG to a square PNG of ``size`` pixels with Qt's SVG renderer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; runtime wants str
    return bytes(data.data())


def main() -> int:
    """Write trove.png (256 px), trove-<size>.png, trove.ico (16-256 px), trove.icns (16-1024)."""
    from PIL import Image

    svg = ICONS / "trove.svg"
    (ICONS / "trove.png").write_bytes(render_png(svg, 256))
    # Each ICO size is rendered from the vector, not downscaled from one bitmap: crisp small sizes.
    pngs = {size: render_png(svg, size) for size in ICO_SIZES}
    for size, png in pngs.items():
        (ICONS / f"trove-{size}.png").write_bytes(png)
    frames = [Image.open(io.BytesIO(pngs[s])) for s in ICO_SIZES]
    frames[-1].save(
        ICONS / "trove.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=frames
    )
    big = Image.open(io.BytesIO(render_png(svg, 1024)))
    big.save(ICONS / "trove.icns", format="ICNS")
    for name in ("trove.png", "trove.ico", "trove.icns"):
        print(f"{ICONS / name}: {(ICONS / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
