"""Lexical features shared by the fake embedder and the fake reranker: words, and CJK bigrams."""

from __future__ import annotations

import re

__all__ = ["content_features", "features"]

# Hangul (jamo, compatibility jamo, syllables), Hiragana, Katakana and the CJK ideograph blocks.
# These scripts do not separate words by spaces (or glue particles onto words, as Korean does), so
# overlapping character bigrams stand in for words: "서울에서" and "서울은" share "서울".
_CJK = (
    "\u1100-\u11ff\u3040-\u309f\u30a0-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
_RUN_RE = re.compile(rf"([{_CJK}]+)|((?:(?![{_CJK}])\w)+)")


def features(text: str) -> list[str]:
    """Return the lexical features of `text` in order: lowercased word runs, CJK runs as bigrams."""
    out: list[str] = []
    for match in _RUN_RE.finditer(text.lower()):
        cjk, word = match.group(1), match.group(2)
        if word:
            out.append(word)
        elif len(cjk) == 1:
            out.append(cjk)
        else:
            out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
    return out


# Words nearly every English question and passage has: the demo's vectors leave them out, so that
# "When do backups run?" lands on the backup policy, not on any text with "when" and "do".
# fmt: off
_FUNCTION_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from",
    "has", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or",
    "should", "that", "the", "their", "there", "this", "to", "was", "we", "were", "what",
    "when", "where", "which", "who", "why", "will", "with", "you", "your",
))
# fmt: on


def content_features(text: str) -> list[str]:
    """``features`` without English function words, plurals made singular ("backups": "backup")."""
    out = []
    for feature in features(text):
        if feature in _FUNCTION_WORDS:
            continue
        if len(feature) > 3 and feature.endswith("s") and not feature.endswith("ss"):
            feature = feature[:-1]
        out.append(feature)
    return out
