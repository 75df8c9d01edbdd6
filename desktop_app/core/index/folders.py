"""Which folders Trove indexes: adding one (an existing folder that overlaps no other) and finding
the one a path names. Paths are stored in the catalog's form (``fsnames.stored``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.errors import ConfigError
from desktop_app.core.fsnames import on_disk, stored
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.records import Folder

__all__ = ["add_folder", "find_folder"]


def add_folder(
    catalog: Catalog,
    path: str,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    poll: int = 0,
) -> Folder:
    """Add a folder (absolute, resolved) with its include/exclude globs; ConfigError if it does
    not exist or overlaps a folder already indexed."""
    folder = Path(on_disk(path)).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"{stored(str(folder))} is not a folder that exists.", key="folder")
    resolved = stored(str(folder.resolve()))
    for known in catalog.files.folders():
        overlaps = _nested(resolved, known.path) or _nested(known.path, resolved)
        if overlaps and resolved != known.path:
            raise ConfigError(
                f"{resolved} overlaps {known.path}, which Trove already indexes.",
                key="folder",
                hint="Index the outer folder with excludes, or remove it first.",
            )
    return catalog.files.add_folder(resolved, list(include), list(exclude), poll)


def find_folder(catalog: Catalog, path: str) -> str:
    """The catalog's path of the indexed folder ``path`` names; ConfigError if none."""
    resolved = stored(str(Path(on_disk(path)).expanduser().resolve()))
    for candidate in (resolved, stored(os.path.abspath(path))):
        if catalog.files.folder_for(candidate) is not None:
            return candidate
    raise ConfigError(
        f"{path} is not one of Trove's folders.",
        key="folder",
        hint="`trove folders list` shows them.",
    )


def _nested(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)
