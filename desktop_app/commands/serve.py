"""``trove serve``: own the data dir and answer other ``trove`` commands until Ctrl+C.

The GUI and ``trove watch`` do the same while they run; this is the bare form for scripts and tests.
"""

from __future__ import annotations

import argparse
import signal
import threading

from desktop_app.commands.common import Context
from desktop_app.core.engine import Engine
from desktop_app.core.errors import StoreLockedError
from desktop_app.core.owner import ChannelServer, OwnerLock
from desktop_app.core.service import handlers_for

__all__ = ["register"]


def _serve(ctx: Context, args: argparse.Namespace) -> int:
    dirs = ctx.dirs.ensure()
    lock = OwnerLock(dirs.lock_file)
    if not lock.try_acquire():
        raise StoreLockedError("Another Trove process already owns this data directory.")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    engine = Engine(dirs, ctx.settings)
    channel = ChannelServer(dirs.data, handlers_for(engine)).start()
    print(
        f"Trove owns {dirs.data}; other trove commands are served here. Ctrl+C stops.", flush=True
    )
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        channel.close()
        engine.close()
        lock.release()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve`` to the CLI."""
    p = sub.add_parser("serve", help="own the data dir and serve other trove commands")
    p.set_defaults(handler=_serve)
