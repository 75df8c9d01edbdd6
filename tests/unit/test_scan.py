"""Folder scanning: default and user rules, symlinks, unreadable folders, size cap, speed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desktop_app.core.errors import FileVanishedError, UnsupportedFileError
from desktop_app.core.index.scan import (
    DEFAULT_EXCLUDES,
    FolderRules,
    PathFilter,
    ScannedFile,
    SkippedPath,
    compile_glob,
    file_meta,
    scan_folder,
    screen_path,
)
from desktop_app.core.settings import Settings

needs_symlinks = pytest.mark.skipif(
    not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links"
)


def make(root: Path, *names: str, data: bytes = b"text") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def scan(root: Path, rules: FolderRules | None = None) -> tuple[list[str], list[SkippedPath]]:
    skipped: list[SkippedPath] = []
    files = [
        f.path.relative_to(root).as_posix()
        for f in scan_folder(root, rules, on_skip=skipped.append)
    ]
    return sorted(files), skipped


def test_default_excludes_leave_only_documents(tmp_path: Path) -> None:
    make(
        tmp_path,
        "notes.md", "docs/report.pdf", "docs/sub/deep.txt",
        ".git/config", ".git/HEAD.txt", "node_modules/pkg/readme.md", "src/__pycache__/x.py",
        "dist/out.txt", "build/log.txt", ".venv/lib/site.py", "venv/a.py", ".tox/b.txt",
        ".mypy_cache/c.json", ".hidden/inside.txt", ".profile.txt",
        "~$report.docx", ".~lock.report.odt#", "draft.txt.swp", "x.tmp", "movie.mp4.part",
        "setup.exe.crdownload", ".DS_Store", "Thumbs.db", ".env", ".env.local", "server.pem",
        "server.key", "id_rsa", "id_ed25519.pub", ".ssh/config.txt", ".gnupg/pubring.txt",
        "vault.kdbx", "cert.p12", "cert.pfx", "song.mp3", "backup.txt~",
    )  # fmt: skip
    files, skipped = scan(tmp_path)
    assert files == ["docs/report.pdf", "docs/sub/deep.txt", "notes.md"]
    assert skipped == []


def test_scanned_file_carries_size_mtime_and_meta(tmp_path: Path) -> None:
    make(tmp_path, "a.txt", data=b"12345")
    os.utime(tmp_path / "a.txt", ns=(1_700_000_000_000_000_000, 1_700_000_000_123_456_789))
    [found] = scan_folder(tmp_path)
    meta = file_meta(os.stat(tmp_path / "a.txt"))
    assert found == ScannedFile(tmp_path / "a.txt", 5, 1_700_000_000_123_456_789, meta)
    (tmp_path / "a.txt").chmod(0o600)  # the mode and ctime change, size and mtime do not
    [after] = scan_folder(tmp_path)
    assert (after.size, after.mtime_ns) == (found.size, found.mtime_ns)
    assert after.meta != found.meta


def test_user_excludes_anchored_and_component_patterns(tmp_path: Path) -> None:
    make(
        tmp_path,
        "top.txt",
        "sub/top.txt",
        "drafts/a.md",
        "keep/drafts.md",
        "logs/x.txt",
        "a/b/c/old.pdf",
    )
    rules = FolderRules(exclude=["/top.txt", "drafts/", "logs", "a/**/old.pdf"])
    files, _ = scan(tmp_path, rules)
    assert files == ["keep/drafts.md", "sub/top.txt"]


def test_includes_select_files_and_folders(tmp_path: Path) -> None:
    make(
        tmp_path, "a.md", "b.txt", "docs/c.txt", "docs/deep/d.pdf", "other/e.md", "other/docs/f.txt"
    )
    assert scan(tmp_path, FolderRules(include=["*.md"]))[0] == ["a.md", "other/e.md"]
    assert scan(tmp_path, FolderRules(include=["/docs/"]))[0] == ["docs/c.txt", "docs/deep/d.pdf"]
    assert scan(tmp_path, FolderRules(include=["docs/**/*.pdf", "b.txt"]))[0] == [
        "b.txt",
        "docs/deep/d.pdf",
    ]


def test_negation_reincludes_a_hidden_folder(tmp_path: Path) -> None:
    make(tmp_path, ".notes/idea.md", ".cache/x.md", "plain.md")
    files, _ = scan(tmp_path, FolderRules(exclude=["!.notes/"]))
    assert files == [".notes/idea.md", "plain.md"]


def test_default_excludes_can_be_switched_off(tmp_path: Path) -> None:
    make(tmp_path, "build/guide.md", ".hidden.txt")
    assert scan(tmp_path, FolderRules(use_default_excludes=False))[0] == [
        ".hidden.txt",
        "build/guide.md",
    ]


def test_unsupported_types_are_left_out_unless_asked(tmp_path: Path) -> None:
    make(tmp_path, "a.txt", "b.mp3", "README")
    assert scan(tmp_path)[0] == ["README", "a.txt"]
    assert scan(tmp_path, FolderRules(only_supported=False))[0] == ["README", "a.txt", "b.mp3"]


def test_too_large_files_are_reported_not_dropped_silently(tmp_path: Path) -> None:
    make(tmp_path, "small.txt", data=b"x" * 10)
    make(tmp_path, "big.txt", data=b"x" * 5000)
    files, skipped = scan(tmp_path, FolderRules(max_bytes=1000))
    assert files == ["small.txt"]
    assert skipped == [
        SkippedPath(tmp_path / "big.txt", "too large", "4.9 KB is over the 1000 bytes limit")
    ]
    assert scan(tmp_path, FolderRules(max_bytes=None))[0] == ["big.txt", "small.txt"]


@needs_symlinks
def test_symlink_loops_end_and_never_revisit(tmp_path: Path) -> None:
    make(tmp_path, "a/file.txt", "a/b/deep.txt")
    os.symlink(tmp_path, tmp_path / "a" / "b" / "up")  # loop back to the root
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "again")  # loop back to a parent
    os.symlink("self", tmp_path / "self")  # a link to itself
    files, skipped = scan(tmp_path)
    assert files == ["a/b/deep.txt", "a/file.txt"]
    assert [(s.path.name, s.reason) for s in skipped] == [("self", "broken link")]


@needs_symlinks
def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    make(outside, "secret.txt", "dir/x.txt")
    make(root, "mine.txt")
    os.symlink(outside / "dir", root / "escape")
    os.symlink(outside / "secret.txt", root / "secret.txt")
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    files, skipped = scan(root)
    assert files == ["mine.txt"]
    assert sorted((s.path.name, s.reason) for s in skipped) == [
        ("dangling.txt", "broken link"),
        ("escape", "link outside folder"),
        ("secret.txt", "link outside folder"),
    ]


@needs_symlinks
def test_links_inside_the_folder(tmp_path: Path) -> None:
    make(tmp_path, "real/doc.txt", ".private/kept.txt")
    os.symlink(tmp_path / "real", tmp_path / "alias")  # a second way into a walked folder
    os.symlink(tmp_path / "real" / "doc.txt", tmp_path / "doc-link.txt")  # duplicate of a file
    os.symlink(tmp_path / ".private" / "kept.txt", tmp_path / "kept.txt")  # only way to reach it
    os.symlink(tmp_path / ".private", tmp_path / "private")  # into an excluded folder, by choice
    files, skipped = scan(tmp_path)
    assert files == ["kept.txt", "private/kept.txt", "real/doc.txt"]
    assert skipped == []


@needs_symlinks
def test_links_to_credentials_are_skipped_whatever_their_name(tmp_path: Path) -> None:
    # The folder is a home folder: its .env and .ssh are inside it, but excluded.
    make(tmp_path, "mine.txt", ".env", ".ssh/id_rsa", ".ssh/config", "keys/server.pem")
    os.symlink(".env", tmp_path / "notes.txt")
    os.symlink(tmp_path / ".ssh" / "id_rsa", tmp_path / "readme.md")
    os.symlink(tmp_path / ".ssh", tmp_path / "settings")  # a folder of them
    os.symlink(tmp_path / "keys" / "server.pem", tmp_path / "cert.txt")
    files, skipped = scan(tmp_path)
    assert files == ["mine.txt"]
    assert sorted((s.path.name, s.reason, s.detail) for s in skipped) == [
        ("cert.txt", "link to excluded file", "points to keys/server.pem"),
        ("notes.txt", "link to excluded file", "points to .env"),
        ("readme.md", "link to excluded file", "points to .ssh/id_rsa"),
        ("settings", "link to excluded file", "points to .ssh"),
    ]


@needs_symlinks
def test_screen_path_is_the_one_check_before_reading(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    make(outside, "id.txt")
    make(root, "plain.txt", ".env")
    os.symlink(outside / "id.txt", root / "out.txt")
    os.symlink(root / ".env", root / "env.txt")
    path_filter = PathFilter(FolderRules())
    assert screen_path(root / "plain.txt", root, path_filter) == str(root / "plain.txt")
    assert screen_path(root / "out.txt", root, path_filter) == SkippedPath(
        root / "out.txt", "link outside folder", f"points to {outside / 'id.txt'}"
    )
    refused = screen_path(root / "env.txt", root, path_filter)
    assert isinstance(refused, SkippedPath) and refused.reason == "link to excluded file"
    # A folder reached through a link reads from where the link leads.
    os.symlink(root, tmp_path / "alias")
    assert screen_path(tmp_path / "alias" / "plain.txt", tmp_path / "alias", path_filter) == str(
        root / "plain.txt"
    )


def test_unreadable_folder_is_skipped_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, "ok.txt", "locked/inside.txt", "z/after.txt")
    real = os.scandir
    locked = str(tmp_path / "locked")

    def scandir(path: str) -> object:
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    # Tests may run as root, which reads any folder; simulate the OS refusing.
    monkeypatch.setattr(os, "scandir", scandir)
    files, skipped = scan(tmp_path)
    assert files == ["ok.txt", "z/after.txt"]
    assert skipped == [SkippedPath(tmp_path / "locked", "unreadable", "Permission denied")]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads anything")
def test_unreadable_folder_for_real(tmp_path: Path) -> None:
    make(tmp_path, "ok.txt", "locked/inside.txt")
    (tmp_path / "locked").chmod(0)
    try:
        files, skipped = scan(tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o700)
    assert files == ["ok.txt"]
    assert [s.reason for s in skipped] == ["unreadable"]


def test_missing_root_is_an_error_not_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FileVanishedError, match="not available"):
        list(scan_folder(tmp_path / "unplugged-drive"))
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UnsupportedFileError, match="not a folder"):
        list(scan_folder(tmp_path / "file.txt"))


def test_ten_thousand_files_scan_fast(tmp_path: Path) -> None:
    for d in range(50):
        folder = tmp_path / f"d{d}" / "sub"
        folder.mkdir(parents=True)
        for f in range(200):
            (folder / f"note{f}.md").touch()
    make(tmp_path, *[f"node_modules/p{n}/index.js" for n in range(200)])
    start = time.perf_counter()
    count = sum(1 for _ in scan_folder(tmp_path))
    elapsed = time.perf_counter() - start
    assert count == 10_000
    assert elapsed < 2.0, f"{elapsed:.2f} s"  # ~0.1-0.3 s measured; generous for loaded CI


def test_path_filter_judges_single_watcher_paths() -> None:
    check = PathFilter(FolderRules(include=["docs/"], exclude=["*.log"]))
    assert check.wants("docs/a/b.txt")
    assert not check.wants("other/b.txt")  # not under an included folder
    assert not check.wants("docs/.git/b.txt")  # default excludes on a parent folder
    assert not check.wants("docs/x.log")
    assert not check.wants("docs/song.mp3")  # unsupported type


def test_rules_from_settings() -> None:
    settings = Settings({"index.exclude": ["*.bak"], "index.max_file_mb": 2})
    rules = FolderRules.from_settings(settings, include=["*.md"], exclude=["old/"])
    assert rules == FolderRules(
        include=["*.md"], exclude=["*.bak", "old/"], max_bytes=2 * 1024 * 1024
    )


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.md", "a.md", True),
        ("*.md", "a/b.md", False),  # '*' stays within a name
        ("**/*.md", "a/b/c.md", True),
        ("**/*.md", "c.md", True),
        ("docs/**", "docs/a/b", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("file?.txt", "file1.txt", True),
        ("file[0-9].txt", "filex.txt", False),
        ("file[!0-9].txt", "filex.txt", True),
        ("~$*", "~$doc.docx", True),
    ],
)
def test_glob_translation(pattern: str, path: str, matches: bool) -> None:
    import re

    assert bool(re.fullmatch(compile_glob(pattern), path)) is matches


def test_default_excludes_cover_the_documented_names() -> None:
    for name in (".git/", "node_modules/", ".env", "*.pem", "id_rsa*", ".ssh/", "*.kdbx", "~$*"):
        assert name in DEFAULT_EXCLUDES
