"""Two checks of a cited sentence that an embedding cannot make: does the passage say the
opposite, and are the sentence's numbers and names in it.

A one-word change keeps a sentence on the passage's subject and keeps most of its words, so
neither the cosine nor the share of words tells "the module is not thread-safe" from "the module
is thread-safe", or "59100 packages" from "29100 packages" (docs/benchmarks-answers.md). Both
checks are plain text rules, in English and Korean:

- **opposite**: the passage's clause closest to the sentence (most shared words) is negated
  and the sentence is not, or the reverse (English not/no/never/without/n't...; Korean
  않다/없다/못/안/아니다);
- **details**: numbers (digits, English number words, Korean native numbers before a counter),
  versions and names (code-like words, capitalised words inside an English sentence, Latin
  words inside a Korean one) of the sentence that the passage, its file's path included, lacks.
  A sentence's pointer to where the source says it ("(lines 1-2)", "on p. 3", "3쪽") is not a
  detail: models echo the sources' labels, and a sub-range of "lines 1-20" is not in the text.
"""

from __future__ import annotations

import re
import unicodedata

from desktop_app.core.text import fts

__all__ = ["missing_details", "opposite_clause"]

# "None" capitalised is Python's null in the signatures passages quote, not a negation.
_NEGATION_EN = re.compile(
    r"\b(?:[Nn]ot|[Nn]o|[Nn]ever|[Cc]annot|[Ww]ithout|none|[Nn]either|[Nn]or|[Nn]othing"
    r"|[Nn]obody|[Nn]owhere|NOT|NO)\b|n't\b|n’t\b"
)
# Korean: 않다 (-지 않다), 없다 (-ㄹ 수 없다, 없이), 못 (but not 잘못, "wrongly"), 안 as a word
# (안 되다), 아니다. A syllable search: Korean negation is inflected, not a separate word.
_NEGATION_KO = re.compile(r"않|없|(?<!잘)못|(?<![가-힣])안(?![가-힣])|아니|아닌|아님")
# A negation reaches as far as its clause ("returns the smallest item, not the largest") or its
# sentence ("returns a list of lines, without final newlines"): both are compared.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n+")
_CLAUSE_SPLIT = re.compile(r"[:;•,，、()]+|\s+(?:but|whereas|although|while)\s+", re.IGNORECASE)
# The closest clause must share this much of the sentence's words (and two at least) before
# its polarity says anything: a clause on another detail is no evidence either way.
_MIN_ALIGNED = 0.5
# Clauses sharing nearly as many words as the closest one count too; if their polarities
# disagree ("... 영향을 미치지 않고, 인쇄와 관계된 항목이므로 무시하셔도 됩니다"), nothing
# is decided.
_NEAR_BEST = 0.6

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_NUMBER_WORDS_EN = {
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "twice": "2",
    "thrice": "3",
}
_NUMBER_WORDS_EN_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS_EN) + r")\b", re.IGNORECASE)
_NUMBER_WORDS_KO = {
    "한": "1",
    "두": "2",
    "세": "3",
    "네": "4",
    "다섯": "5",
    "여섯": "6",
    "일곱": "7",
    "여덟": "8",
    "아홉": "9",
    "열": "10",
}
_COUNTERS_KO = "가지|개|번|명|대|권|장|줄|살|달|시간|주|해|단계|종류"
_NUMBER_WORDS_KO_RE = re.compile(
    r"(?<![가-힣])(" + "|".join(_NUMBER_WORDS_KO) + r")\s?(?=(?:" + _COUNTERS_KO + r"))"
)
_HANGUL = re.compile(r"[가-힣]")
# Where in a file, as the sources are labelled (ingest/document.py: "p. 3", "slide 2",
# "rows 2-40", "lines 10-42") and as answers say it ("page 3", "3쪽", "2번째 슬라이드"); a
# number before "lines" or "줄" is a count ("10 lines long"), still checked.
_RANGE = r"\d+(?:\s*[-–~]\s*\d+)?"
_PLACE_REF = re.compile(
    rf"\b(?:pp?\.|pages?|slides?|rows?|lines?)\s*{_RANGE}"
    rf"|{_RANGE}\s*(?:쪽|페이지|번째\s*(?:슬라이드|줄|행))(?![가-힣])",
    re.IGNORECASE,
)
# A word as written: letters, digits and the joiners of code names (pg_dump, gbr.txt, uuid4()).
_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/+]*(?:\(\))?")
_ASCII_WORD = "A-Za-z0-9_"


def _negated(text: str) -> bool:
    return bool(_NEGATION_EN.search(text) or _NEGATION_KO.search(text))


