"""Background processes yield the CPU to the user's foreground work.

Extraction workers and the app's vector-store child run at a lower scheduling priority, as desktop
indexers do (Recoll's indexer runs at nice 19, Windows Search's at below-normal): on a busy
machine the window, the user's other programs and interactive searches get the cores first,
while an idle machine still gives indexing all of them.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["BACKGROUND_NICE", "lower_priority"]

log = logging.getLogger(__name__)

BACKGROUND_NICE = 10  # POSIX niceness added to background processes (0 = normal, 19 = lowest)
_BELOW_NORMAL_PRIORITY_CLASS = 0x00004000


def lower_priority() -> None:
    """Run the calling process at background priority; best effort (a failure is logged)."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            if not kernel32.SetPriorityClass(
                kernel32.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS
            ):
                raise OSError(ctypes.get_last_error(), "SetPriorityClass failed")
        else:
            os.nice(BACKGROUND_NICE)
    except (OSError, AttributeError) as exc:
        log.debug("could not lower the priority of process %d: %s", os.getpid(), exc)
