"""The project-wide token estimate used to size chunks (mirrored by the NIM simulator)."""

from __future__ import annotations

import re

__all__ = ["TOKEN_RE", "estimate_tokens"]

# The shared convention (brief): ASCII letter runs cost one token per 4 letters, digit runs one per
# 3 digits, every other non-space character (CJK, accented letters, punctuation) one token each.
# It over-counts English a little and counts Hangul/CJK per character, which keeps chunks under the
# real tokenizer's limit for the languages Trove's users write in.
TOKEN_RE = re.compile(r"[A-Za-z]{1,4}|[0-9]{1,3}|[^\sA-Za-z0-9]")


def estimate_tokens(text: str) -> int:
    """Estimated token count of ``text`` under the shared convention."""
    # findall beats counting finditer matches (~1.4x measured): the loop stays in C.
    return len(TOKEN_RE.findall(text))
