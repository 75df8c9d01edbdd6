"""The two text checks of a cited sentence: the opposite, and numbers and names not in it."""

from __future__ import annotations

from desktop_app.core.chat.claim_details import missing_details, opposite_clause
from desktop_app.core.chat.claims import check_claims
from desktop_app.core.chat.sources import Source

HEAPQ = (
    "Our pop method returns the smallest item, not the largest. "
    "Pop and return the smallest item from the heap, and also push the new item. "
    "The heap size doesn't change. If the heap is empty, IndexError is raised. "
    "The module also offers three general purpose functions based on heaps."
)
DEBIAN_KO = (
    "자유롭게 사용 및 재배포: 유통과 개발에 참여하는데 필요한 컨소시엄 회원 자격이나 지불은 "
    "없습니다. 데비안에는 현재 59,100개 넘는 소프트웨어 패키지가 있습니다. "
    "그 밑에 있는 해상도 부분은 모니터에서 이미지를 보는데는 영향을 미치지 않고, 인쇄와 "
    "관계된 항목이므로 무시하셔도 됩니다. 김프에서 사용하는 붓의 파일 포맷은 다음 세 가지입니다."
)


def test_a_sentence_negating_what_the_passage_says_gets_the_passages_clause() -> None:
    assert opposite_clause("The heap size changes with heapreplace.", HEAPQ) == (
        "The heap size doesn't change."
    )
    assert opposite_clause("The heap size does not change.", HEAPQ) is None
    # Both negate ("not the largest"), and a clause of the passage's sentence is no opposite.
    assert (
        opposite_clause("The pop method returns the smallest item, not the largest.", HEAPQ) is None
    )


def test_korean_negation_forms_are_read() -> None:
    assert opposite_clause("해상도 항목은 모니터에서 이미지를 보는 데 영향을 미칩니다.", DEBIAN_KO)
    assert (
        opposite_clause(
            "해상도 항목은 모니터에서 이미지를 보는 데 영향을 미치지 않습니다.", DEBIAN_KO
        )
        is None
    )
    # The sentence's other clause is not negated: the tie decides nothing.
    assert opposite_clause("해상도 항목은 인쇄와 관계된 것이라 무시해도 됩니다.", DEBIAN_KO) is None
    assert opposite_clause("개발에 참여하는 데 필요한 지불은 없습니다.", DEBIAN_KO) is None


def test_numbers_and_names_the_passage_lacks_are_named() -> None:
    assert missing_details("The module offers five functions based on heaps.", HEAPQ) == ["5"]
    assert missing_details("The module offers three functions based on heaps.", HEAPQ) == []
    assert missing_details("If the heap is empty, heappop raises KeyError.", HEAPQ) == ["KeyError"]
    assert missing_details("If the heap is empty, IndexError is raised.", HEAPQ) == []
    assert missing_details("데비안에는 59100개가 넘는 패키지가 있습니다.", DEBIAN_KO) == []
    assert missing_details("데비안에는 39100개가 넘는 패키지가 있습니다.", DEBIAN_KO) == ["39100"]
    assert missing_details("붓 파일 포맷은 다섯 가지입니다.", DEBIAN_KO) == ["5"]
    assert missing_details("붓 파일 포맷은 세 가지입니다.", DEBIAN_KO) == []
    assert missing_details("바이너리 패키지는 rpm으로 풀 수 있습니다.", DEBIAN_KO) == ["rpm"]
    # A sentence's first word is capitalised as any; a version is a number.
    assert missing_details("Python added it in version 3.6.", "New in version 3.6.") == []
    assert missing_details("It came with Python 3.6.", "New in version 3.6.") == ["Python"]
    assert missing_details("It was added in Python 3.8.", "python/secrets.html 3.6") == ["3.8"]
    assert missing_details("It moves from a 16-bit to a 64-bit server.", "32-bit to 64-bit") == [
        "16"
    ]


class _Scorer:
    by = "similarity"
    threshold = 0.1

    def score(self, pairs: object) -> list[float]:
        return [0.9] * len(pairs)  # type: ignore[arg-type]


def test_the_marks_say_why_opposite_before_details_before_words() -> None:
    source = Source(2, "/docs/heapq.html", "", HEAPQ)
    claims = check_claims(
        "The heap size changes with heapreplace [2]. "
        "The module offers five functions based on heaps [2]. "
        "The module offers three general purpose functions based on heaps [2].",
        [source],
        _Scorer(),
    )
    assert [(c.supported, c.reason) for c in claims] == [
        (False, "opposite"),
        (False, "detail_missing"),
        (True, "supported"),
    ]
    assert claims[0].quote == "The heap size doesn't change."
    assert claims[1].missing == ["5"] and claims[1].to_dict()["missing"] == ["5"]
    # The file's path counts as what the source says: "heapq" names it.
    (named,) = check_claims("The heapq module offers three functions [2].", [source], _Scorer())
    assert named.supported is True


def test_a_pointer_to_the_sources_place_is_not_a_detail() -> None:
    passage = "Backups run every night at 02:00. Weekly full backups are kept for three months."
    # Models echo the sources' labels; a sub-range of "lines 1-20" is not in the passage.
    assert missing_details("The backup runs nightly at 02:00 (lines 1-2).", passage) == []
    assert missing_details("Backups are kept for 3 months, see p. 3 and slide 2.", passage) == []
    assert missing_details("백업은 매일 밤 02:00에 실행됩니다 (2쪽).", passage) == []
    # The claim's own numbers are still checked, and a count before "lines" is a number.
    assert missing_details("Backups are kept for 6 months (lines 1-2).", passage) == ["6"]
    assert missing_details("The policy is 12 lines long.", passage) == ["12"]
