"""The chat view's collapsible "Generation" panel: the ``chat.*`` sampling settings.

The chat service reads these settings when each question is asked (``ChatParams.from_settings``
over the engine's ``Settings``, the same object as ``bridge.settings``), so a change here applies
to the next question. Values are checked on the GUI thread with the option's own validator (pure,
no I/O); setting and saving run on the runner's one-thread ``write`` lane, which also keeps two
quick edits from saving out of order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.settings import option
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.core_text import core_text, error_text
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.plain_text import plain_label
from desktop_app.ui.tasks import owned_by

__all__ = ["PARAM_KEYS", "GenerationPanel", "format_value"]

PARAM_KEYS = (
    "chat.temperature",
    "chat.top_p",
    "chat.max_tokens",
    "chat.frequency_penalty",
    "chat.presence_penalty",
    "chat.stop",
    "chat.seed",
)


def format_value(key: str, value: Any) -> str:
    """A setting's value as the panel's text field shows it."""
    if value is None:
        return ""
    if isinstance(value, list):
        simple = all(v and v == v.strip() and "," not in v and v.isprintable() for v in value)
        return ", ".join(value) if simple else json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class GenerationPanel(QWidget):
    """A header button that folds out one field per sampling setting, with inline errors."""

    saved = Signal(str)  # the key whose new value reached the settings file

    def __init__(
        self, bridge: EngineBridge, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("generationPanel")
        self.bridge = bridge
        self.messages = messages
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}

        self.toggle = QToolButton(self)
        self.toggle.setObjectName("generationToggle")
        self.toggle.setText(self.tr("Generation"))
        self.toggle.setCheckable(True)
        self.toggle.setChecked(False)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName(self.tr("Show generation settings"))
        self.toggle.toggled.connect(self.set_expanded)

        self.body = QWidget(self)
        self.body.setObjectName("generationBody")
        form = QFormLayout(self.body)
        form.setContentsMargins(12, 0, 0, 0)
        # Short numbers need no full-width boxes; the room beside them is for error messages.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        titles = {
            "chat.temperature": self.tr("Temperature"),
            "chat.top_p": self.tr("Top p"),
            "chat.max_tokens": self.tr("Max tokens"),
            "chat.frequency_penalty": self.tr("Frequency penalty"),
            "chat.presence_penalty": self.tr("Presence penalty"),
            "chat.stop": self.tr("Stop sequences"),
            "chat.seed": self.tr("Seed"),
        }
        placeholders = {
            "chat.stop": self.tr("none (comma-separated, or a JSON list)"),
            "chat.seed": self.tr("random"),
        }
        for key in PARAM_KEYS:
            edit = QLineEdit(self.body)
            edit.setObjectName(key.replace(".", "_"))
            edit.setAccessibleName(titles[key])
            edit.setToolTip(option(key).doc)
            edit.setPlaceholderText(placeholders.get(key, ""))
            edit.editingFinished.connect(lambda key=key: self.commit(key))
            error = plain_label(QLabel(self.body))
            error.setObjectName(key.replace(".", "_") + "_error")
            error.hide()
            row = QWidget(self.body)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(edit, 1)
            line.addWidget(error, 2)
            form.addRow(titles[key], row)
            self.fields[key] = edit
            self.errors[key] = error
        defaults = QPushButton(self.tr("Restore defaults"), self.body)
        defaults.setObjectName("generationDefaults")
        defaults.clicked.connect(self.restore_defaults)
        form.addRow("", defaults)
        self.body.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.load()

    @property
    def expanded(self) -> bool:
        """True while the fields are shown."""
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Fold the fields out or in."""
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # re-enters through toggled
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def load(self) -> None:
        """Show the current settings (in memory: no I/O)."""
        settings = self.bridge.settings
        for key, edit in self.fields.items():
            edit.setText(format_value(key, settings[key]))
            self._show_error(key, "")

    def commit(self, key: str) -> bool:
        """Check the field's text; if valid and changed, set and save it off the GUI thread."""
        text = self.fields[key].text()
        try:
            value = option(key).coerce(text)
        except ValueError as exc:
            self._show_error(
                key, self.tr("This value {problem}.").format(problem=core_text(str(exc)))
            )
            return False
        self._show_error(key, "")
        if value == self.bridge.settings[key]:
            return True
        settings = self.bridge.settings

        def work() -> str:
            settings.set(key, value)
            settings.save()  # a full disk or a read-only config dir: a ConfigError to show
            return key

        self.bridge.runner.run(
            work,
            owned_by(self, lambda panel, k: panel.saved.emit(k)),
            self._save_failed(key),
            lane="write",
        )
        return True

    def restore_defaults(self) -> None:
        """Put every sampling setting back to its default and save."""
        settings = self.bridge.settings

        def work() -> str:
            for key in PARAM_KEYS:
                settings.reset(key)
            settings.save()
            return ""

        def done(panel: GenerationPanel, key: str) -> None:
            panel.load()
            panel.saved.emit(key)

        self.bridge.runner.run(work, owned_by(self, done), self._save_failed(""), lane="write")

    def _save_failed(self, key: str) -> Callable[..., None]:
        def failed(panel: GenerationPanel, exc: BaseException) -> None:
            if key:
                panel._show_error(key, error_text(exc))
            panel.messages.error(exc)

        return owned_by(self, failed)

    def _show_error(self, key: str, text: str) -> None:
        label = self.errors[key]
        label.setText(text)
        label.setVisible(bool(text))
        self.fields[key].setProperty("invalid", bool(text))
