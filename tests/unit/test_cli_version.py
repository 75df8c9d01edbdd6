"""`trove --version` prints the version on stdout and exits 0 (scripts and the frozen smoke test
read it there)."""

from __future__ import annotations

import pytest

from desktop_app import __version__
from desktop_app.cli import main


def test_version_is_printed_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code in (0, None)
    out, err = capsys.readouterr()
    assert out == f"trove {__version__}\n"
    assert err == ""
