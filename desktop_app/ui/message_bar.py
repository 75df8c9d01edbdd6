"""An inline bar at the top of the window for messages: calm, dismissable, never modal."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop_app.ui.icons import icon
from desktop_app.ui.messages import Message
from desktop_app.ui.plain_text import plain_label

__all__ = ["MessageBar"]

_ICONS = {"info": "info", "warning": "warning", "error": "error"}


class MessageBar(QFrame):
    """Shows the newest message; info fades after a few seconds, problems stay until closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        self.text = plain_label(QLabel())  # messages quote paths and NIM answers
        self.text.setObjectName("messageText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setIcon(icon("close"))
        close.setAutoRaise(True)
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.current: Message | None = None
        self.hide()

    def show_message(self, message: Message) -> None:
        """Show ``message``; an info never hides a problem that is still shown."""
        if (
            message.level == "info"
            and self.isVisible()
            and self.current is not None
            and self.current.level != "info"
        ):
            return
        self.current = message
        self.icon.setPixmap(icon(_ICONS.get(message.level, "info")).pixmap(18, 18))
        text = message.text if not message.hint else f"{message.text}\n{message.hint}"
        self.text.setText(text)
        self.show()
        if message.level == "info":
            self._timer.start(6000)
        else:
            self._timer.stop()
