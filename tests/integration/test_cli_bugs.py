"""A bug in any `trove` command ends with one sentence and a crash log, never a traceback."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from desktop_app.cli import EXIT_BUG, build_parser, main


def _commands() -> list[list[str]]:
    """One argument list per subcommand (and sub-subcommand) of the real parser."""
    parser = build_parser()
    out: list[list[str]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
                if nested:
                    out += [[name, child] for child in nested[0].choices]
                else:
                    out.append([name])
    return out


def _args_for(command: list[str]) -> list[str]:
    """Required positionals filled with values each command accepts (an id, a setting...)."""
    for fillers in ([], ["1"], ["1", "1"], ["search.mode"], ["search.mode", "hybrid"], ["local"]):
        try:
            build_parser().parse_args([*command, *fillers])
        except SystemExit:
            continue
        return [*command, *fillers]
    raise AssertionError(f"no arguments found for {command}")


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_an_unexpected_error_is_one_sentence_and_a_log(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _args_for(command)
    real_build = build_parser

    def broken(*_: object, **__: object) -> int:
        raise RuntimeError("injected bug nvapi-SECRETSECRETSECRET")

    def build_with_broken_handler() -> argparse.ArgumentParser:
        parser = real_build()
        parse = parser.parse_args

        def parse_args(*a: object, **k: object) -> argparse.Namespace:
            args = parse(*a, **k)  # type: ignore[arg-type]
            args.handler = broken  # whatever the command: its handler hits a bug
            return args

        parser.parse_args = parse_args  # type: ignore[method-assign, assignment]
        return parser

    monkeypatch.setattr("desktop_app.cli.build_parser", build_with_broken_handler)
    code = main(argv)
    out, err = capsys.readouterr()

    assert code == EXIT_BUG
    assert "Traceback" not in out + err
    assert "hit a bug" in err and "RuntimeError" in err
    logs = list((Path(os.environ["TROVE_HOME"]) / "log").glob("crash-*.log"))
    assert len(logs) == 1
    text = logs[0].read_text("utf-8")
    assert "injected bug" in text and "nvapi-SECRET" not in text
    assert str(logs[0]) in err
