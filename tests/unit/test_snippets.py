"""Snippets from the original text, with the matched spans."""

from __future__ import annotations

from desktop_app.core.search.snippets import Snippet, find_matches, make_snippet, render_marked
from desktop_app.core.text.fts import parse_query


def spans_text(snippet: Snippet) -> list[str]:
    return [snippet.text[s:e] for s, e in snippet.spans]


def test_korean_substring_is_marked_in_the_original_text() -> None:
    snippet = make_snippet("오늘 서울의 날씨는 맑겠습니다.", "날씨")
    assert spans_text(snippet) == ["날씨"]
    assert snippet.marked() == "오늘 서울의 «날씨»는 맑겠습니다."


def test_latin_words_match_case_insensitively_and_without_diacritics() -> None:
    snippet = make_snippet("A CAFÉ in Paris; the cafe next door.", "cafe")
    assert spans_text(snippet) == ["CAFÉ", "cafe"]


def test_latin_words_match_whole_words_only() -> None:
    snippet = make_snippet("category cat concatenate", "cat")
    assert spans_text(snippet) == ["cat"]


def test_latin_word_next_to_cjk_still_matches() -> None:
    assert spans_text(make_snippet("최신 AI기술 동향", "ai")) == ["AI"]


def test_prefix_term_marks_the_whole_word() -> None:
    snippet = make_snippet("Indexing is fast.", parse_query("index", prefix_last=True))
    assert spans_text(snippet) == ["Indexing"]


def test_window_is_centred_on_the_densest_matches() -> None:
    filler = "lorem ipsum dolor sit amet " * 40
    text = filler + "the blue whale eats krill " + filler + "only whale here " + filler
    snippet = make_snippet(text, "blue whale krill", width=80)
    assert set(spans_text(snippet)) == {"blue", "whale", "krill"}
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert len(snippet.text) <= 80 + 2


def test_window_does_not_cut_words() -> None:
    text = "alpha beta gamma delta " * 30 + "target " + "epsilon zeta eta theta " * 30
    snippet = make_snippet(text, "target", width=60)
    words = snippet.text.strip("…").split()
    assert all(
        w in {"alpha", "beta", "gamma", "delta", "target", "epsilon", "zeta", "eta", "theta"}
        for w in words
    )


def test_whitespace_collapses_and_spans_follow() -> None:
    snippet = make_snippet("first line\n\n   second\tline with key word", "key")
    assert snippet.text == "first line second line with key word"
    assert spans_text(snippet) == ["key"]


def test_no_match_gives_the_start_of_the_text() -> None:
    snippet = make_snippet("nothing to see here " * 20, "absent", width=40)
    assert snippet.spans == ()
    assert snippet.text.startswith("nothing to see")
    assert snippet.text.endswith("…")


def test_overlapping_matches_merge_into_one_span() -> None:
    snippet = make_snippet("서울시청 앞", "서울 서울시청")
    assert spans_text(snippet) == ["서울시청"]


def test_render_marked_with_custom_markers() -> None:
    snippet = Snippet("a key here", ((2, 5),))
    assert render_marked(snippet, "<b>", "</b>") == "a <b>key</b> here"


def test_find_matches_reports_original_offsets_after_folding() -> None:
    text = "ﬁle Ｆｉｌｅ file"  # ligature and full-width forms fold to "file"
    matches = find_matches(text, parse_query("file"))
    assert [text[s:e] for s, e, _ in matches] == ["ﬁle", "Ｆｉｌｅ", "file"]


def test_japanese_and_chinese_substrings() -> None:
    assert spans_text(make_snippet("東京の天気は晴れです。", "天気")) == ["天気"]
    assert spans_text(make_snippet("北京欢迎你", "欢迎")) == ["欢迎"]


def test_cjk_characters_are_compared_whole() -> None:
    assert spans_text(make_snippet("각자 가방을 들고", "가")) == ["가"]
    assert spans_text(make_snippet("がっこう かばん", "か")) == ["か"]
