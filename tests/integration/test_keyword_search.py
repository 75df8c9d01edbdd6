"""Keyword search on a real catalog: English, Korean, Japanese, Chinese, filters, odd input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.index.catalog import Catalog, SearchFilters
from desktop_app.core.search.keyword import KeywordHit, keyword_search

DATA = Path(__file__).resolve().parents[1] / "data"
KOREAN_PARAGRAPHS = [
    p.strip() for p in (DATA / "korean_sample.txt").read_text("utf-8").split("\n\n") if p.strip()
]

ENGLISH = {
    "/docs/en/whales.txt": "The blue whale is the largest animal known. Blue whales eat krill.",
    "/docs/en/krill.txt": "Krill are small crustaceans. Krill swarms feed many whales and seals.",
    "/docs/en/cafe.md": "Our café serves coffee; the Cafe opens at eight.",
    "/docs/en/search.md": "Indexing makes search fast. An index maps words to documents.",
}
CJK = {
    "/docs/ja/tenki.txt": "東京の天気は晴れです。明日は雨が降るでしょう。コーヒーを飲みます。",
    "/docs/zh/beijing.txt": "北京欢迎你。今天天气很好，我们去公园散步。",
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    path = tmp_path_factory.mktemp("kw") / "catalog.sqlite"
    with Catalog.open(path) as cat:
        folder = cat.files.add_folder("/docs")
        for i, para in enumerate(KOREAN_PARAGRAPHS):
            path_ = f"/docs/ko/{i:02d}.txt"
            cat.files.upsert_file_chunks(
                folder.id, path_, len(para), i * 10**9, f"ko{i}", "text", [(0, para, {}, 1)]
            )
        for j, (path_, text) in enumerate({**ENGLISH, **CJK}.items()):
            cat.files.upsert_file_chunks(
                folder.id, path_, len(text), (100 + j) * 10**9, path_, "text", [(0, text, {}, 1)]
            )
        yield cat


def paths(hits: list[KeywordHit]) -> list[str]:
    return [h.path for h in hits]


# ------------------------------------------------------------------------ English


def test_english_word_ranked_by_bm25(catalog: Catalog) -> None:
    hits = keyword_search(catalog, "krill")
    assert paths(hits) == ["/docs/en/krill.txt", "/docs/en/whales.txt"]
    assert hits[0].score > hits[1].score > 0


def test_chunks_with_all_terms_come_first_then_those_with_some(catalog: Catalog) -> None:
    # krill.txt says "krill" three times, whales.txt both words: all terms win over repetition.
    assert paths(keyword_search(catalog, "blue krill")) == [
        "/docs/en/whales.txt",
        "/docs/en/krill.txt",
    ]
    assert paths(keyword_search(catalog, "blue krill", 1)) == ["/docs/en/whales.txt"]


def test_falls_back_to_any_term_when_all_terms_find_nothing(catalog: Catalog) -> None:
    assert sorted(paths(keyword_search(catalog, "seals coffee"))) == [
        "/docs/en/cafe.md",
        "/docs/en/krill.txt",
    ]


def test_case_and_diacritics_are_ignored(catalog: Catalog) -> None:
    hits = keyword_search(catalog, "CAFE")
    assert paths(hits) == ["/docs/en/cafe.md"]
    assert [hits[0].snippet.text[s:e] for s, e in hits[0].snippet.spans] == ["café", "Cafe"]


def test_phrase_and_prefix(catalog: Catalog) -> None:
    assert paths(keyword_search(catalog, '"blue whale"')) == ["/docs/en/whales.txt"]
    assert paths(keyword_search(catalog, '"whale blue"')) == []
    assert paths(keyword_search(catalog, "index")) == ["/docs/en/search.md"]
    hits = keyword_search(catalog, "indexi", prefix_last=True)
    assert paths(hits) == ["/docs/en/search.md"]
    assert hits[0].snippet.marked().startswith("«Indexing»")


def test_hit_carries_what_the_result_list_needs(catalog: Catalog) -> None:
    (hit,) = keyword_search(catalog, "crustaceans")
    assert hit.text == ENGLISH["/docs/en/krill.txt"]
    assert hit.location == {} and hit.ordinal == 0 and hit.file_id > 0 and hit.chunk_id > 0
    assert "«crustaceans»" in hit.snippet.marked()


# ------------------------------------------------------------------------ Korean


@pytest.mark.parametrize(
    ("query", "must_contain"),
    [
        ("날씨", "날씨는"),
        ("서울", "서울에서"),
        ("기온", "기온이"),
        ("지능", "인공지능"),
        ("기상청", "기상청에"),
        ("소비자", "소비자물가는"),
        ("인공지능", "인공지능"),
        ("비", "비가"),
    ],
)
def test_korean_noun_found_inside_words(catalog: Catalog, query: str, must_contain: str) -> None:
    expected = {i for i, p in enumerate(KOREAN_PARAGRAPHS) if query in p}
    hits = keyword_search(catalog, query, limit=100)
    found = {int(Path(h.path).stem) for h in hits if "/ko/" in h.path}
    assert found == expected  # every paragraph with the noun, and nothing else
    assert any(must_contain in h.text for h in hits)
    for hit in hits:
        assert query in "".join(hit.snippet.text[s:e] for s, e in hit.snippet.spans)


def test_korean_query_with_particle_ranks_the_exact_form_first(catalog: Catalog) -> None:
    hits = keyword_search(catalog, "서울에서", limit=100)
    exact = [h for h in hits if "서울에서" in h.text]
    assert exact and hits[: len(exact)] == exact
    # Then, ranked by how much of the word they share, texts with it under another particle.
    assert len(hits) > len(exact) and "서울" in hits[len(exact)].text


def test_korean_multi_word_query(catalog: Catalog) -> None:
    hits = keyword_search(catalog, "한국은행 금리")
    assert "한국은행" in hits[0].text and "금리" in hits[0].text
    assert all("한국은행" not in h.text or "금리" not in h.text for h in hits[1:])
    marked = hits[0].snippet.marked()
    assert "«한국은행»" in marked and "«금리»" in marked


def test_korean_absent_word_finds_nothing(catalog: Catalog) -> None:
    assert keyword_search(catalog, "지진") == []


# ------------------------------------------------------------------------ Japanese, Chinese


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("天気", "/docs/ja/tenki.txt"),
        ("東京", "/docs/ja/tenki.txt"),
        ("コーヒー", "/docs/ja/tenki.txt"),
        ("雨", "/docs/ja/tenki.txt"),
        ("欢迎", "/docs/zh/beijing.txt"),
        ("公园", "/docs/zh/beijing.txt"),
    ],
)
def test_japanese_and_chinese_words(catalog: Catalog, query: str, path: str) -> None:
    assert paths(keyword_search(catalog, query)) == [path]


def test_han_word_shared_by_japanese_and_chinese(catalog: Catalog) -> None:
    assert sorted(paths(keyword_search(catalog, "天气"))) == ["/docs/zh/beijing.txt"]
    assert sorted(paths(keyword_search(catalog, "天"))) == [
        "/docs/ja/tenki.txt",
        "/docs/zh/beijing.txt",
    ]


# ------------------------------------------------------------------------ filters and limits


def test_filters_restrict_keyword_search(catalog: Catalog) -> None:
    both = ["/docs/en/krill.txt", "/docs/en/whales.txt"]
    assert paths(keyword_search(catalog, "krill", filters=SearchFilters())) == both
    assert paths(keyword_search(catalog, "krill", filters=SearchFilters(path_glob="w*"))) == [
        "/docs/en/whales.txt"
    ]
    assert keyword_search(catalog, "krill", filters=SearchFilters(kinds=["pdf"])) == []
    assert keyword_search(catalog, "krill", filters=SearchFilters(folders=["/docs/ko"])) == []
    assert len(keyword_search(catalog, "날씨", filters=SearchFilters(folders=["/docs/ko"]))) > 1
    late = SearchFilters(modified_after=100.5)  # whales.txt is at 100 s, krill.txt at 101 s
    assert paths(keyword_search(catalog, "krill", filters=late)) == ["/docs/en/krill.txt"]


def test_limit_is_respected(catalog: Catalog) -> None:
    assert len(keyword_search(catalog, "서울", limit=2)) == 2
    assert keyword_search(catalog, "서울", limit=0) == []


def test_huge_match_sets_rank_only_the_newest_matches(catalog: Catalog) -> None:
    everything = keyword_search(catalog, "서울", limit=100)
    capped = keyword_search(catalog, "서울", limit=100, max_ranked=2)
    newest_two = sorted(h.chunk_id for h in everything)[-2:]
    assert sorted(h.chunk_id for h in capped) == newest_two
    assert [h.score for h in capped] == sorted((h.score for h in capped), reverse=True)


# ------------------------------------------------------------------------ odd input


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "-", "NEAR(", "a OR", "AND", "(krill", 'krill"', "krill*", "^krill", ":"],
)
def test_fts_syntax_in_queries_never_raises(catalog: Catalog, query: str) -> None:
    hits = keyword_search(catalog, query)
    assert all("krill" in h.text.lower() for h in hits)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.sampled_from(list('"*-+^():{}NEARO 날씨天気krill\x00\\')), max_size=30),
    ),
    prefix_last=st.booleans(),
)
def test_fuzzed_queries_never_raise(catalog: Catalog, query: str, prefix_last: bool) -> None:
    for hit in keyword_search(catalog, query, prefix_last=prefix_last):
        assert hit.snippet.text


def test_a_korean_word_with_another_particle_still_matches(tmp_path: Path) -> None:
    texts = {
        "/k/os.txt": "데비안은 자유 운영체제입니다.",
        "/k/sky.txt": "날씨가 맑습니다.",
        "/k/name.txt": "데비안이라는 이름은 이안과 데브라에서 왔습니다.",
    }
    with Catalog.open(tmp_path / "catalog.sqlite") as cat:
        folder = cat.files.add_folder("/k")
        for n, (path_, text) in enumerate(texts.items()):
            cat.files.upsert_file_chunks(
                folder.id, path_, len(text), n * 10**9, path_, "text", [(0, text, {}, 1)]
            )
        # The exact form ranks first; "데비안" with another particle is still found.
        assert paths(keyword_search(cat, "데비안이라는", 10)) == ["/k/name.txt", "/k/os.txt"]
        assert paths(keyword_search(cat, "데비안이라는 운영체제", 10))[0] == "/k/os.txt"


def test_bigram_matches_of_a_korean_query_score_below_its_exact_match(tmp_path: Path) -> None:
    # Short texts full of the query's bigrams ("문서", "있습", "습니", "니다") without its exact
    # words sum more bm25 over those bigram terms than the exact phrase in a long text scores;
    # the list put the exact match first but scored it lower, and fusion reads the scores.
    texts = {
        "/k/exact.txt": "자세한 설명은 설치 안내 문서에도 있습니다. "
        + "날씨가 맑고 바람이 붑니다. " * 8,
        "/k/common.txt": "문서 있습니다 문서 있습니다 문서도 있습니다 문서 있습니다",
        **{f"/k/other{n}.txt": f"{n}번째 글은 날씨 이야기입니다." for n in range(6)},
    }
    with Catalog.open(tmp_path / "catalog.sqlite") as cat:
        folder = cat.files.add_folder("/k")
        for n, (path_, text) in enumerate(texts.items()):
            cat.files.upsert_file_chunks(
                folder.id, path_, len(text), n * 10**9, path_, "text", [(0, text, {}, 1)]
            )
        hits = keyword_search(cat, "문서에도 있습니다", 10)
        assert paths(hits)[:2] == ["/k/exact.txt", "/k/common.txt"]
        assert hits[0].score > hits[1].score
