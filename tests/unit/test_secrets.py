"""The API key: keyring first, env overrides, never shown, clear words when there is no keyring."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from desktop_app.core import secrets
from desktop_app.core.errors import SecretStoreError

KEY = "nvapi-TESTSECRET-1234567890"


def test_store_load_delete(memory_keyring) -> None:
    assert secrets.load_api_key() is None
    secrets.store_api_key(f"  {KEY}\n")
    assert memory_keyring.store[("trove", "nvidia_api_key")] == KEY
    loaded = secrets.load_api_key()
    assert loaded is not None and loaded.reveal() == KEY and loaded.source == "keyring"
    assert loaded.looks_hosted
    assert secrets.delete_api_key() is True
    assert secrets.delete_api_key() is False
    assert secrets.load_api_key() is None


def test_env_overrides_keyring(memory_keyring, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets.store_api_key(KEY)
    monkeypatch.setenv("NVIDIA_API_KEY", "nvapi-FROMENV")
    loaded = secrets.load_api_key()
    assert loaded is not None
    assert loaded.reveal() == "nvapi-FROMENV"
    assert loaded.source == "env:NVIDIA_API_KEY"


def test_key_never_in_repr_or_str(memory_keyring) -> None:
    secrets.store_api_key(KEY)
    loaded = secrets.load_api_key()
    assert KEY not in repr(loaded)
    assert KEY not in str(loaded)
    assert KEY not in f"{loaded}"
    assert KEY not in repr([loaded])


def test_no_keyring_gives_directions_not_traceback() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        assert secrets.load_api_key() is None  # local NIMs need no key: not an error
        with pytest.raises(SecretStoreError) as err:
            secrets.store_api_key(KEY)
        assert "NVIDIA_API_KEY" in err.value.hint
        assert KEY not in err.value.user_text()
        usable, why = secrets.keyring_status()
        assert not usable and "NVIDIA_API_KEY" in why
    finally:
        keyring.set_keyring(previous)


def test_errors_scrub_keys() -> None:
    err = SecretStoreError(f"server said: bad key {KEY}", hint="Bearer abc.defghij")
    assert KEY not in err.user_text()
    assert "abc.defghij" not in err.user_text()
    assert SecretStoreError("Bearer token is malformed").message == "Bearer token is malformed"


def test_key_state_says_where_the_key_comes_from(
    memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TROVE_TEST_KEY", raising=False)
    assert secrets.key_state("TROVE_TEST_KEY").source is None
    secrets.store_api_key("nvapi-stored")
    assert secrets.key_state("TROVE_TEST_KEY").source == "keyring"
    monkeypatch.setenv("TROVE_TEST_KEY", "nvapi-env")
    state = secrets.key_state("TROVE_TEST_KEY")
    assert state.from_env and state.source == "env:TROVE_TEST_KEY"


def test_a_catalog_key_without_its_prefix_is_doubtful() -> None:
    assert secrets.doubtful_catalog_key("abc123")
    assert not secrets.doubtful_catalog_key(" nvapi-abc ")
    assert not secrets.doubtful_catalog_key("")
