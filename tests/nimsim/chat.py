"""POST /v1/chat/completions: vLLM/OpenAI validation, a deterministic reply, JSON or SSE (§3)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tests.nimsim.config import SimConfig
from tests.nimsim.responses import (
    HttpError,
    Reply,
    Route,
    SseEvent,
    StreamReply,
    dumps,
    json_reply,
    layer_error,
)
from tests.nimsim.tokens import count_tokens

__all__ = [
    "MESSAGE_OVERHEAD_TOKENS",
    "default_reply",
    "handle_chat",
    "message_text",
    "split_tokens",
]

# Chat templates wrap every message in role markers; real servers count them, so a client has to
# leave headroom beyond its own estimate of the message text.
MESSAGE_OVERHEAD_TOKENS = 4
_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
_SOURCE_RE = re.compile(r"(?m)^[ \t]*\[(\d+)\]")
_TOKEN_PIECE_RE = re.compile(r"\s*\S+|\s+$")
_AUTO_TOOLS = (
    '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set'
)


@dataclass(frozen=True)
class _Request:
    model: str
    messages: list[dict[str, Any]]
    prompt_tokens: int
    max_tokens: int
    stops: list[str]
    stream: bool
    include_usage: bool


def split_tokens(text: str) -> list[str]:
    """Split a reply into streamed tokens: one word each with its leading whitespace."""
    return _TOKEN_PIECE_RE.findall(text)


def message_text(message: dict[str, Any]) -> str:
    """Return the text of a message's content (a string or a list of text parts)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def _quote_first_source(text: str) -> tuple[str, str] | None:
    match = _SOURCE_RE.search(text)
    if match is None:
        return None
    rest = text[match.end() :]
    following = _SOURCE_RE.search(rest)
    block = rest[: following.start()] if following else rest
    _name, newline, passage = block.partition("\n")
    if newline and passage.strip():
        block = passage  # "[n] name (where)" then the passage: quote the passage, not its name
    body = " ".join(block.split())
    sentence = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0]
    words = sentence.split()
    if not words:
        return None
    return match.group(1), " ".join(words[:25])


def default_reply(messages: Sequence[dict[str, Any]]) -> str:
    """Return the default deterministic reply: quote and cite the first numbered source, or echo."""
    # Sources usually sit in the system prompt; some prompts put them in the user turn instead.
    for roles in (("system", "developer"), ("user",)):
        for message in messages:
            if message.get("role") in roles:
                found = _quote_first_source(message_text(message))
                if found:
                    number, quote = found
                    return f'According to the sources, "{quote}" [{number}].'
    for message in reversed(messages):
        if message.get("role") == "user":
            return f"You said: {message_text(message)}"
    return "Hello! How can I help you today?"


def _bad(config: SimConfig, message: str) -> HttpError:
    return HttpError(layer_error(Route.CHAT, config, 400, message))


def _number(
    body: dict[str, Any], config: SimConfig, name: str, low: float, high: float, low_open: bool
) -> None:
    value = body.get(name)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(config, f"{name} must be a number, got {value!r}.")
    too_low = value <= low if low_open else value < low
    if too_low or value > high:
        bounds = f"({low}, {high}]" if low_open else f"[{low}, {high}]"
        raise _bad(config, f"{name} must be in {bounds}, got {value}.")


def _messages(body: dict[str, Any], config: SimConfig) -> list[dict[str, Any]]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _bad(config, "messages: a list with at least 1 message is required.")
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            raise _bad(config, f"messages[{i}]: must be an object.")
        role = message.get("role")
        if role not in _ROLES:
            raise _bad(
                config,
                f"messages[{i}].role: {role!r} is not one of "
                "'system', 'developer', 'user', 'assistant', 'tool'.",
            )
        content = message.get("content")
        if content is None and role != "assistant":  # assistant turns may carry only tool_calls
            raise _bad(config, f"messages[{i}].content: field required for role {role!r}.")
        if content is not None and not isinstance(content, str | list):
            raise _bad(config, f"messages[{i}].content: must be a string or a list of parts.")
    return messages


