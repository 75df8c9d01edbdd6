"""The CLI's commands, one module each; ``REGISTRY`` lists their ``register`` functions."""

from __future__ import annotations

from desktop_app.commands import chat, config, doctor, folders, index, search, selftest, serve

REGISTRY = [
    chat.register,
    config.register,
    doctor.register,
    folders.register,
    index.register,
    search.register,
    selftest.register,
    serve.register,
]

__all__ = ["REGISTRY"]
