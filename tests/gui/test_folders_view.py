"""The Folders view: empty files apart from failures, readable reasons, per-file actions, and
what was left out (links it will not follow, files cut at the cap)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.ui import core_text
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.folders_view import FoldersView
from desktop_app.ui.i18n import install_language


class FakeOpener:
    """Records what the view asked to open or reveal."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.revealed: list[str] = []

    def open(self, path: str, page: int | None = None) -> bool:
        self.opened.append(path)
        return True

    def reveal(self, path: str) -> bool:
        self.revealed.append(path)
        return True


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    root = tmp_path / "mixed"
    root.mkdir()
    (root / "notes.txt").write_text("The lighthouse keeper lights the lamp every evening.\n")
    (root / "empty.txt").write_text("")
    (root / "blank.md").write_text("  \n\n")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    return root


@pytest.fixture
def indexed_mixed(bridge: EngineBridge, mixed_folder: Path) -> EngineBridge:
    assert bridge.engine is not None
    bridge.engine.add_folder(str(mixed_folder))
    bridge.engine.index()
    return bridge


def _view(qtbot, bridge: EngineBridge, messages, opener: FakeOpener | None = None) -> FoldersView:
    view = FoldersView(bridge, messages, opener=opener or FakeOpener())  # type: ignore[arg-type]
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.folders.topLevelItemCount() == 1, timeout=10000)
    return view


def test_empty_files_are_listed_apart_and_not_counted_as_failures(
    qtbot, indexed_mixed, messages, mixed_folder: Path
) -> None:
    view = _view(qtbot, indexed_mixed, messages)
    failed = [view.failed.topLevelItem(i) for i in range(view.failed.topLevelItemCount())]
    empty = [view.empty.topLevelItem(i) for i in range(view.empty.topLevelItemCount())]
    assert [Path(i.text(0)).name for i in failed] == ["broken.pdf"]
    assert sorted(Path(i.text(0)).name for i in empty) == ["blank.md", "empty.txt"]
    assert view.folders.topLevelItem(0).text(3) == "1"  # the folder's Failed column
    assert "(1)" in view.problems.tabText(0) and "(2)" in view.problems.tabText(1)
    assert view.failed_label.text().endswith(": 1")


def test_a_two_line_reason_reads_as_what_happened_and_what_to_do(
    qtbot, indexed_mixed, messages
) -> None:
    view = _view(qtbot, indexed_mixed, messages)
    item = view.failed.topLevelItem(0)
    what, todo = item.text(1), item.text(2)
    assert "broken.pdf" in what and "damaged" in what and "\n" not in what
    assert todo and "\n" not in todo and todo not in what
    assert "((" not in what and ").)" not in what


def test_each_listed_file_can_be_opened_revealed_retried_and_excluded(
    qtbot, indexed_mixed, messages, mixed_folder: Path
) -> None:
    opener = FakeOpener()
    view = _view(qtbot, indexed_mixed, messages, opener)
    broken = str(mixed_folder / "broken.pdf")
    actions = {a.text().replace("&", ""): a for a in view.file_actions(broken, failed=True)}
    assert set(actions) == {"Open", "Show in folder", "Retry this file", "Exclude from indexing"}
    actions["Open"].trigger()
    actions["Show in folder"].trigger()
    assert opener.opened == [broken] and opener.revealed == [broken]
    empty_actions = [a.text().replace("&", "") for a in view.file_actions(broken, failed=False)]
    assert "Retry this file" not in empty_actions

    actions["Exclude from indexing"].trigger()
    assert indexed_mixed.engine is not None
    qtbot.waitUntil(
        lambda: "broken.pdf" in indexed_mixed.engine.folders()[0].exclude, timeout=10000
    )
    qtbot.waitUntil(lambda: view.failed.topLevelItemCount() == 0, timeout=20000)


def test_failure_reasons_are_translated_in_korean(qtbot, indexed_mixed, messages) -> None:
    assert install_language("ko") == "ko"
    try:
        core_text.unmatched.clear()
        view = _view(qtbot, indexed_mixed, messages)
        item = view.failed.topLevelItem(0)
        for column in (1, 2):
            assert any("\uac00" <= c <= "\ud7a3" for c in item.text(column)), item.text(column)
        assert not core_text.unmatched
    finally:
        install_language("en")


