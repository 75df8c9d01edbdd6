"""Text from files and models made safe for a terminal.

File names, document text, headings and model answers may carry escape sequences (retitle the
window, clear the screen, fake a prompt) or bidi overrides that make ``txt.exe`` read as
``exe.txt``. Every printer passes such text through ``clean``, which spells those characters
out (``\\x1b``, ``\\u202e``) so they are seen instead of obeyed.
"""

from __future__ import annotations

import re

__all__ = ["clean", "clean_json"]

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates/marks, the lone surrogates a
# non-UTF-8 file name decodes to (surrogateescape), and the stand-ins Trove stores them as
# (core/fsnames.py).
_REORDERING = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_NAME_BYTES = "\udc80-\udcff\U0010f800-\U0010ffff"
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_REORDERING}{_NAME_BYTES}]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_REORDERING}{_NAME_BYTES}]")
# json.dumps already escapes C0 inside strings; its newlines and spaces are layout.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_REORDERING}\udc80-\udcff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _spell(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code >= 0x10F800:
        code -= 0x10F800 - 0xD800  # a stored name's stand-in: back to its surrogate
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the original byte of the file name
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: object, *, multiline: bool = False) -> str:
    """``text`` with every terminal control spelled out; tabs kept, newlines kept if multiline."""
    if not isinstance(text, str):
        text = str(text)
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE
    return pattern.sub(_spell, text)


def clean_json(encoded: str) -> str:
    """JSON text with the controls JSON leaves raw (DEL, C1, bidi) written as ``\\uXXXX`` escapes.

    The parsed value is unchanged: a script gets the exact names and text back.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
