"""The Search view against a real engine and the NIM simulator: typing, modes, filters, preview."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.core.fsnames import stored
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.desktop_open import DesktopOpener
from desktop_app.ui.search_view import SearchView
from desktop_app.ui.text_viewer import TextViewer


class Recorder:
    """Stands in for the OS: records what would have been launched (the one allowed fake)."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.commands: list[list[str]] = []
        self.copied: list[str] = []

    def opener(self) -> DesktopOpener:
        def run(command: list[str], wait: bool) -> int:
            self.commands.append(command)
            return 0

        def open_url(path: str) -> bool:
            self.opened.append(path)
            return True

        return DesktopOpener(
            platform="linux",
            which=lambda name: None,
            runner=run,
            open_url=open_url,
            copy_text=self.copied.append,
            background=False,
        )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def make_view(qtbot, bridge: EngineBridge, messages, recorder: Recorder) -> SearchView:
    view = SearchView(bridge, messages, opener=recorder.opener())
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    return view


@pytest.fixture
def view(qtbot, indexed_bridge: EngineBridge, messages, recorder: Recorder) -> SearchView:
    view = make_view(qtbot, indexed_bridge, messages, recorder)
    # The folder list arrives asynchronously; filters rely on it.
    qtbot.waitUntil(lambda: view.folder_combo.count() == 2)
    return view


