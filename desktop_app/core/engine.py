"""The one object the CLI and the GUI drive: folders, indexing, search, status, repair.

The engine assumes its process owns the data dir (see ``owner.py``); ``command_table.py`` takes
the lock or forwards to the owner. Stores and NIM clients open lazily, so a keyword search never
waits for Chroma to load or a NIM to answer.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from desktop_app.core import events
from desktop_app.core.engine_search import EngineSearch
from desktop_app.core.errors import (
    ConfigError,
    DiskFullError,
    NimDimensionsRefusedError,
    NimUnavailableError,
    TroveError,
)
from desktop_app.core.events import Emit
from desktop_app.core.index import folders as indexed_folders
from desktop_app.core.index.catalog import Catalog, SearchFilters
from desktop_app.core.index.protocols import VectorStore
from desktop_app.core.index.records import Folder, Space, SpaceState
from desktop_app.core.index.repair import (
    check_spaces,
    heal_spaces,
    move_store_aside,
    reset_spaces,
)
from desktop_app.core.index.rescue import (
    attach_rescued_vectors,
    rescue_pending,
    rescue_report,
    write_backup,
)
from desktop_app.core.index.scan import FolderRules
from desktop_app.core.index.text_stage import TextStage
from desktop_app.core.ingest.chunker import default_chunk_tokens
from desktop_app.core.ingest.worker import ExtractionPool, take_warm_pool
from desktop_app.core.interactive import InteractiveWork
from desktop_app.core.nim.breaker import Breaker
from desktop_app.core.nim.facts import ModelFacts
from desktop_app.core.nim_clients import NimClients
from desktop_app.core.paths import TroveDirs
from desktop_app.core.searchable import Searchable, VectorStageRecord, judge
from desktop_app.core.settings import Settings

if TYPE_CHECKING:
    from desktop_app.core.index.vector_stage import VectorStage
    from desktop_app.core.search.hybrid import SearchResponse

__all__ = ["Engine"]

_S = TypeVar("_S")

log = logging.getLogger(__name__)

# Chunks sized for the smallest known embedding limit (512 tokens), whatever the model: switching
# models then never re-chunks, so the old space keeps answering while the new one is built.
_CHUNK_LIMIT_TOKENS = 512


class Engine:
    """Trove's headless core for one data dir."""

    def __init__(
        self,
        dirs: TroveDirs,
        settings: Settings,
        *,
        store_in_child: bool = False,
        store_write_batch: int | None = None,
        yield_max_s: float = 2.0,
    ) -> None:
        """``store_in_child``: embedded Chroma runs in a child process, whose writes (which hold
        the GIL) then never stall this process's GUI thread; ``store_write_batch`` caps the
        vectors per write, so a search never waits long behind one. The CLI needs neither."""
        self.dirs = dirs.ensure()
        self.settings = settings
        self.catalog = Catalog.open(dirs.catalog_file)
        self._store: VectorStore | None = None
        self._pool: ExtractionPool | None = None
        self._opening_check: list[dict[str, Any]] = []
        self._lock = threading.RLock()
        # Held by whatever writes (index, repair, folder changes, the live indexer): the catalog
        # and Chroma each have one writer.
        self.write_lock = threading.RLock()
        # Called with a breaker when a NIM service goes down or comes back (the live indexer
        # resumes the vector stage at once).
        self.nim_listeners: list[Callable[[Breaker], None]] = []
        self.nim = NimClients(
            settings, ModelFacts(dirs.data / "model_facts.json"), self._nim_changed
        )
        self._vector_record_file = dirs.data / "vector_stage.json"
        self._searching = EngineSearch(self.catalog, self.nim, settings, lambda: self.store)
        self.store_in_child = store_in_child
        self.store_write_batch = store_write_batch
        # Searches and chat retrieval in progress: background indexing steps aside meanwhile.
        self.interactive_work = InteractiveWork(yield_max_s)
        # Long-lived helpers that layers above build on this engine (the chat service), kept
        # as long as it, so no question pays for them again.
        self.services: dict[str, Any] = {}
        self._services_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close NIM clients and stores (backing up folders and conversations first, unless
        nothing was written: a search or a status leaves the backups alone)."""
        if self.catalog.written:
            self.backup_precious()
        self.nim.close()
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._store is not None:
            self._store.close()
            self._store = None
        self.catalog.close()

    @property
    def store(self) -> VectorStore:
        """The Chroma store (embedded or server), opened on first use."""
        with self._lock:
            if self._store is None:
                self._store = self._open_store()
                self._check_store(self._store)
            return self._store

    @property
    def embedded_store(self) -> bool:
        """Whether Chroma lives in this data dir (not on a server): Trove may rebuild it whole."""
        return bool(self.settings["chroma.mode"] != "server")

    def _open_store(self) -> VectorStore:
        from desktop_app.core.index.vectors import MAX_WRITE_BATCH, ChromaVectors

        s = self.settings
        if s["chroma.mode"] == "server":
            return ChromaVectors.server(
                s["chroma.host"], s["chroma.port"], s["chroma.ssl"], s["chroma.headers"]
            )
        if self.store_in_child:
            from desktop_app.core.index.vector_process import VectorProcess

            return VectorProcess(self.dirs.chroma_dir, self.store_write_batch or MAX_WRITE_BATCH)
        return ChromaVectors.embedded(self.dirs.chroma_dir, self.store_write_batch)

    def _close_store(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            except Exception:  # a damaged store may fail to close; it is replaced anyway
                log.warning("the vector store did not close cleanly", exc_info=True)
            self._store = None

    def _check_store(self, store: VectorStore) -> None:
        """Chroma is a cache of the catalog: on open, every live space is checked and healed."""
        self._opening_check = heal_spaces(self.catalog, store)

    @property
    def pool(self) -> ExtractionPool:
        """Extraction worker processes, started on first use and kept until close."""
        with self._lock:
            if self._pool is None:
                s = self.settings
                args = (
                    s["index.workers"],
                    s["index.extract_timeout"],
                    s["index.extract_memory_mb"],
                )
                self._pool = take_warm_pool(*args) or ExtractionPool(*args)
            return self._pool

    def text_stage(self, emit: Emit, cancel: threading.Event | None = None) -> TextStage:
        """A text stage over this engine's catalog and worker pool."""
        return TextStage(
            self.catalog,
            self.pool,
            self.rules_for,
            self.chunk_tokens(),
            emit,
            cancel,
            max_chunks=self.settings["index.max_chunks_per_file"],
            ocr=self.nim.ocr_job(),
        )

    # ------------------------------------------------------------------ interactive work

    def service(self, name: str, make: Callable[[], _S]) -> _S:
        """The helper called ``name`` (see ``services``), made by ``make`` on first use."""
        with self._services_lock:
            if name not in self.services:
                self.services[name] = make()
            return cast(_S, self.services[name])

    def interactive(self) -> AbstractContextManager[None]:
        """Mark work the user waits for (search, chat retrieval): indexing yields while it runs
        (``interactive_work.yield_to``)."""
        return self.interactive_work.running()

    # ------------------------------------------------------------------ folders

    def add_folder(
        self,
        path: str,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
        poll: int = 0,
    ) -> Folder:
        """Add a folder (absolute, resolved) with its include/exclude globs."""
        return indexed_folders.add_folder(self.catalog, path, include or [], exclude or [], poll)

    def remove_folder(self, path: str) -> int:
        """Forget a folder; its chunks leave the catalog now and Chroma on the next vector pass."""
        removed = self.catalog.files.remove_folder(indexed_folders.find_folder(self.catalog, path))
        self._apply_deletes()
        return removed

    def folders(self) -> list[Folder]:
        """The folders Trove indexes."""
        return self.catalog.files.folders()

    def rules_for(self, folder: Folder) -> FolderRules:
        """Include/exclude rules and the size cap for one folder."""
        return FolderRules.from_settings(self.settings, folder.include, folder.exclude)

    # ------------------------------------------------------------------ indexing

    def index(
        self,
        emit: Emit = events.ignore,
        cancel: threading.Event | None = None,
        retry_failed: bool = False,
        vectors: bool = True,
    ) -> dict[str, Any]:
        """Bring the index up to date: the text stage always, the vector stage when it can."""
        cancel = cancel or threading.Event()
        text = self.text_stage(emit, cancel).run(
            self.catalog.files.folders(), retry_failed=retry_failed
        )
        summary: dict[str, Any] = {
            "scanned": text.scanned,
            "indexed": text.indexed,
            "unchanged": text.unchanged,
            "failed": text.failed,
            "empty": text.empty,
            "cut": text.cut,
            "ocr": {
                "files": text.ocr_files,
                "pages": text.ocr_pages,
                "failed_pages": text.ocr_failed_pages,
            },
            "removed": text.removed,
            "skipped": [
                {"path": str(s.path), "reason": s.reason, "detail": s.detail} for s in text.skipped
            ],
            "unavailable": text.unavailable,
            "vectors": None,
        }
        if vectors and not cancel.is_set():
            summary["vectors"] = self.embed_pending(emit, cancel)
        summary["searchable"] = self.searchable().to_dict()
        return summary

    def embed_pending(
        self,
        emit: Emit = events.ignore,
        cancel: threading.Event | None = None,
        file_ids: Collection[int] | None = None,
    ) -> dict[str, Any]:
        """Run the vector stage for the configured space (only ``file_ids``' chunks if given);
        promote the space once complete."""
        self._attach_rescued_vectors()
        notes: list[str] = []
        try:
            for _ in range(2):  # a second pass only after the NIM's vectors changed size
                space = self.target_space(notes)
                stage = _vector_stage(
                    self.catalog,
                    self.store,
                    self.nim.index_embedder(space),
                    space,
                    emit,
                    cancel,
                    file_ids=file_ids,
                )
                report = stage.run()
                if isinstance(report.error, NimDimensionsRefusedError):
                    # A model the table calls Matryoshka, served by a fixed-size variant.
                    self.nim.refused_dimensions(space.model, space.dimensions)
                    note = (
                        f"{space.model} at this NIM has a fixed vector size and refused the "
                        f"chosen size {space.dimensions}; Trove uses the model's own size."
                    )
                    notes.append(note)
                    emit(events.notice(note))
                    report.size_changed = (space.dimensions, 0)
                    continue
                if report.size_changed is None:
                    break
                expected, got = report.size_changed
                self.nim.forget_size(space.model)
                note = (
                    f"The embedding NIM now returns vectors of {got} dimensions, not {expected} "
                    "as when this index was built (another model or variant behind the same "
                    "id?). Trove builds a new index beside the old one; semantic search comes "
                    "back when it is complete."
                )
                notes.append(note)
                emit(events.notice(note))
        except DiskFullError:
            raise  # not the NIM: the caller stops (CLI) or waits for room (live indexer)
        except TroveError as exc:  # the NIM failed, or is not configured (no key, bad URL)
            self._record_vectors(exc)
            emit(events.vector_status("paused", str(exc)))
            return {"state": "paused", "message": exc.user_text(), "notes": notes}
        if report.paused is None and report.size_changed is None:
            self._record_vectors(None)
            self._promote_if_complete(space)
        elif report.error is not None:
            self._record_vectors(report.error)
        return {
            "space": space.name,
            "state": "ok" if report.paused is None and report.size_changed is None else "paused",
            "message": report.paused or "",
            "embedded": report.embedded,
            "reused": report.reused,
            "deleted": report.deleted,
            "truncated": report.truncated,
            "notes": notes,
        }

    def _record_vectors(self, error: TroveError | None) -> None:
        """Keep the vector stage's outcome for status displays, here and in other processes."""
        record = VectorStageRecord.load(self._vector_record_file)
        if error is None:
            new = record.next("ok")
        else:
            down = isinstance(error, NimUnavailableError) or self.nim.breakers["embedding"].is_open
            new = record.next("unavailable" if down else "paused", str(error), error.hint)
        if new != record:
            new.save(self._vector_record_file)

    def _nim_changed(self, breaker: Breaker) -> None:
        if breaker.service == "embedding" and not breaker.is_open:
            # The NIM answers again: passages wait for the next vector stage, no longer for a
            # NIM that is down (the status said "unavailable since ..." until a whole round of
            # passages was embedded, minutes on a slow NIM).
            record = VectorStageRecord.load(self._vector_record_file)
            if record.state == "unavailable":
                record.next("ok").save(self._vector_record_file)
        for listener in list(self.nim_listeners):
            listener(breaker)

    def chunk_tokens(self) -> int:
        """Chunk size: fits the smallest known embedding limit, or a smaller one configured or
        learned from the NIM (its "too long" answers name the model's limit)."""
        limit = self.settings["embedding.max_tokens"]
        if limit is None:
            try:
                limit = self.nim.embedding_facts().max_tokens
            except ConfigError:
                limit = None
        return default_chunk_tokens(min(limit or _CHUNK_LIMIT_TOKENS, _CHUNK_LIMIT_TOKENS))

    # ------------------------------------------------------------------ spaces

    def target_space(self, notes: list[str] | None = None) -> Space:
        """The embedding space of the configured model at the size its NIM gives, created if new.

        The first space becomes active at once; a later one (another model, another size, or a
        NIM whose vectors changed size) is 'building' until every chunk has a vector in it,
        while the old one keeps serving semantic search. Raises NimError when the NIM cannot be
        asked for its size.
        """
        from desktop_app.core.index.vectors import space_name

        model = self.settings["embedding.model"]
        size = self.nim.space_size(model)
        if size.note and notes is not None and size.note not in notes:
            notes.append(size.note)
        name = space_name(model, size.dimensions)
        state: SpaceState = "active" if self.catalog.spaces.active() is None else "building"
        space = self.catalog.spaces.ensure(name, model, size.dimensions, state)
        self.store.ensure_space(name, model, size.dimensions)
        return space

    def _promote_if_complete(self, space: Space) -> None:
        current = self.catalog.spaces.get(space.name)
        if current is None or current.state != "building":
            return
        if self.catalog.counts().queued.get(space.name, 0) == 0:
            old = self.catalog.spaces.active()
            self.catalog.spaces.set_state(space.name, "active")
            if old is not None and old.name != space.name:
                self.store.drop_space(old.name)
                self.catalog.spaces.drop(old.name)

    def _apply_deletes(self) -> None:
        """Remove tombstoned vectors now so results never show removed files."""
        for space in self.catalog.spaces.all():
            if space.state != "retired":
                _apply_tombstones(self.catalog, self.store, space.name)

    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        mode: str | None = None,
        limit: int | None = None,
        filters: SearchFilters | None = None,
        translate: bool = True,
    ) -> SearchResponse:
        """Search the index; semantic parts fall back to keyword with a notice. ``translate``
        False skips query translation (``search.translate_to``) for this search."""
        with self.interactive():
            return self._searching.search(query, mode, limit, filters, translate)

    # ------------------------------------------------------------------ status and repair

    def searchable(self, passages: int | None = None, waiting: int | None = None) -> Searchable:
        """How much semantic search sees, overall or for given counts (one folder's)."""
        if passages is None or waiting is None:
            counts = self.catalog.counts()
            active = self.catalog.spaces.active()
            passages = counts.chunks
            embedded = counts.embedded.get(active.name, 0) if active is not None else 0
            waiting = max(0, passages - embedded)
        breaker = self.nim.breakers["embedding"]
        return judge(
            passages,
            waiting,
            VectorStageRecord.load(self._vector_record_file),
            nim_down_since=breaker.opened_at,
        )

    def repair(self, emit: Emit = events.ignore) -> dict[str, Any]:
        """Check each live space against the catalog; rebuild what disagrees from kept vectors.

        A damaged embedded store (it does not open, or an index is broken) is moved aside and a
        new one is filled from the catalog's kept vectors by the next vector stage: no NIM call.
        """
        from desktop_app.core.index.vectors import VectorStoreError

        rescued = rescue_report(self.dirs)
        if rescue_pending(self.dirs):  # a rebuilt catalog: read the folders again first
            self.index(emit, vectors=False)
        with self._lock:
            try:
                store = self._store = self._store or self._open_store()
                checks = check_spaces(self.catalog, store)
                broken = [c.health.problem or "" for c in checks if c.health.index_broken]
            except VectorStoreError as exc:
                if not self.embedded_store:
                    raise  # a server's store is not ours to replace
                broken = [exc.message]
                checks = []
            if broken and self.embedded_store:
                self._close_store()
                moved = move_store_aside(self.dirs.chroma_dir)
                entries = reset_spaces(self.catalog, broken[0], moved)
                self.store  # noqa: B018 - a new, empty store with the spaces created
                moved_to = str(moved) if moved else None
                return {"spaces": entries, "moved_aside": moved_to, "catalog": rescued}
            return {"spaces": heal_spaces(self.catalog, store, checks), "catalog": rescued}

    def backup_precious(self) -> None:
        """Keep a rolling backup of folders and conversations (see ``index/rescue.py``)."""
        if self.catalog.readonly or self.catalog.closed:
            return
        try:
            write_backup(self.catalog, self.dirs.data / "backup")
        except (OSError, TroveError) as exc:  # never stops the work; the last backups stay
            log.warning("could not back up folders and conversations: %s", exc)

    def _attach_rescued_vectors(self) -> None:
        """After a catalog rebuild: once the text stage has read every file, give chunks of
        unchanged text their kept vectors (so the vector stage spares the NIM)."""
        if rescue_pending(self.dirs) and not self.catalog.counts().files.get("discovered"):
            with self.write_lock:
                attach_rescued_vectors(self.catalog, self.dirs)


def _nested(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


# The vector stage and search (httpx, numpy and the NIM clients under them) are imported when
# first used: a text-only run, the CLI's start and the extraction workers need neither.
def _vector_stage(*args: Any, **kwargs: Any) -> VectorStage:
    from desktop_app.core.index.vector_stage import VectorStage

    return VectorStage(*args, **kwargs)


def _apply_tombstones(*args: Any) -> None:
    from desktop_app.core.index.vector_stage import apply_tombstones

    apply_tombstones(*args)
