"""Render the README's screenshots of Trove's main views under a real X server.

    xvfb-run -s "-screen 0 1400x900x24" python docs/make_screenshots.py

Builds a throwaway Trove home with a few English and Korean documents, indexes them against the
NIM simulator, then grabs the search, chat, folders and setup views at 1280x800 (English, plus the
search view in Korean) and Trove's own viewer on a PDF result into docs/screenshots/. Needs a
CJK font (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget  # noqa: E402

from desktop_app.core import status_report  # noqa: E402
from desktop_app.core.owner import OwnerLock  # noqa: E402
from desktop_app.core.paths import resolve_dirs  # noqa: E402
from desktop_app.core.settings import Settings  # noqa: E402
from tests.nimsim import NimSimulator  # noqa: E402

OUT = ROOT / "docs" / "screenshots"

DOCS = {
    "handbook/network-setup.md": "# Network setup\n\nTo configure a static IP address, edit "
    "/etc/network/interfaces and restart the networking service. DNS servers go in "
    "/etc/resolv.conf.\n\n## Wireless\n\nWi-Fi networks are configured with NetworkManager.\n",
    "handbook/backup-policy.txt": "Backups run every night at 02:00. Weekly full backups are "
    "kept for three months; daily incremental backups for two weeks. Restores are tested "
    "every quarter.\n",
    "handbook/security.md": "# Security\n\nPasswords must be rotated every 90 days. Use the VPN "
    "for remote access. Report lost laptops to IT within one hour.\n",
    "팀/회의록-2026-10.md": "# 10월 회의록\n\n네트워크 설정 변경은 다음 주 화요일에 진행합니다. "
    "백업 정책은 매일 밤 2시에 실행됩니다.\n",
    "팀/보안-지침.txt": "비밀번호는 90일마다 변경해야 합니다. 원격 접속에는 VPN을 사용하세요.\n",
}


def settle(ms: int = 600) -> None:
    """Let queued work, timers and repaints run."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition, timeout_ms: int = 30000) -> None:  # type: ignore[no-untyped-def]
    waited = 0
    while not condition():
        settle(100)
        waited += 100
        if waited > timeout_ms:
            raise SystemExit("timed out waiting for the app")


def grab(widget: QWidget, name: str) -> None:
    settle(400)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print("wrote", path.relative_to(ROOT))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="trove-shots-"))
    folder = home / "Documents"
    for rel, text in DOCS.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    from tests.unit.ingest_samples import make_pdf

    (folder / "handbook" / "restore-guide.pdf").write_bytes(
        make_pdf(
            [
                ["Restore guide", "", "Who may ask for a restore: any employee, for their files."],
                [
                    "Restoring a backup",
                    "",
                    "Backups run every night at 02:00 and are kept for two weeks.",
                    "To restore a file, open a ticket with the file's path and the date",
                    "you need; IT restores it into a folder named Restored.",
                    "",
                    "Whole machines are restored from the weekly full backup.",
                ],
            ]
        )
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Trove")
    with NimSimulator(profile="local") as sim:
        sim.config.embed_content_words = True  # as the app's demo NIM (ui/demo_server.py)
        sim.config.chat_reply = (
            "Backups run every night at 02:00 [1]. Weekly full backups are kept for three months "
            "and daily incremental ones for two weeks [1]. "
            "Whole machines are restored from the weekly full backup [2]."
        )
        dirs = resolve_dirs(home / "trove").ensure()
        settings = Settings.load(dirs.settings_file)
        for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
            settings.set(key, sim.base_url)
        settings.save()

        from desktop_app.ui.i18n import install_language
        from desktop_app.ui.setup_wizard import SetupWizard
        from desktop_app.ui.tasks import TaskRunner
        from desktop_app.ui.theme import apply_theme

        apply_theme(app)
        wizard = SetupWizard(dirs, Settings(), TaskRunner())
        wizard.ask_before_leaving = False
        wizard.resize(760, 560)
        wizard.show()
        grab(wizard, "setup")
        wizard.close()

        lock = OwnerLock(dirs.lock_file)
        assert lock.try_acquire()
        from desktop_app.ui.controller import AppController

        ctl = AppController(app, dirs, settings, interactive=False, tray=False)
        ctl.start(setup=False)
        window = ctl.window
        assert window is not None
        window.resize(1280, 800)
        window.folders_view.add_folder(str(folder))
        engine = ctl.bridge.engine
        assert engine is not None
        wait_for(lambda: status_report.status(engine)["files"].get("extracted") == len(DOCS) + 1)
        wait_for(lambda: all(s["queued"] == 0 for s in status_report.status(engine)["spaces"]))

        field = window.search_view.findChild(QLineEdit, "searchField")
        window.focus_search()
        field.setText("backup schedule")
        settle(1500)
        results = window.search_view.findChild(QWidget, "results")
        if results is not None:
            results.setFocus()
            index = results.model().index(0, 0)
            results.setCurrentIndex(index)
        grab(window, "search")

        # Trove's own viewer on a PDF result: the page, the passage highlighted, a word found.
        field.setText("restore a file ticket")
        settle(1500)
        view = window.search_view
        row = next(i for i, p in enumerate(view.model.paths()) if p.endswith(".pdf"))
        view.results.setCurrentIndex(view.model.index(row))
        viewer = view.open_selected()
        assert viewer is not None
        viewer.resize(900, 640)
        settle(2000)
        viewer.find_field.setText("restore")
        viewer.find_next(True)
        settle(1500)
        grab(viewer, "viewer")
        viewer.close()

        window.nav.setCurrentRow(1)
        question = window.chat_view.findChild(QPlainTextEdit, "question")
        question.setPlainText("When do backups run?")
        window.chat_view.send() if hasattr(window.chat_view, "send") else None
        settle(3000)
        grab(window, "chat")

        window.nav.setCurrentRow(2)
        grab(window, "folders")

        install_language("ko")
        ctl._rebuild_window()
        korean = ctl.window
        assert korean is not None
        korean.resize(1280, 800)
        korean.focus_search()
        korean.search_view.findChild(QLineEdit, "searchField").setText("백업 정책")
        settle(1500)
        grab(korean, "search-ko")
        ctl.shutdown()
        lock.release()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
