"""``trove index``, ``trove status`` and ``trove repair``."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.commands.common import Context, print_json
from desktop_app.commands.progress import ProgressPrinter
from desktop_app.commands.terminal import clean
from desktop_app.core.events import ignore
from desktop_app.core.searchable import Searchable

__all__ = ["EXIT_VECTORS_UNFINISHED", "register"]

# `trove index` finished the text stage, but not every passage got a vector (the embedding NIM
# is down, refused, or not configured): keyword search works, semantic search is incomplete.
EXIT_VECTORS_UNFINISHED = 3


def _searchable(data: dict[str, Any]) -> Searchable:
    return Searchable(**data)


def _print_searchable(state: Searchable) -> None:
    print(state.sentence())
    if state.state in ("keyword_only", "nim_unavailable") and state.hint:
        print(f"  {state.hint}")


def _print_vectors(vectors: dict[str, Any] | None) -> None:
    if vectors is None:
        return
    for note in vectors.get("notes") or []:
        print(f"Note: {note}")
    if vectors.get("state") == "paused":
        return  # the searchable line says what waits and why
    line = f"Embedded {vectors.get('embedded', 0)} chunks"
    if vectors.get("reused"):
        line += f", reused {vectors['reused']} kept vectors"
    if vectors.get("truncated"):
        line += f", {vectors['truncated']} truncated by the NIM (see `trove status`)"
    print(line + ".")


def _index(ctx: Context, args: argparse.Namespace) -> int:
    printer = ProgressPrinter(quiet=args.json)
    try:
        summary = ctx.call(
            "index", {"retry_failed": args.retry_failed, "text_only": args.text_only}, printer
        )
    finally:
        printer.done()
    unfinished = summary.get("vectors") is not None and _searchable(
        summary["searchable"]
    ).state in ("keyword_only", "nim_unavailable")
    code = EXIT_VECTORS_UNFINISHED if unfinished else 0
    if args.json:
        print_json(summary)
        return code
    print(
        f"Scanned {summary['scanned']} files: {summary['indexed']} indexed, "
        f"{summary['unchanged']} unchanged, {summary['failed']} failed, "
        f"{summary.get('empty', 0)} empty, {summary['removed']} removed."
    )
    if summary.get("cut"):
        print(
            f"{summary['cut']} files had more passages than index.max_chunks_per_file and were "
            "cut ('trove status' lists them)."
        )
    ocr = summary.get("ocr") or {}
    if ocr.get("files"):
        failed = ocr.get("failed_pages", 0)
        print(
            f"Read by OCR: {ocr['files']} files, {ocr['pages']} pages"
            + (f" ({failed} could not be read; the warnings above say why)." if failed else ".")
        )
    for folder in summary["unavailable"]:
        print(f"Folder unavailable (kept as it was): {clean(folder)}")
    for skipped in summary["skipped"]:
        reason = f"{skipped['reason']} {skipped['detail']}".rstrip()
        print(f"Skipped {clean(skipped['path'])}: {clean(reason)}")
    _print_vectors(summary["vectors"])
    _print_searchable(_searchable(summary["searchable"]))
    return code


def _status(ctx: Context, args: argparse.Namespace) -> int:
    status = ctx.call("status", {}, ignore)
    if args.json:
        print_json(status)
        return 0
    files = status["files"]
    print(f"Folders: {len(status['folders'])}")
    for folder in status["folders"]:
        print(f"  {clean(folder)}")
    empty = int(status.get("empty", 0))
    searchable = int(files.get("extracted", 0)) - empty
    print(
        f"Files: {searchable} searchable, {files.get('discovered', 0)} waiting, "
        f"{files.get('failed', 0)} failed, {empty} empty; {status['chunks']} chunks"
    )
    for sp in status["spaces"]:
        line = (
            f"Space {clean(sp['model'])} @ {sp['dimensions']}d ({sp['state']}): "
            f"{sp['embedded']} embedded, {sp['queued']} queued"
        )
        if sp["truncated"]:
            line += f", {sp['truncated']} truncated by the NIM"
        print(line)
    _print_searchable(_searchable(status["searchable"]))
    if status["failed"]:
        print("Failed files:")
        for f in status["failed"]:
            print(f"  {clean(f['path'])}: {clean(f['message'])}")
    if status.get("cut"):
        print("Cut (only the first passages are searchable):")
        for c in status["cut"]:
            print(f"  {clean(c['path'])}: cut at {c['cut_at']}")
    if status.get("skipped"):
        print("Skipped:")
        for s in status["skipped"]:
            detail = f" ({clean(s['detail'])})" if s["detail"] else ""
            print(f"  {clean(s['path'])}: {clean(s['reason'])}{detail}")
    _print_ocr(status.get("ocr") or {})
    return 0


def _print_ocr(ocr: dict[str, Any]) -> None:
    if not ocr:
        return
    waiting = f", {ocr['waiting']} files wait for it" if ocr.get("waiting") else ""
    print(f"OCR: {clean(ocr['engine'])}{waiting}")
    if ocr.get("tables"):
        print(f"PDF tables: {clean(ocr['tables'])}")
    if ocr.get("unreadable"):
        print("OCR text that may be wrong (a language the engine that read it cannot read):")
        for u in ocr["unreadable"]:
            if u["language"] == "unknown":
                path = clean(u["path"])
                print(f"  {path}: read as noise or with low confidence (another language?)")
            else:
                print(f"  {clean(u['path'])}: looks {clean(u['language'])}")
        print(f"  {clean(ocr['hint'])}")


def _rescued_line(rescued: dict[str, Any]) -> str:
    restored, source = rescued["restored"], rescued["restored_from"]
    kept = [
        f"{restored[part]} {part} (from the {source[part]})"
        for part in ("folders", "conversations")
        if source[part] != "none"
    ]
    return (
        f"The catalog was damaged; it was moved aside to {clean(rescued['catalog_moved_aside'])} "
        "and rebuilt with "
        + (", ".join(kept) if kept else "no folders or conversations (none could be read back)")
        + f", and {rescued['vectors_kept']} vectors kept from the vector store."
    )


def _repair(ctx: Context, args: argparse.Namespace) -> int:
    printer = ProgressPrinter()
    try:
        report = ctx.call("repair", {}, printer)
    finally:
        printer.done()
    rescued = report.get("catalog")
    if rescued:
        print(_rescued_line(rescued))
    if report.get("moved_aside"):
        print(
            f"The vector store was damaged; it was moved aside to {clean(report['moved_aside'])} "
            "(delete it once all is well) and a new one is built from the catalog."
        )
    for entry in report["spaces"]:
        state = "ok" if entry["ok"] else f"repaired ({clean(entry['problem'])})"
        print(f"{clean(entry['space'])}: {entry['count']}/{entry['expected']} vectors, {state}")
    _print_vectors(report.get("vectors"))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``index``, ``status`` and ``repair`` to the CLI."""
    p = sub.add_parser("index", help="bring the index up to date with the folders")
    p.add_argument("--retry-failed", action="store_true", help="read failed files again")
    p.add_argument("--text-only", action="store_true", help="only the keyword index; no NIM calls")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=_index)
    p = sub.add_parser("status", help="files per state, embedding progress, failed files")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_status)
    p = sub.add_parser(
        "repair", help="check the catalog and Chroma; rebuild what is damaged (folders kept)"
    )
    p.set_defaults(handler=_repair)
