"""The core never imports Qt: it must run headless and be testable without a display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import desktop_app.core


def test_core_imports_no_qt() -> None:
    modules = [
        info.name for info in pkgutil.walk_packages(desktop_app.core.__path__, "desktop_app.core.")
    ]
    assert len(modules) > 5
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import desktop_app.cli\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core or CLI pulled in Qt: {out}"
