"""A full disk: recognised wherever a write fails, told plainly, and waited out.

SQLite says "database or disk is full" (SQLITE_FULL), Chroma wraps the same words or an OSError
with ENOSPC in its own errors, and the OS raises ENOSPC or EDQUOT (quota). Each layer asks
``is_disk_full`` before it would call a failure damage, and raises ``disk_full_error`` instead:
the message says where, what is free there and how much Trove needs to go on.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

from desktop_app.core.errors import DiskFullError

__all__ = [
    "MIN_FREE_BYTES",
    "disk_full_error",
    "free_bytes",
    "has_room",
    "is_disk_full",
    "needed_bytes",
]

# SQLite needs room for its WAL and a checkpoint, Chroma for a segment flush: ask for a margin,
# more for a big index (a tenth of what Trove already keeps there).
MIN_FREE_BYTES = 256 * 1024 * 1024
_SQLITE_FULL = 13
_FULL_TEXT = re.compile(
    r"database or disk is full|no space left on device|disk quota exceeded|\bENOSPC\b",
    re.IGNORECASE,
)


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it) says the disk or the quota is full."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DiskFullError):
            return True
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_FULL:
            return True
        if _FULL_TEXT.search(str(exc)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _existing(where: Path) -> Path:
    for candidate in (where, *where.parents):
        if candidate.exists():
            return candidate
    return where


def free_bytes(where: Path) -> int | None:
    """Bytes free for this user on the disk holding ``where``; None if that cannot be told."""
    try:
        return shutil.disk_usage(_existing(where)).free
    except OSError:
        return None


def _size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def needed_bytes(data_dir: Path) -> int:
    """What Trove asks to be free beside its index before it writes again."""
    try:
        kept = _size_of(data_dir) if data_dir.exists() else 0
    except OSError:
        kept = 0
    return max(MIN_FREE_BYTES, kept // 10)


def has_room(where: Path, needed: int) -> bool:
    """Whether ``needed`` bytes are free on the disk holding ``where`` (True if unknown)."""
    free = free_bytes(where)
    return free is None or free >= needed


def disk_full_error(where: Path, data_dir: Path | None = None) -> DiskFullError:
    """The error for a write that failed for want of space at ``where``."""
    return DiskFullError(str(where), free_bytes(where), needed_bytes(data_dir or where))
