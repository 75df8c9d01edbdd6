"""Asking for a folder: the dialog opens beside the folder chosen last, else at home.

Qt's dialog otherwise starts in the program's working directory, which for an app started from a
menu or a checkout is nowhere the user keeps files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

__all__ = ["choose_directory", "start_directory"]

_last: list[str] = []  # where the folder chosen last in this session sits


def start_directory() -> str:
    """Where the next folder dialog opens: beside the last folder chosen, else at home."""
    if _last and Path(_last[-1]).is_dir():
        return _last[-1]
    return str(Path.home())


def choose_directory(parent: QWidget | None, title: str) -> str:
    """Ask for a folder; '' when cancelled. Remembers the choice for the next dialog."""
    path = QFileDialog.getExistingDirectory(parent, title, start_directory())
    if path:
        _last[:] = [str(Path(path).parent) if Path(path).parent.is_dir() else path]
    return path
