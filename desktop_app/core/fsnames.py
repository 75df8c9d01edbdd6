"""File names that are not valid Unicode, kept losslessly in text Trove can store and send.

POSIX names are bytes: one that is not UTF-8 (an old archive, another locale) reaches Python with
each stray byte as a lone surrogate (U+DC80-U+DCFF, "surrogateescape"), and Windows names may hold
unpaired UTF-16 surrogates. No UTF-8 store takes those (SQLite, Chroma, JSON to another process,
Qt), so one such name stopped every indexing run. Inside Trove a path is always valid Unicode:
each lone surrogate is stored as its own code point in plane 16's private use area (U+10F800 +
offset), which names practically never use, and turned back just before the file system is asked.
Both directions leave an already converted path unchanged, so applying one twice is harmless.
"""

from __future__ import annotations

import re

__all__ = ["on_disk", "readable", "stored"]

_SURROGATES = re.compile("[\ud800-\udfff]")
_STAND_INS = re.compile("[\U0010f800-\U0010ffff]")
_OFFSET = 0x10F800 - 0xD800


def stored(path: str) -> str:
    """``path`` as Trove keeps it: lone surrogates replaced by their private-use stand-ins."""
    if path.isascii():
        return path
    return _SURROGATES.sub(lambda m: chr(ord(m.group()) + _OFFSET), path)


def on_disk(path: str) -> str:
    """The name the file system knows for a stored ``path`` (the inverse of ``stored``)."""
    if path.isascii():
        return path
    return _STAND_INS.sub(lambda m: chr(ord(m.group()) - _OFFSET), path)


def readable(text: str) -> str:
    """``text`` for people: every undecodable byte of a name shows as U+FFFD (�)."""
    if text.isascii():
        return text
    return _SURROGATES.sub("\ufffd", _STAND_INS.sub("\ufffd", text))
