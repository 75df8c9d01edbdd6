"""Chat conversations and their messages, kept in the catalog (schema and simple CRUD only)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from desktop_app.core.index.catalog import Catalog

__all__ = [
    "ANSWER_STATES",
    "ROLES",
    "AnswerState",
    "Conversation",
    "Conversations",
    "Message",
    "Role",
]

Role = Literal["system", "user", "assistant"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant")
# How an answer ended: in full, cut short by the model's token limit, cancelled, or failed.
AnswerState = Literal["complete", "cut_short", "cancelled", "failed"]
ANSWER_STATES: tuple[AnswerState, ...] = ("complete", "cut_short", "cancelled", "failed")


@dataclass(frozen=True)
class Conversation:
    """A chat with a title."""

    id: int
    title: str
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Message:
    """One turn of a conversation; ``sources`` are the cited chunks (JSON-able dicts); an
    answer's ``state`` says how it ended and ``error`` why it failed."""

    id: int
    conversation_id: int
    role: Role
    content: str
    sources: list[dict[str, Any]]
    created_at: float
    state: AnswerState = "complete"
    error: str | None = None
    # What backs an answer: the floor verdict, broken citations, each sentence's check (None for
    # answers stored before Trove checked them).
    evidence: dict[str, Any] | None = None


class Conversations:
    """Conversation storage on a catalog's connection (``catalog.conversations``)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def create(self, title: str) -> Conversation:
        """Start a conversation."""
        now = time.time()
        with self._catalog.transaction() as conn:
            new_id = conn.execute(
                "INSERT INTO conversations(title, created_at, updated_at) VALUES (?, ?, ?)",
                (title, now, now),
            ).lastrowid
        return Conversation(int(new_id or 0), title, now, now)

    def list_all(self) -> list[Conversation]:
        """Every conversation, most recently active first."""
        with self._catalog.reading() as conn:
            rows = conn.execute(
                "SELECT id, title, created_at, updated_at FROM conversations"
                " ORDER BY updated_at DESC, id DESC"
            ).fetchall()
        return [Conversation(*r) for r in rows]

    def get(self, conversation_id: int) -> Conversation | None:
        """One conversation, or None."""
        with self._catalog.reading() as conn:
            row = conn.execute(
                "SELECT id, title, created_at, updated_at FROM conversations WHERE id = ?",
                (conversation_id,),
            ).fetchone()
        return None if row is None else Conversation(*row)

    def rename(self, conversation_id: int, title: str) -> None:
        """Change a conversation's title."""
        with self._catalog.transaction() as conn:
            conn.execute(
                "UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id)
            )

    def delete(self, conversation_id: int) -> bool:
        """Delete a conversation and its messages; False if there was none."""
        with self._catalog.transaction() as conn:
            cursor = conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            return cursor.rowcount > 0

    def add_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        sources: Sequence[dict[str, Any]] = (),
        *,
        state: AnswerState = "complete",
        error: str | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> Message:
        """Append a message to a conversation."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if state not in ANSWER_STATES:
            raise ValueError(f"unknown answer state {state!r}")
        now = time.time()
        with self._catalog.transaction() as conn:
            new_id = conn.execute(
                "INSERT INTO messages(conversation_id, role, content, sources, created_at, state,"
                " error, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    role,
                    content,
                    json.dumps(list(sources), ensure_ascii=False),
                    now,
                    state,
                    error,
                    None if evidence is None else json.dumps(evidence, ensure_ascii=False),
                ),
            ).lastrowid
            conn.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id)
            )
        return Message(
            int(new_id or 0),
            conversation_id,
            role,
            content,
            list(sources),
            now,
            state,
            error,
            evidence,
        )

    def messages(self, conversation_id: int) -> list[Message]:
        """A conversation's messages in order."""
        with self._catalog.reading() as conn:
            rows = conn.execute(
                "SELECT id, conversation_id, role, content, sources, created_at, state, error,"
                " evidence FROM messages WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
        return [
            Message(
                r[0],
                r[1],
                r[2],
                r[3],
                json.loads(r[4]),
                r[5],
                r[6],
                r[7],
                json.loads(r[8]) if r[8] else None,
            )
            for r in rows
        ]
