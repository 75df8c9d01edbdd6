"""The HTTP layer: a threading HTTP/1.1 server that routes, applies faults, auth and cold start."""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from typing import Any
from urllib.parse import urlsplit

from tests.nimsim.chat import handle_chat
from tests.nimsim.config import HOSTED
from tests.nimsim.detection import handle_page_elements, handle_table_structure
from tests.nimsim.discovery import health_live, health_ready, metadata, models_list
from tests.nimsim.embeddings import handle_embeddings
from tests.nimsim.faults import DROP, Failure, failure_reply, format_retry_after
from tests.nimsim.gateway import check_auth
from tests.nimsim.ocr import handle_ocr
from tests.nimsim.ranking import handle_ranking
from tests.nimsim.responses import (
    HttpError,
    Reply,
    Route,
    StreamReply,
    fastapi_not_found,
    go_not_found,
    json_reply,
    layer_error,
    problem,
)
from tests.nimsim.state import SimState

__all__ = ["NimHttpServer", "NimRequestHandler"]

_HANDLERS = {
    Route.EMBEDDINGS: handle_embeddings,
    Route.RANKING: handle_ranking,
    Route.CHAT: handle_chat,
    Route.OCR: handle_ocr,
    Route.PAGE_ELEMENTS: handle_page_elements,
    Route.TABLE_STRUCTURE: handle_table_structure,
}
_GET_PATHS = ("/v1/models", "/v1/metadata", "/v1/health/live", "/v1/health/ready")


class NimHttpServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that can cut its open connections, so stopping never waits on them."""

    daemon_threads = True
    # The client sends many requests at once; the default backlog of 5 makes the kernel drop the
    # extra SYNs, which are retried only after a second.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: SimState) -> None:
        self.state = state
        self.started_wall = int(time.time())
        self._conn_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._closing = False
        super().__init__(address, NimRequestHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup (getfqdn), which can stall offline."""
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Track the connection while a handler thread serves it."""
        with self._conn_lock:
            if self._closing:
                return
            self._connections.add(request)
        try:
            super().finish_request(request, client_address)
        finally:
            with self._conn_lock:
                self._connections.discard(request)

    def close_connections(self) -> None:
        """Shut down every open connection; handler threads waiting on keep-alive reads end."""
        with self._conn_lock:
            self._closing = True
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by the peer
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that went away; report anything else as a simulator bug."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError | OSError):
            return
        self.state.record_error(traceback.format_exc())
        super().handle_error(request, client_address)


class NimRequestHandler(BaseHTTPRequestHandler):
    """Serves one connection: models, health, embeddings, ranking and chat under /v1."""

    protocol_version = "HTTP/1.1"
    server_version = "nimsim/1.0"
    timeout = 120  # an idle keep-alive connection is closed after this many seconds
    server: NimHttpServer

    def setup(self) -> None:
        """Set up the connection with Nagle's algorithm off."""
        # Headers and body go out as separate writes; with Nagle, delayed ACKs add 40 ms to each.
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        """Serve a GET request."""
        self._dispatch()

    def do_POST(self) -> None:
        """Serve a POST request."""
        self._dispatch()

    def do_PUT(self) -> None:
        """Serve a PUT request (always 404/405)."""
        self._dispatch()

    def do_DELETE(self) -> None:
        """Serve a DELETE request (always 404/405)."""
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        """Log requests only in verbose mode (the CLI); tests stay quiet."""
        if self.server.state.verbose:
            super().log_message(format, *args)

    # -- plumbing ---------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def _send_stream(self, stream: StreamReply) -> None:
        state = self.server.state
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for event in stream.events:
            if not state.sleep(event.delay_s) or event.cut:
                self._drop()  # mid-stream: no terminating chunk, the client sees a broken body
                return
            data = event.encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")

    def _drop(self) -> None:
        """Close the connection without (the rest of) a response."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # -- routing -----------------------------------------------------------------------------

    def _route(self, path: str) -> Route | None:
        config = self.server.state.config
        if path == "/v1/embeddings":
            return Route.EMBEDDINGS
        if path == "/v1/chat/completions":
            return Route.CHAT
        if path == config.rerank_path():
            return Route.RANKING
        if path == config.ocr_path():
            return Route.OCR
        if path == config.detection_path("page-elements"):
            return Route.PAGE_ELEMENTS
        if path == config.detection_path("table-structure"):
            return Route.TABLE_STRUCTURE
        return None

    def _not_found(self) -> Reply:
        return go_not_found() if self.server.state.config.profile == HOSTED else fastapi_not_found()

    def _dispatch(self) -> None:
        state = self.server.state
        body = self._read_body()
        path = urlsplit(self.path).path  # exact: real servers 404 (or redirect) a trailing "/"
        if not state.sleep(state.config.latency_s):
            self._drop()
            return
        route = self._route(path)
        try:
            if route is not None and self.command == "POST":
                self._inference(route, body)
            elif path in _GET_PATHS and self.command == "GET":
                self._send(self._discovery(path))
            elif route is not None or path in _GET_PATHS:
                if state.config.profile == HOSTED:
                    self._send(go_not_found())
                else:
                    self._send(json_reply(405, {"detail": "Method Not Allowed"}))
            else:
                self._send(self._not_found())
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as error:  # a simulator bug: answer 500 and keep the traceback
            state.record_error(traceback.format_exc())
            traceback.print_exc()
            self._send(json_reply(500, {"error": f"nimsim internal error: {error!r}"}))

    def _discovery(self, path: str) -> Reply:
        state = self.server.state
        if path == "/v1/models":
            state.count("models")
            return models_list(state.config, self.server.started_wall)
        if path == "/v1/metadata":
            return metadata(state.config)
        state.count("health")
        if path == "/v1/health/live":
            return health_live()
        return health_ready(state.cold_remaining())

    def _inference(self, route: Route, raw: bytes) -> None:
        state = self.server.state
        config = state.config
        state.count(route.value)
        try:
            parsed: Any = json.loads(raw) if raw else None
            parse_error = None if raw else "The request body is empty."
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            parsed, parse_error = None, f"JSON decode error: {error}"
        state.record(
            {
                "method": self.command,
                "path": self.path,
                # Stored as sent, Authorization included: this is a test double. Names lowercased.
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "json": parsed,
                "body": raw.decode("utf-8", "replace"),
            }
        )
        fault = state.faults.pop()
        if fault == DROP:
            self._drop()
            return
        if isinstance(fault, Failure):
            self._send(failure_reply(fault, route, config))
            return
        if config.profile == HOSTED:
            refusal = check_auth(self.headers.get("Authorization"), config)
            if refusal is not None:
                self._send(refusal)
                return
            if config.rate_limit_per_min:
                wait = state.bucket.take(config.rate_limit_per_min)
                if wait is not None:
                    reply = problem(429, title="Too Many Requests")
                    reply.headers["Retry-After"] = format_retry_after(wait)
                    self._send(reply)
                    return
        cold = state.cold_remaining()
        if cold > 0:
            reply = layer_error(route, config, 503, "Service is not ready: the model is loading.")
            reply.headers["Retry-After"] = format_retry_after(cold)
            self._send(reply)
            return
        if parse_error is not None:
            self._send(layer_error(route, config, 400, parse_error))
            return
        try:
            result = _HANDLERS[route](parsed, config)
        except HttpError as error:
            result = error.reply
        if isinstance(result, StreamReply):
            self._send_stream(result)
        else:
            self._send(result)
