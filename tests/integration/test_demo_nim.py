"""The demo NIM (the simulator the README and the setup's "Use the demo server" start) answers a
new user's short question about their few files, and still refuses one the files do not answer:
its vectors leave function words out, so the answer floor of a small index does not refuse a
near match made only of "when" and "do"."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.ui import demo_server
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator
from tests.nimsim.embeddings import embed_text

POLICY = (
    "Backups run every night at 02:00. Weekly full backups are kept for three months; daily "
    "incremental backups for two weeks. Restores are tested every quarter."
)
QUESTION = "When do backups run?"


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_content_word_vectors_bring_a_short_question_closer_to_its_passage() -> None:
    plain = _cosine(embed_text(QUESTION, 256, "query"), embed_text(POLICY, 256, "passage"))
    content = _cosine(
        embed_text(QUESTION, 256, "query", True), embed_text(POLICY, 256, "passage", True)
    )
    assert content > plain + 0.1


def test_the_demo_server_serves_content_word_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_server, "DEMO_PORT", 0)
    monkeypatch.setattr(demo_server, "_port_taken", lambda port: False)
    assert demo_server.start()
    try:
        assert demo_server._running[0].config.embed_content_words
    finally:
        demo_server.stop()


def test_the_demo_nim_answers_the_readme_question_and_refuses_an_off_topic_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with NimSimulator(profile="local") as sim:
        sim.config.embed_content_words = True
        root = tmp_path / "handbook"
        root.mkdir()
        (root / "backup-policy.txt").write_text(POLICY + "\n", encoding="utf-8")
        (root / "security.md").write_text(
            "# Security\n\nPasswords must be rotated every 90 days. Use the VPN for remote "
            "access. Report lost laptops to IT within one hour.\n",
            encoding="utf-8",
        )
        point_at_simulator(sim)
        assert trove("config", "set", "rerank.enabled", "off") == 0  # the similarity floor
        assert trove("folders", "add", str(root)) == 0
        assert trove("index") == 0
        capsys.readouterr()

        answered = trove_json(capsys, "ask", QUESTION)
        assert answered["answered"], answered["floor"]
        assert answered["sources"][0]["path"].endswith("backup-policy.txt")

        refused = trove_json(capsys, "ask", "What is the capital of Peru?")
        assert not refused["answered"]
