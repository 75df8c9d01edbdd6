"""``trove ask QUESTION`` and ``trove chats list|show|export|delete|rename``."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.commands.common import Context, print_json
from desktop_app.commands.terminal import clean
from desktop_app.core.events import ignore

__all__ = ["register"]

T = TypeVar("T")

# After Ctrl+C, how long the answer may take to wrap up (close the stream, save the partial
# answer) before a second interruption is assumed.
_WRAP_UP_S = 10.0
# What `ask --json` says of each sentence: the mark, and why (words or details the passage
# lacks, the passage's clause that says the opposite).
_CLAIM_KEYS = ("text", "sources", "supported", "score", "reason", "missing", "quote")


def run_interruptibly(work: Callable[[threading.Event], T]) -> T:
    """Run ``work(cancel)`` on a thread; Ctrl+C sets ``cancel`` and lets it finish what it has.

    Only the main thread sees Ctrl+C, and an interruption inside the NIM stream would lose the
    answer so far; so the stream runs on a helper and ends through the same cancel as the app's
    Stop button. A second Ctrl+C (or a wrap-up that hangs) interrupts for real.
    """
    cancel = threading.Event()
    done = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work(cancel)
        except BaseException as exc:  # handed to the main thread as is
            box["error"] = exc
        finally:
            done.set()

    # Waiting on an Event, not Thread.join: on Python 3.11 a join cut short by Ctrl+C can leave
    # the thread reported dead while it still runs.
    threading.Thread(target=run, name="trove-ask", daemon=True).start()
    try:
        while not done.wait(0.1):
            pass
    except KeyboardInterrupt:
        cancel.set()
        if not done.wait(_WRAP_UP_S):
            raise
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return,unused-ignore]


def _ask(ctx: Context, args: argparse.Namespace) -> int:
    from desktop_app.core.chat.markdown import claim_note  # the chat stack: only here

    request = {
        "question": args.question,
        "conversation_id": args.chat,
        "folders": [os.path.abspath(f) for f in args.folder] or None,
        "kinds": args.type or None,
        "path_glob": args.glob,
        "files": [os.path.abspath(f) for f in args.file] or None,
        "collection": args.collection,
    }
    streamed = False

    def show(event: dict[str, Any]) -> None:
        nonlocal streamed
        if event.get("type") == "token":
            sys.stdout.write(clean(event["text"], multiline=True))
            sys.stdout.flush()
            streamed = True
        elif event.get("type") == "progress" and event.get("stage") == "chat.extract":
            print(f"Reading files: {event['done']}/{event['total']}", file=sys.stderr)

    result = run_interruptibly(
        lambda cancel: ctx.call("ask", request, ignore if args.json else show, cancel)
    )
    if args.json:
        print_json(
            {
                "answer": result["answer"],
                "sources": result["sources"],
                "also_retrieved": result["also_retrieved"],
                "conversation_id": result["conversation_id"],
                "answered": result.get("answered", True),
                "floor": result.get("floor"),
                "broken_citations": result.get("broken_citations") or [],
                "claims": [{k: c.get(k) for k in _CLAIM_KEYS} for c in result.get("claims") or []],
            }
        )
        return 0
    if streamed:
        print()
    if result["cancelled"]:
        print("(cancelled)")
    broken = result.get("broken_citations") or []
    if broken:
        numbers = ", ".join(f"[{n}]" for n in broken)
        print(f"\nBroken citations: {numbers} (no such source was given)")
    flagged = [c for c in result.get("claims") or [] if c.get("supported") is not True]
    if flagged:
        print("\nNot supported by what it cites:")
        for claim in flagged:
            print(f"  {claim_note(claim)} {clean(claim['text'])}")
    _print_sources("Sources", result["sources"])
    nearest = "Nearest passages (none relevant enough to answer from)"
    _print_sources(
        "Also retrieved" if result.get("answered", True) else nearest, result["also_retrieved"]
    )
    print(
        f"\nConversation {result['conversation_id']} (follow up with --chat "
        f"{result['conversation_id']})"
    )
    return 0


def _print_sources(title: str, sources: list[dict[str, Any]]) -> None:
    if not sources:
        return
    print(f"\n{title}:")
    for source in sources:
        where = f" ({clean(source['location'])})" if source["location"] else ""
        print(f"[{source['number']}] {clean(source['path'])}{where}")
        if source.get("quote"):
            print(f'    "{clean(source["quote"])}"')


def _chats(ctx: Context, args: argparse.Namespace) -> int:
    action = args.action
    if action == "list":
        chats = ctx.call("chats.list", {}, ignore)
        if args.json:
            print_json(chats)
        elif not chats:
            print("No conversations yet.")
        for chat in [] if args.json else chats:
            print(f"{chat['id']:>4}  {clean(chat['title'])}")
        return 0
    if action == "show":
        chat = ctx.call("chats.show", {"id": args.id}, ignore)
        if args.json:
            print_json(chat)
        else:
            markdown = ctx.call("chats.export", {"id": args.id}, ignore)["markdown"]
            print(clean(markdown, multiline=True), end="")
        return 0
    if action == "export":
        markdown = ctx.call("chats.export", {"id": args.id}, ignore)["markdown"]
        if args.output:
            Path(args.output).write_text(markdown, encoding="utf-8")
            print(f"Saved to {args.output}")
        else:
            print(clean(markdown, multiline=True), end="")
        return 0
    if action == "delete":
        ctx.call("chats.delete", {"id": args.id}, ignore)
        print(f"Deleted conversation {args.id}.")
        return 0
    ctx.call("chats.rename", {"id": args.id, "title": args.title}, ignore)
    print(f"Renamed conversation {args.id}.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ask`` and ``chats`` to the CLI."""
    p = sub.add_parser("ask", help="ask a question; the answer cites your files")
    p.add_argument("question")
    p.add_argument("--chat", type=int, help="continue this conversation (id)")
    p.add_argument("--folder", action="append", default=[], help="only files under this folder")
    p.add_argument("--type", action="append", default=[], help="only this file type, e.g. pdf")
    p.add_argument("--glob", help="only paths matching this glob, e.g. '*report*'")
    p.add_argument("--file", action="append", default=[], help="only this file (repeatable)")
    p.add_argument(
        "--collection", action="store_true", help="read every file in scope (summarise, list)"
    )
    p.add_argument("--json", action="store_true", help="print the answer and sources as JSON")
    p.set_defaults(handler=_ask)

    c = sub.add_parser("chats", help="saved conversations")
    actions = c.add_subparsers(dest="action", required=True)
    a = actions.add_parser("list", help="list conversations")
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("show", help="show a conversation with its sources")
    a.add_argument("id", type=int)
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("export", help="export a conversation as Markdown")
    a.add_argument("id", type=int)
    a.add_argument("-o", "--output", help="write to this file")
    a = actions.add_parser("delete", help="delete a conversation")
    a.add_argument("id", type=int)
    a = actions.add_parser("rename", help="rename a conversation")
    a.add_argument("id", type=int)
    a.add_argument("title")
    c.set_defaults(handler=_chats)
