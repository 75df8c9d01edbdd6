"""The simulator's lexical vectors on another model's cosine scale, for the embed_backend knob.

Real models differ in where unrelated texts sit: MiniLM near 0.2, e5 models near 0.8. Adding one
direction every vector shares moves the whole scale without changing what is near what: with a
share ``b`` of it, the cosine of two texts is ``b + (1 - b) x`` their lexical cosine ``x``. So the
floor's tests can play an e5-like model (``Lifted(0.8)``) without running one.
"""

from __future__ import annotations

import math

from tests.nimsim.config import EmbedModelSpec
from tests.nimsim.embeddings import embed_text

__all__ = ["Lifted"]


class Lifted:
    """Lexical vectors (the simulator's own, one dimension fewer) plus a shared direction."""

    def __init__(self, baseline: float, name: str = "acme/lifted-embed", dimensions: int = 384):
        self.baseline = baseline
        self.name = name
        self.spec = EmbedModelSpec(512, dimensions, matryoshka=False)

    def embed(self, texts: list[str], input_type: str | None) -> list[list[float]]:
        """Unit vectors whose pairwise cosine is ``baseline + (1 - baseline) x`` lexical."""
        keep, shared = math.sqrt(1.0 - self.baseline), math.sqrt(self.baseline)
        return [
            [keep * x for x in embed_text(t, self.spec.dimensions - 1, input_type)] + [shared]
            for t in texts
        ]
