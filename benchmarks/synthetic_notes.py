"""A small synthetic corpus for benchmarks that measure Trove's own overhead (not retrieval
quality): notes of random words from a fixed vocabulary, deterministic for a seed."""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["WORDS", "make_notes"]

WORDS = [
    "lighthouse",
    "keeper",
    "tower",
    "lamp",
    "harbour",
    "ship",
    "storm",
    "night",
    "garden",
    "tomato",
    "compost",
    "sun",
    "water",
    "invoice",
    "contract",
    "payment",
    "march",
    "supplier",
    "vector",
    "index",
    "search",
    "passage",
    "model",
    "engine",
    "train",
    "station",
    "ticket",
    "schedule",
    "river",
    "bridge",
    "mountain",
    "valley",
    "report",
    "quarter",
    "revenue",
    "budget",
]


def make_notes(root: Path, files: int, rng: random.Random) -> list[Path]:
    """Write ``files`` notes of 2-6 paragraphs under ``root``; their paths."""
    root.mkdir(parents=True)
    paths = []
    for i in range(files):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + "."
            for _ in range(rng.randint(2, 6))
        ]
        path = root / f"note-{i:04d}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", "utf-8")
        paths.append(path)
    return paths
