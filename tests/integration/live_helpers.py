"""Running a LiveIndexer in a thread for tests, and recording what it emits."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app.core.engine import Engine
from desktop_app.core.index.catalog import SearchFilters
from desktop_app.core.live import LiveIndexer
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings

__all__ = ["Recorder", "indexed", "make_engine", "running", "wait_for"]


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll ``condition`` until it holds (the index has no per-file signal to wait on)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def make_engine(home: Path, base_url: str, **options: Any) -> Engine:
    """An engine on ``home`` whose NIM is at ``base_url``; one extraction worker by default."""
    settings = Settings()
    settings.set("embedding.base_url", base_url)
    settings.set("index.workers", 1)
    for key, value in options.items():
        settings.set(key.replace("__", "."), value)
    return Engine(resolve_dirs(home), settings)


def indexed(engine: Engine, word: str) -> list[str]:
    """Names of the files a keyword search for ``word`` finds."""
    response = engine.search(word, mode="keyword", filters=SearchFilters())
    return sorted(Path(r.path).name for r in response.results)


class Recorder:
    """An ``Emit`` that keeps every event, and can run a hook on each (in the live thread)."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.hook: Callable[[dict[str, Any]], None] | None = None
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(event)
        if self.hook is not None:
            self.hook(event)

    def of(self, kind: str) -> list[dict[str, Any]]:
        """The events of one type, in order."""
        with self._lock:
            return [e for e in self.events if e["type"] == kind]

    def indexed_paths(self) -> Counter[str]:
        """How many times each path was (re)indexed."""
        return Counter(e["path"] for e in self.of("file_indexed"))


@contextmanager
def running(indexer: LiveIndexer) -> Iterator[threading.Thread]:
    """Run ``indexer`` in a thread; stop it and check it ended promptly."""
    stop = threading.Event()
    thread = threading.Thread(target=indexer.run, args=(stop,), name="test-live")
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(timeout=30)
        indexer.engine.close()
    assert not thread.is_alive()
