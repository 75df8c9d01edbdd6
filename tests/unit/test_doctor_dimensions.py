"""The active index's vector size, as the connection test compares it with the NIM's."""

from __future__ import annotations

from desktop_app.core.doctor import active_dimensions


def test_an_empty_active_index_has_no_size_to_compare() -> None:
    # An index with nothing to embed is promoted at once; it holds no vectors yet.
    empty = {"spaces": [{"state": "active", "dimensions": 1024, "embedded": 0}]}
    assert active_dimensions(empty) is None


def test_the_active_index_with_vectors_gives_its_size() -> None:
    status = {
        "spaces": [
            {"state": "building", "dimensions": 2048, "embedded": 5},
            {"state": "active", "dimensions": 1024, "embedded": 3},
        ]
    }
    assert active_dimensions(status) == 1024
