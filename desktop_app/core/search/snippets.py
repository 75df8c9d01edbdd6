"""Snippets: a short window of a chunk's ORIGINAL text around the best match, with the matches.

FTS5 matched a transformed copy of the text (CJK bigrams, NFKC), so the matches are found again
here in the original: CJK query words as substrings (as the bigram phrase matched them), other
words as whole words, compared case-insensitively and without diacritics ("cafe" marks "Café").
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from desktop_app.core.text.fts import QueryTerm, is_cjk_char, is_token_char, parse_query

__all__ = ["Snippet", "find_matches", "make_snippet", "render_marked"]

ELLIPSIS = "…"
# Only the start of very long texts is searched for matches: snippets must stay cheap per hit.
_SCAN_LIMIT = 50_000


@dataclass(frozen=True)
class Snippet:
    """A piece of text and the (start, end) character spans in it that matched the query."""

    text: str
    spans: tuple[tuple[int, int], ...] = field(default=())

    def marked(self, open_mark: str = "«", close_mark: str = "»") -> str:
        """The text with every span wrapped in markers."""
        return render_marked(self, open_mark, close_mark)


def render_marked(snippet: Snippet, open_mark: str = "«", close_mark: str = "»") -> str:
    """``snippet.text`` with each matched span wrapped in ``open_mark`` ... ``close_mark``."""
    out: list[str] = []
    pos = 0
    for start, end in snippet.spans:
        out.append(snippet.text[pos:start])
        out.append(open_mark + snippet.text[start:end] + close_mark)
        pos = end
    out.append(snippet.text[pos:])
    return "".join(out)


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """A character as compared: compatibility-decomposed, without combining marks, casefolded."""
    if ch.isascii():
        return ch.lower()
    if is_cjk_char(ch):
        # Composed: decomposing would let "가" match inside "각" and "か" inside "が".
        return unicodedata.normalize("NFKC", ch)
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(text: str) -> tuple[str, list[int]]:
    """Folded text plus, for each folded character, the index of its original character."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def _fold_piece(piece: str) -> str:
    return "".join(_fold_char(ch) for ch in piece)


def _is_word_char(ch: str) -> bool:
    # A CJK neighbour does not glue to a Latin word: the index splits them ("AI기술").
    return is_token_char(ch) and not is_cjk_char(ch)


def find_matches(text: str, terms: list[QueryTerm]) -> list[tuple[int, int, int]]:
    """All matches of ``terms`` in ``text`` as sorted (start, end, term index), original offsets."""
    scanned = text[:_SCAN_LIMIT]
    folded, origin = _fold(scanned)
    found: list[tuple[int, int, int]] = []
    for term_index, term in enumerate(terms):
        for piece_index, (piece, cjk) in enumerate(term.pieces):
            needle = _fold_piece(piece)
            if not needle:
                continue
            is_prefix = term.prefix and piece_index == len(term.pieces) - 1
            pos = folded.find(needle)
            while pos >= 0:
                end = pos + len(needle)
                ok = cjk or (
                    (pos == 0 or not _is_word_char(folded[pos - 1]))
                    and (is_prefix or end == len(folded) or not _is_word_char(folded[end]))
                )
                if ok and is_prefix and not cjk:
                    while end < len(folded) and _is_word_char(folded[end]):
                        end += 1
                if ok:
                    found.append((origin[pos], origin[end - 1] + 1, term_index))
                pos = folded.find(needle, pos + 1)
    found.sort()
    return found


def _best_window(matches: list[tuple[int, int, int]], length: int, width: int) -> tuple[int, int]:
    """The window of ``width`` characters holding the most distinct terms, then most matches."""
    lead = width // 4  # some context before the first match
    best = (0, min(length, width))
    best_score = (-1, -1)
    starts = [m[0] for m in matches]  # sorted: find_matches sorts
    for start, _end, _term in matches[:200]:
        ws = max(0, min(start - lead, length - width))
        we = min(length, ws + width)
        # Only the matches starting inside the window can be in it: bisect instead of a full
        # scan, so a common word with thousands of hits costs the GUI's searches little.
        lo, hi = bisect_left(starts, ws), bisect_right(starts, we)
        inside = [m for m in matches[lo:hi] if m[1] <= we]
        score = (len({m[2] for m in inside}), len(inside))
        if score > best_score:
            best, best_score = (ws, we), score
    return best


def _space_in(text: str, lo: int, hi: int, *, last: bool) -> int:
    """Index of the first (or last) whitespace character in ``text[lo:hi]``, or -1."""
    indexes = range(hi - 1, lo - 1, -1) if last else range(lo, hi)
    return next((i for i in indexes if text[i].isspace()), -1)


def _snap(text: str, ws: int, we: int, matches: list[tuple[int, int, int]]) -> tuple[int, int]:
    """Move the window edges to nearby spaces so that words are not cut (Latin text)."""
    first = min((m[0] for m in matches if m[0] >= ws), default=we)
    last = max((m[1] for m in matches if m[1] <= we), default=ws)
    if ws > 0:
        space = _space_in(text, max(0, ws - 15), ws + 1, last=True)
        if space < 0:
            space = _space_in(text, ws, min(first, ws + 15), last=False)
        if space >= 0:
            ws = min(space + 1, first)
    if we < len(text):
        space = _space_in(text, max(last, we - 15), we, last=True)
        if space >= 0:
            we = space
    return ws, we


def make_snippet(text: str, query: str | list[QueryTerm], width: int = 200) -> Snippet:
    """A window of about ``width`` characters of ``text`` around the best match of ``query``."""
    terms = parse_query(query) if isinstance(query, str) else query
    matches = find_matches(text, terms) if terms else []
    if matches:
        ws, we = _best_window(matches, len(text), width)
        ws, we = _snap(text, ws, we, matches)
    else:
        ws, we = _snap(text, 0, min(len(text), width), [])
    inside = [(s, e) for s, e, _ in matches if s >= ws and e <= we]

    out: list[str] = []
    position: dict[int, int] = {}  # original index -> index in the snippet text
    if ws > 0:
        out.append(ELLIPSIS)
    length = len(out)
    previous_space = True
    for index in range(ws, we):
        ch = text[index]
        if ch.isspace():
            # Lines and runs of spaces collapse into one space: a snippet is one line.
            if previous_space:
                position[index] = length
                continue
            ch = " "
            previous_space = True
        else:
            previous_space = False
        position[index] = length
        out.append(ch)
        length += 1
    while out and out[-1] == " ":
        out.pop()
        length -= 1
    if we < len(text):
        out.append(ELLIPSIS)
    snippet_text = "".join(out)

    spans: list[tuple[int, int]] = []
    for start, end in inside:
        s, e = position[start], position[end - 1] + 1
        if spans and s <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e))
        else:
            spans.append((s, e))
    return Snippet(snippet_text, tuple(spans))
