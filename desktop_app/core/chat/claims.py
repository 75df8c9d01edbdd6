"""Every claim checked: each sentence of an answer scored against the passage(s) it cites.

A sentence that cites ``[n]`` is scored against source n's passage: by the reranking NIM when one
is configured (the sentence as the query, the passages as passages; the best logit), else by the
embedding NIM (cosine of the sentence's vector to the passage's stored vector). At or above the
threshold it is supported; below it is not. A sentence without a citation is marked as such
(``supported`` None), and one whose only citations point to no source is unsupported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop_app.core.chat.sources import Source
from desktop_app.core.errors import TroveError

__all__ = [
    "CLAIM_REASONS",
    "CheckClaims",
    "Claim",
    "ClaimScorer",
    "check_claims",
    "claim_similarity_floor",
    "split_claims",
]

log = logging.getLogger(__name__)

# Why a sentence got its mark (stable names, for scripts and the app's wording).
CLAIM_REASONS = (
    "supported",  # its passage scores at or above the threshold
    "below_threshold",  # its passage scores below the threshold
    "no_citation",  # it cites nothing
    "broken_citation",  # it cites only numbers that are not sources
    "not_checked",  # the check could not run (the NIM is down, no vectors yet)
)

# Measured on the labelled claim set (benchmarks/claims_labelled.json, bench_claims.py).
MEASURED_CLAIM_FLOORS: dict[str, float] = {
    "sentence-transformers/all-minilm-l6-v2": 0.55,
    "intfloat/multilingual-e5-small": 0.85,
}
FALLBACK_CLAIM_FLOOR = 0.5

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


def check_claims(answer: str, sources: Sequence[Source], scorer: ClaimScorer | None) -> list[Claim]:
    """Every sentence of ``answer`` marked: supported, below the threshold, uncited, or broken."""
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
    for (index, _, cited), score in zip(pending, scores, strict=True):
        old = claims[index]
        ok = score >= scorer.threshold
        claims[index] = Claim(
            old.text,
            old.sources,
            ok,
            float(score),
            "supported" if ok else "below_threshold",
            [s.number for s in cited],
            scorer.by,
            scorer.threshold,
        )
    return claims


def claim_similarity_floor(setting: float | None, model: str) -> float:
    """The cosine a cited sentence needs to its passage: the setting, else measured, else 0.5."""
    if setting is not None:
        return float(setting)
    return MEASURED_CLAIM_FLOORS.get(model.strip().lower(), FALLBACK_CLAIM_FLOOR)
