"""Frozen entry point of the ``Trove`` desktop app (the spec's windowed executable)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: the GUI's indexing spawns extraction workers by re-running this executable;
    # freeze_support() turns that run into the worker instead of a second window.
    multiprocessing.freeze_support()
    from desktop_app.ui.app import main

    sys.exit(main())
