"""Mapping an answer's ``[n]`` markers to its sources.

A marker that points to no source (a model may invent one) stays in the text and is reported as
broken, so the screen, the terminal and the export can show it as such rather than hide it.
Sources the answer cites are its citations; the others are listed apart as "also retrieved".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.core.chat.sources import Source

__all__ = ["Cited", "map_citations"]

# "[1]", "[1, 2]", "[1,2,3]"
_MARKER_RE = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


@dataclass(frozen=True)
class Cited:
    """The answer, the sources it cites, the rest, and the cited numbers that are no source."""

    answer: str
    cited: list[Source] = field(default_factory=list)
    also_retrieved: list[Source] = field(default_factory=list)
    broken: list[int] = field(default_factory=list)  # distinct, in order of first use


def map_citations(answer: str, sources: Sequence[Source]) -> Cited:
    """Check every ``[n]`` in ``answer`` against ``sources`` (numbered as in the prompt)."""
    by_number = {s.number: s for s in sources}
    used: list[int] = []
    broken: list[int] = []
    for match in _MARKER_RE.finditer(answer):
        for n in (int(x) for x in re.findall(r"\d+", match.group(1))):
            target = used if n in by_number else broken
            if n not in target:
                target.append(n)
    cited = [by_number[n] for n in sorted(used)]
    rest = [s for s in sources if s.number not in used]
    return Cited(answer, cited, rest, broken)
