"""The message bridge: any UI code can tell the user something, before or after the window exists.

Messages sent before a window connects are kept and replayed on connect (qutebrowser's
utils/message.py), so an error at startup is not lost. A ``TroveError`` becomes its sentence plus
its hint; the key never appears because every ``TroveError`` message is scrubbed in the core.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop_app.core.errors import (
    NimAuthError,
    NimForbiddenError,
    SecretStoreError,
    TroveError,
)
from desktop_app.ui.core_text import error_hint, error_text

__all__ = ["Message", "MessageBridge"]


@dataclass(frozen=True)
class Message:
    """One thing to tell the user: ``level`` is "info", "warning" or "error"."""

    level: str
    text: str
    hint: str = ""
    needs_user: bool = False  # only the user can fix it (a rejected key, no keyring)


class MessageBridge(QObject):
    """Collects user-facing messages and hands them to whoever shows them."""

    shown = Signal(object)  # Message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[Message] = []
        self._connected = False
        self.history: list[Message] = []

    def attach(self) -> list[Message]:
        """Called by the window once it listens: returns the messages it missed."""
        self._connected = True
        pending, self._pending = self._pending, []
        return pending

    def info(self, text: str) -> None:
        """Something worth knowing."""
        self._send(Message("info", text))

    def warning(self, text: str, hint: str = "") -> None:
        """Something went partly wrong; work goes on."""
        self._send(Message("warning", text, hint))

    def error(self, error: BaseException | str, hint: str = "") -> None:
        """Something failed: a ``TroveError`` shows its sentence and what to do next."""
        if isinstance(error, TroveError):
            needs_user = isinstance(error, (NimAuthError, NimForbiddenError, SecretStoreError))
            self._send(Message("error", error_text(error), error_hint(error) or hint, needs_user))
        else:
            self._send(Message("error", str(error), hint))

    def _send(self, message: Message) -> None:
        self.history.append(message)
        del self.history[:-200]
        if self._connected:
            self.shown.emit(message)
        else:
            self._pending.append(message)
