"""Every claim checked: each sentence of an answer scored against the passage(s) it cites.

A sentence that cites ``[n]`` is scored against source n's passage: by the reranking NIM when one
is configured (the sentence as the query, the passages as passages; the best logit), else by the
embedding NIM (cosine of the sentence's vector to the passage's stored vector). That score tells
a passage on another subject (a mixed-up source number); it barely tells a wrong detail on the
right subject (docs/benchmarks-answers.md). So the sentence's text is checked too: a cited
sentence is supported when its score reaches the threshold, the passage does not say the
opposite, has its numbers, versions and names (``claim_details``), and has at least
``min_coverage`` of its words. A sentence without a citation is marked as such (``supported``
None), and one whose only citations point to no source is unsupported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop_app.core.chat.background import Background
from desktop_app.core.chat.claim_details import missing_details, opposite_clause
from desktop_app.core.chat.sources import Source
from desktop_app.core.errors import TroveError
from desktop_app.core.text import fts

__all__ = [
    "CLAIM_REASONS",
    "CheckClaims",
    "Claim",
    "ClaimScorer",
    "check_claims",
    "claim_similarity_floor",
    "coverage",
    "coverage_of",
    "split_claims",
]

log = logging.getLogger(__name__)

# Why a sentence got its mark (stable names, for scripts and the app's wording).
CLAIM_REASONS = (
    "supported",  # its passage scores at or above the threshold and has its words
    "below_threshold",  # its passage scores below the threshold (another subject)
    "opposite",  # its passage says the opposite (``quote`` is the passage's clause)
    "detail_missing",  # a number, version or name of it is not in its passage (``missing``)
    "words_missing",  # its passage lacks too many of its words (``missing`` names some)
    "no_citation",  # it cites nothing
    "broken_citation",  # it cites only numbers that are not sources
    "not_checked",  # the check could not run (the NIM is down, no vectors yet)
)

# Measured on the labelled claim set (benchmarks/claims_labelled.json, bench_claims.py), tuning
# split: the cosine a cited sentence needs, as a share of the way from its space's background
# (``background.py``) to a perfect match: a net for a passage on another subject, not a judge of
# details; and the share of its words its passages must have.
CLAIM_FLOOR_ABOVE_BACKGROUND = 0.12
FALLBACK_CLAIM_FLOOR = 0.1  # no background yet: only a passage on another subject
DEFAULT_MIN_COVERAGE = 0.6
_MISSING_SHOWN = 5

_MARKER_RE = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
# A sentence ends at . ! ? 。 (and the citation markers right after it) before a space or the end.
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])((?:\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\])*)(?=\s|$)")
_CODE_FENCE = re.compile(r"^(```|~~~)")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_WORDISH = re.compile(r"\w", re.UNICODE)
_MIN_CLAIM_CHARS = 12  # "Yes [1]." says too little to check; headings and labels neither


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer and how well its cited passages support it."""

    text: str  # as written in the answer, markers included
    sources: list[int] = field(default_factory=list)  # the numbers it cites
    supported: bool | None = None  # None: it cites nothing, or it could not be checked
    score: float | None = None
    reason: str = "no_citation"
    checked: list[int] = field(default_factory=list)  # the sources it was scored against
    by: str | None = None  # "rerank" or "similarity"
    threshold: float | None = None
    coverage: float | None = None  # share of its words the cited passages have
    missing: list[str] = field(default_factory=list)  # some of the words (or details) they lack
    quote: str | None = None  # the passage's clause that says the opposite

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``trove ask --json``'s ``claims``, stored with the answer)."""
        return {
            "text": self.text,
            "sources": list(self.sources),
            "supported": self.supported,
            "score": None if self.score is None else round(self.score, 4),
            "reason": self.reason,
            "checked": list(self.checked),
            "by": self.by,
            "threshold": self.threshold,
            "coverage": None if self.coverage is None else round(self.coverage, 3),
            "missing": list(self.missing),
            "quote": self.quote,
        }


def _sentences(line: str) -> list[str]:
    out: list[str] = []
    last = 0
    for match in _SENTENCE_END.finditer(line):
        out.append(line[last : match.end()])
        last = match.end()
    out.append(line[last:])
    return [s.strip() for s in out if s.strip()]


