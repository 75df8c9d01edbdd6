"""Which legacy encoding a text file that is not UTF-8 uses.

charset_normalizer is statistical: on a long Korean, Russian or Japanese text it is right, but on
a Western text with a few accented letters many single-byte code pages score the same, and its pick
among them is arbitrary ("crème brûlée" came out as "crčme brűlée" in ISO-8859-2, or in a Farsi
code page). So when a Western (or Central European) code page scores about as well as its pick,
and the text read that way looks like a language that code page is for, that code page wins.
"Looks like": only accented letters one language of the family has together (Czech read as 1252
mixes "ý" with "ì", no Western language does), letters rather than symbols inside words, no long
runs of accented letters (Cyrillic or Hangul read as 1252 are nothing else).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["guess_legacy_encoding"]

# Detectors name the strict legacy standard; the vendor supersets decode the same bytes plus the
# characters real files use anyway (CP949 Hangul outside EUC-KR, GB18030, Windows quotes).
_SUPERSETS = {"euc_kr": "cp949", "gb2312": "gb18030", "gbk": "gb18030", "ascii": "utf-8"}

_UNSURE_MARGIN = 0.1  # chaos (0..1, lower is better) within which the detector cannot tell
_MARKS = frozenset("€‚„…†‡‰‘’“”•–—™«»°±²³¹½¼¾¡¿§©®£¥¢·×÷µ\xa0")
_IN_WORD_MARKS = frozenset("’·")  # l’eau, Catalan l·l: other marks never sit inside a word
_SAMPLE = 64 * 1024  # bytes read letter by letter: enough to judge, fast on a 50 MB log
_MAX_RUN = 3  # accented letters in a row ("çã" in ação; Czech "říš" is the most one sees)


@dataclass(frozen=True)
class _Family:
    """Code pages for a group of languages, and each language's accented letters (lower case,
    with a few borrowed ones, like the é of a café in a German text)."""

    codecs: tuple[str, ...]  # the ones to try, the vendor superset first
    detector_names: frozenset[str]
    languages: tuple[frozenset[str], ...]
    # Letters that never end a word in these languages, though the code page's byte for them is a
    # common last letter elsewhere (Polish "jesteś", "być" read as 1252 end in "œ", "æ").
    never_last: frozenset[str] = frozenset()

    def letters(self) -> frozenset[str]:
        lower = frozenset().union(*self.languages)
        return frozenset(c for ch in lower for c in (ch, ch.upper()) if len(c) == 1)


def _family(codecs: str, names: str, *languages: str, never_last: str = "") -> _Family:
    return _Family(
        tuple(codecs.split()),
        frozenset(names.split()),
        tuple(frozenset(x) for x in languages),
        frozenset(never_last),
    )


_FAMILIES = (
    _family(
        "cp1252 latin-1",
        "cp1252 latin_1 iso8859_15",
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüßéà",  # German
        "áéíóúüñ",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "àçèéíïòóúü",  # Catalan
        "éëïóèáäöüê",  # Dutch
        "æøåäöéáðþíóúý",  # Danish, Norwegian, Swedish, Finnish, Icelandic
        "šžäöüõ",  # Finnish and Estonian loan words
        never_last="œæŒÆ",
    ),
    _family(
        "cp1250 iso8859_2",
        "cp1250 iso8859_2",
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "čćđšž",  # Slovenian, Croatian, Bosnian
        "ăâîşţ",  # Romanian
    ),
)


def guess_legacy_encoding(data: bytes) -> str | None:
    """The encoding of text that is not UTF-8 (None when nothing fits): the detector's pick,
    widened to its vendor superset, unless it was unsure and a Western or Central European code
    page reads the text as one of its languages."""
    from charset_normalizer import from_bytes  # imported late: only legacy files need it

    results = from_bytes(data)
    best = results.best()
    if best is None or best.encoding is None:
        return None
    close = {
        name
        for match in results
        if match.chaos <= best.chaos + _UNSURE_MARGIN
        for name in match.could_be_from_charset
    }
    for family in _FAMILIES:
        for codec in family.codecs:
            # The detector may list just one of the code pages that decode the bytes alike.
            unsure = bool(close & family.detector_names) or _decodes_alike(data, codec, best)
            if unsure and _reads_as(data, codec, family):
                return codec
    encoding = _SUPERSETS.get(best.encoding, best.encoding)
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return best.encoding
    return encoding


def _decodes_alike(data: bytes, codec: str, best: Any) -> bool:
    try:
        return data.decode(codec) == str(best)
    except UnicodeDecodeError:
        return False


def _reads_as(data: bytes, codec: str, family: _Family) -> bool:
    """Whether ``data`` decoded with ``codec`` looks like text in one of the family's languages."""
    try:
        text = data[:_SAMPLE].decode(codec)  # single-byte code pages: any cut is clean
    except UnicodeDecodeError:
        return False
    letters = family.letters()
    odd = seen = run = 0
    for i, ch in enumerate(text):
        if ch.isascii():
            run = 0
            continue
        seen += 1
        after_letter = i > 0 and text[i - 1].isalpha()
        before_letter = text[i + 1 : i + 2].isalpha()
        if ch in letters:
            run += 1
            odd += (
                run > _MAX_RUN
                or (ch.isupper() and after_letter and text[i - 1].islower())
                or (ch in family.never_last and not before_letter)
            )
        else:
            run = 0
            in_word = after_letter and before_letter and ch not in _IN_WORD_MARKS
            odd += ch not in _MARKS or in_word
    if odd > 0.05 * seen:
        return False
    used = {ch.lower() for ch in text if ch in letters}
    return any(used <= language for language in family.languages)
