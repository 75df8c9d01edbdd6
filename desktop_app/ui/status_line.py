"""The status bar's line and progress bar: the indexer's progress while it comes, its state
between, and a bar that stays while it works (a slow NIM's wait never reads as finished)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar

from desktop_app.ui.status import describe_progress, describe_state

__all__ = ["BUSY_STATES", "StatusLine"]

# Live states in which the indexer works: the progress bar stays between its events.
BUSY_STATES = ("starting", "scanning", "indexing", "embedding")
_STEADY_STATES = ("idle", "paused", "keyword_only", "nim_unavailable", "disk_full")
_STAGES = ("scan", "text", "ocr", "vectors")


class StatusLine(QObject):
    """Drives ``text`` and ``bar`` from progress events and live states (``last_state``: the
    newest live state, read when the progress pauses)."""

    def __init__(
        self,
        text: QLabel,
        bar: QProgressBar,
        last_state: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.text = text
        self.bar = bar
        self._last_state = last_state
        self.pausing = False  # asked to pause, the indexer has not said "paused" yet
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(3000)
        self.idle.timeout.connect(self._progress_done)

    def show_progress(self, event: dict[str, Any]) -> bool:
        """Show a stage's progress event; False when it is not shown (another kind of event,
        or the last answers to requests sent before a pause: it is paused all the same)."""
        if event.get("stage") not in _STAGES or self.pausing:
            return False
        self.text.setText(describe_progress(event))
        total = int(event.get("total") or 0)
        self.bar.setRange(0, total if total else 0)
        if total:
            self.bar.setValue(int(event.get("done") or 0))
        self.bar.show()
        self.idle.start()
        return True

    def _progress_done(self) -> None:
        """No progress for a while: show the indexer's state again, unless it still works
        (then the bar and the newest progress line stay)."""
        state = self._last_state() or {"state": "idle"}
        if state.get("state") in BUSY_STATES:
            return
        self.bar.hide()
        self.text.setText(describe_state(state))

    def show_state(self, state: dict[str, Any], text: str) -> None:
        """A live state: a steady one (finished, stopped, waiting) replaces the progress."""
        kind = state.get("state")
        if kind in _STEADY_STATES:
            self.pausing = False
        if kind in _STEADY_STATES or not kind:
            self.text.setText(text)
            self.bar.hide()  # a finished (or stopped) run's bar does not linger
            self.idle.stop()

    def pause_asked(self) -> None:
        """The indexer stops at its next file or NIM answer; until it says "paused" the line
        says the pause is on its way rather than "Embedding ..."."""
        if (self._last_state() or {}).get("state") in BUSY_STATES:
            self.pausing = True
            self.text.setText(QCoreApplication.translate("MainWindow", "Pausing…"))
            self.bar.hide()
            self.idle.stop()
