"""A new user's first questions: a few files, an off-topic question refused, an on-topic one
answered, on any model's cosine scale (the plain lexical vectors, and an e5-like scale where
unrelated texts sit near 0.8). The background of so small a space comes from the reference
passages (``background.py``), until the space has its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.chat.background import MIN_PASSAGES, Background
from desktop_app.core.chat.reference_passages import REFERENCE_PASSAGES
from desktop_app.core.chat.retrieve import ChatScope, EngineRetriever
from desktop_app.core.engine import Engine
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator
from tests.nimsim.scaled import Lifted

FILES = {
    "boiler.txt": (
        "The boiler in the basement is serviced every October. Its pressure should read between "
        "1.2 and 1.5 bar; below 1 bar, open the filling loop under the boiler until the gauge "
        "is back in the green zone, then close it again."
    ),
    "car.txt": (
        "Our car is a 2019 estate with a diesel engine. The next inspection is due in May; the "
        "garage on Mill Street does it and keeps the service book. The spare key is in the "
        "kitchen drawer."
    ),
    "wifi.txt": (
        "The wifi router sits in the hall cupboard. To restart it, hold the reset button for "
        "two seconds, wait for the light to turn white, and reconnect; the guest network "
        "password is on the sticker underneath."
    ),
}
ON_TOPIC = "What pressure should the gauge of the boiler in the basement read?"
OFF_TOPIC = "What is the capital of Peru?"
REFUSAL = "The files do not say."


@pytest.fixture(params=[None, 0.8], ids=["lexical", "e5-like"])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NimSimulator]:
    backend = None if request.param is None else Lifted(request.param)
    model = {} if backend is None else {"embed_model": backend.name}
    with NimSimulator(profile="local", embed_backend=backend, **model) as simulator:
        root = tmp_path / "notes"
        root.mkdir()
        for name, text in FILES.items():
            (root / name).write_text(text + "\n", encoding="utf-8")
        point_at_simulator(simulator)
        if backend is not None:
            assert trove("config", "set", "embedding.model", backend.name) == 0
        assert trove("config", "set", "rerank.enabled", "off") == 0  # the similarity floor
        assert trove("folders", "add", str(root)) == 0
        assert trove("index") == 0
        simulator.config.chat_reply = "Between 1.2 and 1.5 bar [1]."
        simulator.reset()
        yield simulator


def _kept_background() -> Background | None:
    dirs = resolve_dirs(None)
    engine = Engine(dirs, Settings.load(dirs.settings_file))
    try:
        space = engine.catalog.spaces.active()
        assert space is not None
        return Background.from_json(engine.catalog.get_meta("floor.background." + space.name))
    finally:
        engine.close()


def _reference_requests(sim: NimSimulator) -> list[list[str]]:
    return [
        r["json"]["input"]
        for r in sim.requests
        if r["path"].endswith("/embeddings")
        and r["json"].get("input_type") == "passage"
        and r["json"]["input"][:1] == [REFERENCE_PASSAGES["en"][0]]
    ]


def test_an_off_topic_question_to_three_files_is_refused_and_an_on_topic_one_answered(
    sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert trove("ask", OFF_TOPIC) == 0
    out = capsys.readouterr().out
    assert out.startswith(REFUSAL), out
    assert "boiler.txt" in out or "car.txt" in out or "wifi.txt" in out  # the nearest, to judge
    assert sim.counters["chat"] == 0  # the model was not asked

    answered = trove_json(capsys, "ask", ON_TOPIC)
    assert answered["answered"] and answered["floor"]["passed"]
    assert answered["answer"] == "Between 1.2 and 1.5 bar [1]."
    assert answered["sources"][0]["path"].endswith("boiler.txt")
    assert sim.counters["chat"] == 1

    refused = trove_json(capsys, "ask", OFF_TOPIC)
    assert not refused["answered"] and not refused["floor"]["passed"]
    assert refused["floor"]["best"] < refused["floor"]["floor"] <= answered["floor"]["best"]

    # The background came from the reference passages (one request, in English like the files),
    # was kept, and served all three questions.
    kept = _kept_background()
    assert kept is not None and kept.by == "references" and kept.passages == len(FILES)
    assert _reference_requests(sim) == [list(REFERENCE_PASSAGES["en"])]
    assert refused["floor"]["floor"] == answered["floor"]["floor"]


def test_a_space_grown_past_the_small_size_measures_its_own_background(
    sim: NimSimulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert trove("ask", OFF_TOPIC) == 0
    kept = _kept_background()
    assert kept is not None and kept.by == "references"
    more = tmp_path / "notes"
    for i in range(MIN_PASSAGES):
        (more / f"note{i}.txt").write_text(f"Note {i}: the plumber visits on day {i}.\n", "utf-8")
    assert trove("index") == 0
    sim.reset()
    assert trove("ask", OFF_TOPIC) == 0
    grown = _kept_background()
    assert grown is not None and grown.by == "passages"
    assert grown.passages == len(FILES) + MIN_PASSAGES
    assert _reference_requests(sim) == []  # its own passages now
    assert REFUSAL in capsys.readouterr().out


def test_chat_retrieval_counts_a_passage_relevant_at_the_spaces_floor(sim: NimSimulator) -> None:
    dirs = resolve_dirs(None)
    engine = Engine(dirs, Settings.load(dirs.settings_file))
    try:
        found = EngineRetriever(engine)(ON_TOPIC, ChatScope())
        assert [Path(p.path).name for p in found if p.relevant] == ["boiler.txt"]
        # The files whose words do not match the question's are neighbours, not sources; a fixed
        # 0.1 counted them (shared words like "the" on the lexical scale, any text on e5's).
        others = EngineRetriever(engine, min_similarity=0.1)(ON_TOPIC, ChatScope())
        assert len([p for p in others if p.relevant]) == len(FILES)
    finally:
        engine.close()
