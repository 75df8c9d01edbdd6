"""Cut sections into chunks for embedding: never over the token limit, never across locations.

How: a section is split recursively - paragraphs, then lines, sentences, words and finally
characters - until every piece ("atom") fits the limit; atoms are then packed greedily into chunks,
preferring to end a chunk at the strongest boundary (paragraph > sentence > line > word) once it
is at least half full, and consecutive chunks of a section share a tail of ~overlap tokens that
starts at the strongest boundary available. Every chunk is an exact slice of its section's text,
so line ranges can be narrowed to the lines a chunk covers. The token count of a slice is at most
the sum of its atoms' counts (the estimate is subadditive: joining never makes more tokens), so a
chunk never exceeds ``max_tokens`` by ``estimate_tokens``.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from desktop_app.core.ingest.document import Location, Section, format_range, parse_range
from desktop_app.core.ingest.tokens import TOKEN_RE, estimate_tokens

__all__ = [
    "DEFAULT_OVERLAP_RATIO",
    "Chunk",
    "chunk_sections",
    "default_chunk_tokens",
    "default_overlap_tokens",
    "split_spans",
]

# Why ~512 tokens even for 8192-token embedders: one vector has to stand for the whole chunk, so
# long chunks average many topics into one point and match queries about any of them only weakly;
# ~a page of text keeps matches sharp, citations precise (one page or a few dozen lines), and lets
# the chat prompt hold several different sources. The 0.85 factor keeps a margin below short-limit
# models (e5: 512) because our estimate is not the model's tokenizer.
_RETRIEVAL_CHUNK_TOKENS = 512
_MODEL_MARGIN = 0.85
# ~15% overlap keeps a sentence cut at a chunk edge retrievable from either side, at ~15% more
# vectors.
DEFAULT_OVERLAP_RATIO = 0.15


def default_chunk_tokens(model_max_tokens: int) -> int:
    """Chunk size for an embedding model with this input limit: ~min(limit, 512) tokens."""
    return max(16, min(_RETRIEVAL_CHUNK_TOKENS, int(model_max_tokens * _MODEL_MARGIN)))


def default_overlap_tokens(chunk_tokens: int) -> int:
    """Overlap between consecutive chunks: ~15% of the chunk size."""
    return int(chunk_tokens * DEFAULT_OVERLAP_RATIO)


@dataclass(frozen=True)
class Chunk:
    """One piece of text to embed and index, with where it came from and its token estimate."""

    ordinal: int
    text: str
    location: Location
    tokens: int


# Boundary strengths: the gap before an atom; chunks prefer to end at strong ones.
_PARA, _LINE_SENT, _SENT, _LINE, _WORD, _CHAR = 5, 4, 3, 2, 1, 0

_PARA_GAP = re.compile(r"\n[ \t\f\v]*\n\s*")
_LINE_GAP = re.compile(r"[ \t\f\v]*\n\s*")
_CLOSERS = "\"'”’)\\]»」』】〕）"
_SENT_GAP = re.compile(
    # Latin-style ends need whitespace after them (so "3.5" or "e.g.x" do not split) ...
    rf"(?<=[.!?…‼⁇⁈⁉])[{_CLOSERS}]*\s+"
    # ... CJK full stops do not: Chinese and Japanese put no space after them ...
    rf"|(?<=[。！？｡︒])[{_CLOSERS}]*\s*"
    # ... nor does Korean typed without one ("했다.그리고"): a stop between two Hangul syllables.
    r"|(?<=[\uac00-\ud7a3][.!?])(?=[\uac00-\ud7a3])"
)
_WORD_GAP = re.compile(r"\s+")
_WORD_RUN = re.compile(r"\S+")  # what _WORD_GAP leaves: the pieces of the word level
_SENT_END = re.compile(rf"[.!?…。！？｡][{_CLOSERS}]*$")


class _Atom(NamedTuple):  # a tuple: a long text makes one per line, and creating them adds up
    start: int
    end: int
    tokens: int
    strength: int


# The packer reads atoms by index: the word level makes plain (start, end, tokens, strength)
# tuples in bulk, hundreds of thousands for a minified file.
_TOKENS, _STRENGTH = 2, 3


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int, gap: re.Pattern[str]) -> list[tuple[int, int]]:
    """Non-empty, whitespace-trimmed spans of text[start:end] between matches of ``gap``."""
    out: list[tuple[int, int]] = []
    pos = start
    for match in gap.finditer(text, start, end):
        if match.end() == match.start() == pos:
            continue
        # A sentence gap starts with the closing quotes/brackets that belong to the sentence.
        cut = match.start()
        while cut < match.end() and not text[cut].isspace():
            cut += 1
        s, e = _trimmed(text, pos, cut)
        if s < e:
            out.append((s, e))
        pos = match.end()
    s, e = _trimmed(text, pos, end)
    if s < e:
        out.append((s, e))
    return out


def _is_mark(ch: str) -> bool:
    # Combining marks and conjoining Hangul vowels/finals belong to the character before them.
    return unicodedata.combining(ch) != 0 or "\u1160" <= ch <= "\u11ff"


def _char_atoms(text: str, start: int, end: int, lead: int, limit: int, out: list[_Atom]) -> None:
    """Last resort for a word over the limit: groups of whole estimate-tokens.

    Groups are an eighth of the limit, not the whole limit, so that unspaced text (Korean or
    Chinese without punctuation, long identifiers) still packs fully and gets its overlap.
    """
    spans = [m.span() for m in TOKEN_RE.finditer(text, start, end)]
    size = max(1, limit // 8)
    i = 0
    while i < len(spans):
        j = min(i + size, len(spans))
        while i + 1 < j < len(spans) and _is_mark(text[spans[j][0]]):
            j -= 1
        out.append(_Atom(spans[i][0], spans[j - 1][1], j - i, lead if i == 0 else _CHAR))
        i = j


def _count_up_to(text: str, start: int, end: int, cap: int) -> int:
    """The token count of ``text[start:end]`` when it is at most ``cap``; else some count above
    ``cap``. Over the cap a piece is split and its pieces counted anyway: a minified file's one
    line was counted whole at the paragraph, line and sentence levels before its words were."""
    prefix = start + 8 * cap  # characters: prose has ~4 per token, so this prefix is usually enough
    if end > prefix:
        head = len(TOKEN_RE.findall(text, start, prefix))  # a prefix never has more tokens
        if head > cap:
            return head
    return len(TOKEN_RE.findall(text, start, end))


def _atomize(
    text: str,
    start: int,
    end: int,
    level: int,
    lead: int,
    limit: int,
    out: list[_Atom],
    tokens: int | None = None,
) -> None:
    if tokens is None:  # the caller may know it already: counting is most of chunking's time
        tokens = _count_up_to(text, start, end, limit)
    if tokens <= limit:
        if tokens:
            out.append(_Atom(start, end, tokens, lead))
        return
    if level == 0:
        pieces, strength = _pieces(text, start, end, _PARA_GAP), [_PARA]
    elif level == 1:
        _line_atoms(text, start, end, lead, limit, out)
        return
    elif level == 2:
        pieces, strength = _pieces(text, start, end, _SENT_GAP), [_SENT]
    elif level == 3:
        _word_atoms(text, start, end, lead, limit, out)
        return
    else:
        _char_atoms(text, start, end, lead, limit, out)
        return
    for n, (s, e) in enumerate(pieces):
        _atomize(text, s, e, level + 1, lead if n == 0 else strength[0], limit, out)


def _word_atoms(text: str, start: int, end: int, lead: int, limit: int, out: list[_Atom]) -> None:
    """``_atomize`` at the word level, in bulk: a line with no sentence end can be a whole
    minified file (a search index, a JSON dump), hundreds of thousands of words long.

    Trimmed, ``text[start:end]`` reads word, gap, word, ..., word: their lengths give every
    word's span without a match object each.
    """
    start, end = _trimmed(text, start, end)  # (already so, from the levels above)
    words = _WORD_RUN.findall(text, start, end)
    if not words:
        return
    gaps = _WORD_GAP.findall(text, start, end)
    edges = list(
        itertools.accumulate(
            itertools.chain.from_iterable(zip(map(len, words), map(len, gaps), strict=False)),
            initial=start,
        )
    )
    edges.append(edges[-1] + len(words[-1]))  # the last word has no gap after it
    findall = TOKEN_RE.findall
    counts = [len(findall(word)) for word in words]
    starts, ends = edges[0::2], edges[1::2]
    if max(counts) <= limit:  # the usual case: every word is an atom
        out.append(_Atom(starts[0], ends[0], counts[0], lead))
        out.extend(zip(starts[1:], ends[1:], counts[1:], itertools.repeat(_WORD)))  # type: ignore[arg-type]
        return
    gap = lead
    for s, e, tokens in zip(starts, ends, counts, strict=True):
        if tokens <= limit:
            out.append(_Atom(s, e, tokens, gap))
        else:
            _char_atoms(text, s, e, gap, limit, out)
        gap = _WORD


def _line_atoms(text: str, start: int, end: int, lead: int, limit: int, out: list[_Atom]) -> None:
    """``_atomize`` of a paragraph over the limit at the line level, in bulk: its lines (the
    non-blank ones, trimmed: what splitting at ``_LINE_GAP`` leaves) and their counts come from
    one split and a few comprehensions instead of a match object and a call each."""
    lines = text[start:end].split("\n")
    firsts = itertools.accumulate((len(line) + 1 for line in lines), initial=start)
    starts = [f + len(line) - len(line.lstrip()) for f, line in zip(firsts, lines, strict=False)]
    ends = [s + len(line.strip()) for s, line in zip(starts, lines, strict=True)]
    findall = TOKEN_RE.findall
    long = 8 * limit  # (see _count_up_to)
    counts = [
        len(findall(line)) if len(line) <= long else _count_up_to(line, 0, len(line), limit)
        for line in lines
    ]
    previous: tuple[int, int] | None = None
    for s, e, tokens in zip(starts, ends, counts, strict=True):
        if s == e:
            continue  # a blank line
        if previous is None:
            gap = lead
        elif _SENT_END.search(text, *previous):
            gap = _LINE_SENT  # a line that ends a sentence is almost as good as a paragraph end
        else:
            gap = _LINE
        previous = (s, e)
        if tokens <= limit:
            out.append(_Atom(s, e, tokens, gap))
        else:
            _atomize(text, s, e, 2, gap, limit, out, tokens)


def _best_end(atoms: Sequence[_Atom], start: int, full: int, min_end: int, limit: int) -> int:
    """Where to end a chunk that is full at ``full``: the strongest boundary past half the limit."""
    best, best_strength = full, atoms[full][_STRENGTH]
    total = sum(a[_TOKENS] for a in atoms[start:full])
    for end in range(full - 1, max(min_end, start + 1) - 1, -1):
        total -= atoms[end][_TOKENS]
        if total * 2 < limit:
            break
        if atoms[end][_STRENGTH] > best_strength:
            best, best_strength = end, atoms[end][_STRENGTH]
    return best


def _overlap_start(atoms: Sequence[_Atom], start: int, end: int, overlap: int, limit: int) -> int:
    """First atom of the next chunk: a tail of this one of at most ``overlap`` tokens."""
    if overlap <= 0 or end >= len(atoms):
        return end
    room = min(overlap, limit - atoms[end][_TOKENS])  # the next chunk must still take a new atom
    best, best_strength = end, -1
    tail = 0
    for k in range(end - 1, start, -1):
        tail += atoms[k][_TOKENS]
        if tail > room:
            break
        if atoms[k][_STRENGTH] >= best_strength:
            best, best_strength = k, atoms[k][_STRENGTH]
    return best


def split_spans(text: str, max_tokens: int, overlap_tokens: int = 0) -> list[tuple[int, int]]:
    """Character spans of ``text`` for chunks of at most ``max_tokens``, overlapping as asked."""
    return [(s, e) for s, e, _ in _split(text, max_tokens, overlap_tokens)]


def _split(
    text: str, max_tokens: int, overlap_tokens: int, tokens: int | None = None
) -> list[tuple[int, int, int]]:
    """``split_spans`` with each span's token count (``tokens``: the whole text's if known, or
    any count over ``max_tokens`` when it is known not to fit).

    A span's count is the sum of its atoms' counts: atoms are separated by whitespace or cut at
    estimate-token boundaries, and no token spans whitespace, so the sum is exact.
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    if not 0 <= overlap_tokens < max_tokens:
        raise ValueError("overlap_tokens must be at least 0 and below max_tokens")
    start, end = _trimmed(text, 0, len(text))
    atoms: list[_Atom] = []
    _atomize(text, start, end, 0, _PARA, max_tokens, atoms, tokens)
    spans: list[tuple[int, int, int]] = []
    first = 0
    previous_end = 0
    while first < len(atoms):
        total, stop = 0, first
        while stop < len(atoms) and total + atoms[stop][_TOKENS] <= max_tokens:
            total += atoms[stop][_TOKENS]
            stop += 1
        if stop < len(atoms):
            stop = _best_end(atoms, first, stop, previous_end + 1, max_tokens)
        count = sum(a[_TOKENS] for a in atoms[first:stop])
        spans.append((atoms[first][0], atoms[stop - 1][1], count))
        previous_end = stop
        first = _overlap_start(atoms, first, stop, overlap_tokens, max_tokens)
    return spans


