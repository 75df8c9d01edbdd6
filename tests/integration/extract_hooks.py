"""Test-only extractors, registered by name so worker processes can load them too."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from desktop_app.core.ingest.document import Extracted, Section


def extract_hang(path: Path) -> Extracted:
    """Never finishes on its own: stands for a parser stuck in a loop."""
    time.sleep(3600)
    raise AssertionError("unreachable")


def extract_crash(path: Path) -> Extracted:
    """Dies like a segfaulting C parser."""
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(5)
    raise AssertionError("unreachable")


def extract_hog(path: Path) -> Extracted:
    """Asks for 4 GB at once, as a decompression bomb would: within a 1 GB cap that fails at
    once without touching memory; without a cap it would succeed (and the test fail)."""
    block = bytearray(4 * 1024**3)
    return Extracted("hog", [Section(str(len(block)))])


def extract_pid(path: Path) -> Extracted:
    """Reports which process read the file."""
    return Extracted("pid", [Section(str(os.getpid()))])


def extract_slow(path: Path) -> Extracted:
    """Takes a few seconds, then leaves a mark and succeeds: a worker busy on a big file."""
    time.sleep(3)
    path.with_suffix(".done").write_text("read to the end", encoding="utf-8")
    return Extracted("slow", [Section("slow")])


def extract_mode_gated(path: Path) -> Extracted:
    """Refuses a file without the owner's read bit, as the OS does for anyone but root (the
    tests may run as root)."""
    from desktop_app.core.errors import FileLockedError

    if not os.stat(path).st_mode & 0o400:
        raise FileLockedError(str(path), f"Trove is not allowed to read '{path.name}'.")
    return Extracted("text", [Section(path.read_text(encoding="utf-8"))])
