"""Plain progress events from the engine, for the CLI, the GUI bridge and the owner channel.

An event is a JSON-ready dict with a ``type`` key; the helpers below build the few kinds there are,
so their fields are spelled in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "Emit",
    "answer_text",
    "chat_status",
    "claims_checked",
    "file_failed",
    "file_indexed",
    "file_removed",
    "ignore",
    "live_state",
    "notice",
    "progress",
    "vector_status",
    "warning",
]

Event = dict[str, Any]
Emit = Callable[[Event], None]


def ignore(event: Event) -> None:
    """An ``Emit`` that drops events (for callers that only want the result)."""


def file_indexed(path: str, chunks: int) -> Event:
    """A file reached the catalog: keyword-searchable now."""
    return {"type": "file_indexed", "path": path, "chunks": chunks}


def file_failed(path: str, reason: str, message: str) -> Event:
    """A file could not be indexed; the run goes on."""
    return {"type": "file_failed", "path": path, "reason": reason, "message": message}


def file_removed(path: str) -> Event:
    """A file left the index (deleted, moved, or newly excluded)."""
    return {"type": "file_removed", "path": path}


def warning(path: str, message: str) -> Event:
    """Something the user should hear about that is not a failure (a link Trove will not follow)."""
    return {"type": "warning", "path": path, "message": message}


def progress(
    stage: str, done: int, total: int, rate: float | None = None, eta_s: float | None = None
) -> Event:
    """Counts of one stage ("scan", "text", "vectors"), with items/s and seconds left if known."""
    return {
        "type": "progress",
        "stage": stage,
        "done": done,
        "total": total,
        "rate": rate,
        "eta_s": eta_s,
    }


def vector_status(state: str, message: str = "") -> Event:
    """The vector stage's state: "ok", "paused" (NIM problem, chunks wait) or "off"."""
    return {"type": "vector_status", "state": state, "message": message}


def notice(message: str) -> Event:
    """Something the user should read once (e.g. a model that ignores a chosen vector size)."""
    return {"type": "notice", "message": message}


def live_state(snapshot: dict[str, Any]) -> Event:
    """The live indexer's state for the GUI: overall state, pending counts, NIM status, and one
    entry per folder (see ``LiveIndexer.snapshot``)."""
    return {"type": "live_state", **snapshot}


def chat_status(stage: str, sources: int | None = None, query: str | None = None) -> Event:
    """Where an answer is: "retrieving" passages, "searching_for" ``query`` (a follow-up
    rewritten to stand alone), or "answering" from ``sources`` of them."""
    event: Event = {"type": "chat_status", "stage": stage}
    if sources is not None:
        event["sources"] = sources
    if query is not None:
        event["query"] = query
    return event


def claims_checked(claims: list[dict[str, Any]]) -> Event:
    """An answer's sentences checked against their cited passages (``Claim.to_dict`` each)."""
    return {"type": "claims", "claims": claims}


def answer_text(text: str) -> Event:
    """The next piece of an answer's text, as it streams."""
    return {"type": "token", "text": text}
