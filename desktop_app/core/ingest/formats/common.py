"""Helpers every format module shares: typed errors with user sentences, heading sections."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from desktop_app.core.errors import (
    CorruptFileError,
    EmptyFileError,
    FileLockedError,
    NoTextError,
    UnsupportedFileError,
)
from desktop_app.core.ingest.document import Location, Section
from desktop_app.core.ingest.textdecode import BinaryContentError, decode_text, normalize_newlines

__all__ = [
    "HEADING_SEP",
    "SectionBuilder",
    "clean_inline",
    "corrupt",
    "empty",
    "open_zip",
    "password_protected",
    "read_text",
    "scanned",
]

HEADING_SEP = " > "

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WS = re.compile(r"\s+")

_REOPEN_HINT = "If it opens in its own program, save a fresh copy there; Trove will read it again."


def corrupt(path: Path, what: str, detail: str = "") -> CorruptFileError:
    """The file is damaged or not really a ``what`` file."""
    # A library's own text may come bracketed and ending in a stop ("(PDFium: Data format
    # error)."): bare it, so the sentence does not read "((...).)".
    detail = detail.strip().rstrip(".").strip()
    if detail.startswith("(") and detail.endswith(")"):
        detail = detail[1:-1].strip()
    extra = f" ({detail})" if detail else ""
    return CorruptFileError(
        str(path), f"'{path.name}' is damaged or is not a valid {what} file{extra}.", _REOPEN_HINT
    )


def password_protected(path: Path, what: str = "") -> FileLockedError:
    """The file needs a password (or is DRM-locked) to be read."""
    kind = f"{what} file " if what else ""
    return FileLockedError(
        str(path),
        f"The {kind}'{path.name}' is password-protected, so Trove cannot read it.",
        "Save a copy without the password if you want it to be searchable.",
    )


def scanned(path: Path, pages: int) -> NoTextError:
    """Pages but no text layer: most likely scanned images."""
    return NoTextError(
        str(path),
        f"no text: scanned? '{path.name}' has {pages} page{'s' if pages != 1 else ''} "
        "but no text layer.",
        "OCR is off: turn it on with `trove config set ocr.enabled true` and Trove reads the "
        "scanned pages itself.",
    )


def empty(path: Path) -> EmptyFileError:
    """The document holds no text at all."""
    return EmptyFileError(str(path), f"'{path.name}' contains no text.", "")


def read_text(path: Path) -> tuple[str, str]:
    """The file's text (newlines normalised) and its detected encoding."""
    try:
        text, encoding = decode_text(path.read_bytes())
    except BinaryContentError as exc:
        raise UnsupportedFileError(
            str(path),
            f"'{path.name}' looks like a binary file, not text ({exc}).",
            "If it is text in an unusual encoding, save it as UTF-8.",
        ) from None
    return normalize_newlines(text), encoding


def open_zip(path: Path, what: str) -> zipfile.ZipFile:
    """Open an Office/ODF/EPUB container; encrypted Office files and non-zips raise typed errors."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        # An encrypted OOXML file is an OLE compound file holding an "EncryptedPackage" stream.
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise password_protected(path, what)
        raise UnsupportedFileError(
            str(path),
            f"'{path.name}' is in the old binary Office format, which Trove cannot read.",
            "Save it in the current format (.docx, .xlsx or .pptx) to make it searchable.",
        )
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise corrupt(path, what, "not a zip container") from None


def clean_inline(text: str) -> str:
    """Collapse whitespace runs (titles, cell values) to single spaces."""
    return _WS.sub(" ", text).strip()


class SectionBuilder:
    """Collects paragraphs under the current heading path and cuts a Section at each heading."""

    def __init__(self, base: Location | None = None) -> None:
        self._base = base or Location()
        self._path: list[tuple[int, str]] = []
        self._lines: list[str] = []
        self._has_body = False
        self.sections: list[Section] = []

    @property
    def heading(self) -> str | None:
        """The current heading path ("Intro > Setup") or None."""
        return HEADING_SEP.join(title for _, title in self._path) or None

    def heading_at(self, level: int, title: str) -> None:
        """Start a new section under heading ``title`` of depth ``level`` (1 = top)."""
        title = clean_inline(title)
        if not title:
            return
        self.flush()
        # A heading that repeats one already in the path (a page's <title> and its <h1>, DocBook's
        # chapter title on every level) replaces it instead of nesting "A > A".
        same = next((i for i, (_, t) in enumerate(self._path) if t == title), None)
        if same is not None:
            del self._path[same:]
        while self._path and self._path[-1][0] >= level:
            self._path.pop()
        self._path.append((level, title))
        self._lines.append(title)

    def add(self, text: str) -> None:
        """Add a paragraph (or table row block) to the current section."""
        if text.strip():
            self._lines.append(text.strip("\n"))
            self._has_body = True

    def add_table(self, markdown: str, long_rows: int = 20) -> None:
        """Add a Markdown table; one longer than ``long_rows`` becomes a section of its own whose
        header row (and rule) is repeated in every chunk cut from it."""
        lines = markdown.strip("\n").split("\n")
        if len(lines) <= long_rows + 2 or not lines[0].strip("| "):
            self.add(markdown)
            return
        self.flush()
        header = "\n".join(lines[:2])
        body = "\n".join([lines[0], *lines[2:]])
        self.sections.append(Section(body, self._base.with_(heading=self.heading), header))

    def flush(self) -> None:
        """Close the current section, if it has any text."""
        # A heading directly followed by a sub-heading makes no section of its own: its title
        # lives on in the sub-section's heading path, and a title-only chunk would be noise.
        if self._has_body:
            body = "\n\n".join(self._lines)
            self.sections.append(Section(body, self._base.with_(heading=self.heading)))
        self._lines = []
        self._has_body = False

    def finish(self) -> list[Section]:
        """Flush and return every section."""
        self.flush()
        return self.sections
