"""What the index holds, for `trove status`, the folders view and the live indexer: counts per
state, embedding progress, failed, skipped and cut files, and per folder what is searchable.
Read from the catalog (and the engine's judgement of semantic search), never from the files."""

from __future__ import annotations

import os
from typing import Any

from desktop_app.core.engine import Engine
from desktop_app.core.fsnames import on_disk
from desktop_app.core.index.text_stage import OCR_PENDING, OCR_UNREADABLE
from desktop_app.core.ocr.engines import describe_engine, tesseract_languages
from desktop_app.core.ocr.languages import LANGUAGE_NAMES, language_code

__all__ = [
    "cut_files",
    "empty_files",
    "failed_files",
    "folder_status",
    "ocr_status",
    "skipped_paths",
    "status",
]


def status(engine: Engine) -> dict[str, Any]:
    """Counts per state, embedding progress per space, failed files with reasons, skipped
    paths, and what is searchable by meaning (``searchable``: state, passages, waiting,
    reason, since)."""
    counts = engine.catalog.counts()
    return {
        "folders": [f.path for f in engine.catalog.files.folders()],
        "files": counts.files,
        "chunks": counts.chunks,
        "searchable": engine.searchable().to_dict(),
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
            for sp in engine.catalog.spaces.all()
        ],
        "failed": failed_files(engine),
        "skipped": skipped_paths(engine),
        "empty": engine.catalog.files.empty_count(),
        "cut": cut_files(engine),
        "ocr": ocr_status(engine),
    }


_OCR_NIM_HINT = (
    "Set up the OCR NIM: nvidia/nemotron-ocr-v2 reads Korean, Chinese, Japanese, Russian and "
    "English (`trove config set ocr.base_url http://<host>:8000/v1`), or install Tesseract's "
    "language pack (e.g. tesseract-ocr-kor) and add it to ocr.languages. With the OCR NIM set, "
    "Trove reads those files again by itself."
)


def _ocr_hint(unreadable: list[dict[str, str]]) -> str:
    """The way out; first the one that costs nothing: a Tesseract language pack already there."""
    if not unreadable:
        return ""
    installed = tesseract_languages()
    codes = sorted({c for u in unreadable if (c := language_code(u["language"])) in installed})
    if codes:
        wanted = ",".join(["eng", *codes])
        return (
            f"Tesseract here reads {', '.join(LANGUAGE_NAMES[c] for c in codes)}: "
            f"`trove config set ocr.languages {wanted}` and Trove reads those files again by "
            "itself. " + _OCR_NIM_HINT
        )
    return _OCR_NIM_HINT


def ocr_status(engine: Engine) -> dict[str, Any]:
    """OCR at a glance: ``enabled``, the ``engine`` that reads scans, the NIMs that read PDF
    ``tables`` ("" without), files ``waiting`` for them,
    and the files it read although they seem to be in a language it cannot read
    (``unreadable``: path, language), with a ``hint`` naming the way out."""
    job = engine.nim.ocr_job()
    waiting = 0
    unreadable = []
    for path, _, note in engine.catalog.files.ocr_notes():
        if note == OCR_PENDING:
            waiting += 1
        elif note.startswith(OCR_UNREADABLE):
            unreadable.append({"path": path, "language": note.removeprefix(OCR_UNREADABLE)})
    tables = job.tables if job is not None else None
    return {
        "enabled": job is not None,
        "engine": describe_engine(job) if job is not None else "off",
        # Who reads PDF tables ("" when nobody: they stay plain text).
        "tables": " + ".join(f"{e.model} at {e.base_url}" for e in tables) if tables else "",
        "waiting": waiting,
        "unreadable": unreadable,
        "hint": _ocr_hint(unreadable),
    }


def cut_files(engine: Engine) -> list[dict[str, Any]]:
    """Files cut at the per-file passage cap: path, cut_at (passages kept)."""
    return [{"path": p, "cut_at": n} for p, n in engine.catalog.files.cut_files()]


def skipped_paths(engine: Engine) -> list[dict[str, str]]:
    """What the last scans left out and why (links out of a folder, unreadable folders,
    files over the size cap): path, reason, detail."""
    return [
        {"path": path, "reason": reason, "detail": detail}
        for path, reason, detail in engine.catalog.files.skipped()
    ]


def empty_files(engine: Engine) -> list[str]:
    """Files read and found to hold no text: nothing to fix, listed apart from failures."""
    return engine.catalog.files.empty_files()


def failed_files(engine: Engine) -> list[dict[str, Any]]:
    """Files that could not be indexed: path, reason (kind) and message, newest first."""
    return [
        {"path": f.path, "reason": f.error_kind, "message": f.error}
        for f in engine.catalog.files.failed_files()
    ]


def folder_status(engine: Engine) -> list[dict[str, Any]]:
    """Per folder, from the catalog: path, available (root exists), poll, files_indexed,
    files_failed, files_waiting (found, not read yet), passages, chunks_waiting (passages
    without a vector in the active space), searchable (as in ``searchable``) and the active
    space's name."""
    active = engine.catalog.spaces.active()
    counts = engine.catalog.files.folder_counts(active.name if active is not None else None)
    out = []
    for folder in engine.catalog.files.folders():
        c = counts.get(folder.id)
        passages = c.chunks if c else 0
        waiting = (c.queued if active is not None else passages) if c else 0
        out.append(
            {
                "path": folder.path,
                "available": os.path.isdir(on_disk(folder.path)),
                "poll": folder.poll,
                "files_indexed": c.extracted if c else 0,
                "files_failed": c.failed if c else 0,
                "files_waiting": c.discovered if c else 0,
                "passages": passages,
                "chunks_waiting": waiting,
                "searchable": engine.searchable(passages, waiting).to_dict(),
                "space": active.name if active is not None else None,
            }
        )
    return out
