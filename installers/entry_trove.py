"""Frozen entry point of the ``trove`` command line (the spec's console executable)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: a spawned extraction worker re-runs this executable, and freeze_support()
    # turns that run into the worker instead of a second CLI.
    multiprocessing.freeze_support()
    from desktop_app.cli import main

    sys.exit(main())
