"""Which system libraries Qt's X11 (xcb) platform plugin needs, and which of them are missing.

When one is missing, Qt aborts with "Could not load the Qt platform plugin xcb" and, since Qt
6.5, a hint about ``libxcb-cursor0`` even when that one is present. ``trove-gui`` asks this module
first, so it can name the library (and the package to install) instead. The list is what ``ldd``
shows for ``PySide6/Qt/plugins/platforms/libqxcb.so`` and ``libQt6XcbQpa.so.6``, beyond Qt's own
libraries and the C runtime; a test keeps it in step with the installed Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

__all__ = ["XCB_LIBRARIES", "missing_libraries", "missing_libraries_message", "uses_xcb"]

# soname -> Debian/Ubuntu package that ships it.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}


def uses_xcb(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Whether Qt will load its xcb plugin: Linux, an X display, no other platform asked for."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0] == "xcb"
    # A Wayland session may use Qt's wayland plugin, which needs none of these.
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The sonames of ``XCB_LIBRARIES`` the dynamic loader cannot find."""
    return [soname for soname in XCB_LIBRARIES if not loads(soname)]


def missing_libraries_message(missing: list[str]) -> str:
    """What to tell the user (on the terminal: no window can open) about ``missing``."""
    packages = " ".join(XCB_LIBRARIES[soname] for soname in missing)
    return (
        "Trove's window cannot open: Qt's X11 plugin needs these system libraries, which are "
        f"not installed: {', '.join(missing)}.\n"
        f"On Debian or Ubuntu: sudo apt-get install {packages}\n"
        "(On Fedora the packages are named xcb-util-wm, xcb-util-keysyms, xcb-util-cursor, "
        "xcb-util-image, xcb-util-renderutil and libxkbcommon-x11.)"
    )
