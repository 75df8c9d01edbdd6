"""Which language a scan is probably in, from what is known without reading it, and whether an
engine reads it.

A page image says nothing about its language before it is read, and a local engine that cannot
read Korean returns noise, not a refusal. What the file shows elsewhere does tell: its name
("계약서.pdf") and its text layer (a mixed PDF's typed pages). A script found there that the
engine lacks is reported, with the way out: the OCR NIM (nemotron-ocr-v2 reads Korean, Chinese,
Japanese, Russian and English) or the Tesseract language pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "LANGUAGE_NAMES",
    "UNKNOWN_LANGUAGE",
    "garbled_share",
    "language_code",
    "likely_languages",
    "unreadable_language",
]

# Said of a file a local engine read as noise (or with low confidence) and no other clue to
# its language.
UNKNOWN_LANGUAGE = "unknown"

# Tesseract code -> the name said to the user.
LANGUAGE_NAMES = {
    "kor": "Korean",
    "jpn": "Japanese",
    "chi_sim": "Chinese",
    "rus": "Russian",
    "eng": "English",
}
# Unicode blocks of each script (the ones the OCR NIM reads beyond Latin).
_SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("kor", ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("jpn", ((0x3040, 0x309F), (0x30A0, 0x30FF))),
    ("rus", ((0x0400, 0x04FF),)),
    ("chi_sim", ((0x4E00, 0x9FFF),)),
)


def language_code(name: str) -> str | None:
    """The Tesseract code of a language name said to the user ("Korean" -> "kor")."""
    return next((code for code, said in LANGUAGE_NAMES.items() if said == name), None)


def likely_languages(texts: Iterable[str]) -> list[str]:
    """Tesseract codes of the non-Latin scripts in ``texts``, most frequent first. Han in a
    text that also has kana is Japanese, in one with Hangul Korean (hanja)."""
    counts: dict[str, int] = {}
    for text in texts:
        for ch in text:
            code = ord(ch)
            for lang, blocks in _SCRIPTS:
                if any(lo <= code <= hi for lo, hi in blocks):
                    counts[lang] = counts.get(lang, 0) + 1
                    break
    if "chi_sim" in counts and ("jpn" in counts or "kor" in counts):
        del counts["chi_sim"]
    return sorted(counts, key=lambda lang: -counts[lang])


def unreadable_language(texts: Iterable[str], reads: frozenset[str] | None) -> str | None:
    """The name of a language the file seems to be in that an engine reading ``reads`` (None:
    all) cannot read, or None."""
    if reads is None:
        return None
    for lang in likely_languages(texts):
        if lang not in reads:
            return LANGUAGE_NAMES.get(lang, lang)
    return None


_TOKEN = re.compile(r"\S+")
_EDGES = "\"'.,;:!?()[]«»“”‘’-–—*·"
_LATIN = re.compile(r"[A-Za-z]")
_VOWEL = re.compile(r"[AEIOUYaeiouyÀ-ÿ]")
_ODD = re.compile(r"[|{}\[\]\\/<>=~^_@#$%&+「」『』]")
# A letter (any script) with a digit after it: "71SSol" and "AA7" (Latin read off Hangul),
# "나66056" (Hangul read off English). A number before its word is fine: "3도", "80mm", "2nd".
_LETTER_THEN_DIGIT = re.compile(r"[^\W\d_][^\s]*\d")


def _garbled(token: str) -> bool:
    """Whether a token with letters reads as no word: letters run into digits or symbols, and in
    Latin script a run of capitals ("HZS") or a word without a vowel. What an engine makes of a
    script it does not know looks like that."""
    word = token.strip(_EDGES)
    if _ODD.search(word) or _LETTER_THEN_DIGIT.search(word):
        return True
    letters = "".join(ch for ch in word if ch.isascii() and ch.isalpha())
    if len(letters) >= 3 and letters.isupper():
        return True
    return (
        len(letters) >= 2
        and len(letters) == sum(ch.isalpha() for ch in word)
        and not (_VOWEL.search(letters))
    )


def garbled_share(text: str) -> float | None:
    """The share of the tokens with letters in recognised text that read as no word (None: too
    few to tell). Text an engine knows the script of stays under ~0.1; English read by a
    Korean-only engine, or Korean by a Latin-only one, is ~0.6 (docs/benchmarks-ocr.md)."""
    tokens = [t for t in _TOKEN.findall(text) if any(ch.isalpha() for ch in t)]
    if len(tokens) < 12:
        return None
    return sum(_garbled(t) for t in tokens) / len(tokens)
