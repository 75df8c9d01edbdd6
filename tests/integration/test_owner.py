"""One owner per data dir: an OS lock, and a channel only the same user's processes can use."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.errors import NimAuthError, StoreLockedError
from desktop_app.core.owner import ChannelServer, OwnerLock, owner_address, run_on_owner


def test_second_process_cannot_take_the_lock(tmp_path: Path) -> None:
    lock = OwnerLock(tmp_path / "owner.lock")
    assert lock.try_acquire()
    code = (
        "import sys; from pathlib import Path; from desktop_app.core.owner import OwnerLock;"
        f"sys.exit(0 if OwnerLock(Path({str(tmp_path / 'owner.lock')!r})).try_acquire() else 3)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 3
    lock.release()
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_lock_freed_when_owner_is_killed(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from pathlib import Path;"
            "from desktop_app.core.owner import OwnerLock;"
            f"lock = OwnerLock(Path({str(tmp_path / 'owner.lock')!r})); assert lock.try_acquire();"
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert not OwnerLock(tmp_path / "owner.lock").try_acquire()
    holder.kill()
    holder.wait()
    holder.stdout.close()
    lock = OwnerLock(tmp_path / "owner.lock")
    assert lock.try_acquire()
    lock.release()


def test_channel_round_trip_events_result_and_typed_errors(tmp_path: Path) -> None:
    def search(args, emit):
        emit({"progress": 1})
        emit({"progress": 2})
        return {"echo": args["q"]}

    def fail(args, emit):
        raise NimAuthError("The embedding NIM rejected the API key.", hint="Regenerate it.")

    server = ChannelServer(tmp_path, {"search": search, "fail": fail}).start()
    try:
        events: list[dict] = []
        assert run_on_owner(tmp_path, "search", {"q": "날씨"}, events.append) == {"echo": "날씨"}
        assert events == [{"progress": 1}, {"progress": 2}]
        with pytest.raises(NimAuthError, match="rejected the API key") as err:
            run_on_owner(tmp_path, "fail", {})
        assert err.value.hint == "Regenerate it."
    finally:
        server.close()
    assert owner_address(tmp_path) is None


def test_channel_refuses_callers_without_the_token(tmp_path: Path) -> None:
    calls: list[str] = []
    server = ChannelServer(tmp_path, {"search": lambda a, e: calls.append("ran")}).start()
    try:
        address = owner_address(tmp_path)
        assert address is not None
        mode = os.stat(tmp_path / "owner.json").st_mode & 0o777
        assert mode == 0o600
        with socket.create_connection(("127.0.0.1", address.port)) as sock:
            sock.sendall(json.dumps({"token": "guess", "command": "search"}).encode() + b"\n")
            reply = json.loads(sock.makefile().readline())
        assert "error" in reply and calls == []
    finally:
        server.close()


def test_no_reachable_owner_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreLockedError, match="cannot be reached"):
        run_on_owner(tmp_path, "status", {})
