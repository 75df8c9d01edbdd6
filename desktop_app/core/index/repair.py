"""Repair: Chroma is a cache of the catalog, so a space that disagrees with it is rebuilt from it.

Run when the vector store opens and by ``trove repair``. A collection whose index is broken is
dropped and refilled from the vectors the catalog keeps (no NIM call); one whose ids merely
disagree is resynced: extra ids are deleted, missing ones queued again. A damaged embedded store
(its SQLite file or segments) cannot be fixed in place: ``trove repair`` moves it aside and
builds a new one from the catalog (``move_store_aside`` + ``reset_spaces``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.protocols import Health, VectorStore
from desktop_app.core.index.records import Space

__all__ = [
    "SpaceCheck",
    "check_spaces",
    "heal_spaces",
    "move_store_aside",
    "reset_spaces",
    "resync",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpaceCheck:
    """One live space compared with the catalog."""

    space: Space
    expected: int
    health: Health

    def entry(self) -> dict[str, Any]:
        """The JSON-ready line of a repair report."""
        return {
            "space": self.space.name,
            "ok": self.health.ok,
            "problem": self.health.problem,
            "count": self.health.count,
            "expected": self.expected,
        }


def check_spaces(catalog: Catalog, store: VectorStore) -> list[SpaceCheck]:
    """Compare each live space with the catalog (counts, probe queries); change nothing."""
    checks = []
    counts = catalog.counts()
    for space in catalog.spaces.all():
        if space.state == "retired":
            continue
        expected = counts.embedded.get(space.name, 0)
        store.ensure_space(space.name, space.model, space.dimensions)
        checks.append(SpaceCheck(space, expected, store.health_check(space.name, expected)))
    return checks


def heal_spaces(
    catalog: Catalog, store: VectorStore, checks: list[SpaceCheck] | None = None
) -> list[dict[str, Any]]:
    """Rebuild a broken space's index from the catalog's kept vectors, and resync ids that
    disagree. One entry per space checked (``checks``, or a fresh check)."""
    entries = []
    for check in checks if checks is not None else check_spaces(catalog, store):
        entry = check.entry()
        space, health = check.space, check.health
        if not health.ok:
            log.warning("vector space %s needs repair: %s", space.name, health.problem)
            if health.index_broken:
                store.drop_space(space.name)
                store.ensure_space(space.name, space.model, space.dimensions)
                catalog.spaces.reset(space.name)
            else:
                resync(catalog, store, space)
            entry["action"] = "rebuilt from the catalog"
        entries.append(entry)
    return entries


def resync(catalog: Catalog, store: VectorStore, space: Space) -> None:
    """Make Chroma's ids equal the catalog's embedded ids (drop extras, re-queue missing)."""
    in_store = {int(i) for i in store.ids(space.name)}
    embedded = catalog.spaces.embedded_ids(space.name)
    extra = in_store - embedded
    if extra:
        store.delete(space.name, [str(i) for i in extra])
    missing = embedded - in_store
    if missing:
        catalog.spaces.requeue(space.name, missing)


def move_store_aside(store_dir: Path) -> Path | None:
    """Rename a damaged store directory to ``<name>.damaged-<time>`` (kept for the user to
    inspect or delete); None if there was nothing to move."""
    if not store_dir.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = store_dir.with_name(f"{store_dir.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = store_dir.with_name(f"{store_dir.name}.damaged-{stamp}-{n}")
    store_dir.rename(target)
    log.warning("moved the damaged vector store %s aside to %s", store_dir, target)
    return target


def reset_spaces(catalog: Catalog, problem: str, moved_to: Path | None) -> list[dict[str, Any]]:
    """Queue every live space whole again for a new, empty store; its kept vectors refill it."""
    counts = catalog.counts()
    entries = []
    for space in catalog.spaces.all():
        if space.state == "retired":
            continue
        catalog.spaces.reset(space.name)
        entries.append(
            {
                "space": space.name,
                "ok": False,
                "problem": problem,
                "count": 0,
                "expected": counts.embedded.get(space.name, 0),
                "action": "rebuilt from the catalog",
                "moved_aside": str(moved_to) if moved_to is not None else None,
            }
        )
    return entries
