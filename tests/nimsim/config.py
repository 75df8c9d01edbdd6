"""The simulator's run-time knobs and the table of models it knows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal, Protocol

__all__ = [
    "EMBED_MODELS",
    "HOSTED",
    "LOCAL",
    "ChatReply",
    "EmbedBackend",
    "EmbedModelSpec",
    "Profile",
    "SimConfig",
    "embed_spec",
]

Profile = Literal["local", "hosted"]
LOCAL: Profile = "local"
HOSTED: Profile = "hosted"

# A fixed reply, or a function of the request's messages (a list of {"role", "content", ...} dicts).
ChatReply = str | Callable[[Sequence[dict[str, Any]]], str] | None


@dataclass(frozen=True)
class EmbedModelSpec:
    """What an embedding model accepts: token limit, native width, Matryoshka or fixed size."""

    max_tokens: int
    dimensions: int
    matryoshka: bool
    asymmetric: bool = True


# nim-api.md §1.5. Unknown ids fall back to _GENERIC_EMBED so a test can rename the served model.
EMBED_MODELS: dict[str, EmbedModelSpec] = {
    "nvidia/llama-nemotron-embed-1b-v2": EmbedModelSpec(8192, 2048, matryoshka=True),
    "nvidia/llama-3.2-nv-embedqa-1b-v2": EmbedModelSpec(8192, 2048, matryoshka=True),
    "nvidia/nv-embedqa-e5-v5": EmbedModelSpec(512, 1024, matryoshka=False),
}
_GENERIC_EMBED = EmbedModelSpec(512, 1024, matryoshka=False)


class EmbedBackend(Protocol):
    """A real embedding model behind the simulator's HTTP surface (the retrieval benchmark)."""

    spec: EmbedModelSpec

    def embed(self, texts: list[str], input_type: str | None) -> list[list[float]]:
        """Unit vectors of ``texts`` (``input_type``: "query", "passage" or None)."""
        ...


def embed_spec(model: str) -> EmbedModelSpec:
    """Return the spec of embedding `model` (a generic fixed 512-token, 1024-d one if unknown)."""
    return EMBED_MODELS.get(model, _GENERIC_EMBED)


