"""Stored file names: valid Unicode for every store, and the exact name back for the disk."""

from __future__ import annotations

import os

from desktop_app.core.fsnames import on_disk, readable, stored


def test_names_round_trip_through_their_stored_form() -> None:
    for raw in (b"bad\xff.txt", b"caf\xe9/men\xfc.txt", "날씨.txt".encode(), b"plain.txt"):
        name = os.fsdecode(raw)  # how Python gives a POSIX name: stray bytes as surrogates
        kept = stored(name)
        kept.encode("utf-8")  # storable: SQLite, Chroma, JSON and Qt take it
        assert os.fsencode(on_disk(kept)) == raw
        assert stored(kept) == kept and on_disk(on_disk(kept)) == on_disk(kept)  # idempotent


def test_windows_unpaired_surrogates_round_trip_too() -> None:
    assert on_disk(stored("a\ud800b")) == "a\ud800b"


def test_readable_shows_each_stray_byte_as_a_replacement_character() -> None:
    assert readable(stored(os.fsdecode(b"bad\xff\xfe.txt"))) == "bad\ufffd\ufffd.txt"
    assert readable("날씨.txt") == "날씨.txt"


def test_chat_sources_name_odd_files_readably() -> None:
    from desktop_app.core.chat.markdown import source_title

    source = {"path": stored(os.fsdecode(b"/docs/bad\xff.txt")), "location": "lines 1-2"}
    assert source_title(source) == "bad\ufffd.txt (lines 1-2)"
