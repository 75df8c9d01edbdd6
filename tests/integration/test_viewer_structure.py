"""Trove's viewer for formats other than PDF: the document's structure rebuilt from the catalog
(headings, slides, sheets as tables, a mail's headers), the cited passage marked in it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.command_table import run_command
from desktop_app.core.engine import Engine
from desktop_app.core.events import ignore
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings


def make_samples(folder: Path) -> None:
    """A deck, a workbook, a long CSV, a mail and a Word report."""
    import docx
    import openpyxl
    import pptx

    deck = pptx.Presentation()
    for title, body in [
        ("Quarterly results", "Revenue up 10%\nCosts flat"),
        ("Next steps", "Hire two engineers\nOpen the Busan office"),
    ]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    deck.save(folder / "review.pptx")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Payments"
    sheet.append(["Vendor", "Month", "Paid"])
    for n in range(1, 40):
        sheet.append([f"Vendor{n}", "March", n * 100])
    other = book.create_sheet("Notes")
    other.append(["Remember the wombat audit"])
    book.save(folder / "ledger.xlsx")

    rows = ["Name,City,Score"] + [f"Person{n},City{n % 7},{n}" for n in range(1, 400)]
    (folder / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    (folder / "lunch.eml").write_text(
        "From: Mina <mina@example.com>\nTo: team@example.com\nSubject: Lunch plans\n"
        "Date: Mon, 7 Dec 2026 10:00:00 +0000\n\nLet's meet at noon by the harbour.\n",
        encoding="utf-8",
    )

    report = docx.Document()
    report.add_heading("Annual report", 1)
    report.add_paragraph("The year went well for the lighthouse.")
    report.add_heading("Findings", 2)
    report.add_paragraph("The lamp needs a new lens.")
    report.save(folder / "report.docx")

    prices = docx.Document()
    prices.add_heading("Prices", 1)
    prices.add_paragraph("What the lamps cost this year.")
    grid = prices.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["Lamp", "Watts", "Price"], ["Harbour", "60", "120"], ["Tower", "500", "900"]]
    ):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    prices.add_paragraph("Prices include the lens.")
    prices.save(folder / "prices.docx")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    folder = tmp_path / "docs"
    folder.mkdir()
    make_samples(folder)
    dirs = resolve_dirs(None)
    settings = Settings.load(dirs.settings_file)
    settings.set("index.workers", 1)
    engine = Engine(dirs, settings)
    engine.add_folder(str(folder))
    engine.index(vectors=False)
    yield engine
    engine.close()


def _blocks(engine: Engine, path: Path, word: str | None = None) -> dict[str, Any]:
    row = engine.catalog.files.file(str(path))
    assert row is not None, path
    chunk_id = None
    if word is not None:
        chunk_id = next(c.id for c in engine.catalog.chunks.of_file(row.id) if word in c.text)
    args = {"path": str(path), "chunk_id": chunk_id}
    result = run_command(engine, "viewer.text", args, ignore, threading.Event())
    assert isinstance(result, dict)
    return result


def test_slides_come_as_slides_with_their_numbers_and_titles(
    engine: Engine, tmp_path: Path
) -> None:
    result = _blocks(engine, tmp_path / "docs" / "review.pptx", "Busan")
    slides = result["blocks"]
    assert [(b["kind"], b["number"], b["title"]) for b in slides] == [
        ("slide", 1, "Quarterly results"),
        ("slide", 2, "Next steps"),
    ]
    assert "Revenue up 10%" in slides[0]["text"] and "Quarterly" not in slides[0]["text"]
    assert [b["cited"] for b in slides] == [False, True]


def test_a_workbook_comes_as_one_table_per_sheet_with_the_cited_rows(
    engine: Engine, tmp_path: Path
) -> None:
    result = _blocks(engine, tmp_path / "docs" / "ledger.xlsx", "Vendor20")
    payments, notes = result["blocks"]
    assert (payments["kind"], payments["title"]) == ("table", "Payments")
    assert payments["header"] == ["Vendor", "Month", "Paid"]
    numbers = [r["row"] for r in payments["rows"]]
    assert numbers == list(range(2, 41))  # every row once, numbered as in the sheet
    assert payments["rows"][0]["cells"] == ["Vendor1", "March", "100"]
    first, last = payments["cited"]
    assert first <= 21 <= last  # Vendor20 sits on row 21
    assert notes["title"] == "Notes" and notes["cited"] is None
    assert notes["rows"] == [{"row": 1, "cells": ["Remember the wombat audit"]}]


def test_a_long_csv_is_one_table_its_rows_once_in_order(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "docs" / "people.csv"
    row = engine.catalog.files.file(str(path))
    assert row is not None and len(engine.catalog.chunks.of_file(row.id)) > 2  # many chunks
    (table,) = _blocks(engine, path, "Person250 ")["blocks"]
    assert table["header"] == ["Name", "City", "Score"]
    assert [r["row"] for r in table["rows"]] == list(range(2, 401))
    assert table["rows"][248]["cells"] == ["Person249", "City4", "249"]
    first, last = table["cited"]
    assert first <= 251 <= last


def test_a_mail_comes_with_its_headers(engine: Engine, tmp_path: Path) -> None:
    mail, body = _blocks(engine, tmp_path / "docs" / "lunch.eml", "harbour")["blocks"]
    assert mail["kind"] == "mail"
    assert dict(mail["headers"])["Subject"] == "Lunch plans"
    assert dict(mail["headers"])["From"] == "Mina <mina@example.com>"
    assert body["kind"] == "text" and body["text"] == "Let's meet at noon by the harbour."
    assert body["cited"] is True


def test_headings_come_as_headings_with_their_levels(engine: Engine, tmp_path: Path) -> None:
    blocks = _blocks(engine, tmp_path / "docs" / "report.docx", "lens")["blocks"]
    assert [(b["kind"], b.get("level"), b["text"]) for b in blocks] == [
        ("heading", 1, "Annual report"),
        ("text", None, "The year went well for the lighthouse."),
        ("heading", 2, "Findings"),
        ("text", None, "The lamp needs a new lens."),
    ]
    assert [b.get("cited") for b in blocks] == [None, False, None, True]
