"""The command table: one record per command, and the reads the window used to run itself
(passage, folder state, searchable files) served as commands for the CLI and the owner channel."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core import events
from desktop_app.core.command_table import COMMANDS, handlers_for, run_command
from desktop_app.core.engine import Engine
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lamps.txt").write_text(
        "The lighthouse keeper trimmed the lamps at dusk.\n\n" * 40, encoding="utf-8"
    )
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    dirs = resolve_dirs(None)
    settings = Settings.load(dirs.settings_file)
    settings.set("index.workers", 1)
    engine = Engine(dirs, settings)
    engine.add_folder(str(docs))
    engine.index(vectors=False)
    yield engine
    engine.close()


def run(engine: Engine, command: str, **args: Any) -> Any:
    return run_command(engine, command, args, events.ignore, threading.Event())


def test_every_command_says_whether_it_writes() -> None:
    assert all(name == c.name for name, c in COMMANDS.items())
    writers = {name for name, c in COMMANDS.items() if c.writes}
    assert {"index", "folders.add", "folders.remove", "repair"} <= writers
    # An answer must not hold up live indexing while it streams.
    assert "ask" not in writers
    assert not writers & {"search", "passage", "status", "folders.status", "files.searchable"}


def test_writing_commands_hold_the_write_lock(engine: Engine) -> None:
    seen: dict[str, bool] = {}

    def probe(name: str) -> Any:
        def handler(e: Engine, args: dict[str, Any], emit: Any, cancel: Any) -> Any:
            # An RLock held by this thread can be taken again; one held by nobody is free.
            seen[name] = e.write_lock._is_owned()  # type: ignore[attr-defined]
            return None

        return handler

    for name, writes in (("index", True), ("search", False)):
        original = COMMANDS[name]
        COMMANDS[name] = type(original)(name, probe(name), writes)
        try:
            run(engine, name)
        finally:
            COMMANDS[name] = original
    assert seen == {"index": True, "search": False}


def test_passage_command_reads_a_result_in_context(engine: Engine) -> None:
    hit = run(engine, "search", query="lighthouse", mode="keyword")["results"][0]
    passage = run(engine, "passage", chunk_id=hit["chunk_id"], query="lighthouse")
    assert passage["missing"] is False
    assert passage["path"].endswith("lamps.txt")
    assert "lighthouse" in passage["text"]
    assert passage["spans"]
    assert run(engine, "passage", chunk_id=10**9, query="x") == {"missing": True}


def test_folder_state_and_searchable_files_are_commands(engine: Engine) -> None:
    state = run(engine, "folders.status")
    (folder,) = state["folders"]
    assert folder["files_indexed"] == 1 and folder["files_failed"] == 1
    assert folder["exclude"] == [] and folder["include"] == []
    assert [Path(f["path"]).name for f in state["failed"]] == ["broken.pdf"]
    assert run(engine, "files.searchable") == {"files": 1}


def test_owner_channel_serves_every_command(engine: Engine) -> None:
    assert set(handlers_for(engine)) == set(COMMANDS)


def test_the_cli_reads_folder_state_through_the_same_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.integration.cli_helpers import trove, trove_json

    docs = tmp_path / "notes"
    docs.mkdir()
    (docs / "a.txt").write_text("lighthouse keeper\n", encoding="utf-8")
    assert trove("config", "set", "index.workers", "1") == 0
    assert trove("folders", "add", str(docs)) == 0
    assert trove("index", "--text-only") == 0
    state = trove_json(capsys, "folders", "status")
    assert [f["files_indexed"] for f in state["folders"]] == [1]
    capsys.readouterr()
    assert trove("folders", "status") == 0
    assert "1 indexed, 0 failed, 0 waiting" in capsys.readouterr().out


def test_clients_and_the_chat_service_live_as_long_as_the_engine(engine: Engine) -> None:
    from desktop_app.core.command_table import _chat_service

    reranker, chat = engine.nim.reranker(), engine.nim.chat()
    assert engine.nim.reranker() is reranker and engine.nim.chat() is chat
    assert _chat_service(engine) is _chat_service(engine)
    assert _chat_service(engine).client is chat
    engine.close()
    # Closing the engine closes its connection pools.
    assert reranker._http._client.is_closed and chat._http._client.is_closed


def test_other_commands_are_answered_while_trove_index_runs(tmp_path: Path) -> None:
    """`trove status` during `trove index` gets an answer, not 'the owner does not answer'."""
    from desktop_app.core.command_table import call
    from desktop_app.core.owner import run_on_owner

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"note{i}.txt").write_text(f"Lamp number {i} was trimmed at dusk.\n", "utf-8")
    dirs = resolve_dirs(None)
    settings = Settings.load(dirs.settings_file)
    settings.set("index.workers", 1)
    call(dirs, lambda: settings, "folders.add", {"path": str(docs)}, events.ignore)

    running, finish = threading.Event(), threading.Event()

    def emit(event: dict[str, Any]) -> None:  # the index run pauses at its first event
        if not running.is_set():
            running.set()
            finish.wait(30)

    summary: list[Any] = []
    indexer = threading.Thread(
        target=lambda: summary.append(
            call(dirs, lambda: settings, "index", {"text_only": True}, emit)
        )
    )
    indexer.start()
    try:
        assert running.wait(30)
        status = run_on_owner(dirs.data, "status", {}, events.ignore)
        assert "files" in status
    finally:
        finish.set()
        indexer.join(60)
    assert summary and summary[0]["indexed"] == 3
