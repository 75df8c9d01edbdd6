"""``python -m desktop_app``: the CLI; with no arguments, the desktop app."""

import multiprocessing
import sys


def run() -> int:
    """Start the GUI when called bare, else hand the arguments to the CLI."""
    # Extraction runs in spawned worker processes; a frozen app must route them here first.
    multiprocessing.freeze_support()
    if len(sys.argv) == 1:
        from desktop_app.ui.app import main as gui_main

        return gui_main()
    from desktop_app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(run())
