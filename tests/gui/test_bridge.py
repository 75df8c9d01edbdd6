"""The task runner and the engine bridge: work off the GUI thread, results and errors back on it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from desktop_app.core.errors import ConfigError
from desktop_app.ui.tasks import EventRelay, TaskRunner


def test_runner_delivers_result_on_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}
    gui = QThread.currentThread()

    def work() -> str:
        seen["worker"] = threading.current_thread().name
        return "done"

    def done(result: str) -> None:
        seen["result"] = result
        seen["on_gui"] = QThread.currentThread() is gui

    runner.run(work, done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == "done" and seen["on_gui"] is True
    assert seen["worker"] != threading.main_thread().name


def test_runner_forwards_expected_errors_and_bugs(qtbot) -> None:
    errors: list[BaseException] = []
    bugs: list[BaseException] = []
    runner = TaskRunner(on_unhandled_error=errors.append, on_bug=bugs.append)

    def bad_config() -> None:
        raise ConfigError("That value is wrong.", hint="Try another.")

    def bug() -> None:
        raise ZeroDivisionError("oops")

    runner.run(bad_config)
    runner.run(bug)
    qtbot.waitUntil(lambda: len(errors) == 1 and len(bugs) == 1)
    assert isinstance(errors[0], ConfigError) and isinstance(bugs[0], ZeroDivisionError)


def test_cancelled_task_drops_its_callback(qtbot) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    results: list[object] = []

    def slow() -> int:
        started.set()
        release.wait(5)
        return 1

    task = runner.run(slow, results.append)
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert results == []


def test_relay_batches_events_from_threads(qtbot) -> None:
    relay = EventRelay(interval_ms=20)
    batches: list[list[dict]] = []
    relay.batch.connect(batches.append)
    threads = [
        threading.Thread(target=lambda n=n: [relay.push({"n": n, "i": i}) for i in range(500)])
        for n in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    qtbot.waitUntil(lambda: sum(len(b) for b in batches) == 2000)
    assert len(batches) < 100  # coalesced, not one signal per event
    relay.stop()


@pytest.mark.usefixtures("sample_folder")
def test_bridge_indexes_and_searches(qtbot, bridge, sample_folder) -> None:
    results: list[dict] = []
    summaries: list[dict] = []
    bridge.call("folders.add", {"path": str(sample_folder)})
    # Wait for the state (the index call finished), not for indexChanged: that one fires with the
    # first batch of events, which under load may hold the first file only (the smallest one,
    # garden.md), so the search raced the indexing of lighthouse.txt.
    bridge.call("index", {}, summaries.append)
    qtbot.waitUntil(lambda: bool(summaries), timeout=30000)
    assert summaries[0]["indexed"] == 3
    bridge.call("search", {"query": "lighthouse keeper", "mode": "hybrid"}, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    paths = [r["path"] for r in results[0]["results"]]
    assert paths and paths[0].endswith("lighthouse.txt")


def test_only_errors_the_user_must_fix_ask_for_attention(qtbot, messages) -> None:
    from desktop_app.core.errors import NimAuthError, NimUnreachableError

    shown: list = []
    messages.shown.connect(shown.append)
    messages.error(NimAuthError("The NIM rejected the API key.", hint="Set a new key."))
    messages.error(NimUnreachableError("The NIM does not answer."))
    assert [m.needs_user for m in shown] == [True, False]


def test_an_older_read_finishing_last_does_not_show_stale_state(
    qtbot, bridge, messages, sample_folder, monkeypatch
) -> None:
    """The same race in the app: views re-read on indexChanged, reads run on a pool of threads,
    and the read started before a change may deliver after the one started because of it."""
    from desktop_app.core.command_table import COMMANDS, Command
    from desktop_app.ui.folders_view import FoldersView

    view = FoldersView(bridge, messages)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not bridge.runner.busy, timeout=30000)
    real = COMMANDS["folders.status"].handler
    first_read, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def read(engine, *args):
        calls.append(1)
        rows = real(engine, *args)
        if len(calls) == 1:
            first_read.set()
            release.wait(30)  # this older read delivers last
        return rows

    monkeypatch.setitem(COMMANDS, "folders.status", Command("folders.status", read, writes=False))
    view.refresh()
    assert first_read.wait(30)
    assert bridge.engine is not None
    bridge.engine.add_folder(str(sample_folder))  # the change a second read picks up
    view.refresh()
    qtbot.waitUntil(lambda: view.folders.topLevelItemCount() == 1, timeout=30000)
    release.set()
    qtbot.waitUntil(lambda: not bridge.runner.busy, timeout=30000)
    assert view.folders.topLevelItemCount() == 1


def test_warnings_name_odd_files_readably(qtbot, bridge) -> None:
    from desktop_app.core.fsnames import stored

    shown: list[str] = []
    bridge.warning.connect(shown.append)
    message = stored("Skipped /docs/bad\udcff.txt: link outside folder.")
    bridge._on_events([{"type": "warning", "path": "", "message": message}])
    assert shown == ["Skipped /docs/bad\ufffd.txt: link outside folder."]
