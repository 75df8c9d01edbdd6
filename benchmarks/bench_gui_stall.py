"""The GUI thread never blocks: the longest event-loop stall while the app indexes a large folder.

Runs the real app (AppController: owner channel, live indexer, main window) offscreen against a NIM
simulator in its own process (a real NIM is another machine: an in-process simulator would steal
this process's GIL and count its own JSON work as the GUI's stall). A 5 ms heartbeat timer records
how late each tick fires; during indexing a "user" types a query every 2 s and switches views.

Usage: python benchmarks/bench_gui_stall.py CORPUS_DIR [--seconds 120]
Prints the stall distribution (ms) and the indexing counts reached.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.core.owner import OwnerLock
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from desktop_app.ui.controller import AppController


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


STALL_TRACE_MS = 40
_quitting = False


def start_stall_tracer(clock: QElapsedTimer, last: list[int]) -> None:
    """From a side thread: when the GUI heartbeat is ``STALL_TRACE_MS`` late, print where each
    thread is (until the app quits: shutdown is not a stall)."""
    import collections
    import threading
    import traceback

    main_id = threading.main_thread().ident
    seen: collections.Counter[str] = collections.Counter()

    def watch() -> None:
        while not _quitting:
            time.sleep(0.01)
            late_ms = (clock.nsecsElapsed() - last[0]) / 1e6
            if late_ms < STALL_TRACE_MS:
                continue
            frames = sys._current_frames()
            main = "".join(traceback.format_stack(frames[main_id], limit=6))
            others = [
                "".join(traceback.format_stack(f, limit=3))
                for ident, f in frames.items()
                if ident not in (main_id, threading.get_ident())
            ]
            key = main + "\n--- other threads:\n" + "\n".join(others)
            if seen[key] == 0:
                print(f"=== stall {late_ms:.0f} ms, GUI thread:\n{key}", file=sys.stderr)
            seen[key] += 1
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--trace-stalls", action="store_true", help="print every thread's stack during a stall"
    )
    args = parser.parse_args()
    port = free_port()
    sim = subprocess.Popen([sys.executable, "-m", "tests.nimsim", "--port", str(port)])
    home = Path(tempfile.mkdtemp(prefix="trove-stall-"))
    try:
        time.sleep(1.5)
        dirs = resolve_dirs(home).ensure()
        settings = Settings.load(dirs.settings_file)
        for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
            settings.set(key, f"http://127.0.0.1:{port}/v1")
        settings.save()
        lock = OwnerLock(dirs.lock_file)
        assert lock.try_acquire()
        app = QApplication(sys.argv[:1])
        ctl = AppController(app, dirs, settings, interactive=False, tray=False)
        ctl.start(setup=False)
        window = ctl.window
        assert window is not None
        window.folders_view.add_folder(str(Path(args.corpus).resolve()))

        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def beat() -> None:
            now = clock.nsecsElapsed()
            gaps.append((now - last[0]) / 1e6 - 5.0)
            last[0] = now

        if args.trace_stalls:
            start_stall_tracer(clock, last)
        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
        heartbeat.start()
        queries = ["network configuration", "package", "kernel module", "python", "설정"]
        step = [0]

        def user() -> None:
            field = window.search_view.findChild(QLineEdit, "searchField")
            field.setText(queries[step[0] % len(queries)])
            window.nav.setCurrentRow(step[0] % 3)
            step[0] += 1

        typing = QTimer()
        typing.setInterval(2000)
        typing.timeout.connect(user)
        typing.start()
        QTimer.singleShot(int(args.seconds * 1000), app.quit)
        started = time.monotonic()
        app.exec()
        global _quitting
        _quitting = True
        elapsed = time.monotonic() - started
        status = ctl.bridge.engine.status() if ctl.bridge.engine else {}
        ctl.shutdown()
        lock.release()
        gaps.sort()
        n = len(gaps)
        report = {
            "seconds": round(elapsed, 1),
            "ticks": n,
            "stall_ms_p50": round(gaps[n // 2], 1),
            "stall_ms_p99": round(gaps[int(n * 0.99)], 1),
            "stall_ms_max": round(gaps[-1], 1),
            "over_50ms": sum(1 for g in gaps if g > 50),
            "files": status.get("files"),
            "chunks": status.get("chunks"),
            "embedded": sum(s["embedded"] for s in status.get("spaces", [])),
        }
        print(json.dumps(report, indent=2))
        return 0
    finally:
        sim.terminate()
        sim.wait()


if __name__ == "__main__":
    sys.exit(main())
