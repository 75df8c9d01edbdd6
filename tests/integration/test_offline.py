"""Offline proof: add a folder, index and search inside a network namespace with only loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.chroma_server import free_port

SCRIPT = Path(__file__).with_name("offline_flow.sh")
ROOT = Path(__file__).resolve().parents[2]


def _can_unshare() -> bool:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.netns
@pytest.mark.skipif(not _can_unshare(), reason="needs `unshare -n` (root or user namespaces)")
def test_whole_flow_with_no_network(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "weather.txt").write_text("오늘 서울의 날씨는 맑습니다. The weather is fine.\n")
    (docs / "notes.md").write_text("# Notes\n\nChroma stores vectors for semantic search.\n")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, TROVE_HOME=str(home), PYTHONPATH=str(ROOT))
    run = subprocess.run(
        ["unshare", "-n", "bash", str(SCRIPT), sys.executable, str(docs), str(free_port())],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    summary = json.loads((home / "index.json").read_text())
    assert summary["indexed"] == 2
    assert summary["vectors"]["state"] == "ok", summary["vectors"]
    results = json.loads((home / "search.json").read_text())["results"]
    assert Path(results[0]["path"]).name == "weather.txt"
