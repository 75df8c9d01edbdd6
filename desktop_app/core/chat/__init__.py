"""Chat with the indexed files: retrieval-augmented answers with numbered citations."""

from __future__ import annotations

from desktop_app.core.chat.service import ChatAnswer, ChatScope, ChatService
from desktop_app.core.chat.sources import Source

__all__ = ["ChatAnswer", "ChatScope", "ChatService", "Source"]
