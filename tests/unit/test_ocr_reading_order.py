"""Reading order of OCR detections: lines top to bottom, words left to right, columns in turn."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.nim.ocr import Detection
from desktop_app.core.ocr.reading_order import page_lines, page_text, reading_order


def box(text: str, x0: float, y0: float, x1: float, y1: float, tilt: float = 0.0) -> Detection:
    """A detection; ``tilt`` lifts the right edge (a slightly rotated scan)."""
    points = ((x0, y0), (x1, y0 - tilt), (x1, y1 - tilt), (x0, y1))
    return Detection(text, 0.9, points)


def shuffled(items: list[Detection], seed: int = 7) -> list[Detection]:
    out = list(items)
    random.Random(seed).shuffle(out)
    return out


def test_lines_read_top_to_bottom_and_words_left_to_right() -> None:
    page = [
        box("Dear", 0.1, 0.10, 0.2, 0.13),
        box("customer,", 0.22, 0.10, 0.4, 0.13),
        box("your", 0.1, 0.15, 0.18, 0.18),
        box("invoice", 0.2, 0.15, 0.35, 0.18),
        box("is due.", 0.37, 0.15, 0.5, 0.18),
    ]
    assert page_text(shuffled(page)) == "Dear customer,\nyour invoice is due."


def test_a_slightly_rotated_line_stays_one_line() -> None:
    page = [
        box("left", 0.1, 0.300, 0.3, 0.33, tilt=0.008),
        box("right", 0.32, 0.292, 0.5, 0.322, tilt=0.008),
        box("next", 0.1, 0.36, 0.3, 0.39),
    ]
    assert page_text(shuffled(page)) == "left right\nnext"


def test_two_columns_are_read_one_after_the_other_under_a_title() -> None:
    title = box("Quarterly newsletter of the cooperative", 0.1, 0.05, 0.9, 0.09)
    left = [box(f"left line {n}", 0.08, 0.15 + n * 0.05, 0.46, 0.18 + n * 0.05) for n in range(4)]
    right = [box(f"right line {n}", 0.54, 0.15 + n * 0.05, 0.92, 0.18 + n * 0.05) for n in range(4)]
    footer = box("page 1 of 2, printed by the cooperative office", 0.1, 0.9, 0.9, 0.93)
    lines = page_text(shuffled([title, *left, *right, footer])).splitlines()
    assert lines == [
        "Quarterly newsletter of the cooperative",
        *(f"left line {n}" for n in range(4)),
        *(f"right line {n}" for n in range(4)),
        "page 1 of 2, printed by the cooperative office",
    ]


def test_a_table_reads_row_by_row_not_column_by_column() -> None:
    rows = [("Vendor", "Month", "Paid"), ("ACME", "March", "1,200"), ("Globex", "April", "800")]
    page = [
        box(cell, 0.1 + 0.3 * c, 0.2 + 0.05 * r, 0.2 + 0.3 * c, 0.23 + 0.05 * r)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
    ]
    assert page_text(shuffled(page)) == "Vendor Month Paid\nACME March 1,200\nGlobex April 800"


def test_no_detections_is_an_empty_page() -> None:
    assert page_text([]) == ""
    assert reading_order([]) == []


coords = st.floats(min_value=0.0, max_value=0.9, allow_nan=False)


@given(
    st.lists(st.tuples(coords, coords, st.text(min_size=1, max_size=5)), max_size=30),
    st.randoms(),
)
def test_the_input_order_never_changes_the_output(
    spots: list[tuple[float, float, str]], rng: random.Random
) -> None:
    page = [box(text, x, y, x + 0.08, y + 0.03) for x, y, text in spots]
    again = list(page)
    rng.shuffle(again)
    assert page_text(page) == page_text(again)
    assert sorted(d.text for line in reading_order(again) for d in line) == sorted(
        d.text for d in page
    )


def test_each_line_keeps_the_box_around_its_detections() -> None:
    page = [
        box("Dear", 0.1, 0.10, 0.2, 0.13),
        box("customer,", 0.22, 0.11, 0.4, 0.14),
        box("  ", 0.5, 0.30, 0.6, 0.33),  # nothing read: no line, no box
        box("your invoice", 0.1, 0.15, 0.35, 0.18),
    ]
    assert page_lines(shuffled(page)) == [
        ("Dear customer,", (0.1, 0.10, 0.4, 0.14)),
        ("your invoice", (0.1, 0.15, 0.35, 0.18)),
    ]
