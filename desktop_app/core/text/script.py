"""Which writing system a text is mostly in: a cheap stand-in for its language.

Multilingual embedding models place texts of one script closer to each other than to texts of
another on the same topic: a Korean question's nearest passages are Korean passages on nearby
topics, not the English page that answers it (docs/benchmarks-retrieval.md). Search therefore
gathers candidates per script, and every chunk carries the script it is written in.

Counting letters per Unicode block is enough to tell Korean from English, Japanese or Russian,
and costs microseconds per chunk. Hangul syllables, Han and kana count three times: one of them
carries about as much as three Latin letters, so a Korean passage full of English commands stays
Korean. Han with kana is Japanese (``kana``); Han alone is Chinese (``han``).
"""

from __future__ import annotations

import re

__all__ = ["LANGUAGES", "SAMPLE_CHARS", "SCRIPTS", "dominant_script"]

# Enough text to tell the script of a chunk; a chunk is rarely much longer.
SAMPLE_CHARS = 1000

_RUNS = {
    "hangul": re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+"),
    "han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]+"),
    "kana": re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]+"),
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]+"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]+"),
    "greek": re.compile(r"[\u0370-\u03ff]+"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]+"),
    "hebrew": re.compile(r"[\u0590-\u05ff]+"),
    "devanagari": re.compile(r"[\u0900-\u097f]+"),
    "thai": re.compile(r"[\u0e00-\u0e7f]+"),
}
_WEIGHT = {"hangul": 3.0, "han": 3.0, "kana": 3.0}
_ASCII_LETTER = re.compile(r"[A-Za-z]")
SCRIPTS = tuple(_RUNS)
# Language code -> (its English name, the script it is written in), for query translation.
LANGUAGES = {
    "en": ("English", "latin"),
    "ko": ("Korean", "hangul"),
    "ja": ("Japanese", "kana"),
    "zh": ("Chinese", "han"),
    "ru": ("Russian", "cyrillic"),
    "de": ("German", "latin"),
    "fr": ("French", "latin"),
    "es": ("Spanish", "latin"),
}


def dominant_script(text: str) -> str:
    """The script most of ``text``'s letters are in (one of SCRIPTS), or "" when it has none."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():  # most text, at a fraction of the cost
        return "latin" if _ASCII_LETTER.search(sample) else ""
    counts = {
        name: sum(map(len, run.findall(sample))) * _WEIGHT.get(name, 1.0)
        for name, run in _RUNS.items()
    }
    if counts["kana"]:  # Japanese writes Han and kana together
        counts["kana"] += counts.pop("han")
    best = max(counts, key=lambda name: counts[name])
    return best if counts[best] > 0 else ""
