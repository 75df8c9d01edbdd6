"""The Search view's status line: "Searching…" while a slow search runs, else a notice and the
query's translations that were searched too ("Also searched as: …", ``search.translate_to``).

The line is always there, so nothing below it moves when it speaks; a text too long for it is
elided, whole in its tooltip. Strings keep the "SearchView" translation context.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop_app.ui.plain_text import escaped

__all__ = ["SearchStatus"]


class SearchStatus(QWidget):
    """A moving bar and one line of text: the running search, or the last search's notice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self._notice_text = ""
        self._translations: list[str] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("searchBusy")
        self.busy_bar.setRange(0, 0)  # no known end: Qt shows a moving bar
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedSize(60, 8)
        keep = self.busy_bar.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.busy_bar.setSizePolicy(keep)
        self.busy_bar.setVisible(False)
        self.notice = QLabel()
        self.notice.setObjectName("searchNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.notice.setMinimumWidth(1)
        self.notice.setFixedHeight(self.notice.fontMetrics().lineSpacing() + 4)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.notice, 1)

    def text(self) -> str:
        """The line's whole text (the line itself may be elided)."""
        if self.busy:
            return QCoreApplication.translate("SearchView", "Searching…")
        parts = [self._notice_text] if self._notice_text else []
        if self._translations:
            # The chat NIM's words, shown as plain text (the label is never rich text).
            quoted = ", ".join(f"“{text}”" for text in self._translations)
            also = QCoreApplication.translate("SearchView", "Also searched as: {translations}")
            parts.append(also.format(translations=quoted))
        return "  ·  ".join(parts)

    def set_busy(self, busy: bool) -> None:
        """Say that a search runs (over the notice) or no longer does."""
        self.busy = busy
        self.busy_bar.setVisible(busy)
        self._show()

    def set_notice(self, text: str) -> None:
        """The notice shown when no search runs; empty for none."""
        self._notice_text = text
        self._show()

    def set_translations(self, translations: list[str]) -> None:
        """The query's translations the shown results were also searched with; empty for none."""
        self._translations = [str(text) for text in translations]
        self._show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-fit the line to the new width."""
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        text = self.text()
        elided = self.notice.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, max(50, self.notice.width())
        )
        self.notice.setText(elided)
        self.notice.setToolTip(escaped(text) if elided != text else "")
