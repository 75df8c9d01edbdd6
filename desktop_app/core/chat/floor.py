"""The floor under the answers: when no retrieved passage is relevant enough, no model is asked.

Relevance is the reranker's logit when a reranker ranked the passages, else the cosine similarity
of the question's vector to the passage's. Cosine scales differ per embedding model (e5 models
put unrelated texts near 0.8, MiniLM near 0.2), so the similarity floor is placed on the space's
own scale: a share of the way from its background (``background.py``) to a perfect match, or the
setting when one is set (docs/benchmarks-answers.md, "The floor under the answers").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.core.chat.background import DEFAULT_FLOOR_ABOVE_BACKGROUND, Background

__all__ = [
    "DEFAULT_RERANK_FLOOR",
    "FALLBACK_SIMILARITY_FLOOR",
    "Floor",
    "judge",
    "language_of",
    "not_found_answer",
    "similarity_floor",
]

# A reranking NIM's logit: above 0 the model judges the pair more relevant than not (its own
# decision boundary; no reranker runs offline here to measure one).
DEFAULT_RERANK_FLOOR = 0.0
# No background yet (the embedding NIM could not be asked for it): refuse only what shares
# nothing with the question.
FALLBACK_SIMILARITY_FLOOR = 0.1


def similarity_floor(
    setting: float | None,
    background: Background | None,
    share: float = DEFAULT_FLOOR_ABOVE_BACKGROUND,
) -> float:
    """The cosine floor: the setting when set, else ``share`` of the way up from the space's
    background, else the fallback."""
    if setting is not None:
        return float(setting)
    if background is None:
        return FALLBACK_SIMILARITY_FLOOR
    return round(background.floor(share), 4)


@dataclass(frozen=True)
class Floor:
    """How the best retrieved passage compared with the floor."""

    by: str  # "rerank" (reranker logit) or "similarity" (cosine)
    best: float
    floor: float

    @property
    def passed(self) -> bool:
        """True when the best passage is relevant enough to answer from."""
        return self.best >= self.floor

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, stored with the answer."""
        return {
            "by": self.by,
            "best": round(self.best, 4),
            "floor": self.floor,
            "passed": self.passed,
        }


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")

_NOT_FOUND: Mapping[str, str] = {
    "en": (
        "The files do not say. No passage found for this question is relevant enough to answer "
        "from; the nearest ones are listed below so you can judge."
    ),
    "ko": (
        "파일에 이 질문에 대한 내용이 없습니다. 찾은 구절 중 답할 만큼 관련된 것이 없습니다. "
        "판단하실 수 있도록 가장 가까운 구절을 아래에 보여 드립니다."
    ),
    "ja": (
        "ファイルにはこの質問への答えが書かれていません。答えられるほど関連する箇所はありません。"
        "最も近い箇所を下に示します。"
    ),
    "zh": "文件中没有提到这个问题。找到的段落都不足以回答；最接近的段落列在下面，供您判断。",
}


def language_of(text: str) -> str:
    """The question's language as far as the refusal needs it: ko, ja, zh or en."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh"
    return "en"


def not_found_answer(question: str, language: str = "auto") -> str:
    """The answer when the floor is not reached, in the question's (or the set) language."""
    wanted = language.strip().lower()
    named = {"english": "en", "korean": "ko", "한국어": "ko", "japanese": "ja", "chinese": "zh"}
    code = named.get(wanted, wanted if wanted in _NOT_FOUND else language_of(question))
    return _NOT_FOUND[code]


def judge(
    scores: Sequence[tuple[float | None, str | None]],
    rerank_floor: float | None,
    cosine_floor: float | Callable[[], float],
) -> Floor | None:
    """The floor verdict over passages' ``(score, scored_by)``; None when none has a score.

    Reranker logits decide when the reranker ranked any passage and ``rerank_floor`` is set
    (None: no floor on the reranker's scale, which differs per model; the cosine decides).
    ``cosine_floor`` may be a function, asked only when a cosine decides (it may cost a request).
    """
    reranked = [s for s, by in scores if by == "rerank" and s is not None]
    if reranked and rerank_floor is not None:
        return Floor("rerank", max(reranked), rerank_floor)
    similar = [s for s, by in scores if by == "similarity" and s is not None]
    if similar:
        floor = cosine_floor() if callable(cosine_floor) else cosine_floor
        return Floor("similarity", max(similar), floor)
    return None
