"""``trove watch`` and ``trove serve``: own the data dir and answer other ``trove`` commands.

``watch`` also keeps the index following the folders, with a live progress line, until Ctrl+C.
``serve`` only answers other commands (for scripts and tests). The GUI does what ``watch`` does.
"""

from __future__ import annotations

import argparse
import signal
import threading

from desktop_app.commands.common import Context
from desktop_app.commands.progress import ProgressPrinter
from desktop_app.commands.terminal import clean
from desktop_app.core.errors import StoreLockedError

__all__ = ["register"]


def _own(ctx: Context, watch: bool, paused: bool = False) -> int:
    dirs = ctx.dirs.ensure()
    from desktop_app.core.command_table import handlers_for  # the engine: only when run
    from desktop_app.core.engine import Engine
    from desktop_app.core.owner import ChannelServer, OwnerLock

    lock = OwnerLock(dirs.lock_file)
    if not lock.try_acquire():
        raise StoreLockedError(
            "Another Trove process (the app or `trove watch`) already owns this data directory.",
            hint="Its indexing already follows your folders; other trove commands use it.",
        )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    engine = Engine(dirs, ctx.settings)
    channel = ChannelServer(dirs.data, handlers_for(engine)).start()
    printer = ProgressPrinter()
    worker = None
    if watch:
        from desktop_app.core.live import LiveIndexer

        live = LiveIndexer(engine, printer, start_paused=paused)
        worker = threading.Thread(target=live.run, args=(stop,), name="trove-live")
        worker.start()
        state = " (indexing paused)" if paused else ""
        print(f"Watching your folders{state}. Ctrl+C stops.", flush=True)
    else:
        print(
            f"Trove owns {clean(dirs.data)}; other trove commands are served here. Ctrl+C stops.",
            flush=True,
        )
    try:
        while not stop.wait(0.5):
            if worker is not None and not worker.is_alive():
                break
    except KeyboardInterrupt:
        stop.set()
    finally:
        stop.set()
        if worker is not None:
            worker.join()
        printer.done()
        channel.close()
        engine.close()
        lock.release()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``watch`` and ``serve`` to the CLI."""
    p = sub.add_parser("watch", help="keep the index following the folders until Ctrl+C")
    p.add_argument("--paused", action="store_true", help="collect changes but index nothing yet")
    p.set_defaults(handler=lambda ctx, args: _own(ctx, watch=True, paused=args.paused))
    p = sub.add_parser("serve", help="own the data dir and serve other trove commands")
    p.set_defaults(handler=lambda ctx, args: _own(ctx, watch=False))
