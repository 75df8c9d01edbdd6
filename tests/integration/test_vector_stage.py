"""The vector stage's progress: said at once, then per NIM request, never going back. Real
catalog, Chroma and the NIM simulator."""

from __future__ import annotations

from pathlib import Path

from tests.integration.live_helpers import Recorder, make_engine
from tests.nimsim import NimSimulator


def test_embedding_progress_is_reported_per_request_not_per_round(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    for n in range(12):
        (root / f"note{n:02}.txt").write_text(f"note number {n} about walruses\n")
    with NimSimulator(profile="local") as sim:
        # One round (up to 256 passages) is 6 requests of 2; one request in flight at a time.
        engine = make_engine(
            tmp_path / "home",
            sim.base_url,
            embedding__batch_size=2,
            embedding__max_in_flight=1,
        )
        try:
            engine.add_folder(str(root))
            engine.index(vectors=False)
            recorder = Recorder()
            engine.embed_pending(recorder)
        finally:
            engine.close()
    done = [e["done"] for e in recorder.of("progress") if e["stage"] == "vectors"]
    assert done[0] == 0  # before the first request answers
    assert done == sorted(done) and done[-1] == 12
    assert {2, 4, 6, 8, 10} <= set(done)  # each request, inside the one round
    assert all(e["total"] == 12 for e in recorder.of("progress") if e["stage"] == "vectors")
