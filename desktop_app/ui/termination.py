"""SIGTERM and SIGHUP (logging out, shutting down, `kill`) quit the app like its Quit command.

Qt's event loop runs in C++, where Python signal handlers never run: without this the process
died at once, without stopping the indexer or saving the window's layout and the pause. The
signal's number is written to a socket (``signal.set_wakeup_fd``) that the event loop watches.
"""

from __future__ import annotations

import signal
import socket
import sys
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

__all__ = ["TerminationWatch"]

_QUIT_SIGNALS = ("SIGTERM", "SIGHUP")


class TerminationWatch(QObject):
    """While it lives, a termination signal quits ``app``'s event loop (POSIX only)."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._numbers = {
            int(getattr(signal, name)) for name in _QUIT_SIGNALS if hasattr(signal, name)
        }
        if sys.platform == "win32" or not self._numbers:
            return
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        signal.set_wakeup_fd(self._write.fileno())
        for number in self._numbers:
            signal.signal(number, self._noted)

    @staticmethod
    def _noted(signum: int, frame: FrameType | None) -> None:
        """Replaces the default (die at once); the wakeup byte does the work."""

    def _woken(self) -> None:
        try:
            received = self._read.recv(64)
        except BlockingIOError:
            return
        if any(byte in self._numbers for byte in received):
            self._app.quit()
