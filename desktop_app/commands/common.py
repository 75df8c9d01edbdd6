"""What every CLI command shares: the resolved dirs, the settings, printing."""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from desktop_app.commands.terminal import clean, clean_json
from desktop_app.core.errors import TroveError
from desktop_app.core.paths import TroveDirs, resolve_dirs
from desktop_app.core.settings import Settings

__all__ = ["Context", "print_error", "print_json"]


class Context:
    """Lazily opened state of one CLI invocation."""

    def __init__(self, basedir: str | None = None) -> None:
        self.dirs: TroveDirs = resolve_dirs(basedir)
        self._settings: Settings | None = None
        self._closers: list[Any] = []

    @property
    def settings(self) -> Settings:
        """The user's settings (loaded once; a bad file raises ConfigError naming the key)."""
        if self._settings is None:
            self._settings = Settings.load(self.dirs.settings_file)
        return self._settings

    def call(
        self,
        command: str,
        args: dict[str, Any],
        emit: Any,
        cancel: threading.Event | None = None,
    ) -> Any:
        """Run an engine command here, or through the process that owns the data dir."""
        if command == "index":
            # Extraction workers start now and load while this process loads the engine. They
            # run at this command's priority, not in the background as the app's do: the user
            # waits for `trove index` (`nice trove index` puts all of it in the background).
            from desktop_app.core.ingest import worker

            s = self.settings
            worker.start_warm_pool(
                s["index.workers"],
                s["index.extract_timeout"],
                s["index.extract_memory_mb"],
                background=False,
            )
            self.on_close(worker.discard_warm_pool)
        from desktop_app.core.command_table import call

        return call(self.dirs, lambda: self.settings, command, args, emit, cancel)

    def on_close(self, closer: Any) -> None:
        """Call ``closer()`` when the command ends."""
        self._closers.append(closer)

    def close(self) -> None:
        """Release what the command opened, newest first."""
        while self._closers:
            self._closers.pop()()


def print_error(exc: TroveError) -> None:
    """Print an expected failure as the user should read it."""
    print(f"Error: {clean(exc)}", file=sys.stderr)
    if exc.hint:
        print(f"  {clean(exc.hint)}", file=sys.stderr)


def print_json(value: Any) -> None:
    """Print ``value`` as JSON (UTF-8, not escaped, so Korean stays readable)."""
    # Control characters are escaped (JSON does C0; clean_json the rest): the value is intact.
    sys.stdout.write(clean_json(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")
