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
    "resolve_served_id",
]


@dataclass(frozen=True)
class KnownModel:
    """Limits and shape of one model Trove knows by name; facts a NIM can contradict.

    The vector size Trove uses is always the one the NIM returns (``core/nim/facts.py`` learns
    it); ``native_dims`` and ``matryoshka`` only say what to expect and whether a smaller size may
    be asked for. ``matryoshka=None`` means not known: learned from the NIM's answer.
    """

    id: str
    service: str  # "embedding" | "rerank" | "chat"
    max_tokens: int  # per input (embedding), per query+passage pair (rerank), context (chat)
    native_dims: int | None = None
    matryoshka: bool | None = False
    asymmetric: bool = True
    multilingual: bool = False
    hosted_path: str | None = None  # rerank: path below the hosted /v1 base
    aliases: tuple[str, ...] = ()  # other ids the same model is served under (hosted/container)

    @property
    def accepts_dimensions(self) -> bool:
        """Whether the model is known to take a ``dimensions`` field (Matryoshka embeddings)."""
        return self.matryoshka is True


def _embed(
    model_id: str,
    max_tokens: int,
    dims: int | None,
    matryoshka: bool | None,
    *,
    multilingual: bool = False,
    asymmetric: bool = True,
    aliases: tuple[str, ...] = (),
) -> KnownModel:
    return KnownModel(
        model_id,
        "embedding",
        max_tokens,
        dims,
        matryoshka,
        asymmetric=asymmetric,
        multilingual=multilingual,
        aliases=aliases,
    )


def _rerank(model_id: str, max_tokens: int, *, aliases: tuple[str, ...] = ()) -> KnownModel:
    return KnownModel(model_id, "rerank", max_tokens, matryoshka=None, aliases=aliases)


# The retrieval NIMs of the current support matrices (reference/nim-api.md §1.5, §2.1). Sizes
# marked None are learned from the NIM on first use.
KNOWN_MODELS: dict[str, KnownModel] = {
    m.id: m
    for m in (
        _embed(
            "nvidia/llama-nemotron-embed-1b-v2",
            8192,
            2048,
            True,
            multilingual=True,
            aliases=("nvidia/llama-3.2-nv-embedqa-1b-v2", "nvidia/llama-3-2-nv-embedqa-1b-v2"),
        ),
        _embed(
            "nvidia/llama-3.2-nv-embedqa-1b-v2",
            8192,
            2048,
            True,
            multilingual=True,
            aliases=("nvidia/llama-nemotron-embed-1b-v2", "nvidia/llama-3-2-nv-embedqa-1b-v2"),
        ),
        _embed(
            "nvidia/llama-nemotron-embed-300m-v2",
            8192,
            2048,
            True,
            multilingual=True,
            aliases=("nvidia/llama-3.2-nemoretriever-300m-embed-v2",),
        ),
        _embed(
            "nvidia/llama-3.2-nemoretriever-300m-embed-v2",
            8192,
            2048,
            True,
            multilingual=True,
            aliases=("nvidia/llama-nemotron-embed-300m-v2",),
        ),
        _embed("nvidia/llama-nemotron-embed-vl-1b-v2", 8192, 2048, None, multilingual=True),
        # Refuses other sizes ("must be one of 2048", nim-api.md §1.5).
        _embed("nvidia/nemotron-3-embed-1b", 8192, 2048, False, multilingual=True),
        _embed("nvidia/nemotron-3.5-embed-1b", 32768, None, None, multilingual=True),
        _embed("nvidia/nemotron-3.5-embed-8b", 32768, None, None, multilingual=True),
        _embed("nvidia/nv-embedqa-e5-v5", 512, 1024, False),
        _embed("nvidia/nv-embedqa-mistral-7b-v2", 512, 4096, False),
        _embed("baai/bge-m3", 8192, 1024, False, multilingual=True, asymmetric=False),
        _embed("snowflake/arctic-embed-l", 512, 1024, False, asymmetric=False),
        _rerank("nvidia/nemotron-3.5-rerank-8b", 32768),
        _rerank(
            "nvidia/llama-nemotron-rerank-1b-v2",
            8192,
            aliases=("nvidia/llama-3.2-nv-rerankqa-1b-v2", "nvidia/llama-3-2-nv-rerankqa-1b-v2"),
        ),
        _rerank(
            "nvidia/llama-3.2-nv-rerankqa-1b-v2",
            8192,
            aliases=("nvidia/llama-nemotron-rerank-1b-v2", "nvidia/llama-3-2-nv-rerankqa-1b-v2"),
        ),
        _rerank("nvidia/llama-nemotron-rerank-500m-v2", 8192),
        _rerank("nvidia/llama-nemotron-rerank-vl-1b-v2", 8192),
        KnownModel("meta/llama-3.3-70b-instruct", "chat", 131072),
        KnownModel("nvidia/nemotron-3-nano-30b-a3b", "chat", 131072),
    )
}


def known_model(model_id: str) -> KnownModel | None:
    """The table entry for ``model_id``, or None for a model Trove has no facts about."""
    return KNOWN_MODELS.get(model_id)


def _id_key(model_id: str) -> str:
    """Spelling-insensitive form of a model id: the docs write 3.2, 3-2 and 3_2 for one model."""
    return model_id.strip().lower().replace(".", "-").replace("_", "-")


def resolve_served_id(model_id: str, served: list[str]) -> str | None:
    """The id under which a NIM serving ``served`` offers ``model_id``: itself, another spelling
    of it, or a known alias (hosted and container names differ); None if it is not served."""
    if model_id in served:
        return model_id
    by_key = {_id_key(s): s for s in served}
    known = known_model(model_id)
    for candidate in (model_id, *(known.aliases if known else ())):
        found = by_key.get(_id_key(candidate))
        if found is not None:
            return found
    return None


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
