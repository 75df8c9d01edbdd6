"""Trove's own viewer for formats other than PDF: the document as Trove read it, with its
structure (headings, slides, sheets as tables, a mail's headers) and a contents list to jump
through it, the cited passage highlighted and scrolled into view, find with next/previous match,
and the way out to the file's own program or its folder."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.fsnames import on_disk, readable
from desktop_app.ui.document_view import lay_out
from desktop_app.ui.icons import icon
from desktop_app.ui.plain_text import escaped
from desktop_app.ui.tasks import owned_by

__all__ = ["TextViewer"]


class TextViewer(QWidget):
    """One document at one passage: ``shown()`` once its text is on screen."""

    shown = Signal()

    def __init__(
        self,
        bridge: Any,
        opener: Any,
        path: str,
        chunk_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("textViewer")
        self.bridge = bridge
        self.opener = opener
        self.path = path
        self.chunk_id = chunk_id
        self.passage_range: tuple[int, int] | None = None
        name = readable(path.replace("\\", "/").rsplit("/", 1)[-1])
        self.setWindowTitle(self.tr("{name} — Trove").format(name=name))
        self._build()
        self.resize(800, 900)
        self.bridge.call(
            "viewer.text",
            {"path": path, "chunk_id": chunk_id},
            owned_by(self, lambda view, result: view._show(result)),
            owned_by(
                self, lambda view, exc: view.status.setText(str(getattr(exc, "message", exc)))
            ),
        )

    def _build(self) -> None:
        self.find_field = QLineEdit(self)
        self.find_field.setObjectName("viewerFind")
        self.find_field.setPlaceholderText(self.tr("Find in the document (Ctrl+F)"))
        self.find_field.setClearButtonEnabled(True)
        self.find_field.returnPressed.connect(lambda: self.find_next(forward=True))
        previous = QToolButton(self)
        previous.setText("▲")
        previous.setToolTip(self.tr("Previous match (Shift+Enter)"))
        previous.clicked.connect(lambda: self.find_next(forward=False))
        following = QToolButton(self)
        following.setText("▼")
        following.setToolTip(self.tr("Next match (Enter)"))
        following.clicked.connect(lambda: self.find_next(forward=True))
        self.open_button = QPushButton(icon("open"), self.tr("Open in its own program"), self)
        self.open_button.clicked.connect(lambda: self.opener.open(on_disk(self.path)))
        self.reveal_button = QPushButton(icon("reveal"), self.tr("Show in folder"), self)
        self.reveal_button.clicked.connect(lambda: self.opener.reveal(on_disk(self.path)))
        bar = QHBoxLayout()
        bar.addWidget(self.find_field, 1)
        bar.addWidget(previous)
        bar.addWidget(following)
        bar.addSpacing(12)
        bar.addWidget(self.open_button)
        bar.addWidget(self.reveal_button)

        self.text = QTextBrowser(self)
        self.text.setObjectName("viewerText")
        self.text.setOpenLinks(False)
        self.contents = QListWidget(self)  # headings, slides, sheets: click to go there
        self.contents.setObjectName("viewerContents")
        self.contents.setAccessibleName(self.tr("Contents"))
        self.contents.itemActivated.connect(self._go_to)
        self.contents.itemClicked.connect(self._go_to)
        self.contents.hide()
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.contents)
        body.addWidget(self.text)
        body.setStretchFactor(1, 1)
        body.setSizes([200, 600])
        self.status = QLabel(self)
        self.status.setObjectName("viewerStatus")
        self.status.setText(self.tr("Reading the document…"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(body, 1)
        layout.addWidget(self.status)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self).activated.connect(
            self.find_field.setFocus
        )
        back = QShortcut(QKeySequence("Shift+Return"), self.find_field)
        back.activated.connect(lambda: self.find_next(forward=False))
        keys = QKeySequence.StandardKey
        for key, forward in ((keys.FindNext, True), (keys.FindPrevious, False)):
            step = QShortcut(QKeySequence(key), self)
            step.activated.connect(lambda forward=forward: self.find_next(forward=forward))
        close_find = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_field)
        close_find.setContext(Qt.ShortcutContext.WidgetShortcut)
        close_find.activated.connect(self.close_find)

    def _show(self, result: dict[str, Any]) -> None:
        # Laid out detached, then shown: a document on screen re-lays itself out at every
        # insertion (a 400-row sheet took minutes instead of 50 ms).
        document = QTextDocument(self.text)
        document.setDefaultFont(self.text.font())
        layout = lay_out(document, list(result.get("blocks") or []), self.text.palette())
        self.text.setDocument(document)
        self.passage_range = layout.passage
        self.contents.clear()
        for label, position in layout.places:
            item = QListWidgetItem(label)
            item.setToolTip(escaped(label))  # a long heading is cut by the narrow list
            item.setData(Qt.ItemDataRole.UserRole, position)
            self.contents.addItem(item)
        self.contents.setVisible(len(layout.places) > 1)
        if self.passage_range is not None:
            self.show_position(self.passage_range[0], self.passage_range[1])
        cut = result.get("cut") or layout.rows_left_out
        self.status.setText(self.tr("Only part of this long document is shown.") if cut else "")
        self.shown.emit()

    def show_position(self, position: int, end: int | None = None) -> None:
        """Scroll so that ``position`` (to ``end``) is in view, near the top."""
        at = QTextCursor(self.text.document())
        at.movePosition(QTextCursor.MoveOperation.End)
        self.text.setTextCursor(at)
        self.text.ensureCursorVisible()
        if end is not None:
            at.setPosition(end)
            self.text.setTextCursor(at)
            self.text.ensureCursorVisible()
        at.setPosition(position)
        self.text.setTextCursor(at)
        self.text.ensureCursorVisible()
        # What comes just before (a heading, a table's header row) stays in view above it.
        bar = self.text.verticalScrollBar()
        if bar.value() > 0 and self.text.cursorRect().top() < self.text.viewport().height() // 4:
            bar.setValue(max(0, bar.value() - self.text.viewport().height() // 5))

    def _go_to(self, item: QListWidgetItem) -> None:
        self.show_position(int(item.data(Qt.ItemDataRole.UserRole)))

    def close_find(self) -> None:
        """Esc in the find field: the query goes, the document has the keys again."""
        self.find_field.clear()
        cursor = self.text.textCursor()
        cursor.clearSelection()
        self.text.setTextCursor(cursor)
        self.status.clear()
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_next(self, forward: bool = True) -> bool:
        """Select the next (or previous) match of the find field, wrapping at the ends."""
        text = self.find_field.text()
        if not text:
            return False
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        found = self.text.find(text, flags)
        if not found:  # wrap around
            cursor = self.text.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.Start if forward else QTextCursor.MoveOperation.End
            )
            self.text.setTextCursor(cursor)
            found = self.text.find(text, flags)
        self.status.setText("" if found else self.tr("No match for “{text}”.").format(text=text))
        return found
