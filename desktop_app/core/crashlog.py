"""Crash logs: the traceback of a bug, the key scrubbed, in a file the user can send."""

from __future__ import annotations

import logging
import os
import time
import traceback
from pathlib import Path

from desktop_app.core.errors import scrub

__all__ = ["write_crash_log"]

log = logging.getLogger(__name__)


def write_crash_log(log_dir: Path, exc: BaseException, context: str = "") -> Path | None:
    """Write ``exc``'s traceback (scrubbed) under ``log_dir``; the file, or None if it failed."""
    text = scrub("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    if context:
        text = f"{scrub(context)}\n\n{text}"
    try:
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = log_dir / f"crash-{stamp}.log"
        n = 1
        while path.exists():
            n += 1
            path = log_dir / f"crash-{stamp}-{n}.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # may hold paths
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError:
        log.exception("could not write the crash log")
        return None
    return path
