"""A live progress line on the terminal from engine events; plain lines when not a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from desktop_app.commands.terminal import clean

__all__ = ["ProgressPrinter"]

# Failure lines printed one by one; beyond these, failures are counted per reason and summed
# up at the end (20,000 broken files must not scroll 20,000 lines past).
SHOWN_FAILURES = 20


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds)
    if seconds >= 3600:
        return f", ETA {seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f", ETA {seconds // 60}m{seconds % 60:02d}s"


class ProgressPrinter:
    """Turns events into one rewritten status line (tty) or a line every few seconds (logs)."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr  # looked up now: tests and callers may replace it
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self._last = 0.0
        self._width = 0
        self._failures = 0
        self._unshown: dict[str, int] = {}

    def __call__(self, event: dict[str, Any]) -> None:
        """Handle one engine event."""
        kind = event.get("type")
        if kind == "file_failed":
            self._failures += 1
            if self._failures <= SHOWN_FAILURES:
                self._line(f"failed: {event['path']}: {event['message']}", force=True)
            else:
                reason = str(event.get("reason") or "failed")
                self._unshown[reason] = self._unshown.get(reason, 0) + 1
        elif kind == "live_state" and event.get("state") == "idle":
            self._sum_up_failures()  # `trove watch`: a burst of changes is done
        elif kind == "warning" and event.get("message"):
            where = f"{event['path']}: " if event.get("path") else ""
            self._line(f"warning: {where}{event['message']}", force=True)
        elif kind == "vector_status" and event.get("state") == "paused":
            self._line(f"semantic indexing paused: {event['message']}", force=True)
        elif kind == "progress" and not self.quiet:
            stage = {
                "scan": "scanning",
                "text": "reading files",
                "ocr": "reading scans (OCR)",
                "vectors": "embedding chunks",
            }
            rate = event.get("rate")
            unit = {"vectors": "chunks", "ocr": "pages"}.get(event["stage"], "files")
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
        """End the live line; sum up the failures not shown one by one."""
        if self.tty and self._width:
            self.stream.write("\n")
            self._width = 0
            self.stream.flush()
        self._sum_up_failures()

    def _sum_up_failures(self) -> None:
        """One line for the failures past SHOWN_FAILURES; the next burst shows lines again."""
        if self._unshown:
            more = sum(self._unshown.values())
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self._unshown.items()))
            self._line(f"failed: {more} more files ({reasons}); 'trove status' lists them all")
        self._unshown = {}
        self._failures = 0
