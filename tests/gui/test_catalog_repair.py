"""The app finds its catalog damaged: it repairs it (as `trove repair`) and starts as before."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.core.engine import Engine
from desktop_app.core.owner import OwnerLock
from desktop_app.core.paths import TroveDirs
from desktop_app.core.settings import Settings
from desktop_app.ui.controller import AppController
from tests.gui.test_main_window import result_paths


def test_app_rebuilds_a_truncated_catalog_and_keeps_folders_and_chats(
    qtbot, dirs: TroveDirs, settings: Settings, sample_folder: Path, sim
) -> None:
    engine = Engine(dirs, settings)
    engine.add_folder(str(sample_folder), exclude=["*.md"])
    engine.index()
    engine.catalog.conversations.create("Lighthouse questions")
    engine.close()  # backs up folders and conversations
    os.truncate(dirs.catalog_file, dirs.catalog_file.stat().st_size // 2)
    sim.reset()

    lock = OwnerLock(dirs.lock_file)
    assert lock.try_acquire()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctl = AppController(app, dirs, settings, interactive=False, tray=False)
    try:
        assert ctl.start(setup=False)
        win = ctl.window
        assert win is not None
        qtbot.addWidget(win)
        qtbot.waitUntil(lambda: win.folders_view.folders.topLevelItemCount() == 1, timeout=30000)
        win.focus_search()
        qtbot.keyClicks(win.search_view.findChild(QLineEdit, "searchField"), "lighthouse")
        qtbot.waitUntil(lambda: "lighthouse.txt" in result_paths(win), timeout=30000)
        assert ctl.bridge.engine is not None
        catalog = ctl.bridge.engine.catalog
        assert [f.exclude for f in catalog.files.folders()] == [("*.md",)]
        assert [c.title for c in catalog.conversations.list_all()] == ["Lighthouse questions"]
        assert list(dirs.data.glob("catalog.damaged-*"))
    finally:
        ctl.shutdown()
        lock.release()
