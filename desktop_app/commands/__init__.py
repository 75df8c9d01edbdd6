"""The CLI's commands, one module each; ``REGISTRY`` lists their ``register`` functions."""

from __future__ import annotations

from desktop_app.commands import config

REGISTRY = [config.register]

__all__ = ["REGISTRY"]
