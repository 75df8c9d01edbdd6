"""Where this system's Tesseract program is.

A desktop app does not get the user's shell PATH: on macOS an app started from the Finder sees
only /usr/bin:/bin:/usr/sbin:/sbin, not Homebrew's or MacPorts' bin folders, and on Windows the
usual Tesseract installers (UB Mannheim's, Chocolatey's) do not add their folder to PATH. So
after PATH the places those installers use are tried too.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["find_tesseract", "usual_places"]


def usual_places(platform: str, env: Mapping[str, str]) -> list[Path]:
    """Where Tesseract's installers put the program on ``platform`` (``sys.platform``)."""
    if platform == "win32":
        roots = [env.get("ProgramFiles"), env.get("ProgramFiles(x86)")]
        local = env.get("LOCALAPPDATA")
        places = [Path(r) / "Tesseract-OCR" / "tesseract.exe" for r in roots if r]
        if local:  # a per-user install of UB Mannheim's installer
            places.append(Path(local) / "Programs" / "Tesseract-OCR" / "tesseract.exe")
        if env.get("ChocolateyInstall"):
            places.append(Path(env["ChocolateyInstall"]) / "bin" / "tesseract.exe")
        return places
    if platform == "darwin":
        return [
            Path("/opt/homebrew/bin/tesseract"),  # Homebrew on Apple silicon
            Path("/usr/local/bin/tesseract"),  # Homebrew on Intel
            Path("/opt/local/bin/tesseract"),  # MacPorts
        ]
    return [Path("/usr/local/bin/tesseract"), Path("/snap/bin/tesseract")]


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


@functools.cache
def find_tesseract() -> str | None:
    """The Tesseract program to run, or None when this system has none."""
    on_path = shutil.which("tesseract")
    if on_path:
        return on_path
    for place in usual_places(sys.platform, os.environ):
        if _runnable(place):
            return str(place)
    return None
