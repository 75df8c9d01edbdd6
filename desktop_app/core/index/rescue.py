"""A damaged catalog: a rolling backup of its precious parts, and the rebuild from what is left.

Rebuild (``trove repair``, or the app when it finds the catalog damaged):

1. the damaged file is moved aside (``catalog.damaged-<time>.sqlite``, with its WAL);
2. a new catalog gets the folders, their settings and the conversations: from the damaged file
   where those pages still read, else from the newest backup in ``data/backup``;
3. the vectors Chroma holds are kept by the hash of their text (Chroma stores each chunk's text)
   in ``data/rescue/``, and the old store is moved aside (its ids are the old catalog's);
4. the text stage reads the folders again, and ``attach_rescued_vectors`` gives every chunk whose
   text is unchanged its old vector: the vector stage calls the NIM only for text that changed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.catalog.precious import salvage_precious
from desktop_app.core.index.records import SpaceState
from desktop_app.core.index.repair import move_store_aside
from desktop_app.core.ingest.rows import text_hash
from desktop_app.core.paths import TroveDirs

__all__ = [
    "BACKUP_GENERATIONS",
    "attach_rescued_vectors",
    "read_backup",
    "rescue_catalog",
    "rescue_pending",
    "rescue_report",
    "write_backup",
]

log = logging.getLogger(__name__)

BACKUP_GENERATIONS = 3
_BACKUP = "precious-{n}.json"


def _backup_file(directory: Path, n: int) -> Path:
    return directory / _BACKUP.format(n=n)


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_backup(catalog: Catalog, directory: Path) -> Path | None:
    """Back up folders and conversations when they changed since the newest backup.

    The last ``BACKUP_GENERATIONS`` distinct states are kept (``precious-1.json`` newest), so a
    backup written from an already damaged catalog cannot replace every good one.
    """
    doc = catalog.precious.export()
    body = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    newest = read_backup(directory)
    if (
        newest is not None
        and json.dumps(
            {k: v for k, v in newest.items() if k != "written_at"},
            ensure_ascii=False,
            sort_keys=True,
        )
        == body
    ):
        return None
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    for n in range(BACKUP_GENERATIONS - 1, 0, -1):
        older = _backup_file(directory, n)
        if older.exists():
            os.replace(older, _backup_file(directory, n + 1))
    target = _backup_file(directory, 1)
    stamped = json.dumps({**doc, "written_at": time.time()}, ensure_ascii=False, sort_keys=True)
    _write_private(target, stamped.encode("utf-8"))
    return target


def read_backup(directory: Path) -> dict[str, Any] | None:
    """The newest backup that reads, or None."""
    for n in range(1, BACKUP_GENERATIONS + 1):
        try:
            doc = json.loads(_backup_file(directory, n).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict) and isinstance(doc.get("folders"), list):
            return doc
    return None


def _rescue_dir(dirs: TroveDirs) -> Path:
    return dirs.data / "rescue"


def rescue_pending(dirs: TroveDirs) -> bool:
    """Whether a rebuilt catalog still waits for the vectors kept from the old store."""
    return _rescue_dir(dirs).is_dir()


def _move_catalog_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{target}{suffix}"))
    log.warning("moved the damaged catalog %s aside to %s", path, target)
    return target


def _keep_vectors(dirs: TroveDirs, out: Path) -> dict[str, int]:
    """Copy every Trove space's (text hash, vector) out of the embedded store; per-space counts."""
    from desktop_app.core.index.vectors import ChromaVectors, VectorStoreError

    kept: dict[str, int] = {}
    if not dirs.chroma_dir.exists():
        return kept
    try:
        store = ChromaVectors.embedded(dirs.chroma_dir)
    except VectorStoreError as exc:
        log.warning("no vectors kept from the old store: %s", exc)
        return kept
    try:
        for info in store.spaces():
            hashes: list[str] = []
            with open(out / f"{info.name}.f32", "wb") as raw:
                try:
                    for text, vector in store.texts_and_vectors(info.name):
                        hashes.append(text_hash(text))
                        raw.write(vector.astype("<f4").tobytes())
                except VectorStoreError as exc:  # a damaged store gives what it can
                    log.warning("kept %d vectors of %s before: %s", len(hashes), info.name, exc)
            meta = {"model": info.model, "dimensions": info.dimensions, "hashes": hashes}
            (out / f"{info.name}.json").write_text(json.dumps(meta), encoding="utf-8")
            kept[info.name] = len(hashes)
    finally:
        store.close()
    return kept


def rescue_catalog(dirs: TroveDirs, embedding_model: str) -> dict[str, Any]:
    """Steps 1-3 of the rebuild (see the module's docstring); what was kept, for the report."""
    path = dirs.catalog_file
    salvaged = salvage_precious(path)
    backup = read_backup(dirs.data / "backup") or {}
    moved = _move_catalog_aside(path)
    precious = {
        "folders": salvaged.get("folders", backup.get("folders", [])),
        "conversations": salvaged.get("conversations", backup.get("conversations", [])),
        "messages": salvaged.get("messages", backup.get("messages", [])),
    }
    source = {
        part: "damaged catalog" if part in salvaged else ("backup" if backup else "none")
        for part in ("folders", "conversations")
    }
    rescue = _rescue_dir(dirs)
    shutil.rmtree(rescue, ignore_errors=True)
    rescue.mkdir(parents=True, mode=0o700)
    kept = _keep_vectors(dirs, rescue)
    store_moved = move_store_aside(dirs.chroma_dir)
    with Catalog.open(path) as catalog:
        restored = catalog.precious.restore(precious)
        for name in kept:
            meta = json.loads((rescue / f"{name}.json").read_text(encoding="utf-8"))
            state: SpaceState = "active" if meta["model"] == embedding_model else "retired"
            catalog.spaces.ensure(name, meta["model"], int(meta["dimensions"]), state)
    report = {
        "catalog_moved_aside": str(moved),
        "store_moved_aside": str(store_moved) if store_moved else None,
        "restored": restored,
        "restored_from": source,
        "vectors_kept": sum(kept.values()),
    }
    (rescue / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return report


def rescue_report(dirs: TroveDirs) -> dict[str, Any] | None:
    """What ``rescue_catalog`` did, while its rebuild is pending."""
    try:
        doc = json.loads((_rescue_dir(dirs) / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def attach_rescued_vectors(catalog: Catalog, dirs: TroveDirs) -> int:
    """Step 4: give the rebuilt catalog's chunks the kept vectors of the same text; then the
    kept files are removed. How many chunks got a vector."""
    import numpy as np  # only when there is a rescue to attach

    rescue = _rescue_dir(dirs)
    attached = 0
    for meta_file in sorted(rescue.glob("*.json")):
        name = meta_file.stem
        if name == "report":
            continue
        if catalog.spaces.get(name) is None:
            continue
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        hashes = meta["hashes"]
        if not hashes:
            continue
        matrix = np.fromfile(rescue / f"{name}.f32", dtype="<f4").reshape(
            len(hashes), int(meta["dimensions"])
        )
        by_hash = {h: matrix[i].tobytes() for i, h in enumerate(hashes)}
        attached += catalog.spaces.keep_vectors_for_texts(name, by_hash)
    shutil.rmtree(rescue, ignore_errors=True)
    log.info("rebuilt catalog: %d chunks got their kept vector back", attached)
    return attached
