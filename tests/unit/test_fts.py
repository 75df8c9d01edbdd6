"""The CJK bigram transform and the safe FTS5 query builder."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.text.fts import (
    FTS_TOKENIZE,
    MAX_TERMS,
    is_cjk_char,
    parse_query,
    to_fts_query,
    to_index_text,
)


def tokens(text: str) -> list[str]:
    return to_index_text(text).split()


def test_hangul_run_becomes_overlapping_bigrams() -> None:
    assert tokens("날씨는") == ["날씨", "씨는"]
    assert tokens("서울에서") == ["서울", "울에", "에서"]


def test_single_character_run_stays_a_unigram() -> None:
    assert tokens("비 온다") == ["비", "온다"]


def test_latin_text_is_left_alone() -> None:
    text = "The quick brown fox, naïve café."
    assert to_index_text(text) == text


def test_mixed_scripts_are_split_at_the_boundary() -> None:
    assert tokens("AI기술 2024년") == ["AI", "기술", "2024", "년"]


def test_japanese_and_chinese_runs() -> None:
    assert tokens("東京の天気") == ["東京", "京の", "の天", "天気"]
    assert tokens("コーヒー") == ["コー", "ーヒ", "ヒー"]  # ー belongs to the run
    assert tokens("北京欢迎你") == ["北京", "京欢", "欢迎", "迎你"]


def test_cjk_punctuation_separates_runs() -> None:
    assert tokens("ジョン・スミス。東京、大阪") == [
        "ジョ",
        "ョン",
        "・",
        "スミ",
        "ミス",
        "。",
        "東京",
        "、",
        "大阪",
    ]


def test_nfkc_folds_half_width_and_full_width_forms() -> None:
    assert tokens("ｶﾀｶﾅ ＡＢＣ") == ["カタ", "タカ", "カナ", "ABC"]


def test_lone_surrogates_do_not_break_the_transform() -> None:
    assert "\ufffd" in to_index_text("bad \ud800 text")
    assert to_fts_query("bad \ud800 text") == '"bad" AND "text"'


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x17F) | st.sampled_from("날씨カﾀ漢ＡﬁÅ½")))
def test_plain_ascii_takes_a_shortcut_to_the_same_index_text(text: str) -> None:
    """ASCII text is indexed as it is (it is NFKC already and has no CJK): the same as the full
    transform gives, which every other text still goes through."""
    from desktop_app.core.text.fts import _CJK_RUN, _run_to_bigrams, clean_text

    full = _CJK_RUN.sub(_run_to_bigrams, unicodedata.normalize("NFKC", clean_text(text)))
    assert to_index_text(text) == full


def test_is_cjk_char() -> None:
    assert all(is_cjk_char(c) for c in "한漢かカー々")
    assert not any(is_cjk_char(c) for c in "aé1 ・。")


def test_cjk_query_word_becomes_a_phrase_of_bigrams() -> None:
    assert to_fts_query("날씨") == '"날씨"'
    assert to_fts_query("서울에서") == '"서울 울에 에서"'
    assert to_fts_query("인공지능 검색") == '"인공 공지 지능" AND "검색"'


def test_single_cjk_character_is_a_prefix() -> None:
    assert to_fts_query("비") == '"비"*'


def test_terms_are_anded_or_ored() -> None:
    assert to_fts_query("blue whale") == '"blue" AND "whale"'
    assert to_fts_query("blue whale", any_term=True) == '"blue" OR "whale"'


def test_quoted_phrase_is_kept_together() -> None:
    assert to_fts_query('"blue whale" krill') == '"blue whale" AND "krill"'


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('say "hi', '"say" AND """hi"'),
        ("NEAR(a b)", '"NEAR(a" AND "b)"'),
        ("NEAR AND OR NOT", '"NEAR" AND "NOT"'),
        ("-x", '"-x"'),
        ("*", ""),
        ("( ) - \" ''", ""),
        ("", ""),
        ("x\x00y", '"x" AND "y"'),
    ],
)
def test_user_syntax_is_always_quoted(query: str, expected: str) -> None:
    assert to_fts_query(query) == expected


def test_stopwords_are_dropped_only_next_to_other_words() -> None:
    assert to_fts_query("the weather of Seoul") == '"weather" AND "Seoul"'
    assert to_fts_query("to be or to be") == '"to" AND "be" AND "or"'
    assert to_fts_query('"the who"') == '"the who"'


def test_prefix_last_applies_to_a_long_enough_latin_word() -> None:
    assert to_fts_query("search inde", prefix_last=True) == '"search" AND "inde"*'
    assert to_fts_query("search in", prefix_last=True) == '"search"'
    assert to_fts_query("search ab", prefix_last=True) == '"search" AND "ab"'
    assert to_fts_query('"exact phrase"', prefix_last=True) == '"exact phrase"'


def test_parse_query_gives_pieces_for_highlighting() -> None:
    (term,) = parse_query("AI기술")
    assert term.pieces == (("AI", False), ("기술", True))


def _fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        f"""CREATE VIRTUAL TABLE t USING fts5(body, content='', tokenize="{FTS_TOKENIZE}")"""
    )
    conn.execute(
        "INSERT INTO t(rowid, body) VALUES (1, ?)",
        (to_index_text('hello "world" (NEAR) a-b 서울에서 날씨는 東京 * AND'),),
    )
    return conn


_NASTY = st.text(
    alphabet=st.sampled_from(list("\"*-+^():,.NEARORANDNOT{} \t\n\x00\\'abc서울日本")), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(query=st.one_of(st.text(max_size=60), _NASTY))
def test_any_query_is_valid_fts5(query: str) -> None:
    conn = _fts()
    for any_term in (False, True):
        for prefix_last in (False, True):
            expression = to_fts_query(query, any_term=any_term, prefix_last=prefix_last)
            if expression:
                conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_terms_are_deduplicated_and_capped() -> None:
    assert to_fts_query("krill Krill krill") == '"krill"'
    many = " ".join(f"w{i}" for i in range(MAX_TERMS + 10))
    assert len(parse_query(many)) == MAX_TERMS
