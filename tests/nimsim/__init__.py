"""A real-HTTP NVIDIA NIM simulator for tests: embeddings, ranking, chat, OCR, models, health."""

from __future__ import annotations

from tests.nimsim.config import SimConfig
from tests.nimsim.simulator import NimSimulator

__all__ = ["NimSimulator", "SimConfig"]
