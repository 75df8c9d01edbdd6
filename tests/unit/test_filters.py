"""SearchFilters turn into a WHERE fragment over the files table."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core.index.catalog import SearchFilters

FILES = [
    ("/home/u/docs/report.pdf", "pdf", "pdf", 100),
    ("/home/u/docs/notes/todo.md", "md", "markdown", 200),
    ("/home/u/docs2/other.txt", "txt", "text", 300),
    ("/home/u/music/list.txt", "txt", "text", 400),
    ("C:\\Users\\u\\Docs\\plan.docx", "docx", "word", 500),
]


def matching(filters: SearchFilters) -> list[str]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE files(path TEXT, ext TEXT, kind TEXT, mtime_ns INTEGER)")
    conn.executemany(
        "INSERT INTO files VALUES (?, ?, ?, ?)",
        [(p, e, k, s * 1_000_000_000) for p, e, k, s in FILES],
    )
    where, params = filters.where_sql("f")
    return [r[0] for r in conn.execute(f"SELECT path FROM files f WHERE {where}", params)]


def test_empty_filters_pass_everything() -> None:
    assert SearchFilters().is_empty()
    assert SearchFilters().where_sql() == ("1", [])
    assert len(matching(SearchFilters())) == len(FILES)


def test_folder_means_anything_below_it_and_not_a_sibling_with_a_longer_name() -> None:
    assert matching(SearchFilters(folders=["/home/u/docs"])) == [
        "/home/u/docs/report.pdf",
        "/home/u/docs/notes/todo.md",
    ]
    assert matching(SearchFilters(folders=["/home/u/docs/"])) == matching(
        SearchFilters(folders=["/home/u/docs"])
    )


def test_several_folders_and_windows_paths() -> None:
    found = matching(SearchFilters(folders=["/home/u/music", "C:\\Users\\u\\Docs"]))
    assert found == ["/home/u/music/list.txt", "C:\\Users\\u\\Docs\\plan.docx"]


def test_kinds_match_extension_or_kind_family() -> None:
    assert matching(SearchFilters(kinds=[".PDF", "markdown"])) == [
        "/home/u/docs/report.pdf",
        "/home/u/docs/notes/todo.md",
    ]


@pytest.mark.parametrize(
    ("glob", "expected"),
    [
        ("*.txt", ["/home/u/docs2/other.txt", "/home/u/music/list.txt"]),
        ("todo*", ["/home/u/docs/notes/todo.md"]),
        ("/home/u/docs/*", ["/home/u/docs/report.pdf", "/home/u/docs/notes/todo.md"]),
        ("plan.docx", ["C:\\Users\\u\\Docs\\plan.docx"]),
    ],
)
def test_path_glob(glob: str, expected: list[str]) -> None:
    assert matching(SearchFilters(path_glob=glob)) == expected


def test_modified_range_is_inclusive_exclusive() -> None:
    found = matching(SearchFilters(modified_after=200, modified_before=400))
    assert found == ["/home/u/docs/notes/todo.md", "/home/u/docs2/other.txt"]


def test_filters_combine_with_and() -> None:
    found = matching(SearchFilters(folders=["/home/u"], kinds=["txt"], modified_after=350))
    assert found == ["/home/u/music/list.txt"]
