"""The Chat view: conversations, a streaming Markdown transcript with clickable citations.

The answer streams through an ``EventRelay`` (one re-render per ~50 ms batch, not per token), and
only the streaming answer's blocks are re-rendered: everything above them stays in the document.

Asking runs the ``ask`` command with this view's own cancel event (``bridge.call(..., cancel=)``)
rather than cancelling its ``Task``, which would drop the callbacks: after Stop the view still
needs the result (the conversation id of a new conversation, the cited sources of the partial
answer the core saved).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import FileError, TroveError
from desktop_app.ui import chat_render
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.chat_params import GenerationPanel
from desktop_app.ui.chat_render import Labels
from desktop_app.ui.icons import icon
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.plain_text import escaped, plain_label
from desktop_app.ui.tasks import EventRelay, owned_by

__all__ = ["ChatView", "QuestionEdit", "SourcePanel"]

_MARKDOWN = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value  # a model's HTML is shown, not run
)
_ID_ROLE = Qt.ItemDataRole.UserRole
_LINK_SCHEMES = ("http", "https", "mailto")


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


class SourcePanel(QFrame):
    """One cited passage: file, location, text, and buttons to open it."""

    closed = Signal()

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
        self.reveal_button = QPushButton(icon("reveal"), self.tr("Show in folder"), self)
        self.reveal_button.setObjectName("revealSource")
        self.reveal_button.clicked.connect(self.reveal)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close)
        buttons = QHBoxLayout()
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
        title = chat_render.source_title(source)
        self.title.setText(f"[{number}] {title}" if number is not None else title)
        self.path.setText(str(source.get("path") or ""))
        self.passage.setPlainText(str(source.get("text") or source.get("quote") or ""))
        has_path = bool(source.get("path"))
        self.open_button.setEnabled(has_path)
        self.reveal_button.setEnabled(has_path)
        self.open_at_button.setEnabled(has_path and chat_render.page_of(source) is not None)

    def show_note(self, text: str) -> None:
        """Show a sentence instead of a source (e.g. while the answer is still streaming)."""
        self.source = {}
        self.title.setText(text)
        self.path.clear()
        self.passage.clear()
        for button in (self.open_button, self.open_at_button, self.reveal_button):
            button.setEnabled(False)

    def open_file(self) -> None:
        """Open the source's file with its default application."""
        if self.source.get("path"):
            self.opener.open(self.source["path"])

    def open_at(self) -> None:
        """Open the source's file at its page, where the OS allows it."""
        if self.source.get("path"):
            self.opener.open(self.source["path"], chat_render.page_of(self.source))

    def reveal(self) -> None:
        """Show the source's file in the file manager."""
        if self.source.get("path"):
            self.opener.reveal(self.source["path"])


@dataclass
class _Ask:
    """One question in flight."""

    seq: int
    question: str
    index: int  # the answer's message index in the transcript
    anchor: int  # document position where the answer's blocks begin
    cancel: threading.Event = field(default_factory=threading.Event)
    pieces: list[str] = field(default_factory=list)
    known_ids: set[int] = field(default_factory=set)
    stopped: bool = False
    finished: bool = False


