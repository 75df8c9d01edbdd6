"""Bugs (not expected failures) end here: a log file with the traceback and one calm dialog."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from desktop_app.core.crashlog import write_crash_log
from desktop_app.core.errors import scrub

__all__ = ["CrashHandler"]

log = logging.getLogger(__name__)


class CrashHandler:
    """Writes crash logs under ``log_dir``; shows a dialog unless ``interactive`` is False."""

    def __init__(self, log_dir: Path, interactive: bool = True) -> None:
        self.log_dir = log_dir
        self.interactive = interactive
        self._showing = False

    def install(self) -> None:
        """Route uncaught exceptions (GUI thread and Qt slots) here."""
        sys.excepthook = self._excepthook

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        self.report(exc)

    def report(self, exc: BaseException) -> Path | None:
        """Log ``exc`` with its traceback (the key scrubbed) and tell the user once."""
        path = write_crash_log(self.log_dir, exc, "trove-gui")
        log.error("unexpected error: %s", scrub(f"{type(exc).__name__}: {exc}"))
        if self.interactive and not self._showing:
            self._show(exc, path)
        return path

    def _show(self, exc: BaseException, path: Path | None) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        self._showing = True
        try:
            box = QMessageBox()
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(QApplication.translate("Crash", "Trove hit a bug"))
            box.setText(
                QApplication.translate(
                    "Crash",
                    "Something went wrong inside Trove. Your index and settings are safe; "
                    "the current action did not finish.",
                )
            )
            if path is not None:
                box.setInformativeText(
                    QApplication.translate(
                        "Crash", "Details were saved to {path}. Please include them in a report."
                    ).format(path=path)
                )
            box.setDetailedText(scrub(f"{type(exc).__name__}: {exc}"))
            box.exec()
        finally:
            self._showing = False
