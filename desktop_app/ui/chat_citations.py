"""The Chat view's answer pane: the transcript beside the sources panel, and its citations.

A citation clicked (or stepped to with F8) shows its source in the panel at once, then the full
passage once the core has looked it up; the panel's View opens Trove's own viewer. Its strings
keep the "ChatView" translation context they were written in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QSplitter, QWidget

from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.chat_source import SourcePanel
from desktop_app.ui.chat_transcript import Transcript
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.tasks import owned_by
from desktop_app.ui.viewers import open_viewer, stepping, viewable

__all__ = ["SOURCE_MAX_SHARE", "TRANSCRIPT_MIN_WIDTH", "CitationPane"]

# An answer needs room to be read, whatever a saved layout says; the source takes what is left.
TRANSCRIPT_MIN_WIDTH = 300
SOURCE_MAX_SHARE = 0.45


def _cited_of(message: dict[str, Any]) -> list[int]:
    """The source numbers an answer cites, in order."""
    return [int(s["number"]) for s in message.get("sources") or [] if s.get("cited", True)]


class CitationPane(QSplitter):
    """The transcript and, beside it once a citation is picked, the source it cites."""

    sourceShown = Signal(dict)  # the source now in the sources panel
    viewerOpened = Signal(QWidget)  # Trove's own viewer, opened on a source

    def __init__(
        self,
        transcript: Transcript,
        bridge: EngineBridge,
        messages: MessageBridge,
        opener: Any,
        busy: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("chatContentSplitter")
        self.bridge = bridge
        self.messages = messages
        self.opener = opener
        self._busy = busy  # whether an answer is still being written
        self._cited: tuple[int, int] | None = None  # the citation in the sources panel
        self._source_seq = 0
        self.transcript = transcript
        self.transcript.setMinimumWidth(TRANSCRIPT_MIN_WIDTH)
        self.transcript.citationClicked.connect(self.show_citation)
        self.source_panel = SourcePanel(opener, self)
        self.source_panel.closed.connect(self.source_panel.hide)
        self.source_panel.viewRequested.connect(self.view_source)
        self.source_panel.hide()
        self.addWidget(self.transcript)
        self.addWidget(self.source_panel)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)

    def view_source(self, source: dict[str, Any]) -> QWidget:
        """Open ``source`` in Trove's own viewer, at its page with the passage highlighted."""
        viewer = open_viewer(self, self.bridge, self.opener, source)
        stepping(viewer, self._view_next)
        self.viewer = viewer
        self.viewerOpened.emit(viewer)
        return viewer

    def _view_next(self, step: int) -> QWidget | None:
        """F8 in a viewer: the next (or previous) cited source, in a viewer of its own."""
        stepped = self.step_citation(step)
        source = self.transcript.cited_source(*stepped) if stepped else None
        return self.view_source(dict(source)) if source and viewable(source) else None

    def step_citation(self, step: int) -> tuple[int, int] | None:
        """Show the next (``step`` 1) or previous (-1) cited source of the answer whose source
        is shown, else of the last answer; wraps around. Returns (message, number)."""
        messages = self.transcript.messages
        current = self._cited
        answers = [
            i for i, m in enumerate(messages) if m.get("role") == "assistant" and _cited_of(m)
        ]
        if not answers:
            return None
        message = current[0] if current and current[0] in answers else answers[-1]
        numbers = _cited_of(messages[message])
        if current and current[0] == message and current[1] in numbers:
            at = (numbers.index(current[1]) + step) % len(numbers)
        else:
            at = 0 if step > 0 else len(numbers) - 1
        self.show_citation(message, numbers[at])
        return message, numbers[at]

    def show_citation(self, message: int, number: int) -> None:
        """Show source ``number`` of transcript message ``message`` in the sources panel."""
        self._cited = (message, number)
        source = self.transcript.cited_source(message, number)
        if not self.source_panel.isVisible():
            self.source_panel.show()
            # The answer keeps most of the room; the source takes what is left.
            total = sum(self.sizes())
            if total > 0:
                side = min(int(total * SOURCE_MAX_SHARE), total - TRANSCRIPT_MIN_WIDTH)
                self.setSizes([total - max(side, 0), max(side, 0)])
        if source is None:
            self.source_panel.show_note(
                QCoreApplication.translate(
                    "ChatView", "The sources appear when the answer is complete."
                )
                if self._busy()
                else QCoreApplication.translate(
                    "ChatView", "Source [{number}] is not available."
                ).format(number=number)
            )
            return
        self.source_panel.show_source(source)
        self.sourceShown.emit(dict(source))
        chunk_id = source.get("chunk_id")
        if chunk_id is None:
            return
        self._source_seq += 1
        seq = self._source_seq

        def got(pane: CitationPane, passage: dict[str, Any]) -> None:
            if seq != pane._source_seq or passage.get("missing"):
                return  # another citation was clicked, or the file changed since
            full = {**source, "text": passage["text"], "location_data": passage["location_detail"]}
            pane.source_panel.show_source(full)
            pane.sourceShown.emit(full)

        args = {"chunk_id": int(chunk_id), "query": ""}
        report = owned_by(self, lambda pane, exc: pane.messages.error(exc))
        self.bridge.call("passage", args, owned_by(self, got), report)
