"""Mapping an answer's ``[n]`` markers to its sources.

Markers that point to no source are removed from the text (a model may invent them); sources the
answer cites are listed as its citations, the others apart as "also retrieved".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.core.chat.sources import Source

__all__ = ["Cited", "map_citations"]

# "[1]", "[1, 2]", "[1,2,3]"; a preceding space goes with a marker that is dropped.
_MARKER_RE = re.compile(r"( ?)\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


@dataclass(frozen=True)
class Cited:
    """The answer with bad markers removed, the sources it cites, and the rest."""

    answer: str
    cited: list[Source] = field(default_factory=list)
    also_retrieved: list[Source] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # marker numbers that matched no source


def map_citations(answer: str, sources: Sequence[Source]) -> Cited:
    """Check every ``[n]`` in ``answer`` against ``sources`` (numbered as in the prompt)."""
    by_number = {s.number: s for s in sources}
    used: list[int] = []
    dropped: list[int] = []

    def fix(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(2))]
        good = [n for n in numbers if n in by_number]
        dropped.extend(n for n in numbers if n not in by_number)
        for n in good:
            if n not in used:
                used.append(n)
        if not good:
            return ""
        if len(good) == len(numbers):
            return match.group(0)
        return f"{match.group(1)}[{', '.join(str(n) for n in good)}]"

    text = _MARKER_RE.sub(fix, answer)
    cited = [by_number[n] for n in sorted(used)]
    rest = [s for s in sources if s.number not in used]
    return Cited(text, cited, rest, dropped)
