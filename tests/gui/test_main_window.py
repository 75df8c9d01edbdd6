"""The whole app in-process: controller, live indexing, window, folders, pause, single instance."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from desktop_app.core.paths import TroveDirs
from desktop_app.core.settings import Settings
from desktop_app.ui.controller import AppController
from desktop_app.ui.main_window import MainWindow
from tests.nimsim import NimSimulator


@pytest.fixture
def controller(qtbot, dirs: TroveDirs, settings: Settings) -> Iterator[AppController]:
    """The app as `trove-gui` builds it (owner channel, live indexer), without tray or setup."""
    from desktop_app.core.owner import OwnerLock

    lock = OwnerLock(dirs.lock_file)
    assert lock.try_acquire()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctl = AppController(app, dirs, settings, interactive=False, tray=False)
    ctl.start(setup=False)
    assert ctl.window is not None
    qtbot.addWidget(ctl.window)
    try:
        yield ctl
    finally:
        ctl.shutdown()
        lock.release()


def window(ctl: AppController) -> MainWindow:
    assert ctl.window is not None
    return ctl.window


def result_paths(win: MainWindow) -> list[str]:
    from desktop_app.ui.search_model import PathRole

    model = win.search_view.model
    return [Path(model.index(i, 0).data(PathRole)).name for i in range(model.rowCount())]


def test_added_folder_becomes_searchable(
    qtbot, controller, sample_folder: Path, sim: NimSimulator, settings: Settings
) -> None:
    win = window(controller)
    assert controller.bridge.index_dimensions() is None  # nothing embedded yet
    win.folders_view.add_folder(str(sample_folder))
    qtbot.waitUntil(lambda: win.folders_view.folders.topLevelItemCount() == 1, timeout=20000)
    win.focus_search()
    qtbot.keyClicks(win.search_view.findChild(QLineEdit, "searchField"), "lighthouse")
    qtbot.waitUntil(lambda: "lighthouse.txt" in result_paths(win), timeout=30000)
    # What the settings' connection test compares the NIM's vectors with.
    qtbot.waitUntil(lambda: controller.bridge.index_dimensions() is not None, timeout=30000)
    chosen = settings["embedding.dimensions"] or sim.config.embed_model_spec().dimensions
    assert controller.bridge.index_dimensions() == chosen


def test_dropping_a_folder_adds_it(qtbot, controller, sample_folder: Path) -> None:
    win = window(controller)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_folder))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    win.dropEvent(event)
    qtbot.waitUntil(lambda: win.folders_view.folders.topLevelItemCount() == 1, timeout=20000)
    assert win.pages.currentWidget() is win.folders_view
    item = win.folders_view.folders.topLevelItem(0)
    assert item.text(0) == str(sample_folder.resolve())


def test_errors_reach_the_message_bar(qtbot, controller, tmp_path: Path) -> None:
    win = window(controller)
    win.folders_view.add_folder(str(tmp_path / "no-such-folder"))
    qtbot.waitUntil(lambda: win.message_bar.isVisible(), timeout=10000)
    assert win.message_bar.current is not None and win.message_bar.current.level == "error"
    assert "not a folder that exists" in win.message_bar.findChild(QLabel, "messageText").text()


def test_pause_and_resume_follow_the_button(qtbot, controller) -> None:
    win = window(controller)
    assert not controller.bridge.paused
    win.pause_button.click()
    assert controller.bridge.paused
    qtbot.waitUntil(lambda: "paused" in win.status_text.text().lower(), timeout=10000)
    win.pause_button.click()
    assert not controller.bridge.paused
    assert controller.state.flag("paused") is False
    # The indexer says so itself from its thread: the window never reads the catalog for it.
    qtbot.waitUntil(lambda: "paused" not in win.status_text.text().lower(), timeout=10000)


def test_window_layout_is_remembered(qtbot, controller) -> None:
    win = window(controller)
    win.resize(900, 650)
    win.splitter.setSizes([150, 850])
    sizes = win.splitter.sizes()
    win.save_layout()
    second = MainWindow(controller.bridge, controller.messages, controller.state, tray=False)
    qtbot.addWidget(second)
    assert second.size() == win.size()
    assert second.splitter.sizes()[0] == sizes[0]  # the nav width; the rest follows the window


def test_second_launch_raises_the_first(qtbot, controller, dirs: TroveDirs) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with qtbot.wait_signal(controller.bridge.raiseRequested, timeout=30000):
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop_app.ui.app", "--quit-after", "20000"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # The Qt event loop must keep running for the channel's signal to arrive.
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30000)
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()


def test_ctrl_k_focuses_search(qtbot, controller) -> None:
    win = window(controller)
    win.nav.setCurrentRow(2)
    win.show()
    qtbot.waitExposed(win)
    win.focus_search()
    assert win.pages.currentWidget() is win.search_view
    field = win.search_view.findChild(QLineEdit, "searchField")
    qtbot.waitUntil(field.hasFocus, timeout=5000)


def test_an_unconfigured_window_says_what_is_missing_and_offers_the_setup(
    qtbot, dirs: TroveDirs, settings: Settings, monkeypatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from desktop_app.core.owner import OwnerLock
    from desktop_app.ui.setup_wizard import SetupWizard

    opened: list[SetupWizard] = []

    def fake_exec(wizard: SetupWizard) -> int:
        opened.append(wizard)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SetupWizard, "exec", fake_exec)

    dirs.settings_file.unlink()  # the setup was left: nothing saved
    lock = OwnerLock(dirs.lock_file)
    assert lock.try_acquire()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctl = AppController(app, dirs, settings, interactive=False, tray=False)
    try:
        ctl.start(setup=False)
        win = window(ctl)
        qtbot.addWidget(win)
        assert win.setup_offer.isVisible() and win.setup_action.isVisible()
        text = win.setup_offer.findChild(QLabel, "setupOfferText").text()
        assert "not set up" in text and "NIM" in text and "Keyword search works" in text
        win.setup_offer.findChild(QPushButton, "runSetup").click()
        assert len(opened) == 1  # the setup opened from the window
        assert win.setup_offer.isVisible()  # left again: still offered
    finally:
        ctl.shutdown()
        lock.release()


def test_a_configured_window_has_no_setup_offer(qtbot, controller) -> None:
    win = window(controller)
    assert not win.setup_offer.isVisible() and not win.setup_action.isVisible()


def _accelerators(menu) -> list[str]:
    keys = []
    for action in menu.actions():
        text = action.text()
        if "&" in text and not action.isSeparator() and action.isVisible():
            keys.append(text[text.index("&") + 1].lower())
    return keys


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_two_menu_items_share_a_key(qtbot, controller, language: str) -> None:
    from desktop_app.ui.i18n import install_language

    install_language(language)
    try:
        controller._rebuild_window()
        win = window(controller)
        qtbot.addWidget(win)
        for menu_action in win.menuBar().actions():
            keys = _accelerators(menu_action.menu())
            assert len(keys) == len(set(keys)), (menu_action.text(), keys)
    finally:
        install_language("en")


def test_a_passing_note_goes_to_the_status_bar_not_above_the_views(qtbot, controller) -> None:
    win = window(controller)
    controller.messages.info("Added a folder.")
    assert win.statusBar().currentMessage() == "Added a folder."
    assert not win.message_bar.isVisible()  # nothing above the views moved


def test_switching_language_keeps_the_view_and_what_was_typed(qtbot, controller) -> None:
    from desktop_app.ui.i18n import install_language

    win = window(controller)
    search = win.search_view
    search.mode_combo.setCurrentIndex(search.mode_combo.findData("keyword"))
    search.date_combo.setCurrentIndex(2)
    search.search_field.setText("lighthouse")
    win.chat_view.question.setPlainText("a question I am still writing")
    win.nav.setCurrentRow(1)
    install_language("ko")
    try:
        controller._rebuild_window()
        korean = window(controller)
        qtbot.addWidget(korean)
        assert korean is not win and korean.nav.item(0).text() == "검색"
        assert korean.nav.currentRow() == 1
        assert korean.search_view.search_field.text() == "lighthouse"
        assert korean.search_view.mode() == "keyword"
        assert korean.search_view.date_combo.currentIndex() == 2
        assert korean.chat_view.question.toPlainText() == "a question I am still writing"
    finally:
        install_language("en")


@pytest.fixture
def no_retries(settings: Settings) -> Settings:
    """The NIM failure shows at once instead of after the retries' back-off."""
    settings.set("nim.max_retries", 0)
    settings.save()
    return settings


