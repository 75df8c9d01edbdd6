"""Where Trove keeps its config, data, cache and logs.

Per-user platform dirs by default (platformdirs); one base dir for all four when ``--basedir`` or
``TROVE_HOME`` is given, for tests and portable installs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "TroveDirs", "resolve_dirs"]

APP_NAME = "Trove"
HOME_ENV = "TROVE_HOME"


@dataclass(frozen=True)
class TroveDirs:
    """The four directories Trove writes to."""

    config: Path
    data: Path
    cache: Path
    log: Path

    @property
    def settings_file(self) -> Path:
        """The settings file (TOML-free JSON, human-editable)."""
        return self.config / "settings.json"

    @property
    def catalog_file(self) -> Path:
        """The SQLite catalog, source of truth for what is indexed."""
        return self.data / "catalog.sqlite"

    @property
    def chroma_dir(self) -> Path:
        """The embedded Chroma store (a rebuildable cache of the catalog)."""
        return self.data / "chroma"

    @property
    def lock_file(self) -> Path:
        """The file whose OS lock marks the one process owning the data dir."""
        return self.data / "owner.lock"

    def ensure(self) -> TroveDirs:
        """Create the directories (private to the user) and return self."""
        for d in (self.config, self.data, self.cache, self.log):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def resolve_dirs(basedir: str | os.PathLike[str] | None = None) -> TroveDirs:
    """Pick the dirs: ``basedir`` argument, else ``$TROVE_HOME``, else the platform's."""
    base = basedir or os.environ.get(HOME_ENV)
    if base:
        root = Path(base).expanduser().resolve()
        return TroveDirs(root / "config", root / "data", root / "cache", root / "log")
    return TroveDirs(
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
