"""What Trove has learned about each embedding NIM it talked to, kept between runs.

The model table (``models.py``) is a guess: a container may serve another variant under a familiar
id, and most models are not in it at all. So the facts that decide what Trove sends come from the
NIM itself: its native vector size (from a probe), whether it accepts ``dimensions`` (learned from
an ``extra_forbidden`` refusal), its token limit (from a "too long" error) and whether it ignores
``input_type``. They are stored per base URL and model in a small JSON file in the data dir.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from desktop_app.core.nim.models import known_model

__all__ = ["EmbeddingFacts", "ModelFacts"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbeddingFacts:
    """One embedding model as served at one URL. None = not learned yet."""

    native_dims: int | None = None
    accepts_dimensions: bool | None = None
    max_tokens: int | None = None
    ignores_input_type: bool | None = None
    refused_dimensions: int | None = None  # the chosen size last refused (said to the user once)
    served_as: str | None = None  # the id the NIM lists this model under, when it differs
    checked_at: float = 0.0

    @classmethod
    def from_table(cls, model: str) -> EmbeddingFacts:
        """What the model table expects, before the NIM said anything."""
        known = known_model(model)
        if known is None or known.service != "embedding":
            return cls()
        return cls(
            native_dims=None,  # never trusted: always probed
            accepts_dimensions=known.matryoshka,
            max_tokens=known.max_tokens,
        )


class ModelFacts:
    """Learned embedding facts per (base URL, model), persisted as JSON (thread-safe)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._learned: dict[str, dict[str, Any]] = self._load()

    @staticmethod
    def _key(base_url: str, model: str) -> str:
        return f"{base_url.rstrip('/')} {model}"

    def _load(self) -> dict[str, dict[str, Any]]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(k): dict(v) for k, v in data.get("embedding", {}).items()}
        except (OSError, ValueError, AttributeError, TypeError):
            log.warning("ignoring unreadable model facts file %s", self.path)
            return {}

    def embedding(self, base_url: str, model: str) -> EmbeddingFacts:
        """The table's expectations for ``model``, overridden by what its NIM has shown."""
        base = EmbeddingFacts.from_table(model)
        with self._lock:
            learned = self._learned.get(self._key(base_url, model), {})
        names = {f.name for f in fields(EmbeddingFacts)}
        return replace(base, **{k: v for k, v in learned.items() if k in names and v is not None})

    def learn(self, base_url: str, model: str, **facts: Any) -> EmbeddingFacts:
        """Record facts shown by the NIM (keyword names of ``EmbeddingFacts``); the new view."""
        names = {f.name for f in fields(EmbeddingFacts)} - {"checked_at"}
        unknown = set(facts) - names
        if unknown:
            raise TypeError(f"unknown model facts: {sorted(unknown)}")
        with self._lock:
            entry = self._learned.setdefault(self._key(base_url, model), {})
            changed = any(entry.get(k) != v for k, v in facts.items())
            entry.update(facts)
            entry["checked_at"] = time.time()
            if changed:
                self._save()
        return self.embedding(base_url, model)

    def forget(self, base_url: str, model: str, *names: str) -> None:
        """Drop learned facts (all, or the named ones) so they are probed again."""
        with self._lock:
            entry = self._learned.get(self._key(base_url, model))
            if entry is None:
                return
            for name in names or list(entry):
                entry.pop(name, None)
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        payload = json.dumps({"embedding": self._learned}, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".facts-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(tmp, self.path)
        except OSError as exc:  # facts are a cache: losing them costs one probe, nothing else
            log.warning("could not save model facts to %s: %s", self.path, exc)

    def to_dict(self) -> dict[str, Any]:
        """Everything learned, for `trove status --json` and diagnostics."""
        with self._lock:
            return {k: dict(v) for k, v in self._learned.items()}