def _validate(body: Any, config: SimConfig) -> _Request:
    if not isinstance(body, dict):
        raise _bad(config, "The request body must be a JSON object.")
    model = body.get("model")
    if not isinstance(model, str):
        raise _bad(config, "model: field required.")
    if model != config.chat_model:
        raise HttpError(
            layer_error(Route.CHAT, config, 404, f"The model `{model}` does not exist.")
        )
    messages = _messages(body, config)
    _number(body, config, "temperature", 0, 2, low_open=False)
    _number(body, config, "top_p", 0, 1, low_open=True)
    _number(body, config, "frequency_penalty", -2, 2, low_open=False)
    _number(body, config, "presence_penalty", -2, 2, low_open=False)
    for name in ("seed", "max_tokens", "max_completion_tokens", "n"):
        value = body.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise _bad(config, f"{name} must be an integer, got {value!r}.")
    if body.get("n") not in (None, 1):
        raise _bad(config, "n: only n=1 is supported by the NIM simulator.")
    max_tokens = body.get("max_completion_tokens") or body.get("max_tokens")
    if max_tokens is not None and max_tokens < 1:
        raise _bad(config, f"max_tokens must be at least 1, got {max_tokens}.")
    stop = body.get("stop")
    stops = [stop] if isinstance(stop, str) else stop
    if stops is not None and (
        not isinstance(stops, list) or not all(isinstance(s, str) for s in stops)
    ):
        raise _bad(config, "stop must be a string or a list of strings.")
    stream = body.get("stream", False)
    if stream is None:
        stream = False
    if not isinstance(stream, bool):
        raise _bad(config, f"stream must be a boolean, got {stream!r}.")
    options = body.get("stream_options")
    if options is not None:
        if not stream:
            raise _bad(config, "Stream options can only be defined when `stream=True`.")
        if not isinstance(options, dict):
            raise _bad(config, "stream_options must be an object.")
    if body.get("tools") and body.get("tool_choice") in (None, "auto"):
        raise _bad(config, _AUTO_TOOLS)

    prompt = sum(count_tokens(message_text(m)) + MESSAGE_OVERHEAD_TOKENS for m in messages)
    limit = config.max_model_len
    if max_tokens is not None and prompt + max_tokens > limit:
        raise _bad(
            config,
            f"This model's maximum context length is {limit} tokens. However, you requested "
            f"{prompt + max_tokens} tokens ({prompt} in the messages, {max_tokens} in the "
            "completion). Please reduce the length of the messages or completion.",
        )
    if prompt >= limit:
        raise _bad(
            config,
            f"This model's maximum context length is {limit} tokens. However, you requested "
            f"{prompt} tokens in the messages, Please reduce the length of the messages.",
        )
    return _Request(
        model=model,
        messages=messages,
        prompt_tokens=prompt,
        max_tokens=max_tokens if max_tokens is not None else limit - prompt,
        stops=[s for s in stops or [] if s],
        stream=stream,
        include_usage=bool((options or {}).get("include_usage")),
    )


def _generate(request: _Request, config: SimConfig) -> tuple[list[str], str, str | None]:
    """Return (tokens, finish_reason, stop_reason) for the configured or default reply."""
    reply = config.chat_reply
    text = reply(request.messages) if callable(reply) else reply
    if text is None:
        text = default_reply(request.messages)
    stop_reason: str | None = None
    cut = len(text)
    for stop in request.stops:
        at = text.find(stop)
        if 0 <= at < cut:
            cut, stop_reason = at, stop
    tokens = split_tokens(text[:cut])
    if len(tokens) > request.max_tokens:
        return tokens[: request.max_tokens], "length", None
    return tokens, "stop", stop_reason


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _stream(
    request: _Request,
    config: SimConfig,
    tokens: list[str],
    finish: str,
    stop_reason: str | None,
) -> Iterator[SseEvent]:
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    def chunk(choices: list[dict[str, Any]], sent: int, usage: bool = False) -> str:
        out: dict[str, Any] = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": request.model,
            "choices": choices,
        }
        if usage or config.usage_every_chunk:
            out["usage"] = _usage(request.prompt_tokens, sent)
        return dumps(out)

    def error_event() -> SseEvent:
        error: dict[str, Any] = {
            "message": "Simulated failure in the middle of the stream.",
            "type": "InternalServerError",
            "param": None,
            "code": 500,
        }
        if config.vllm_error_format == "old":
            error = {"object": "error", **error}
        return SseEvent(dumps({"error": error}))

    first = {"index": 0, "delta": {"role": "assistant", "content": ""}}
    yield SseEvent(chunk([{**first, "logprobs": None, "finish_reason": None}], 0))
    error_after, drop_after = config.stream_error_after, config.stream_drop_after
    if error_after == 0:
        yield error_event()
        return
    for sent, token in enumerate(tokens, start=1):
        choice = {"index": 0, "delta": {"content": token}, "logprobs": None, "finish_reason": None}
        yield SseEvent(chunk([choice], sent), delay_s=config.stream_token_latency_s)
        if sent == error_after:
            yield error_event()
            return
        if sent == drop_after:
            yield SseEvent("", cut=True)
            return
    last = {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": finish,
        "stop_reason": stop_reason,
    }
    yield SseEvent(chunk([last], len(tokens)))
    if request.include_usage:
        yield SseEvent(chunk([], len(tokens), usage=True))
    yield SseEvent("[DONE]")


def handle_chat(body: Any, config: SimConfig) -> Reply | StreamReply:
    """Validate a chat completion request and answer it as JSON or as an SSE stream."""
    request = _validate(body, config)
    tokens, finish, stop_reason = _generate(request, config)
    if request.stream:
        return StreamReply(_stream(request, config, tokens, finish, stop_reason))
    return json_reply(
        200,
        {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": "".join(tokens),
                        "tool_calls": [],
                    },
                    "logprobs": None,
                    "finish_reason": finish,
                    "stop_reason": stop_reason,
                }
            ],
            "usage": _usage(request.prompt_tokens, len(tokens)),
            "prompt_logprobs": None,
        },
    )