def test_a_nim_failure_in_the_message_bar_goes_once_embedding_works_again(
    qtbot, no_retries, controller, sample_folder: Path, sim: NimSimulator
) -> None:
    win = window(controller)
    port = sim.port
    sim.stop()  # the embedding NIM goes away before the folder is read
    win.folders_view.add_folder(str(sample_folder))
    qtbot.waitUntil(lambda: win.message_bar.isVisible(), timeout=30000)
    shown = win.message_bar.current
    assert shown is not None and "embedding NIM" in shown.text
    with NimSimulator(profile="local", port=port):
        # The breaker's probe sees the NIM again, the live indexer embeds what waits, and the
        # failure no longer stands above the views.
        qtbot.waitUntil(lambda: not win.message_bar.isVisible(), timeout=60000)
        qtbot.waitUntil(lambda: win.status_text.text() == "Up to date", timeout=30000)


def test_a_nim_failure_reads_in_korean(qtbot) -> None:
    from desktop_app.ui import core_text
    from desktop_app.ui.i18n import install_language
    from desktop_app.ui.status import searchable_details

    failure = (
        "The embedding NIM at http://127.0.0.1:9/v1/embeddings cannot be reached "
        "(connection failed). Gave up after 5 retries."
    )
    assert install_language("ko") == "ko"
    try:
        core_text.unmatched.clear()
        details = searchable_details(
            {"state": "nim_unavailable", "passages": 9, "waiting": 5, "reason": failure}
        )
        assert "5번 재시도한 뒤 포기했습니다" in details and "Gave up" not in details
        assert "cannot be reached" not in details
        assert not core_text.unmatched, core_text.unmatched
    finally:
        install_language("en")


