"""The language a scan probably is in, from its name and text layer, and who can read it."""

from __future__ import annotations

from desktop_app.core.ocr.engines import RAPIDOCR_LANGUAGES
from desktop_app.core.ocr.languages import likely_languages, unreadable_language


def test_scripts_are_told_apart_and_hanja_in_korean_stays_korean() -> None:
    assert likely_languages(["계약서 2024.pdf"]) == ["kor"]
    assert likely_languages(["見積書です.png"]) == ["jpn"]  # kanji with kana: Japanese
    assert likely_languages(["大韓民國 헌법"]) == ["kor"]
    assert likely_languages(["合同.pdf"]) == ["chi_sim"]
    assert likely_languages(["Договор.tiff"]) == ["rus"]
    assert likely_languages(["invoice-march.png", "Typed page."]) == []


def test_an_engine_that_lacks_the_language_is_named_one_that_has_it_is_not() -> None:
    assert unreadable_language(["계약서.png"], RAPIDOCR_LANGUAGES) == "Korean"
    assert unreadable_language(["계약서.png"], frozenset({"eng", "kor"})) is None
    assert unreadable_language(["계약서.png"], None) is None  # the multilingual NIM
    assert unreadable_language(["receipt.jpg"], frozenset({"eng"})) is None
