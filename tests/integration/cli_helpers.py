"""Driving the `trove` CLI in-process from tests, as a user would type it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from desktop_app.cli import main
from tests.nimsim import NimSimulator

__all__ = ["point_at_simulator", "trove", "trove_json"]


def trove(*args: str) -> int:
    """Run one `trove` command; its exit code."""
    return main(list(args))


def trove_json(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> Any:
    """Run one `trove ... --json` command, check its exit code and parse what it printed."""
    capsys.readouterr()
    assert trove(*args, "--json") == code
    return json.loads(capsys.readouterr().out)


def point_at_simulator(sim: NimSimulator) -> None:
    """Send all three NIM services to the simulator; one extraction worker keeps tests light."""
    for key, value in [
        ("embedding.base_url", sim.base_url),
        ("rerank.base_url", sim.base_url),
        ("chat.base_url", sim.base_url),
        ("index.workers", "1"),
    ]:
        assert trove("config", "set", key, value) == 0
