"""Pure parts of chat: the prompt, context fitting, citation mapping, the rewrite fallback."""

from __future__ import annotations

from desktop_app.core.chat.citations import map_citations
from desktop_app.core.chat.context import (
    Passage,
    context_window,
    fit_history,
    fit_sources,
    truncate_to_tokens,
)
from desktop_app.core.chat.prompt import language_rule, system_prompt
from desktop_app.core.chat.rewrite import fallback_question
from desktop_app.core.chat.sources import Source
from desktop_app.core.ingest.tokens import estimate_tokens


def _sources(n: int) -> list[Source]:
    return [Source(i, f"/d/f{i}.txt", f"lines {i}", f"text {i}") for i in range(1, n + 1)]


def test_prompt_numbers_sources_on_their_own_lines() -> None:
    prompt = system_prompt(_sources(2))
    assert "[1] f1.txt (lines 1)\ntext 1" in prompt
    assert "\n[2] f2.txt (lines 2)\n" in prompt
    assert "solely from the numbered sources" in prompt


def test_language_rule() -> None:
    assert "same language as the question" in language_rule("auto")
    assert language_rule("Korean") == "Speak only in the following language: Korean"


def test_context_window_prefers_the_nim_then_the_setting() -> None:
    assert context_window(4096, 2048) == 4096
    assert context_window(None, 2048) == 2048
    assert context_window(None, None) == 8192


def test_fit_sources_stays_within_the_window() -> None:
    passages = [Passage(f"/d/{i}.txt", "", "word " * 200, i) for i in range(10)]
    wide = fit_sources(passages, 8192, 1024)
    narrow = fit_sources(passages, 1024, 300)
    assert len(wide) == 10
    assert 1 <= len(narrow) < len(wide)
    assert estimate_tokens(system_prompt(narrow)) + 300 <= 1024
    assert [s.number for s in narrow] == list(range(1, len(narrow) + 1))


def test_fit_history_keeps_recent_turns_and_never_opens_with_an_answer() -> None:
    history = [
        {"role": "user", "content": "q " * 100},
        {"role": "assistant", "content": "a " * 100},
        {"role": "user", "content": "short"},
        {"role": "assistant", "content": "short answer"},
    ]
    kept = fit_history(history, 1000, 500)
    assert kept == history[2:]
    assert fit_history(history, 100_000, 0) == history


def test_truncate_to_tokens() -> None:
    assert truncate_to_tokens("alpha beta gamma", 3) == "alpha beta"  # 4-letter pieces
    assert truncate_to_tokens("서울 날씨", 3) == "서울 날"


def test_citations_keep_unknown_numbers_as_broken_and_list_uncited() -> None:
    text = "A [1]. B [9]. C [2, 9]. D [1][3]. E [7]."
    cited = map_citations(text, _sources(4))
    assert cited.answer == text  # a broken number is shown as broken, not hidden
    assert [s.number for s in cited.cited] == [1, 2, 3]
    assert [s.number for s in cited.also_retrieved] == [4]
    assert cited.broken == [9, 7]


def test_rewrite_fallback_prefixes_the_last_user_question() -> None:
    history = [{"role": "user", "content": "What is X?"}, {"role": "assistant", "content": "X."}]
    assert fallback_question(history, "and its limits?") == "What is X? and its limits?"
    assert fallback_question([], "q") == "q"
