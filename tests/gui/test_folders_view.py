"""The folders view tells what was left out: links it will not follow, files cut at the cap."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.ui.folders_view import FoldersView


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
