"""``trove-gui``: the desktop app. A placeholder window until the desktop-app issue lands."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> int:
    """Open Trove's window and run the Qt event loop."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from desktop_app import __version__

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Trove")
    window = QMainWindow()
    window.setWindowTitle(f"Trove {__version__}")
    label = QLabel(
        app.translate(
            "MainWindow",
            "Trove's window is coming. Meanwhile, use the `trove` command: trove --help",
        )
    )
    label.setMargin(24)
    window.setCentralWidget(label)
    window.resize(720, 240)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
