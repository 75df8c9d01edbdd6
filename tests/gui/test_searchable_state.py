"""The app tells the truth about what is searchable: any embedding model indexes, a NIM that is
down is shown as such (never "Up to date"), and indexing resumes by itself when it is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.core.owner import OwnerLock
from desktop_app.core.paths import TroveDirs
from desktop_app.core.settings import Settings
from desktop_app.ui.controller import AppController
from desktop_app.ui.main_window import MainWindow
from tests.nimsim import NimSimulator
from tests.nimsim.config import EmbedModelSpec

UNKNOWN = "acme/minilm-finetune-v3"


def _start(qtbot, dirs: TroveDirs, settings: Settings) -> AppController:
    lock = OwnerLock(dirs.lock_file)
    assert lock.try_acquire()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctl = AppController(app, dirs, settings, interactive=False, tray=False)
    ctl.start(setup=False)
    assert ctl.window is not None
    qtbot.addWidget(ctl.window)
    ctl._test_lock = lock  # type: ignore[attr-defined]
    return ctl


def _stop(ctl: AppController) -> None:
    ctl.shutdown()
    ctl._test_lock.release()  # type: ignore[attr-defined]


@pytest.fixture
def app(qtbot, dirs: TroveDirs, settings: Settings) -> Iterator[AppController]:
    ctl = _start(qtbot, dirs, settings)
    yield ctl
    _stop(ctl)


def _window(ctl: AppController) -> MainWindow:
    assert ctl.window is not None
    return ctl.window


def _folder_state(win: MainWindow) -> str:
    item = win.folders_view.folders.topLevelItem(0)
    return item.text(1) if item is not None else ""


@pytest.fixture
def unknown_model(sim: NimSimulator, settings: Settings) -> Settings:
    sim.config.embed_model = UNKNOWN
    sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)
    settings.set("embedding.model", UNKNOWN)
    # The simulator shares this process with the app: on a loaded machine a query can take
    # longer than the 10 s a user would wait, which (rightly) opens the breaker for a while.
    settings.set("nim.interactive_timeout", 120.0)
    settings.save()
    return settings


def test_an_unknown_model_indexes_and_searches_by_meaning(
    qtbot, dirs: TroveDirs, unknown_model: Settings, sample_folder: Path
) -> None:
    ctl = _start(qtbot, dirs, unknown_model)
    try:
        win = _window(ctl)
        win.folders_view.add_folder(str(sample_folder))
        qtbot.waitUntil(
            lambda: _folder_state(win) == "Up to date" == win.status_text.text(), timeout=30000
        )
        engine = ctl.bridge.engine
        assert engine is not None
        response = engine.search("keeper of the tower lamp", mode="semantic")
        assert response.mode == "semantic" and response.notice is None
        assert [sp.dimensions for sp in engine.catalog.spaces.all()] == [384]
    finally:
        _stop(ctl)


def test_a_nim_that_is_down_is_shown_and_indexing_resumes_when_it_is_back(
    qtbot, dirs: TroveDirs, settings: Settings, sample_folder: Path
) -> None:
    with NimSimulator(profile="local") as dead:
        port = dead.port
        url = dead.base_url
    for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
        settings.set(key, url)
    settings.set("nim.max_retries", 0)
    settings.save()
    ctl = _start(qtbot, dirs, settings)
    try:
        win = _window(ctl)
        win.folders_view.add_folder(str(sample_folder))
        qtbot.waitUntil(
            lambda: win.status_text.text().startswith("Embedding NIM unavailable since"),
            timeout=30000,
        )
        assert "Up to date" not in _folder_state(win)
        assert _folder_state(win).startswith("Embedding NIM unavailable since")

        with NimSimulator(profile="local", port=port):
            # The breaker's readiness probe sees it ready; the live indexer embeds by itself.
            qtbot.waitUntil(lambda: win.status_text.text() == "Up to date", timeout=60000)
            assert _folder_state(win) == "Up to date"
    finally:
        _stop(ctl)


def test_a_container_swapped_under_the_app_gets_a_new_index_not_a_bug_dialog(
    qtbot, dirs: TroveDirs, unknown_model: Settings, sim: NimSimulator, sample_folder: Path
) -> None:
    sim.config.embed_spec_override = EmbedModelSpec(512, 1024, matryoshka=False)
    ctl = _start(qtbot, dirs, unknown_model)
    try:
        win = _window(ctl)
        engine = ctl.bridge.engine
        assert engine is not None
        win.folders_view.add_folder(str(sample_folder))
        qtbot.waitUntil(lambda: _folder_state(win) == "Up to date", timeout=30000)

        sim.config.embed_spec_override = EmbedModelSpec(512, 384, matryoshka=False)
        response = engine.search("lighthouse lamp")  # hybrid: keyword results, a notice
        assert response.results and "384 dimensions" in (response.notice or "")
        (sample_folder / "new.txt").write_text("The keeper trims the wick at dawn.\n", "utf-8")
        # As the Folders page's "Index now" does (the live indexer would too, a little later).
        win.folders_view.reindex(retry_failed=False, quiet=True)

        def rebuilt() -> bool:
            spaces = engine.catalog.spaces.all()
            return [(s.dimensions, s.state) for s in spaces] == [(384, "active")]

        qtbot.waitUntil(rebuilt, timeout=120000)
        qtbot.waitUntil(lambda: win.status_text.text() == "Up to date", timeout=30000)
        assert not list(dirs.log.glob("crash-*.log"))
    finally:
        _stop(ctl)
