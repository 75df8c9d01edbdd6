"""Trove's own PDF viewer never stalls the window: the longest event-loop stall while a 500-page
PDF is open and paged through, zoomed and searched.

A 5 ms heartbeat timer records how late each tick fires while a "user" turns a page every 150 ms,
changes the zoom every 2 s (up to 3x) and runs a find every 5 s. Pages render on a worker
(``viewer.page``); the window only decodes the pixels and paints.

Usage: python benchmarks/bench_viewer_stall.py [PDF] [--pages 500] [--seconds 30]
Without PDF a 500-page text PDF is generated. Prints the stall distribution (ms).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.pdf_viewer import PdfViewer
from desktop_app.ui.tasks import TaskRunner
from tests.unit.ingest_samples import make_pdf


class _Opener:
    def open(self, path: str, page: int | None = None) -> bool:
        return True

    def reveal(self, path: str) -> bool:
        return True


def main(argv: list[str] | None = None) -> int:
    """Open the PDF in the viewer, page through it, print the heartbeat's lateness."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdf", type=Path, nargs="?")
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args(argv)
    app = QApplication([])
    with tempfile.TemporaryDirectory(prefix="trove-viewer-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        if args.pdf:
            pdf = folder / args.pdf.name
            pdf.write_bytes(args.pdf.read_bytes())
        else:
            lines = [f"Line {j} of a page about topic {j % 7} and its details." for j in range(45)]
            pdf = folder / "long.pdf"
            pdf.write_bytes(make_pdf([[f"Page {i + 1}", *lines] for i in range(args.pages)]))
        dirs = resolve_dirs(Path(tmp) / "home").ensure()
        settings = Settings.load(dirs.settings_file)
        runner = TaskRunner()
        bridge = EngineBridge(dirs, settings, runner, live=False, serve=False)
        bridge.start()
        assert bridge.engine is not None
        bridge.engine.add_folder(str(folder))
        bridge.engine.index(vectors=False)
        viewer = PdfViewer(bridge, _Opener(), str(pdf), 1, "")
        viewer.resize(1000, 900)
        viewer.show()

        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]
        late: list[float] = []
        shown = [0]
        viewer.pageShown.connect(lambda _: shown.__setitem__(0, shown[0] + 1))

        def beat() -> None:
            now = clock.nsecsElapsed()
            late.append(max(0.0, (now - last[0]) / 1e6 - 5))
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
        heartbeat.start()
        ticks = [0]

        def user() -> None:
            ticks[0] += 1
            n = ticks[0]
            if n % 33 == 0:  # ~every 5 s: find a word on the following pages
                viewer.find_field.setText(f"topic {n % 7}")
                viewer.find_next(True)
            elif n % 13 == 0:  # ~every 2 s: zoom, up to 3x and back
                viewer.step_zoom(1 if viewer.zoom < 3.0 else -4)
            else:
                viewer.show_page(viewer.page % max(1, viewer.pages or 1) + 1)

        turning = QTimer()
        turning.setInterval(150)
        turning.timeout.connect(user)
        QTimer.singleShot(1000, turning.start)
        QTimer.singleShot(int(args.seconds * 1000) + 1000, app.quit)
        app.exec()
        heartbeat.stop()
        turning.stop()
        bridge.stop()
    ordered = sorted(late)
    result = {
        "pages": viewer.pages,
        "pages_shown": shown[0],
        "ticks": len(late),
        "p50_ms": round(ordered[len(ordered) // 2], 1),
        "p99_ms": round(ordered[int(len(ordered) * 0.99)], 1),
        "max_ms": round(ordered[-1], 1),
        "over_50ms": sum(1 for x in late if x > 50),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
