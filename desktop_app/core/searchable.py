"""The truth about what is searchable, worded the same in the status bar, tray, folders view,
`trove status` and `trove index`.

"Up to date" only when every passage of every indexed file has a vector in the active space.
Otherwise "keyword only" with how many passages wait and why, or "embedding NIM unavailable
since 14:02" while the embedding service's breaker is open. The vector stage's last outcome is
kept in a small file so a new process (`trove status`) tells the same story as the one that ran it.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

__all__ = ["Searchable", "VectorStageRecord", "judge"]

log = logging.getLogger(__name__)

SearchableState = Literal["up_to_date", "keyword_only", "nim_unavailable", "empty"]


@dataclass(frozen=True)
class Searchable:
    """How much of the index semantic search can see, and why the rest cannot."""

    state: SearchableState
    passages: int  # passages (chunks) of indexed files
    waiting: int  # of them without a vector in the active space
    reason: str = ""  # why they wait (the NIM's sentence), '' when nothing waits
    since: float | None = None  # when the embedding NIM was found unavailable
    hint: str = ""  # what to do

    @property
    def since_label(self) -> str:
        """'14:02' for today, else '6 Dec 14:02'; '' when not unavailable."""
        if self.since is None:
            return ""
        moment = datetime.fromtimestamp(self.since)
        if moment.date() == datetime.now().date():
            return moment.strftime("%H:%M")
        return moment.strftime("%Y-%m-%d %H:%M")

    def sentence(self) -> str:
        """The English sentence the CLI prints (the GUI words the same fields itself)."""
        if self.state == "empty":
            return "Nothing indexed yet."
        if self.state == "up_to_date":
            return f"Up to date: all {self.passages} passages are searchable by meaning."
        waiting = f"{self.waiting} of {self.passages} passages"
        if self.state == "nim_unavailable":
            text = f"Embedding NIM unavailable since {self.since_label}: keyword search only, "
            text += f"{waiting} waiting."
        else:
            text = f"Keyword only: {waiting} waiting for the embedding NIM."
        if self.reason:
            text += f" {self.reason}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``since`` as epoch seconds)."""
        return asdict(self)


@dataclass(frozen=True)
class VectorStageRecord:
    """The last outcome of the vector stage: ``ok``, ``paused`` (a NIM error stopped it) or
    ``unavailable`` (the NIM is down), with the user sentence and when it started."""

    state: Literal["ok", "paused", "unavailable", "never"] = "never"
    message: str = ""
    hint: str = ""
    since: float | None = None

    @classmethod
    def load(cls, path: Path) -> VectorStageRecord:
        """The record in ``path``; 'never' when there is none or it is unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                state=data.get("state", "never"),
                message=str(data.get("message", "")),
                hint=str(data.get("hint", "")),
                since=data.get("since"),
            )
        except (OSError, ValueError, AttributeError):
            return cls()

    def save(self, path: Path) -> None:
        """Write atomically; a failure only costs the next process the reason."""
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vector-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(self), handle)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not save the vector stage state: %s", exc)

    def next(self, state: str, message: str = "", hint: str = "") -> VectorStageRecord:
        """The record after an outcome; ``since`` stays while the trouble goes on."""
        if state == "ok":
            return VectorStageRecord("ok")
        since = self.since if self.state == state and self.since else time.time()
        return VectorStageRecord(state, message, hint, since)  # type: ignore[arg-type]


def judge(
    passages: int,
    waiting: int,
    record: VectorStageRecord,
    *,
    nim_down_since: float | None = None,
) -> Searchable:
    """The searchable state from counts, the vector stage's last outcome and the breaker."""
    if passages == 0:  # no folder, a folder not read yet, or only empty files
        return Searchable("empty", 0, 0)
    if waiting <= 0:
        return Searchable("up_to_date", passages, 0)
    if nim_down_since is not None or record.state == "unavailable":
        since = nim_down_since if nim_down_since is not None else record.since
        return Searchable(
            "nim_unavailable",
            passages,
            waiting,
            record.message,
            since,
            record.hint or "Trove checks the NIM again by itself and resumes when it answers.",
        )
    if record.state == "paused":
        return Searchable("keyword_only", passages, waiting, record.message, None, record.hint)
    return Searchable(
        "keyword_only",
        passages,
        waiting,
        "",
        None,
        "They are embedded by the next `trove index`, or by the app and `trove watch` as they run.",
    )
