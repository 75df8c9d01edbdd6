"""The Chat view's conversation list: the stored conversations, and new / rename / delete / export.

The list shows what ``chats.list`` returns and changes conversations only through commands. Which
conversation is shown is the Chat view's business: the list reports a pick (``picked``) and is told
what to select. Its strings keep the "ChatView" translation context they were written in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import FileError
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.icons import icon
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.plain_text import escaped
from desktop_app.ui.tasks import owned_by

__all__ = ["ConversationList"]

_ID_ROLE = Qt.ItemDataRole.UserRole


class ConversationList(QWidget):
    """The conversations, most recent first, with the buttons that act on the selected one."""

    picked = Signal(int)  # the user selected a conversation
    newRequested = Signal()
    deleted = Signal(int)  # a conversation is gone
    loaded = Signal(list)  # the chats.list result now shown
    exported = Signal(str)  # the path a conversation was written to

    def __init__(
        self, bridge: EngineBridge, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.messages = messages
        self.current: int | None = None  # the conversation the Chat view shows
        self.busy = False  # an answer is being written: nothing may change the list
        self.list = QListWidget(self)
        self.list.setObjectName("conversations")
        self.list.setAccessibleName(QCoreApplication.translate("ChatView", "Conversations"))
        self.list.setEditTriggers(QListWidget.EditTrigger.EditKeyPressed)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemSelectionChanged.connect(self._on_selection_changed)
        self.list.itemChanged.connect(self._on_item_renamed)
        self.new_button = QPushButton(
            icon("plus"), QCoreApplication.translate("ChatView", "New"), self
        )
        self.new_button.setObjectName("newChat")
        self.new_button.setToolTip(
            QCoreApplication.translate("ChatView", "New conversation (Ctrl+N)")
        )
        self.new_button.clicked.connect(self.newRequested.emit)
        self.rename_button = self._tool(
            "renameChat",
            "edit",
            QCoreApplication.translate("ChatView", "Rename (F2)"),
            QCoreApplication.translate("ChatView", "Rename conversation"),
            self.start_rename,
        )
        self.delete_button = self._tool(
            "deleteChat",
            "trash",
            QCoreApplication.translate("ChatView", "Delete (Del)"),
            QCoreApplication.translate("ChatView", "Delete conversation"),
            lambda: self.delete(),
        )
        self.export_button = self._tool(
            "exportChat",
            "export",
            QCoreApplication.translate("ChatView", "Export as Markdown"),
            QCoreApplication.translate("ChatView", "Export conversation"),
            lambda: self.export(),
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button, 1)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_F2), self.start_rename),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete),
        ):
            shortcut = QShortcut(keys, self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    def _tool(
        self, name: str, icon_name: str, tip: str, accessible: str, slot: Callable[[], None]
    ) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(icon(icon_name))
        button.setToolTip(tip)
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    def _report(self) -> Callable[..., None]:
        return owned_by(self, lambda panel, exc: panel.messages.error(exc))

    def set_state(self, current: int | None, busy: bool) -> None:
        """The conversation shown and whether an answer is being written; buttons follow."""
        self.current, self.busy = current, busy
        self.list.setEnabled(not busy)
        self.new_button.setEnabled(not busy)
        for button in (self.rename_button, self.delete_button, self.export_button):
            button.setEnabled(current is not None and not busy)

    # ------------------------------------------------------------------ the list

    def refresh(self, select: int | None = None) -> None:
        """Reload the list (keeps or sets the selection, without reloading the transcript)."""
        self.bridge.call(
            "chats.list",
            {},
            owned_by(self, lambda panel, chats: panel.show_list(chats, select)),
            self._report(),
        )

    def show_list(self, chats: list[dict[str, Any]], select: int | None) -> None:
        """Show ``chats`` (a ``chats.list`` result), selecting ``select`` or the current one."""
        wanted = select if select is not None else self.current
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for chat in chats:
                item = QListWidgetItem(icon("chat"), str(chat["title"]))
                item.setData(_ID_ROLE, int(chat["id"]))
                item.setToolTip(escaped(str(chat["title"])))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)
                if item.data(_ID_ROLE) == wanted:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(False)
        self.loaded.emit(chats)

    def clear_selection(self) -> None:
        """Select nothing (a new conversation is not in the list yet)."""
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self.list.blockSignals(False)

    def ids(self) -> list[int]:
        """The ids in the list, top to bottom (most recent first)."""
        return [int(self.list.item(i).data(_ID_ROLE)) for i in range(self.list.count())]

    def title(self, conversation_id: int) -> str | None:
        """The title the list shows for a conversation, if it is listed."""
        item = self._item(conversation_id)
        return item.text() if item is not None else None

    def _item(self, conversation_id: int) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(_ID_ROLE) == conversation_id:
                return item
        return None

    def _on_selection_changed(self) -> None:
        # Only a pick (a selection) opens a conversation: when the list takes the focus, Qt
        # makes its first row current without selecting it, and that must not turn the next
        # question into a follow-up of the last conversation.
        selected = self.list.selectedItems()
        if selected:
            self.picked.emit(int(selected[0].data(_ID_ROLE)))

    # ------------------------------------------------------------------ actions

    def start_rename(self) -> None:
        """Edit the selected conversation's title in place."""
        item = self.list.currentItem()
        if item is not None and not self.busy:
            self.list.editItem(item)

    def _on_item_renamed(self, item: QListWidgetItem) -> None:
        title = " ".join(item.text().split())
        if title:
            self.rename(int(item.data(_ID_ROLE)), title)
        else:
            self.refresh()  # an empty title is not a title: put the old one back

    def rename(self, conversation_id: int, title: str) -> None:
        """Give a conversation a new title."""

        def failed(panel: ConversationList, exc: BaseException) -> None:
            panel.messages.error(exc)
            panel.refresh()

        self.bridge.call(
            "chats.rename",
            {"id": conversation_id, "title": title},
            owned_by(self, lambda panel, _: panel.refresh()),
            owned_by(self, failed),
        )

    def delete(self, conversation_id: int | None = None, confirm: bool = True) -> None:
        """Delete a conversation (the shown one by default), after asking."""
        target = self.current if conversation_id is None else conversation_id
        if target is None or self.busy:
            return
        if confirm:
            title = self.title(target) or str(target)
            answer = QMessageBox.question(
                self,
                QCoreApplication.translate("ChatView", "Delete conversation"),
                escaped(
                    QCoreApplication.translate(
                        "ChatView",
                        "Delete the conversation \u201c{title}\u201d? This cannot be undone.",
                    ).format(title=title)
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

        def done(panel: ConversationList, _: Any) -> None:
            panel.deleted.emit(target)
            panel.refresh()

        self.bridge.call("chats.delete", {"id": target}, owned_by(self, done), self._report())

    def export(self, path: str | None = None) -> None:
        """Write the shown conversation as Markdown (asks where, unless ``path`` is given)."""
        conversation_id = self.current
        if conversation_id is None:
            return
        if path is None:
            name = _safe_name(self.title(conversation_id) or "conversation") + ".md"
            path, _ = QFileDialog.getSaveFileName(
                self,
                QCoreApplication.translate("ChatView", "Export conversation"),
                str(Path.home() / name),
                QCoreApplication.translate("ChatView", "Markdown (*.md)"),
            )
            if not path:
                return
        target = path
        failed_text = QCoreApplication.translate(
            "ChatView", "The conversation could not be saved to this file."
        )
        hint = QCoreApplication.translate("ChatView", "Choose a folder you can write to.")

        def write(markdown: str) -> str:
            try:
                Path(target).write_text(markdown, encoding="utf-8")
            except OSError as exc:
                raise FileError(target, failed_text + f" ({exc.strerror or exc})", hint) from None
            return target

        def saved(panel: ConversationList, written: str) -> None:
            panel.messages.info(
                QCoreApplication.translate("ChatView", "Saved the conversation to {path}.").format(
                    path=written
                )
            )
            panel.exported.emit(written)

        def got(panel: ConversationList, result: dict[str, Any]) -> None:
            panel.bridge.runner.run(
                lambda: write(result["markdown"]), owned_by(panel, saved), panel._report()
            )

        self.bridge.call(
            "chats.export", {"id": conversation_id}, owned_by(self, got), self._report()
        )


def _safe_name(title: str) -> str:
    """A file name from a conversation title."""
    cleaned = "".join(c if c.isalnum() or c in " -_." else "_" for c in title).strip(" .")
    return cleaned[:80] or "conversation"