class ChatView(QWidget):
    """Ask questions about the indexed files and keep the conversations."""

    answerFinished = Signal(dict)  # the ask result (ChatAnswer.to_dict), also after Stop
    answerFailed = Signal(str)  # the error's message
    conversationsLoaded = Signal(list)  # the chats.list result shown
    conversationShown = Signal(int)  # a stored conversation was rendered
    sourceShown = Signal(dict)  # the source now in the sources panel
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
        self.labels = Labels(
            you=self.tr("You"),
            sources=self.tr("Sources"),
            also_retrieved=self.tr("Also retrieved"),
            stopped=self.tr("Stopped: the answer is incomplete."),
            incomplete=self.tr("The answer is incomplete."),
            error=self.tr("The answer could not be finished."),
            thinking=self.tr("…"),
        )
        self.conversation_id: int | None = None
        self.transcript_messages: list[dict[str, Any]] = []
        self.render_count = 0  # re-renders of streaming answers (tests and measurements)
        self._ask: _Ask | None = None
        self._seq = 0
        self._load_seq = 0
        self._source_seq = 0
        self._deferred: str | None = None
        self._relay = EventRelay(interval_ms=50, parent=self)
        self._relay.batch.connect(self._on_events)
        self._build()
        self.refresh_conversations()
        self.refresh_folders()
        self.bridge.indexChanged.connect(self.refresh_folders)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.conversations = QListWidget(self)
        self.conversations.setObjectName("conversations")
        self.conversations.setAccessibleName(self.tr("Conversations"))
        self.conversations.setEditTriggers(QListWidget.EditTrigger.EditKeyPressed)
        self.conversations.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conversations.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conversations.currentItemChanged.connect(self._on_current_changed)
        self.conversations.itemChanged.connect(self._on_item_renamed)
        self.new_button = QPushButton(icon("plus"), self.tr("New"), self)
        self.new_button.setObjectName("newChat")
        self.new_button.setToolTip(self.tr("New conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_conversation)
        self.rename_button = QToolButton(self)
        self.rename_button.setObjectName("renameChat")
        self.rename_button.setIcon(icon("edit"))
        self.rename_button.setToolTip(self.tr("Rename (F2)"))
        self.rename_button.setAccessibleName(self.tr("Rename conversation"))
        self.rename_button.clicked.connect(self._start_rename)
        self.delete_button = QToolButton(self)
        self.delete_button.setObjectName("deleteChat")
        self.delete_button.setIcon(icon("trash"))
        self.delete_button.setToolTip(self.tr("Delete (Del)"))
        self.delete_button.setAccessibleName(self.tr("Delete conversation"))
        self.delete_button.clicked.connect(lambda: self.delete_conversation())
        self.export_button = QToolButton(self)
        self.export_button.setObjectName("exportChat")
        self.export_button.setIcon(icon("export"))
        self.export_button.setToolTip(self.tr("Export as Markdown"))
        self.export_button.setAccessibleName(self.tr("Export conversation"))
        self.export_button.clicked.connect(lambda: self.export_conversation())
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button, 1)
        list_buttons.addWidget(self.rename_button)
        list_buttons.addWidget(self.delete_button)
        list_buttons.addWidget(self.export_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(list_buttons)
        left_layout.addWidget(self.conversations, 1)

        self.scope = QComboBox(self)
        self.scope.setObjectName("scope")
        self.scope.setAccessibleName(self.tr("Ask about"))
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.activated.connect(self._on_scope_activated)
        self._scope_index = 0
        self._picked_files: list[str] = []
        self._folders: list[str] = []
        self._fill_scope()
        scope_row = QHBoxLayout()
        scope_label = QLabel(self.tr("Ask about:"), self)
        scope_label.setBuddy(self.scope)
        scope_row.addWidget(scope_label)
        scope_row.addWidget(self.scope)
        scope_row.addStretch(1)

        self.transcript = QTextBrowser(self)
        self.transcript.setObjectName("transcript")
        self.transcript.setAccessibleName(self.tr("Conversation"))
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._on_anchor)
        self.source_panel = SourcePanel(self.opener, self)
        self.source_panel.closed.connect(self.source_panel.hide)
        self.source_panel.hide()
        self.content_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.content_split.setObjectName("chatContentSplitter")
        self.content_split.addWidget(self.transcript)
        self.content_split.addWidget(self.source_panel)
        self.content_split.setStretchFactor(0, 3)
        self.content_split.setStretchFactor(1, 2)
        self.content_split.setChildrenCollapsible(False)

        self.generation = GenerationPanel(self.bridge, self.messages, self)
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("chatStatus")
        self.status.setWordWrap(True)

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
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(scope_row)
        right_layout.addWidget(self.content_split, 1)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.generation)
        right_layout.addLayout(input_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("chatSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)
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
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_F2), self._start_rename),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_conversation),
        ):
            shortcut = QShortcut(keys, self.conversations)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
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

    def _update_buttons(self) -> None:
        busy, streaming = self.busy, self.streaming
        selected = self.conversation_id is not None
        self.send_button.setEnabled(not streaming)
        self.stop_button.setEnabled(streaming)
        self.stop_shortcut.setEnabled(streaming)
        self.conversations.setEnabled(not busy)
        self.new_button.setEnabled(not busy)
        for button in (self.rename_button, self.delete_button, self.export_button):
            button.setEnabled(selected and not busy)

    # ------------------------------------------------------------------ conversations

    def refresh_conversations(self, select: int | None = None) -> None:
        """Reload the conversations list (keeps or sets the selection, without reloading)."""
        self.bridge.call(
            "chats.list",
            {},
            owned_by(self, lambda view, chats: view._show_list(chats, select)),
            self._report(),
        )

    def _show_list(self, chats: list[dict[str, Any]], select: int | None) -> None:
        wanted = select if select is not None else self.conversation_id
        self.conversations.blockSignals(True)
        try:
            self.conversations.clear()
            for chat in chats:
                item = QListWidgetItem(icon("chat"), str(chat["title"]))
                item.setData(_ID_ROLE, int(chat["id"]))
                item.setToolTip(escaped(str(chat["title"])))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.conversations.addItem(item)
                if item.data(_ID_ROLE) == wanted:
                    self.conversations.setCurrentItem(item)
        finally:
            self.conversations.blockSignals(False)
        self._update_buttons()
        self.conversationsLoaded.emit(chats)

    def conversation_ids(self) -> list[int]:
        """The ids in the list, top to bottom (most recent first)."""
        return [
            int(self.conversations.item(i).data(_ID_ROLE))
            for i in range(self.conversations.count())
        ]

    def _item(self, conversation_id: int) -> QListWidgetItem | None:
        for i in range(self.conversations.count()):
            item = self.conversations.item(i)
            if item.data(_ID_ROLE) == conversation_id:
                return item
        return None

    def _on_current_changed(self, current: QListWidgetItem | None, _: Any) -> None:
        if current is not None:
            self.load_conversation(int(current.data(_ID_ROLE)))

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
            view.transcript_messages = [dict(m) for m in chat["messages"]]
            markdown = chat_render.conversation_markdown(view.transcript_messages, view.labels)
            view.transcript.document().setMarkdown(markdown, _MARKDOWN)
            bar = view.transcript.verticalScrollBar()
            bar.setValue(bar.maximum())
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
        self.transcript_messages = []
        self.transcript.clear()
        self.source_panel.hide()
        self.status.clear()
        self.conversations.blockSignals(True)
        self.conversations.setCurrentRow(-1)
        self.conversations.clearSelection()
        self.conversations.blockSignals(False)
        self._update_buttons()
        self.question.setFocus()

    def _start_rename(self) -> None:
        item = self.conversations.currentItem()
        if item is not None and not self.busy:
            self.conversations.editItem(item)

    def _on_item_renamed(self, item: QListWidgetItem) -> None:
        title = " ".join(item.text().split())
        if title:
            self.rename_conversation(int(item.data(_ID_ROLE)), title)
        else:
            self.refresh_conversations()  # an empty title is not a title: put the old one back

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        """Give a conversation a new title."""

        def failed(view: ChatView, exc: BaseException) -> None:
            view.messages.error(exc)
            view.refresh_conversations()

        self.bridge.call(
            "chats.rename",
            {"id": conversation_id, "title": title},
            owned_by(self, lambda view, _: view.refresh_conversations()),
            owned_by(self, failed),
        )

    def delete_conversation(self, conversation_id: int | None = None, confirm: bool = True) -> None:
        """Delete a conversation (the selected one by default), after asking."""
        target = self.conversation_id if conversation_id is None else conversation_id
        if target is None or self.busy:
            return
        if confirm:
            item = self._item(target)
            title = item.text() if item is not None else str(target)
            answer = QMessageBox.question(
                self,
                self.tr("Delete conversation"),
                escaped(
                    self.tr(
                        "Delete the conversation \u201c{title}\u201d? This cannot be undone."
                    ).format(title=title)
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

        def deleted(view: ChatView, _: Any) -> None:
            if view.conversation_id == target:
                view.new_conversation()
            view.refresh_conversations()

        self.bridge.call("chats.delete", {"id": target}, owned_by(self, deleted), self._report())

    def export_conversation(self, path: str | None = None) -> None:
        """Write the selected conversation as Markdown (asks where, unless ``path`` is given)."""
        conversation_id = self.conversation_id
        if conversation_id is None:
            return
        if path is None:
            item = self._item(conversation_id)
            name = _safe_name(item.text() if item is not None else "conversation") + ".md"
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export conversation"),
                str(Path.home() / name),
                self.tr("Markdown (*.md)"),
            )
            if not path:
                return
        target = path
        failed_text = self.tr("The conversation could not be saved to this file.")
        hint = self.tr("Choose a folder you can write to.")

        def write(markdown: str) -> str:
            try:
                Path(target).write_text(markdown, encoding="utf-8")
            except OSError as exc:
                raise FileError(target, failed_text + f" ({exc.strerror or exc})", hint) from None
            return target

        def saved(view: ChatView, written: str) -> None:
            view.messages.info(
                QCoreApplication.translate("ChatView", "Saved the conversation to {path}.").format(
                    path=written
                )
            )
            view.exported.emit(written)

        def got(view: ChatView, result: dict[str, Any]) -> None:
            view.bridge.runner.run(
                lambda: write(result["markdown"]), owned_by(view, saved), view._report()
            )

        self.bridge.call(
            "chats.export", {"id": conversation_id}, owned_by(self, got), self._report()
        )

    # ------------------------------------------------------------------ scope

    def refresh_folders(self) -> None:
        """Reload the folder choices of the scope selector."""
        self.bridge.call("folders.list", {}, owned_by(self, ChatView._set_folders), self._report())

    def _set_folders(self, folders: list[dict[str, Any]]) -> None:
        paths = [str(f["path"]) for f in folders]
        if paths != self._folders:
            self._folders = paths
            self._fill_scope()

    def _fill_scope(self) -> None:
        current = self.scope.currentData() if self.scope.count() else "all"
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(icon("search"), self.tr("All files"), "all")
        for path in self._folders:
            name = Path(path).name or path
            self.scope.addItem(icon("folder"), name, "folder:" + path)
            self.scope.setItemData(
                self.scope.count() - 1, escaped(path), Qt.ItemDataRole.ToolTipRole
            )
        if self._picked_files:
            self.scope.addItem(
                icon("file"),
                self.tr("%n file(s)", "", len(self._picked_files)),
                "files",
            )
            self.scope.setItemData(
                self.scope.count() - 1,
                escaped("\n".join(self._picked_files)),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.scope.addItem(icon("file"), self.tr("Choose files…"), "pick")
        index = self.scope.findData(current)
        self.scope.setCurrentIndex(index if index >= 0 else 0)
        self._scope_index = self.scope.currentIndex()
        self.scope.blockSignals(False)

    def _on_scope_activated(self, index: int) -> None:
        data = self.scope.itemData(index)
        if data != "pick":
            self._scope_index = index
            return
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose files to ask about"))
        if paths:
            self.set_scope_files(paths)
        else:
            self.scope.setCurrentIndex(self._scope_index)

    def set_scope_files(self, paths: list[str]) -> None:
        """Ask about these files only."""
        self._picked_files = [str(p) for p in paths]
        self._fill_scope()
        self.scope.setCurrentIndex(self.scope.findData("files"))
        self._scope_index = self.scope.currentIndex()

    def set_scope_folder(self, path: str | None) -> bool:
        """Ask about one indexed folder (None: all files); False if it is not in the list."""
        index = self.scope.findData("folder:" + path if path else "all")
        if index >= 0:
            self.scope.setCurrentIndex(index)
            self._scope_index = index
        return index >= 0

    def scope_args(self) -> dict[str, Any]:
        """The ``ask`` arguments for the chosen scope."""
        data = str(self.scope.currentData() or "all")
        if data.startswith("folder:"):
            return {"folders": [data.partition(":")[2]]}
        if data == "files" and self._picked_files:
            return {"files": list(self._picked_files)}
        return {}

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
        document = self.transcript.document()
        first = not self.transcript_messages
        self.transcript_messages.append({"role": "user", "content": text, "sources": []})
        self._append_markdown(chat_render.question_markdown(text, self.labels, first=first))
        index = len(self.transcript_messages)
        self.transcript_messages.append({"role": "assistant", "content": "", "sources": []})
        end = QTextCursor(document)
        end.movePosition(QTextCursor.MoveOperation.End)
        ask = _Ask(self._seq, text, index, end.position(), known_ids=set(self.conversation_ids()))
        self._ask = ask
        self._render_answer(ask)
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
        self._render_answer(ask)
        self.status.setText(self.tr("Stopped."))
        self._update_buttons()
        self.question.setFocus()

    def _on_events(self, batch: list[dict[str, Any]]) -> None:
        ask = self._ask
        if ask is None or ask.finished or ask.stopped:
            return
        changed = False
        for event in batch:
            if event.get("_ask") != ask.seq:
                continue  # a stopped answer's last tokens
            kind = event.get("type")
            if kind == "token":
                ask.pieces.append(str(event.get("text", "")))
                changed = True
            elif kind == "chat_status" and event.get("stage") == "answering":
                self.status.setText(
                    self.tr("Writing the answer from %n passage(s)…", "", int(event["sources"]))
                )
            elif kind == "progress" and event.get("stage") == "chat.extract":
                self.status.setText(
                    self.tr("Reading files: {done} of {total}").format(
                        done=event.get("done", 0), total=event.get("total", 0)
                    )
                )
        if changed:
            self._render_answer(ask)

    def _finished(self, ask: _Ask, result: dict[str, Any]) -> None:
        ask.finished = True
        if ask is not self._ask:
            return
        self.conversation_id = int(result["conversation_id"])
        sources = [dict(s, cited=True) for s in result.get("sources") or []] + [
            dict(s, cited=False) for s in result.get("also_retrieved") or []
        ]
        self.transcript_messages[ask.index] = {
            "role": "assistant",
            "content": result["answer"],
            "sources": sources,
        }
        ask.pieces = [str(result["answer"])]
        ask.stopped = ask.stopped or bool(result.get("cancelled"))
        self._render_answer(ask, sources, final=True)
        self.status.setText(self.tr("Stopped.") if ask.stopped else "")
        self._after_answer(self.conversation_id)
        self.answerFinished.emit(result)

    def _failed(self, ask: _Ask, exc: BaseException) -> None:
        self._relay.flush()  # tokens streamed before the error may still be queued
        ask.finished = True
        if ask is not self._ask:
            return
        message = getattr(exc, "message", str(exc))
        hint = getattr(exc, "hint", "")
        partial = "".join(ask.pieces)
        self.transcript_messages[ask.index]["content"] = partial
        markdown = chat_render.answer_markdown(
            partial, ask.index, incomplete=bool(partial.strip()), labels=self.labels
        )
        if not partial.strip():
            markdown = ""
        self._replace_from(
            ask.anchor, markdown + "\n" + chat_render.error_markdown(message, hint, self.labels)
        )
        self.status.clear()
        self._update_buttons()
        if isinstance(exc, TroveError):
            self.messages.error(exc)
        else:
            self.messages.error(str(exc))
        known = ask.known_ids
        if self.conversation_id is None:
            # The core created the conversation and saved the partial answer before failing;
            # the new id is the one the list did not have.
            def found(view: ChatView, chats: list[dict[str, Any]]) -> None:
                new = [int(c["id"]) for c in chats if int(c["id"]) not in known]
                if new and view.conversation_id is None:
                    view.conversation_id = max(new)
                view._show_list(chats, view.conversation_id)
                view._after_answer(None, refresh=False)

            self.bridge.call("chats.list", {}, owned_by(self, found), self._report())
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

    # ------------------------------------------------------------------ rendering

    def _append_markdown(self, markdown: str) -> None:
        cursor = QTextCursor(self.transcript.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self.transcript.document().isEmpty():
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertMarkdown(markdown, _MARKDOWN)

    def _replace_from(self, anchor: int, markdown: str) -> None:
        """Re-render the document from ``anchor`` on: the streaming answer only."""
        bar = self.transcript.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.transcript.document())
        cursor.beginEditBlock()
        cursor.setPosition(anchor)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # A fresh block: the answer must not inherit the question's (or a list's) format.
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertMarkdown(markdown, _MARKDOWN)
        cursor.endEditBlock()
        if following:
            bar.setValue(bar.maximum())

    def _render_answer(
        self, ask: _Ask, sources: list[dict[str, Any]] | None = None, final: bool = False
    ) -> None:
        markdown = chat_render.answer_markdown(
            "".join(ask.pieces),
            ask.index,
            sources or [],
            stopped=ask.stopped,
            streaming=not final and not ask.stopped,
            labels=self.labels,
        )
        self._replace_from(ask.anchor, markdown)
        self.render_count += 1

    # ------------------------------------------------------------------ citations

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        cite = chat_render.parse_cite_url(text)
        if cite is None:
            if url.scheme() in _LINK_SCHEMES:
                QDesktopServices.openUrl(url)
            return
        self.show_citation(*cite)

    def show_citation(self, message: int, number: int) -> None:
        """Show source ``number`` of transcript message ``message`` in the sources panel."""
        sources: list[dict[str, Any]] = []
        if 0 <= message < len(self.transcript_messages):
            sources = self.transcript_messages[message].get("sources") or []
        source = next((s for s in sources if int(s.get("number", -1)) == number), None)
        self.source_panel.show()
        if source is None:
            self.source_panel.show_note(
                self.tr("The sources appear when the answer is complete.")
                if self.busy
                else self.tr("Source [{number}] is not available.").format(number=number)
            )
            return
        self.source_panel.show_source(source)
        self.sourceShown.emit(dict(source))
        chunk_id = source.get("chunk_id")
        if chunk_id is None:
            return
        self._source_seq += 1
        seq = self._source_seq

        def got(view: ChatView, passage: dict[str, Any]) -> None:
            if seq != view._source_seq or passage.get("missing"):
                return  # another citation was clicked, or the file changed since
            full = {**source, "text": passage["text"], "location_data": passage["location_detail"]}
            view.source_panel.show_source(full)
            view.sourceShown.emit(full)

        args = {"chunk_id": int(chunk_id), "query": ""}
        self.bridge.call("passage", args, owned_by(self, got), self._report())


def _safe_name(title: str) -> str:
    """A file name from a conversation title."""
    cleaned = "".join(c if c.isalnum() or c in " -_." else "_" for c in title).strip(" .")
    return cleaned[:80] or "conversation"