def _range_of(location: Location) -> tuple[str, int, int] | None:
    """Which field carries per-line numbers ("lines" or "rows") and its range."""
    for name in ("lines", "rows"):
        value = getattr(location, name)
        if value:
            try:
                first, last = parse_range(value)
            except ValueError:
                return None
            return name, first, last
    return None


def _mergeable(a: Section, b: Section) -> bool:
    """Whether one location can say where both are: same page/slide/sheet, ranges in order."""
    ra, rb = _range_of(a.location), _range_of(b.location)
    if ra is None or rb is None or ra[0] != rb[0] or rb[1] <= ra[2]:
        return False
    la, lb = a.location, b.location
    if a.header != b.header:
        return False  # another table, or a table and plain rows
    return (la.page, la.slide, la.sheet) == (lb.page, lb.slide, lb.sheet) and all(
        s.text.count("\n") + 1 == r[2] - r[1] + 1 for s, r in ((a, ra), (b, rb))
    )


def _common_heading(a: str | None, b: str | None) -> str | None:
    if not a or not b:
        return None
    pa, pb = a.split(" > "), b.split(" > ")
    common: list[str] = []
    for x, y in zip(pa, pb, strict=False):
        if x != y:
            break
        common.append(x)
    return " > ".join(common) or None


def _merge(a: Section, b: Section) -> Section:
    ra, rb = _range_of(a.location), _range_of(b.location)
    assert ra is not None and rb is not None
    # Blank lines stand in for any gap, so line i of the merged text is still line first+i.
    text = a.text + "\n" * (rb[1] - ra[2]) + b.text
    location = a.location.with_(
        heading=_common_heading(a.location.heading, b.location.heading),
        **{ra[0]: format_range(ra[1], rb[2])},
    )
    return Section(text, location, a.header)


