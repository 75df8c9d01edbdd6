"""Trove's own viewer, core side: a cited PDF passage found on its page as highlight boxes."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.command_table import run_command
from desktop_app.core.engine import Engine
from desktop_app.core.errors import ConfigError
from desktop_app.core.events import ignore
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from desktop_app.core.viewer.pdf_page import find_passage, render_page
from tests.unit.ingest_samples import make_pdf

LINES = [
    ["A first page about nothing in particular.", "It has two lines."],
    [
        "Opening words of the second page.",
        "The keeper climbs the tower",
        "every evening to light the lamp.",
        "A last unrelated line.",
    ],
]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    dirs = resolve_dirs(None)
    settings = Settings.load(dirs.settings_file)
    settings.set("index.workers", 1)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "keeper.pdf").write_bytes(make_pdf(LINES))
    engine = Engine(dirs, settings)
    engine.add_folder(str(folder))
    engine.index(vectors=False)
    yield engine
    engine.close()


def _page(engine: Engine, **args: object) -> dict[str, object]:
    result = run_command(engine, "viewer.page", dict(args), ignore, threading.Event())
    assert isinstance(result, dict)
    return result


def test_the_cited_passage_is_boxed_on_its_page(engine: Engine, tmp_path: Path) -> None:
    path = str(tmp_path / "docs" / "keeper.pdf")
    chunk = next(
        c
        for c in engine.catalog.chunks.of_file(engine.catalog.files.file(path).id)  # type: ignore[union-attr]
        if "keeper" in c.text
    )
    assert chunk.location.get("page") == 2
    page = _page(
        engine, path=path, page=2, zoom=1.0, passage="The keeper climbs the tower every evening"
    )
    assert (page["page"], page["pages"]) == (2, 2)
    width, height = int(page["width"]), int(page["height"])  # type: ignore[call-overload]
    assert (width, height) == (612, 792)  # points at zoom 1
    pixels = base64.b64decode(str(page["pixels"]))
    assert len(pixels) == int(page["stride"]) * height  # type: ignore[call-overload]
    boxes = page["boxes"]
    assert isinstance(boxes, list) and len(boxes) == 2  # the passage spans two lines
    (x1, y1, w1, h1), (x2, y2, _, _) = boxes
    # The second line of the page (first baseline 72 pt from the top, 14 pt leading) ...
    assert 72 <= x1 <= 80 and 70 <= y1 <= 90 and w1 > 100 and 8 <= h1 <= 20
    assert y2 > y1 and abs(x2 - x1) < 2  # ... and the third, below it
    zoomed = _page(engine, path=path, page=2, zoom=2.0, passage="The keeper climbs the tower")
    assert zoomed["boxes"][0][1] == pytest.approx(y1 * 2, abs=1.0)  # type: ignore[index]

    by_chunk = _page(engine, path=path, page=2, zoom=1.0, chunk_id=chunk.id)  # a search result's
    assert by_chunk["boxes"]  # the chunk's own text, looked up by the core
    elsewhere = _page(engine, path=path, page=1, zoom=1.0, passage="The keeper climbs the tower")
    assert elsewhere["boxes"] == []
    with pytest.raises(ConfigError, match="no page 3"):
        _page(engine, path=path, page=3)
    with pytest.raises(ConfigError, match="not an indexed file"):
        _page(engine, path=str(tmp_path / "elsewhere.pdf"), page=1)


def test_a_passage_is_found_whatever_its_spacing_and_case() -> None:
    text = "Intro.\r\nThe  Keeper climbs\r\nthe tower every\r\nevening. End."
    start, end = find_passage(text, "the keeper climbs the tower every evening.") or (0, 0)
    assert text[start:end] == "The  Keeper climbs\r\nthe tower every\r\nevening."
    long = " ".join(f"word{i}" for i in range(100))
    page = long.replace("word50", "WORD50 (changed by clean-up)")
    span = find_passage(page, long)  # not whole: bounded by its first and last characters
    assert span is not None and page[span[0] : span[1]].startswith("word0")
    assert page[span[0] : span[1]].endswith("word99")
    assert find_passage(text, "nothing like this") is None


def test_the_document_text_comes_in_order_with_the_cited_passage_marked(
    engine: Engine, tmp_path: Path
) -> None:
    notes = tmp_path / "docs" / "notes.md"
    sections = [f"# Part {i}\n\n" + " ".join(f"word{i}x{j}" for j in range(400)) for i in range(4)]
    notes.write_text("\n\n".join(sections), encoding="utf-8")
    engine.index(vectors=False)
    row = engine.catalog.files.file(str(notes))
    assert row is not None
    chunks = engine.catalog.chunks.of_file(row.id)
    assert len(chunks) >= 4
    cited = chunks[2]
    result = _page_text(engine, path=str(notes), chunk_id=cited.id)
    parts = result["parts"]
    assert [p["chunk_id"] for p in parts] == [c.id for c in chunks]
    assert result["cited"] == 2 and result["cut"] is False
    assert parts[0]["location"] and "Part 0" in parts[0]["location"]
    joined = " ".join(p["text"] for p in parts)
    assert joined.count("word1x200") == 1  # the chunker's overlap is shown once
    with pytest.raises(ConfigError, match="not an indexed file"):
        _page_text(engine, path=str(tmp_path / "nope.md"))


def _page_text(engine: Engine, **args: object) -> dict[str, Any]:
    result = run_command(engine, "viewer.text", dict(args), ignore, threading.Event())
    assert isinstance(result, dict)
    return result


def _rotated_copy(source: Path, target: Path, degrees: int) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    for page in pdf:
        page.set_rotation(degrees)
    pdf.save(str(target))
    pdf.close()


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_boxes_follow_a_rotated_page(engine: Engine, tmp_path: Path, degrees: int) -> None:
    upright = tmp_path / "docs" / "keeper.pdf"
    turned = tmp_path / "docs" / f"turned{degrees}.pdf"
    _rotated_copy(upright, turned, degrees)
    engine.index(vectors=False)
    phrase = "The keeper climbs the tower"
    straight = _page(engine, path=str(upright), page=2, zoom=1.0, passage=phrase)
    page = _page(engine, path=str(turned), page=2, zoom=1.0, passage=phrase)
    width, height = page["width"], page["height"]
    assert (width, height) == ((792, 612) if degrees in (90, 270) else (612, 792))
    ((x, y, w, h),) = straight["boxes"]  # type: ignore[misc]
    ((rx, ry, rw, rh),) = page["boxes"]  # type: ignore[misc]
    # The same rectangle, turned with the page (clockwise).
    expected = {
        90: (792 - y - h, x, h, w),
        180: (612 - x - w, 792 - y - h, w, h),
        270: (y, 612 - x - w, h, w),
    }[degrees]
    assert (rx, ry, rw, rh) == pytest.approx(expected, abs=0.6)
    # and the pixels there are the text's (dark), not the paper's
    pixels = base64.b64decode(str(page["pixels"]))
    stride = int(page["stride"])  # type: ignore[call-overload]
    bpp = 3 if page["pixel_format"] == "BGR" else 4
    dark = [
        pixels[int(py) * stride + int(px) * bpp]
        for px in range(int(rx), int(rx + rw))
        for py in range(int(ry), int(ry + rh))
    ]
    assert min(dark) < 100


def test_find_on_a_page_and_the_next_page_that_has_it(engine: Engine, tmp_path: Path) -> None:
    path = str(tmp_path / "docs" / "keeper.pdf")
    page = _page(engine, path=path, page=2, zoom=1.0, find="the")
    matches = page["matches"]
    assert isinstance(matches, list) and len(matches) >= 3  # "The keeper", "the tower", "the lamp"
    assert all(len(m) == 1 and m[0][2] > 5 for m in matches)
    find = lambda **a: run_command(engine, "viewer.find", a, ignore, threading.Event())  # noqa: E731
    assert find(path=path, query="keeper", after=1) == {"page": 2}
    assert find(path=path, query="keeper", after=2) == {"page": 2}  # wraps around to itself
    assert find(path=path, query="first page", after=2) == {"page": 1}
    assert find(path=path, query="first page", after=2, backward=True) == {"page": 1}
    assert find(path=path, query="absent words", after=1) == {"page": None}


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu-core


def _authored_pdf(target: Path, font: Path, lines: list[tuple[str, float, float]]) -> None:
    """A one-page PDF with ``(text, x, y)`` lines in a TrueType font, written with PDFium."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 792)
    data = font.read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    handle = raw.FPDFText_LoadFont(pdf.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)
    for text, x, y in lines:
        obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, handle, 12.0)
        wide = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(target))
    pdf.close()


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs fonts-dejavu-core")
def test_a_passage_in_one_column_stays_in_that_column(engine: Engine, tmp_path: Path) -> None:
    target = tmp_path / "docs" / "columns.pdf"
    left = ["Lighthouses guide ships", "along dangerous coasts", "through the night."]
    right = ["Gardens need water", "and patient hands", "every single day."]
    lines = [(t, 72, 700 - 14 * i) for i, t in enumerate(left)]
    lines += [(t, 330, 700 - 14 * i) for i, t in enumerate(right)]
    _authored_pdf(target, DEJAVU, lines)
    engine.index(vectors=False)
    page = _page(engine, path=str(target), page=1, zoom=1.0, passage="guide ships along dangerous")
    boxes = page["boxes"]
    assert isinstance(boxes, list) and len(boxes) == 2
    assert all(x >= 72 and x + w < 330 for x, _, w, _ in boxes)  # never into the right column
    page = _page(engine, path=str(target), page=1, zoom=1.0, passage="patient hands every single")
    assert page["boxes"] and all(x >= 329 for x, _, _, _ in page["boxes"])  # type: ignore[union-attr]


