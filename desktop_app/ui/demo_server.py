"""The demo NIM: the simulator from Trove's tests, to try semantic search and chat without NVIDIA.

Its vectors are hashes of words and its answers quote the first passage it is sent, so it is for
trying the app, never for real use. A source checkout has it (``tests/nimsim``); the installed app
does not, and then the setup only fills in its URL and says how to start it.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
from typing import Any

__all__ = ["DEMO_PORT", "DEMO_URL", "available", "start", "stop"]

log = logging.getLogger(__name__)

DEMO_PORT = 8000
DEMO_URL = f"http://127.0.0.1:{DEMO_PORT}/v1"

_running: list[Any] = []  # the simulator this process started, if any


def available() -> bool:
    """Whether the simulator can run inside this process (a source checkout)."""
    try:
        return importlib.util.find_spec("tests.nimsim") is not None
    except (ImportError, ValueError):
        return False


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start() -> bool:
    """Serve the demo NIM at ``DEMO_URL`` while the app runs; False if it cannot here.

    A server already answering on the port (say, ``python -m tests.nimsim`` in a terminal) is
    taken as the demo server.
    """
    if _running or _port_taken(DEMO_PORT):
        return True
    if not available():
        return False
    from tests.nimsim import NimSimulator

    try:
        simulator = NimSimulator(profile="local", port=DEMO_PORT)
        simulator.config.embed_content_words = True
        simulator.start()
    except OSError as exc:
        log.warning("demo NIM could not start: %s", exc)
        return False
    _running.append(simulator)
    return True


def stop() -> None:
    """Stop the demo NIM this process started (nothing else)."""
    while _running:
        _running.pop().stop()
