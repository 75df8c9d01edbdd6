"""Chunking: hard token limit, full coverage in order, overlap, locations (hypothesis + cases)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.ingest.chunker import (
    _LINE,
    _LINE_GAP,
    _LINE_SENT,
    _PARA,
    _SENT_END,
    _WORD,
    _WORD_GAP,
    Chunk,
    _Atom,
    _atomize,
    _count_up_to,
    _line_atoms,
    _pieces,
    _trimmed,
    _word_atoms,
    chunk_sections,
    default_chunk_tokens,
    default_overlap_tokens,
    split_spans,
)
from desktop_app.core.ingest.document import Location, Section, format_boxes, parse_boxes
from desktop_app.core.ingest.tokens import estimate_tokens

FAST = settings(max_examples=150, deadline=None, database=None)

# Text that exercises every splitting level: words, sentences (Latin and CJK ends, Korean '다.'),
# line and paragraph breaks, long unbroken runs, digits, combining marks.
_PIECES = st.sampled_from(
    [
        "word", "Alpha", "beta", "x" * 37, "12345678", "3.5", " ", " ", " ", "\n", "\n\n", ". ",
        "! ", "? ", "다. ", "다.", "했다.그리고", "。", "！", "한국어문장", "漢字", "é", "e\u0301",
        "가\u11a8", "\t", "—", "\"quoted.\" ", "(paren) ",
    ]
)  # fmt: skip
TEXT = st.lists(_PIECES, max_size=120).map("".join)
HANGUL = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=3000)


def _assert_valid(text: str, spans: list[tuple[int, int]], limit: int) -> None:
    covered = [False] * len(text)
    previous = (-1, -1)
    for start, end in spans:
        piece = text[start:end]
        assert piece and not piece[0].isspace() and not piece[-1].isspace()
        assert estimate_tokens(piece) <= limit
        assert start > previous[0] and end > previous[1], "order kept, always progressing"
        previous = (start, end)
        for i in range(start, end):
            covered[i] = True
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missing, f"text not covered at {missing[:5]}"


@FAST
@given(TEXT, st.integers(1, 60), st.data())
def test_spans_respect_limit_cover_everything_in_order(
    text: str, limit: int, data: st.DataObject
) -> None:
    overlap = data.draw(st.integers(0, limit - 1))
    _assert_valid(text, split_spans(text, limit, overlap), limit)


@FAST
@given(TEXT, st.integers(1, 30))
def test_lines_in_bulk_are_the_atoms_of_splitting_at_every_line_gap(text: str, limit: int) -> None:
    """The line level in bulk (one split, counts in a comprehension) must give the atoms of
    splitting at ``_LINE_GAP`` and counting each line afresh."""
    start, end = _trimmed(text, 0, len(text))
    fast: list[_Atom] = []
    _line_atoms(text, start, end, _PARA, limit, fast)
    reference: list[_Atom] = []
    pieces = _pieces(text, start, end, _LINE_GAP)
    for n, (s, e) in enumerate(pieces):
        gap = _PARA if n == 0 else _LINE
        if n and _SENT_END.search(text, *pieces[n - 1]):
            gap = _LINE_SENT
        _atomize(text, s, e, 2, gap, limit, reference)
    assert fast == reference


@FAST
@given(TEXT, st.integers(1, 30))
def test_words_in_one_loop_are_the_atoms_of_splitting_at_every_gap(text: str, limit: int) -> None:
    start, end = 0, len(text)
    fast: list[_Atom] = []
    _word_atoms(text, start, end, _PARA, limit, fast)
    reference: list[_Atom] = []
    for n, (s, e) in enumerate(_pieces(text, start, end, _WORD_GAP)):
        _atomize(text, s, e, 4, _PARA if n == 0 else _WORD, limit, reference)
    assert fast == reference


@FAST
@given(TEXT, st.integers(1, 60), st.data())
def test_a_count_up_to_a_cap_is_exact_under_it_and_above_it_over_it(
    text: str, cap: int, data: st.DataObject
) -> None:
    """Pieces over the limit are split whatever their count: only counts up to it must be exact."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    exact = estimate_tokens(text[start:end])
    counted = _count_up_to(text, start, end, cap)
    assert counted == exact if exact <= cap else counted > cap


