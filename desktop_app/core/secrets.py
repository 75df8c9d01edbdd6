"""The NVIDIA API key: kept in the OS keyring (service ``trove``); an env variable overrides it.

The key is never written anywhere else. ``ApiKey`` hides it from ``repr``/``str`` so it cannot leak
through a log line, an exception or a debugger print by accident; ``reveal()`` is the one way out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NamedTuple

from desktop_app.core.errors import SecretStoreError

__all__ = [
    "CATALOG_KEY_PREFIX",
    "KEYRING_SERVICE",
    "KEYRING_USERNAME",
    "ApiKey",
    "KeyState",
    "delete_api_key",
    "doubtful_catalog_key",
    "key_state",
    "keyring_status",
    "load_api_key",
    "store_api_key",
]

KEYRING_SERVICE = "trove"
KEYRING_USERNAME = "nvidia_api_key"
DEFAULT_ENV = "NVIDIA_API_KEY"
CATALOG_KEY_PREFIX = "nvapi-"  # every NVIDIA API catalog key starts so

_NO_KEYRING_HINT = (
    "No usable OS keyring was found (common on headless Linux). Set the key in the environment "
    "instead, e.g. `export NVIDIA_API_KEY=nvapi-...`, or install and unlock a keyring service "
    "(GNOME Keyring, KWallet, or `pip install keyrings.alt` for a file-based one)."
)


@dataclass(frozen=True, repr=False)
class ApiKey:
    """An API key and where it came from; never shows its value when printed."""

    _value: str
    source: str  # "env:NAME" or "keyring"

    def reveal(self) -> str:
        """The key itself, for the Authorization header only."""
        return self._value

    @property
    def looks_hosted(self) -> bool:
        """Whether it has the ``nvapi-`` prefix of NVIDIA API catalog keys."""
        return self._value.startswith(CATALOG_KEY_PREFIX)

    def __repr__(self) -> str:
        return f"ApiKey(source={self.source!r}, value='********')"

    __str__ = __repr__


def _keyring_error(action: str, exc: Exception) -> SecretStoreError:
    import keyring.errors

    if isinstance(exc, keyring.errors.NoKeyringError):
        return SecretStoreError(
            f"Cannot {action} the API key: no OS keyring.", hint=_NO_KEYRING_HINT
        )
    # Backend messages are long and platform-specific; the class name is enough and leaks nothing.
    return SecretStoreError(
        f"The OS keyring refused to {action} the API key ({type(exc).__name__}).",
        hint="Unlock your keyring and try again, or set NVIDIA_API_KEY in the environment.",
    )


def load_api_key(env_name: str = DEFAULT_ENV) -> ApiKey | None:
    """The key from ``$env_name`` if set, else from the keyring, else None.

    A missing or broken keyring is not an error here: local NIMs usually need no key.
    """
    import keyring  # on first use: loading its backends costs ~0.3 s
    import keyring.errors

    from_env = os.environ.get(env_name, "").strip()
    if from_env:
        return ApiKey(from_env, f"env:{env_name}")
    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
    except (keyring.errors.KeyringError, RuntimeError, OSError):
        return None
    return ApiKey(stored, "keyring") if stored else None


def store_api_key(value: str) -> None:
    """Save ``value`` in the keyring; SecretStoreError says what to do if that is impossible."""
    import keyring  # on first use: loading its backends costs ~0.3 s
    import keyring.errors

    value = value.strip()
    if not value:
        raise SecretStoreError("The API key is empty.")
    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_USERNAME, value)
    except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
        raise _keyring_error("save", exc) from None


def delete_api_key() -> bool:
    """Remove the key from the keyring; False if there was none."""
    import keyring  # on first use: loading its backends costs ~0.3 s
    import keyring.errors

    try:
        keyring.delete_password(KEYRING_SERVICE, KEYRING_USERNAME)
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
        raise _keyring_error("delete", exc) from None
    return True


def keyring_status() -> tuple[bool, str]:
    """(usable, description) of the OS keyring backend, for `trove doctor` and the settings UI."""
    import keyring  # on first use: loading its backends costs ~0.3 s
    import keyring.errors

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    try:
        priority = float(getattr(backend, "priority", 0))
    except Exception:  # some backends compute priority lazily and may fail
        priority = 0
    if "fail" in name.lower() or priority <= 0:
        return False, _NO_KEYRING_HINT
    return True, name


def doubtful_catalog_key(text: str) -> bool:
    """Whether a key typed for the NVIDIA API catalog lacks its ``nvapi-`` prefix (a partial
    copy, usually): worth a gentle warning, not a refusal."""
    text = text.strip()
    return bool(text) and not text.startswith(CATALOG_KEY_PREFIX)


class KeyState(NamedTuple):
    """Where the key would come from now, for the key editors (read off the GUI thread)."""

    keyring_usable: bool
    keyring: str  # the backend's name, or why there is none
    source: str | None  # "env:NAME", "keyring" or None

    @property
    def from_env(self) -> bool:
        """The environment variable is set and overrides the keyring."""
        return self.source is not None and self.source.startswith("env:")


def key_state(env_name: str = DEFAULT_ENV) -> KeyState:
    """Read the keyring and the environment: slow or blocking (a locked keyring asks the user),
    so never on the GUI thread."""
    usable, backend = keyring_status()
    key = load_api_key(env_name)
    return KeyState(usable, backend, key.source if key is not None else None)
