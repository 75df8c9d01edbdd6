"""Every NIM embedding model works, and Trove tells the truth about what is searchable.

Driven through the `trove` CLI against the simulator playing the NIMs users run: a fixed-size
model Trove has no table entry for, a known id served with another vector size, a Matryoshka
model, a NIM that ignores input_type, a container swapped under a running index, a NIM that is
down.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.commands.index import EXIT_VECTORS_UNFINISHED
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator
from tests.nimsim.config import EmbedModelSpec

UNKNOWN = "acme/minilm-finetune-v3"


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "garden.txt").write_text(
        "Tomatoes need full sun, deep watering and rich compost to grow well.\n", "utf-8"
    )
    (root / "chroma.md").write_text(
        "# Vector stores\n\nChroma is an open-source vector database for embeddings.\n", "utf-8"
    )
    (root / "trains.txt").write_text(
        "The night train to Vienna leaves at ten and arrives before breakfast.\n", "utf-8"
    )
    return root


def _setup(sim: NimSimulator, docs: Path, model: str) -> None:
    point_at_simulator(sim)
    assert trove("config", "set", "embedding.model", model) == 0
    assert trove("folders", "add", str(docs)) == 0


def _embedding_requests(sim: NimSimulator) -> list[dict[str, object]]:
    return [r["json"] for r in sim.requests if r["path"].endswith("/embeddings")]


def _search(capsys: pytest.CaptureFixture[str], query: str, *mode: str) -> str:
    """What `trove search` printed (its text output: the JSON form is results only)."""
    capsys.readouterr()
    assert trove("search", query, *mode) == 0
    return capsys.readouterr().out


def _status(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    return trove_json(capsys, "status")


def test_an_unknown_fixed_size_model_embeds_everything(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = UNKNOWN
    sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)
    _setup(sim, docs, UNKNOWN)

    summary = trove_json(capsys, "index")

    assert summary["vectors"]["state"] == "ok"
    assert summary["searchable"]["state"] == "up_to_date"
    assert all("dimensions" not in body for body in _embedding_requests(sim))
    status = _status(capsys)
    (space,) = status["spaces"]
    assert space["dimensions"] == 384 and space["queued"] == 0
    found = _search(capsys, "vegetables in the sun", "--mode", "semantic")
    assert "Note:" not in found and "1. " in found


def test_a_known_id_serving_another_size_is_sized_by_the_nim(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = "nvidia/nv-embedqa-e5-v5"  # the table says 1024
    sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)
    _setup(sim, docs, "nvidia/nv-embedqa-e5-v5")

    summary = trove_json(capsys, "index")

    assert summary["searchable"]["state"] == "up_to_date"
    assert [sp["dimensions"] for sp in _status(capsys)["spaces"]] == [384]


def test_a_matryoshka_model_gets_the_chosen_size(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(sim, docs, "nvidia/llama-nemotron-embed-1b-v2")
    assert trove("config", "set", "embedding.dimensions", "512") == 0

    trove_json(capsys, "index")

    assert [sp["dimensions"] for sp in _status(capsys)["spaces"]] == [512]
    passages = [b for b in _embedding_requests(sim) if b.get("input_type") == "passage"]
    assert passages and all(b.get("dimensions") == 512 for b in passages)


def test_a_chosen_size_refused_by_a_model_is_learned_and_said_once(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = UNKNOWN
    sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)
    _setup(sim, docs, UNKNOWN)
    assert trove("config", "set", "embedding.dimensions", "256") == 0
    capsys.readouterr()

    assert trove("index") == 0
    first = capsys.readouterr().out
    refusals = sim.counters["embeddings"]
    (docs / "more.txt").write_text("Another note about compost heaps.\n", "utf-8")
    assert trove("index") == 0
    second = capsys.readouterr().out

    assert "fixed vector size of 384" in first
    assert "fixed vector size" not in second
    assert [sp["dimensions"] for sp in _status(capsys)["spaces"]] == [384]
    # Only the one probe ever carried `dimensions`: the refusal is remembered.
    sent = [b for b in _embedding_requests(sim) if "dimensions" in b]
    assert len(sent) == 1 and refusals >= 2


def test_a_swapped_container_gets_a_new_space_beside_the_old(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = UNKNOWN
    sim.config.embed_spec_override = EmbedModelSpec(512, 1024, matryoshka=False)
    _setup(sim, docs, UNKNOWN)
    trove_json(capsys, "index")

    # Another variant behind the same id: 384-dimension vectors from now on.
    sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)
    (docs / "new.txt").write_text("Compost heaps warm up in spring.\n", "utf-8")
    capsys.readouterr()
    code = trove("index")
    out, err = capsys.readouterr()

    assert "Traceback" not in out + err
    assert code == 0, out + err
    assert "now returns vectors of 384 dimensions, not 1024" in out
    spaces = _status(capsys)["spaces"]
    assert [(sp["dimensions"], sp["state"]) for sp in spaces] == [(384, "active")]
    found = _search(capsys, "compost", "--mode", "semantic")
    assert "Note:" not in found and "new.txt" in found


def test_search_against_a_swapped_container_falls_back_to_keywords(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = UNKNOWN
    sim.config.embed_spec_override = EmbedModelSpec(512, 1024, matryoshka=False)
    _setup(sim, docs, UNKNOWN)
    trove_json(capsys, "index")
    sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)

    found = _search(capsys, "tomatoes")

    assert "Note: Semantic search is unavailable" in found and "384 dimensions" in found
    assert "garden.txt" in found


def test_a_nim_that_is_down_is_never_called_up_to_date(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with NimSimulator(profile="local") as sim:
        point_at_simulator(sim)
    # The simulator is gone: its port refuses connections.
    assert trove("config", "set", "nim.max_retries", "1") == 0
    assert trove("folders", "add", str(docs)) == 0
    capsys.readouterr()

    code = trove("index")
    out = capsys.readouterr().out

    assert code == EXIT_VECTORS_UNFINISHED
    assert "Up to date" not in out
    assert "Embedding NIM unavailable since" in out and "3 of 3 passages" in out
    status = _status(capsys)
    assert status["searchable"]["state"] == "nim_unavailable"
    assert status["searchable"]["waiting"] == status["searchable"]["passages"] == 3
    capsys.readouterr()
    assert trove("status") == 0
    assert "Embedding NIM unavailable since" in capsys.readouterr().out
    found = _search(capsys, "tomatoes")
    assert "Note: Semantic search is unavailable" in found and "garden.txt" in found


def test_index_json_also_exits_with_the_unfinished_code(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with NimSimulator(profile="local") as sim:
        point_at_simulator(sim)
    assert trove("config", "set", "nim.max_retries", "0") == 0
    assert trove("folders", "add", str(docs)) == 0
    capsys.readouterr()

    assert trove("index", "--json") == EXIT_VECTORS_UNFINISHED
    summary = json.loads(capsys.readouterr().out)
    assert summary["searchable"]["state"] == "nim_unavailable"


def test_doctor_flags_a_nim_that_ignores_input_type(
    sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_ignores_input_type = True
    point_at_simulator(sim)
    capsys.readouterr()
    trove("doctor", "--json")
    checks = json.loads(capsys.readouterr().out)["checks"]
    flagged = [c for c in checks if c["name"] == "input_type"]
    assert flagged and flagged[0]["status"] == "warn"


def test_doctor_says_when_dimensions_are_refused_and_skips_the_keyring_locally(
    sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = UNKNOWN
    sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)
    point_at_simulator(sim)
    assert trove("config", "set", "embedding.model", UNKNOWN) == 0
    assert trove("config", "set", "embedding.dimensions", "256") == 0
    os.environ.pop("NVIDIA_API_KEY", None)
    capsys.readouterr()
    trove("doctor", "--json")
    checks = json.loads(capsys.readouterr().out)["checks"]
    by_name = {(c["service"], c["name"]): c for c in checks}
    assert by_name[("embedding", "size")]["status"] == "warn"
    assert "fixed size of 384" in by_name[("embedding", "size")]["detail"]
    assert "384 dimensions" in by_name[("embedding", "call")]["detail"]
    assert not any(c["service"] == "keyring" for c in checks)


def test_a_hosted_id_finds_the_container_id_the_nim_serves(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = "nvidia/llama-3.2-nemoretriever-300m-embed-v2"  # the container's id
    _setup(sim, docs, "nvidia/llama-nemotron-embed-300m-v2")  # the hosted catalog's id

    summary = trove_json(capsys, "index")

    assert summary["searchable"]["state"] == "up_to_date"
    sent = {b["model"] for b in _embedding_requests(sim)}
    assert "nvidia/llama-3.2-nemoretriever-300m-embed-v2" in sent
    found = _search(capsys, "vegetables in the sun", "--mode", "semantic")
    assert "Note:" not in found and "garden.txt" in found
    capsys.readouterr()
    trove("doctor", "--json")
    checks = json.loads(capsys.readouterr().out)["checks"]
    model_check = next(c for c in checks if (c["service"], c["name"]) == ("embedding", "model"))
    assert model_check["status"] == "ok" and "served here as" in model_check["detail"]


def test_an_unknown_models_token_limit_is_learned_from_its_too_long_answer(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_model = UNKNOWN
    sim.config.embed_spec_override = EmbedModelSpec(64, 384, matryoshka=False)
    (docs / "long.txt").write_text(
        " ".join(f"word{i} of a long line about lighthouses" for i in range(400)) + "\n", "utf-8"
    )
    _setup(sim, docs, UNKNOWN)

    summary = trove_json(capsys, "index")

    assert summary["searchable"]["state"] == "up_to_date"  # cut texts are re-sent with END
    facts = json.loads((Path(os.environ["TROVE_HOME"]) / "data" / "model_facts.json").read_text())
    (learned,) = [v for k, v in facts["embedding"].items() if k.endswith(UNKNOWN)]
    assert learned["max_tokens"] == 64 and learned["native_dims"] == 384

    # Files read from now on are chunked for the learned limit: no more refusals.
    (docs / "later.txt").write_text(
        " ".join(f"entry{i} in the keeper's log" for i in range(300)) + "\n", "utf-8"
    )
    refused = len(sim.errors) + sum(1 for r in sim.requests if r["path"].endswith("/embeddings"))
    trove_json(capsys, "index")
    later = [r for r in sim.requests if r["path"].endswith("/embeddings")][refused:]
    assert later and all(r["json"].get("truncate") == "NONE" for r in later)
    assert _status(capsys)["spaces"][0]["truncated"] == summary["vectors"]["truncated"]


def test_a_nim_that_ignores_input_type_still_indexes_and_searches(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.embed_ignores_input_type = True
    _setup(sim, docs, "nvidia/llama-nemotron-embed-1b-v2")

    summary = trove_json(capsys, "index")

    assert summary["searchable"]["state"] == "up_to_date"
    found = _search(capsys, "vegetables in the sun", "--mode", "semantic")
    assert "Note:" not in found and "garden.txt" in found


def test_a_slow_nim_costs_a_search_one_short_wait_not_a_retry_ladder(
    sim: NimSimulator, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(sim, docs, "nvidia/llama-nemotron-embed-1b-v2")
    trove_json(capsys, "index")
    assert trove("config", "set", "nim.interactive_timeout", "0.5") == 0
    sim.config.latency_s = 2.0
    before = sim.counters["embeddings"]

    found = _search(capsys, "tomatoes")

    assert "did not answer within 0.5 s" in found and "garden.txt" in found
    assert sim.counters["embeddings"] - before <= 1  # one try, no retries