def test_a_korean_passage_is_found_across_line_breaks() -> None:
    # PDFium's own text output for a Korean page: lines end in CR LF, a hyphen mark may sit
    # where it broke a word. (Boxes on a Korean PDF are not tested: PDFium cannot author one
    # with a text layer here, and no Korean PDF ships with the test data.)
    page = "등대지기는 매일\r\n저녁 탑에 올라 등불을\r\n켭니다. 다른 줄입니다."
    span = find_passage(page, "매일 저녁 탑에 올라 등불을 켭니다.")
    assert (
        span is not None and page[span[0] : span[1]] == "매일\r\n저녁 탑에 올라 등불을\r\n켭니다."
    )


@pytest.mark.parametrize("degrees", [0, 90])
def test_text_dragged_over_on_the_page_is_copied(
    engine: Engine, tmp_path: Path, degrees: int
) -> None:
    path = tmp_path / "docs" / "keeper.pdf"
    if degrees:
        path = tmp_path / "docs" / "turned.pdf"
        _rotated_copy(tmp_path / "docs" / "keeper.pdf", path, degrees)
        engine.index(vectors=False)
    page = _page(engine, path=str(path), page=2, zoom=2.0, passage="The keeper climbs the tower")
    ((x, y, w, h),) = page["boxes"]  # type: ignore[misc]
    rect = [x - 2, y - 2, w + 4, h + 4]  # the line the passage starts on, as the user drags it
    copied = run_command(
        engine,
        "viewer.copy",
        {"path": str(path), "page": 2, "zoom": 2.0, "rect": rect},
        ignore,
        threading.Event(),
    )
    assert copied["text"].strip() == "The keeper climbs the tower"


