"""Background work yields the CPU: lowered process and thread priorities."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from desktop_app.core.priority import BACKGROUND_NICE, lower_thread_priority


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux schedules threads by nice")
def test_a_lowered_thread_runs_below_the_rest_of_the_process() -> None:
    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: dict[str, int] = {}

    def indexing() -> None:
        lower_thread_priority()
        lower_thread_priority()  # idempotent: never lowers twice
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        def child() -> None:
            seen["child"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        started = threading.Thread(target=child)
        started.start()
        started.join()

    worker = threading.Thread(target=indexing)
    worker.start()
    worker.join()
    assert seen["thread"] == min(19, base + BACKGROUND_NICE)
    assert seen["child"] == seen["thread"]  # threads it starts inherit it
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == base  # GUI untouched
