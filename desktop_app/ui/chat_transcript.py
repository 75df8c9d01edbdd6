"""The Chat view's transcript: the conversation as Markdown, with citations as links.

It keeps the messages it shows (role, content, sources) so a clicked citation finds its source.
A streaming answer re-renders only its own blocks, from the position where it begins: everything
above stays in the document. Its strings keep the "ChatView" translation context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop_app.core.chat import markdown as chat_markdown
from desktop_app.core.chat.markdown import Labels

__all__ = ["MARKDOWN", "Transcript"]

MARKDOWN = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value  # a model's HTML is shown, not run
)
_LINK_SCHEMES = ("http", "https", "mailto")


class Transcript(QTextBrowser):
    """Questions and answers of one conversation; ``citationClicked(message, number)``."""

    citationClicked = Signal(int, int)

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.messages: list[dict[str, Any]] = []
        self.render_count = 0  # re-renders of streaming answers (tests and measurements)
        self.setObjectName("transcript")
        self.setAccessibleName(QCoreApplication.translate("ChatView", "Conversation"))
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    def show_conversation(self, messages: Sequence[Mapping[str, Any]]) -> None:
        """Show a stored conversation (``chats.show`` messages), scrolled to its end."""
        self.messages = [dict(m) for m in messages]
        self.document().setMarkdown(
            chat_markdown.conversation_markdown(self.messages, self.labels), MARKDOWN
        )
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def start_over(self) -> None:
        """An empty transcript for a new conversation."""
        self.messages = []
        self.clear()

    def add_question(self, text: str) -> tuple[int, int]:
        """Show a question and make room for its answer: (the answer's message index, the
        document position where the answer's blocks begin)."""
        first = not self.messages
        self.messages.append({"role": "user", "content": text, "sources": []})
        self._append(chat_markdown.question_markdown(text, self.labels, first=first))
        self.messages.append({"role": "assistant", "content": "", "sources": []})
        end = QTextCursor(self.document())
        end.movePosition(QTextCursor.MoveOperation.End)
        return len(self.messages) - 1, end.position()

    def render_answer(
        self,
        index: int,
        anchor: int,
        text: str,
        sources: list[dict[str, Any]] | None = None,
        *,
        stopped: bool = False,
        streaming: bool = False,
        final: bool = False,
    ) -> None:
        """(Re-)render answer ``index`` from ``anchor`` on; ``final``: it is complete (kept,
        with its sources, for the citations)."""
        if final:
            self.messages[index] = {"role": "assistant", "content": text, "sources": sources or []}
        markdown = chat_markdown.answer_markdown(
            text, index, sources or [], stopped=stopped, streaming=streaming, labels=self.labels
        )
        self._replace_from(anchor, markdown)
        self.render_count += 1

    def render_failure(
        self, index: int, anchor: int, partial: str, message: str, hint: str
    ) -> None:
        """Show what an answer got to before it failed, and why it failed."""
        self.messages[index]["content"] = partial
        markdown = ""
        if partial.strip():
            markdown = chat_markdown.answer_markdown(
                partial, index, incomplete=True, labels=self.labels
            )
        self._replace_from(
            anchor, markdown + "\n" + chat_markdown.error_markdown(message, hint, self.labels)
        )

    def cited_source(self, message: int, number: int) -> dict[str, Any] | None:
        """Source ``number`` of message ``message``, if that answer has it."""
        sources: list[dict[str, Any]] = []
        if 0 <= message < len(self.messages):
            sources = self.messages[message].get("sources") or []
        return next((s for s in sources if int(s.get("number", -1)) == number), None)

    def _append(self, markdown: str) -> None:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self.document().isEmpty():
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertMarkdown(markdown, MARKDOWN)

    def _replace_from(self, anchor: int, markdown: str) -> None:
        """Re-render the document from ``anchor`` on: the streaming answer only."""
        bar = self.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(anchor)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # A fresh block: the answer must not inherit the question's (or a list's) format.
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertMarkdown(markdown, MARKDOWN)
        cursor.endEditBlock()
        if following:
            bar.setValue(bar.maximum())

    def _on_anchor(self, url: QUrl) -> None:
        cite = chat_markdown.parse_cite_url(url.toString())
        if cite is not None:
            self.citationClicked.emit(*cite)
        elif url.scheme() in _LINK_SCHEMES:
            QDesktopServices.openUrl(url)
