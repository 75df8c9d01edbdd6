"""`trove search --json` carries what the text output says besides results, as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.cli_helpers import trove


def test_json_output_carries_the_semantic_unavailable_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lighthouse.txt").write_text("The lighthouse keeper logs the weather.\n", "utf-8")
    for key, value in [
        ("embedding.base_url", "http://127.0.0.1:9/v1"),  # nothing listens: semantic fails
        ("nim.max_retries", "0"),
        ("index.workers", "1"),
    ]:
        assert trove("config", "set", key, value) == 0
    assert trove("folders", "add", str(docs)) == 0
    assert trove("index", "--text-only") == 0
    capsys.readouterr()
    assert trove("search", "lighthouse", "--mode", "hybrid", "--json") == 0
    response = json.loads(capsys.readouterr().out)
    assert response["mode"] == "keyword"
    assert [n["kind"] for n in response["notices"]] == ["semantic_unavailable"]
    assert "Semantic search is unavailable" in response["notices"][0]["message"]
    assert [Path(r["path"]).name for r in response["results"]] == ["lighthouse.txt"]
