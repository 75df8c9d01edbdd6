"""Document text in Qt widgets is shown as written, never read as HTML.

QLabel, QMessageBox and tooltips guess whether a string is HTML (``Qt.mightBeRichText``), so a
file name or heading like ``<font size=7><img src=…>`` would be rendered and a local image
loaded. Labels that show such text are set to plain text; tooltips and message boxes, which
cannot be told, get the text escaped inside a rich-text paragraph.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

__all__ = ["escaped", "plain_label"]


def plain_label(label: QLabel) -> QLabel:
    """``label`` set to show its text literally; returned for chaining."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def escaped(text: str) -> str:
    """``text`` for a tooltip or a message box: rich text that reads exactly as ``text``."""
    return '<p style="white-space:pre-wrap">' + html.escape(text, quote=False) + "</p>"
