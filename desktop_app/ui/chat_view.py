"""The Chat view: conversations, a streaming Markdown transcript with clickable citations.

Parts do the work: the conversation list (``chat_list``), the scope selector (``chat_scope``),
the transcript (``chat_transcript``) in the answer pane with its citations (``chat_citations``),
the answer being written (``chat_answer``) and the widgets around them (``chat_source``); this
view asks the questions and ties them together. The answer streams through an ``EventRelay``
(one re-render per ~50 ms batch, not per token), and only the streaming answer's blocks are
re-rendered.

Asking runs the ``ask`` command with this view's own cancel event (``bridge.call(..., cancel=)``)
rather than cancelling its ``Task``, which would drop the callbacks: after Stop the view still
needs the result (the conversation id of a new conversation, the cited sources of the partial
answer the core saved).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import TroveError
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.chat_answer import Answer
from desktop_app.ui.chat_citations import TRANSCRIPT_MIN_WIDTH, CitationPane
from desktop_app.ui.chat_list import ConversationList
from desktop_app.ui.chat_params import GenerationPanel
from desktop_app.ui.chat_scope import ScopeSelector
from desktop_app.ui.chat_source import FollowUpNote, QuestionEdit, SourcePanel
from desktop_app.ui.chat_transcript import Transcript, transcript_labels
from desktop_app.ui.core_text import error_hint, error_text
from desktop_app.ui.icons import icon
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.plain_text import plain_label
from desktop_app.ui.tasks import EventRelay, owned_by

__all__ = ["TRANSCRIPT_MIN_WIDTH", "ChatView", "QuestionEdit", "SourcePanel"]

# The conversation list is a column of titles, not half the window, whatever a saved layout says.
LIST_DEFAULT_WIDTH = 240
LIST_MAX_SHARE = 0.35


class ChatView(QWidget):
    """Ask questions about the indexed files and keep the conversations."""

    answerFinished = Signal(dict)  # the ask result (ChatAnswer.to_dict), also after Stop
    answerFailed = Signal(str)  # the error's message
    conversationsLoaded = Signal(list)  # the chats.list result shown
    conversationShown = Signal(int)  # a stored conversation was rendered
    sourceShown = Signal(dict)  # the source now in the sources panel
    viewerOpened = Signal(QWidget)  # Trove's own viewer, opened on a source
    exported = Signal(str)  # the path a conversation was written to

    def __init__(
        self,
        bridge: EngineBridge,
        messages: MessageBridge,
        parent: QWidget | None = None,
        opener: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self.bridge = bridge
        self.messages = messages
        if opener is None:
            from desktop_app.ui.desktop_open import DesktopOpener

            opener = DesktopOpener()
        self.opener = opener
        self.labels = transcript_labels()
        self.conversation_id: int | None = None
        self._ask: Answer | None = None
        self._seq = 0
        self._load_seq = 0
        self._deferred: str | None = None
        self._relay = EventRelay(interval_ms=50, parent=self)
        self._relay.batch.connect(self._on_events)
        self._build()
        self.chats.refresh()
        self.scope.refresh_folders()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.chats = ConversationList(self.bridge, self.messages, self)
        self.chats.picked.connect(self.load_conversation)
        self.chats.newRequested.connect(self.new_conversation)
        self.chats.deleted.connect(self._on_deleted)
        self.chats.loaded.connect(self._on_list_loaded)
        self.chats.exported.connect(self.exported.emit)
        self.conversations = self.chats.list
        self.new_button = self.chats.new_button
        self.rename_button = self.chats.rename_button
        self.delete_button = self.chats.delete_button
        self.export_button = self.chats.export_button

        self.scope = ScopeSelector(self.bridge, self.messages, self)
        scope_row = QHBoxLayout()
        scope_label = QLabel(self.tr("Ask about:"), self)
        scope_label.setBuddy(self.scope)
        scope_row.addWidget(scope_label)
        scope_row.addWidget(self.scope)
        scope_row.addStretch(1)

        self.transcript = Transcript(self.labels, self)
        self.content_split = CitationPane(
            self.transcript, self.bridge, self.messages, self.opener, lambda: self.busy, self
        )
        self.content_split.sourceShown.connect(self.sourceShown.emit)
        self.content_split.viewerOpened.connect(self.viewerOpened.emit)
        self.source_panel = self.content_split.source_panel

        self.generation = GenerationPanel(self.bridge, self.messages, self)
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("chatStatus")
        self.status.setWordWrap(True)

        self.follow_up_note = FollowUpNote(self)
        self.follow_up_note.newRequested.connect(self.new_conversation)
        self.follow_up = self.follow_up_note.label
        self.follow_up_new = self.follow_up_note.new_button

        self.question = QuestionEdit(self)
        self.question.setObjectName("question")
        self.question.setAccessibleName(self.tr("Question"))
        self.question.setPlaceholderText(
            self.tr("Ask about your files (Enter sends, Shift+Enter for a new line)")
        )
        self.question.setTabChangesFocus(True)
        line_height = self.question.fontMetrics().lineSpacing()
        self.question.setMinimumHeight(line_height * 2 + 12)
        self.question.setMaximumHeight(line_height * 6 + 12)
        self.question.submitted.connect(self.send)
        self.send_button = QPushButton(icon("send"), self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self.send)
        self.stop_button = QPushButton(icon("stop"), self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        input_row = QHBoxLayout()
        input_row.addWidget(self.question, 1)
        input_row.addLayout(buttons)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        # Send and Stop keep off the window's edge (right) and the status line (bottom).
        right_layout.setContentsMargins(0, 0, 8, 8)
        right_layout.addLayout(scope_row)
        right_layout.addWidget(self.content_split, 1)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.generation)
        right_layout.addWidget(self.follow_up_note)
        right_layout.addLayout(input_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("chatSplitter")
        self.splitter.addWidget(self.chats)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._sizes_checked = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        new_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        new_shortcut.setContext(context)
        new_shortcut.activated.connect(self.new_conversation)
        # Enabled only while streaming, so Esc still cancels a rename in the list otherwise.
        self.stop_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.stop_shortcut.setContext(context)
        self.stop_shortcut.activated.connect(self.stop)
        # F8 / Shift+F8: the next / previous citation of the answer, in its sources panel.
        for key, step in ((Qt.Key.Key_F8, 1), (QKeySequence("Shift+F8"), -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.activated.connect(lambda step=step: self.step_citation(step))
        QWidget.setTabOrder(self.conversations, self.scope)
        QWidget.setTabOrder(self.scope, self.transcript)
        QWidget.setTabOrder(self.transcript, self.question)
        QWidget.setTabOrder(self.question, self.send_button)
        QWidget.setTabOrder(self.send_button, self.stop_button)
        self._update_buttons()

    def _report(self) -> Callable[..., None]:
        return owned_by(self, lambda view, exc: view.messages.error(exc))

    # ------------------------------------------------------------------ state

    @property
    def busy(self) -> bool:
        """True while an answer is being written (including a stopped one winding down)."""
        return self._ask is not None and not self._ask.finished

    @property
    def streaming(self) -> bool:
        """True while an answer streams and has not been stopped."""
        return self.busy and self._ask is not None and not self._ask.stopped

    @property
    def transcript_messages(self) -> list[dict[str, Any]]:
        """The messages the transcript shows."""
        return self.transcript.messages

    @property
    def render_count(self) -> int:
        """Re-renders of streaming answers (tests and measurements)."""
        return self.transcript.render_count

    def _update_buttons(self) -> None:
        streaming = self.streaming
        self.send_button.setEnabled(not streaming)
        self.stop_button.setEnabled(streaming)
        self.stop_shortcut.setEnabled(streaming)
        self.chats.set_state(self.conversation_id, self.busy)
        title = self.chats.title(self.conversation_id or 0) or ""
        self.follow_up_note.show_for(self.follows_up, title, self.busy)

    @property
    def follows_up(self) -> bool:
        """Whether the next question continues the shown conversation."""
        return self.conversation_id is not None

    def showEvent(self, event: QShowEvent) -> None:
        """Once the view has its size, undo a saved layout that leaves the answer no room."""
        super().showEvent(event)
        if not self._sizes_checked:
            self._sizes_checked = True
            self.keep_sane_sizes()

    def keep_sane_sizes(self) -> None:
        """The list at most about a third of the view (else its default width)."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        if sizes[0] > total * LIST_MAX_SHARE or sizes[0] < 120:
            first = min(LIST_DEFAULT_WIDTH, int(total * LIST_MAX_SHARE))
            self.splitter.setSizes([first, total - first])

    # ------------------------------------------------------------------ conversations

    def refresh_conversations(self, select: int | None = None) -> None:
        """Reload the conversations list (keeps or sets the selection, without reloading)."""
        self.chats.refresh(select)

    def _on_list_loaded(self, chats: list[dict[str, Any]]) -> None:
        self._update_buttons()  # the follow-up note names the conversation by its title
        self.conversationsLoaded.emit(chats)

    def conversation_ids(self) -> list[int]:
        """The ids in the list, top to bottom (most recent first)."""
        return self.chats.ids()

    def load_conversation(self, conversation_id: int) -> None:
        """Show a stored conversation."""
        if self.busy:
            return
        self.conversation_id = conversation_id
        self._load_seq += 1
        seq = self._load_seq
        self._update_buttons()

        def shown(view: ChatView, chat: dict[str, Any]) -> None:
            if seq != view._load_seq or view.busy:
                return  # another conversation was picked meanwhile
            view.transcript.show_conversation(chat["messages"])
            view.source_panel.hide()
            view.status.clear()
            view.conversationShown.emit(conversation_id)

        self.bridge.call(
            "chats.show",
            {"id": conversation_id},
            owned_by(self, shown),
            self._report(),
        )

    def new_conversation(self) -> None:
        """Start an empty conversation (the next question creates it)."""
        if self.busy:
            return
        self._load_seq += 1
        self.conversation_id = None
        self.transcript.start_over()
        self.source_panel.hide()
        self.status.clear()
        self.chats.clear_selection()
        self._update_buttons()
        self.question.setFocus()

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        """Give a conversation a new title."""
        self.chats.rename(conversation_id, title)

    def delete_conversation(self, conversation_id: int | None = None, confirm: bool = True) -> None:
        """Delete a conversation (the selected one by default), after asking."""
        self.chats.delete(conversation_id, confirm)

    def _on_deleted(self, conversation_id: int) -> None:
        if self.conversation_id == conversation_id:
            self.new_conversation()

    def export_conversation(self, path: str | None = None) -> None:
        """Write the selected conversation as Markdown (asks where, unless ``path`` is given)."""
        self.chats.export(path)

    # ------------------------------------------------------------------ scope

    def refresh_folders(self) -> None:
        """Reload the folder choices of the scope selector."""
        self.scope.refresh_folders()

    def set_scope_files(self, paths: list[str]) -> None:
        """Ask about these files only."""
        self.scope.set_files(paths)

    def set_scope_folder(self, path: str | None) -> bool:
        """Ask about one indexed folder (None: all files); False if it is not in the list."""
        return self.scope.set_folder(path)

    def scope_args(self) -> dict[str, Any]:
        """The ``ask`` arguments for the chosen scope."""
        return self.scope.args()

    # ------------------------------------------------------------------ asking

    def send(self) -> None:
        """Ask the question in the box (a follow-up in the shown conversation)."""
        text = self.question.toPlainText().strip()
        if not text or self.streaming:
            return
        if self.busy:
            # A stopped answer is still winding down; its conversation id is needed first.
            self._deferred = text
            self.question.clear()
            self.status.setText(self.tr("Finishing the stopped answer…"))
            return
        self.question.clear()
        self._start(text)

    def _start(self, text: str) -> None:
        self._seq += 1
        self._load_seq += 1  # a conversation still loading must not replace this transcript
        self.source_panel.hide()
        index, anchor = self.transcript.add_question(text)
        ask = Answer(self._seq, text, self.transcript, index, anchor)
        self._ask = ask
        ask.render()
        self.status.setText(self.tr("Searching your files…"))
        self._update_buttons()

        args = {"question": text, "conversation_id": self.conversation_id, **self.scope_args()}
        relay, seq, cancel = self._relay, ask.seq, ask.cancel

        def emit(event: dict[str, Any]) -> None:  # worker thread: queue only
            relay.push({**event, "_ask": seq})

        self.bridge.call(
            "ask",
            args,
            owned_by(self, lambda view, result: view._finished(ask, result)),
            owned_by(self, lambda view, exc: view._failed(ask, exc)),
            emit=emit,
            cancel=cancel,
        )

    def stop(self) -> None:
        """Stop the answer being written; the part already written stays, marked as stopped."""
        ask = self._ask
        if ask is None or ask.finished or ask.stopped:
            return
        ask.stopped = True
        ask.cancel.set()
        ask.render()
        self.status.setText(self.tr("Stopped."))
        self._update_buttons()
        self.question.setFocus()

    def _on_events(self, batch: list[dict[str, Any]]) -> None:
        ask = self._ask
        if ask is None or ask.finished or ask.stopped:
            return
        grew, others = ask.take(batch)
        for event in others:
            self._show_stage(event)
        if grew:
            ask.render()

    def _show_stage(self, event: dict[str, Any]) -> None:
        kind, stage = event.get("type"), event.get("stage")
        if kind == "chat_status" and stage == "searching_for":
            # A follow-up rewritten into a question of its own: say what is searched for.
            text = self.tr("Searching your files for: {query}").format(query=event["query"])
        elif kind == "chat_status" and stage == "answering":
            text = self.tr("Writing the answer from %n passages…", "", int(event["sources"]))
        elif kind == "chat_status" and stage == "checking":
            text = self.tr("Checking each sentence against its source…")
        elif kind == "progress" and stage == "chat.extract":
            done, total = event.get("done", 0), event.get("total", 0)
            text = self.tr("Reading files: {done} of {total}").format(done=done, total=total)
        else:
            return
        self.status.setText(text)

    def _finished(self, ask: Answer, result: dict[str, Any]) -> None:
        ask.finished = True
        if ask is not self._ask:
            return
        self.conversation_id = int(result["conversation_id"])
        ask.finish(result)
        self.status.setText(self.tr("Stopped.") if ask.stopped else "")
        self._after_answer(self.conversation_id)
        self.answerFinished.emit(result)

    def _failed(self, ask: Answer, exc: BaseException) -> None:
        self._relay.flush()  # tokens streamed before the error may still be queued
        ask.finished = True
        if ask is not self._ask:
            return
        message = error_text(exc)
        ask.fail(message, error_hint(exc))
        self.status.clear()
        self._update_buttons()
        if isinstance(exc, TroveError):
            self.messages.error(exc)
        else:
            self.messages.error(str(exc))
        # The core kept the question (and any partial answer) in a conversation: continue there,
        # once the list shows it.
        kept = getattr(exc, "conversation_id", None)
        if isinstance(kept, int) and kept != self.conversation_id:

            def listed(view: ChatView, chats: list[dict[str, Any]]) -> None:
                view.conversation_id = kept
                view.chats.show_list(chats, kept)
                view._after_answer(None, refresh=False)

            self.bridge.call("chats.list", {}, owned_by(self, listed), self._report())
        else:
            self._after_answer(self.conversation_id)
        self.answerFailed.emit(message)

    def _after_answer(self, select: int | None, refresh: bool = True) -> None:
        self._update_buttons()
        if refresh:
            self.refresh_conversations(select)
        if self._deferred is not None and not self.busy:
            text, self._deferred = self._deferred, None
            self._start(text)

    # ------------------------------------------------------------------ citations

    def view_source(self, source: dict[str, Any]) -> QWidget:
        """Open ``source`` in Trove's own viewer, at its page with the passage highlighted."""
        return self.content_split.view_source(source)

    def step_citation(self, step: int) -> tuple[int, int] | None:
        """Show the next (1) or previous (-1) cited source; returns (message, number)."""
        return self.content_split.step_citation(step)

    def show_citation(self, message: int, number: int) -> None:
        """Show source ``number`` of transcript message ``message`` in the sources panel."""
        self.content_split.show_citation(message, number)
