"""``python -m desktop_app``: the CLI; with no arguments, the desktop app."""

import sys


def run() -> int:
    """Start the GUI when called bare, else hand the arguments to the CLI."""
    if len(sys.argv) == 1:
        from desktop_app.ui.app import main as gui_main

        return gui_main()
    from desktop_app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(run())