def test_a_table_split_over_passages_reads_once_in_the_viewer_and_the_preview(
    engine: Engine, tmp_path: Path
) -> None:
    """The header every passage of a table repeats is no text of its own: shown once."""
    from desktop_app.core.search.passage import read_passage

    rows = "\n".join(f"| vendor{n} | March | {1000 + n} |" for n in range(150))
    page = tmp_path / "docs" / "payments.md"
    page.write_text(f"Payments.\n\n| Vendor | Month | Paid |\n| --- | --- | --- |\n{rows}\n")
    engine.index(vectors=False)
    row = engine.catalog.files.file(str(page))
    assert row is not None
    chunks = engine.catalog.chunks.of_file(row.id)
    assert len(chunks) >= 3 and all("| Vendor | Month | Paid |" in c.text for c in chunks)
    joined = "\n".join(p["text"] for p in _page_text(engine, path=str(page))["parts"])
    assert joined.count("| Vendor | Month | Paid |") == 1
    assert all(joined.count(f"| vendor{n} | March |") == 1 for n in range(150))
    middle = read_passage(engine.catalog, chunks[1].id, "vendor")
    assert "| Vendor | Month" not in middle["after"]
    assert not set(middle["text"].splitlines()[2:]) & set(middle["after"].splitlines())


def test_boxes_sit_on_the_text_of_a_page_whose_size_comes_from_the_page_tree(
    tmp_path: Path,
) -> None:
    """An A4 page without a MediaBox of its own (LaTeX writes them so): the passage's box is
    where its text is, not 50 points higher (off the image) as with US Letter assumed."""
    letter_page = make_pdf([["Restore from the nightly backup"]])
    a4_tree = (
        letter_page.replace(b"72 720 Td", b"72 800 Td")  # near the top of an A4 page
        .replace(b"/MediaBox [0 0 612 792] ", b" " * 24)
        .replace(b"/Type /Pages ", b"/Type /Pages /MediaBox [0 0 595 842] ")
    )
    path = tmp_path / "a4.pdf"
    path.write_bytes(a4_tree)
    image = render_page(path, 1, zoom=1.0, passage="Restore from the nightly backup")
    assert (image.width, image.height) == (595, 842)
    ((x, y, _w, h),) = image.boxes
    # The line's baseline is 800 pt up the page: 42 pt from the top, its letters just above.
    assert 25 <= y < 42 < y + h + 5 and x >= 72
