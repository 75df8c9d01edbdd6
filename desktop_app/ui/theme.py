"""Light and dark themes that follow the OS, and the few style touches Trove adds.

On Windows and macOS the native style already follows the OS scheme. Elsewhere (and for the
offscreen platform) Trove uses Fusion with a palette built for the scheme, and switches when the OS
switches.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.ui import icons

__all__ = ["apply_theme", "is_dark"]

_ACCENT = QColor("#3d7be0")


def is_dark() -> bool:
    """True when the OS (or the platform plugin) asks for a dark scheme."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#e6e6e6")
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#26282b")),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff6b6b")),
        (QPalette.ColorRole.Link, QColor("#79a8ff")),
        (QPalette.ColorRole.Highlight, _ACCENT),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.PlaceholderText, QColor("#8c8f94")),
    ):
        p.setColor(role, color)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7277"))
    return p


def _light_palette(app: QApplication) -> QPalette:
    p = app.style().standardPalette()
    p.setColor(QPalette.ColorRole.Highlight, _ACCENT)
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return p


def apply_theme(app: QApplication) -> None:
    """Style the app for the OS scheme now and whenever it changes."""
    native = sys.platform in ("win32", "darwin")
    if not native:
        app.setStyle("Fusion")

    def refresh() -> None:
        if not native:
            app.setPalette(_dark_palette() if is_dark() else _light_palette(app))
        icons.clear_cache()

    refresh()
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: refresh())
