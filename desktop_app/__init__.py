"""Trove: search and chat with your own files through NVIDIA NIM."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trove")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+src"