def _tokens_up_to(text: str, cap: int) -> int:
    """The token count of a section when it is at most ``cap``; else some count above ``cap``
    (a long section is split, and its pieces counted, anyway: counting it whole too was one
    more pass of the token regex over most of the text)."""
    return _count_up_to(text, 0, len(text), cap)


def _merge_small(sections: Iterable[Section], max_tokens: int) -> list[tuple[Section, int]]:
    """Join runs of small adjacent sections that together fit one chunk and share a location."""
    out: list[tuple[Section, int]] = []
    for section in sections:
        tokens = _tokens_up_to(section.text, max_tokens)
        if tokens == 0:
            continue
        if out:
            last, last_tokens = out[-1]
            if last_tokens + tokens <= max_tokens and _mergeable(last, section):
                out[-1] = (_merge(last, section), last_tokens + tokens)
                continue
        out.append((section, tokens))
    return out


def _narrowed(location: Location, text: str, newlines: list[int], start: int, end: int) -> Location:
    top = bisect.bisect_left(newlines, start)  # the lines of text[start:end], 0-based
    bottom = bisect.bisect_left(newlines, end - 1)
    if location.boxes:  # OCR'd text: one box per line, each chunk keeps its own lines' boxes
        boxes = location.boxes.split()
        kept = " ".join(boxes[top : bottom + 1]) if len(boxes) == len(newlines) + 1 else None
        location = location.with_(boxes=kept)
    found = _range_of(location)
    if found is None:
        return location
    name, first, last = found
    if len(newlines) != last - first:
        return location  # the text does not have one line per numbered line: keep the whole range
    return location.with_(**{name: format_range(first + top, first + bottom)})


