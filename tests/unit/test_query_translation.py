"""Query translation for cross-language search: which languages, what the chat NIM is asked,
what is kept of its reply, and that a failure never fails the search."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from desktop_app.core.errors import ConfigError, NimNotReadyError
from desktop_app.core.nim.chat import ChatParams, ChatResult, Message
from desktop_app.core.search.translate import QueryTranslator, translation_targets
from desktop_app.core.settings import Settings
from desktop_app.core.text.script import dominant_script


class FakeChat:
    """Replies from a table, counts the calls, or fails when told to."""

    def __init__(self, replies: dict[str, str], fail: bool = False) -> None:
        self.replies = replies
        self.fail = fail
        self.asked: list[list[Message]] = []

    def complete(self, messages: Sequence[Message], params: ChatParams | None = None) -> ChatResult:
        self.asked.append(list(messages))
        if self.fail:
            raise NimNotReadyError("chat NIM down")
        text = self.replies.get(str(messages[-1]["content"]), "")
        return ChatResult(text=text, finish_reason="stop", usage=None)


def test_scripts_tell_the_usual_languages_apart() -> None:
    assert dominant_script("데비안 패키지를 dpkg 명령으로 설치하기") == "hangul"
    assert dominant_script("install a package with dpkg") == "latin"
    assert dominant_script("東京は日本の首都です") == "kana"
    assert dominant_script("北京是中国的首都") == "han"
    assert dominant_script("Привет, мир") == "cyrillic"
    assert dominant_script("3.11 -- 42") == ""


def test_a_query_is_translated_only_into_languages_it_is_not_written_in() -> None:
    assert translation_targets("유화 효과 필터", ["en", "ko"]) == ["en"]
    assert translation_targets("oil painting filter", ["en", "ko"]) == ["ko"]
    assert translation_targets("oil painting filter", ["en"]) == []


def test_translations_come_from_the_chat_nim_once_per_query() -> None:
    chat = FakeChat({"유화 효과 필터": "oil painting effect filter"})
    translator = QueryTranslator(chat, ["en", "ko"])
    assert translator.translations("유화 효과 필터") == ["oil painting effect filter"]
    assert translator.translations("유화 효과 필터") == ["oil painting effect filter"]
    assert len(chat.asked) == 1
    system, user = chat.asked[0]
    assert "English" in system["content"] and user["content"] == "유화 효과 필터"


@pytest.mark.parametrize("reply", ["", "line one\nline two", "유화 효과 필터"])
def test_an_empty_multi_line_or_unchanged_reply_is_not_used(reply: str) -> None:
    translator = QueryTranslator(FakeChat({"유화 효과 필터": reply}), ["en"])
    assert translator.translations("유화 효과 필터") == []


def test_a_failing_chat_nim_leaves_the_query_as_typed_and_is_asked_again_later() -> None:
    chat = FakeChat({"유화 효과 필터": "oil painting effect filter"}, fail=True)
    translator = QueryTranslator(chat, ["en"])
    assert translator.translations("유화 효과 필터") == []
    chat.fail = False
    assert translator.translations("유화 효과 필터") == ["oil painting effect filter"]


def test_the_setting_names_known_languages_only() -> None:
    settings = Settings()
    assert settings["search.translate_to"] == []
    settings.set("search.translate_to", "en,ko")
    assert settings["search.translate_to"] == ["en", "ko"]
    with pytest.raises(ConfigError, match="'kr' is not one"):
        settings.set("search.translate_to", "en,kr")
