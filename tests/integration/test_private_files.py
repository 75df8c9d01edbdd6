"""Trove's config, data, cache and log dirs are private to the user: dirs 0700, files 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.paths import resolve_dirs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _loose_entries(root: Path) -> list[str]:
    loose = []
    for path in [root, *root.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            continue
        if mode & 0o077:
            loose.append(f"{path.relative_to(root)} {stat.filemode(mode)}")
    return loose


def test_existing_dirs_and_files_are_made_private_at_start(tmp_path: Path) -> None:
    dirs = resolve_dirs(tmp_path / "home")
    for d in (dirs.config, dirs.data, dirs.cache, dirs.log):
        d.mkdir(parents=True, mode=0o755)
        d.chmod(0o755)
    (dirs.data / "chroma" / "abc").mkdir(parents=True)
    (dirs.data / "chroma" / "abc").chmod(0o755)
    for f in (dirs.catalog_file, dirs.data / "chroma" / "abc" / "header.bin", dirs.log / "a.log"):
        f.write_text("x", encoding="utf-8")
        f.chmod(0o644)
    dirs.ensure()
    for d in (dirs.config, dirs.data, dirs.cache, dirs.log):
        assert _loose_entries(d) == []
    assert dirs.catalog_file.stat().st_mode & 0o777 == 0o600


def test_files_a_command_creates_are_private_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "home"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("quarterly salary review notes", encoding="utf-8")
    env = dict(os.environ, TROVE_HOME=str(home))
    env.pop("NVIDIA_API_KEY", None)

    def trove(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "desktop_app", *args],
            env=env,
            check=True,
            capture_output=True,
            preexec_fn=lambda: os.umask(0o022),
        )

    trove("config", "set", "index.workers", "1")
    trove("folders", "add", str(docs))
    trove("index", "--text-only")
    assert (home / "data" / "catalog.sqlite").exists()
    assert _loose_entries(home / "config") == []
    assert _loose_entries(home / "data") == []
