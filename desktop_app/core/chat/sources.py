"""A numbered source passage as the prompt shows it and the answer cites it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

__all__ = ["Source"]

_QUOTE_CHARS = 300  # enough of the passage to recognise it in a list of sources


@dataclass(frozen=True)
class Source:
    """One passage given to the model: ``[number] name (location)`` then its text."""

    number: int
    path: str
    location: str  # human label ("p. 3", "lines 1-20"); may be empty
    text: str
    chunk_id: int | None = None

    @property
    def name(self) -> str:
        """The file name shown to the model (the full path stays in the citation)."""
        return PurePath(self.path).name or self.path

    @property
    def quote(self) -> str:
        """The start of the passage, on one line, for the source list."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1] + "…"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stored with the answer in the conversation."""
        return {
            "number": self.number,
            "path": self.path,
            "location": self.location,
            "quote": self.quote,
            "chunk_id": self.chunk_id,
        }
