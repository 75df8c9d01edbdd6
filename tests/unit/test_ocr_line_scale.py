"""How much RapidOCR's line crops are enlarged (pure arithmetic: runs without the ``ocr`` extra)."""

from __future__ import annotations

import pytest

from desktop_app.core.ocr.line_scale import (
    MAX_CROP_PIXELS,
    MAX_PAGE_CROP_PIXELS,
    MAX_UPSCALE,
    TARGET_LINE_PX,
    capped,
    crop_size,
    line_height,
    line_upscale,
)


def box(x: float, y: float, w: float, h: float) -> list[list[float]]:
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]


def test_a_rotated_box_is_measured_along_its_own_edges() -> None:
    # A 300 x 30 line turned by ~5.7 degrees: its corners span 301 x 60 on the page.
    quad = [[0, 30], [298.5, 0], [301.5, 30], [3, 60]]
    width, height = crop_size(quad)
    assert width == 300 and height == 30


def test_a_vertical_box_is_measured_across() -> None:
    assert line_height(box(0, 0, 30, 300)) == 30  # a column of CJK characters, read on its side
    assert line_height(box(0, 0, 30, 40)) == 40  # a short word, read as it stands


def test_small_print_is_enlarged_to_the_recognizers_height() -> None:
    lines = [box(50, 40 * n, 500, 32) for n in range(10)]
    assert line_upscale(lines) == pytest.approx(TARGET_LINE_PX / 32)


def test_lines_tall_enough_are_read_as_detected() -> None:
    assert line_upscale([box(0, 0, 800, 68), box(0, 80, 800, 70)]) == 1.0
    assert line_upscale([box(0, 0, 800, TARGET_LINE_PX - 2)]) == 1.0  # not worth a resize
    assert line_upscale([]) == 1.0


def test_the_median_line_sets_the_scale_not_a_heading_or_a_speck() -> None:
    body = [box(50, 100 + 40 * n, 500, 24) for n in range(5)]
    heading = box(50, 20, 500, 96)
    speck = box(300, 700, 4, 4)
    assert line_upscale([heading, *body, speck]) == pytest.approx(2.0)


def test_the_factor_is_bounded() -> None:
    assert line_upscale([box(0, 0, 200, 6)]) == MAX_UPSCALE  # a hairline of a "line"
    assert line_upscale([box(0, 0, 200, 0)]) == 1.0  # degenerate boxes are ignored


def test_one_crop_stays_within_the_pixel_cap() -> None:
    assert capped(2.0, 1000, 30) == 2.0
    width, height = 5_000, 100  # a page-wide line on a huge scan
    factor = capped(3.0, width, height)
    assert 1.0 < factor < 3.0
    assert width * height * factor * factor == pytest.approx(MAX_CROP_PIXELS)
    assert capped(3.0, 50_000, 2_000) == 1.0  # never shrunk below the crop as detected


def test_a_pages_crops_together_stay_within_the_page_cap() -> None:
    # A 5,200 px wide photo of dense small print: 200 lines of 5,000 x 20 px.
    lines = [box(100, 30 * n, 5_000, 20) for n in range(200)]
    factor = line_upscale(lines)
    assert 1.0 < factor < TARGET_LINE_PX / 20
    assert 200 * 5_000 * 20 * factor * factor == pytest.approx(MAX_PAGE_CROP_PIXELS)
    # Twice as wide: already past the cap as detected, so read as detected (never shrunk).
    assert line_upscale([box(100, 30 * n, 11_000, 20) for n in range(400)]) == 1.0
