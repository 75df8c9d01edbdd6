"""Chat completions through a NIM (``POST {base}/chat/completions``), whole or streamed over SSE.

The stream is read line by line as the NIM sends it (reference/nim-api.md §3.4): ``data:`` lines
carry JSON chunks, ``data: [DONE]`` ends the answer, ``:`` lines are keep-alive comments. Hosted
NIMs repeat a cumulative usage snapshot on every chunk, so usage is passed on, never summed. An
``{"error": ...}`` event after the 200 raises NimStreamError; the text already yielded stays with
the caller. Cancelling shuts the socket down, which wakes a read blocked on a slow model at once.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import Any

import httpx

from desktop_app.core.errors import NimError, NimServerError, NimStreamError, NimTimeoutError
from desktop_app.core.nim.base import OnRetry, ServiceBound, ServiceClient
from desktop_app.core.nim.endpoints import ClientOptions, Endpoint, SettingsLike
from desktop_app.core.nim.http_errors import message_from_body, redact

__all__ = ["ChatClient", "ChatDelta", "ChatParams", "ChatResult", "ChatUsage", "Message"]

Message = Mapping[str, Any]  # {"role": "system"|"user"|"assistant", "content": "..."}

_WATCH_INTERVAL = 0.05  # seconds between looks at the cancel event while a stream is open


@dataclass(frozen=True)
class ChatParams:
    """Sampling parameters; None fields are left out of the request (the NIM's default applies)."""

    # Always sent: left unset, hosted models may fall back to a small default and cut answers.
    max_tokens: int = 1024
    temperature: float | None = None
    top_p: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None

    @classmethod
    def from_settings(cls, settings: SettingsLike) -> ChatParams:
        """Parameters from the ``chat.*`` settings."""
        return cls(
            max_tokens=int(settings["chat.max_tokens"]),
            temperature=settings["chat.temperature"],
            top_p=settings["chat.top_p"],
            # 0 is the server default; leaving it out keeps the body to fields strict hosted
            # schemas are sure to accept.
            frequency_penalty=settings["chat.frequency_penalty"] or None,
            presence_penalty=settings["chat.presence_penalty"] or None,
            stop=tuple(settings["chat.stop"] or ()),
            seed=settings["chat.seed"],
        )

    def to_payload(self) -> dict[str, Any]:
        """The request fields these parameters set."""
        payload: dict[str, Any] = {"max_tokens": self.max_tokens}
        for name in ("temperature", "top_p", "frequency_penalty", "presence_penalty", "seed"):
            value = getattr(self, name)
            if value is not None:
                payload[name] = value
        if self.stop:
            payload["stop"] = list(self.stop)
        return payload


@dataclass(frozen=True)
class ChatUsage:
    """Token counts the NIM reported."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int

    @classmethod
    def from_json(cls, value: Any) -> ChatUsage | None:
        """Parse a ``usage`` object; None when absent or unreadable."""
        if not isinstance(value, Mapping):
            return None
        counts = [value.get(k) for k in ("prompt_tokens", "completion_tokens", "total_tokens")]
        prompt, completion, total = (c if isinstance(c, int) else 0 for c in counts)
        return cls(prompt, completion, total or prompt + completion)


@dataclass(frozen=True)
class ChatResult:
    """A whole answer: its text, why it ended ('stop', 'length', ...), and token use."""

    text: str
    finish_reason: str | None
    usage: ChatUsage | None
    model: str = ""


@dataclass(frozen=True)
class ChatDelta:
    """One piece of a streamed answer; ``usage`` is cumulative when present (keep the last)."""

    text: str
    finish_reason: str | None = None
    usage: ChatUsage | None = None


class ChatClient(ServiceBound):
    """Client of one chat NIM."""

    def __init__(
        self, endpoint: Endpoint, options: ClientOptions, *, on_retry: OnRetry | None = None
    ) -> None:
        self.endpoint = endpoint
        self._http = ServiceClient(endpoint, options, on_retry=on_retry)

    # -- public API -------------------------------------------------------------------------

    def complete(self, messages: Sequence[Message], params: ChatParams | None = None) -> ChatResult:
        """The whole answer to ``messages`` in one response."""
        payload = self._payload(messages, params)
        # Not idempotent for timeouts: a chat that timed out once would likely time out again,
        # and the user is waiting.
        body = self._http.request_json("POST", "chat/completions", payload, idempotent=False)
        choices = body.get("choices") if isinstance(body, dict) else None
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
            raise self._malformed("an answer without choices")
        choice = choices[0]
        message = choice.get("message")
        content = message.get("content") if isinstance(message, Mapping) else None
        finish = choice.get("finish_reason")
        model = body.get("model")
        return ChatResult(
            text=content if isinstance(content, str) else "",
            finish_reason=finish if isinstance(finish, str) else None,
            usage=ChatUsage.from_json(body.get("usage")),
            model=model if isinstance(model, str) else self.endpoint.model,
        )

    def stream(
        self,
        messages: Sequence[Message],
        params: ChatParams | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[ChatDelta]:
        """Yield the answer to ``messages`` piece by piece as the NIM writes it.

        Setting ``cancel`` ends the iteration promptly (the connection is closed), also while
        waiting to retry. Raises
        NimStreamError for an error event or a stream cut short; NimError before the first byte.
        Close the iterator (or exhaust it) so the connection is released.
        """
        payload = self._payload(messages, params)
        payload["stream"] = True
        payload["stream_options"] = {"include_usage": True}
        try:
            response = self._http.open_stream(
                "POST",
                "chat/completions",
                payload,
                headers={"Accept": "text/event-stream"},
                idempotent=False,
                cancel=cancel,
            )
        except CancelledError:
            return  # cancelled before the answer began: an empty answer, as after it began
        watcher = _CancelWatcher(response, cancel) if cancel is not None else None
        try:
            yield from self._read_stream(response, cancel)
        finally:
            if watcher is not None:
                watcher.stop()
            response.close()

    def __repr__(self) -> str:
        return f"ChatClient({self.endpoint!r})"

    # -- internals --------------------------------------------------------------------------

    def _payload(self, messages: Sequence[Message], params: ChatParams | None) -> dict[str, Any]:
        if not messages:
            raise ValueError("a chat needs at least one message")
        payload: dict[str, Any] = {
            "model": self.endpoint.model,
            "messages": [dict(message) for message in messages],
        }
        payload.update((params or ChatParams()).to_payload())
        return payload

    def _read_stream(
        self, response: httpx.Response, cancel: threading.Event | None
    ) -> Iterator[ChatDelta]:
        """Parse the SSE body into deltas; see the module docstring for the rules."""
        ended = False  # [DONE] seen
        finished = False  # a finish_reason seen
        try:
            event = ""
            for line in response.iter_lines():
                if cancel is not None and cancel.is_set():
                    return
                if not line:
                    event = ""  # a blank line ends an SSE event
                    continue
                if line.startswith(":"):
                    continue  # keep-alive comment
                name, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if name == "event":
                    event = value.strip()
                    continue
                if name != "data":
                    continue  # id:, retry: and unknown fields carry nothing for us
                if value.strip() == "[DONE]":
                    ended = True
                    break
                delta = self._parse_chunk(value, event, response)
                if delta is None:
                    continue
                finished = finished or delta.finish_reason is not None
                yield delta
        except (httpx.TransportError, httpx.StreamError) as exc:
            if cancel is not None and cancel.is_set():
                return  # our own shutdown of the socket
            raise self._broken(exc) from None
        if not ended and not finished and not (cancel is not None and cancel.is_set()):
            raise NimStreamError(
                "The chat NIM's answer ended before it was complete.",
                service="chat",
                status=response.status_code,
                hint="Ask again; if it keeps happening, check the NIM's logs.",
            )

    def _parse_chunk(self, data: str, event: str, response: httpx.Response) -> ChatDelta | None:
        """One ``data:`` payload as a delta; None for a chunk with nothing in it."""
        try:
            chunk = json.loads(data)
        except ValueError:
            raise NimStreamError(
                "The chat NIM sent a part of its answer Trove cannot read.",
                service="chat",
                status=response.status_code,
            ) from None
        if not isinstance(chunk, Mapping):
            return None
        choices = chunk.get("choices")
        if event == "error" or ("error" in chunk and not choices):
            # Any event with an error and no choices is a failure, whatever its inner shape.
            text = message_from_body(chunk) or "no details"
            text = redact(text, response.request)
            raise NimStreamError(
                f"The chat NIM stopped with an error in the middle of the answer: {text}",
                service="chat",
                status=response.status_code,
                hint="The part of the answer already shown may be incomplete; ask again.",
            )
        usage = ChatUsage.from_json(chunk.get("usage"))
        text = ""
        finish: str | None = None
        if isinstance(choices, list) and choices and isinstance(choices[0], Mapping):
            delta = choices[0].get("delta")
            content = delta.get("content") if isinstance(delta, Mapping) else None
            text = content if isinstance(content, str) else ""
            reason = choices[0].get("finish_reason")
            finish = reason if isinstance(reason, str) and reason else None
        if not text and finish is None and usage is None:
            return None
        return ChatDelta(text=text, finish_reason=finish, usage=usage)

    def _broken(self, exc: Exception) -> NimError:
        """The error for a stream that broke off while being read."""
        if isinstance(exc, httpx.TimeoutException):
            return NimTimeoutError(
                f"The chat NIM at {self.endpoint.base_url} stopped sending in the middle of the "
                "answer.",
                service="chat",
                hint="The model may be overloaded; ask again, or raise nim.read_timeout.",
            )
        return NimStreamError(
            "The connection to the chat NIM broke in the middle of the answer.",
            service="chat",
            hint="Ask again; if it keeps happening, check the network and the NIM's logs.",
        )

    def _malformed(self, what: str) -> NimServerError:
        return NimServerError(
            f"The chat NIM at {self.endpoint.base_url} answered with {what}.",
            service="chat",
            hint="Check that the base URL and model point at a chat NIM.",
        )


class _CancelWatcher:
    """Shuts a streaming response's socket down once ``cancel`` is set.

    A read blocked on a slow model does not notice a flag; shutting the socket down wakes it with
    an end-of-stream at once (closing the file descriptor would not, on Linux).
    """

    def __init__(self, response: httpx.Response, cancel: threading.Event) -> None:
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(response, cancel), name="trove-chat-cancel", daemon=True
        )
        self._thread.start()

    def _run(self, response: httpx.Response, cancel: threading.Event) -> None:
        while not self._done.is_set():
            if cancel.wait(_WATCH_INTERVAL):
                if not self._done.is_set():
                    _shutdown(response)
                return

    def stop(self) -> None:
        """Stop watching (the stream is over)."""
        self._done.set()
        self._thread.join(timeout=1.0)


def _shutdown(response: httpx.Response) -> None:
    """Shut down the socket under ``response``; without one (a mock transport) there is no block."""
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):  # already closed by the other side
            sock.shutdown(socket.SHUT_RDWR)
