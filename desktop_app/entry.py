"""The installed ``trove`` and ``trove-gui`` commands: entry points that import nothing heavy.

pip's script for an entry point imports the entry's module at top level, and extraction workers
are spawned processes that re-run the parent's main script before reading a file: with
``desktop_app.cli:main`` as the entry every worker imported the whole CLI (with ``trove-gui``,
Qt) first. From here a worker imports this small module only.
"""

from __future__ import annotations

__all__ = ["cli", "gui"]


def cli() -> int:
    """``trove``: the command line."""
    from desktop_app.cli import main

    return main()


def gui() -> int:
    """``trove-gui``: the desktop app."""
    from desktop_app.ui.app import main

    return main()
