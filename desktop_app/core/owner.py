"""One process owns a data dir; the others talk to it over a local channel.

Two processes writing one Chroma directory silently lose vectors, so the owner holds an
OS lock on ``data/owner.lock`` for its lifetime. It serves other ``trove`` commands over a Unix
socket in the 0700 data dir on POSIX (TCP on 127.0.0.1 on Windows, or when the socket path is
too long). Only the same user can use that channel: the owner writes a random token to
``data/owner.json`` (mode 0600, 0700 data dir), and both sides prove they hold it without ever
sending it, so a process that took over a dead owner's address learns neither the token nor the
command.

Wire format: one JSON object per line. The caller sends ``{"hello": caller_nonce}``; the owner
answers ``{"nonce": owner_nonce, "proof": HMAC(token, "owner" nonces)}``; the caller checks that
proof before it sends ``{"proof": HMAC(token, "caller" nonces), "command", "args"}``. The owner
answers with any number of ``{"event": {...}}`` lines, then ``{"result": ...}`` or
``{"error": {"type", "message", "hint"}}`` (and the ``conversation_id`` of a failed question).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import selectors
import socket
import socketserver
import sys
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from desktop_app.core import errors
from desktop_app.core.errors import StoreLockedError, TroveError

__all__ = ["ChannelServer", "OwnerLock", "call_owner", "owner_address", "run_on_owner"]

log = logging.getLogger(__name__)

Emit = Callable[[dict[str, Any]], None]
Handler = Callable[[dict[str, Any], Emit], Any]


class OwnerLock:
    """An exclusive, non-blocking OS lock on the data dir, released when the process ends."""

    def __init__(self, lock_file: Path) -> None:
        self.path = lock_file
        self._fh: IO[str] | None = None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; False if another process owns the data dir."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while owned
        try:
            _lock(fh)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return True

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return self._fh is not None

    def release(self) -> None:
        """Give the lock up (also happens when the process dies)."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                _unlock(self._fh)
            self._fh.close()
            self._fh = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class OwnerAddress:
    """Where the owner listens (a Unix socket path or a loopback port) and the channel token."""

    token: str
    pid: int
    port: int | None = None
    socket_path: str | None = None


def _address_file(data_dir: Path) -> Path:
    return data_dir / "owner.json"


def _socket_file(data_dir: Path) -> Path:
    return data_dir / "owner.sock"


# sun_path holds 108 bytes on Linux, 104 on macOS; a longer data dir path falls back to TCP.
_MAX_SOCKET_PATH = 100


def _use_unix_socket(data_dir: Path) -> bool:
    # Windows keeps TCP loopback: its AF_UNIX sockets carry no per-user permission to rely on.
    if sys.platform == "win32" or not hasattr(socket, "AF_UNIX"):
        return False
    return len(os.fsencode(_socket_file(data_dir))) < _MAX_SOCKET_PATH


