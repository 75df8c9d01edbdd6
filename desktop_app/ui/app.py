"""``trove-gui``: start the desktop app, or raise the one already running.

The app owns the data dir like ``trove watch`` (one process writes the catalog and Chroma), so a
second launch finds the lock taken and asks the owner, over the same-user channel, to show its
window, then exits.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app imports lazily so `trove-gui --version` starts fast
    from desktop_app.core.paths import TroveDirs

__all__ = ["main"]

log = logging.getLogger(__name__)


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="trove-gui", description="Trove's desktop app.")
    parser.add_argument("--basedir", help="keep all of Trove's files under this directory")
    parser.add_argument(
        "--quit-after", type=int, metavar="MS", help="quit after MS milliseconds (smoke tests)"
    )
    parser.add_argument("--no-setup", action="store_true", help="skip the first-run setup")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser.parse_args(argv)


def _already_running(dirs: TroveDirs) -> bool | str:
    """True if another instance was raised; a message if the owner is not the app."""
    from desktop_app.core.errors import TroveError
    from desktop_app.core.events import ignore
    from desktop_app.core.owner import run_on_owner

    try:
        run_on_owner(dirs.data, "app.raise", {}, ignore)
        return True
    except TroveError as exc:
        return exc.user_text()


def main(argv: Sequence[str] | None = None) -> int:
    """Open Trove's window and run the Qt event loop."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    from desktop_app import __version__

    if args.version:
        print(f"Trove {__version__}")
        return 0

    from desktop_app.ui.system_libraries import (
        missing_libraries,
        missing_libraries_message,
        uses_xcb,
    )

    # Qt aborts the process when its platform plugin cannot load, naming the wrong library.
    missing = missing_libraries() if uses_xcb() else []
    if missing:
        print(missing_libraries_message(missing), file=sys.stderr)
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop_app.core.errors import TroveError
    from desktop_app.core.owner import OwnerLock
    from desktop_app.core.paths import private_file_mode, resolve_dirs
    from desktop_app.core.settings import Settings
    from desktop_app.ui.i18n import install_language
    from desktop_app.ui.icons import app_icon
    from desktop_app.ui.plain_text import escaped
    from desktop_app.ui.theme import apply_theme

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    private_file_mode()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Trove")
    app.setApplicationDisplayName("Trove")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("trove")
    app.setWindowIcon(app_icon())
    from desktop_app.ui.termination import TerminationWatch

    TerminationWatch(app)  # logout or `kill`: a clean quit (indexer stopped, layout saved)
    if args.quit_after:
        # Repeating: a modal dialog (the first-run setup) runs its own loop before app.exec.
        def quit_now() -> None:
            modal = app.activeModalWidget()
            if modal is not None:
                modal.close()
            app.quit()

        quitter = QTimer(app)
        quitter.timeout.connect(quit_now)
        quitter.start(args.quit_after)

    dirs = resolve_dirs(args.basedir).ensure()
    lock = OwnerLock(dirs.lock_file)
    if not lock.try_acquire():
        answer = _already_running(dirs)
        if answer is True:
            return 0
        apply_theme(app)
        QMessageBox.warning(
            None,
            "Trove",
            app.translate(
                "App",
                "Another Trove process (probably `trove watch` in a terminal) is using your "
                "index. Stop it, then open Trove again.",
            )
            + f"\n\n{answer}",
        )
        return 1
    try:
        try:
            settings = Settings.load(dirs.settings_file)
        except TroveError as exc:
            install_language("system")
            apply_theme(app)
            from desktop_app.ui.core_text import error_hint, error_text

            hint = error_hint(exc)
            text = error_text(exc) + (f"\n{hint}" if hint else "")
            QMessageBox.critical(None, "Trove", escaped(text))
            return 1
        install_language(settings["ui.language"])
        apply_theme(app)
        from desktop_app.ui.controller import AppController

        controller = AppController(app, dirs, settings, interactive=not args.quit_after)
        if not controller.start(setup=not args.no_setup):
            return 0
        code = int(app.exec())
        controller.shutdown()
        return code
    finally:
        lock.release()


if __name__ == "__main__":
    sys.exit(main())
