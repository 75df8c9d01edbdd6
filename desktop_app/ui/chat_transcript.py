"""The Chat view's transcript: the conversation as Markdown, with citations as links.

It keeps the messages it shows (role, content, sources) so a clicked citation finds its source.
Sentences the claim check flags (core/chat/claims.py) arrive as ``trove-claim:`` links from the
Markdown renderer and are turned here into a subtle dotted underline with a tooltip saying which
source was checked and why it does not back the sentence.
A streaming answer re-renders only its own blocks, from the position where it begins: everything
above stays in the document. Its strings keep the "ChatView" translation context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QHelpEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from desktop_app.core.chat import markdown as chat_markdown
from desktop_app.core.chat.markdown import Labels
from desktop_app.ui.search_model import translated_label

__all__ = ["MARKDOWN", "Transcript", "transcript_labels"]

MARKDOWN = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value  # a model's HTML is shown, not run
)
_LINK_SCHEMES = ("http", "https", "mailto")
# Underline colours: amber for a sentence its source does not back, grey for one citing nothing.
_UNSUPPORTED = QColor(214, 140, 0)
_UNCITED = QColor(128, 128, 128)
# The char-format property that names a marked sentence's claim index (tests and tooltips).
CLAIM_PROPERTY = QTextCharFormat.Property.UserProperty + 1


def on_screen(sources: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``sources`` with their location labels (kept in English) in the window's language."""
    return [{**s, "location": translated_label(str(s.get("location") or ""))} for s in sources]


def claim_tooltip(claim: Mapping[str, Any], sources: Sequence[Mapping[str, Any]]) -> str:
    """Why a sentence is marked, in the window's language: which source was checked and why."""
    numbers = [int(n) for n in claim.get("checked") or claim.get("sources") or []]
    names = {int(s.get("number", -1)): chat_markdown.source_title(s) for s in on_screen(sources)}
    checked = "; ".join(f"[{n}] {names[n]}" if n in names else f"[{n}]" for n in numbers)
    reason = claim.get("reason")
    if reason == "no_citation":
        return QCoreApplication.translate(
            "ChatView", "This sentence cites no source: nothing in your files backs it."
        )
    if reason == "broken_citation":
        return QCoreApplication.translate(
            "ChatView", "This sentence cites {numbers}, which is not one of the sources given."
        ).format(numbers=", ".join(f"[{n}]" for n in numbers))
    if reason == "words_missing":
        return QCoreApplication.translate(
            "ChatView", "Checked against {source}: the passage does not say {words}."
        ).format(source=checked, words=", ".join(f"“{w}”" for w in claim.get("missing") or []))
    if reason == "not_checked":
        return QCoreApplication.translate(
            "ChatView", "Not checked against {source}: the check could not run."
        ).format(source=checked)
    if reason == "opposite":
        return QCoreApplication.translate(
            "ChatView", "Checked against {source}: the passage says the opposite: “{quote}”"
        ).format(source=checked, quote=claim.get("quote") or "")
    if reason == "detail_missing":
        details = [str(d) for d in claim.get("missing") or []]
        named = ", ".join(
            QCoreApplication.translate("ChatView", "the number {number}").format(number=d)
            if chat_markdown.is_number(d)
            else f"“{d}”"
            for d in details
        )
        if len(details) == 1:
            text = QCoreApplication.translate(
                "ChatView", "Checked against {source}: {details} is not in the passage."
            )
        else:
            text = QCoreApplication.translate(
                "ChatView", "Checked against {source}: {details} are not in the passage."
            )
        return text.format(source=checked, details=named)
    score, threshold = claim.get("score"), claim.get("threshold")
    if claim.get("by") == "rerank":
        how = QCoreApplication.translate(
            "ChatView", "the reranker scores it {score:.2f}, below {threshold:.2f}"
        )
    else:
        how = QCoreApplication.translate(
            "ChatView", "their similarity is {score:.2f}, below {threshold:.2f}"
        )
    if isinstance(score, (int, float)) and isinstance(threshold, (int, float)):
        how = how.format(score=score, threshold=threshold)
    else:
        how = QCoreApplication.translate("ChatView", "it scores below the threshold")
    return QCoreApplication.translate(
        "ChatView", "Checked against {source}: the passage does not say this ({how})."
    ).format(source=checked, how=how)


