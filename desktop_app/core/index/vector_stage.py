"""The vector stage: embed the catalog's queued chunks through the NIM and write them to Chroma.

Order of writes, for crash safety: vectors are kept in the catalog first (so NIM work is never paid
twice), then upserted into Chroma by chunk id (idempotent), then marked embedded. A crash between
any two steps leaves work that the next run redoes without duplicates. The NIM round for the next
batch runs while the single writer thread stores the previous one, so the NIM stays busy.

When the NIM fails in a way retries cannot fix (bad key, unreachable, unknown model), the stage
pauses: chunks stay queued, keyword search keeps working, and the reason is reported.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core import events
from desktop_app.core.errors import NimError
from desktop_app.core.events import Emit
from desktop_app.core.index.catalog import Catalog
from desktop_app.core.index.meter import RateMeter
from desktop_app.core.index.protocols import MetadataValue, VectorStore
from desktop_app.core.index.records import ChunkRow, PendingChunk, Space
from desktop_app.core.index.vectors import chunk_metadata
from desktop_app.core.ingest.document import Location

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from desktop_app.core.nim import EmbeddingClient, EmbeddingResult

__all__ = ["VectorReport", "VectorStage", "apply_tombstones"]

_TOMBSTONE_BATCH = 1000
# Chunks per round (NIM requests of embedding.batch_size, then one Chroma upsert): 256 is Chroma's
# best write batch here (docs/benchmarks-chroma.md), and fewer rounds mean fewer GIL hand-offs
# between the NIM replies and Chroma's upsert, which holds the GIL while it runs.
ROUND_SIZE = 256

# Chunks of one NIM round and the (running) request that embeds them.
_Round = tuple[list[PendingChunk], "Future[EmbeddingResult]"]


@dataclass
class VectorReport:
    """What one pass of the vector stage did, and why it stopped early if it did."""

    embedded: int = 0
    reused: int = 0
    deleted: int = 0
    truncated: int = 0
    paused: str | None = None  # the user sentence of the NIM failure that paused the stage
    error: NimError | None = None  # that failure
    # (space size, NIM's size) when the NIM's vectors stopped fitting the space: nothing of
    # that round is stored, and the engine builds a space of the new size.
    size_changed: tuple[int, int] | None = None


def _metadata(row: ChunkRow) -> dict[str, MetadataValue]:
    """What Chroma keeps beside a vector: enough to show the result without the catalog."""
    return chunk_metadata(
        path=row.path,
        file_id=row.file_id,
        location=Location.from_dict(row.location).label(),
        kind=row.kind,
        mtime=row.mtime_ns / 1e9,
        ordinal=row.ordinal,
    )


class VectorStage:
    """Brings one embedding space's Chroma collection in line with the catalog."""

    def __init__(
        self,
        catalog: Catalog,
        store: VectorStore,
        embedder: EmbeddingClient,
        space: Space,
        emit: Emit = events.ignore,
        cancel: threading.Event | None = None,
        round_size: int = ROUND_SIZE,
        file_ids: Collection[int] | None = None,
    ) -> None:
        self.catalog = catalog
        self.file_ids = file_ids  # embed only these files' chunks (just changed: before a backlog)
        self.store = store
        self.embedder = embedder
        self.space = space
        self.emit = emit
        self.cancel = cancel or threading.Event()
        self.round_size = round_size
        self._meter_lock = threading.Lock()  # the embedding thread counts too

    def run(self) -> VectorReport:
        """Apply pending deletes, reuse kept vectors, embed the rest; stop on a NIM failure."""
        report = VectorReport()
        self._apply_tombstones(report)
        total = self.catalog.counts().queued.get(self.space.name, 0)
        meter = RateMeter(total=total)
        if total:
            # Said at once: the first round's vectors can take minutes on a slow NIM.
            self._count(meter, 0)
        writer = ThreadPoolExecutor(1, thread_name_prefix="trove-chroma-writer")
        nim = ThreadPoolExecutor(1, thread_name_prefix="trove-embed-round")
        writing: Future[None] | None = None
        writing_ids: set[int] = set()
        ahead: _Round | None = None
        try:
            while not self.cancel.is_set():
                if ahead is None:
                    ahead = self._start_round(writing_ids, report, meter, writer, nim)
                    if ahead is None:
                        break
                pending, embedding = ahead
                ahead = None
                try:
                    result = embedding.result()
                except NimError as exc:
                    report.paused = exc.user_text()
                    report.error = exc
                    self.emit(events.vector_status("paused", str(exc)))
                    break
                except CancelledError:  # the user stopped; queued chunks simply wait
                    break
                if self.cancel.is_set():
                    break
                if result.vectors and result.dimensions != self.space.dimensions:
                    report.size_changed = (self.space.dimensions, result.dimensions)
                    break
                ids = [c.chunk_id for c in pending]
                # Send the next round's requests before Chroma gets this one: Chroma's upsert
                # holds the GIL for its whole run (measured), so requests sent after it starts
                # would wait for it, and the NIM would idle while Chroma writes.
                ahead = self._start_round(writing_ids | set(ids), report, meter, writer, nim)
                if writing is not None:
                    writing.result()  # back-pressure: at most one batch waits for Chroma
                # One float32 matrix for both stores: converting the client's float lists once
                # instead of once per store saves ~10 ms of GIL time per 128 x 2048-d round.
                import numpy as np  # the vector stage only: a text-only run never loads it

                matrix = np.asarray(result.vectors, dtype=np.float32)
                self.catalog.spaces.store_vectors(self.space.name, ids, list(matrix))
                if result.truncated:
                    self.catalog.spaces.add_truncated(self.space.name, len(result.truncated))
                    report.truncated += len(result.truncated)
                writing_ids = set(ids)
                writing = writer.submit(self._write, ids, matrix)
                report.embedded += len(ids)  # the meter counted them as the NIM answered
            if writing is not None:
                writing.result()
        finally:
            # A round sent ahead and not used leaves its chunks queued for the next run.
            nim.shutdown(wait=True)
            writer.shutdown(wait=True)
        if report.paused is None and report.size_changed is None:
            self._apply_tombstones(report)  # deletes that arrived while we embedded
            self.emit(events.vector_status("ok"))
        return report

    def _start_round(
        self,
        busy: set[int],
        report: VectorReport,
        meter: RateMeter,
        writer: ThreadPoolExecutor,
        nim: ThreadPoolExecutor,
    ) -> _Round | None:
        """The next queued chunks (not ``busy``: embedded or being written) and their embedding
        request, started in the background; None when nothing is left."""
        while not self.cancel.is_set():
            pending = [
                c
                for c in self.catalog.spaces.pending_chunks(
                    self.space.name, self.round_size + len(busy), self.file_ids
                )
                if c.chunk_id not in busy
            ][: self.round_size]
            if not pending:
                return None
            pending = self._reuse_kept(pending, report, meter, writer)
            if pending:
                texts = [c.text for c in pending]

                return pending, nim.submit(
                    self.embedder.embed_passages,
                    texts,
                    cancel=self.cancel,
                    on_batch=lambda n: self._count(meter, n),
                )
        return None

    def _count(self, meter: RateMeter, n: int, kept: bool = False) -> None:
        """Count ``n`` more passages with a vector and say so: per NIM request (a round of
        ``round_size`` is many requests), from the embedding thread or this one. ``kept``:
        vectors from before, no NIM work, so they do not count towards the rate."""
        with self._meter_lock:
            if kept:
                meter.skip(n)
            else:
                meter.add(n)
            done, rate, eta = min(meter.done, meter.total), meter.rate, meter.eta_s
        self.emit(events.progress("vectors", done, meter.total, rate, eta))

    def _write(self, ids: Sequence[int], vectors: Sequence[Any] | npt.NDArray[np.float32]) -> None:
        rows = self.catalog.chunks.by_id(ids)
        live = [i for i in ids if i in rows]
        if len(live) == len(ids):
            chosen: Any = vectors  # the common case: no chunk was deleted meanwhile
        else:
            by_id = dict(zip(ids, vectors, strict=True))
            chosen = [by_id[i] for i in live]
        if live:
            self.store.upsert(
                self.space.name,
                [str(i) for i in live],
                chosen,
                [rows[i].text for i in live],
                [_metadata(rows[i]) for i in live],
            )
        # Ids deleted meanwhile get tombstones here, so their vectors leave Chroma too.
        self.catalog.spaces.mark_embedded(self.space.name, ids)

    def _reuse_kept(
        self,
        pending: list[PendingChunk],
        report: VectorReport,
        meter: RateMeter,
        writer: ThreadPoolExecutor,
    ) -> list[PendingChunk]:
        """Write vectors the catalog already has (after a repair or an unchanged passage)."""
        kept = self.catalog.spaces.stored_vectors(self.space.name, [c.chunk_id for c in pending])
        if not kept:
            return pending
        ids = list(kept)
        # Through the writer thread: Chroma has exactly one writer.
        writer.submit(self._write, ids, [kept[i] for i in ids]).result()
        report.reused += len(ids)
        self._count(meter, len(ids), kept=True)
        return [c for c in pending if c.chunk_id not in kept]

    def _apply_tombstones(self, report: VectorReport) -> None:
        report.deleted += apply_tombstones(self.catalog, self.store, self.space.name, self.cancel)


def apply_tombstones(
    catalog: Catalog, store: VectorStore, space: str, cancel: threading.Event | None = None
) -> int:
    """Delete from the store the vectors the catalog owes it (cheap, no NIM); how many."""
    deleted = 0
    while cancel is None or not cancel.is_set():
        ids = catalog.spaces.take_tombstones(space, _TOMBSTONE_BATCH)
        if not ids:
            break
        store.delete(space, [str(i) for i in ids])
        catalog.spaces.clear_tombstones(space, ids)
        deleted += len(ids)
    return deleted
