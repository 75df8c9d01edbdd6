"""Splitting an answer into checkable sentences, the floor's verdict and the claim marks."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.chat.background import Background
from desktop_app.core.chat.claims import check_claims, coverage_of, split_claims
from desktop_app.core.chat.floor import (
    FALLBACK_SIMILARITY_FLOOR,
    judge,
    language_of,
    not_found_answer,
    similarity_floor,
)
from desktop_app.core.chat.markdown import answer_markdown, claim_url, export_markdown
from desktop_app.core.chat.sources import Source


def test_sentences_keep_the_markers_that_follow_them() -> None:
    answer = (
        "Chroma stores embeddings [1]. It batches writes.[2] Tomatoes need sun [1, 3]!\n"
        "- A list item that cites nothing at all\n"
        "```\ncode [4] is not a claim\n```\n"
        "# A heading\n"
        "Yes [1].\n"
        "데비안은 자유 운영체제입니다 [2]. 한국어 문장도 나뉩니다."
    )
    assert split_claims(answer) == [
        ("Chroma stores embeddings [1].", [1]),
        ("It batches writes.[2]", [2]),
        ("Tomatoes need sun [1, 3]!", [1, 3]),
        ("A list item that cites nothing at all", []),
        ("데비안은 자유 운영체제입니다 [2].", [2]),
        ("한국어 문장도 나뉩니다.", []),
    ]


class _Scorer:
    by = "similarity"
    threshold = 0.5

    def __init__(self) -> None:
        self.seen: list[tuple[str, list[int]]] = []

    def score(self, pairs: Sequence[tuple[str, Sequence[Source]]]) -> list[float]:
        self.seen += [(text, [s.number for s in sources]) for text, sources in pairs]
        return [0.9 if "embeddings" in text else 0.1 for text, _ in pairs]  # fmt: skip


def test_each_sentence_is_scored_against_the_sources_it_cites() -> None:
    sources = [Source(1, "/a.md", "", "Chroma stores embeddings."), Source(2, "/b.md", "", "B")]
    scorer = _Scorer()
    claims = check_claims(
        "Chroma stores embeddings [1]. Chroma was written in 1850 [1, 2]. "
        "It is fast [9]. No citation in this sentence.",
        sources,
        scorer,
    )
    assert scorer.seen == [
        ("Chroma stores embeddings.", [1]),
        ("Chroma was written in 1850.", [1, 2]),
    ]
    assert [(c.supported, c.reason) for c in claims] == [
        (True, "supported"),
        (False, "below_threshold"),
        (False, "broken_citation"),
        (None, "no_citation"),
    ]
    assert claims[1].checked == [1, 2] and claims[1].score == 0.1 and claims[1].threshold == 0.5


def test_without_a_scorer_cited_sentences_are_marked_not_checked() -> None:
    sources = [Source(1, "/a.md", "", "text")]
    (claim,) = check_claims("A sentence long enough to check [1].", sources, None)
    assert claim.supported is None and claim.reason == "not_checked"


def test_the_floor_prefers_reranker_logits_and_asks_the_cosine_floor_only_when_it_decides() -> None:
    asked: list[str] = []

    def cosine_floor() -> float:
        asked.append("floor")
        return 0.5

    verdict = judge([(0.7, "similarity"), (-3.0, "rerank"), (None, None)], 0.0, cosine_floor)
    assert verdict is not None and verdict.by == "rerank" and not verdict.passed
    assert asked == []  # the background costs a request: not measured when a reranker decides
    verdict = judge([(0.7, "similarity"), (0.2, "similarity")], 0.0, cosine_floor)
    assert verdict is not None and verdict.best == 0.7 and verdict.passed and asked == ["floor"]
    assert judge([(None, None)], 0.0, 0.5) is None


def test_the_similarity_floor_sits_on_the_spaces_own_scale() -> None:
    e5_like, minilm_like = Background(0.8, 1000), Background(0.2, 1000)
    assert similarity_floor(None, e5_like, 0.3) == 0.86
    assert similarity_floor(None, minilm_like, 0.3) == 0.44
    assert similarity_floor(0.33, e5_like, 0.3) == 0.33  # the setting wins
    assert similarity_floor(None, None) == FALLBACK_SIMILARITY_FLOOR  # not measurable yet


def test_the_refusal_speaks_the_questions_language() -> None:
    assert language_of("데비안은 무엇인가요?") == "ko"
    assert language_of("What is Debian?") == "en"
    assert not_found_answer("데비안은 무엇인가요?").startswith("파일에")
    assert not_found_answer("What is it?").startswith("The files do not say.")
    assert not_found_answer("What is it?", "Korean").startswith("파일에")


def _message(evidence: dict[str, object]) -> dict[str, object]:
    return {
        "role": "assistant",
        "content": "Chroma stores **embeddings** [1]. It was written in 1850 [1]. Trust me [4].",
        "sources": [{"number": 1, "path": "/d/a.md", "location": "", "cited": True}],
        "evidence": evidence,
    }


_EVIDENCE = {
    "answered": True,
    "broken_citations": [4],
    "claims": [
        {"text": "Chroma stores **embeddings** [1].", "sources": [1], "supported": True},
        {
            "text": "It was written in 1850 [1].",
            "sources": [1],
            "supported": False,
            "score": 0.21,
            "reason": "below_threshold",
            "checked": [1],
            "by": "similarity",
            "threshold": 0.5,
        },
        {"text": "Trust me [4].", "sources": [4], "supported": False, "reason": "broken_citation"},
    ],
}


def test_the_screen_wraps_flagged_sentences_and_strikes_broken_citations() -> None:
    message = _message(_EVIDENCE)
    markdown = answer_markdown(
        str(message["content"]),
        3,
        message["sources"],
        evidence=_EVIDENCE,  # type: ignore[arg-type]
    )
    assert f"[It was written in 1850]({claim_url(3, 1)})" in markdown
    assert f"[Trust me]({claim_url(3, 2)})" in markdown
    assert claim_url(3, 0) not in markdown  # a supported sentence is not marked
    assert "\\[~~4~~\\]" in markdown  # broken, not hidden
    assert "Citation [4] points to no source" in markdown.replace("\\", "")
    streaming = answer_markdown(str(message["content"]), 3, [], streaming=True)
    assert "~~" not in streaming  # while it streams no source is known yet


def test_the_export_keeps_the_marks() -> None:
    chat = {"title": "t", "messages": [_message(_EVIDENCE)]}
    text = export_markdown(chat).replace("\\", "")  # as the Markdown reads
    assert "Broken citations: [4]" in text
    assert "[not supported by [1]: similarity 0.21 < 0.50] It was written in 1850 [1]." in text
    assert "[cites no given source: [4]] Trust me [4]." in text
    refusal = {**_message({"answered": False}), "content": "The files do not say."}
    refusal["sources"] = [{"number": 1, "path": "/d/a.md", "location": "", "cited": False}]
    assert "Nearest passages" in export_markdown({"title": "t", "messages": [refusal]})


def test_a_sentence_on_the_right_subject_with_words_its_passage_lacks_is_unsupported() -> None:
    passage = "heappop pops and returns the smallest item from the heap."
    sources = [Source(1, "/heapq.html", "", passage)]
    scorer = _Scorer()
    scorer.threshold = 0.0  # the subject matches: only the words can tell
    kept, wrong = check_claims(
        "heappop returns the smallest item of the heap [1]. "
        "heappop returns the largest item of the heap [1].",
        sources,
        scorer,
        min_coverage=0.9,
    )
    assert (kept.supported, kept.reason, kept.coverage) == (True, "supported", 1.0)
    assert (wrong.supported, wrong.reason) == (False, "words_missing")
    assert wrong.missing == ["largest"]
    share, missing = coverage_of(
        "데비안에는 패키지가 있습니다", "데비안에는 많은 패키지가 있습니다"
    )
    assert (share, missing) == (1.0, [])