@dataclass(frozen=True)
class _Table:
    """A Markdown table in a section's text: its header row and rule, and the span (from its
    rule to its last row) in which a chunk that starts needs them repeated on top."""

    header: str
    start: int
    body: int  # where its rows start: a chunk starting before that starts at the rule
    end: int


_TABLE_ROW = re.compile(r"^\|.*\|[ \t]*$", re.M)
_TABLE_RULE = re.compile(r"^\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")


def _tables(section: Section) -> list[_Table]:
    """The tables of a section whose header must top every chunk cut from their rows: the one
    a section declares (``Section.header``: a sheet, a long DOCX table), else every Markdown
    table in its text with a header row (HTML, PPTX, DOCX, ODT, PDF tables alike)."""
    text = section.text
    if section.header:
        return [_Table(section.header, 0, 0, len(text))]
    out: list[_Table] = []
    rows = list(_TABLE_ROW.finditer(text))
    i = 0
    while i + 1 < len(rows):
        head, rule = rows[i], rows[i + 1]
        if rule.start() != head.end() + 1 or not _TABLE_RULE.match(rule.group()):
            i += 1
            continue
        j = i + 2
        while j < len(rows) and rows[j].start() == rows[j - 1].end() + 1:
            j += 1
        if head.group().strip("| \t") and j > i + 2:  # a named header over some rows
            header = f"{head.group().rstrip()}\n{rule.group().rstrip()}"
            out.append(_Table(header, rule.start(), rows[i + 2].start(), rows[j - 1].end()))
        i = j
    return out


