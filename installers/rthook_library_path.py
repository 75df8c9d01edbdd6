"""PyInstaller runtime hook: programs Trove starts get the system's library path, not the bundle's.

On Linux the bootloader points LD_LIBRARY_PATH at the bundle's _internal/ (saving any value the
user had in LD_LIBRARY_PATH_ORIG) and every child process inherits it. A system program started
from Trove (Tesseract through pytesseract, xdg-open and the viewer it launches) would then load
the bundle's libstdc++, libcrypto or libpng instead of its own and can fail ("GLIBCXX_3.4.32 not
found") on a newer distribution than the build machine's. This process's libraries are already
loaded, and a spawned Trove worker re-runs the bootloader, which sets the bundle path again.
"""

import os
import sys

if sys.platform.startswith("linux") and getattr(sys, "frozen", False):
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)
