"""When typing searches: the query as typed after a short pause, and the query the user settles
on (a longer pause) once more with its translations.

Translating a query asks the chat NIM (``search.translate_to``), which is slower and costs a
call; partial queries are not worth one, so only the settled query is translated.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

__all__ = ["DEBOUNCE_MS", "SETTLE_MS", "SearchPace"]

DEBOUNCE_MS = 250  # long enough to skip the middle of a word, short enough to feel instant
SETTLE_MS = 1200  # a pause this long means the query is the one meant: worth translating


class SearchPace(QObject):
    """Two single-shot timers restarted by every keystroke."""

    typed = Signal()  # search the query as typed
    settled = Signal()  # search the query with its translations

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.typed.emit)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.settled.emit)

    def keystroke(self, translating: bool) -> None:
        """A key changed the query: wait for a pause; a long one too when ``translating``."""
        self._debounce.start()
        if translating:
            self._settle.start()

    def searched(self, translated: bool) -> None:
        """A search started: the typing pause is over; the settled one too when ``translated``."""
        self._debounce.stop()
        if translated:
            self._settle.stop()