@FAST
@given(HANGUL, st.integers(1, 80))
def test_korean_without_spaces_splits_safely(text: str, limit: int) -> None:
    spans = split_spans(text, limit, limit // 6)
    _assert_valid(text, spans, limit)
    if estimate_tokens(text) > limit:
        assert len(spans) > 1


@FAST
@given(st.lists(TEXT, min_size=1, max_size=6), st.integers(2, 60))
def test_chunks_never_exceed_limit_nor_span_pages(texts: list[str], limit: int) -> None:
    sections = [Section(t, Location(page=n + 1)) for n, t in enumerate(texts)]
    chunks = chunk_sections(sections, limit)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert chunk.tokens == estimate_tokens(chunk.text) <= limit
        assert chunk.text in texts[chunk.location.page - 1]  # type: ignore[operator]
    pages = [c.location.page for c in chunks]
    assert pages == sorted(pages)
    assert set(pages) == {n + 1 for n, t in enumerate(texts) if estimate_tokens(t)}


@FAST
@given(
    st.lists(st.text(alphabet="abc .\n", max_size=40), min_size=1, max_size=30), st.integers(3, 40)
)
def test_line_ranges_are_narrowed_to_the_lines_a_chunk_covers(lines: list[str], limit: int) -> None:
    text = "\n".join(line.replace("\n", " ") for line in lines)
    count = text.count("\n") + 1
    section = Section(text, Location(lines=f"10-{9 + count}"))
    for chunk in chunk_sections([section], limit, 0):
        first, _, last = chunk.location.lines.partition("-")  # type: ignore[union-attr]
        first_n, last_n = int(first), int(last or first)
        assert 10 <= first_n <= last_n <= 9 + count
        body = text.split("\n")[first_n - 10 : last_n - 9]
        assert chunk.text.split("\n")[0] in body[0] and chunk.text.split("\n")[-1] in body[-1]


@FAST
@given(st.lists(st.text(alphabet="abc .", min_size=1, max_size=40), min_size=1, max_size=30))
def test_ocr_boxes_are_narrowed_to_the_lines_a_chunk_covers(lines: list[str]) -> None:
    lines = [line if line.strip() else "x" for line in lines]
    boxes = [(0.1, n / 100, 0.9, (n + 1) / 100) for n in range(len(lines))]
    section = Section("\n".join(lines), Location(page=3, ocr=True, boxes=format_boxes(boxes)))
    for chunk in chunk_sections([section], 12, 3):
        kept = parse_boxes(chunk.location.boxes)
        assert kept, chunk
        first = boxes.index(kept[0])
        assert kept == boxes[first : first + len(kept)]  # a run of the page's lines
        pieces = chunk.text.split("\n")
        assert len(pieces) in (len(kept), len(kept) + 1)
        for piece, box in zip(pieces, kept, strict=False):
            assert piece in lines[boxes.index(box)]  # each line sits in its own box


def test_paragraphs_are_packed_and_split_at_paragraph_ends() -> None:
    para = "This sentence has exactly twelve tokens in it, honest."
    text = "\n\n".join([para] * 6)
    per = estimate_tokens(para)
    chunks = chunk_sections([Section(text)], per * 2 + 3, 0)
    assert [c.text for c in chunks] == ["\n\n".join([para] * 2)] * 3


def test_long_paragraph_breaks_at_sentences_before_words() -> None:
    sentences = [f"Sentence number {n} talks about topic {n} at length." for n in range(8)]
    text = " ".join(sentences)
    limit = estimate_tokens(sentences[0]) * 3
    chunks = chunk_sections([Section(text)], limit, 0)
    assert len(chunks) > 1
    assert all(c.text.endswith(".") for c in chunks)
    assert " ".join(c.text for c in chunks) == text


def test_korean_sentence_ends_are_preferred_breaks() -> None:
    text = "오늘은 날씨가 맑았다. 우리는 공원에 갔다. 저녁에는 비가 왔다. 밤에는 별이 보였다."
    chunks = chunk_sections([Section(text)], 20, 0)  # 10 tokens per sentence
    assert [c.text for c in chunks] == [
        "오늘은 날씨가 맑았다. 우리는 공원에 갔다.",
        "저녁에는 비가 왔다. 밤에는 별이 보였다.",
    ]


def test_overlap_repeats_the_tail_of_the_previous_chunk() -> None:
    sentences = [f"Point {n} is made here." for n in range(12)]
    text = " ".join(sentences)
    per = estimate_tokens(sentences[0])
    chunks = chunk_sections([Section(text)], per * 4, per)
    assert len(chunks) > 2
    for before, after in itertools.pairwise(chunks):
        last_sentence = before.text.rsplit(". ", 1)[-1]
        assert after.text.startswith(last_sentence)
        assert estimate_tokens(after.text) <= per * 4


def test_small_line_sections_merge_under_their_common_heading() -> None:
    sections = [
        Section("# Guide\nIntro.", Location(heading="Guide", lines="1-2")),
        Section("## Install\nRun it.", Location(heading="Guide > Install", lines="4-5")),
        Section("## Use\nClick.", Location(heading="Guide > Use", lines="6-7")),
    ]
    [chunk] = chunk_sections(sections, 100)
    assert chunk.location == Location(heading="Guide", lines="1-7")
    assert chunk.text == "# Guide\nIntro.\n\n## Install\nRun it.\n## Use\nClick."


def test_pages_and_slides_never_merge() -> None:
    sections = [Section("one", Location(page=1)), Section("two", Location(page=2))]
    assert [c.location.page for c in chunk_sections(sections, 100)] == [1, 2]
    slides = [
        Section("a", Location(slide=1, lines="1-1")),
        Section("b", Location(slide=2, lines="2-2")),
    ]
    assert len(chunk_sections(slides, 100)) == 2


def test_sheet_row_ranges_are_narrowed() -> None:
    rows = "\n".join(f"item {n} | {n * 10} | some description words" for n in range(2, 42))
    chunks = chunk_sections([Section(rows, Location(sheet="Sheet1", rows="2-41"))], 60, 0)
    assert chunks[0].location.label().startswith("Sheet1 rows 2-")
    assert chunks[-1].location.rows is not None and chunks[-1].location.rows.endswith("-41")
    assert all(c.location.sheet == "Sheet1" for c in chunks)


def test_chunk_is_a_plain_record() -> None:
    chunk = Chunk(0, "text", Location(page=3), 1)
    assert (chunk.ordinal, chunk.text, chunk.location.label(), chunk.tokens) == (
        0,
        "text",
        "p. 3",
        1,
    )


def test_defaults_for_known_models() -> None:
    assert default_chunk_tokens(8192) == 512  # llama-nemotron-embed-1b-v2
    assert default_chunk_tokens(512) == 435  # nv-embedqa-e5-v5: margin under its hard limit
    assert default_overlap_tokens(512) == 76


def test_bad_limits_are_rejected() -> None:
    with pytest.raises(ValueError):
        split_spans("text", 0)
    with pytest.raises(ValueError):
        split_spans("text", 10, 10)


def test_empty_and_blank_sections_make_no_chunks() -> None:
    assert chunk_sections([Section(""), Section(" \n\t ")], 10) == []


def test_boxes_are_kept_in_thousandths_and_a_damaged_value_reads_as_none() -> None:
    text = format_boxes([(0.1234, 0.5, 1.2, 0.0), (0, 0, 0.25, 0.75)])
    assert text == "123,500,1000,0 0,0,250,750"
    assert parse_boxes(text) == [(0.123, 0.5, 1.0, 0.0), (0.0, 0.0, 0.25, 0.75)]
    assert parse_boxes("1,2,3") == [] and parse_boxes(None) == [] and parse_boxes("a,b,c,d") == []
