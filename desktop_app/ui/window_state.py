"""Window geometry and splitter positions, kept in the config dir (not QSettings: one place for
Trove's files, and nothing in the registry)."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray

__all__ = ["WindowState"]

log = logging.getLogger(__name__)


class WindowState:
    """Named blobs (geometry, splitter states) saved as base64 in ``ui-state.json``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, str] = {}
        try:
            loaded = json.loads(path.read_text("utf-8"))
            if isinstance(loaded, dict):
                self._values = {str(k): str(v) for k, v in loaded.items()}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:  # a damaged file only costs the remembered layout
            log.warning("ignoring %s: %s", path, exc)

    def get(self, name: str) -> QByteArray | None:
        """The saved blob, or None."""
        value = self._values.get(name)
        return QByteArray(base64.b64decode(value)) if value else None

    def put(self, name: str, blob: QByteArray) -> None:
        """Remember a blob (saved by ``save``)."""
        self._values[name] = base64.b64encode(bytes(blob.data())).decode("ascii")

    def flag(self, name: str) -> bool:
        """A remembered yes/no (e.g. indexing paused)."""
        return self._values.get(name) == "1"

    def set_flag(self, name: str, value: bool) -> None:
        """Remember a yes/no (saved by ``save``)."""
        self._values[name] = "1" if value else "0"

    def save(self) -> None:
        """Write the file atomically."""
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._values), "utf-8")
        tmp.replace(self.path)