def owner_address(data_dir: Path) -> OwnerAddress | None:
    """The running owner's address, or None if no owner has published one."""
    try:
        doc = json.loads(_address_file(data_dir).read_text(encoding="utf-8"))
        token, pid = str(doc["token"]), int(doc["pid"])
        if doc.get("socket"):
            return OwnerAddress(token, pid, socket_path=str(doc["socket"]))
        return OwnerAddress(token, pid, port=int(doc["port"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _proof(token: str, role: str, caller_nonce: str, owner_nonce: str) -> str:
    """What only a holder of ``token`` can compute; ``role`` keeps one side's proof from serving
    as the other's."""
    message = f"trove-owner-channel|{role}|{caller_nonce}|{owner_nonce}".encode()
    return hmac.new(token.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _read_json(readline: Callable[[int], bytes]) -> Any:
    try:
        return json.loads(readline(1_000_000))
    except ValueError:
        return None


class _RequestHandler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        hello = _read_json(self.rfile.readline)
        if not isinstance(hello, dict) or not isinstance(hello.get("hello"), str):
            return
        caller_nonce, owner_nonce = hello["hello"][:128], secrets.token_hex(32)
        token = self.server.token
        self._send(
            {"nonce": owner_nonce, "proof": _proof(token, "owner", caller_nonce, owner_nonce)}
        )
        request = _read_json(self.rfile.readline)
        expected = _proof(token, "caller", caller_nonce, owner_nonce)
        if not isinstance(request, dict) or not hmac.compare_digest(
            str(request.get("proof", "")), expected
        ):
            self._send({"error": {"type": "StoreLockedError", "message": "Not allowed."}})
            return
        command = str(request.get("command", ""))
        handler = self.server.handlers.get(command)
        if handler is None:
            self._send({"error": {"type": "TroveError", "message": f"Unknown command {command}."}})
            return
        try:
            result = handler(dict(request.get("args") or {}), lambda ev: self._send({"event": ev}))
        except TroveError as exc:
            self._send({"error": _error_dict(exc)})
        except (BrokenPipeError, ConnectionResetError):
            return  # the caller went away (Ctrl+C); nothing to report to
        except Exception:  # a bug: log it, answer, keep serving others
            log.exception("owner command %s failed", command)
            self._send({"error": {"type": "TroveError", "message": "Internal error; see the log."}})
        else:
            self._send({"result": result})

    def _send(self, obj: dict[str, Any]) -> None:
        self.wfile.write(json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n")
        self.wfile.flush()


class _TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, token: str, handlers: dict[str, Handler]) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.token = token
        self.handlers = handlers


if hasattr(socketserver, "ThreadingUnixStreamServer"):

    class _UnixServer(socketserver.ThreadingUnixStreamServer):
        daemon_threads = True

        def __init__(self, path: Path, token: str, handlers: dict[str, Handler]) -> None:
            # Only the lock holder gets here, so a socket file left behind is a dead owner's.
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            old_umask = os.umask(0o177)  # the socket is born 0600, never briefly open
            try:
                super().__init__(str(path), _RequestHandler)
            finally:
                os.umask(old_umask)
            self.token = token
            self.handlers = handlers


_Server = Any  # _TcpServer or _UnixServer: both carry ``token`` and ``handlers``


class ChannelServer:
    """The owner's side of the channel: serves ``handlers`` until ``close()``."""

    def __init__(self, data_dir: Path, handlers: dict[str, Handler]) -> None:
        self._data_dir = data_dir
        token = secrets.token_urlsafe(32)
        self._socket_path: Path | None = None
        if _use_unix_socket(data_dir):
            self._socket_path = _socket_file(data_dir)
            self._server: _Server = _UnixServer(self._socket_path, token, handlers)
        else:
            self._server = _TcpServer(token, handlers)
        # The loop sleeps in select() on the listening socket and a wake-up pair: no polling
        # (serve_forever's poll interval meant idle wake-ups, or a wait at every close).
        self._wake_read, self._wake_write = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, name="trove-owner-channel", daemon=True)

    def _serve(self) -> None:
        self._server.timeout = 0  # handle_request() never waits: a vanished caller is skipped
        with selectors.DefaultSelector() as selector:
            selector.register(self._server, selectors.EVENT_READ)
            selector.register(self._wake_read, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is self._wake_read:
                        return
                    self._server.handle_request()  # a connection waits: accepted at once

    def start(self) -> ChannelServer:
        """Listen and publish the address for other processes of this user."""
        self._thread.start()
        where: dict[str, Any] = (
            {"socket": str(self._socket_path)}
            if self._socket_path is not None
            else {"port": self._server.server_address[1]}
        )
        path = _address_file(self._data_dir)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({**where, "token": self._server.token, "pid": os.getpid()}, fh)
        os.replace(tmp, path)
        return self

    def close(self) -> None:
        """Stop serving and withdraw the address."""
        with contextlib.suppress(OSError):
            _address_file(self._data_dir).unlink()
        with contextlib.suppress(OSError):
            self._wake_write.send(b"x")
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._server.server_close()
        self._wake_read.close()
        self._wake_write.close()
        if self._socket_path is not None:
            with contextlib.suppress(OSError):
                self._socket_path.unlink()


def _connect(address: OwnerAddress, timeout: float) -> socket.socket:
    if address.socket_path is not None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address.socket_path)
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection(("127.0.0.1", address.port or 0), timeout=timeout)


def _impostor_error(address: OwnerAddress) -> StoreLockedError:
    return StoreLockedError(
        "The program at the address Trove's owner process published is not Trove's owner "
        f"(process {address.pid} may have ended and another program taken its place); "
        "nothing was sent to it.",
        hint="Close other Trove windows and `trove watch`, then try again; "
        "if this repeats, another program on this computer is listening in Trove's place.",
    )


def call_owner(
    data_dir: Path, command: str, args: dict[str, Any], timeout: float = 30.0
) -> Generator[dict[str, Any], None, Any]:
    """Send ``command`` to the owner; yield its events, then return its result via StopIteration.

    Use ``result = yield from call_owner(...)`` or iterate and catch the final value with
    ``run_on_owner``. Errors come back as the same typed TroveError subclasses.
    """
    address = owner_address(data_dir)
    if address is None:
        raise StoreLockedError(
            "Another Trove process owns this data directory but cannot be reached.",
            hint="Wait for it to finish, or close the Trove app / `trove watch` and try again.",
        )
    try:
        sock = _connect(address, timeout)
    except OSError:
        raise StoreLockedError(
            f"Trove (process {address.pid}) owns this data directory but does not answer.",
            hint="If it is stuck, close it; a crashed owner frees the lock on its own.",
        ) from None
    with sock, sock.makefile("rwb") as stream:
        caller_nonce = secrets.token_hex(32)
        stream.write(json.dumps({"hello": caller_nonce}).encode("utf-8") + b"\n")
        stream.flush()
        try:
            challenge = _read_json(stream.readline)
        except OSError:
            challenge = None
        if not isinstance(challenge, dict) or not hmac.compare_digest(
            str(challenge.get("proof", "")),
            _proof(address.token, "owner", caller_nonce, str(challenge.get("nonce", ""))),
        ):
            raise _impostor_error(address)
        owner_nonce = str(challenge["nonce"])
        sock.settimeout(None)  # long operations (index, ask) stream events for a long time
        request = {
            "proof": _proof(address.token, "caller", caller_nonce, owner_nonce),
            "command": command,
            "args": args,
        }
        stream.write(json.dumps(request).encode("utf-8") + b"\n")
        stream.flush()
        for raw in stream:
            message = json.loads(raw)
            if "event" in message:
                yield message["event"]
            elif "result" in message:
                return message["result"]
            elif "error" in message:
                raise _rebuild_error(message["error"])
    raise StoreLockedError("The Trove process that owns the data directory stopped mid-answer.")


def run_on_owner(
    data_dir: Path,
    command: str,
    args: dict[str, Any],
    on_event: Emit | None = None,
    cancel: threading.Event | None = None,
) -> Any:
    """Call the owner, pass each event to ``on_event``, and return the result.

    A set ``cancel`` hangs up at the next event and raises KeyboardInterrupt: the owner finishes
    the command on its own (an answer is still saved in its conversation).
    """
    calls = call_owner(data_dir, command, args)
    while True:
        try:
            event = next(calls)
        except StopIteration as stop:
            return stop.value
        if cancel is not None and cancel.is_set():
            calls.close()
            raise KeyboardInterrupt
        if on_event is not None:
            on_event(event)


_PLAIN = (str, int, float, bool, type(None))


def _error_dict(exc: TroveError) -> dict[str, Any]:
    """A typed error as JSON: its class name, sentence, hint and plain attributes (a failed
    question's conversation, a full disk's free bytes, a file's path...)."""
    fields = {k: v for k, v in vars(exc).items() if k != "hint" and isinstance(v, _PLAIN)}
    if exc.conversation_id is not None:  # a failed question's conversation stays
        fields["conversation_id"] = exc.conversation_id
    return {"type": type(exc).__name__, "message": str(exc), "hint": exc.hint, "fields": fields}


def _rebuild_error(err: dict[str, Any]) -> TroveError:
    """The caller's side of ``_error_dict``: the same class with the same attributes, so
    ``except DiskFullError`` works alike in and out of the owner process."""
    cls = getattr(errors, str(err.get("type", "")), TroveError)
    if not (isinstance(cls, type) and issubclass(cls, TroveError)):
        cls = TroveError
    # Subclasses compose their sentence from their own arguments (a path, bytes free), so
    # the instance is made without their constructor and given the owner's sentence as is.
    error = cls.__new__(cls)
    TroveError.__init__(error, str(err.get("message", "")), str(err.get("hint", "")))
    fields = err.get("fields")
    for name, value in (fields if isinstance(fields, dict) else {}).items():
        if isinstance(name, str) and name.isidentifier() and not name.startswith("_"):
            setattr(error, name, value)
    return error