@dataclass
class SimConfig:
    """Every knob of the simulator; each may be changed while it runs (sim.config.x = ...)."""

    profile: Profile = LOCAL
    # Faults and timing
    latency_s: float = 0.0  # added before every request is answered
    stream_token_latency_s: float = 0.0  # added before each streamed content chunk
    cold_start_s: float = 0.0  # /health/ready and inference answer 503 this long after start
    rate_limit_per_min: float | None = None  # hosted token bucket (capacity = rate); None = off
    # Embeddings
    embed_model: str = "nvidia/llama-nemotron-embed-1b-v2"
    embed_max_tokens: int | None = None  # override the model's token limit (None = model table)
    max_batch: int = 50  # most `input` items per request
    clamp_dimensions: bool = True  # Matryoshka `dimensions` above native: clamp (True) or 400
    embed_backend: EmbedBackend | None = None  # a real model instead of the lexical vectors
    # Play a model other than the table says: e.g. a known id served by another variant (another
    # vector size), or an unknown fixed-size model of a given size. None = the table's spec.
    embed_spec_override: EmbedModelSpec | None = None
    # Some NIMs (symmetric models) ignore input_type: query and passage vectors are then equal.
    embed_ignores_input_type: bool = False
    # The demo NIM's vectors: function words left out, so a short question reaches its passage
    # about as closely as a real model's would (the answer floor refuses word-hash near misses).
    embed_content_words: bool = False
    # Ranking
    rerank_model: str = "nvidia/llama-nemotron-rerank-1b-v2"
    rerank_max_tokens: int = 8192  # per query+passage pair
    max_passages: int | None = None  # None = profile default (local 512, hosted 1000)
    # Chat
    chat_model: str = "meta/llama-3.3-70b-instruct"
    chat_reply: ChatReply = None  # None = a deterministic reply derived from the messages
    max_model_len: int = 8192
    vllm_error_format: Literal["old", "new"] = "new"
    stream_error_after: int | None = None  # send a mid-stream error event after N content chunks
    stream_drop_after: int | None = None  # cut the connection after N content chunks
    usage_every_chunk: bool = False  # cumulative usage on every chunk, as the hosted API does
    # OCR (nim-ocr.md): 2.0 containers serve /v1/ocr, 1.x /v1/infer; hosted /v1/cv/<model>
    ocr_model: str = "nvidia/nemotron-ocr-v2"
    ocr_route: Literal["ocr", "infer"] = "ocr"
    ocr_shuffle: bool = True  # detections in random (seeded) order: the client must sort
    ocr_max_images: int = 8  # images per request
    ocr_max_b64: int = 180_000  # the hosted inline cap, base64 characters
    ocr_nan_detection: bool = False  # add a placeholder "nan" detection to every page
    # Registered pages: tests.nimsim.ocr.page_key(image) -> [(text, box or None)]
    ocr_pages: dict[str, list[Any]] = field(default_factory=dict)
    # Object detection (nim-ocr.md §1, §3.2): 2.0 serves /v1/page-elements and
    # /v1/table-structure (a route whose model is not in ``detect_models`` answers 404); a 1.x
    # container (``detect_legacy``) serves its one model, ``detect_legacy_model``, at /v1/infer.
    page_elements_model: str = "nvidia/nemotron-page-elements-v3"
    table_structure_model: str = "nvidia/nemotron-table-structure-v1"
    detect_models: tuple[str, ...] = ("page-elements", "table-structure")
    detect_legacy: bool = False
    detect_legacy_model: Literal["page-elements", "table-structure"] = "page-elements"
    # Registered answers: page_key(image) -> {"table": [{x_min, y_min, x_max, y_max, ...}], ...}
    detect_pages: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    # Hosted auth
    valid_keys: set[str] = field(default_factory=set)  # non-empty: only these nvapi- keys pass
    blocked_keys: set[str] = field(default_factory=set)  # these keys get 403

    @classmethod
    def knob_names(cls) -> frozenset[str]:
        """Return the names of all knobs (the keyword arguments NimSimulator accepts)."""
        return frozenset(f.name for f in fields(cls))

    def embed_model_spec(self) -> EmbedModelSpec:
        """Return the spec of the served embedding model (the override, else the table's)."""
        return self.embed_spec_override or embed_spec(self.embed_model)

    def passages_cap(self) -> int:
        """Return the most passages one ranking request may carry."""
        if self.max_passages is not None:
            return self.max_passages
        return 1000 if self.profile == HOSTED else 512

    def rerank_default_truncate(self) -> str:
        """Return the ranking `truncate` default: NONE self-hosted, END hosted (nim-api.md §2.2)."""
        return "END" if self.profile == HOSTED else "NONE"

    def ocr_path(self) -> str:
        """Return the OCR route for this profile."""
        if self.profile == HOSTED:
            return f"/v1/cv/{self.ocr_model}"
        return f"/v1/{self.ocr_route}"

    def detection_path(self, detector: str) -> str | None:
        """Return the route of a detection model ("page-elements" or "table-structure"), None
        when this container does not serve it at all (a 1.x one serves one model)."""
        if self.profile == HOSTED:
            model = (
                self.page_elements_model
                if detector == "page-elements"
                else (self.table_structure_model)
            )
            return f"/v1/cv/{model}"
        if self.detect_legacy:
            return "/v1/infer" if detector == self.detect_legacy_model else None
        return f"/v1/{detector}"

    def rerank_path(self) -> str:
        """Return the ranking route under /v1 for this profile."""
        if self.profile == HOSTED:
            publisher, _, name = self.rerank_model.rpartition("/")
            return f"/v1/retrieval/{publisher or 'nvidia'}/{name.replace('.', '_')}/reranking"
        return "/v1/ranking"
