"""Settings: typed, validated, versioned; a bad file names the bad key and is never reset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.errors import ConfigError
from desktop_app.core.settings import OPTIONS, SCHEMA_VERSION, Settings, apply_profile


def test_defaults_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    assert settings["embedding.model"] == "nvidia/llama-nemotron-embed-1b-v2"
    assert settings["embedding.truncate"] == "NONE"
    settings.set("chat.temperature", "0.5")
    settings.set("chat.stop", "END,STOP")
    settings.set("embedding.dimensions", "1024")
    settings.save()
    doc = json.loads(path.read_text())
    assert doc == {
        "schema_version": SCHEMA_VERSION,
        "chat": {"temperature": 0.5, "stop": ["END", "STOP"]},
        "embedding": {"dimensions": 1024},
    }
    again = Settings.load(path)
    assert again["chat.temperature"] == 0.5
    assert again["chat.stop"] == ["END", "STOP"]
    assert again["embedding.dimensions"] == 1024


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("chat.temperature", "hot", "must be a number"),
        ("chat.temperature", "9", "at most 2"),
        ("embedding.truncate", "MIDDLE", "one of NONE, END, START"),
        ("embedding.base_url", "localhost:8000", "http:// or https://"),
        ("embedding.batch_size", "0", "at least 1"),
        ("rerank.enabled", "maybe", "one of auto, on, off"),
        ("chat.max_tokens", "1.5", "whole number"),
    ],
)
def test_bad_values_name_the_key(key: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        Settings().set(key, value)
    assert err.value.key == key
    assert key in str(err.value)
    assert fragment in str(err.value)


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"Unknown setting 'chat\.temprature'"):
        Settings().set("chat.temprature", 1)


def test_invalid_file_names_key_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    original = '{"schema_version": 1, "chat": {"max_tokens": "lots"}}'
    path.write_text(original)
    with pytest.raises(ConfigError) as err:
        Settings.load(path)
    assert err.value.key == "chat.max_tokens"
    assert str(path) in str(err.value)
    assert path.read_text() == original  # never silently reset


def test_broken_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot be read"):
        Settings.load(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))
    with pytest.raises(ConfigError, match="newer than this Trove"):
        Settings.load(path)


def test_profile_sets_all_three_services() -> None:
    settings = Settings()
    apply_profile(settings, "hosted")
    assert settings["profile"] == "hosted"
    assert settings["embedding.base_url"] == "https://integrate.api.nvidia.com/v1"
    assert settings["chat.base_url"] == "https://integrate.api.nvidia.com/v1"
    assert settings["rerank.base_url"] == "https://ai.api.nvidia.com/v1"


def test_every_default_is_valid() -> None:
    for opt in OPTIONS:
        assert opt.doc, opt.key
        if opt.default is not None:
            assert opt.coerce(opt.default) == opt.default, opt.key


def test_nothing_secret_in_the_schema() -> None:
    assert not [o.key for o in OPTIONS if "key" in o.key and o.key != "api_key_env"]


def test_a_full_disk_keeps_the_old_file_and_says_so(tmp_path: Path, monkeypatch) -> None:
    import errno
    import os

    from desktop_app.core import settings as settings_module

    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    settings.set("chat.temperature", "0.5")
    settings.save()
    before = path.read_bytes()

    def full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(settings_module.os, "replace", full)
    settings.set("chat.temperature", "0.9")
    with pytest.raises(ConfigError) as err:
        settings.save()
    assert "disk is full" in str(err.value) and str(path) in str(err.value)
    assert "Free some space" in err.value.hint
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left


def test_an_unwritable_place_is_a_config_error_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    with pytest.raises(ConfigError, match="cannot be written"):
        Settings().save(blocker / "settings.json")
