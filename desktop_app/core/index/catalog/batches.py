"""Helpers the catalog's parts share: batches sized for SQLite, and the part base class."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.index.catalog import Catalog

__all__ = ["BATCH", "CatalogPart", "batches", "marks"]

BATCH = 500  # rows per executemany / IN list: well under SQLite's variable limit


def batches(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """``items`` in slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(count: int) -> str:
    """``?,?,...`` for an IN list of ``count`` values."""
    return ",".join("?" * count)


class CatalogPart:
    """One part of the catalog: its own tables, on the catalog's connection and transactions."""

    def __init__(self, catalog: Catalog) -> None:
        self._db = catalog
