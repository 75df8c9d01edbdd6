"""``extract(path)``: pick the reader for a file and turn every failure into a typed FileError.

Third-party parsers raise anything on damaged input (KeyError, struct.error, AssertionError...).
One bad file must never stop an indexing run, so anything that is not already a TroveError becomes
a CorruptFileError naming the exception; the traceback goes to the log for bug reports.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
from pathlib import Path

from desktop_app.core.errors import (
    CorruptFileError,
    FileLockedError,
    FileVanishedError,
    TroveError,
    UnsupportedFileError,
)
from desktop_app.core.ingest.document import Extracted
from desktop_app.core.ingest.formats.common import empty
from desktop_app.core.ingest.registry import is_supported, load_extractor, lookup

__all__ = ["extract", "is_supported", "too_large_error"]

log = logging.getLogger(__name__)


def too_large_error(path: Path) -> CorruptFileError:
    """The error for a file whose reading ran out of memory (the worker's cap, or the machine's)."""
    return CorruptFileError(
        str(path),
        f"'{path.name}' is too large to read within the memory limit.",
        "Raise 'index.extract_memory_mb', or split the file, if it should be searchable.",
    )


def _os_error(path: Path, exc: OSError) -> TroveError:
    if isinstance(exc, FileNotFoundError):
        return FileVanishedError(
            str(path),
            f"'{path.name}' was moved or deleted before Trove could read it.",
            "Nothing to do: Trove picks it up again wherever it reappears in a watched folder.",
        )
    if isinstance(exc, PermissionError):
        return FileLockedError(
            str(path),
            f"Trove is not allowed to read '{path.name}' (permission denied or locked by another "
            "program).",
            "Check the file's permissions, or close the program using it; Trove will retry.",
        )
    if isinstance(exc, IsADirectoryError):
        return UnsupportedFileError(str(path), f"'{path.name}' is a folder, not a file.")
    return FileLockedError(
        str(path),
        f"'{path.name}' could not be read ({exc.strerror or type(exc).__name__}).",
        "If it is on a network or removable drive, check that the drive is still connected.",
    )


def extract(path: Path | str) -> Extracted:
    """Text sections of ``path`` with their locations, or a typed FileError saying why not."""
    path = Path(path)
    spec = lookup(path)
    if spec is None:
        kind = path.suffix.lower() or "extension-less"
        raise UnsupportedFileError(
            str(path),
            f"Trove cannot read {kind} files ('{path.name}').",
            "Exclude this file type, or convert the file to a supported format.",
        )
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            # Never open FIFOs or devices: reading one could block forever.
            raise UnsupportedFileError(str(path), f"'{path.name}' is not a regular file.")
        reader = load_extractor(spec)
        result = reader(path)
    except TroveError:
        raise
    except OSError as exc:
        raise _os_error(path, exc) from None
    except MemoryError as exc:
        raise too_large_error(path) from exc
    except RecursionError:
        raise CorruptFileError(
            str(path), f"'{path.name}' is nested too deeply to read (damaged or hostile file)."
        ) from None
    except ImportError:
        raise  # a broken installation is a bug to report, not a property of this file
    except Exception as exc:
        log.warning("extractor for %s failed", path, exc_info=True)
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise CorruptFileError(
            str(path),
            f"'{path.name}' could not be read as {spec.kind.upper()} ({detail}).",
            "It may be damaged; if it opens in its own program, save a fresh copy there.",
        ) from None
    sections = [s for s in result.sections if s.text.strip()]
    if not sections and not result.ocr_pages:
        raise empty(path)
    if len(sections) != len(result.sections):
        return dataclasses.replace(result, sections=sections)
    return result
