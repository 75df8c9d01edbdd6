"""Trove's own viewer for formats other than PDF: the document's text as Trove read it, under its
places (headings, slides, sheets, lines), the cited passage highlighted and scrolled into view,
find with next/previous match, and the way out to the file's own program or its folder."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.fsnames import on_disk, readable
from desktop_app.ui.icons import icon
from desktop_app.ui.tasks import owned_by

__all__ = ["TextViewer"]

_HIGHLIGHT = QColor(255, 200, 0, 110)


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
        self.status = QLabel(self)
        self.status.setObjectName("viewerStatus")
        self.status.setText(self.tr("Reading the document…"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self).activated.connect(
            self.find_field.setFocus
        )
        back = QShortcut(QKeySequence("Shift+Return"), self.find_field)
        back.activated.connect(lambda: self.find_next(forward=False))

    def _show(self, result: dict[str, Any]) -> None:
        document = self.text.document()
        document.clear()
        cursor = QTextCursor(document)
        heading = QTextCharFormat()
        heading.setFontWeight(700)
        plain = QTextCharFormat()
        place = None
        first = True
        cited = result.get("cited")
        for index, part in enumerate(result.get("parts") or []):
            if part.get("location") and part["location"] != place:
                place = part["location"]
                if not first:
                    cursor.insertBlock(QTextBlockFormat(), plain)
                cursor.insertText(str(place), heading)
                cursor.insertBlock(QTextBlockFormat(), plain)
                first = False
            elif not first:
                cursor.insertBlock(QTextBlockFormat(), plain)
            first = False
            start = cursor.position()
            cursor.insertText(str(part.get("text") or ""), plain)
            if index == cited:
                self.passage_range = (start, cursor.position())
        if self.passage_range is not None:
            mark = QTextCursor(document)
            mark.setPosition(self.passage_range[0])
            mark.setPosition(self.passage_range[1], QTextCursor.MoveMode.KeepAnchor)
            highlight = QTextCharFormat()
            highlight.setBackground(_HIGHLIGHT)
            mark.mergeCharFormat(highlight)
            at = QTextCursor(document)
            at.setPosition(self.passage_range[1])
            self.text.setTextCursor(at)
            self.text.ensureCursorVisible()
            at.setPosition(self.passage_range[0])
            self.text.setTextCursor(at)
            self.text.ensureCursorVisible()
        self.status.setText(
            self.tr("Only part of this long document is shown.") if result.get("cut") else ""
        )
        self.shown.emit()

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
