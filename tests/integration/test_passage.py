"""A search result's passage in context (core/search/passage.py), over a real catalog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.engine import Engine
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.search.passage import read_passage
from desktop_app.core.settings import Settings


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    dirs = resolve_dirs(None)
    settings = Settings.load(dirs.settings_file)
    settings.set("index.workers", 1)
    engine = Engine(dirs, settings)
    yield engine
    engine.close()


def test_passage_includes_neighbours_without_repeating_overlap(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    sentences = [
        f"Sentence number {i} talks about topic{i} at some length here." for i in range(800)
    ]
    (folder / "long.txt").write_text("\n".join(sentences) + "\n")
    engine.add_folder(str(folder))
    engine.index(vectors=False)
    row = engine.catalog.files.file(str(folder / "long.txt"))
    assert row is not None
    chunks = engine.catalog.chunks.of_file(row.id)
    assert len(chunks) >= 3
    middle = chunks[1]
    passage = read_passage(engine.catalog, middle.id, "talks")
    assert passage["text"] == middle.text
    assert passage["before"] and passage["after"]
    spans = passage["spans"]
    assert spans and all(middle.text[a:b].lower() == "talks" for a, b in spans)
    # The overlap with the neighbours is cut, so the passage's first line is not shown twice.
    first_line = middle.text.splitlines()[0]
    assert first_line in chunks[0].text  # the chunks do overlap
    assert first_line not in passage["before"]
    assert read_passage(engine.catalog, 10**9, "talks") == {"missing": True}
