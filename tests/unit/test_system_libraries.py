"""trove-gui names the system library Qt's xcb plugin lacks, instead of Qt's misleading abort."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.ui.system_libraries import (
    XCB_LIBRARIES,
    missing_libraries,
    missing_libraries_message,
    uses_xcb,
)


def test_a_missing_library_is_named_with_its_package() -> None:
    missing = missing_libraries(lambda soname: soname != "libxcb-icccm.so.4")
    assert missing == ["libxcb-icccm.so.4"]
    text = missing_libraries_message(missing)
    assert "libxcb-icccm.so.4" in text
    assert "apt-get install libxcb-icccm4" in text


def test_nothing_is_missing_when_everything_loads() -> None:
    assert missing_libraries(lambda soname: True) == []


def test_only_an_x11_start_on_linux_is_checked() -> None:
    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "darwin")
    assert not uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({}, "linux")


def _plugin_files() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    return [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]


@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd (Linux)")
def test_the_list_covers_every_x11_library_the_installed_plugin_loads() -> None:
    files = [f for f in _plugin_files() if f.exists()]
    if not files:
        pytest.skip("PySide6 has no xcb plugin here")
    needed: set[str] = set()
    for path in files:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        needed.update(re.findall(r"^\s*(lib\S+\.so\.\d+)\s+=>", out, re.MULTILINE))
    x11 = {n for n in needed if re.search(r"xcb|xkb|X11|GL|EGL|fontconfig|freetype", n)}
    assert x11, "ldd found no X11 libraries: the pattern is stale"
    assert x11 <= set(XCB_LIBRARIES), sorted(x11 - set(XCB_LIBRARIES))
