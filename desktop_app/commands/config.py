"""``trove config`` and ``trove key``: read and change settings and the API key without the GUI."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from desktop_app.commands.common import Context, print_json
from desktop_app.commands.terminal import clean, clean_json
from desktop_app.core import secrets
from desktop_app.core.nim.key_policy import PLAIN_HTTP_SETTING, plain_http_warning
from desktop_app.core.settings import OPTIONS, PROFILES, apply_profile, option

__all__ = ["register"]


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        import json

        return clean_json(json.dumps(value, ensure_ascii=False))
    return clean(value)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    settings = ctx.settings
    if args.json:
        print_json(dict(settings.items()))
        return 0
    width = max(len(opt.key) for opt in OPTIONS)
    for opt in OPTIONS:
        marker = " " if settings.is_default(opt.key) else "*"
        print(f"{marker} {opt.key:<{width}}  {_show(settings[opt.key])}")
        if args.verbose_help:
            print(f"  {'':<{width}}  {opt.doc}")
    return 0


def _get(ctx: Context, args: argparse.Namespace) -> int:
    print(_show(ctx.settings[args.key]))
    return 0


def _set(ctx: Context, args: argparse.Namespace) -> int:
    settings = ctx.settings
    if args.key.endswith("base_url"):
        from desktop_app.core.nim.urls import normalize_base_url

        url, notes = normalize_base_url(args.value)
        for note in notes:
            print(f"Note: {clean(note)}", file=sys.stderr)
        value: Any = settings.set(args.key, url)
    else:
        value = settings.set(args.key, args.value)
    settings.save(ctx.dirs.settings_file)
    print(f"{args.key} = {_show(value)}")
    if args.key == PLAIN_HTTP_SETTING and value:
        print(f"Warning: {clean(plain_http_warning(value))}", file=sys.stderr)
    return 0


def _reset(ctx: Context, args: argparse.Namespace) -> int:
    settings = ctx.settings
    settings.reset(args.key)
    settings.save(ctx.dirs.settings_file)
    print(f"{args.key} = {_show(settings[args.key])} (default)")
    return 0


def _profile(ctx: Context, args: argparse.Namespace) -> int:
    settings = ctx.settings
    apply_profile(settings, args.name)
    settings.save(ctx.dirs.settings_file)
    for key in PROFILES[args.name]:
        print(f"{key} = {settings[key]}")
    if args.name == "hosted":
        print(
            "Note: the hosted profile sends the text of your files to NVIDIA's servers "
            "for embedding and chat.",
            file=sys.stderr,
        )
        if secrets.load_api_key(settings["api_key_env"]) is None:
            print("Next: set your nvapi- key with `trove key set`.", file=sys.stderr)
    return 0


def _key_set(ctx: Context, args: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        value = getpass.getpass("NVIDIA API key (input hidden): ")
    else:
        value = sys.stdin.readline()
    secrets.store_api_key(value)
    print("API key saved in the OS keyring (service 'trove').")
    return 0


def _key_delete(ctx: Context, args: argparse.Namespace) -> int:
    removed = secrets.delete_api_key()
    print("API key removed from the keyring." if removed else "No API key was stored.")
    return 0


def _key_status(ctx: Context, args: argparse.Namespace) -> int:
    usable, backend = secrets.keyring_status()
    key = secrets.load_api_key(ctx.settings["api_key_env"])
    print(f"keyring: {'usable (' + backend + ')' if usable else 'not usable'}")
    if key is None:
        print("API key: none (fine for local NIMs without auth)")
    else:
        print(f"API key: set, from {key.source}")
    if not usable:
        print(backend, file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``config`` and ``key`` to the CLI."""
    config = sub.add_parser("config", help="read and change settings")
    csub = config.add_subparsers(dest="action", metavar="ACTION")
    csub.required = True
    p = csub.add_parser("list", help="every setting and its value (* = changed from default)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--help-text", dest="verbose_help", action="store_true", help="explain each")
    p.set_defaults(handler=_list)
    p = csub.add_parser("get", help="print one setting")
    p.add_argument("key", type=_known_key)
    p.set_defaults(handler=_get)
    p = csub.add_parser("set", help="change one setting")
    p.add_argument("key", type=_known_key)
    p.add_argument("value")
    p.set_defaults(handler=_set)
    p = csub.add_parser("reset", help="return one setting to its default")
    p.add_argument("key", type=_known_key)
    p.set_defaults(handler=_reset)
    p = csub.add_parser("profile", help="point all services at a profile's URLs")
    p.add_argument("name", choices=sorted(PROFILES))
    p.set_defaults(handler=_profile)

    key = sub.add_parser("key", help="the NVIDIA API key in the OS keyring")
    ksub = key.add_subparsers(dest="action", metavar="ACTION")
    ksub.required = True
    ksub.add_parser("set", help="save a key (read from the prompt or stdin)").set_defaults(
        handler=_key_set
    )
    ksub.add_parser("delete", help="remove the stored key").set_defaults(handler=_key_delete)
    ksub.add_parser("status", help="where the key comes from").set_defaults(handler=_key_status)


def _known_key(key: str) -> str:
    from desktop_app.core.errors import ConfigError

    try:
        option(key)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return key