def split_claims(answer: str) -> list[tuple[str, list[int]]]:
    """The answer's sentences with the numbers each cites, in order; code blocks, headings and
    sentences too short to say anything are left out."""
    out: list[tuple[str, list[int]]] = []
    in_code = False
    for raw in answer.splitlines():
        line = raw.strip()
        if _CODE_FENCE.match(line):
            in_code = not in_code
            continue
        if in_code or not line or line.startswith(("#", "|", ">")):
            continue
        line = _LIST_MARK.sub("", line)
        for sentence in _sentences(line):
            bare = _MARKER_RE.sub("", sentence)
            if len(_WORDISH.findall(bare)) < _MIN_CLAIM_CHARS // 2 or len(bare) < _MIN_CLAIM_CHARS:
                continue
            numbers: list[int] = []
            for group in _MARKER_RE.findall(sentence):
                numbers += [int(n) for n in re.findall(r"\d+", group) if int(n) not in numbers]
            out.append((sentence, numbers))
    return out


def claim_text(sentence: str) -> str:
    """The sentence as scored: without its citation markers."""
    flat = " ".join(_MARKER_RE.sub("", sentence).split())
    return re.sub(r"\s+([.!?。,;:！？])", r"\1", flat)


class ClaimScorer(Protocol):
    """Scores sentences against passages: the best score per sentence."""

    by: str
    threshold: float

    def score(self, pairs: Sequence[tuple[str, Sequence[Source]]]) -> list[float]:
        """For each (sentence, its cited sources), the best score of the sentence against them."""
        ...


CheckClaims = Callable[[str, Sequence[Source]], list[Claim]]


def check_claims(
    answer: str,
    sources: Sequence[Source],
    scorer: ClaimScorer | None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> list[Claim]:
    """Every sentence of ``answer`` marked: supported, below the threshold, missing words,
    uncited, or broken."""
    by_number = {s.number: s for s in sources}
    claims: list[Claim] = []
    pending: list[tuple[int, str, list[Source]]] = []
    for sentence, numbers in split_claims(answer):
        if not numbers:
            claims.append(Claim(sentence))
            continue
        cited = [by_number[n] for n in numbers if n in by_number]
        if not cited:
            claims.append(Claim(sentence, numbers, False, None, "broken_citation"))
            continue
        claims.append(Claim(sentence, numbers, None, None, "not_checked"))
        pending.append((len(claims) - 1, claim_text(sentence), cited))
    if not pending or scorer is None:
        return claims
    try:
        scores = scorer.score([(text, cited) for _, text, cited in pending])
    except TroveError as exc:
        log.info("claim check skipped: %s", exc)
        return claims
    for (index, text, cited), score in zip(pending, scores, strict=True):
        old = claims[index]
        passage = "\n".join(s.text for s in cited)
        share, missing = coverage_of(text, passage)
        quote = None
        details = missing_details(text, "\n".join([passage, *(s.path for s in cited)]))
        if score < scorer.threshold:
            reason = "below_threshold"
        elif (quote := opposite_clause(text, passage)) is not None:
            reason = "opposite"
        elif details:
            reason, missing = "detail_missing", details
        elif share < min_coverage:
            reason = "words_missing"
        else:
            reason = "supported"
        claims[index] = Claim(
            old.text,
            old.sources,
            reason == "supported",
            float(score),
            reason,
            [s.number for s in cited],
            scorer.by,
            scorer.threshold,
            share,
            missing[:_MISSING_SHOWN],
            _short(quote),
        )
    return claims


def _short(quote: str | None, limit: int = 200) -> str | None:
    if quote is None:
        return None
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_STEM = 5  # "returns" finds "return", "sorted" finds "sorting": a word's first letters


def _terms(text: str) -> list[str]:
    words = [w.casefold() for w in fts.words(fts.to_index_text(text))]
    return [w for w in words if w not in fts.STOPWORDS]


def coverage_of(sentence: str, passage: str) -> tuple[float, list[str]]:
    """The share of the sentence's words (CJK: bigrams) that the passage has too, and the
    words it lacks (in the sentence's order).

    A cited sentence whose words the passage lacks ("largest" against a passage about the
    smallest) says something the passage does not; an embedding sees the same topic and misses it.
    """
    wanted = list(dict.fromkeys(_terms(claim_text(sentence))))
    if not wanted:
        return 1.0, []
    have = set(_terms(passage))
    stems = {w[:_STEM] for w in have if len(w) > _STEM}
    missing = [w for w in wanted if w not in have and not (len(w) > _STEM and w[:_STEM] in stems)]
    return 1 - len(missing) / len(wanted), missing


def coverage(sentence: str, passage: str) -> float:
    """The share of the sentence's words that the passage has too (see ``coverage_of``)."""
    return coverage_of(sentence, passage)[0]


def claim_similarity_floor(setting: float | None, background: Background | None) -> float:
    """The cosine a cited sentence needs to its passage: the setting, else placed above the
    space's background, else the fallback."""
    if setting is not None:
        return float(setting)
    if background is None:
        return FALLBACK_CLAIM_FLOOR
    return round(background.floor(CLAIM_FLOOR_ABOVE_BACKGROUND), 4)
