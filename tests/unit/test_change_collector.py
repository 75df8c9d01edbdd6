"""The change collector's peeks used by the live indexer: what is ready, what waits."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.index.changes import ChangeCollector


def test_has_ready_peeks_without_taking() -> None:
    now = [0.0]
    collector = ChangeCollector(quiet_s=1.0, ceiling_s=5.0, clock=lambda: now[0])
    assert not collector.has_ready()
    collector.mark("/nonexistent/a.txt")
    collector.mark("/nonexistent/dir", tree=True)
    assert not collector.has_ready()  # still within the quiet period
    assert sorted(collector.paths()) == ["/nonexistent/a.txt", "/nonexistent/dir"]
    now[0] = 0.5
    assert collector.take_ready() == []  # the file's first stat
    now[0] = 1.0
    assert collector.has_ready()
    assert len(collector) == 2  # a peek takes nothing
    taken = collector.take_ready()
    assert {(c.path, c.tree) for c in taken} == {
        ("/nonexistent/a.txt", False),
        ("/nonexistent/dir", True),
    }
    assert not collector.has_ready() and collector.paths() == []


def test_has_ready_honours_the_ceiling_for_a_path_that_keeps_changing() -> None:
    now = [0.0]
    collector = ChangeCollector(quiet_s=1.0, ceiling_s=3.0, clock=lambda: now[0])
    for step in range(6):
        now[0] = step * 0.5
        collector.mark("/nonexistent/log.txt")
        assert collector.has_ready() == (now[0] >= 3.0)


def test_a_file_still_being_written_waits_for_two_agreeing_stats(tmp_path: Path) -> None:
    now = [0.0]
    collector = ChangeCollector(quiet_s=1.0, ceiling_s=30.0, clock=lambda: now[0])
    path = tmp_path / "download.bin"
    path.write_bytes(b"x" * 10)
    collector.mark(str(path))
    assert collector.next_deadline() == 0.5  # first look: half a quiet period after the event
    now[0] = 0.5
    assert collector.take_ready() == []  # first stat taken
    now[0] = 1.0
    path.write_bytes(b"x" * 20)  # grew without an event (a network drive, a slow copy)
    assert collector.take_ready() == []  # the stat moved: still being written
    assert collector.next_deadline() == 1.0
    now[0] = 2.0
    assert [c.path for c in collector.take_ready()] == [str(path)]
