"""Tesseract's words become lines: Latin words keep their spaces however tight the font, Korean
syllable runs that Tesseract split are joined again, and real Korean word spaces stay."""

from __future__ import annotations

from typing import Any

from desktop_app.core.ocr.engines import _tesseract_lines


def _data(words: list[tuple[str, int, int]], height: int = 30) -> dict[str, list[Any]]:
    """Tesseract's image_to_data for one line: (text, left, width) per word."""
    n = len(words)
    return {
        "text": [w[0] for w in words],
        "left": [w[1] for w in words],
        "width": [w[2] for w in words],
        "top": [10] * n,
        "height": [height] * n,
        "conf": [90] * n,
        "block_num": [1] * n,
        "par_num": [1] * n,
        "line_num": [1] * n,
    }


def _line(words: list[tuple[str, int, int]]) -> str:
    (only,) = _tesseract_lines(_data(words), 1000, 100)
    return only.text


def test_latin_words_keep_their_spaces_in_a_tight_font() -> None:
    # Gaps of 4 px on a 30 px line: narrower than a fifth of the line height.
    assert _line([("the", 0, 40), ("December", 44, 100), ("backup", 148, 80)]) == (
        "the December backup"
    )


def test_split_korean_syllable_runs_are_joined_and_word_spaces_kept() -> None:
    words = [("백", 0, 28), ("업은", 30, 56), ("매일", 100, 56)]  # a 2 px split, a 14 px space
    assert _line(words) == "백업은 매일"


def test_a_number_and_its_korean_counter_stay_together_unless_spaced() -> None:
    assert _line([("12", 0, 28), ("월", 30, 28), ("NIM", 72, 50), ("서버", 136, 56)]) == (
        "12월 NIM 서버"
    )
