"""Text and query transforms that make FTS5 keyword search work for every language.

SQLite's ``unicode61`` tokenizer splits on spaces and punctuation, which suits Latin, Cyrillic,
Greek and most scripts, but Korean attaches particles to nouns ("날씨는") and Chinese and Japanese
write no spaces at all, so a whole clause becomes one token and "날씨" never matches. The
``trigram`` tokenizer cannot match the two-character words those languages are full of.

So, like Lucene's CJKAnalyzer, every run of Hangul, Han or Kana characters is rewritten as
overlapping character bigrams ("날씨는" -> "날씨 씨는"; a run of one character stays a unigram)
before it reaches ``unicode61``. Queries get the same rewrite, and a CJK query word becomes a
phrase of its bigrams, which matches exactly the texts that contain it as a substring. Every
other script is left to ``unicode61`` (``remove_diacritics 2``, combining marks kept in tokens).

Both sides are NFKC-normalised first, so half-width kana, full-width Latin and ligatures match
their plain forms. ``TRANSFORM_VERSION`` changes whenever ``to_index_text`` would produce other
tokens for the same text; the catalog then rebuilds its full-text index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "FTS_TOKENIZE",
    "MAX_TERMS",
    "STOPWORDS",
    "TRANSFORM_VERSION",
    "QueryTerm",
    "clean_text",
    "is_cjk_char",
    "is_token_char",
    "parse_query",
    "to_fts_query",
    "to_index_text",
    "words",
]

TRANSFORM_VERSION = 1

# Combining marks count as token characters so that Devanagari, Thai and similar scripts keep
# their words whole (by default unicode61 splits "हिन्दी" at every vowel sign).
FTS_TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"

# Hangul, Kana, Han (with Bopomofo and the ideographic iteration marks). Punctuation inside these
# blocks (・ U+30FB, ゠ U+30A0, the combining voicing marks) is left out on purpose: it separates
# runs, as it does for unicode61.
_CJK_CLASS = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005-\u3007"  # 々 〆 〇
    "\u3021-\u3029\u3038-\u303b"  # Hangzhou numerals, more iteration marks
    "\u3041-\u3096\u309d-\u309f"  # Hiragana
    "\u30a1-\u30fa\u30fc-\u30ff"  # Katakana (with ー)
    "\u3105-\u312f\u31a0-\u31bf"  # Bopomofo
    "\u3131-\u318e"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK ideographs and extension A
    "\ua960-\ua97c"  # Hangul Jamo extended A
    "\uac00-\ud7a3"  # Hangul syllables
    "\ud7b0-\ud7c6\ud7cb-\ud7fb"  # Hangul Jamo extended B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9d\uffa1-\uffdc"  # half-width Katakana and Hangul (NFKC folds most of them)
    "\U0001b000-\U0001b16f"  # Kana supplement and extensions
    "\U00020000-\U0003134f"  # CJK extensions B to G and compatibility supplement
)
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_CJK_ONE = re.compile(f"[{_CJK_CLASS}]")
# Whitespace, or a balanced double-quoted phrase, separates query terms.
_QUERY_TERM = re.compile(r'"([^"]*)"|(\S+)')
# Control characters (NUL above all) would cut an FTS5 expression short; they become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# A pasted paragraph is a fine query, a pasted book is not: later words are ignored.
MAX_TERMS = 64

# Very common English words. They are dropped from an AND query that has other words: they filter
# almost nothing, and bm25 over a term found in most rows costs up to a second at 1 M chunks.
# fmt: off
STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i",
    "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were",
    "will", "with",
))
# fmt: on


def is_cjk_char(ch: str) -> bool:
    """True for a Hangul, Han or Kana character (one that is indexed as bigrams)."""
    return _CJK_ONE.fullmatch(ch) is not None


def is_token_char(ch: str) -> bool:
    """True for a character that the FTS5 tokenizer keeps in a token (letters, digits, marks)."""
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def clean_text(text: str) -> str:
    """Text SQLite can store: lone surrogates (from broken decoders) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _run_to_bigrams(match: re.Match[str]) -> str:
    return " " + " ".join(_bigrams(match.group())) + " "


