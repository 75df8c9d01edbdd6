"""``trove``: the headless command line. Each subcommand lives in ``desktop_app/commands/``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from desktop_app.commands import REGISTRY
from desktop_app.commands.common import Context, print_error
from desktop_app.core.crashlog import write_crash_log
from desktop_app.core.errors import TroveError
from desktop_app.core.paths import private_file_mode

__all__ = ["build_parser", "main"]


class _Version(argparse.Action):
    """``--version``, looked up only when asked (reading it costs every command ~30 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from desktop_app import __version__

        # On stdout, as argparse's own version action prints it (`trove --version | ...`).
        sys.stdout.write(f"trove {__version__}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, one subparser per command module."""
    parser = argparse.ArgumentParser(
        prog="trove",
        description="Search and chat with your own files through NVIDIA NIM.",
    )
    parser.add_argument(
        "--version",
        action=_Version,
        nargs=0,
        dest=argparse.SUPPRESS,
        default=argparse.SUPPRESS,
        help="show the version and exit",
    )
    parser.add_argument(
        "--basedir",
        help="keep config, data, cache and logs under this one directory (also: $TROVE_HOME)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for register in REGISTRY:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; expected failures print a sentence and exit 1, bugs a sentence and the
    path of a crash log (exit 70), never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    private_file_mode()
    ctx = Context(basedir=args.basedir)
    try:
        return int(args.handler(ctx, args) or 0)
    except TroveError as exc:
        print_error(exc)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `trove ... | head`: the reader left; not an error
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: one sentence and a log, never a traceback on screen
        return _report_bug(ctx, args.command, exc)
    finally:
        try:
            ctx.close()
        except Exception as exc:
            _report_bug(ctx, args.command, exc)


EXIT_BUG = 70  # EX_SOFTWARE


def _report_bug(ctx: Context, command: str, exc: BaseException) -> int:
    path = write_crash_log(ctx.dirs.log, exc, f"trove {command}")
    where = f" Details are in {path}." if path else ""
    print(
        f"Error: Trove hit a bug while running `trove {command}` "
        f"({type(exc).__name__}); nothing already indexed is lost.{where}",
        file=sys.stderr,
    )
    print("  Please report it with that file; run the command again meanwhile.", file=sys.stderr)
    return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
