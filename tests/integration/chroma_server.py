"""A real `chroma run` server on 127.0.0.1 for server-mode tests, plus an auth-checking proxy.

Not a test module: test_vectors.py and test_vectors_server.py build their fixtures from it.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import httpx
import pytest

__all__ = ["AuthProxy", "ChromaServer", "chroma_cli", "free_port"]

START_TIMEOUT_S = 60.0


def chroma_cli() -> str:
    """Path of the `chroma` CLI next to this Python, else on PATH; skips the test if absent."""
    beside = Path(sys.executable).parent / "chroma"
    if beside.exists():
        return str(beside)
    found = shutil.which("chroma")
    if found is None:
        pytest.skip(f"the chroma CLI is not installed (looked in {beside.parent} and on PATH)")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """`chroma run --path DIR --host 127.0.0.1 --port P` as a child process; restartable."""

    def __init__(self, path: Path, log_file: Path) -> None:
        self.path = path
        self.log_file = log_file
        self.host = "127.0.0.1"
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the running server."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> ChromaServer:
        """Start the server and return once its heartbeat answers."""
        cli = chroma_cli()
        self.port = free_port()
        self._log = self.log_file.open("ab")
        self._proc = subprocess.Popen(
            [cli, "run", "--path", str(self.path), "--host", self.host, "--port", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        with httpx.Client(timeout=1.0) as client:
            while True:
                if self._proc.poll() is not None:
                    raise RuntimeError(f"chroma run exited early:\n{self.log_tail()}")
                try:
                    if client.get(f"{self.url}/api/v2/heartbeat").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"chroma run did not answer in time:\n{self.log_tail()}")
                time.sleep(0.05)  # polling the heartbeat: the server gives no other signal

    def stop(self) -> int:
        """Terminate the server (SIGTERM, which it handles) and return its exit code."""
        code = 0
        if self._proc is not None:
            self._proc.terminate()
            try:
                code = self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
                code = -9
            self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output, for failure messages."""
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


class AuthProxy:
    """A reverse proxy on 127.0.0.1 that forwards to ``upstream`` only with the right bearer token.

    Stands in for the authenticating proxy or gateway a team puts in front of its Chroma server.
    """

    def __init__(self, upstream: str, token: str) -> None:
        self.upstream = upstream
        self.token = token
        self.port = free_port()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.headers.get("Authorization") != f"Bearer {proxy.token}":
                    self._reply(401, b'{"error":"AuthorizationError","message":"Unauthorized"}', {})
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type",)}
                with httpx.Client(timeout=30) as client:
                    resp = client.request(
                        self.command, proxy.upstream + self.path, content=body, headers=headers
                    )
                self._reply(resp.status_code, resp.content, dict(resp.headers))

            def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", headers.get("content-type", "application/json"))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> AuthProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