def to_index_text(text: str) -> str:
    """The text given to FTS5 for ``text``: NFKC, with every CJK run rewritten as bigrams."""
    if text.isascii():
        return text  # already NFKC, and no CJK: the scan for CJK runs was most of the time
    text = unicodedata.normalize("NFKC", clean_text(text))
    return _CJK_RUN.sub(_run_to_bigrams, text)


@dataclass(frozen=True)
class QueryTerm:
    """One term of a user query: a word or a quoted phrase, as FTS5 and the snippets need it."""

    text: str  # the term as typed, NFKC-normalised (without the quotes of a phrase)
    fts: str  # the FTS5 phrase for it, always a quoted string, maybe with a trailing *
    pieces: tuple[tuple[str, bool], ...]  # (piece, is_cjk): words and CJK runs, for highlighting
    quoted: bool = False
    prefix: bool = False


def _term(text: str, *, quoted: bool, prefix_last: bool) -> QueryTerm | None:
    phrase: list[str] = []
    pieces: list[tuple[str, bool]] = []
    last_is_cjk_unigram = False
    pos = 0
    for match in _CJK_RUN.finditer(text):
        other = text[pos : match.start()]
        if other.strip():
            phrase.append(other.strip())
        pieces.extend((w, False) for w in words(other))
        run = match.group()
        phrase.extend(_bigrams(run))
        pieces.append((run, True))
        pos = match.end()
        last_is_cjk_unigram = len(run) == 1
    rest = text[pos:]
    if rest.strip():
        phrase.append(rest.strip())
        last_is_cjk_unigram = last_is_cjk_unigram and not any(map(is_token_char, rest))
    pieces.extend((w, False) for w in words(rest))
    if not pieces:
        return None  # nothing FTS5 would index, e.g. "-" or "()"
    # A lone CJK character is indexed only inside bigrams, so it is searched as a prefix: "비"
    # then finds "비가". The last Latin word may be a prefix too (search-as-you-type).
    last_word = pieces[-1][0]
    prefix = last_is_cjk_unigram or (
        prefix_last
        and not quoted
        and not pieces[-1][1]
        and len(last_word) >= 3
        and last_word.casefold() not in STOPWORDS
    )
    body = " ".join(phrase).replace('"', '""')
    fts = f'"{body}"' + ("*" if prefix else "")
    return QueryTerm(text=text, fts=fts, pieces=tuple(pieces), quoted=quoted, prefix=prefix)


def words(text: str) -> list[str]:
    """The tokens unicode61 would make of non-CJK ``text`` (runs of token characters)."""
    found: list[str] = []
    current: list[str] = []
    for ch in text:
        if is_token_char(ch):
            current.append(ch)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def parse_query(user_query: str, *, prefix_last: bool = False) -> list[QueryTerm]:
    """Split what a user typed into searchable terms; never fails, whatever the input."""
    query = unicodedata.normalize("NFKC", _CONTROL.sub(" ", clean_text(user_query)))
    raw: list[tuple[str, bool]] = []
    for match in _QUERY_TERM.finditer(query):
        if match.group(1) is not None:
            raw.append((match.group(1), True))
        else:
            raw.append((match.group(2), False))
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    for index, (text, quoted) in enumerate(raw[:MAX_TERMS]):
        last = index == min(len(raw), MAX_TERMS) - 1
        term = _term(text, quoted=quoted, prefix_last=prefix_last and last)
        if term is not None and term.fts.casefold() not in seen:
            seen.add(term.fts.casefold())
            terms.append(term)

    def is_stopword(term: QueryTerm) -> bool:
        return not term.quoted and term.text.casefold() in STOPWORDS

    if any(not is_stopword(t) for t in terms):
        terms = [t for t in terms if not is_stopword(t)]
    return terms


def to_fts_query(user_query: str, *, any_term: bool = False, prefix_last: bool = False) -> str:
    """A safe FTS5 MATCH expression for ``user_query`` ("" when it has nothing to search).

    Every term is a quoted FTS5 string, so no user text is ever read as FTS5 syntax (quotes,
    ``*``, ``-``, ``NEAR``, parentheses, AND/OR/NOT). Terms are ANDed, or ORed with ``any_term``.
    """
    terms = parse_query(user_query, prefix_last=prefix_last)
    return (" OR " if any_term else " AND ").join(t.fts for t in terms)
