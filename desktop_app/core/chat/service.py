"""``ChatService``: retrieve, prompt with numbered sources, stream the answer, cite, persist.

The NIM's failures stay typed (``NimError``). An answer cut short by an error or by cancelling
is kept: saved with a note, and (on error) the error is raised after saving.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.core import events
from desktop_app.core.chat.citations import map_citations
from desktop_app.core.chat.claim_scorers import engine_claim_checker
from desktop_app.core.chat.claims import CheckClaims, Claim
from desktop_app.core.chat.collection import FileText, extract_from_files
from desktop_app.core.chat.context import (
    Passage,
    answer_tokens,
    context_window,
    fit_history,
    fit_sources,
    message_tokens,
)
from desktop_app.core.chat.floor import Floor, judge, not_found_answer, similarity_floor
from desktop_app.core.chat.prompt import NO_DOCUMENTS_ANSWER, system_prompt
from desktop_app.core.chat.retrieve import ChatScope, EngineRetriever, space_floor
from desktop_app.core.chat.rewrite import standalone_question
from desktop_app.core.chat.sources import Source
from desktop_app.core.errors import ConfigError, TroveError
from desktop_app.core.events import Emit
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.catalog.conversations import AnswerState
from desktop_app.core.nim.chat import ChatClient, ChatParams, ChatUsage
from desktop_app.core.settings import Settings

if TYPE_CHECKING:
    from desktop_app.core.engine import Engine

__all__ = ["ChatAnswer", "ChatScope", "ChatService"]

log = logging.getLogger(__name__)

Retrieve = Callable[[str, ChatScope], list[Passage]]
FilesInScope = Callable[[ChatScope], list[FileText]]

_MAX_SOURCES = 8  # passages per answer at most; more dilutes the model's attention
_HISTORY_MESSAGES = 12
_TITLE_CHARS = 60
_MAX_COLLECTION_FILES = 100
_NEAREST_SHOWN = 3  # passages a refusal lists


@dataclass
class ChatAnswer:
    """One answer with its citations, as returned to the CLI, the GUI and the owner channel."""

    answer: str
    sources: list[Source]
    also_retrieved: list[Source]
    conversation_id: int
    question: str
    search_query: str
    cancelled: bool = False
    error: str | None = None
    usage: ChatUsage | None = None
    broken_citations: list[int] = field(default_factory=list)
    state: AnswerState = "complete"
    floor: Floor | None = None
    answered: bool = True  # False: the model was not asked (nothing relevant enough)
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "answer": self.answer,
            "sources": [s.to_dict() for s in self.sources],
            "also_retrieved": [s.to_dict() for s in self.also_retrieved],
            "conversation_id": self.conversation_id,
            "question": self.question,
            "search_query": self.search_query,
            "cancelled": self.cancelled,
            "error": self.error,
            "state": self.state,
            "answered": self.answered,
            "floor": self.floor.to_dict() if self.floor else None,
            "broken_citations": list(self.broken_citations),
            "claims": [c.to_dict() for c in self.claims],
        }


class ChatService:
    """Answers questions from the indexed files and keeps the conversations."""

    def __init__(
        self,
        catalog: Catalog,
        client: ChatClient,
        settings: Settings,
        retrieve: Retrieve,
        files_in_scope: FilesInScope | None = None,
        cosine_floor: Callable[[], float] | None = None,
        check_claims: CheckClaims | None = None,
    ) -> None:
        self.catalog = catalog
        self.client = client
        self.settings = settings
        self.retrieve = retrieve
        self.files_in_scope = files_in_scope
        self.cosine_floor = cosine_floor
        self.check_claims = check_claims
        self._model_len: int | None = None
        self._model_len_known = False

    @classmethod
    def from_engine(cls, engine: Engine) -> ChatService:
        """A service over the engine's catalog, search and chat client (the engine's, which
        lives as long as the engine)."""
        client = engine.nim.chat()

        def files_in_scope(scope: ChatScope) -> list[FileText]:
            out = []
            for file_id in scope.file_ids(engine, _MAX_COLLECTION_FILES):
                chunks = engine.catalog.chunks.of_file(file_id)
                if chunks:
                    out.append(FileText(chunks[0].path, "\n\n".join(c.text for c in chunks)))
            return out

        return cls(
            engine.catalog,
            client,
            engine.settings,
            EngineRetriever(engine),
            files_in_scope,
            lambda: space_floor(engine),
            engine_claim_checker(engine),
        )

    # ------------------------------------------------------------------ context size

    def window(self) -> int:
        """The chat model's context size (asked of the NIM once; see context.context_window)."""
        if not self._model_len_known:
            self._model_len_known = True
            try:
                model = self.client.endpoint.model
                for info in self.client.models():
                    if info.id == model and info.max_model_len:
                        self._model_len = info.max_model_len
            except TroveError as exc:  # hosted catalogs do not say; the setting decides
                log.info("chat model length unknown: %s", exc)
        return context_window(self._model_len, self.settings["chat.context_tokens"])

    # ------------------------------------------------------------------ asking

    def ask(
        self,
        question: str,
        *,
        conversation_id: int | None = None,
        scope: ChatScope | None = None,
        collection: bool = False,
        emit: Emit = events.ignore,
        cancel: threading.Event | None = None,
    ) -> ChatAnswer:
        """Answer ``question`` (a follow-up when ``conversation_id`` is given), streaming tokens."""
        question = question.strip()
        if not question:
            raise ConfigError("Ask a question: the text is empty.")
        scope = scope or ChatScope()
        cancel = cancel or threading.Event()
        conversations = self.catalog.conversations
        history: list[Mapping[str, Any]] = []
        if conversation_id is not None:
            if conversations.get(conversation_id) is None:
                raise ConfigError(
                    f"There is no conversation {conversation_id}.",
                    hint="`trove chats list` shows them.",
                )
            history = [
                {"role": m.role, "content": m.content}
                for m in conversations.messages(conversation_id)[-_HISTORY_MESSAGES:]
                if m.role in ("user", "assistant")
            ]
        else:
            conversation_id = conversations.create(_title(question)).id
        conversations.add_message(conversation_id, "user", question)
        try:
            return self._answer(question, conversation_id, history, scope, collection, emit, cancel)
        except TroveError as exc:
            exc.conversation_id = conversation_id  # the question and any partial answer stay
            raise

    def _answer(
        self,
        question: str,
        conversation_id: int,
        history: list[Mapping[str, Any]],
        scope: ChatScope,
        collection: bool,
        emit: Emit,
        cancel: threading.Event,
    ) -> ChatAnswer:
        conversations = self.catalog.conversations
        params = ChatParams.from_settings(self.settings)
        language = str(self.settings["chat.language"])
        window = self.window()
        emit(events.chat_status("retrieving"))
        query = standalone_question(self.client, history, question, params)
        if query != question:
            emit(events.chat_status("searching_for", query=query))
        if collection:
            passages = self._collection_passages(
                query, scope, window, params, language, emit, cancel
            )
        else:
            passages = self.retrieve(query, scope)
        floor = None if collection else self._floor(passages)
        relevant = [p for p in passages if p.relevant]
        if not relevant or (floor is not None and not floor.passed) or cancel.is_set():
            return self._unanswered(
                question, query, conversation_id, passages, floor, language, emit, cancel
            )
        passages = relevant

        completion = answer_tokens(window, params.max_tokens)
        question_msg = {"role": "user", "content": question}
        kept = fit_history(history, window, completion + message_tokens([question_msg]))
        reserved = completion + message_tokens([*kept, question_msg])
        sources = fit_sources(
            passages, window, reserved, language, None if collection else _MAX_SOURCES
        )
        messages = [
            {"role": "system", "content": system_prompt(sources, language)},
            *kept,
            question_msg,
        ]
        emit(events.chat_status("answering", len(sources)))
        stream_params = ChatParams(**{**params.__dict__, "max_tokens": completion})
        pieces: list[str] = []
        usage: ChatUsage | None = None
        failure: TroveError | None = None
        finish: str | None = None
        try:
            for delta in self.client.stream(messages, stream_params, cancel):
                finish = delta.finish_reason or finish
                if delta.usage is not None:
                    usage = delta.usage
                if delta.text:
                    pieces.append(delta.text)
                    emit(events.answer_text(delta.text))
        except TroveError as exc:
            failure = exc
        cited = map_citations("".join(pieces), sources)
        answer = cited.answer
        state: AnswerState = "complete"
        if failure is not None:
            state = "failed"
        elif cancel.is_set():
            state = "cancelled"
        elif finish == "length":
            state = "cut_short"
        claims: list[Claim] = []
        if state in ("complete", "cut_short") and self.check_claims is not None:
            emit(events.chat_status("checking"))
            claims = self.check_claims(answer, sources)
            emit(events.claims_checked([c.to_dict() for c in claims]))
        records = [dict(s.to_dict(), cited=True) for s in cited.cited] + [
            dict(s.to_dict(), cited=False) for s in cited.also_retrieved
        ]
        evidence = {
            "floor": floor.to_dict() if floor else None,
            "answered": True,
            "broken_citations": cited.broken,
            "claims": [c.to_dict() for c in claims],
        }
        conversations.add_message(
            conversation_id,
            "assistant",
            answer,
            records,
            state=state,
            error=failure.message if failure is not None else None,
            evidence=evidence,
        )
        if failure is not None:
            raise failure
        return ChatAnswer(
            answer,
            cited.cited,
            cited.also_retrieved,
            conversation_id,
            question,
            query,
            cancelled=cancel.is_set(),
            usage=usage,
            broken_citations=cited.broken,
            state=state,
            floor=floor,
            claims=claims,
        )

    def _floor(self, passages: list[Passage]) -> Floor | None:
        """The best passage against the floor of its scale (None: no passage has a score)."""
        return judge(
            [(p.score, p.scored_by) for p in passages],
            self.settings["chat.min_rerank_score"],
            self.cosine_floor
            or (lambda: similarity_floor(self.settings["chat.min_similarity"], None)),
        )

    def _unanswered(
        self,
        question: str,
        query: str,
        conversation_id: int,
        passages: list[Passage],
        floor: Floor | None,
        language: str,
        emit: Emit,
        cancel: threading.Event,
    ) -> ChatAnswer:
        """Answer without the model: nothing was found, or nothing relevant enough (the nearest
        passages are listed, not cited, so the user can judge)."""
        state: AnswerState = "cancelled" if cancel.is_set() else "complete"
        if cancel.is_set():
            text = "Cancelled."
        elif not passages:
            text = NO_DOCUMENTS_ANSWER
        else:
            text = not_found_answer(question, language)
        nearest = [
            Source(n, p.path, p.location, p.text, p.chunk_id)
            for n, p in enumerate(passages[:_NEAREST_SHOWN], 1)
        ]
        emit(events.answer_text(text))
        evidence = {"floor": floor.to_dict() if floor else None, "answered": False}
        conversations = self.catalog.conversations
        conversations.add_message(
            conversation_id,
            "assistant",
            text,
            [dict(s.to_dict(), cited=False) for s in nearest],
            state=state,
            evidence=evidence,
        )
        return ChatAnswer(
            text,
            [],
            nearest,
            conversation_id,
            question,
            query,
            cancelled=cancel.is_set(),
            state=state,
            floor=floor,
            answered=False,
        )

    def _collection_passages(
        self,
        query: str,
        scope: ChatScope,
        window: int,
        params: ChatParams,
        language: str,
        emit: Emit,
        cancel: threading.Event,
    ) -> list[Passage]:
        if self.files_in_scope is None:
            raise ConfigError("Whole-collection questions are not available here.")
        files = self.files_in_scope(scope)
        return extract_from_files(self.client, files, query, window, params, language, emit, cancel)

    # ------------------------------------------------------------------ conversations

    def list_chats(self) -> list[dict[str, Any]]:
        """Every conversation, most recent first."""
        return [
            {"id": c.id, "title": c.title, "created_at": c.created_at, "updated_at": c.updated_at}
            for c in self.catalog.conversations.list_all()
        ]

    def show_chat(self, conversation_id: int) -> dict[str, Any]:
        """One conversation with its messages and each answer's sources."""
        conversations = self.catalog.conversations
        chat = conversations.get(conversation_id)
        if chat is None:
            raise ConfigError(
                f"There is no conversation {conversation_id}.",
                hint="`trove chats list` shows them.",
            )
        return {
            "id": chat.id,
            "title": chat.title,
            "created_at": chat.created_at,
            "updated_at": chat.updated_at,
            "messages": [
                {
                    "role": m.role,
                    "content": m.content,
                    "sources": m.sources,
                    "created_at": m.created_at,
                    "state": m.state,
                    "error": m.error,
                    "evidence": m.evidence,
                }
                for m in conversations.messages(conversation_id)
            ],
        }


def _title(question: str) -> str:
    flat = " ".join(question.split())
    return flat if len(flat) <= _TITLE_CHARS else flat[: _TITLE_CHARS - 1] + "…"
