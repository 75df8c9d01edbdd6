"""Theme-aware icons: monochrome SVGs in resources/icons/ui, drawn in the palette's text colour.

The SVGs use ``currentColor``; each icon is rendered once per colour and cached, as a scalable
QIcon (QSvgRenderer draws at the requested size), so icons stay crisp at any DPI and follow the
light or dark theme.
"""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop_app.resources import resource_path

__all__ = ["app_icon", "file_icon", "icon"]

_BY_EXTENSION = {
    ".pdf": "file-pdf",
    ".txt": "file-text",
    ".md": "file-text",
    ".rst": "file-text",
    ".rtf": "file-doc",
    ".doc": "file-doc",
    ".docx": "file-doc",
    ".odt": "file-doc",
    ".xlsx": "file-sheet",
    ".xls": "file-sheet",
    ".ods": "file-sheet",
    ".csv": "file-sheet",
    ".pptx": "file-slides",
    ".odp": "file-slides",
    ".html": "file-code",
    ".htm": "file-code",
    ".xml": "file-code",
    ".json": "file-code",
    ".py": "file-code",
}


class _SvgEngine(QIconEngine):
    """Renders one SVG at whatever size Qt asks, in normal and disabled colours.

    Qt asks a custom engine for a pixmap on every paint of every row that shows the icon, so the
    parsed SVG and each rendered size are kept.
    """

    def __init__(self, svg: bytes, color: QColor, disabled: QColor) -> None:
        super().__init__()
        self._svg = svg
        self._color = color
        self._disabled = disabled
        self._renderers: dict[bool, QSvgRenderer] = {}
        self._pixmaps: dict[tuple[int, int, bool], QPixmap] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        disabled = mode == QIcon.Mode.Disabled
        renderer = self._renderers.get(disabled)
        if renderer is None:
            color = self._disabled if disabled else self._color
            data = self._svg.replace(b"currentColor", color.name().encode())
            renderer = self._renderers[disabled] = QSvgRenderer(QByteArray(data))
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), mode == QIcon.Mode.Disabled)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = QPixmap(size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderer(mode).render(painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()
            self._pixmaps[key] = pixmap
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._svg, self._color, self._disabled)


@cache
def _svg(name: str) -> bytes:
    return resource_path("icons", "ui", f"{name}.svg").read_bytes()


def _colors() -> tuple[QColor, QColor]:
    palette = QGuiApplication.palette()
    return (
        palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
    )


_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The UI icon ``name`` in the current theme's text colour (or ``color``)."""
    normal, disabled = _colors()
    normal = color or normal
    key = (name, normal.name() + disabled.name())
    if key not in _cache:
        _cache[key] = QIcon(_SvgEngine(_svg(name), normal, disabled))
    return _cache[key]


def file_icon(path: str) -> QIcon:
    """An icon for a file by its extension."""
    return icon(_BY_EXTENSION.get(os.path.splitext(path)[1].lower(), "file"))


def app_icon() -> QIcon:
    """Trove's own icon (window, tray, about box)."""
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = resource_path("icons", f"trove-{size}.png")
        if png.exists():
            result.addFile(str(png), QSize(size, size))
    svg = resource_path("icons", "trove.svg")
    if result.isNull() and svg.exists():
        result = QIcon(str(svg))
    return result


def clear_cache() -> None:
    """Forget rendered icons (after a theme change)."""
    _cache.clear()
