"""Hand a file to the desktop: open it, open a PDF at a page, reveal it, copy its path.

The OS-specific parts are pure functions that build a command (``page_open_command``,
``reveal_command``) so tests check them per platform without launching anything;
``DesktopOpener`` runs them through a swappable runner and uses ``QDesktopServices`` for plain
opens, which knows each desktop's default-application rules better than we do.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

__all__ = [
    "PAGE_VIEWERS",
    "DesktopOpener",
    "Runner",
    "Which",
    "file_uri",
    "page_open_command",
    "parent_folder",
    "reveal_command",
    "reveal_fallback_command",
    "spawn",
]

log = logging.getLogger(__name__)

#: Runs a command; with ``wait`` returns its exit code (None if it could not start).
Runner = Callable[[list[str], bool], "int | None"]
#: Finds a program on PATH (``shutil.which``).
Which = Callable[[str], "str | None"]

# Linux PDF viewers that take a page number on the command line, in order of preference.
PAGE_VIEWERS: tuple[tuple[str, str], ...] = (("evince", "-p"), ("okular", "-p"), ("zathura", "-P"))

_FM1 = "org.freedesktop.FileManager1"
_FM1_PATH = "/org/freedesktop/FileManager1"


def _family(platform: str) -> str:
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "macos"
    return "linux"  # and the other freedesktop Unixes


def file_uri(path: str, platform: str = sys.platform) -> str:
    """A ``file://`` URI for ``path`` (percent-encoded, as D-Bus file managers expect)."""
    if _family(platform) == "windows":
        return PureWindowsPath(path).as_uri()
    return PurePosixPath(path).as_uri()


def parent_folder(path: str, platform: str = sys.platform) -> str:
    """The folder that holds ``path``."""
    if _family(platform) == "windows":
        return str(PureWindowsPath(path).parent)
    return str(PurePosixPath(path).parent)


def page_open_command(
    path: str, page: int, platform: str = sys.platform, which: Which = shutil.which
) -> list[str] | None:
    """A command that opens the PDF ``path`` at ``page``, or None where the OS has no way to."""
    family = _family(platform)
    if family == "linux":
        for viewer, flag in PAGE_VIEWERS:
            if which(viewer):
                return [viewer, flag, str(page), path]
        return None
    if family == "windows":
        # SumatraPDF is the one common Windows viewer with a documented page switch.
        sumatra = which("SumatraPDF")
        if sumatra:
            return [sumatra, "-page", str(page), path]
        return None
    return None  # macOS: neither `open` nor Preview takes a page number


def reveal_command(
    path: str, platform: str = sys.platform, which: Which = shutil.which
) -> list[str] | None:
    """A command that shows ``path`` selected in the file manager, or None (open the folder)."""
    family = _family(platform)
    if family == "macos":
        return ["open", "-R", path]
    if family == "windows":
        # explorer parses "/select,<path>" as one argument; a space after the comma breaks it.
        return ["explorer", "/select," + path]
    uri = file_uri(path, platform)
    if which("dbus-send"):
        return [
            "dbus-send",
            "--session",
            "--print-reply",  # waits for the answer, so a missing file manager is noticed
            "--reply-timeout=3000",
            f"--dest={_FM1}",
            "--type=method_call",
            _FM1_PATH,
            f"{_FM1}.ShowItems",
            f"array:string:{uri}",
            "string:",
        ]
    if which("gdbus"):
        return [
            "gdbus",
            "call",
            "--session",
            "--timeout=3",
            "--dest",
            _FM1,
            "--object-path",
            _FM1_PATH,
            "--method",
            f"{_FM1}.ShowItems",
            f"['{uri}']",
            "",
        ]
    return None


def reveal_fallback_command(
    path: str, platform: str = sys.platform, which: Which = shutil.which
) -> list[str] | None:
    """On Linux, when the D-Bus file manager call failed: open the parent folder with xdg-open."""
    if _family(platform) == "linux" and which("xdg-open"):
        return ["xdg-open", parent_folder(path, platform)]
    return None


def spawn(command: list[str], wait: bool = False) -> int | None:
    """Start ``command`` detached (or, with ``wait``, run it and return its exit code)."""
    try:
        if wait:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=10,
                check=False,
            )
            return done.returncode
        # A new session so the viewer outlives Trove and never receives its terminal signals.
        kwargs: dict[str, object] = (
            {"creationflags": getattr(subprocess, "DETACHED_PROCESS", 0)}
            if os.name == "nt"
            else {"start_new_session": True}
        )
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **kwargs,  # type: ignore[call-overload]
        )
        return 0
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not run %s: %s", command[0], exc)
        return None


def _open_url(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def _copy_text(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


class DesktopOpener:
    """Opens, reveals and copies paths; every OS side effect goes through an injectable hook."""

    def __init__(
        self,
        platform: str = sys.platform,
        which: Which = shutil.which,
        runner: Runner = spawn,
        open_url: Callable[[str], bool] = _open_url,
        copy_text: Callable[[str], None] = _copy_text,
        background: bool = True,
    ) -> None:
        self.platform = platform
        self.which = which
        self.runner = runner
        self.open_url = open_url
        self.copy_text = copy_text
        # Waiting for a D-Bus reply must not block the GUI thread; tests turn this off.
        self.background = background

    def open(self, path: str, page: int | None = None) -> bool:
        """Open ``path`` with its default app; a PDF at ``page`` where a viewer allows it."""
        if page is not None and page > 0 and Path(path).suffix.lower() == ".pdf":
            command = page_open_command(path, page, self.platform, self.which)
            if command is not None and self.runner(command, False) is not None:
                return True
        return bool(self.open_url(path))

    def reveal(self, path: str) -> bool:
        """Show ``path`` selected in the file manager (or open its folder)."""
        command = reveal_command(path, self.platform, self.which)
        if command is None:
            return bool(self.open_url(parent_folder(path, self.platform)))
        if _family(self.platform) != "linux":
            return self.runner(command, False) is not None
        if self.background:
            threading.Thread(
                target=self._reveal_linux, args=(path, command), name="trove-reveal", daemon=True
            ).start()
            return True
        return self._reveal_linux(path, command)

    def _reveal_linux(self, path: str, command: list[str]) -> bool:
        if self.runner(command, True) == 0:
            return True
        # No FileManager1 service (a minimal desktop): the folder is the next best thing.
        fallback = reveal_fallback_command(path, self.platform, self.which)
        return fallback is not None and self.runner(fallback, False) is not None

    def copy_path(self, path: str) -> None:
        """Put ``path`` on the clipboard."""
        self.copy_text(path)