def test_a_folder_added_while_paused_waits_for_resume(
    qtbot, controller, sample_folder: Path
) -> None:
    """The folder is read by the live indexer, so the pause button holds it and the status bar
    says so; resuming reads and embeds it."""
    win = window(controller)
    engine = controller.bridge.engine
    assert engine is not None
    win.pause_button.click()
    win.folders_view.add_folder(str(sample_folder))
    qtbot.waitUntil(lambda: win.folders_view.folders.topLevelItemCount() == 1, timeout=20000)
    # Work queued on the write lane before this marker (the folder's add and anything it
    # started there) has run once the marker has.
    marker: list[bool] = []
    controller.runner.run(lambda: True, marker.append, lane="write")
    qtbot.waitUntil(lambda: marker == [True], timeout=20000)
    assert engine.catalog.counts().files.get("extracted", 0) == 0
    qtbot.waitUntil(lambda: win.status_text.text() == "Indexing paused", timeout=10000)
    win.pause_button.click()
    qtbot.waitUntil(lambda: engine.catalog.counts().files.get("extracted", 0) == 3, timeout=30000)
    qtbot.waitUntil(lambda: win.status_text.text() == "Up to date", timeout=30000)


def test_the_progress_bar_stays_while_a_slow_nim_embeds_and_goes_when_done(
    qtbot, bridge, messages, dirs: TroveDirs
) -> None:
    from desktop_app.ui.window_state import WindowState

    win = MainWindow(bridge, messages, WindowState(dirs.config / "ui.json"), tray=False)
    qtbot.addWidget(win)
    win.show()
    busy = {"type": "live_state", "state": "embedding", "chunks_waiting": 431}
    bridge.last_state = busy
    bridge.liveState.emit(busy)
    bridge.progress.emit({"type": "progress", "stage": "vectors", "done": 0, "total": 431})
    assert win.progress_bar.isVisible()
    assert win.status_text.text() == "Embedding passages 0 of 431"
    # No news for a while (the NIM's next answer is slow): still working, and it says so.
    qtbot.waitUntil(lambda: not win.status_line.idle.isActive(), timeout=10000)
    assert win.progress_bar.isVisible()
    assert win.status_text.text() == "Embedding passages 0 of 431"
    done = {
        "type": "live_state",
        "state": "idle",
        "searchable": {"state": "up_to_date", "passages": 431, "waiting": 0},
    }
    bridge.last_state = done
    bridge.liveState.emit(done)
    assert not win.progress_bar.isVisible()
    assert win.status_text.text() == "Up to date"


def test_pausing_while_embedding_says_so_until_the_indexer_has_paused(
    qtbot, bridge, messages, dirs: TroveDirs
) -> None:
    from desktop_app.ui.window_state import WindowState

    win = MainWindow(bridge, messages, WindowState(dirs.config / "ui.json"), tray=False)
    qtbot.addWidget(win)
    win.show()
    busy = {"type": "live_state", "state": "embedding", "chunks_waiting": 40}
    bridge.last_state = busy
    bridge.liveState.emit(busy)
    bridge.progress.emit({"type": "progress", "stage": "vectors", "done": 8, "total": 40})
    win.set_paused(True)
    assert win.status_text.text() == "Pausing…" and not win.progress_bar.isVisible()
    # Answers to requests sent before the pause still arrive: they do not read as "Embedding".
    bridge.progress.emit({"type": "progress", "stage": "vectors", "done": 16, "total": 40})
    assert win.status_text.text() == "Pausing…" and not win.progress_bar.isVisible()
    paused = {"type": "live_state", "state": "paused", "paused": True}
    bridge.last_state = paused
    bridge.liveState.emit(paused)
    assert win.status_text.text() == "Indexing paused"


def test_a_nim_failure_goes_as_soon_as_vectors_come_again(
    qtbot, bridge, messages, dirs: TroveDirs
) -> None:
    from desktop_app.ui.window_state import WindowState

    win = MainWindow(bridge, messages, WindowState(dirs.config / "ui.json"), tray=False)
    qtbot.addWidget(win)
    win.show()
    bridge.vectorsPaused.emit("The embedding NIM cannot be reached.")
    assert win.message_bar.isVisible()
    # The stage starts again (the NIM answered its readiness probe): not proof yet.
    bridge.progress.emit({"type": "progress", "stage": "vectors", "done": 0, "total": 697})
    assert win.message_bar.isVisible()
    # Its first vectors are: the failure no longer stands above the views.
    bridge.progress.emit({"type": "progress", "stage": "vectors", "done": 32, "total": 697})
    assert not win.message_bar.isVisible()
