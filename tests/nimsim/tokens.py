"""The shared token estimate (as desktop_app/core/ingest/tokens.py) and token-exact truncation."""

from __future__ import annotations

import re

__all__ = ["TOKEN_RE", "count_tokens", "truncate_tokens"]

# The project-wide convention (brief): ASCII letter runs cost one token per 4 letters, digit runs
# one per 3 digits, and every other non-space character one token each.
TOKEN_RE = re.compile(r"[A-Za-z]{1,4}|[0-9]{1,3}|[^\sA-Za-z0-9]")


def count_tokens(text: str) -> int:
    """Return the number of tokens in `text` under the shared estimate."""
    return len(TOKEN_RE.findall(text))


def truncate_tokens(text: str, max_tokens: int, side: str) -> str:
    """Cut `text` to at most `max_tokens` tokens, dropping from the "START" or the "END"."""
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    if len(spans) <= max_tokens:
        return text
    if max_tokens <= 0:
        return ""
    if side == "START":
        # Keep the last max_tokens tokens: the text from the first kept token on.
        return text[spans[len(spans) - max_tokens][0] :]
    return text[: spans[max_tokens - 1][1]]
