"""The command table: every engine operation by name, run here (taking the owner lock) or by the
data dir's owner.

The same commands serve the CLI in-process, the window (``bridge.call``) and the owner channel
(``owner.py``), so a command behaves the same whichever process runs it and the window reaches
the core through no other door. Arguments and results are JSON-ready dicts. A command that
``writes`` the index runs under the engine's write lock (the catalog and Chroma have one writer).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core import status_report
from desktop_app.core.engine import Engine
from desktop_app.core.errors import CatalogDamagedError, ConfigError
from desktop_app.core.events import Emit
from desktop_app.core.index.catalog import Catalog, SearchFilters
from desktop_app.core.index.rescue import rescue_catalog
from desktop_app.core.owner import ChannelServer, OwnerLock, run_on_owner
from desktop_app.core.paths import TroveDirs
from desktop_app.core.settings import Settings

__all__ = ["COMMANDS", "Command", "call", "handlers_for", "run_command"]

Handler = Callable[[Engine, dict[str, Any], Emit, threading.Event], Any]


@dataclass(frozen=True)
class Command:
    """One operation by name; ``writes``: it changes the index, so it takes the write lock;
    ``precious``: it changes folders or conversations, so their backup is refreshed after it."""

    name: str
    handler: Handler
    writes: bool
    precious: bool = False


def _folders_add(engine: Engine, args: dict[str, Any], emit: Emit, cancel: threading.Event) -> Any:
    folder = engine.add_folder(
        args["path"], args.get("include") or [], args.get("exclude") or [], args.get("poll", 0)
    )
    return {"path": folder.path, "include": list(folder.include), "exclude": list(folder.exclude)}


def _folders_remove(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    return {"removed_files": engine.remove_folder(args["path"])}


def _folders_list(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    return [
        {"path": f.path, "include": list(f.include), "exclude": list(f.exclude), "poll": f.poll}
        for f in engine.folders()
    ]


def _folders_status(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    folders = {f.path: f for f in engine.folders()}
    rows = []
    for status in status_report.folder_status(engine):
        folder = folders.get(status["path"])
        rows.append(
            {
                **status,
                "exclude": list(folder.exclude) if folder else [],
                "include": list(folder.include) if folder else [],
            }
        )
    return {
        "folders": rows,
        "failed": status_report.failed_files(engine),
        "cut": status_report.cut_files(engine),
        "skipped": status_report.skipped_paths(engine),
        "empty": status_report.empty_files(engine),
        "ocr": status_report.ocr_status(engine),
    }


def _files_searchable(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    return {"files": engine.catalog.counts().files.get("extracted", 0)}


def _index(engine: Engine, args: dict[str, Any], emit: Emit, cancel: threading.Event) -> Any:
    return engine.index(
        emit,
        cancel,
        retry_failed=bool(args.get("retry_failed")),
        vectors=not args.get("text_only"),
    )


def _files_retry(engine: Engine, args: dict[str, Any], emit: Emit, cancel: threading.Event) -> Any:
    """Read one file again now (one that failed, once the user fixed it), then embed it."""
    path = str(args["path"])
    folder = engine.catalog.files.folder_for(path)
    if folder is None:
        raise ConfigError(f"{path} is not in one of Trove's folders.", key="folder")
    text = engine.text_stage(emit, cancel).index_paths(folder, [Path(path)])
    row = engine.catalog.files.file(path)
    vectors = None
    if row is not None and row.state == "extracted" and not cancel.is_set():
        vectors = engine.embed_pending(emit, cancel, [row.id])
    return {
        "indexed": text.indexed,
        "failed": text.failed,
        "state": row.state if row is not None else "removed",
        "error": row.error if row is not None else "",
        "vectors": vectors,
    }


def _search(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    filters = SearchFilters(
        folders=args.get("folders") or None,
        kinds=args.get("kinds") or None,
        path_glob=args.get("path_glob"),
        modified_after=args.get("modified_after"),
        modified_before=args.get("modified_before"),
    )
    response = engine.search(
        args["query"],
        args.get("mode"),
        args.get("limit"),
        filters,
        translate=bool(args.get("translate", True)),  # the window types without translating
    )
    return response.to_dict()


def _passage(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    from desktop_app.core.search.passage import read_passage

    return read_passage(engine.catalog, int(args["chunk_id"]), str(args.get("query") or ""))


def _viewer_page(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    from desktop_app.core.viewer.page_view import page_view

    chunk_id = args.get("chunk_id")
    image = page_view(
        engine.catalog,
        str(args["path"]),
        int(args.get("page") or 1),
        float(args.get("zoom") or 1.5),
        str(args.get("passage") or ""),
        int(chunk_id) if chunk_id is not None else None,
        str(args.get("find") or ""),
    )
    return image.to_dict(raw=bool(args.get("raw")))


def _viewer_copy(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    from desktop_app.core.viewer.page_view import copy_text

    x, y, w, h = (float(v) for v in args["rect"])
    size = args.get("size")
    text = copy_text(
        engine.catalog,
        str(args["path"]),
        int(args["page"]),
        float(args.get("zoom") or 1.5),
        (x, y, w, h),
        (float(size[0]), float(size[1])) if size else None,
    )
    return {"text": text}


def _viewer_find(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    from desktop_app.core.viewer.page_view import find_page

    query = str(args.get("query") or "")
    after = int(args.get("after") or 1)
    path = str(args["path"])
    return {"page": find_page(engine.catalog, path, query, after, bool(args.get("backward")))}


def _viewer_chars(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    from desktop_app.core.viewer.page_view import page_units

    width, height = (float(v) for v in args["size"])
    path, page, zoom = str(args["path"]), int(args["page"]), float(args.get("zoom") or 1.5)
    return page_units(engine.catalog, path, page, zoom, (width, height))


def _viewer_text(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    from desktop_app.core.viewer.document_text import document_text

    chunk_id = args.get("chunk_id")
    return document_text(
        engine.catalog, str(args["path"]), int(chunk_id) if chunk_id is not None else None
    )


def _status(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
    return status_report.status(engine)


def _repair(engine: Engine, args: dict[str, Any], emit: Emit, cancel: threading.Event) -> Any:
    report = engine.repair(emit)
    report["vectors"] = engine.embed_pending(emit, cancel)
    return report


def _chat_service(engine: Engine) -> Any:
    """The engine's chat service, made on first use and kept as long as the engine: its client
    and what it learnt of the model (the context size) serve every question."""
    from desktop_app.core.chat import ChatService

    return engine.service("chat", lambda: ChatService.from_engine(engine))


def _ask(engine: Engine, args: dict[str, Any], emit: Emit, cancel: threading.Event) -> Any:
    from desktop_app.core.chat import ChatScope

    scope = ChatScope(
        folders=args.get("folders") or None,
        kinds=args.get("kinds") or None,
        path_glob=args.get("path_glob"),
        files=args.get("files") or None,
    )
    answer = _chat_service(engine).ask(
        args["question"],
        conversation_id=args.get("conversation_id"),
        scope=scope,
        collection=bool(args.get("collection")),
        emit=emit,
        cancel=cancel,
    )
    return answer.to_dict()


def _chats(action: str) -> Handler:
    def run(engine: Engine, args: dict[str, Any], emit: Emit, c: threading.Event) -> Any:
        from desktop_app.core.chat.markdown import export_markdown
        from desktop_app.core.errors import ConfigError

        conversations = engine.catalog.conversations
        if action == "list":
            return [
                {"id": x.id, "title": x.title, "updated_at": x.updated_at}
                for x in conversations.list_all()
            ]
        chat_id = int(args["id"])
        if conversations.get(chat_id) is None:
            raise ConfigError(
                f"There is no conversation {chat_id}.", hint="See `trove chats list`."
            )
        if action == "delete":
            return {"deleted": conversations.delete(chat_id)}
        if action == "rename":
            conversations.rename(chat_id, args["title"])
            return {"id": chat_id, "title": args["title"]}
        chat = _chat_service(engine).show_chat(chat_id)
        return {"markdown": export_markdown(chat)} if action == "export" else chat

    return run


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("folders.add", _folders_add, writes=True, precious=True),
        Command("folders.remove", _folders_remove, writes=True, precious=True),
        Command("folders.list", _folders_list, writes=False),
        # Folders with their counts and state, and the files that failed, in one read.
        Command("folders.status", _folders_status, writes=False),
        Command("files.searchable", _files_searchable, writes=False),
        Command("files.retry", _files_retry, writes=True),
        Command("index", _index, writes=True),
        Command("search", _search, writes=False),
        # A result's chunk with its neighbours and the query's matches, for a preview.
        Command("passage", _passage, writes=False),
        Command("viewer.page", _viewer_page, writes=False),
        Command("viewer.text", _viewer_text, writes=False),
        Command("viewer.find", _viewer_find, writes=False),
        Command("viewer.copy", _viewer_copy, writes=False),
        Command("viewer.chars", _viewer_chars, writes=False),
        Command("status", _status, writes=False),
        Command("repair", _repair, writes=True),
        # ``ask`` writes only its own conversation (SQLite serialises that) and must not hold up
        # live indexing while an answer streams.
        Command("ask", _ask, writes=False, precious=True),
        Command("chats.list", _chats("list"), writes=False),
        Command("chats.show", _chats("show"), writes=False),
        Command("chats.export", _chats("export"), writes=False),
        Command("chats.delete", _chats("delete"), writes=True, precious=True),
        Command("chats.rename", _chats("rename"), writes=True, precious=True),
    )
}


def run_command(
    engine: Engine, command: str, args: dict[str, Any], emit: Emit, cancel: threading.Event
) -> Any:
    """Run one command on an open engine, under the write lock when it writes."""
    entry = COMMANDS[command]
    if not entry.writes:
        result = entry.handler(engine, args, emit, cancel)
    else:
        with engine.write_lock:
            result = entry.handler(engine, args, emit, cancel)
    if entry.precious:
        engine.backup_precious()
    return result


def handlers_for(engine: Engine) -> dict[str, Callable[[dict[str, Any], Emit], Any]]:
    """The handlers bound to a running engine, as the owner channel serves them."""

    def bind(name: str) -> Callable[[dict[str, Any], Emit], Any]:
        def run(args: dict[str, Any], emit: Emit) -> Any:
            return run_command(engine, name, args, emit, threading.Event())

        return run

    return {name: bind(name) for name in COMMANDS}


# Commands that may run for minutes: while one runs, the process serves the others.
_ANSWERS_WHILE_RUNNING = frozenset({"index", "repair"})


def call(
    dirs: TroveDirs,
    settings: Callable[[], Settings],
    command: str,
    args: dict[str, Any],
    emit: Emit,
    cancel: threading.Event | None = None,
) -> Any:
    """Run ``command``: here if no other process owns the data dir, else through the owner."""
    lock = OwnerLock(dirs.ensure().lock_file)
    if not lock.try_acquire():
        return run_on_owner(dirs.data, command, args, emit, cancel)
    try:
        try:
            if command == "repair" and dirs.catalog_file.exists():
                Catalog.open(dirs.catalog_file, check=True).close()  # every page, whatever size
            engine = Engine(dirs, settings())
        except CatalogDamagedError:
            if command != "repair":
                raise
            rescue_catalog(dirs, settings()["embedding.model"])  # its report: engine.repair
            engine = Engine(dirs, settings())
        # A long run answers other trove commands meanwhile, as `trove watch` does: without
        # it `trove status` during `trove index` could only say the owner does not answer.
        channel = None
        if command in _ANSWERS_WHILE_RUNNING:
            channel = ChannelServer(dirs.data, handlers_for(engine)).start()
        try:
            entry = COMMANDS[command]
            if channel is None or not entry.writes:
                return entry.handler(engine, args, emit, cancel or threading.Event())
            with engine.write_lock:  # commands served meanwhile that write wait their turn
                return entry.handler(engine, args, emit, cancel or threading.Event())
        finally:
            if channel is not None:
                channel.close()
            engine.close()
    finally:
        lock.release()
