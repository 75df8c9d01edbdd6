"""Trove: search and chat with your own files through NVIDIA NIM."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata scans the installed
    # distributions (~30 ms), a cost every process (each extraction worker too) paid at start.
    if name != "__version__":
        raise AttributeError(f"module 'desktop_app' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("trove")
    except PackageNotFoundError:  # running from a source tree that was not installed
        found = "0.0.0+src"
    globals()["__version__"] = found
    return found
