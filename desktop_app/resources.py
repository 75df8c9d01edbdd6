"""Find Trove's bundled resources (icons, translations) in a source checkout and a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["RESOURCES_DIR_NAME", "resource_path", "resources_root"]

RESOURCES_DIR_NAME = "resources"


def resources_root() -> Path:
    """The folder holding Trove's resources: the bundle's copy when frozen, else the repo's."""
    # PyInstaller unpacks (one-file) or lays out (one-folder, `_internal/`) its data under
    # sys._MEIPASS; the spec copies the repo's resources/ there under the same name.
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / RESOURCES_DIR_NAME
    # Source checkout: resources/ sits at the repo top level, next to the desktop_app package.
    return Path(__file__).resolve().parent.parent / RESOURCES_DIR_NAME


def resource_path(*parts: str) -> Path:
    """The path of one resource, e.g. ``resource_path("icons", "trove.svg")``.

    Does not check that the file exists: callers decide whether a missing resource is fatal.
    """
    for part in parts:
        # Keep lookups inside the resources folder; a stray absolute or ".." part is a bug.
        if Path(part).is_absolute() or ".." in Path(part).parts:
            raise ValueError(f"resource path part must be relative and inside resources/: {part!r}")
    return resources_root().joinpath(*parts)
