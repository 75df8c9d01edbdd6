"""The NIM clients against httpx.MockTransport: requests sent, answers parsed, retries decided."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app import __version__
from desktop_app.core.errors import (
    ConfigError,
    NimBadRequestError,
    NimInputTooLongError,
    NimRateLimitedError,
    NimServerError,
    NimStreamError,
    NimUnreachableError,
)
from desktop_app.core.nim import (
    ChatClient,
    ChatDelta,
    ChatParams,
    ChatUsage,
    ClientOptions,
    EmbeddingClient,
    Endpoint,
    RerankClient,
    RetryNotice,
    ServiceClient,
    endpoints_from_settings,
    rerank_url,
)
from desktop_app.core.secrets import ApiKey
from desktop_app.core.settings import Settings

KEY = ApiKey("nvapi-unitTESTkey0123456789", "env:NVIDIA_API_KEY")
BASE = "https://nim.test/v1"  # HTTPS: the key is sent (key_policy)
USER = [{"role": "user", "content": "x"}]

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that records requests and answers with ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        return self.handler(request)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


def options(recorder: Recorder, sleeps: list[float] | None = None, **kw: Any) -> ClientOptions:
    waits = sleeps if sleeps is not None else []
    return ClientOptions(
        transport=httpx.MockTransport(recorder), sleep=waits.append, random=lambda: 1.0, **kw
    )


def endpoint(service: str = "embedding", *, key: ApiKey | None = None, **kw: Any) -> Endpoint:
    models = {
        "embedding": "nvidia/llama-nemotron-embed-1b-v2",
        "rerank": "nvidia/llama-3.2-nv-rerankqa-1b-v2",
        "chat": "meta/llama-3.3-70b-instruct",
    }
    return Endpoint(service, kw.pop("base_url", BASE), models[service], api_key=key, **kw)  # type: ignore[arg-type]


def embeddings_answer(request: httpx.Request, *, reverse: bool = False) -> httpx.Response:
    """Vectors [position, len(text)] for each input; optionally listed in reverse order."""
    body = json.loads(request.content)
    data = [
        {"object": "embedding", "index": i, "embedding": [float(i), float(len(text))]}
        for i, text in enumerate(body["input"])
    ]
    if reverse:
        data.reverse()
    usage = {"prompt_tokens": len(body["input"]), "total_tokens": len(body["input"])}
    return httpx.Response(
        200, json={"object": "list", "data": data, "model": "served-id", "usage": usage}
    )


# -- endpoints, options, headers ---------------------------------------------------------------


def test_endpoint_repr_never_shows_the_key() -> None:
    ep = endpoint(key=KEY)
    assert KEY.reveal() not in repr(ep) and KEY.reveal() not in str(ep)
    assert "api_key='set'" in repr(ep)


def test_endpoints_from_settings_normalizes_and_detects_hosted() -> None:
    settings = Settings(
        {
            "embedding.base_url": "http://localhost:8000/v1/embeddings",
            "rerank.base_url": "https://ai.api.nvidia.com/v1",
            "chat.base_url": "http://gpu:8999",
        }
    )
    eps = endpoints_from_settings(settings, KEY)
    assert set(eps) == {"embedding", "rerank", "chat"}
    assert eps["embedding"].base_url == "http://localhost:8000/v1"
    assert eps["embedding"].notes and not eps["embedding"].hosted
    assert eps["rerank"].hosted  # by host, though the profile is local
    assert eps["chat"].base_url == "http://gpu:8999/v1" and not eps["chat"].hosted
    assert eps["chat"].model == "meta/llama-3.3-70b-instruct"
    assert eps["chat"].api_key is KEY


def test_the_hosted_profile_marks_every_endpoint_hosted() -> None:
    settings = Settings({"profile": "hosted", "embedding.base_url": "http://127.0.0.1:9/v1"})
    assert all(ep.hosted for ep in endpoints_from_settings(settings, None).values())


def test_client_options_from_settings(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    settings = Settings({"nim.connect_timeout": 3, "nim.read_timeout": 45, "nim.max_retries": 2})
    opts = ClientOptions.from_settings(settings)
    assert (opts.connect_timeout, opts.read_timeout, opts.max_retries, opts.verify) == (
        3.0,
        45.0,
        2,
        True,
    )
    assert opts.timeout() == httpx.Timeout(connect=3.0, read=45.0, write=30.0, pool=30.0)
    assert opts.retry_policy().max_retries == 2
    settings.set("nim.ca_bundle", str(bundle))
    assert ClientOptions.from_settings(settings).verify == str(bundle)
    settings.set("nim.verify_tls", False)
    assert ClientOptions.from_settings(settings).verify is False


def test_an_unreadable_ca_bundle_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        ServiceClient(endpoint(), ClientOptions(verify=str(tmp_path / "missing.pem")))
    assert info.value.key == "nim.ca_bundle"


def test_a_ca_bundle_adds_to_the_default_roots(tmp_path: Path) -> None:
    import certifi

    rec = Recorder(lambda r: httpx.Response(200, json={"data": []}))
    with ServiceClient(endpoint(), options(rec, verify=certifi.where())) as client:
        assert client.models() == []
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    with pytest.raises(ConfigError, match="cannot be used"):
        ServiceClient(endpoint(), ClientOptions(verify=str(garbage)))


def test_health_falls_back_to_the_model_list_when_a_proxy_has_no_health_route() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/health/ready"):
            return httpx.Response(404, json={"detail": "Not Found"})
        return httpx.Response(200, json={"data": [{"id": "m"}]})

    rec = Recorder(handler)
    with ServiceClient(endpoint(), options(rec)) as client:
        assert client.ready() is True
    assert [r.url.path for r in rec.requests] == ["/v1/health/ready", "/v1/models"]


def test_headers_carry_the_key_only_when_there_is_one() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json={"data": [{"id": "m"}]}))
    with ServiceClient(endpoint(key=KEY), options(rec)) as client:
        client.models()
    with ServiceClient(endpoint(), options(rec)) as client:
        client.models()
    with_key, without_key = rec.requests
    assert with_key.headers["authorization"] == f"Bearer {KEY.reveal()}"
    assert "authorization" not in without_key.headers
    for request in rec.requests:
        assert request.headers["accept"] == "application/json"
        assert request.headers["user-agent"] == f"trove/{__version__}"
        assert str(request.url) == f"{BASE}/models"


def test_models_are_deduplicated_and_keep_max_model_len() -> None:
    data = [
        {"id": "meta/llama-3.3-70b-instruct", "owned_by": "system", "max_model_len": 8192},
        {"id": "meta/llama-3.3-70b-instruct", "owned_by": "system"},
        {"id": "lora-a", "root": "meta/llama-3.3-70b-instruct"},
        {"object": "model"},  # no id: skipped
    ]
    rec = Recorder(lambda r: httpx.Response(200, json={"object": "list", "data": data}))
    with ServiceClient(endpoint("chat"), options(rec)) as client:
        models = client.models()
    assert [m.id for m in models] == ["meta/llama-3.3-70b-instruct", "lora-a"]
    assert models[0].max_model_len == 8192 and models[0].owned_by == "system"
    assert models[1].root == "meta/llama-3.3-70b-instruct"


def test_a_non_json_success_is_a_server_error_and_not_retried() -> None:
    rec = Recorder(lambda r: httpx.Response(200, text="<html>login</html>"))
    with ServiceClient(endpoint(), options(rec)) as client, pytest.raises(NimServerError) as info:
        client.models()
    assert "not JSON" in str(info.value)
    assert len(rec.requests) == 1


# -- retries -----------------------------------------------------------------------------------


def test_retry_after_is_honoured_and_reported_then_success() -> None:
    answers = iter(
        [
            httpx.Response(
                429,
                json={"status": 429, "title": "Too Many Requests"},
                headers={"Retry-After": "3"},
            ),
            httpx.Response(503, json={"object": "error", "message": "loading"}),
            httpx.Response(200, json={"data": [{"id": "m"}]}),
        ]
    )
    rec = Recorder(lambda r: next(answers))
    sleeps: list[float] = []
    notices: list[RetryNotice] = []
    client = ServiceClient(
        endpoint(), options(rec, sleeps, backoff_base=0.5), on_retry=notices.append
    )
    assert [m.id for m in client.models()] == ["m"]
    assert sleeps == [3.0, 1.0]  # Retry-After, then backoff 0.5 * 2**1 with jitter 1.0
    assert [n.attempt for n in notices] == [1, 2]
    assert notices[0].describe() == "The embedding NIM is rate-limited, retrying in 3 s (1/5)."


def test_exhausted_retries_raise_the_typed_error_saying_so() -> None:
    rec = Recorder(
        lambda r: httpx.Response(429, json={"status": 429, "title": "Too Many Requests"})
    )
    sleeps: list[float] = []
    client = ServiceClient(endpoint(), options(rec, sleeps, max_retries=2))
    with pytest.raises(NimRateLimitedError) as info:
        client.models()
    assert len(rec.requests) == 3 and len(sleeps) == 2
    assert str(info.value).endswith("Gave up after 2 retries.")


def test_a_final_non_retryable_error_does_not_claim_retries_ran_out() -> None:
    answers = iter([httpx.Response(503, json={}), httpx.Response(400, json={"error": "bad"})])
    rec = Recorder(lambda r: next(answers))
    with pytest.raises(NimBadRequestError) as info:
        ServiceClient(endpoint(), options(rec)).request_json("POST", "embeddings", {})
    assert "Gave up" not in str(info.value)


def test_a_deterministic_400_is_not_retried() -> None:
    rec = Recorder(
        lambda r: httpx.Response(400, json={"error": "'input_type' parameter is required"})
    )
    sleeps: list[float] = []
    with pytest.raises(NimBadRequestError):
        ServiceClient(endpoint(), options(rec, sleeps)).request_json("POST", "embeddings", {})
    assert len(rec.requests) == 1 and sleeps == []


def test_connection_errors_are_retried_then_reported_with_the_url() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    rec = Recorder(refuse)
    with pytest.raises(NimUnreachableError) as info:
        ServiceClient(endpoint(), options(rec, max_retries=1)).models()
    assert len(rec.requests) == 2
    assert f"{BASE}/models" in str(info.value) and "cannot be reached" in str(info.value)


def test_cancel_during_a_retry_wait_stops_at_once() -> None:
    cancel = threading.Event()
    rec = Recorder(lambda r: httpx.Response(503, json={}))
    opts = ClientOptions(transport=httpx.MockTransport(rec), sleep=lambda s: cancel.set())
    client = ServiceClient(endpoint(), opts)
    with pytest.raises(CancelledError):
        client.request_json("GET", "models", cancel=cancel)
    assert len(rec.requests) == 1


# -- embeddings ---------------------------------------------------------------------------------


def test_embed_passages_sends_the_documented_body_and_sorts_by_index() -> None:
    rec = Recorder(lambda r: embeddings_answer(r, reverse=True))
    client = EmbeddingClient(endpoint(), options(rec))
    result = client.embed_passages(["a", "bb", "ccc"])
    (body,) = rec.bodies()
    assert body == {
        "model": "nvidia/llama-nemotron-embed-1b-v2",
        "input": ["a", "bb", "ccc"],
        "input_type": "passage",
        "encoding_format": "float",
        "truncate": "NONE",
    }
    assert result.vectors == [[0.0, 1.0], [1.0, 2.0], [2.0, 3.0]]
    assert (result.model, result.dimensions, result.truncated, result.prompt_tokens) == (
        "served-id",
        2,
        [],
        3,
    )
    assert str(rec.requests[0].url) == f"{BASE}/embeddings"


def test_dimensions_are_sent_only_when_set_and_queries_use_input_type_query() -> None:
    rec = Recorder(embeddings_answer)
    EmbeddingClient(endpoint(), options(rec), dimensions=384, truncate="END").embed_query("q")
    (body,) = rec.bodies()
    assert body["dimensions"] == 384 and body["input_type"] == "query" and body["truncate"] == "END"


def test_batches_keep_input_order_with_several_requests_in_flight() -> None:
    in_flight = 0
    peak = 0
    arrivals = 0
    gate = threading.Barrier(3, timeout=5)  # the first three requests must overlap to pass it
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak, arrivals
        with lock:
            in_flight += 1
            arrivals += 1
            first_three = arrivals <= 3
            peak = max(peak, in_flight)
        try:
            if first_three:
                gate.wait()
            texts = json.loads(request.content)["input"]
            data = [{"index": i, "embedding": [float(t), 0.0]} for i, t in enumerate(texts)]
            return httpx.Response(200, json={"data": data, "model": "m"})
        finally:
            with lock:
                in_flight -= 1

    rec = Recorder(handler)
    texts = [str(i) for i in range(23)]
    client = EmbeddingClient(endpoint(), options(rec), batch_size=4, max_in_flight=3)
    result = client.embed_passages(texts)
    assert [v[0] for v in result.vectors] == [float(i) for i in range(23)]
    assert len(rec.requests) == 6 and peak == 3
    assert sorted(len(b["input"]) for b in rec.bodies()) == [3, 4, 4, 4, 4, 4]


def test_over_long_texts_are_found_by_bisection_and_resent_with_end() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["truncate"] == "NONE" and any(t.startswith("LONG") for t in body["input"]):
            return httpx.Response(
                400, json={"error": "Input length 9000 exceeds maximum allowed token size 8192"}
            )
        return embeddings_answer(request)

    rec = Recorder(handler)
    texts = ["a", "b", "LONG1", "c", "d", "e", "LONG2", "f"]
    result = EmbeddingClient(endpoint(), options(rec), batch_size=8).embed_passages(texts)
    assert result.truncated == [2, 6]
    assert [v[1] for v in result.vectors] == [float(len(t)) for t in texts]
    resent_with_end = [b["input"] for b in rec.bodies() if b["truncate"] == "END"]
    assert resent_with_end == [["LONG1"], ["LONG2"]]
    # Every other text was embedded exactly once, untruncated.
    accepted = [
        text
        for b in rec.bodies()
        if b["truncate"] == "NONE" and not any(t.startswith("LONG") for t in b["input"])
        for text in b["input"]
    ]
    assert sorted(accepted) == ["a", "b", "c", "d", "e", "f"]


def test_with_truncation_on_a_too_long_error_is_raised_as_is() -> None:
    rec = Recorder(
        lambda r: httpx.Response(400, json={"error": "Input length 9 exceeds maximum allowed"})
    )
    with pytest.raises(NimInputTooLongError):
        EmbeddingClient(endpoint(), options(rec), truncate="END").embed_passages(["x", "y"])
    assert len(rec.requests) == 1


def test_vectors_of_different_sizes_are_a_server_fault() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        data = [{"index": 0, "embedding": [1.0, 2.0]}, {"index": 1, "embedding": [1.0]}]
        return httpx.Response(200, json={"data": data})

    with pytest.raises(NimServerError) as info:
        EmbeddingClient(endpoint(), options(Recorder(handler))).embed_passages(["a", "b"])
    assert "different sizes" in str(info.value)


@pytest.mark.parametrize(
    "data",
    [
        [{"index": 0, "embedding": [1.0]}],  # one vector for two texts
        [{"index": 0, "embedding": [1.0]}, {"index": 0, "embedding": [1.0]}],  # duplicate index
        [{"index": 0, "embedding": "%%%"}, {"index": 1, "embedding": [1.0]}],  # bad base64
    ],
)
def test_a_malformed_embeddings_answer_is_a_server_error(data: list[dict[str, Any]]) -> None:
    rec = Recorder(lambda r: httpx.Response(200, json={"data": data}))
    with pytest.raises(NimServerError):
        EmbeddingClient(endpoint(), options(rec)).embed_passages(["a", "b"])


def test_base64_vectors_are_decoded_as_little_endian_float32() -> None:
    import base64
    import struct

    packed = base64.b64encode(struct.pack("<3f", 0.5, -1.0, 2.0)).decode()
    rec = Recorder(
        lambda r: httpx.Response(200, json={"data": [{"index": 0, "embedding": packed}]})
    )
    assert EmbeddingClient(endpoint(), options(rec)).embed_query("q") == [0.5, -1.0, 2.0]


def test_no_texts_means_no_request() -> None:
    rec = Recorder(embeddings_answer)
    result = EmbeddingClient(endpoint(), options(rec)).embed_passages([])
    assert result.vectors == [] and rec.requests == []


def test_a_cancelled_embedding_run_raises_cancelled() -> None:
    cancel = threading.Event()
    cancel.set()
    rec = Recorder(embeddings_answer)
    client = EmbeddingClient(endpoint(), options(rec), batch_size=1, max_in_flight=2)
    with pytest.raises(CancelledError):
        client.embed_passages(["a", "b", "c"], cancel=cancel)
    assert rec.requests == []


def test_bad_client_arguments_are_refused() -> None:
    rec = Recorder(embeddings_answer)
    with pytest.raises(ConfigError):
        EmbeddingClient(endpoint(), options(rec), truncate="MIDDLE")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        EmbeddingClient(endpoint(), options(rec)).embed_passages("one string")


# -- ranking ------------------------------------------------------------------------------------


def rank_answer(request: httpx.Request) -> httpx.Response:
    """Logit = length of the passage text; sorted best first, as the NIM does."""
    body = json.loads(request.content)
    scores = [(i, float(len(p["text"]))) for i, p in enumerate(body["passages"])]
    scores.sort(key=lambda s: -s[1])
    return httpx.Response(200, json={"rankings": [{"index": i, "logit": s} for i, s in scores]})


def test_rank_maps_indices_back_across_split_requests() -> None:
    rec = Recorder(rank_answer)
    client = RerankClient(endpoint("rerank"), options(rec), max_passages=2)
    passages = ["xx", "x", "xxxxx", "xxx", "xxxx"]
    ranked = client.rank("q", passages)
    assert [r.index for r in ranked] == [2, 4, 3, 0, 1]
    assert [r.logit for r in ranked] == [5.0, 4.0, 3.0, 2.0, 1.0]
    assert len(rec.requests) == 3
    assert client.rank("q", passages, top_n=2) == ranked[:2]
    body = rec.bodies()[0]
    assert body["query"] == {"text": "q"} and body["passages"] == [{"text": "xx"}, {"text": "x"}]
    assert "truncate" not in body and str(rec.requests[0].url) == f"{BASE}/ranking"


def test_hosted_rerank_url_is_per_model_and_never_on_integrate() -> None:
    hosted = endpoint("rerank", hosted=True, base_url="http://127.0.0.1:5000/v1")
    assert rerank_url(hosted) == (
        "http://127.0.0.1:5000/v1/retrieval/nvidia/llama-3_2-nv-rerankqa-1b-v2/reranking"
    )
    integrate = endpoint("rerank", hosted=True, base_url="https://integrate.api.nvidia.com/v1")
    assert rerank_url(integrate).startswith("https://ai.api.nvidia.com/v1/retrieval/nvidia/")


def test_a_ranking_pointing_outside_the_request_is_a_server_error() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json={"rankings": [{"index": 7, "logit": 1}]}))
    with pytest.raises(NimServerError):
        RerankClient(endpoint("rerank"), options(rec), truncate="END").rank("q", ["a"])
    assert json.loads(rec.requests[0].content)["truncate"] == "END"


# -- chat ---------------------------------------------------------------------------------------


def sse(*lines: str) -> Handler:
    payload = "".join(line + "\n" for line in lines).encode()
    return lambda r: httpx.Response(
        200, content=payload, headers={"Content-Type": "text/event-stream"}
    )


def chunk(content: str | None = None, finish: str | None = None, **extra: Any) -> str:
    delta = {} if content is None else {"content": content}
    body = {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
    return "data: " + json.dumps(body)


def test_chat_params_send_only_what_is_set_and_always_max_tokens() -> None:
    assert ChatParams().to_payload() == {"max_tokens": 1024}
    params = ChatParams.from_settings(Settings({"chat.stop": ["END"], "chat.seed": 7}))
    assert params.to_payload() == {
        "max_tokens": 1024,
        "temperature": 0.2,
        "top_p": 0.7,
        "seed": 7,
        "stop": ["END"],
    }


def test_complete_parses_text_finish_reason_and_usage() -> None:
    answer = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "meta/llama-3.3-70b-instruct",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hi."},
                "finish_reason": "length",
            }
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
    }
    rec = Recorder(lambda r: httpx.Response(200, json=answer))
    result = ChatClient(endpoint("chat"), options(rec)).complete(USER)
    assert (result.text, result.finish_reason) == ("Hi.", "length")
    assert result.usage == ChatUsage(5, 2, 7)
    body = rec.bodies()[0]
    assert body["messages"] == USER and body["max_tokens"] == 1024
    assert "stream" not in body


def test_stream_parses_sse_line_by_line() -> None:
    rec = Recorder(
        sse(
            ": keep-alive",
            "",
            'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}',
            "",
            chunk("Hel"),
            "",
            "id: 3",
            chunk("lo"),
            "",
            chunk(finish="stop"),
            "",
            'data: {"choices":[],"usage":'
            '{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}',
            "",
            "data: [DONE]",
            "",
        )
    )
    client = ChatClient(endpoint("chat"), options(rec))
    deltas = list(client.stream([{"role": "user", "content": "hi"}]))
    assert deltas == [
        ChatDelta("Hel"),
        ChatDelta("lo"),
        ChatDelta("", "stop"),
        ChatDelta("", None, ChatUsage(3, 2, 5)),
    ]
    body = rec.bodies()[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert rec.requests[0].headers["accept"] == "text/event-stream"


def test_cumulative_usage_on_every_chunk_is_passed_on_not_summed() -> None:
    usage = {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}
    usage2 = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    rec = Recorder(sse(chunk("a", usage=usage), chunk("b", "stop", usage=usage2), "data: [DONE]"))
    deltas = list(ChatClient(endpoint("chat"), options(rec)).stream(USER))
    assert [d.usage for d in deltas] == [ChatUsage(3, 1, 4), ChatUsage(3, 2, 5)]


@pytest.mark.parametrize(
    "error_line",
    [
        'data: {"error":{"object":"error","message":"boom","type":"BadRequestError"}}',
        'data: {"error":{"message":"boom","type":"BadRequestError"}}',  # newer vLLM: no object
        'data: {"error":"boom"}',
    ],
)
def test_an_error_event_mid_stream_raises_after_the_text_already_given(error_line: str) -> None:
    rec = Recorder(sse(chunk("par"), "", chunk("tial"), "", error_line, ""))
    got: list[str] = []
    with pytest.raises(NimStreamError) as info:
        for delta in ChatClient(endpoint("chat"), options(rec)).stream(USER):
            got.append(delta.text)
    assert got == ["par", "tial"]
    assert "boom" in str(info.value)


def test_an_event_named_error_is_a_failure() -> None:
    rec = Recorder(sse(chunk("a"), "event: error", 'data: {"message":"overloaded"}', ""))
    with pytest.raises(NimStreamError, match="overloaded"):
        list(ChatClient(endpoint("chat"), options(rec)).stream(USER))


def test_a_stream_that_stops_without_done_or_finish_is_incomplete() -> None:
    rec = Recorder(sse(chunk("a"), ""))
    with pytest.raises(NimStreamError, match="before it was complete"):
        list(ChatClient(endpoint("chat"), options(rec)).stream(USER))


def test_an_unreadable_chunk_is_a_stream_error() -> None:
    rec = Recorder(sse("data: {not json", ""))
    with pytest.raises(NimStreamError):
        list(ChatClient(endpoint("chat"), options(rec)).stream(USER))


def test_stream_errors_before_the_first_byte_are_retried() -> None:
    stream_ok = sse(chunk("ok", "stop"), "data: [DONE]")
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503, json={}) if len(calls) == 1 else stream_ok(request)

    rec = Recorder(handler)
    sleeps: list[float] = []
    deltas = list(ChatClient(endpoint("chat"), options(rec, sleeps)).stream(USER))
    assert [d.text for d in deltas] == ["ok"] and len(sleeps) == 1


def test_a_stream_cancelled_while_waiting_to_retry_just_ends() -> None:
    cancel = threading.Event()
    rec = Recorder(lambda r: httpx.Response(503, json={}))
    opts = ClientOptions(transport=httpx.MockTransport(rec), sleep=lambda s: cancel.set())
    assert list(ChatClient(endpoint("chat"), opts).stream(USER, cancel=cancel)) == []
    assert len(rec.requests) == 1


def test_the_public_surface_is_importable() -> None:
    import desktop_app.core.nim as nim

    assert sorted(nim.__all__) == sorted(set(nim.__all__))
    for name in nim.__all__:
        assert getattr(nim, name) is not None


def test_served_ids_resolve_across_spellings_and_aliases() -> None:
    from desktop_app.core.nim.models import resolve_served_id

    served = ["nvidia/llama-3-2-nv-rerankqa-1b-v2", "nvidia/llama-3.2-nemoretriever-300m-embed-v2"]
    assert resolve_served_id("nvidia/llama-3.2-nv-rerankqa-1b-v2", served) == served[0]
    assert resolve_served_id("nvidia/llama-nemotron-rerank-1b-v2", served) == served[0]
    assert resolve_served_id("nvidia/llama-nemotron-embed-300m-v2", served) == served[1]
    assert resolve_served_id("acme/other", served) is None
