"""Walk a watched folder: which files to index, with size and mtime, and what was skipped and why.

Rules are gitignore-like globs on the path relative to the folder: a pattern without '/' matches
any path component (``*.tmp``, ``node_modules``), one with '/' is anchored to the folder
(``/drafts``, ``docs/**/*.pdf``), a trailing '/' matches folders only, ``**`` spans folders, and a
leading '!' re-includes (the last matching pattern wins). Excluded folders are pruned without
being read. Symbolic links are followed only when they resolve inside the folder and to a place
not walked yet, so link loops and links out of the folder cannot make the walk endless or leak
outside what the user chose. Real paths are walked first, links after, so the path a file is
indexed under does not depend on directory order.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import FileLockedError, FileVanishedError, UnsupportedFileError
from desktop_app.core.fsnames import on_disk, stored
from desktop_app.core.ingest.registry import is_supported

__all__ = [
    "CREDENTIAL_EXCLUDES",
    "DEFAULT_EXCLUDES",
    "DEFAULT_MAX_BYTES",
    "FolderRules",
    "PathFilter",
    "ScannedFile",
    "SkippedPath",
    "compile_glob",
    "file_meta",
    "scan_folder",
    "screen_path",
]

# Credentials and key stores: never send them to an embedding service. ("*.key" also drops
# Keynote decks, which Trove cannot read anyway.) These apply to where a link leads too.
CREDENTIAL_EXCLUDES: tuple[str, ...] = (
    ".env", ".env.*", "*.pem", "*.key", "id_rsa*", "id_ed25519*", "id_ecdsa*", "id_dsa*",
    ".ssh/", ".gnupg/", "*.kdbx", "*.p12", "*.pfx", "*.jks", "*.keystore", ".netrc", ".pgpass",
)  # fmt: skip

DEFAULT_EXCLUDES: tuple[str, ...] = (
    # Version control, dependencies, build output, caches: machine-made, huge, noisy.
    ".git/", ".hg/", ".svn/", "node_modules/", "__pycache__/", "dist/", "build/", ".venv/",
    "venv/", ".tox/", ".mypy_cache/",
    # Hidden files and folders (dot-names), as file managers hide them.
    ".*",
    # Temporary, partial and lock files of editors, Office and browsers.
    "~$*", ".~lock*", "*.swp", "*.swo", "*~", "*.tmp", "*.part", "*.crdownload", ".DS_Store",
    "Thumbs.db",
    *CREDENTIAL_EXCLUDES,
)  # fmt: skip

DEFAULT_MAX_BYTES = 100 * 1024 * 1024

# Windows and macOS file systems ignore case by default, so patterns should too.
_IGNORE_CASE = sys.platform in ("win32", "darwin")


@dataclass(frozen=True)
class ScannedFile:
    """A file to index: its path (under the folder as given), size and modification time, and
    its other metadata (``file_meta``)."""

    path: Path
    size: int
    mtime_ns: int
    meta: str = ""


def file_meta(st: os.stat_result) -> str:
    """Mode and ctime: what changes when a file's permissions or owner do, though its mtime
    stays (a failed file is read again then)."""
    return f"{st.st_mode:o}:{st.st_ctime_ns}"


@dataclass(frozen=True)
class SkippedPath:
    """Something the scan left out and the user should hear about (not routine exclusions)."""

    path: Path
    reason: str  # "too large", "unreadable", "link outside folder", "broken link"
    detail: str = ""


@dataclass(frozen=True)
class FolderRules:
    """What to index in one folder: include/exclude globs and a size cap (None = no cap)."""

    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_bytes: int | None = DEFAULT_MAX_BYTES
    use_default_excludes: bool = True
    only_supported: bool = True

    @classmethod
    def from_settings(
        cls, settings: Any, include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> FolderRules:
        """Rules from the app settings (index.exclude, index.max_file_mb) plus per-folder globs."""
        return cls(
            include=list(include),
            exclude=[*settings["index.exclude"], *exclude],
            max_bytes=int(float(settings["index.max_file_mb"]) * 1024 * 1024),
        )


def compile_glob(pattern: str) -> str:
    """Regex source (for fullmatch) of one glob: ``*``, ``?``, ``[...]`` stay within a folder
    name; ``**`` spans folders."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == n:
            out.append("/.*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            close = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "^") else i + 1)
            if close == -1:
                out.append(re.escape(c))
                i += 1
                continue
            body = pattern[i + 1 : close]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class _Group:
    regex: re.Pattern[str]
    dir_only: bool
    negate: bool
    anchored: bool


def _compile_rules(patterns: Sequence[str]) -> list[_Group]:
    """Compile patterns, merging neighbours of the same kind into one regex (one match per kind)."""
    parsed: list[tuple[str, bool, bool, bool]] = []
    for raw in patterns:
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.removeprefix("!")
        dir_only = pattern.endswith("/")
        pattern = pattern.rstrip("/")
        anchored = "/" in pattern
        pattern = pattern.lstrip("/")
        if pattern:
            parsed.append((compile_glob(pattern), dir_only, negate, anchored))
    groups: list[_Group] = []
    flags = re.IGNORECASE if _IGNORE_CASE else 0
    run: list[str] = []
    for n, (source, *kind) in enumerate(parsed):
        run.append(source)
        if n + 1 == len(parsed) or parsed[n + 1][1:] != tuple(kind):
            regex = re.compile("|".join(f"(?:{s})" for s in run), flags)
            groups.append(_Group(regex, kind[0], kind[1], kind[2]))
            run = []
    return groups


def _last_match(groups: Sequence[_Group], name: str, rel: str, is_dir: bool) -> bool | None:
    """True/False from the last matching pattern (False for a '!' one), None if none matches."""
    for group in reversed(groups):
        if group.dir_only and not is_dir:
            continue
        if group.regex.fullmatch(rel if group.anchored else name):
            return not group.negate
    return None


class PathFilter:
    """FolderRules compiled for fast matching; also usable by the watcher on single events."""

    def __init__(self, rules: FolderRules) -> None:
        self.rules = rules
        excludes = [*(DEFAULT_EXCLUDES if rules.use_default_excludes else ()), *rules.exclude]
        self._exclude = _compile_rules(excludes)
        self._include = _compile_rules(rules.include)
        self._secrets = _compile_rules(CREDENTIAL_EXCLUDES if rules.use_default_excludes else ())

    def excluded(self, name: str, rel: str, is_dir: bool) -> bool:
        """Whether this entry itself matches the excludes (``rel`` uses '/' separators)."""
        return bool(_last_match(self._exclude, name, rel, is_dir))

    def secret(self, rel: str, is_dir: bool) -> bool:
        """Whether the path at ``rel`` ('/'-separated) is a credential file or folder, or lies in
        a credential folder (``.ssh/``): checked on link targets, whatever the link is called."""
        parts = [p for p in rel.split("/") if p]
        for depth, name in enumerate(parts):
            last = depth == len(parts) - 1
            if _last_match(self._secrets, name, "/".join(parts[: depth + 1]), is_dir or not last):
                return True
        return False

    def dir_included(self, name: str, rel: str) -> bool:
        """Whether an include pattern selects this whole folder (e.g. ``reports/``)."""
        return bool(self._include) and bool(_last_match(self._include, name, rel, True))

    def file_wanted(self, name: str, rel: str, in_included_dir: bool) -> bool:
        """Whether a file passes excludes, includes and (optionally) the supported types."""
        if self.excluded(name, rel, False):
            return False
        if (
            self._include
            and not in_included_dir
            and not _last_match(self._include, name, rel, False)
        ):
            return False
        return not self.rules.only_supported or is_supported(name)

    def wants(self, rel: str) -> bool:
        """Whether the file at ``rel`` (relative, '/'-separated) would be indexed, folders
        included: for watcher events, which arrive one path at a time."""
        parts = [p for p in rel.split("/") if p]
        included = False
        for depth in range(len(parts) - 1):
            prefix = "/".join(parts[: depth + 1])
            if self.excluded(parts[depth], prefix, True):
                return False
            included = included or self.dir_included(parts[depth], prefix)
        return bool(parts) and self.file_wanted(parts[-1], "/".join(parts), included)


def _inside(path: str, root: str) -> bool:
    path, root = os.path.normcase(path), os.path.normcase(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def screen_path(path: Path | str, root: Path | str, path_filter: PathFilter) -> str | SkippedPath:
    """The real path to read for ``path`` in the watched folder ``root``, or why it must not be
    read at all: it leads outside the folder, or to a credential file or folder.

    The scanner and every read of the text stage (the watcher's changes included) go through this
    one check, just before reading, so a file replaced by a link meanwhile is caught too.
    """
    real = os.path.realpath(on_disk(os.fspath(path)))
    root_real = os.path.realpath(on_disk(os.fspath(root)))
    shown = Path(stored(os.fspath(path)))
    if not _inside(real, root_real):
        return SkippedPath(shown, "link outside folder", f"points to {stored(real)}")
    rel = os.path.relpath(real, root_real).replace(os.sep, "/")
    if rel != "." and path_filter.secret(rel, os.path.isdir(real)):
        return SkippedPath(shown, "link to excluded file", f"points to {stored(rel)}")
    return real


def _human(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


class _Walker:
    def __init__(self, root: Path, rules: FolderRules, on_skip: Callable[[SkippedPath], None]):
        self.root = root
        self.rules = rules
        self.filter = PathFilter(rules)
        self.on_skip = on_skip
        self.root_real = os.path.realpath(root)
        self.visited: set[tuple[int, int]] = set()
        self.links: list[tuple[str, str, bool]] = []  # (path, rel, in_included_dir)

    def _too_large(self, path: str, size: int) -> bool:
        limit = self.rules.max_bytes
        if limit is not None and size > limit:
            self.on_skip(
                SkippedPath(
                    Path(path), "too large", f"{_human(size)} is over the {_human(limit)} limit"
                )
            )
            return True
        return False

    def _dir_key(self, path: str, st: os.stat_result | None = None) -> tuple[int, int]:
        # DirEntry.stat() leaves st_ino/st_dev at 0 on Windows; os.stat fills them.
        if st is None or os.name == "nt":
            st = os.stat(path)
        return (st.st_dev, st.st_ino)

    def walk(self, start: str, rel_start: str, included: bool) -> Iterator[ScannedFile]:
        stack = [(start, rel_start, included)]
        while stack:
            dir_path, rel_dir, dir_included = stack.pop()
            try:
                with os.scandir(dir_path) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.on_skip(
                    SkippedPath(Path(dir_path), "unreadable", exc.strerror or type(exc).__name__)
                )
                continue
            subdirs: list[tuple[str, str, bool]] = []
            for entry in entries:
                name = entry.name
                rel = f"{rel_dir}/{name}" if rel_dir else name
                try:
                    if entry.is_symlink():
                        self.links.append((entry.path, rel, dir_included))
                    elif entry.is_dir(follow_symlinks=False):
                        if self.filter.excluded(name, rel, True):
                            continue
                        key = self._dir_key(entry.path, entry.stat(follow_symlinks=False))
                        if key in self.visited:
                            continue  # a bind mount or hard-linked folder seen already
                        self.visited.add(key)
                        inc = dir_included or self.filter.dir_included(name, rel)
                        subdirs.append((entry.path, rel, inc))
                    elif entry.is_file(follow_symlinks=False):
                        if not self.filter.file_wanted(name, rel, dir_included):
                            continue
                        st = entry.stat(follow_symlinks=False)
                        if not self._too_large(entry.path, st.st_size):
                            yield ScannedFile(
                                Path(entry.path), st.st_size, st.st_mtime_ns, file_meta(st)
                            )
                except FileNotFoundError:
                    continue  # deleted while we looked; the watcher reports that separately
                except OSError as exc:
                    self.on_skip(
                        SkippedPath(Path(entry.path), "unreadable", exc.strerror or str(exc))
                    )
            stack.extend(reversed(subdirs))

    def follow_links(self) -> Iterator[ScannedFile]:
        while self.links:
            link, rel, dir_included = self.links.pop(0)
            name = rel.rsplit("/", 1)[-1]
            try:
                st = os.stat(link)
            except OSError as exc:
                # Broken (or looping) links are worth a line: the user may expect their target.
                reason = "broken link"
                self.on_skip(SkippedPath(Path(link), reason, exc.strerror or type(exc).__name__))
                continue
            target = screen_path(link, self.root_real, self.filter)
            if isinstance(target, SkippedPath):
                self.on_skip(target)
                continue
            if stat.S_ISDIR(st.st_mode):
                if self.filter.excluded(name, rel, True):
                    continue
                key = self._dir_key(link, st)
                if key in self.visited:
                    continue  # a loop, or a second way into a folder walked already
                self.visited.add(key)
                inc = dir_included or self.filter.dir_included(name, rel)
                yield from self.walk(link, rel, inc)
            elif stat.S_ISREG(st.st_mode):
                if not self.filter.file_wanted(name, rel, dir_included):
                    continue
                if self._indexed_at_real_path(target):
                    continue
                if not self._too_large(link, st.st_size):
                    yield ScannedFile(Path(link), st.st_size, st.st_mtime_ns, file_meta(st))

    def _indexed_at_real_path(self, target: str) -> bool:
        """Whether the link's target file was already yielded under its own path."""
        try:
            parent_key = self._dir_key(os.path.dirname(target))
        except OSError:
            return False
        if parent_key not in self.visited and os.path.dirname(target) != self.root_real:
            return False
        rel = os.path.relpath(target, self.root_real).replace(os.sep, "/")
        return self.filter.wants(rel)


def scan_folder(
    root: Path | str,
    rules: FolderRules | None = None,
    *,
    on_skip: Callable[[SkippedPath], None] | None = None,
) -> Iterator[ScannedFile]:
    """Yield the files under ``root`` to index; report notable skips to ``on_skip``.

    Raises FileVanishedError if ``root`` is missing (e.g. an unmounted drive: callers must then
    not treat its files as deleted) and FileLockedError if it cannot be read.
    """
    root = Path(on_disk(os.fspath(root)))
    rules = rules or FolderRules()
    try:
        st = os.stat(root)
    except FileNotFoundError:
        raise FileVanishedError(
            str(root),
            f"The folder {root} is not available (deleted, renamed, or on a drive that is not "
            "connected).",
            "Reconnect the drive, or remove the folder from Trove.",
        ) from None
    except OSError as exc:
        raise FileLockedError(
            str(root),
            f"The folder {root} cannot be opened ({exc.strerror or type(exc).__name__}).",
            "Check its permissions.",
        ) from None
    if not stat.S_ISDIR(st.st_mode):
        raise UnsupportedFileError(str(root), f"{root} is not a folder.")
    report = on_skip or (lambda _skip: None)

    def skipped(skip: SkippedPath) -> None:
        report(SkippedPath(Path(stored(str(skip.path))), skip.reason, stored(skip.detail)))

    walker = _Walker(root, rules, skipped)
    walker.visited.add((st.st_dev, st.st_ino) if os.name != "nt" else walker._dir_key(str(root)))
    for found in itertools.chain(walker.walk(str(root), "", False), walker.follow_links()):
        # Names that are not valid Unicode leave the walk in the form Trove stores (fsnames).
        path = str(found.path)
        yield (
            found
            if path.isascii()
            else ScannedFile(Path(stored(path)), found.size, found.mtime_ns, found.meta)
        )
