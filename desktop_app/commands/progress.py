"""A live progress line on the terminal from engine events; plain lines when not a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from desktop_app.commands.terminal import clean

__all__ = ["ProgressPrinter"]


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds)
    if seconds >= 3600:
        return f", ETA {seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f", ETA {seconds // 60}m{seconds % 60:02d}s"


class ProgressPrinter:
    """Turns events into one rewritten status line (tty) or a line every few seconds (logs)."""

    def __init__(self, stream: TextIO = sys.stderr, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty()
        self._last = 0.0
        self._width = 0

    def __call__(self, event: dict[str, Any]) -> None:
        """Handle one engine event."""
        kind = event.get("type")
        if kind == "file_failed":
            self._line(f"failed: {event['path']}: {event['message']}", force=True)
        elif kind == "vector_status" and event.get("state") == "paused":
            self._line(f"semantic indexing paused: {event['message']}", force=True)
        elif kind == "progress" and not self.quiet:
            stage = {"scan": "scanning", "text": "reading files", "vectors": "embedding chunks"}
            rate = event.get("rate")
            unit = "chunks" if event["stage"] == "vectors" else "files"
            total = f"/{event['total']}" if event.get("total") else ""
            text = f"{stage.get(event['stage'], event['stage'])}: {event['done']}{total} {unit}"
            if rate:
                text += f" ({rate:.1f}/s{_eta(event.get('eta_s'))})"
            self._status(text)

    def _status(self, text: str) -> None:
        text = clean(text)  # stage names and paths come from the engine; \r and \n are ours
        now = time.monotonic()
        if self.tty:
            if now - self._last < 0.1:
                return
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self._width = len(text)
        elif now - self._last >= 5:
            self.stream.write(text + "\n")
        else:
            return
        self._last = now
        self.stream.flush()

    def _line(self, text: str, force: bool = False) -> None:
        text = clean(text)
        if self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0
        self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        """End the live line."""
        if self.tty and self._width:
            self.stream.write("\n")
            self._width = 0
            self.stream.flush()
