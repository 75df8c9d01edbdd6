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
import ast
import faulthandler
import gc
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

from desktop_app.core import status_report
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


def start_stall_tracer(clock: QElapsedTimer, last: list[int], threshold_ms: float) -> None:
    """From a side thread: when the GUI heartbeat is ``threshold_ms`` late, print where each
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
            if late_ms < threshold_ms:
                continue
            frames = sys._current_frames()
            main = "".join(traceback.format_stack(frames[main_id], limit=12))
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


# A control: a bare process at normal priority that only sleeps 5 ms at a time and notes how late
# it wakes. A stall it sees too belongs to the machine (a busy or paused VM), not to the app.
_CONTROL = """
import sys, threading, time
late = []
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
while not stop.is_set():
    t = time.monotonic()
    time.sleep(0.005)
    over = (time.monotonic() - t) * 1000 - 5
    if over > 20:
        late.append((round(over, 1), round(time.monotonic(), 2)))
print(sorted(late, reverse=True)[:8])
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--trace-stalls",
        type=float,
        nargs="?",
        const=STALL_TRACE_MS,
        metavar="MS",
        help=f"print every thread's stack when the GUI is MS late (default {STALL_TRACE_MS})",
    )
    parser.add_argument(
        "--dump-stalls",
        type=float,
        metavar="MS",
        help="faulthandler dumps every thread when the GUI is MS late: it reads the stacks "
        "without the GIL, so it also catches the thread holding it",
    )
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="control run: the same user, nothing indexing (searches an empty index)",
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
        gaps: list[float] = []
        when: list[float] = []  # seconds since the folder was added, per tick
        clock = QElapsedTimer()
        last = [0]

        def beat() -> None:
            now = clock.nsecsElapsed()
            gaps.append((now - last[0]) / 1e6 - 5.0)
            when.append(now / 1e9)
            last[0] = now
            if args.dump_stalls:
                faulthandler.dump_traceback_later(args.dump_stalls / 1000)

        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
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
        started = [0.0]
        control: list[subprocess.Popen[str]] = []

        def begin() -> None:
            """Measure from the moment the folder is added (the window's first paint is app
            start-up, not indexing)."""
            clock.start()
            last[0] = clock.nsecsElapsed()
            if args.trace_stalls:
                start_stall_tracer(clock, last, args.trace_stalls)
            heartbeat.start()
            typing.start()
            started[0] = time.monotonic()
            control.append(
                subprocess.Popen(
                    [sys.executable, "-c", _CONTROL],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
            if not args.no_index:
                window.folders_view.add_folder(str(Path(args.corpus).resolve()))
            QTimer.singleShot(int(args.seconds * 1000), app.quit)

        QTimer.singleShot(1000, begin)
        collections_ms: list[tuple[float, int, float]] = []  # (duration ms, generation, at s)
        gc_started = [0.0]

        def on_gc(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                gc_started[0] = time.perf_counter()
            elif info["generation"] == 2:
                took = (time.perf_counter() - gc_started[0]) * 1000
                collections_ms.append((round(took, 1), 2, round(clock.nsecsElapsed() / 1e9, 1)))

        gc.callbacks.append(on_gc)
        app.exec()
        faulthandler.cancel_dump_traceback_later()
        global _quitting
        _quitting = True
        elapsed = time.monotonic() - started[0]
        control_out, _ = control[0].communicate("", timeout=30)
        machine_late = [[g, round(t - started[0], 1)] for g, t in ast.literal_eval(control_out)]
        status = status_report.status(ctl.bridge.engine) if ctl.bridge.engine else {}
        ctl.shutdown()
        lock.release()
        worst = sorted(zip(gaps, when, strict=True), reverse=True)[:8]
        gaps.sort()
        n = len(gaps)
        report = {
            "seconds": round(elapsed, 1),
            "ticks": n,
            "stall_ms_p50": round(gaps[n // 2], 1),
            "stall_ms_p99": round(gaps[int(n * 0.99)], 1),
            "stall_ms_max": round(gaps[-1], 1),
            "over_50ms": sum(1 for g in gaps if g > 50),
            "full_gc_ms_at_s": sorted(collections_ms, reverse=True)[:5],
            "worst_ms_at_s": [[round(g, 1), round(t, 1)] for g, t in worst],
            "control_process_late_ms_at_s": machine_late,
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
