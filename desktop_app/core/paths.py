"""Where Trove keeps its config, data, cache and logs.

Per-user platform dirs by default (platformdirs); one base dir for all four when ``--basedir`` or
``TROVE_HOME`` is given, for tests and portable installs.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "TroveDirs", "make_private", "private_file_mode", "resolve_dirs"]

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
        """Create the directories private to the user (fixing looser existing ones); return self."""
        for d in (self.config, self.data, self.cache, self.log):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
            make_private(d)
        return self


def private_file_mode() -> None:
    """From now on this process creates files 0600 and dirs 0700 (POSIX).

    Chroma and SQLite create their own files (segments, WAL, journals), so the umask is the one
    place that covers them all.
    """
    if sys.platform != "win32":
        os.umask(0o077)


def make_private(root: Path) -> None:
    """Take group and other permissions off ``root`` and everything below it (POSIX).

    Fixes data dirs written by older versions or under a loose umask. Symlinks are left alone:
    Trove never creates them, and a chmod through one would change its target.
    """
    if sys.platform == "win32":
        return
    for directory, subdirs, files in os.walk(root):
        for name in [".", *subdirs, *files]:
            path = os.path.join(directory, name)
            try:
                mode = os.lstat(path).st_mode
                if not stat.S_ISLNK(mode) and mode & 0o077:
                    os.chmod(path, stat.S_IMODE(mode) & ~0o077)
            except OSError:
                continue  # vanished meanwhile, or not ours to change: nothing to protect here


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
