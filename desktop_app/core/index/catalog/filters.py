"""Search filters (folder, file type, path glob, modification time) as SQL over the files table.

Keyword search applies them in its SQL (``catalog.chunks.keyword_matches``). The semantic side asks
``catalog.chunks.ids_matching`` for the candidate chunk ids (or ``catalog.files.ids_matching`` for
file ids) and restricts the vector search to them; both walk the files indexes (path, ext, kind,
mtime) and then ``chunks(file_id)``, so a filter never scans the chunk texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_PATHS", "SearchFilters"]

MAX_PATHS = 500  # exact paths in one filter: well under SQLite's variable limit


def _folder_range(folder: str) -> tuple[str, str, str]:
    """(exact, low, high): ``low <= path < high`` is every path below ``folder``, on one index."""
    sep = "\\" if "\\" in folder and "/" not in folder else "/"
    exact = folder.rstrip("/\\") or folder
    low = folder.rstrip("/\\") + sep
    return exact, low, low[:-1] + chr(ord(sep) + 1)


@dataclass(frozen=True)
class SearchFilters:
    """Which files a search may return; ``None`` (or an empty list) means no restriction."""

    folders: Sequence[str] | None = None  # folder paths: files anywhere below any of them
    kinds: Sequence[str] | None = None  # extensions ("pdf", ".md") or kind families ("text")
    path_glob: str | None = None  # SQLite GLOB (case-sensitive); without a separator: file name
    paths: Sequence[str] | None = None  # exact file paths (at most ``MAX_PATHS``)
    modified_after: float | None = None  # seconds since the epoch, inclusive
    modified_before: float | None = None  # seconds since the epoch, exclusive

    def is_empty(self) -> bool:
        """True when the filters let every file through."""
        return not (
            self.folders
            or self.kinds
            or self.path_glob
            or self.paths
            or self.modified_after is not None
            or self.modified_before is not None
        )

    def where_sql(self, alias: str = "f") -> tuple[str, list[object]]:
        """A WHERE fragment over the files table (as ``alias``) and its parameters; "1" if empty."""
        clauses: list[str] = []
        params: list[object] = []
        if self.folders:
            ors = []
            for folder in self.folders:
                exact, low, high = _folder_range(str(folder))
                ors.append(f"({alias}.path = ? OR ({alias}.path >= ? AND {alias}.path < ?))")
                params.extend((exact, low, high))
            clauses.append("(" + " OR ".join(ors) + ")")
        if self.kinds:
            kinds = sorted({k.strip().lower().lstrip(".") for k in self.kinds if k.strip()})
            marks = ", ".join("?" * len(kinds))
            clauses.append(f"({alias}.ext IN ({marks}) OR {alias}.kind IN ({marks}))")
            params.extend(kinds)
            params.extend(kinds)
        if self.path_glob:
            glob = self.path_glob
            if "/" in glob or "\\" in glob:
                clauses.append(f"{alias}.path GLOB ?")
                params.append(glob)
            else:
                clauses.append(f"({alias}.path GLOB ? OR {alias}.path GLOB ?)")
                params.extend(("*/" + glob, "*\\" + glob))
        if self.paths:
            paths = sorted({str(p) for p in self.paths})[:MAX_PATHS]
            clauses.append(f"{alias}.path IN ({', '.join('?' * len(paths))})")
            params.extend(paths)
        if self.modified_after is not None:
            clauses.append(f"{alias}.mtime_ns >= ?")
            params.append(int(self.modified_after * 1_000_000_000))
        if self.modified_before is not None:
            clauses.append(f"{alias}.mtime_ns < ?")
            params.append(int(self.modified_before * 1_000_000_000))
        return (" AND ".join(clauses) or "1"), params
