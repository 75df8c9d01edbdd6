"""What Trove knows about NIM models: a small table of known ids, and entries read from /v1/models.

The table only supplies defaults (token limits, vector sizes, hosted rerank paths); a NIM can rename
its model (``NIM_SERVED_MODEL_NAME``), so the served id always comes from ``/v1/models`` or from the
response itself (reference/nim-api.md §1.5, §2.1, §5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "KNOWN_MODELS",
    "KnownModel",
    "ModelInfo",
    "hosted_rerank_path",
    "known_model",
    "parse_models",
]


@dataclass(frozen=True)
class KnownModel:
    """Limits and shape of one model Trove knows by name."""

    id: str
    service: str  # "embedding" | "rerank" | "chat"
    max_tokens: int  # per input (embedding), per query+passage pair (rerank), context (chat)
    native_dims: int | None = None
    matryoshka_dims: tuple[int, ...] = ()
    asymmetric: bool = False
    multilingual: bool = False
    hosted_path: str | None = None  # rerank: path below the hosted /v1 base

    @property
    def accepts_dimensions(self) -> bool:
        """Whether the model takes a ``dimensions`` request field (Matryoshka embeddings)."""
        return bool(self.matryoshka_dims)


_MATRYOSHKA = (384, 512, 768, 1024, 2048)

KNOWN_MODELS: dict[str, KnownModel] = {
    m.id: m
    for m in (
        KnownModel(
            "nvidia/llama-nemotron-embed-1b-v2",
            "embedding",
            8192,
            2048,
            _MATRYOSHKA,
            asymmetric=True,
            multilingual=True,
        ),
        KnownModel(
            "nvidia/llama-3.2-nv-embedqa-1b-v2",
            "embedding",
            8192,
            2048,
            _MATRYOSHKA,
            asymmetric=True,
            multilingual=True,
        ),
        KnownModel("nvidia/nv-embedqa-e5-v5", "embedding", 512, 1024, asymmetric=True),
        KnownModel(
            "nvidia/llama-nemotron-rerank-1b-v2",
            "rerank",
            8192,
            hosted_path="retrieval/nvidia/llama-nemotron-rerank-1b-v2/reranking",
        ),
        KnownModel(
            "nvidia/llama-3.2-nv-rerankqa-1b-v2",
            "rerank",
            8192,
            hosted_path="retrieval/nvidia/llama-3_2-nv-rerankqa-1b-v2/reranking",
        ),
        KnownModel("meta/llama-3.3-70b-instruct", "chat", 131072),
    )
}


def known_model(model_id: str) -> KnownModel | None:
    """The table entry for ``model_id``, or None for a model Trove has no facts about."""
    return KNOWN_MODELS.get(model_id)


def hosted_rerank_path(model_id: str) -> str:
    """Path of the hosted per-model reranking route, relative to the ``/v1`` base.

    Unknown models follow NVIDIA's pattern ``retrieval/<publisher>/<name, '.' -> '_'>/reranking``.
    """
    known = known_model(model_id)
    if known is not None and known.hosted_path:
        return known.hosted_path
    publisher, _, name = model_id.rpartition("/")
    return f"retrieval/{publisher or 'nvidia'}/{name.replace('.', '_')}/reranking"


@dataclass(frozen=True)
class ModelInfo:
    """One entry of a NIM's ``/v1/models`` list (only ``id`` is guaranteed)."""

    id: str
    owned_by: str | None = None
    max_model_len: int | None = None
    root: str | None = None  # set on vLLM LoRA adapters: the base model

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> ModelInfo:
        """Build from one ``data[]`` entry; unknown or malformed optional fields are dropped."""
        max_len = entry.get("max_model_len")
        owned_by = entry.get("owned_by")
        root = entry.get("root")
        return cls(
            id=str(entry["id"]),
            owned_by=owned_by if isinstance(owned_by, str) else None,
            max_model_len=max_len if isinstance(max_len, int) and max_len > 0 else None,
            root=root if isinstance(root, str) else None,
        )


def parse_models(body: Any) -> list[ModelInfo]:
    """Entries of a ``/v1/models`` body, deduplicated by id (the hosted list repeats some)."""
    data = body.get("data") if isinstance(body, Mapping) else None
    if not isinstance(data, list):
        raise ValueError("no 'data' list in the /v1/models answer")
    seen: dict[str, ModelInfo] = {}
    for entry in data:
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            seen.setdefault(entry["id"], ModelInfo.from_json(entry))
    return list(seen.values())
