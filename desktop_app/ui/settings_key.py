"""The Settings dialog's API key box: where the key comes from, and Save / Remove, which act on
the keyring at once (off the GUI thread). The field itself is the editor the wizard uses too.
Strings keep the "SettingsDialog" translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core import secrets
from desktop_app.core.secrets import KeyState
from desktop_app.ui.api_key_editor import ApiKeyEditor, Run
from desktop_app.ui.core_text import error_hint, error_text
from desktop_app.ui.icons import icon
from desktop_app.ui.plain_text import plain_label

__all__ = ["KeyBox"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def _note(name: str) -> QLabel:
    label = plain_label(QLabel())
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class KeyBox(QGroupBox):
    """The key's state, a field for a new one, Save (or Replace) and Remove."""

    changed = Signal()  # the key was saved or removed in the keyring

    def __init__(
        self, run: Run, env_name: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(QCoreApplication.translate("SettingsDialog", "API key"), parent)
        self._run = run
        self._env_name = env_name
        form = QFormLayout(self)
        self.key_status = _note("keyStatus")
        form.addRow(self.key_status)
        self.keyring_note = _note("keyringNote")
        self.keyring_note.setVisible(False)
        form.addRow(self.keyring_note)
        self.editor = ApiKeyEditor(QCoreApplication.translate("SettingsDialog", "New API key"))
        self.editor.edited.connect(self._update_save)
        self.editor.stateKnown.connect(self._show_state)
        self.key = self.editor.key
        label = QLabel(QCoreApplication.translate("SettingsDialog", "New key"), self)
        label.setBuddy(self.key)
        form.addRow(label, self.editor)
        buttons = QHBoxLayout()
        self.save_key = QPushButton(QCoreApplication.translate("SettingsDialog", "Save key"), self)
        self.save_key.setObjectName("saveKey")
        self.save_key.setEnabled(False)
        self.save_key.clicked.connect(self.store)
        self.remove_key = QPushButton(
            icon("trash"), QCoreApplication.translate("SettingsDialog", "Remove key"), self
        )
        self.remove_key.setObjectName("removeKey")
        self.remove_key.setEnabled(False)
        self.remove_key.clicked.connect(self.delete)
        buttons.addWidget(self.save_key)
        buttons.addWidget(self.remove_key)
        buttons.addStretch(1)
        form.addRow(buttons)
        note = _note("keyNote")
        note.setText(
            QCoreApplication.translate(
                "SettingsDialog",
                "The key is kept in your system's keyring; Save and Remove apply at once.",
            )
        )
        form.addRow(note)

    def refresh(self) -> None:
        """Read where the key comes from now (off the GUI thread) and show it."""
        self.editor.probe(self._run, self._env_name())

    def _show_state(self, state: KeyState) -> None:
        name = self._env_name()
        if state.from_env:
            text = QCoreApplication.translate(
                "SettingsDialog",
                "The key comes from the environment variable {name}, which overrides the keyring.",
            ).format(name=name)
        elif state.source == "keyring":
            text = QCoreApplication.translate("SettingsDialog", "A key is saved in the keyring.")
        else:
            text = QCoreApplication.translate(
                "SettingsDialog", "No key is saved. Local NIMs usually need none."
            )
        self.key_status.setText(text)
        stored = state.source == "keyring"
        self.remove_key.setEnabled(state.keyring_usable and stored)
        self.save_key.setText(
            QCoreApplication.translate("SettingsDialog", "Replace key")
            if stored
            else QCoreApplication.translate("SettingsDialog", "Save key")
        )
        if state.keyring_usable:
            self.keyring_note.setText(
                QCoreApplication.translate("SettingsDialog", "Keyring: {backend}").format(
                    backend=state.keyring
                )
            )
        else:
            self.keyring_note.setText(
                QCoreApplication.translate(
                    "SettingsDialog",
                    "No usable system keyring was found, so Trove cannot save a key. Set it in "
                    "the environment instead ({name}=nvapi-…) and restart Trove.",
                ).format(name=name)
            )
        self.keyring_note.setVisible(True)
        self.key.setEnabled(state.keyring_usable)
        self._update_save()

    def _update_save(self) -> None:
        usable = self.editor.state is None or self.editor.state.keyring_usable
        self.save_key.setEnabled(bool(self.editor.text()) and usable)

    def store(self) -> None:
        """Save the typed key in the keyring (off the GUI thread)."""
        text = self.editor.text()
        if not text:
            return
        self.save_key.setEnabled(False)
        self._run(lambda: secrets.store_api_key(text), self._stored, self._failed)

    def delete(self) -> None:
        """Remove the key from the keyring (off the GUI thread)."""
        self.remove_key.setEnabled(False)
        self._run(secrets.delete_api_key, self._stored, self._failed)

    def _stored(self, _: Any) -> None:
        self.editor.clear()  # in the keyring now; the field need not hold it
        self.changed.emit()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        hint = error_hint(exc)
        self.key_status.setText(text + ("\n" + hint if hint else ""))
        self._update_save()
