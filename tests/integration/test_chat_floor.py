"""The floor on the space's own scale: its background measured once from the probe questions
(one embedding request), kept in the catalog, and the floor placed above it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.chat import ChatService
from desktop_app.core.chat.background import (
    DEFAULT_FLOOR_ABOVE_BACKGROUND,
    MIN_PASSAGES,
    PROBE_QUESTIONS,
    Background,
)
from desktop_app.core.chat.claims import CLAIM_FLOOR_ABOVE_BACKGROUND
from desktop_app.core.engine import Engine
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.integration.cli_helpers import point_at_simulator, trove
from tests.nimsim import NimSimulator

SERVICES = [
    "billing",
    "invoices",
    "payroll",
    "ledger",
    "audit",
    "mailer",
    "scheduler",
    "search",
    "thumbnails",
    "backup",
    "metrics",
    "gateway",
    "uploads",
    "exports",
    "reports",
    "sessions",
    "webhooks",
    "printing",
    "archive",
    "translation",
    "geocoding",
    "payments",
    "inventory",
    "shipping",
    "catalog",
    "reviews",
    "coupons",
    "newsletter",
    "analytics",
    "importer",
    "cleanup",
    "indexer",
    "notifier",
    "renderer",
    "sync",
]


def probe_requests(sim: NimSimulator) -> list[list[str]]:
    return [
        r["json"]["input"]
        for r in sim.requests
        if isinstance((r["json"] or {}).get("input"), list)
        and r["json"]["input"][:1] == [PROBE_QUESTIONS[0]]
    ]


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[tuple[ChatService, NimSimulator]]:
    with NimSimulator(profile="local") as sim:
        root = tmp_path / "notes"
        root.mkdir()
        for port, name in enumerate(SERVICES, start=8000):
            (root / f"{name}.txt").write_text(
                f"The {name} service listens on port {port} and writes its log to "
                f"/var/log/{name}.log; restart it with systemctl restart {name}.\n",
                encoding="utf-8",
            )
        point_at_simulator(sim)
        assert trove("config", "set", "rerank.enabled", "off") == 0  # the embedding space's floor
        assert trove("folders", "add", str(root)) == 0
        assert trove("index") == 0
        dirs = resolve_dirs(None)
        engine = Engine(dirs, Settings.load(dirs.settings_file))
        sim.reset()
        try:
            yield ChatService.from_engine(engine), sim
        finally:
            engine.close()


def test_the_background_is_measured_once_and_the_floor_sits_above_it(
    chat: tuple[ChatService, NimSimulator],
) -> None:
    service, sim = chat
    assert len(SERVICES) >= MIN_PASSAGES
    answered = service.ask("Which port does the billing service listen on?")
    assert probe_requests(sim) == [list(PROBE_QUESTIONS)]  # one request, every probe
    engine = service.retrieve.engine  # type: ignore[attr-defined]
    space = engine.catalog.spaces.active()
    kept = Background.from_json(engine.catalog.get_meta("floor.background." + space.name))
    assert kept is not None and kept.passages == len(SERVICES)
    assert answered.floor is not None and answered.floor.by == "similarity"
    assert answered.floor.floor == round(kept.floor(DEFAULT_FLOOR_ABOVE_BACKGROUND), 4)
    assert answered.floor.passed
    assert answered.answered and sim.counters["chat"] == 1
    # The claim check places its cosine on the same scale (the background kept, not measured again).
    assert answered.claims and all(
        c.threshold == round(kept.floor(CLAIM_FLOOR_ABOVE_BACKGROUND), 4) for c in answered.claims
    )

    refused = service.ask("What is a good way to bake sourdough bread at home?")
    assert refused.floor is not None and not refused.floor.passed and not refused.answered
    assert sim.counters["chat"] == 1  # the model was not asked
    assert len(probe_requests(sim)) == 1  # kept: not measured again


def test_floors_set_by_hand_need_no_background(chat: tuple[ChatService, NimSimulator]) -> None:
    service, sim = chat
    service.settings.set("chat.min_similarity", 0.05)
    service.settings.set("chat.claim_min_similarity", 0.07)
    sim.config.chat_reply = "The billing service listens on port 8000 [1]."
    answer = service.ask("Which port does the billing service listen on?")
    assert answer.floor is not None and answer.floor.floor == 0.05
    assert [c.threshold for c in answer.claims] == [0.07]
    assert probe_requests(sim) == []