def test_the_folder_dialog_opens_at_home_then_beside_the_last_folder(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    from desktop_app.ui import folder_dialog

    monkeypatch.setattr(folder_dialog, "_last", [])
    asked: list[str] = []
    chosen = tmp_path / "photos" / "2026"
    chosen.mkdir(parents=True)

    def fake_dialog(parent, title, start):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(chosen)

    monkeypatch.setattr(folder_dialog.QFileDialog, "getExistingDirectory", fake_dialog)
    assert folder_dialog.choose_directory(None, "Add") == str(chosen)
    assert folder_dialog.choose_directory(None, "Add") == str(chosen)
    assert asked == [str(Path.home()), str(chosen.parent)]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")
def test_skipped_links_and_cut_files_are_listed(qtbot, bridge, messages, tmp_path: Path) -> None:
    root, outside = tmp_path / "docs", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("not ours\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", root / "link.txt")
    (root / "long.txt").write_text("\n\n".join("word " * 80 for _ in range(30)), "utf-8")
    assert bridge.engine is not None
    bridge.engine.settings.set("index.max_chunks_per_file", 2)
    bridge.engine.add_folder(str(root))
    done: list[dict] = []
    bridge.call("index", {"text_only": True}, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    view = FoldersView(bridge, messages)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.failed.topLevelItemCount() == 2, timeout=30000)
    rows = {
        Path(view.failed.topLevelItem(i).text(0)).name: view.failed.topLevelItem(i).text(1)
        for i in range(2)
    }
    assert rows["link.txt"].startswith("Skipped: link outside folder")
    assert rows["long.txt"].startswith("Cut at 2 passages")
    assert view.failed_label.text().endswith(": 0")  # neither is a failure


def test_a_file_read_by_an_engine_without_its_language_says_so_with_the_way_out(
    qtbot, bridge, messages, tmp_path: Path
) -> None:
    from PIL import Image

    from tests.nimsim import NimSimulator

    root = tmp_path / "scans"
    root.mkdir()
    Image.new("RGB", (600, 800), "white").save(root / "계약서.png")
    assert bridge.engine is not None
    with NimSimulator() as sim:
        sim.config.ocr_route = "infer"
        for key, value in [
            ("ocr.base_url", sim.base_url),
            ("ocr.model", "nvidia/nemotron-ocr-v1"),  # English only
            ("ocr.engine", "nim"),
            ("index.workers", 1),
        ]:
            bridge.engine.settings.set(key, value)
        bridge.engine.add_folder(str(root))
        done: list[dict] = []
        bridge.call("index", {"text_only": True}, done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=30000)
    view = FoldersView(bridge, messages)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.failed.topLevelItemCount() == 1, timeout=30000)
    item = view.failed.topLevelItem(0)
    assert Path(item.text(0)).name == "계약서.png"
    assert item.text(1).startswith("Looks Korean, which the OCR engine")
    assert "nemotron-ocr-v2" in item.text(2)
    assert view.failed_label.text().endswith(": 0")  # not a failure


def test_retrying_one_fixed_file_indexes_it_alone(
    qtbot, indexed_mixed, messages, mixed_folder: Path
) -> None:
    from tests.unit.ingest_samples import make_pdf

    view = _view(qtbot, indexed_mixed, messages)
    broken = mixed_folder / "broken.pdf"
    broken.write_bytes(make_pdf([["The repaired report about lighthouse keepers."]]))
    actions = {a.text().replace("&", ""): a for a in view.file_actions(str(broken), failed=True)}

    actions["Retry this file"].trigger()

    assert indexed_mixed.engine is not None
    engine = indexed_mixed.engine
    qtbot.waitUntil(lambda: view.failed.topLevelItemCount() == 0, timeout=20000)
    row = engine.catalog.files.file(str(broken))
    assert row is not None and row.state == "extracted"
    assert engine.search("repaired lighthouse report", mode="keyword").results