def transcript_labels() -> Labels:
    """The words the transcript writes around questions, answers and their sources."""
    return Labels(
        you=QCoreApplication.translate("ChatView", "You"),
        sources=QCoreApplication.translate("ChatView", "Sources"),
        also_retrieved=QCoreApplication.translate("ChatView", "Also retrieved"),
        stopped=QCoreApplication.translate("ChatView", "Stopped: the answer is incomplete."),
        incomplete=QCoreApplication.translate("ChatView", "The answer is incomplete."),
        error=QCoreApplication.translate("ChatView", "The answer could not be finished."),
        thinking=QCoreApplication.translate("ChatView", "…"),
        nearest=QCoreApplication.translate(
            "ChatView", "Nearest passages (none relevant enough to answer from)"
        ),
        broken=QCoreApplication.translate(
            "ChatView", "Citation {numbers} points to no source the answer was given."
        ),
        unsupported=QCoreApplication.translate(
            "ChatView", "Sentences not supported by what they cite"
        ),
    )


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
        shown = [{**m, "sources": on_screen(m.get("sources") or [])} for m in self.messages]
        self.document().setMarkdown(
            chat_markdown.conversation_markdown(shown, self.labels), MARKDOWN
        )
        self._mark_claims(0)
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
        evidence: Mapping[str, Any] | None = None,
    ) -> None:
        """(Re-)render answer ``index`` from ``anchor`` on; ``final``: it is complete (kept,
        with its sources and the check's ``evidence``, for the citations and the marks)."""
        if final:
            self.messages[index] = {
                "role": "assistant",
                "content": text,
                "sources": sources or [],
                "evidence": evidence,
            }
        markdown = chat_markdown.answer_markdown(
            text,
            index,
            on_screen(sources or []),
            stopped=stopped,
            streaming=streaming,
            labels=self.labels,
            evidence=evidence,
        )
        self._replace_from(anchor, markdown)
        if evidence:
            self._mark_claims(anchor)
        self.render_count += 1

    def marked_claims(self) -> list[tuple[str, int, str]]:
        """The marked stretches of text: (text, claim index, tooltip), in document order."""
        out: list[tuple[str, int, str]] = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.hasProperty(CLAIM_PROPERTY):
                    out.append((fragment.text(), int(fmt.property(CLAIM_PROPERTY)), fmt.toolTip()))
                it += 1
            block = block.next()
        return out

    def _mark_claims(self, start: int) -> None:
        """Turn the ``trove-claim:`` links from ``start`` on into underlines with tooltips."""
        marks: list[tuple[int, int, QTextCharFormat]] = []
        block = self.document().findBlock(start)
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                claim = chat_markdown.parse_claim_url(fmt.anchorHref()) if fmt.isAnchor() else None
                if claim is not None:
                    # Keep the words' own format (bold, code), drop the link's look.
                    fmt.setAnchor(False)
                    fmt.setAnchorHref("")
                    fmt.clearForeground()
                    fmt.merge(self._claim_format(*claim))
                    marks.append((fragment.position(), fragment.length(), fmt))
                it += 1
            block = block.next()
        cursor = QTextCursor(self.document())
        for position, length, fmt in marks:
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)

    def _claim_format(self, message: int, index: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        claim: Mapping[str, Any] = {}
        sources: list[dict[str, Any]] = []
        if 0 <= message < len(self.messages):
            evidence = self.messages[message].get("evidence") or {}
            claims = evidence.get("claims") or []
            claim = claims[index] if 0 <= index < len(claims) else {}
            sources = self.messages[message].get("sources") or []
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        uncited = claim.get("reason") == "no_citation"
        fmt.setUnderlineColor(_UNCITED if uncited else _UNSUPPORTED)
        fmt.setToolTip(claim_tooltip(claim, sources))
        fmt.setProperty(CLAIM_PROPERTY, index)
        return fmt

    def viewportEvent(self, event: QEvent) -> bool:
        """Show a marked sentence's tooltip (from its character format) on hover."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.cursorForPosition(event.pos()).charFormat().toolTip()
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
                return True
            QToolTip.hideText()
        return super().viewportEvent(event)

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
