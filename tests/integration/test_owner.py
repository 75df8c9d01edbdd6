"""One owner per data dir: an OS lock, and a channel only the same user's processes can use."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop_app.core.errors import (
    CatalogDamagedError,
    DiskFullError,
    FileLockedError,
    NimAuthError,
    NimRateLimitedError,
    StoreLockedError,
)
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


def test_a_failed_question_keeps_its_conversation_across_the_channel(tmp_path: Path) -> None:
    def ask(args, emit):
        error = NimAuthError("The chat NIM rejected the API key.")
        error.conversation_id = 7  # the core kept the question in conversation 7
        raise error

    server = ChannelServer(tmp_path, {"ask": ask}).start()
    try:
        with pytest.raises(NimAuthError) as err:
            run_on_owner(tmp_path, "ask", {"question": "q"})
        assert err.value.conversation_id == 7
    finally:
        server.close()


def test_errors_built_from_their_own_arguments_keep_type_and_details(tmp_path: Path) -> None:
    # A caller of the owner must be able to tell a full disk or a damaged catalog apart
    # (and read its details) exactly as the owner process itself can.
    raised = {
        "disk": DiskFullError("/data/trove", free_bytes=1024, needed_bytes=4096),
        "catalog": CatalogDamagedError("/data/trove/catalog.sqlite3", "not a database"),
        "file": FileLockedError("/docs/a.docx", "a.docx is open in another program."),
        "nim": NimRateLimitedError("Too many requests.", retry_after=2.5, service="embedding"),
    }

    def fail(args, emit):
        raise raised[args["which"]]

    server = ChannelServer(tmp_path, {"fail": fail}).start()
    try:
        for which, original in raised.items():
            with pytest.raises(type(original)) as err:
                run_on_owner(tmp_path, "fail", {"which": which})
            assert type(err.value) is type(original)
            assert str(err.value) == str(original) and err.value.hint == original.hint
            assert {k: v for k, v in vars(err.value).items() if k != "__traceback__"} == vars(
                original
            )
    finally:
        server.close()


def _connect_to(address) -> socket.socket:
    if address.socket_path is not None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(address.socket_path)
        return sock
    return socket.create_connection(("127.0.0.1", address.port))


def test_channel_refuses_callers_without_the_token(tmp_path: Path) -> None:
    calls: list[str] = []
    server = ChannelServer(tmp_path, {"search": lambda a, e: calls.append("ran")}).start()
    try:
        address = owner_address(tmp_path)
        assert address is not None
        mode = os.stat(tmp_path / "owner.json").st_mode & 0o777
        assert mode == 0o600
        for request in ({"token": address.token, "command": "search"}, {"proof": "guess"}):
            with _connect_to(address) as sock, sock.makefile("rwb") as stream:
                stream.write(json.dumps({"hello": "n1"}).encode() + b"\n")
                stream.flush()
                challenge = json.loads(stream.readline())
                assert address.token not in json.dumps(challenge)
                stream.write(json.dumps({**request, "command": "search"}).encode() + b"\n")
                stream.flush()
                reply = json.loads(stream.readline())
            assert "error" in reply
        assert calls == []
    finally:
        server.close()


def test_no_reachable_owner_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreLockedError, match="cannot be reached"):
        run_on_owner(tmp_path, "status", {})


class _Impostor:
    """A process that took over a dead owner's address: records what it receives, forges answers."""

    def __init__(self, listener: socket.socket) -> None:
        self.listener = listener
        self.received = b""
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            forged = {"nonce": "x", "proof": "0" * 64, "result": {"hits": ["forged"]}}
            with contextlib.suppress(OSError):
                self.received += conn.recv(65536)
                conn.sendall(json.dumps(forged).encode() + b"\n")
                while chunk := conn.recv(65536):
                    self.received += chunk

    def join(self) -> None:
        self.listener.close()
        self._thread.join(timeout=5)


def _stale_owner_json(data_dir: Path, **where: object) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    doc = {"token": "the-secret-channel-token", "pid": 999999, **where}
    (data_dir / "owner.json").write_text(json.dumps(doc), encoding="utf-8")


def test_impostor_on_a_stale_tcp_address_gets_no_token_and_no_query(tmp_path: Path) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    impostor = _Impostor(listener)
    _stale_owner_json(tmp_path, port=listener.getsockname()[1])
    with pytest.raises(StoreLockedError, match="not Trove"):
        run_on_owner(tmp_path, "search", {"query": "salary review"})
    impostor.join()
    assert b"the-secret-channel-token" not in impostor.received
    assert b"salary" not in impostor.received and b"search" not in impostor.received


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets are the POSIX channel")
def test_impostor_on_a_stale_unix_socket_gets_no_token_and_no_query(tmp_path: Path) -> None:
    path = tmp_path / "owner.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen()
    impostor = _Impostor(listener)
    _stale_owner_json(tmp_path, socket=str(path))
    with pytest.raises(StoreLockedError, match="not Trove"):
        run_on_owner(tmp_path, "search", {"query": "salary review"})
    impostor.join()
    assert b"the-secret-channel-token" not in impostor.received
    assert b"salary" not in impostor.received


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets are the POSIX channel")
def test_owner_listens_on_a_private_unix_socket_on_posix(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    server = ChannelServer(data_dir, {"ping": lambda a, e: "pong"}).start()
    try:
        doc = json.loads((data_dir / "owner.json").read_text(encoding="utf-8"))
        assert "port" not in doc
        sock_path = Path(doc["socket"])
        assert sock_path.parent == data_dir
        assert os.stat(sock_path).st_mode & 0o077 == 0
        assert run_on_owner(data_dir, "ping", {}) == "pong"
    finally:
        server.close()
    assert not sock_path.exists()


def test_tcp_loopback_channel_when_no_unix_socket_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop_app.core.owner as owner

    monkeypatch.setattr(owner, "_MAX_SOCKET_PATH", 0)  # as on Windows or with a very long path
    server = ChannelServer(tmp_path, {"ping": lambda a, e: "pong"}).start()
    try:
        address = owner_address(tmp_path)
        assert address is not None and address.port and address.socket_path is None
        assert run_on_owner(tmp_path, "ping", {}) == "pong"
    finally:
        server.close()
