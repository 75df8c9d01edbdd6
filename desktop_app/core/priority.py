"""Background processes yield the CPU to the user's foreground work.

Extraction workers and the app's vector-store child run at a lower scheduling priority, as desktop
indexers do (Recoll's indexer runs at nice 19, Windows Search's at below-normal): on a busy
machine the window, the user's other programs and interactive searches get the cores first,
while an idle machine still gives indexing all of them. ``trove index`` run in a terminal is the
exception: the user waits for it, so its workers keep the command's own priority (``nice trove
index`` lowers all of it).
"""

from __future__ import annotations

import logging
import os
import sys
import threading

__all__ = ["BACKGROUND_NICE", "lower_priority", "lower_thread_priority"]

log = logging.getLogger(__name__)

BACKGROUND_NICE = 10  # POSIX niceness added to background processes (0 = normal, 19 = lowest)
_BELOW_NORMAL_PRIORITY_CLASS = 0x00004000
_THREAD_PRIORITY_BELOW_NORMAL = -1


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


def lower_thread_priority() -> None:
    """Run the calling thread (and, on Linux, the threads it starts) at background priority.

    For the indexing threads inside the app's own process, so the GUI thread gets the CPU first.
    Linux and Windows schedule threads one by one; elsewhere this does nothing. Idempotent (an
    unprivileged process may lower a thread's priority but never raise it back).
    """
    try:
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(), _THREAD_PRIORITY_BELOW_NORMAL)
        elif sys.platform.startswith("linux"):
            target = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + BACKGROUND_NICE)
            thread = threading.get_native_id()
            if os.getpriority(os.PRIO_PROCESS, thread) < target:
                os.setpriority(os.PRIO_PROCESS, thread, target)
    except (OSError, AttributeError) as exc:
        log.debug("could not lower the priority of a thread: %s", exc)
