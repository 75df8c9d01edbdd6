"""One answer being written in the Chat view: its state, its streamed tokens, and how it renders
into the transcript.

Only the answer's own blocks are re-rendered (from ``anchor`` on), once per batch of events.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from desktop_app.ui.chat_transcript import Transcript

__all__ = ["Answer"]


@dataclass
class Answer:
    """One question in flight, and its answer's blocks in ``transcript``."""

    seq: int
    question: str
    transcript: Transcript
    index: int  # the answer's message index in the transcript
    anchor: int  # document position where the answer's blocks begin
    cancel: threading.Event = field(default_factory=threading.Event)
    pieces: list[str] = field(default_factory=list)
    stopped: bool = False
    finished: bool = False

    def take(self, batch: list[dict[str, Any]]) -> tuple[bool, list[dict[str, Any]]]:
        """Add this answer's tokens in ``batch``: (whether it grew, its other events in order)."""
        grew, others = False, []
        for event in batch:
            if event.get("_ask") != self.seq:
                continue  # a stopped answer's last tokens
            if event.get("type") == "token":
                self.pieces.append(str(event.get("text", "")))
                grew = True
            else:
                others.append(event)
        return grew, others

    def finish(self, result: dict[str, Any]) -> None:
        """Render the core's final answer (also after Stop) with its sources and checks."""
        sources = [dict(s, cited=True) for s in result.get("sources") or []] + [
            dict(s, cited=False) for s in result.get("also_retrieved") or []
        ]
        self.pieces = [str(result["answer"])]
        self.stopped = self.stopped or bool(result.get("cancelled"))
        evidence = {
            key: result.get(key) for key in ("answered", "floor", "broken_citations", "claims")
        }
        self.render(sources, final=True, evidence=evidence)

    def fail(self, message: str, hint: str) -> None:
        """Render what was written, then why the answer could not be finished."""
        self.transcript.render_failure(self.index, self.anchor, "".join(self.pieces), message, hint)

    def render(
        self,
        sources: list[dict[str, Any]] | None = None,
        final: bool = False,
        evidence: dict[str, Any] | None = None,
    ) -> None:
        """Re-render the answer's blocks: streaming, stopped, or final with its sources."""
        self.transcript.render_answer(
            self.index,
            self.anchor,
            "".join(self.pieces),
            sources,
            stopped=self.stopped,
            streaming=not final and not self.stopped,
            final=final,
            evidence=evidence,
        )