def type_text(widget: Any, text: str) -> None:
    """Type any text, one key event per character (QTest.keyClicks only handles Latin-1)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def names(view: SearchView) -> list[str]:
    return [os.path.basename(p) for p in view.model.paths()]


def spy_searches(bridge: EngineBridge) -> list[dict[str, Any]]:
    """Record the search commands the view sends (the real call still runs)."""
    seen: list[dict[str, Any]] = []
    real = bridge.call

    def call(command: str, args: dict[str, Any], *rest: Any, **kw: Any) -> Any:
        if command == "search":
            seen.append(dict(args))
        return real(command, args, *rest, **kw)

    bridge.call = call  # type: ignore[method-assign]
    return seen


def test_typing_shows_results_after_debounce(qtbot, view: SearchView) -> None:
    searches = spy_searches(view.bridge)
    assert view.empty_label.text() == "Type to search your files"
    qtbot.keyClicks(view.search_field, "lighthouse keeper")
    assert searches == []  # nothing is sent while typing
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert [s["query"] for s in searches] == ["lighthouse keeper"]  # one search, the whole query
    assert names(view)[0] == "lighthouse.txt"
    assert view.stack.currentWidget() is view.results
    first = view.model.result(0)
    assert first is not None and first["highlights"]  # matched words are marked in the snippet


def test_korean_query_finds_the_korean_file(qtbot, view: SearchView) -> None:
    type_text(view.search_field, "등대지기")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert names(view)[0] == "korean.txt"


def test_stale_results_never_replace_newer_ones(qtbot, view: SearchView, sim) -> None:
    # The first query goes through the (slow) embedding NIM; the second is keyword-only, so it
    # answers first and the first one's answer arrives late.
    sim.config.latency_s = 0.5
    view.set_query("lighthouse")
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("keyword"))
    view.search_field.clear()
    qtbot.keyClicks(view.search_field, "tomatoes")
    with qtbot.waitSignal(view.resultsShown, check_params_cb=lambda q: q == "tomatoes"):
        pass
    # "not busy" means every callback, the late one included, has run on the GUI thread.
    qtbot.waitUntil(lambda: not view.bridge.runner.busy, timeout=10000)
    assert names(view) == ["garden.md"]
    assert view.model.query == "tomatoes"


def test_keyword_mode_asks_no_nim(qtbot, view: SearchView, sim) -> None:
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("keyword"))
    assert view.mode() == "keyword"
    before = sim.counters["embeddings"]
    qtbot.keyClicks(view.search_field, "tower")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert names(view) == ["lighthouse.txt"]
    assert sim.counters["embeddings"] == before
    assert view.notice_text() == ""


def test_filters_narrow_results(qtbot, view: SearchView, sample_folder: Path) -> None:
    engine = view.bridge.engine
    assert engine is not None
    two_years_ago = time.time() - 2 * 365 * 86400
    os.utime(sample_folder / "garden.md", (two_years_ago, two_years_ago))
    engine.index()
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("keyword"))
    view.set_query("tomatoes OR lighthouse")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert sorted(names(view)) == ["garden.md", "lighthouse.txt"]

    with qtbot.waitSignal(view.resultsShown):
        view.date_combo.setCurrentIndex(view.date_combo.findText("Past year"))
    assert names(view) == ["lighthouse.txt"]

    with qtbot.waitSignal(view.resultsShown):
        view.type_combo.setCurrentIndex(view.type_combo.findText("PDF"))
    assert view.model.rowCount() == 0
    assert view.stack.currentWidget() is view.empty_label
    assert "No results for" in view.empty_label.text()
    assert view.folder_combo.itemData(1) == str(sample_folder)


def test_selecting_a_result_shows_the_passage(qtbot, view: SearchView, recorder: Recorder) -> None:
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("keyword"))
    qtbot.keyClicks(view.search_field, "lamp")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    with qtbot.waitSignal(view.previewShown):
        view.results.setCurrentIndex(view.model.index(0))
    assert view.preview_title.text() == "lighthouse.txt"
    text = view.preview.toPlainText()
    assert "The lighthouse keeper climbs the tower every evening to light the lamp." in text
    marked = re.findall(r'background-color:#[0-9a-fA-F]{6};?">([^<]*)<', view.preview.toHtml())
    assert marked == ["lamp"]
    assert view.open_button.isEnabled() and view.view_button.isEnabled()
    view.open_button.click()  # the file's own program stays one click away
    view.preview_pane.reveal_button.click()
    path = Path(view.model.paths()[0])
    assert recorder.opened == [str(path), str(path.parent)]


def test_keyboard_down_enter_copy_escape(qtbot, view: SearchView, recorder: Recorder) -> None:
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("keyword"))
    view.focus_search()
    qtbot.keyClicks(view.search_field, "garden")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    qtbot.keyClick(view.search_field, Qt.Key.Key_Down)
    assert view.results.hasFocus() or view.results.currentIndex().row() == 0
    assert view.selected_result() is not None
    with qtbot.waitSignal(view.viewerOpened, timeout=20000) as opened:
        qtbot.keyClick(view.results, Qt.Key.Key_Return)  # Trove's own viewer, at the passage
    viewer = opened.args[0]
    assert isinstance(viewer, TextViewer) and viewer.path.endswith("garden.md")
    qtbot.waitUntil(lambda: viewer.passage_range is not None, timeout=20000)
    assert "patience" in viewer.text.toPlainText()
    viewer.close()
    assert recorder.opened == []  # nothing launched outside Trove
    view.results.setFocus()
    qtbot.keyClick(view.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert len(recorder.copied) == 1 and recorder.copied[0].endswith("garden.md")
    qtbot.keyClick(view.results, Qt.Key.Key_Escape)
    assert view.search_field.text() == ""
    assert view.model.rowCount() == 0


def test_notice_when_semantic_search_is_unavailable(qtbot, view: SearchView, sim) -> None:
    sim.fail_next(401, times=5)  # the embedding NIM refuses the key: not worth retrying
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("semantic"))
    qtbot.keyClicks(view.search_field, "lighthouse")
    qtbot.waitUntil(lambda: view.notice_text() != "", timeout=10000)
    assert "Semantic search is unavailable" in view.notice_text()
    assert names(view) == ["lighthouse.txt"]  # keyword results instead


def test_index_change_refreshes_the_query(qtbot, view: SearchView, sample_folder: Path) -> None:
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("keyword"))
    view.set_query("lighthouse")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    (sample_folder / "beacon.txt").write_text("A lighthouse guides ships at night.\n")
    engine = view.bridge.engine
    assert engine is not None
    engine.index()
    view.bridge.indexChanged.emit()
    view.bridge.indexChanged.emit()  # a burst is one refresh
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert sorted(names(view)) == ["beacon.txt", "lighthouse.txt"]


def test_nothing_indexed_empty_state(qtbot, bridge: EngineBridge, messages, recorder) -> None:
    view = make_view(qtbot, bridge, messages, recorder)
    qtbot.waitUntil(lambda: "Nothing indexed yet" in view.empty_label.text())
    with qtbot.waitSignal(view.addFolderRequested):
        view.empty_label.linkActivated.emit("add-folder")


def test_results_show_undecodable_name_bytes_as_replacement_characters(qtbot) -> None:
    from PySide6.QtCore import Qt

    from desktop_app.core.fsnames import stored
    from desktop_app.ui.search_model import PathRole, ResultsModel

    path = stored("/docs/caf\udce9/bad\udcff.txt")  # as the catalog keeps b"caf\xe9/bad\xff.txt"
    model = ResultsModel()
    model.set_results([{"path": path, "snippet": "hi", "location": ""}], "hi")
    index = model.index(0, 0)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "bad\ufffd.txt"
    assert "/docs/caf\ufffd/bad\ufffd.txt" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.data(index, PathRole) == path  # the stored path, for opening the file


def test_a_slow_search_shows_that_it_runs_and_fades_the_old_results(
    qtbot, view: SearchView, sim
) -> None:
    qtbot.keyClicks(view.search_field, "lighthouse")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert not view.busy and view.notice_text() == ""
    before = names(view)
    sim.config.latency_s = 2.0  # a slow NIM: the query embedding takes seconds
    view.search_field.setText("tomatoes")
    qtbot.waitUntil(lambda: view.busy, timeout=5000)
    assert view.notice_text() == "Searching…" and view.busy_bar.isVisible()
    assert view._stale_effect.isEnabled()  # the lighthouse rows stay, marked as old
    assert names(view) == before
    sim.config.latency_s = 0.0
    qtbot.waitUntil(lambda: not view.busy, timeout=15000)
    assert names(view)[0] == "garden.md" and not view._stale_effect.isEnabled()


def test_rows_never_scroll_sideways(qtbot, view: SearchView) -> None:
    view.resize(900, 300)  # room for about one row: the list needs its vertical scroll bar
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("hybrid"))
    view.search_field.setText("lighthouse tower garden tomatoes 등대")
    qtbot.waitUntil(lambda: view.model.rowCount() >= 2, timeout=10000)
    qtbot.waitUntil(lambda: view.results.verticalScrollBar().maximum() > 0)
    viewport = view.results.viewport().width()
    assert view.results.horizontalScrollBar().maximum() == 0
    assert view.results.visualRect(view.model.index(0)).width() <= viewport


def test_switching_mode_shows_the_new_list_from_its_top(qtbot, view: SearchView) -> None:
    view.resize(900, 300)
    view.search_field.setText("lighthouse tower garden tomatoes 등대")
    qtbot.waitUntil(lambda: view.model.rowCount() >= 2, timeout=10000)
    bar = view.results.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    shown: list[str] = []
    view.resultsShown.connect(shown.append)
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("keyword"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert bar.value() == 0


def test_korean_snippet_lines_fit_their_row(qtbot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from desktop_app.ui.search_model import ResultDelegate, _lines_height

    delegate = ResultDelegate()
    font = QFont()
    korean = "등대지기는 매일 저녁 탑에 올라 등불을 켭니다. " * 6
    doc = delegate._snippet_lines(korean, [], QColor("black"), "<b>", "</b>", font, 220)
    two_lines = _lines_height(doc, 2)
    assert QFontMetrics(font).lineSpacing() < two_lines <= 2 * delegate._snippet_line(font)


def test_the_match_is_always_in_the_visible_lines_of_a_snippet(qtbot) -> None:
    from PySide6.QtGui import QFont

    from desktop_app.ui.search_model import ResultDelegate, _line_of

    delegate = ResultDelegate()
    text = "filler words that say nothing at all " * 12 + "lighthouse keeper at the end"
    start = text.index("lighthouse")
    doc = delegate._snippet_lines(
        text, [(start, start + 10)], QColor("black"), "<b>", "</b>", QFont(), 260
    )
    shown = doc.toPlainText()
    assert shown.startswith("… ")
    assert _line_of(doc, shown.index("lighthouse")) < ResultDelegate.SNIPPET_LINES


def test_the_preview_starts_level_with_the_results(qtbot, view: SearchView) -> None:
    from PySide6.QtCore import QPoint

    qtbot.keyClicks(view.search_field, "lighthouse")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    list_top = view.stack.mapTo(view, QPoint(0, 0)).y()
    preview_top = view.preview.mapTo(view, QPoint(0, 0)).y()
    assert abs(list_top - preview_top) <= 2


def test_with_no_folders_the_search_offers_to_add_one(
    qtbot, bridge: EngineBridge, messages, recorder: Recorder
) -> None:
    view = make_view(qtbot, bridge, messages, recorder)
    qtbot.keyClicks(view.search_field, "anything")
    qtbot.waitUntil(lambda: "Nothing indexed yet" in view.empty_label.text(), timeout=10000)
    assert "add a folder" in view.empty_label.text()
    assert view.notice_text() == ""  # no "semantic search is unavailable" on top of it
    with qtbot.waitSignal(view.addFolderRequested, timeout=1000):
        view.empty_label.linkActivated.emit("add-folder")


def test_dates_read_well_even_in_the_c_locale(qtbot) -> None:
    from PySide6.QtCore import QLocale

    from desktop_app.ui.search_model import format_mtime

    before = QLocale()
    QLocale.setDefault(QLocale.c())
    try:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", format_mtime(1_796_000_000))
    finally:
        QLocale.setDefault(before)


def test_a_result_read_by_ocr_says_so_in_the_windows_language(qtbot) -> None:
    from desktop_app.ui.search_model import location_label

    result = {"location": "p. 3, OCR", "location_detail": {"page": 3, "ocr": True}}
    assert location_label(result) == "p. 3, OCR"
    assert location_label({"location_detail": {"page": 3}}) == "p. 3"
    assert location_label({"location_detail": {"lines": "7"}}) == "line 7"
    assert location_label({"location_detail": {"rows": "2-9"}}) == "rows 2-9"
    from desktop_app.ui.i18n import install_language

    assert install_language("ko") == "ko"
    try:
        assert location_label(result) == "3쪽, OCR"
        assert location_label({"location_detail": {"lines": "1-4"}}) == "1-4행"
    finally:
        install_language("en")


def test_a_folder_whose_name_is_not_unicode_reads_plainly_in_the_filter(view: SearchView) -> None:
    # A Latin-1 folder name on a UTF-8 system: kept losslessly as data, shown with a � mark.
    odd = stored("/archive/caf" + b"\xe9".decode("utf-8", "surrogateescape"))
    view.filters._on_folders([{"path": odd}])
    assert view.folder_combo.itemData(1) == odd
    assert view.folder_combo.itemText(1) == "caf\ufffd"
    assert "\ufffd" in view.folder_combo.itemData(1, Qt.ItemDataRole.ToolTipRole)


def test_a_translated_search_says_what_it_also_searched(qtbot, view: SearchView, sim) -> None:
    # Plain text: the chat NIM's reply is shown as written, never read as markup.
    view.bridge.settings.set("search.translate_to", ["en"])
    sim.config.chat_reply = "<b>lighthouse</b> keeper"
    type_text(view.search_field, "등대지기")
    qtbot.keyClick(view.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Also searched as" in view.notice_text())
    assert view.notice_text() == "Also searched as: “<b>lighthouse</b> keeper”"
    assert view.notice.textFormat() == Qt.TextFormat.PlainText
    assert set(names(view)) >= {"korean.txt", "lighthouse.txt"}  # both languages found
    view.search_field.clear()
    assert view.notice_text() == ""


def test_typing_translates_only_the_query_it_settles_on(
    qtbot, indexed_bridge: EngineBridge, messages, recorder: Recorder, sim, monkeypatch
) -> None:
    monkeypatch.setattr("desktop_app.ui.search_pace.SETTLE_MS", 600_000)  # no pause is that long
    view = make_view(qtbot, indexed_bridge, messages, recorder)
    view.bridge.settings.set("search.translate_to", ["en"])
    sim.config.chat_reply = "lighthouse keeper"
    searches = spy_searches(view.bridge)
    before = sim.counters["chat"]
    type_text(view.search_field, "등대지기")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    qtbot.waitUntil(lambda: not view.bridge.runner.busy)
    assert [s["translate"] for s in searches] == [False]  # typing searches as typed
    assert sim.counters["chat"] == before
    assert "Also searched as" not in view.notice_text()
    qtbot.keyClick(view.search_field, Qt.Key.Key_Return)  # Enter: this is the query
    qtbot.waitUntil(lambda: "Also searched as" in view.notice_text())
    assert [s["translate"] for s in searches] == [False, True]
    assert sim.counters["chat"] == before + 1
    assert view.notice_text() == "Also searched as: “lighthouse keeper”"


def test_a_pause_in_typing_runs_the_translated_search(qtbot, view: SearchView, sim) -> None:
    view.bridge.settings.set("search.translate_to", ["en"])
    sim.config.chat_reply = "lighthouse keeper"
    searches = spy_searches(view.bridge)
    type_text(view.search_field, "등대지기")
    qtbot.waitUntil(lambda: "Also searched as" in view.notice_text(), timeout=10000)
    assert [s["translate"] for s in searches] == [False, True]  # as typed, then translated


def test_without_translation_typing_searches_once(qtbot, view: SearchView, sim) -> None:
    assert view.bridge.settings["search.translate_to"] == []
    searches = spy_searches(view.bridge)
    type_text(view.search_field, "등대지기")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    qtbot.keyClick(view.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(searches) == 2 and not view.bridge.runner.busy)
    assert sim.counters["chat"] == 0
    assert "Also searched as" not in view.notice_text()


def test_the_translations_line_reads_in_korean(qtbot) -> None:
    from desktop_app.ui.i18n import install_language
    from desktop_app.ui.search_status import SearchStatus

    status = SearchStatus()
    qtbot.addWidget(status)
    assert install_language("ko") == "ko"
    try:
        status.set_translations(["lighthouse keeper"])
        assert "lighthouse keeper" in status.text()
        assert "Also searched as" not in status.text()
    finally:
        install_language("en")
