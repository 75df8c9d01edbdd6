"""The API key field that Settings and the first-run wizard share: the key (hidden unless asked),
a gentle warning when a key for the NVIDIA API catalog lacks its ``nvapi-`` prefix
(``secrets.doubtful_catalog_key``), and where the key comes from now.

Where the key comes from (environment, keyring, none) and whether a keyring is usable are read
off the GUI thread (``secrets.key_state``): a locked keyring may block, and the environment is
the core's to read. The strings keep the translation context ("SettingsDialog") they had.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.core import secrets
from desktop_app.core.secrets import KeyState
from desktop_app.ui.plain_text import plain_label

__all__ = ["ApiKeyEditor", "Run"]

# How a host runs work off the GUI thread: run(work, on_done, on_error).
Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], Any]


def _note(name: str) -> QLabel:
    label = plain_label(QLabel())
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setVisible(False)  # each note appears only when it has something to say
    return label


class ApiKeyEditor(QWidget):
    """The key field with its show toggle and warning; ``state`` says where the key comes from."""

    edited = Signal()  # the typed text changed
    stateKnown = Signal(object)  # a KeyState, read off the GUI thread

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hosted = True  # the nvapi- rule applies to the NVIDIA API catalog only
        self.state: KeyState | None = None
        self.key = QLineEdit(self)
        self.key.setObjectName("apiKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(secrets.CATALOG_KEY_PREFIX + "…")
        self.key.setAccessibleName(accessible_name)
        self.key.textChanged.connect(self._on_edited)
        self.show_key = QCheckBox(QCoreApplication.translate("SettingsDialog", "Show"), self)
        self.show_key.setObjectName("showKey")
        self.show_key.toggled.connect(self._toggle_echo)
        self.key_warning = _note("keyWarning")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.key, 1)
        row.addWidget(self.show_key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.key_warning)

    def text(self) -> str:
        """The typed key, trimmed."""
        return self.key.text().strip()

    def clear(self) -> None:
        """Empty the field (the keyring has the key: the widget need not hold it)."""
        self.key.clear()

    def set_hosted(self, hosted: bool) -> None:
        """Whether the key is for the NVIDIA API catalog (where keys start with nvapi-)."""
        self.hosted = hosted
        self._on_edited()

    def probe(self, run: Run, env_name: str) -> None:
        """Find out, off the GUI thread, where the key comes from now; ``stateKnown`` tells."""
        run(lambda: secrets.key_state(env_name), self._state_known, lambda exc: None)

    def _state_known(self, state: KeyState) -> None:
        self.state = state
        self.stateKnown.emit(state)

    def _toggle_echo(self, shown: bool) -> None:
        self.key.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _on_edited(self) -> None:
        doubtful = self.hosted and secrets.doubtful_catalog_key(self.key.text())
        self.key_warning.setText(
            QCoreApplication.translate(
                "SettingsDialog",
                "NVIDIA API catalog keys start with nvapi-. Check that you copied the whole key.",
            )
            if doubtful
            else ""
        )
        self.key_warning.setVisible(doubtful)
        self.edited.emit()

    def warn(self, text: str) -> None:
        """Show a sentence where the format warning goes (e.g. that a key is needed)."""
        self.key_warning.setText(text)
        self.key_warning.setVisible(bool(text))
