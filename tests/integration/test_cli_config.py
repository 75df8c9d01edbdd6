"""`trove config` and `trove key` from the command line, as a headless user scripts them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main


def test_set_get_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "chat.model", "meta/llama-3.1-8b-instruct"]) == 0
    assert main(["config", "get", "chat.model"]) == 0
    assert capsys.readouterr().out.strip().endswith("meta/llama-3.1-8b-instruct")
    assert main(["config", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["chat.model"] == "meta/llama-3.1-8b-instruct"
    assert {
        "embedding.base_url",
        "embedding.model",
        "rerank.base_url",
        "rerank.model",
        "chat.base_url",
        "chat.model",
    } <= set(listed)


def test_allowing_the_key_over_plain_http_warns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "nim.plain_http_auth_hosts", "gpu-box,10.0.0.5:9080"]) == 0
    err = capsys.readouterr().err
    assert "unencrypted to gpu-box, 10.0.0.5:9080" in err
    assert main(["config", "set", "nim.plain_http_auth_hosts", "[]"]) == 0
    assert capsys.readouterr().err == ""


def test_bad_value_is_one_line_not_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "chat.top_p", "2"]) == 1
    err = capsys.readouterr().err
    assert "chat.top_p" in err and "at most 1" in err
    assert "Traceback" not in err


def test_base_url_normalised_with_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "embedding.base_url", "http://gpu-box:8000/v1/embeddings/"]) == 0
    captured = capsys.readouterr()
    assert "embedding.base_url = http://gpu-box:8000/v1" in captured.out
    assert "Note:" in captured.err


def test_basedir_flag_isolates(tmp_path: Path) -> None:
    base = tmp_path / "portable"
    assert main(["--basedir", str(base), "config", "set", "search.limit", "25"]) == 0
    doc = json.loads((base / "config" / "settings.json").read_text())
    assert doc["search"]["limit"] == 25


def test_key_set_via_stdin_and_status(tmp_path: Path) -> None:
    # A subprocess without a usable keyring: `key set` explains what to do instead.
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    run = subprocess.run(
        [sys.executable, "-m", "desktop_app", "key", "set"],
        input="nvapi-SECRET-abc\n",
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 1
    assert "NVIDIA_API_KEY" in run.stderr
    assert "nvapi-SECRET-abc" not in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


def test_key_set_stores_in_keyring(memory_keyring, monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("nvapi-XYZ\n"))
    assert main(["key", "set"]) == 0
    assert memory_keyring.store[("trove", "nvidia_api_key")] == "nvapi-XYZ"
    assert main(["key", "status"]) == 0
    out = capsys.readouterr().out
    assert "from keyring" in out and "nvapi-XYZ" not in out
    settings_file = Path(os.environ["TROVE_HOME"]) / "config" / "settings.json"
    assert not settings_file.exists() or "nvapi" not in settings_file.read_text()