def chunk_sections(
    sections: Iterable[Section], max_tokens: int, overlap_tokens: int | None = None
) -> list[Chunk]:
    """Chunks of at most ``max_tokens`` (estimated) with ~``overlap_tokens`` shared between
    neighbours in a section; ``None`` overlap means 15% of ``max_tokens``.

    One rule for tables of every format: a chunk that starts among a table's rows starts with
    that table's header row and rule, so a row found alone still says which column is which.
    """
    if overlap_tokens is None:
        overlap_tokens = default_overlap_tokens(max_tokens)
    overlap_tokens = min(overlap_tokens, max_tokens - 1)
    chunks: list[Chunk] = []
    for section, tokens in _merge_small(sections, max_tokens):
        text = section.text
        newlines = [m.start() for m in re.finditer("\n", text)]
        tables = _tables(section) if "|" in text else []
        head_tokens = max((estimate_tokens(t.header) + 1 for t in tables), default=0)
        budget = max_tokens
        if tables and tokens + (head_tokens if section.header else 0) > max_tokens:
            budget = max(16, max_tokens - head_tokens)  # room for a header on every chunk
        for start, end, count in _split(text, budget, min(overlap_tokens, budget - 1), tokens):
            piece = text[start:end]
            location = _narrowed(section.location, text, newlines, start, end)
            table = next((t for t in tables if t.start <= start < t.end), None)
            if table is not None:
                topped = _with_header(table.header, piece, at_rule=start < table.body)
                count += estimate_tokens(topped[: len(topped) - len(piece)])
                piece = topped
            chunks.append(Chunk(len(chunks), piece, location, count))
    return chunks


def _with_header(header: str, piece: str, *, at_rule: bool = False) -> str:
    """``piece`` under the table header; a piece that starts with the header row keeps its
    own, with the rule put under it; one that starts at the rule gets the row above it."""
    head_row, _, rule = header.partition("\n")
    if at_rule:
        return head_row + "\n" + piece
    if piece == head_row or piece.startswith(head_row + "\n"):
        return head_row + "\n" + rule + piece[len(head_row) :]
    return header + "\n" + piece
