"""``trove folders add|remove|list|status``."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import Context, print_json
from desktop_app.commands.terminal import clean
from desktop_app.core.events import ignore

__all__ = ["register"]


def _add(ctx: Context, args: argparse.Namespace) -> int:
    folder = ctx.call(
        "folders.add",
        {"path": args.path, "include": args.include, "exclude": args.exclude, "poll": args.poll},
        ignore,
    )
    print(f"Added {clean(folder['path'])}. Run `trove index` to index it.")
    return 0


def _remove(ctx: Context, args: argparse.Namespace) -> int:
    result = ctx.call("folders.remove", {"path": args.path}, ignore)
    print(f"Removed {clean(args.path)} ({result['removed_files']} files left the index).")
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    folders = ctx.call("folders.list", {}, ignore)
    if args.json:
        print_json(folders)
        return 0
    if not folders:
        print("No folders yet. Add one with `trove folders add PATH`.")
    for f in folders:
        extra = []
        if f["include"]:
            extra.append("include " + ", ".join(f["include"]))
        if f["exclude"]:
            extra.append("exclude " + ", ".join(f["exclude"]))
        print(clean(f["path"]) + (f"  ({clean('; '.join(extra))})" if extra else ""))
    return 0


def _status(ctx: Context, args: argparse.Namespace) -> int:
    state = ctx.call("folders.status", {}, ignore)
    if args.json:
        print_json(state)
        return 0
    if not state["folders"]:
        print("No folders yet. Add one with `trove folders add PATH`.")
    for f in state["folders"]:
        counts = (
            f"{f['files_indexed']} indexed, {f['files_failed']} failed, "
            f"{f['files_waiting']} waiting"
        )
        missing = "" if f["available"] else " (not found)"
        print(f"{clean(f['path'])}{missing}: {counts}")
    for failed in state["failed"]:
        print(f"  failed: {clean(failed['path'])} ({clean(failed['message'] or '')})")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``folders`` to the CLI."""
    folders = sub.add_parser("folders", help="the folders Trove indexes")
    fsub = folders.add_subparsers(dest="action", metavar="ACTION")
    fsub.required = True
    p = fsub.add_parser("add", help="index a folder (with optional include/exclude globs)")
    p.add_argument("path")
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="only files matching (repeatable), e.g. '*.md' or 'docs/**'",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files or folders matching (repeatable), e.g. 'archive/'",
    )
    p.add_argument(
        "--poll",
        type=int,
        default=0,
        metavar="SECONDS",
        help="scan every N seconds instead of OS events (network drives)",
    )
    p.set_defaults(handler=_add)
    p = fsub.add_parser("remove", help="stop indexing a folder and forget its files")
    p.add_argument("path")
    p.set_defaults(handler=_remove)
    p = fsub.add_parser("list", help="the folders and their rules")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)
    p = fsub.add_parser("status", help="per folder: files indexed, failed and waiting")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_status)
