"""Repair: Chroma is a cache of the catalog, so a space that disagrees with it is rebuilt from it.

Run when the vector store opens and by ``trove repair``. A collection whose index is broken is
dropped and refilled from the vectors the catalog keeps (no NIM call); one whose ids merely
disagree is resynced: extra ids are deleted, missing ones queued again.
"""

from __future__ import annotations

import logging
from typing import Any

from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.protocols import VectorStore
from desktop_app.core.index.records import Space

__all__ = ["heal_spaces", "resync"]

log = logging.getLogger(__name__)


def heal_spaces(catalog: Catalog, store: VectorStore) -> list[dict[str, Any]]:
    """Compare each live space with the catalog (counts, probe queries); rebuild a broken index
    from the catalog's kept vectors, and resync ids that disagree. One entry per space checked."""
    entries = []
    counts = catalog.counts()
    for space in catalog.spaces.all():
        if space.state == "retired":
            continue
        expected = counts.embedded.get(space.name, 0)
        store.ensure_space(space.name, space.model, space.dimensions)
        health = store.health_check(space.name, expected)
        entry: dict[str, Any] = {
            "space": space.name,
            "ok": health.ok,
            "problem": health.problem,
            "count": health.count,
            "expected": expected,
        }
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
