"""``trove search QUERY``."""

from __future__ import annotations

import argparse
import datetime as dt
import os

from desktop_app.commands.common import Context, print_json
from desktop_app.commands.terminal import clean
from desktop_app.core.errors import ConfigError
from desktop_app.core.events import ignore

__all__ = ["register"]

_BOLD, _RESET = "\033[1m", "\033[0m"


def _date(text: str) -> float:
    try:
        return dt.datetime.fromisoformat(text).timestamp()
    except ValueError:
        raise ConfigError(f"'{text}' is not a date; use YYYY-MM-DD.") from None


def _search(ctx: Context, args: argparse.Namespace) -> int:
    request = {
        "query": args.query,
        "mode": args.mode,
        "limit": args.limit,
        "folders": [os.path.abspath(f) for f in args.folder] or None,
        "kinds": args.type or None,
        "path_glob": args.glob,
        "modified_after": _date(args.after) if args.after else None,
        "modified_before": _date(args.before) if args.before else None,
    }
    response = ctx.call("search", request, ignore)
    if args.json:
        print_json(
            {
                "mode": response["mode"],
                "reranked": response["reranked"],
                "translations": response.get("translations", []),
                "notices": response.get("notices", []),
                "results": response["results"],
            }
        )
        return 0
    if response["notice"]:
        print(f"Note: {clean(response['notice'])}")
    for translation in response.get("translations", []):
        print(f"Also searched as: {clean(translation)}")
    if not response["results"]:
        print("No results.")
    color = os.isatty(1) and not os.environ.get("NO_COLOR")
    for n, result in enumerate(response["results"], 1):
        where = f" ({clean(result['location'])})" if result["location"] else ""
        print(f"{n}. {clean(result['path'])}{where}  [{result['score']:.3f}]")
        print("   " + _highlight(result["snippet"], result["highlights"], color))
    return 0


def _highlight(text: str, spans: list[list[int]], color: bool) -> str:
    out, pos = [], 0
    on, off = (_BOLD, _RESET) if color else ("«", "»")
    for start, end in spans:
        out += [_flat(text[pos:start]), on, _flat(text[start:end]), off]
        pos = end
    out.append(_flat(text[pos:]))
    return "".join(out)


def _flat(text: str) -> str:
    """A piece of snippet on one line, its controls spelled out (the highlight codes are ours)."""
    return clean(text.replace("\n", " "))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``search`` to the CLI."""
    p = sub.add_parser("search", help="search the index by keyword and meaning")
    p.add_argument("query")
    p.add_argument(
        "--mode",
        choices=("keyword", "semantic", "hybrid"),
        help="default: the search.mode setting (hybrid)",
    )
    p.add_argument("--limit", type=int, help="number of files (default: search.limit)")
    p.add_argument("--folder", action="append", default=[], help="only under this folder")
    p.add_argument("--type", action="append", default=[], help="only this file type, e.g. pdf")
    p.add_argument("--glob", help="only paths matching this glob, e.g. '*report*'")
    p.add_argument("--after", help="modified on or after YYYY-MM-DD")
    p.add_argument("--before", help="modified before YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print JSON: mode, notices, results")
    p.set_defaults(handler=_search)
