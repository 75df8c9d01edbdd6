"""RTF through striprtf, honouring the document's code page (e.g. \\ansicpg949 for Korean)."""

from __future__ import annotations

import codecs
import contextlib
import re
from pathlib import Path

from desktop_app.core.ingest.document import Extracted, Section
from desktop_app.core.ingest.formats.common import corrupt, empty
from desktop_app.core.ingest.textdecode import normalize_newlines

__all__ = ["extract_rtf"]

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def extract_rtf(path: Path) -> Extracted:
    """An RTF document as one section of plain text."""
    from striprtf.striprtf import rtf_to_text

    raw = path.read_bytes()
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise corrupt(path, "RTF", "no RTF header")
    encoding = "cp1252"
    match = _CODEPAGE.search(raw[:8192])
    if match:
        with contextlib.suppress(LookupError):
            encoding = codecs.lookup(f"cp{int(match.group(1))}").name
    # RTF is 7-bit; latin-1 maps its bytes 1:1 so the \'hh escapes decode with the code page.
    text = rtf_to_text(raw.decode("latin-1"), encoding=encoding, errors="replace")
    text = _BLANKS.sub("\n\n", normalize_newlines(text)).strip()
    if not text:
        raise empty(path)
    return Extracted("rtf", [Section(text)], encoding)
