"""A table's rows from table-structure boxes and the words on the page (pure)."""

from __future__ import annotations

from desktop_app.core.ingest.pdf_tables import table_markdown
from desktop_app.core.nim.detection import Box
from desktop_app.core.ocr.table_grid import Word, table_rows, to_page

CROP = Box(0.1, 0.2, 0.9, 0.6)  # the table crop on the page


def _grid(header: bool = True) -> dict[str, list[Box]]:
    # Relative to the crop: 3 rows, 2 columns.
    rows = [Box(0, y, 1, y + 0.33) for y in (0.0, 0.33, 0.66)]
    columns = [Box(0, 0, 0.5, 1), Box(0.5, 0, 1, 1)]
    return {"row": rows, "column": columns, "header": [rows[0]] if header else []}


def _word(text: str, row: int, column: int, dx: float = 0.0) -> Word:
    x = 0.1 + 0.8 * (0.1 + 0.5 * column) + dx
    y = 0.2 + 0.4 * (0.1 + 0.33 * row)
    return Word(text, x, y, x + 0.05, y + 0.02)


def test_words_fill_their_cells_in_reading_order() -> None:
    words = [
        _word("Paid", 0, 1),
        _word("Item", 0, 0),
        _word("rent", 1, 0, 0.06),
        _word("Office", 1, 0),
        _word("900", 1, 1),
        _word("40", 2, 1),
        _word("Fee", 2, 0),
        Word("outside", 0.1, 0.8, 0.2, 0.82),  # below the table: not its
    ]
    rows, marked = table_rows(_grid(), CROP, words) or ([], False)
    assert rows == [["Item", "Paid"], ["Office rent", "900"], ["Fee", "40"]]
    assert marked
    assert table_markdown(_grid(), CROP, words) == (
        "| Item | Paid |\n| --- | --- |\n| Office rent | 900 |\n| Fee | 40 |"
    )


def test_a_header_the_model_marks_wins_over_the_guess() -> None:
    words = [_word("2024", 0, 0), _word("2025", 0, 1), _word("1", 1, 0), _word("2", 1, 1)]
    marked = table_markdown(_grid(header=True), CROP, words)
    guessed = table_markdown(_grid(header=False), CROP, words)
    assert marked.startswith("| 2024 | 2025 |\n| --- | --- |")
    assert guessed.startswith("|  |  |\n| --- | --- |\n| 2024 | 2025 |")  # numbers: no header


def test_no_rows_or_columns_leave_the_table_as_plain_text() -> None:
    assert table_rows({"cell": [Box(0, 0, 1, 1)]}, CROP, [_word("x", 0, 0)]) is None
    assert table_markdown({}, CROP, []) == ""


def test_crop_relative_boxes_map_onto_the_page() -> None:
    assert to_page(Box(0.5, 0.5, 1, 1), CROP) == Box(0.5, 0.4, 0.9, 0.6)
