"""The one object the CLI and the GUI drive: folders, indexing, search, status, repair.

The engine assumes its process owns the data dir (see ``owner.py``); ``command_table.py`` takes
the lock or forwards to the owner. Stores and NIM clients open lazily, so a keyword search never
waits for Chroma to load or a NIM to answer.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from desktop_app.core import events, secrets
from desktop_app.core.errors import NimError, TroveError
from desktop_app.core.events import Emit
from desktop_app.core.fsnames import on_disk
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
from desktop_app.core.index.vector_stage import VectorStage, apply_tombstones
from desktop_app.core.ingest.chunker import default_chunk_tokens
from desktop_app.core.ingest.worker import ExtractionPool
from desktop_app.core.interactive import InteractiveWork
from desktop_app.core.nim import (
    ClientOptions,
    EmbeddingClient,
    Endpoint,
    endpoints_from_settings,
    known_model,
)
from desktop_app.core.nim_clients import ServiceClients
from desktop_app.core.paths import TroveDirs
from desktop_app.core.search.hybrid import Searcher, SearchResponse
from desktop_app.core.settings import Settings

__all__ = ["Engine"]

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
        self._embedders: dict[str, EmbeddingClient] = {}
        self.clients = ServiceClients(self._endpoint, settings)  # reranking and chat
        self.store_in_child = store_in_child
        self.store_write_batch = store_write_batch
        # Searches and chat retrieval in progress: background indexing steps aside meanwhile.
        self.interactive_work = InteractiveWork(yield_max_s)

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close NIM clients and stores (backing up folders and conversations first)."""
        self.backup_precious()
        for client in self._embedders.values():
            client.close()
        self._embedders.clear()
        self.clients.close()
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
        chroma = ChromaVectors.embedded(self.dirs.chroma_dir)
        chroma.write_batch_limit = self.store_write_batch or MAX_WRITE_BATCH
        return chroma

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
                self._pool = ExtractionPool(
                    s["index.workers"], s["index.extract_timeout"], s["index.extract_memory_mb"]
                )
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
        )

    # ------------------------------------------------------------------ interactive work

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
            "removed": text.removed,
            "skipped": [
                {"path": str(s.path), "reason": s.reason, "detail": s.detail} for s in text.skipped
            ],
            "unavailable": text.unavailable,
            "vectors": None,
        }
        if vectors and not cancel.is_set():
            summary["vectors"] = self.embed_pending(emit, cancel)
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
        try:
            space = self.target_space()
            embedder = self._embedder(space.model, space.dimensions)
            report = VectorStage(
                self.catalog, self.store, embedder, space, emit, cancel, file_ids=file_ids
            ).run()
        except NimError as exc:
            emit(events.vector_status("paused", str(exc)))
            return {"state": "paused", "message": exc.user_text()}
        if report.paused is None:
            self._promote_if_complete(space)
        return {
            "space": space.name,
            "state": "paused" if report.paused else "ok",
            "message": report.paused or "",
            "embedded": report.embedded,
            "reused": report.reused,
            "deleted": report.deleted,
            "truncated": report.truncated,
        }

    def chunk_tokens(self) -> int:
        """Chunk size: fits the smallest known embedding limit, or a smaller configured one."""
        limit = self.settings["embedding.max_tokens"] or _CHUNK_LIMIT_TOKENS
        return default_chunk_tokens(min(limit, _CHUNK_LIMIT_TOKENS))

    # ------------------------------------------------------------------ spaces

    def target_space(self) -> Space:
        """The embedding space of the configured model and dimension, created if new.

        The first space becomes active at once; a later one is 'building' until every chunk has
        a vector in it, while the old one keeps serving semantic search.
        """
        from desktop_app.core.index.vectors import space_name

        model = self.settings["embedding.model"]
        dims = self.settings["embedding.dimensions"]
        info = known_model(model)
        # The default size applies to models known to accept one (Matryoshka); any other model
        # gets its native size unless the user chose a size explicitly.
        default_size = self.settings.is_default("embedding.dimensions")
        if dims is None or (default_size and (info is None or not info.accepts_dimensions)):
            dims = info.native_dims if info is not None else None
        if dims is None:  # an unknown model: ask it once
            dims = len(self._embedder(model, None).embed_query("dimension probe"))
        name = space_name(model, dims)
        state: SpaceState = "active" if self.catalog.spaces.active() is None else "building"
        space = self.catalog.spaces.ensure(name, model, dims, state)
        self.store.ensure_space(name, model, dims)
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
                apply_tombstones(self.catalog, self.store, space.name)

    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        mode: str | None = None,
        limit: int | None = None,
        filters: SearchFilters | None = None,
    ) -> SearchResponse:
        """Search the index; semantic parts fall back to keyword with a notice."""
        with self.interactive():
            return self._search(query, mode, limit, filters)

    def _search(
        self,
        query: str,
        mode: str | None,
        limit: int | None,
        filters: SearchFilters | None,
    ) -> SearchResponse:
        mode = mode or self.settings["search.mode"]
        limit = limit or self.settings["search.limit"]
        space = self.catalog.spaces.active()
        unavailable = None
        embedder = None
        store = None
        if mode != "keyword":
            if space is None:
                unavailable = "nothing is embedded yet; run `trove index` with the NIM reachable"
            else:
                try:
                    embedder = self._embedder(space.model, space.dimensions)
                    store = self.store
                except TroveError as exc:
                    unavailable = str(exc)
        reranker = self.clients.reranker() if self.settings["rerank.enabled"] else None
        return Searcher(
            self.catalog,
            store,
            embedder,
            space,
            reranker,
            self.settings["rerank.top_n"],
            semantic_unavailable=unavailable,
        ).search(query, mode, limit, filters)

    # ------------------------------------------------------------------ status and repair

    def status(self) -> dict[str, Any]:
        """Counts per state, embedding progress per space, failed files with reasons, skipped
        paths."""
        counts = self.catalog.counts()
        return {
            "folders": [f.path for f in self.catalog.files.folders()],
            "files": counts.files,
            "chunks": counts.chunks,
            "spaces": [
                {
                    "name": sp.name,
                    "model": sp.model,
                    "dimensions": sp.dimensions,
                    "state": sp.state,
                    "embedded": counts.embedded.get(sp.name, 0),
                    "queued": counts.queued.get(sp.name, 0),
                    "truncated": counts.truncated.get(sp.name, 0),
                }
                for sp in self.catalog.spaces.all()
            ],
            "failed": self.failed_files(),
            "skipped": self.skipped_paths(),
            "empty": self.catalog.files.empty_count(),
            "cut": self.cut_files(),
        }

    def cut_files(self) -> list[dict[str, Any]]:
        """Files cut at the per-file passage cap: path, cut_at (passages kept)."""
        return [{"path": p, "cut_at": n} for p, n in self.catalog.files.cut_files()]

    def skipped_paths(self) -> list[dict[str, str]]:
        """What the last scans left out and why (links out of a folder, unreadable folders,
        files over the size cap): path, reason, detail."""
        return [
            {"path": path, "reason": reason, "detail": detail}
            for path, reason, detail in self.catalog.files.skipped()
        ]

    def failed_files(self) -> list[dict[str, Any]]:
        """Files that could not be indexed: path, reason (kind) and message, newest first."""
        return [
            {"path": f.path, "reason": f.error_kind, "message": f.error}
            for f in self.catalog.files.failed_files()
        ]

    def folder_status(self) -> list[dict[str, Any]]:
        """Per folder, from the catalog: path, available (root exists), poll, files_indexed,
        files_failed, files_waiting (found, not read yet), chunks_waiting (for a vector in the
        space being built, else the active one) and that space's name."""
        spaces = [sp for sp in self.catalog.spaces.all() if sp.state != "retired"]
        spaces.sort(key=lambda sp: sp.state != "building")  # the one being built comes first
        space = spaces[0] if spaces else None
        counts = self.catalog.files.folder_counts(space.name if space is not None else None)
        out = []
        for folder in self.catalog.files.folders():
            c = counts.get(folder.id)
            out.append(
                {
                    "path": folder.path,
                    "available": os.path.isdir(on_disk(folder.path)),
                    "poll": folder.poll,
                    "files_indexed": c.extracted if c else 0,
                    "files_failed": c.failed if c else 0,
                    "files_waiting": c.discovered if c else 0,
                    "chunks_waiting": c.queued if c else 0,
                    "space": space.name if space is not None else None,
                }
            )
        return out

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
        if self.catalog.readonly:
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

    # ------------------------------------------------------------------ NIM clients

    def _endpoint(self, service: str, model: str | None = None) -> Endpoint:
        key = secrets.load_api_key(self.settings["api_key_env"])
        endpoint = endpoints_from_settings(self.settings, key)[service]
        return replace(endpoint, model=model) if model else endpoint

    def _embedder(self, model: str, dims: int | None) -> EmbeddingClient:
        """A client for ``model`` producing ``dims``-sized vectors (None: the model's own)."""
        info = known_model(model)
        # Ask for a size only where it differs from the native one: fixed-size models refuse it.
        send = None if dims is None or (info is not None and info.native_dims == dims) else dims
        key = f"{model}@{send}"
        with self._lock:
            if key not in self._embedders:
                s = self.settings
                self._embedders[key] = EmbeddingClient(
                    self._endpoint("embedding", model),
                    ClientOptions.from_settings(s),
                    truncate=s["embedding.truncate"],
                    dimensions=send,
                    batch_size=s["embedding.batch_size"],
                    max_in_flight=s["embedding.max_in_flight"],
                )
            return self._embedders[key]
