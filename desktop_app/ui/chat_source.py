"""Widgets of the Chat view around the transcript: the question box, the follow-up note and the
sources panel. Their strings keep the "ChatView" translation context they were written in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.chat import markdown as chat_markdown
from desktop_app.ui.chat_transcript import on_screen
from desktop_app.ui.icons import icon
from desktop_app.ui.plain_text import plain_label
from desktop_app.ui.viewers import viewable

__all__ = ["FollowUpNote", "QuestionEdit", "SourcePanel"]


class QuestionEdit(QPlainTextEdit):
    """The question box: Enter sends, Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (without Shift) submits instead of inserting a line break."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class FollowUpNote(QWidget):
    """Said whenever the next question continues a conversation: the earlier messages then
    shape what is searched for, which a user would not otherwise guess."""

    newRequested = Signal()  # ask the next question as a new conversation instead

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label(QLabel(self))
        self.label.setObjectName("followUpNote")
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        text = QCoreApplication.translate("ChatView", "Ask as a new conversation")
        self.new_button = QPushButton(icon("plus"), text, self)
        self.new_button.setObjectName("followUpNew")
        self.new_button.setFlat(True)
        self.new_button.clicked.connect(self.newRequested.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.new_button)

    def show_for(self, following: bool, title: str, busy: bool) -> None:
        """Shown only while the next question follows up conversation ``title``."""
        if following:
            self.label.setText(
                QCoreApplication.translate(
                    "ChatView",
                    "Follow-up in “{title}”: Trove reads your question together with this "
                    "conversation.",
                ).format(title=title)
                if title
                else QCoreApplication.translate(
                    "ChatView",
                    "Follow-up: Trove reads your question together with this conversation.",
                )
            )
        self.setVisible(following)
        self.new_button.setEnabled(following and not busy)


class SourcePanel(QFrame):
    """One cited passage: file, location, text, and buttons to open it."""

    closed = Signal()
    viewRequested = Signal(dict)  # the source, to show in Trove's own viewer

    def __init__(self, opener: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sources")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.opener = opener
        self.source: dict[str, Any] = {}

        self.title = plain_label(QLabel(self))  # the document's own heading
        self.title.setObjectName("sourceTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        close = QToolButton(self)
        close.setObjectName("closeSources")
        close.setText(self.tr("Close"))
        close.setAutoRaise(True)
        close.setAccessibleName(self.tr("Close the source"))
        close.clicked.connect(self.closed.emit)
        self.path = plain_label(QLabel(self))
        self.path.setObjectName("sourcePath")
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passage = QTextBrowser(self)
        self.passage.setObjectName("sourcePassage")
        self.passage.setAccessibleName(self.tr("Source passage"))
        self.open_button = QPushButton(icon("open"), self.tr("Open"), self)
        self.open_button.setObjectName("openSource")
        self.open_button.clicked.connect(self.open_file)
        self.open_at_button = QPushButton(icon("open"), self.tr("Open at location"), self)
        self.open_at_button.setObjectName("openSourceAt")
        self.open_at_button.clicked.connect(self.open_at)
        self.view_button = QPushButton(icon("open"), self.tr("View in Trove"), self)
        self.view_button.setObjectName("viewSource")
        self.view_button.setToolTip(self.tr("Show the document with the passage highlighted"))
        self.view_button.clicked.connect(lambda: self.viewRequested.emit(dict(self.source)))
        self.reveal_button = QPushButton(icon("reveal"), self.tr("Show in folder"), self)
        self.reveal_button.setObjectName("revealSource")
        self.reveal_button.clicked.connect(self.reveal)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.open_at_button)
        buttons.addWidget(self.reveal_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.path)
        layout.addWidget(self.passage, 1)
        layout.addLayout(buttons)

    def show_source(self, source: dict[str, Any]) -> None:
        """Show ``source`` (a ``Source.to_dict``, maybe with the full ``text`` and location)."""
        self.source = dict(source)
        number = source.get("number")
        title = chat_markdown.source_title(on_screen([source])[0])
        self.title.setText(f"[{number}] {title}" if number is not None else title)
        self.path.setText(str(source.get("path") or ""))
        self.passage.setPlainText(str(source.get("text") or source.get("quote") or ""))
        has_path = bool(source.get("path"))
        self.open_button.setEnabled(has_path)
        self.reveal_button.setEnabled(has_path)
        self.open_at_button.setEnabled(has_path and chat_markdown.page_of(source) is not None)
        self.view_button.setEnabled(viewable(source))

    def show_note(self, text: str) -> None:
        """Show a sentence instead of a source (e.g. while the answer is still streaming)."""
        self.source = {}
        self.title.setText(text)
        self.path.clear()
        self.passage.clear()
        for button in (self.open_button, self.open_at_button, self.reveal_button, self.view_button):
            button.setEnabled(False)

    def open_file(self) -> None:
        """Open the source's file with its default application."""
        if self.source.get("path"):
            self.opener.open(self.source["path"])

    def open_at(self) -> None:
        """Open the source's file at its page, where the OS allows it."""
        if self.source.get("path"):
            self.opener.open(self.source["path"], chat_markdown.page_of(self.source))

    def reveal(self) -> None:
        """Show the source's file in the file manager."""
        if self.source.get("path"):
            self.opener.reveal(self.source["path"])