def _content_terms(text: str) -> set[str]:
    words = [w.casefold() for w in fts.words(fts.to_index_text(text))]
    return {
        w
        for w in words
        if w not in fts.STOPWORDS and not _NEGATION_EN.fullmatch(w) and not _NEGATION_KO.search(w)
    }


def _units(text: str) -> list[str]:
    """The sentences of ``text`` and the clauses of each (a clause alone only when it differs)."""
    out: list[str] = []
    for sentence in _SENTENCE_SPLIT.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        out.append(sentence)
        clauses = [c.strip() for c in _CLAUSE_SPLIT.split(sentence) if c and c.strip()]
        if len(clauses) > 1:
            out += clauses
    return out


def opposite_clause(sentence: str, passage: str) -> str | None:
    """The passage's sentence or clause that says the opposite of ``sentence``, or None.

    Each sentence and clause of ``sentence`` (two words or more) is matched with the passage's
    sentences and clauses that share most of its words (at least half, and two); when all of
    those have the other polarity, that is the opposite. A tie between both polarities (a
    clause negated, its sentence not) decides nothing.
    """
    units = [(u, _content_terms(u), _negated(u)) for u in _units(passage)]
    for part in _units(sentence):
        wanted = _content_terms(part)
        if len(wanted) < 2:
            continue
        shared = [
            (len(wanted & _stemmed(have, wanted)), unit, negated) for unit, have, negated in units
        ]
        best_shared = max((n for n, _, _ in shared), default=0)
        if best_shared < 2 or best_shared < _MIN_ALIGNED * len(wanted):
            continue
        near = [(u, negated) for n, u, negated in shared if n >= _NEAR_BEST * best_shared]
        polarities = {negated for _, negated in near}
        if len(polarities) == 1 and polarities.pop() != _negated(part):
            best = [u for n, u, _ in shared if n == best_shared]
            return min(best, key=len)
    return None


def _stemmed(have: set[str], wanted: set[str]) -> set[str]:
    """``have`` plus the wanted words it has in another form (a word's first five letters)."""
    stems = {w[:5] for w in have if len(w) > 5}
    return have | {w for w in wanted if len(w) > 5 and w[:5] in stems}


def _numbers(text: str) -> list[str]:
    text = _THOUSANDS.sub("", text)
    found = [_plain_number(n) for n in _NUMBER.findall(text)]
    found += [_NUMBER_WORDS_EN[w.lower()] for w in _NUMBER_WORDS_EN_RE.findall(text)]
    found += [_NUMBER_WORDS_KO[w] for w in _NUMBER_WORDS_KO_RE.findall(text)]
    return found


def _plain_number(number: str) -> str:
    number = number.strip(".,")
    if "." in number and set(number.split(".", 1)[1]) <= {"0"}:
        return number.split(".", 1)[0]  # 100.00 is 100
    return number


def _names(sentence: str) -> list[str]:
    korean = bool(_HANGUL.search(sentence))
    out = []
    for n, match in enumerate(_TOKEN.finditer(sentence)):
        token = re.sub(r"['’]s$", "", match.group().rstrip(".-/+"))
        bare = token.removesuffix("()")
        if not bare or bare.replace(".", "").replace(",", "").isdigit():
            continue  # a number: checked as one
        code_like = bool(re.search(r"[_()/]|\w\.\w", token)) or (
            any(c.isdigit() for c in bare) and any(c.isalpha() for c in bare)
        )
        capitalised = len(bare) > 1 and (
            any(c.isupper() for c in bare[1:]) or (bare[0].isupper() and n > 0)
        )
        at_start = match.start() == 0 or sentence[: match.start()].strip() in ("", '"', "“")
        if code_like or (korean and bare.isascii()) or (capitalised and not at_start):
            out.append(bare)
    return out


def missing_details(sentence: str, passage: str) -> list[str]:
    """The sentence's numbers, versions and names that ``passage`` (with its file's path) lacks,
    in the sentence's order."""
    sentence = _PLACE_REF.sub(" ", unicodedata.normalize("NFKC", sentence))
    passage = unicodedata.normalize("NFKC", passage)
    have_numbers = set(_numbers(passage))
    missing = [n for n in _numbers(sentence) if n not in have_numbers]
    lowered = passage.casefold()
    for name in _names(sentence):
        pattern = rf"(?<![{_ASCII_WORD}]){re.escape(name.casefold())}(?![{_ASCII_WORD}])"
        said = any(n in _numbers(name) for n in missing)  # "16-bit" when 16 is named already
        if not said and not re.search(pattern, lowered):
            missing.append(name)
    return list(dict.fromkeys(missing))
