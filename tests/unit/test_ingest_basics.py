"""Token estimate, locations, encoding detection and the format registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.ingest import registry
from desktop_app.core.ingest.document import Extracted, Location, Section
from desktop_app.core.ingest.textdecode import BinaryContentError, decode_text, looks_binary
from desktop_app.core.ingest.tokens import estimate_tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", 0),
        ("   \n\t", 0),
        ("word", 1),
        ("words", 2),  # 4 letters per token
        ("123456", 2),  # 3 digits per token
        ("1234567", 3),
        ("Hello, world!", 6),  # "Hell" "o" "," "worl" "d" "!"
        ("한국어", 3),  # every other character is one token
        ("café", 2),  # "caf" + "é"
        ("a1b2", 4),
    ],
)
def test_estimate_tokens_follows_the_shared_formula(text: str, tokens: int) -> None:
    assert estimate_tokens(text) == tokens


def test_estimate_tokens_is_fast_enough_for_big_documents() -> None:
    import time

    text = "Lorem ipsum dolor sit amet, 12345 한국어 문장. " * 50_000  # ~2.3 MB
    start = time.perf_counter()
    assert estimate_tokens(text) > 0
    assert time.perf_counter() - start < 2.0  # ~0.15 s measured


def test_location_labels() -> None:
    assert Location(page=3).label() == "p. 3"
    assert Location(slide=2).label() == "slide 2"
    assert Location(sheet="Sheet1", rows="2-40").label() == "Sheet1 rows 2-40"
    assert Location(rows="7").label() == "row 7"
    assert Location(lines="1").label() == "line 1"
    assert Location(heading="Intro > Setup").label() == "Intro > Setup"
    assert Location(lines="10-42").label() == "lines 10-42"
    assert Location(heading="Intro > Setup", lines="10-42").label() == "Intro > Setup, lines 10-42"
    assert Location(page=4, heading="Book > Part > Chapter").label() == "p. 4, Chapter"
    assert Location().label() == ""


def test_location_round_trips_through_json() -> None:
    location = Location(page=3, heading="A > B")
    stored = json.dumps(location.to_dict())
    assert stored == '{"page": 3, "heading": "A > B"}'
    assert Location.from_dict(json.loads(stored)) == location
    assert Location.from_dict({"lines": "1-2", "from_the_future": 1}) == Location(lines="1-2")
    assert Location.from_dict(None) == Location()


def test_extracted_text_joins_sections() -> None:
    extracted = Extracted("text", [Section("a"), Section("b")])
    assert extracted.text == "a\n\nb"
    assert extracted.encoding is None and extracted.notes == []


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("\ufeffhé".encode(), "hé", "utf-8"),
        ("hé".encode("utf-16"), "hé", "utf-16-le"),
        ("\ufeffhé".encode("utf-16-be"), "hé", "utf-16-be"),
        ("\ufeffhé".encode("utf-32-le"), "hé", "utf-32-le"),
        (b"plain ascii", "plain ascii", "utf-8"),
    ],
)
def test_decode_text_boms_and_fast_path(data: bytes, text: str, encoding: str) -> None:
    assert decode_text(data) == (text, encoding)


def test_decode_text_refuses_binary() -> None:
    with pytest.raises(BinaryContentError):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert looks_binary(bytes(range(32)) * 8)
    assert not looks_binary("한국어 텍스트\n".encode())


def test_registry_knows_the_formats_by_extension_and_name() -> None:
    names = "a.PDF b.docx c.pptx d.xlsx e.csv f.epub g.odt h.rtf i.eml j.html k.md l.rst m.py n.txt"
    for name in [*names.split(), "Dockerfile", "README"]:
        assert registry.is_supported(name), name
    for name in ("movie.mp4", "archive.zip", "noext", ".bashrc", "old.doc"):
        assert not registry.is_supported(name), name
    spec = registry.lookup(Path("x.Markdown"))
    assert spec is not None and spec.kind == "markdown"
    assert ".pdf" in registry.supported_extensions()


def test_registry_is_lazy_about_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from desktop_app.core.index.scan import scan_folder; "
        "from desktop_app.core.ingest.extract import extract; "
        "print(sorted(m for m in ('pypdfium2','docx','pptx','openpyxl','lxml','bs4','PySide6') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _upper(path: Path) -> Extracted:
    return Extracted("shout", [Section(path.read_text(encoding="utf-8").upper())])


def test_register_overrides_and_unregister_restores(tmp_path: Path) -> None:
    from desktop_app.core.ingest.extract import extract

    path = tmp_path / "x.txt"
    path.write_text("quiet", encoding="utf-8")
    registry.register(["TXT"], _upper, "shout")
    try:
        assert extract(path).sections[0].text == "QUIET"
        assert ".txt" in registry.custom_registrations()
    finally:
        registry.unregister([".txt"])
    assert extract(path).sections[0].text == "quiet"
