"""``trove doctor``: one line per check of the NIM services, with what to do when one fails."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import Context, print_json
from desktop_app.commands.terminal import clean
from desktop_app.core.errors import TroveError
from desktop_app.core.events import ignore

__all__ = ["register"]

_MARK = {"ok": "ok  ", "fail": "FAIL", "warn": "warn", "skip": "skip"}


def _index_dimensions(ctx: Context) -> int | None:
    """The vector size of the active index, to compare with what the NIM gives now."""
    try:
        from desktop_app.core.doctor import active_dimensions

        return active_dimensions(ctx.call("status", {}, ignore))
    except TroveError:
        return None


def _doctor(ctx: Context, args: argparse.Namespace) -> int:
    from desktop_app.core.doctor import run_doctor  # the NIM clients: only when run

    checks = run_doctor(ctx.settings, _index_dimensions(ctx))
    failed = any(c.status == "fail" for c in checks)
    if args.json:
        print_json({"ok": not failed, "checks": [c.to_dict() for c in checks]})
        return 1 if failed else 0
    for check in checks:
        detail = clean(check.detail)  # may quote a NIM's answer
        print(f"[{_MARK[check.status]}] {check.service:<9} {check.name:<9} {detail}")
        if check.fix and check.status in ("fail", "warn"):
            print(f"{'':>27}-> {clean(check.fix)}")
    print("All checks passed." if not failed else "Some checks failed; see the lines marked FAIL.")
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``doctor`` to the CLI."""
    p = sub.add_parser(
        "doctor", help="check the NIM services: reachable, ready, key, model, a call"
    )
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(handler=_doctor)
