"""Escape sequences and bidi overrides in file names and contents never reach the terminal raw."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.commands.terminal import clean
from tests.integration.cli_helpers import point_at_simulator, trove
from tests.nimsim import NimSimulator

# ESC, CSI (C1), BEL, CR, DEL and the bidi controls that reorder what a line seems to say.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202etxt.exe\u202c\r"


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


def test_clean_escapes_controls_visibly_and_keeps_ordinary_text() -> None:
    assert clean("날씨 report\tok") == "날씨 report\tok"
    assert clean("a\x1b[31mb") == "a\\x1b[31mb"
    assert clean("x\u202ey") == "x\\u202ey"
    assert clean("one\ntwo") == "one\\ntwo"
    assert clean("one\ntwo", multiline=True) == "one\ntwo"
    assert clean("bad\udcffname") == "bad\\xffname"  # a non-UTF-8 byte from a file name
    assert RAW.search(clean(HOSTILE)) is None


def test_search_status_folders_and_ask_print_no_raw_controls(
    tmp_path: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / f"docs{HOSTILE.replace(chr(0), '')}"
    root.mkdir()
    (root / f"report{HOSTILE}.md").write_text(
        f"# Budget {HOSTILE} heading\n\nThe budget for the lighthouse repair {HOSTILE} is "
        "twelve thousand.\n",
        encoding="utf-8",
    )
    (root / f"broken{HOSTILE}.pdf").write_bytes(b"%PDF-1.4 not really")
    sim.config.chat_reply = f"The lighthouse budget {HOSTILE} is twelve thousand [1]."
    point_at_simulator(sim)
    commands = [
        ("folders", "add", str(root)),
        ("index",),
        ("folders", "list"),
        ("status",),
        ("search", "lighthouse budget"),
        ("search", "lighthouse budget", "--mode", "keyword"),
        ("ask", "What is the lighthouse budget?"),
        ("chats", "list"),
        ("chats", "show", "1"),
        ("chats", "export", "1"),
    ]
    for command in commands:
        capsys.readouterr()
        trove(*command)
        out, err = capsys.readouterr()
        assert RAW.search(out) is None, (command, out)
        assert RAW.search(err) is None, (command, err)
    capsys.readouterr()
    assert trove("search", "lighthouse budget", "--json") == 0
    out = capsys.readouterr().out
    assert RAW.search(out) is None
    results = json.loads(out)["results"]
    assert f"report{HOSTILE}.md" in results[0]["path"]  # the data is kept, only escaped
