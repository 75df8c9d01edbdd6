"""The NIM client over real HTTP against the NIM simulator (tests/nimsim) on 127.0.0.1.

Retry waits go through an injected sleep that records the wait instead of sleeping, so every
retry scenario runs in milliseconds while the client sees the server's real answers.
"""

from __future__ import annotations

import math
import socket
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from typing import Any

import pytest

from desktop_app import __version__
from desktop_app.core.errors import (
    NimAuthError,
    NimBadRequestError,
    NimError,
    NimForbiddenError,
    NimInputTooLongError,
    NimModelNotFoundError,
    NimNotReadyError,
    NimRateLimitedError,
    NimServerError,
    NimStreamError,
    NimTimeoutError,
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
)
from desktop_app.core.secrets import ApiKey
from desktop_app.core.settings import Settings
from tests.nimsim import NimSimulator

EMBED = "nvidia/llama-nemotron-embed-1b-v2"
RERANK = "nvidia/llama-nemotron-rerank-1b-v2"
CHAT = "meta/llama-3.3-70b-instruct"
GOOD_KEY = "nvapi-GOODgoodGOODgood0123456789"
BLOCKED_KEY = "nvapi-BLOCKEDblocked0123456789"
USER = [{"role": "user", "content": "Tell me about the files."}]


class Waits:
    """An injected sleep: records each wait, runs an optional side effect, never blocks."""

    def __init__(self, effect: Callable[[float], None] | None = None) -> None:
        self.waits: list[float] = []
        self.effect = effect

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.effect is not None:
            self.effect(seconds)


def options(waits: Waits | None = None, **kw: Any) -> ClientOptions:
    values: dict[str, Any] = {
        "connect_timeout": 2.0,
        "read_timeout": 5.0,
        "sleep": waits if waits is not None else Waits(),
        "random": lambda: 1.0,
        "backoff_base": 0.25,
    }
    values.update(kw)
    return ClientOptions(**values)


def endpoint(
    sim: NimSimulator, service: str, model: str, *, key: str | None = None, hosted: bool = False
) -> Endpoint:
    api_key = ApiKey(key, "env:NVIDIA_API_KEY") if key else None
    return Endpoint(service, sim.base_url, model, hosted=hosted, api_key=api_key)  # type: ignore[arg-type]


def no_key_in(error: BaseException, *keys: str) -> None:
    text = error.user_text() if isinstance(error, NimError) else str(error)
    for key in keys:
        assert key not in text


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator("local") as simulator:
        yield simulator
        assert simulator.errors == []


@pytest.fixture
def hosted() -> Iterator[NimSimulator]:
    with NimSimulator("hosted", valid_keys={GOOD_KEY}, blocked_keys={BLOCKED_KEY}) as simulator:
        yield simulator
        assert simulator.errors == []


# -- embeddings ---------------------------------------------------------------------------------


def test_embed_passages_sends_the_documented_request_and_keeps_order(sim: NimSimulator) -> None:
    texts = ["alpha beta", "gamma delta", "epsilon", "zeta eta theta"]
    with EmbeddingClient(endpoint(sim, "embedding", EMBED), options()) as client:
        result = client.embed_passages(texts)
        singles = [client.embed_passages([t]).vectors[0] for t in texts]
    assert result.vectors == singles  # each vector is in its text's place
    assert result.model == EMBED and result.dimensions == 2048 and result.truncated == []
    assert result.prompt_tokens > 0
    assert all(abs(math.sqrt(sum(x * x for x in v)) - 1.0) < 1e-4 for v in result.vectors)
    first = sim.requests[0]
    assert first["path"] == "/v1/embeddings"
    assert first["json"] == {
        "model": EMBED,
        "input": texts,
        "input_type": "passage",
        "encoding_format": "float",
        "truncate": "NONE",
    }
    assert first["headers"]["user-agent"] == f"trove/{__version__}"
    assert first["headers"]["accept"] == "application/json"
    assert "authorization" not in first["headers"]


def test_queries_and_passages_are_embedded_differently(sim: NimSimulator) -> None:
    with EmbeddingClient(endpoint(sim, "embedding", EMBED), options()) as client:
        query = client.embed_query("solar panels on the roof")
        passage = client.embed_passages(["solar panels on the roof"]).vectors[0]
    assert query != passage and cosine(query, passage) > 0.8
    assert sim.requests[0]["json"]["input_type"] == "query"


def test_matryoshka_dimensions_are_sent_and_learned(sim: NimSimulator) -> None:
    ep = endpoint(sim, "embedding", EMBED)
    with EmbeddingClient(ep, options(), dimensions=384) as client:
        assert client.embed_passages(["a b c"]).dimensions == 384
    with EmbeddingClient(ep, options(), dimensions=4096) as client:  # clamped by the NIM
        assert client.embed_passages(["a b c"]).dimensions == 2048
    assert [r["json"]["dimensions"] for r in sim.requests] == [384, 4096]


def test_dimensions_on_a_fixed_size_model_is_a_bad_request_not_retried(sim: NimSimulator) -> None:
    sim.config.embed_model = "nvidia/nv-embedqa-e5-v5"
    waits = Waits()
    ep = endpoint(sim, "embedding", "nvidia/nv-embedqa-e5-v5")
    with (
        EmbeddingClient(ep, options(waits), dimensions=512) as client,
        pytest.raises(NimBadRequestError) as info,
    ):
        client.embed_passages(["text"])
    assert "extra_forbidden" in str(info.value)
    assert sim.counters["embeddings"] == 1 and waits.waits == []


def test_batches_run_concurrently_and_come_back_in_order(sim: NimSimulator) -> None:
    texts = [f"document number {i} about topic {i % 7}" for i in range(50)]
    with EmbeddingClient(endpoint(sim, "embedding", EMBED), options()) as client:
        whole = client.embed_passages(texts).vectors  # one request of 50
        sim.reset()
        sim.config.latency_s = 0.15
        batched = EmbeddingClient(
            endpoint(sim, "embedding", EMBED), options(), batch_size=8, max_in_flight=4
        )
        started = time.perf_counter()
        result = batched.embed_passages(texts)
        elapsed = time.perf_counter() - started
        batched.close()
    assert result.vectors == whole
    assert sim.counters["embeddings"] == 7  # ceil(50 / 8)
    assert sorted(len(r["json"]["input"]) for r in sim.requests) == [2, 8, 8, 8, 8, 8, 8]
    # One at a time would take at least 7 * 0.15 s; four in flight need two rounds.
    assert elapsed < 0.9, f"batches did not overlap ({elapsed:.2f} s)"


def test_a_nim_batch_cap_below_batch_size_is_obeyed(sim: NimSimulator) -> None:
    sim.config.max_batch = 5
    texts = [f"text {i}" for i in range(12)]
    with EmbeddingClient(endpoint(sim, "embedding", EMBED), options(), batch_size=12) as client:
        result = client.embed_passages(texts)
        assert client.batch_size == 5
    assert len(result.vectors) == 12
    assert [len(r["json"]["input"]) for r in sim.requests] == [12, 5, 5, 2]


def test_too_long_inputs_are_found_and_only_they_are_truncated(sim: NimSimulator) -> None:
    sim.config.embed_max_tokens = 20
    long_a = "overflow " * 40
    long_b = "spillover " * 40
    texts = ["short one", long_a, "short two", "short three", "short four", long_b, "end"]
    ep = endpoint(sim, "embedding", EMBED)
    with EmbeddingClient(ep, options(), batch_size=8) as client:
        result = client.embed_passages(texts)
    with EmbeddingClient(ep, options(), truncate="END") as cutter:
        expected_a = cutter.embed_passages([long_a]).vectors[0]
    assert result.truncated == [1, 5]
    assert result.vectors[1] == expected_a
    cut = [r["json"]["input"] for r in sim.requests if r["json"]["truncate"] == "END"]
    assert cut[:2] == [[long_a], [long_b]]  # nothing else was sent with truncation
    untruncated_ok = {
        t for r in sim.requests if r["json"]["truncate"] == "NONE" for t in r["json"]["input"]
    }
    assert {"short one", "short two", "short three", "short four", "end"} <= untruncated_ok


def test_an_unknown_local_model_names_model_and_url(sim: NimSimulator) -> None:
    waits = Waits()
    ep = endpoint(sim, "embedding", "nvidia/no-such-model")
    with (
        EmbeddingClient(ep, options(waits)) as client,
        pytest.raises(NimModelNotFoundError) as info,
    ):
        client.embed_passages(["x"])
    assert "nvidia/no-such-model" in str(info.value) and sim.base_url in str(info.value)
    assert "trove doctor" in info.value.hint
    assert sim.counters["embeddings"] == 1 and waits.waits == []


# -- retries and transport failures -------------------------------------------------------------


def test_429_is_retried_honouring_retry_after_then_succeeds(sim: NimSimulator) -> None:
    sim.fail_next(429, times=2, retry_after=3)
    waits = Waits()
    notices: list[RetryNotice] = []
    ep = endpoint(sim, "embedding", EMBED)
    with EmbeddingClient(ep, options(waits), on_retry=notices.append) as client:
        assert len(client.embed_passages(["a", "b"]).vectors) == 2
    assert waits.waits == [3.0, 3.0]
    assert sim.counters["embeddings"] == 3
    assert notices[0].describe() == "The embedding NIM is rate-limited, retrying in 3 s (1/5)."


def test_without_retry_after_the_client_backs_off_exponentially(sim: NimSimulator) -> None:
    sim.fail_next(429, times=3, retry_after="")  # "" = no Retry-After header at all
    waits = Waits()
    with EmbeddingClient(endpoint(sim, "embedding", EMBED), options(waits)) as client:
        client.embed_query("x")
    assert waits.waits == [0.25, 0.5, 1.0]  # base 0.25 doubling; jitter pinned to its maximum


def test_retry_after_as_an_http_date_is_honoured(sim: NimSimulator) -> None:
    sim.fail_next(503, retry_after=formatdate(time.time() + 30, usegmt=True))
    waits = Waits()
    with EmbeddingClient(endpoint(sim, "embedding", EMBED), options(waits)) as client:
        client.embed_query("x")
    assert len(waits.waits) == 1 and 25 <= waits.waits[0] <= 30


def test_the_hosted_rate_limiter_runs_out_the_retries(hosted: NimSimulator) -> None:
    hosted.config.rate_limit_per_min = 2  # two requests pass, then 429 with Retry-After ~30 s
    waits = Waits()
    ep = endpoint(hosted, "embedding", EMBED, key=GOOD_KEY, hosted=True)
    with EmbeddingClient(ep, options(waits, max_retries=3)) as client:
        client.embed_query("one")
        client.embed_query("two")
        with pytest.raises(NimRateLimitedError) as info:
            client.embed_query("three")
    assert str(info.value).endswith("Gave up after 3 retries.")
    assert len(waits.waits) == 3 and all(25 <= w <= 31 for w in waits.waits)
    assert info.value.retry_after is not None
    assert hosted.counters["embeddings"] == 2 + 4


def test_a_cold_start_503_is_retried_until_the_model_is_loaded(sim: NimSimulator) -> None:
    sim.cold_start(60)
    waits = Waits(effect=lambda _: sim.cold_start(0))  # "time passes" while the client waits
    notices: list[RetryNotice] = []
    ep = endpoint(sim, "embedding", EMBED)
    with EmbeddingClient(ep, options(waits), on_retry=notices.append) as client:
        assert client.embed_query("hello")
    assert waits.waits == [60.0]  # the NIM's Retry-After, within the 120 s bound
    assert "still loading" in notices[0].describe()


def test_503_retries_exhausted_raise_not_ready(sim: NimSimulator) -> None:
    sim.fail_next(503, times=10)
    waits = Waits()
    with (
        EmbeddingClient(endpoint(sim, "embedding", EMBED), options(waits, max_retries=2)) as c,
        pytest.raises(NimNotReadyError) as info,
    ):
        c.embed_query("hello")
    assert "Gave up after 2 retries" in str(info.value)
    assert sim.counters["embeddings"] == 3 and sim.pending_faults == 7


def test_5xx_retries_exhausted_raise_a_server_error(sim: NimSimulator) -> None:
    sim.fail_next(500, times=5)
    with (
        EmbeddingClient(endpoint(sim, "embedding", EMBED), options(max_retries=1)) as client,
        pytest.raises(NimServerError, match=r"HTTP 500"),
    ):
        client.embed_query("x")
    assert sim.counters["embeddings"] == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_deterministic_client_errors_are_never_retried(sim: NimSimulator, status: int) -> None:
    sim.fail_next(status, times=3)
    waits = Waits()
    with (
        EmbeddingClient(endpoint(sim, "embedding", EMBED), options(waits)) as client,
        pytest.raises(NimError) as info,
    ):
        client.embed_query("x")
    assert not info.value.retryable
    assert sim.counters["embeddings"] == 1 and waits.waits == [] and sim.pending_faults == 2


def test_a_dropped_connection_is_retried(sim: NimSimulator) -> None:
    sim.drop_next(2)
    waits = Waits()
    with EmbeddingClient(endpoint(sim, "embedding", EMBED), options(waits)) as client:
        assert len(client.embed_passages(["a"]).vectors) == 1
    assert sim.counters["embeddings"] == 3 and len(waits.waits) == 2


def test_dropped_connections_exhausted_say_the_connection_closed(sim: NimSimulator) -> None:
    sim.drop_next(5)
    with (
        EmbeddingClient(endpoint(sim, "embedding", EMBED), options(max_retries=1)) as client,
        pytest.raises(NimUnreachableError, match="closed before it answered"),
    ):
        client.embed_query("x")


def test_a_server_that_is_down_is_unreachable() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ep = Endpoint("embedding", f"http://127.0.0.1:{port}/v1", EMBED)
    waits = Waits()
    with (
        EmbeddingClient(ep, options(waits, max_retries=2)) as client,
        pytest.raises(NimUnreachableError) as info,
    ):
        client.embed_query("x")
    assert f"http://127.0.0.1:{port}/v1/embeddings" in str(info.value)
    assert "cannot be reached" in str(info.value) and "trove doctor" in info.value.hint
    assert len(waits.waits) == 2


def test_a_slow_nim_times_out_and_idempotent_calls_retry_once(sim: NimSimulator) -> None:
    sim.config.latency_s = 2.0
    waits = Waits()
    ep = endpoint(sim, "embedding", EMBED)
    with (
        EmbeddingClient(ep, options(waits, read_timeout=0.2, max_retries=1)) as client,
        pytest.raises(NimTimeoutError) as info,
    ):
        client.embed_query("x")
    assert "did not answer within 0.2 s" in str(info.value)
    assert len(waits.waits) == 1


def test_a_chat_timeout_is_not_retried(sim: NimSimulator) -> None:
    sim.config.latency_s = 2.0
    waits = Waits()
    with (
        ChatClient(endpoint(sim, "chat", CHAT), options(waits, read_timeout=0.2)) as client,
        pytest.raises(NimTimeoutError),
    ):
        client.complete(USER)
    assert waits.waits == []


# -- hosted profile: auth, access, routing ------------------------------------------------------


def test_hosted_without_a_key_says_none_is_set(hosted: NimSimulator) -> None:
    ep = endpoint(hosted, "embedding", EMBED, hosted=True)
    with EmbeddingClient(ep, options()) as client, pytest.raises(NimAuthError) as info:
        client.embed_query("x")
    assert "requires an API key, and none is set" in str(info.value)
    assert hosted.counters["embeddings"] == 1


def test_hosted_malformed_key_is_rejected_via_www_authenticate(hosted: NimSimulator) -> None:
    bad = "not-an-nvapi-key-secret"
    ep = endpoint(hosted, "embedding", EMBED, key=bad, hosted=True)
    with EmbeddingClient(ep, options()) as client, pytest.raises(NimAuthError) as info:
        client.embed_query("x")
    assert str(info.value).startswith("The embedding NIM rejected the API key.")
    assert "malformed" in str(info.value) and "regenerate" in info.value.hint
    no_key_in(info.value, bad)
    assert hosted.counters["embeddings"] == 1


def test_hosted_wrong_key_is_rejected_via_problem_json(hosted: NimSimulator) -> None:
    wrong = "nvapi-WRONGwrongWRONG0123456789"
    ep = endpoint(hosted, "chat", CHAT, key=wrong, hosted=True)
    with ChatClient(ep, options()) as client, pytest.raises(NimAuthError) as info:
        client.complete(USER)
    assert str(info.value).startswith("The chat NIM rejected the API key.")
    assert "not valid" in str(info.value)
    no_key_in(info.value, wrong)
    assert hosted.counters["chat"] == 1


def test_hosted_blocked_key_is_a_key_error_not_a_model_one(hosted: NimSimulator) -> None:
    ep = endpoint(hosted, "embedding", EMBED, key=BLOCKED_KEY, hosted=True)
    with EmbeddingClient(ep, options()) as client, pytest.raises(NimAuthError) as info:
        client.embed_query("x")
    assert "refused the API key" in str(info.value) and "Authorization failed" in str(info.value)
    no_key_in(info.value, BLOCKED_KEY)


def test_hosted_404_for_account_is_forbidden(hosted: NimSimulator) -> None:
    hosted.fail_next(
        404,
        body={
            "status": 404,
            "title": "Not Found",
            "detail": "Function 'f': Not found for account 'a'",
        },
    )
    ep = endpoint(hosted, "embedding", EMBED, key=GOOD_KEY, hosted=True)
    with EmbeddingClient(ep, options()) as client, pytest.raises(NimForbiddenError):
        client.embed_query("x")


def test_hosted_unknown_model_is_a_plain_404(hosted: NimSimulator) -> None:
    ep = endpoint(hosted, "embedding", "nvidia/typo-embed", key=GOOD_KEY, hosted=True)
    with EmbeddingClient(ep, options()) as client, pytest.raises(NimModelNotFoundError) as info:
        client.embed_query("x")
    assert "nvidia/typo-embed" in str(info.value) and "404 page not found" in str(info.value)


def test_hosted_key_is_sent_as_bearer_and_embedding_works(hosted: NimSimulator) -> None:
    ep = endpoint(hosted, "embedding", EMBED, key=GOOD_KEY, hosted=True)
    with EmbeddingClient(ep, options()) as client:
        assert len(client.embed_query("x")) == 2048
    assert hosted.requests[0]["headers"]["authorization"] == f"Bearer {GOOD_KEY}"


def test_a_server_echoing_the_key_never_puts_it_in_the_message(sim: NimSimulator) -> None:
    local_key = "local-secret-9f8e7d"
    sim.fail_next(400, body={"error": f"token {local_key} unknown"})
    ep = endpoint(sim, "embedding", EMBED, key=local_key)
    with EmbeddingClient(ep, options()) as client, pytest.raises(NimBadRequestError) as info:
        client.embed_query("x")
    no_key_in(info.value, local_key)
    assert "[redacted]" in str(info.value)


# -- ranking ------------------------------------------------------------------------------------


PASSAGES = [
    "The cat sat on the mat.",
    "Quarterly revenue grew in the solar business.",
    "Solar panels and solar revenue forecasts for the quarter.",
    "Nothing relevant here at all.",
    "Revenue.",
]


def test_local_ranking_is_best_first_with_the_callers_indices(sim: NimSimulator) -> None:
    with RerankClient(endpoint(sim, "rerank", RERANK), options()) as client:
        ranked = client.rank("solar revenue quarter", PASSAGES)
        top = client.rank("solar revenue quarter", PASSAGES, top_n=2)
    assert sorted(r.index for r in ranked) == list(range(5))
    assert [r.index for r in ranked[:2]] == [2, 1]
    assert ranked[0].logit >= ranked[1].logit >= ranked[-1].logit
    assert top == ranked[:2]
    request = sim.requests[0]
    assert request["path"] == "/v1/ranking"
    assert request["json"]["query"] == {"text": "solar revenue quarter"}
    assert "truncate" not in request["json"]


def test_ranking_split_over_several_requests_matches_one_request(sim: NimSimulator) -> None:
    ep = endpoint(sim, "rerank", RERANK)
    with RerankClient(ep, options()) as whole, RerankClient(ep, options(), max_passages=2) as split:
        expected = whole.rank("solar revenue", PASSAGES)
        sim.reset()
        assert split.rank("solar revenue", PASSAGES) == expected
    assert sim.counters["ranking"] == 3


def test_more_passages_than_the_local_limit_are_split(sim: NimSimulator) -> None:
    passages = [f"passage {i} solar" if i == 600 else f"passage {i}" for i in range(700)]
    with RerankClient(endpoint(sim, "rerank", RERANK), options()) as client:
        ranked = client.rank("solar", passages, top_n=1)
    assert ranked[0].index == 600
    assert [len(r["json"]["passages"]) for r in sim.requests] == [512, 188]


@pytest.mark.parametrize(
    ("model", "path"),
    [
        (RERANK, "/v1/retrieval/nvidia/llama-nemotron-rerank-1b-v2/reranking"),
        (
            "nvidia/llama-3.2-nv-rerankqa-1b-v2",
            "/v1/retrieval/nvidia/llama-3_2-nv-rerankqa-1b-v2/reranking",
        ),
    ],
)
def test_hosted_ranking_uses_the_per_model_url(hosted: NimSimulator, model: str, path: str) -> None:
    hosted.config.rerank_model = model
    ep = endpoint(hosted, "rerank", model, key=GOOD_KEY, hosted=True)
    with RerankClient(ep, options()) as client:
        assert client.rank("solar revenue", PASSAGES)[0].index == 2
    assert hosted.requests[0]["path"] == path


def test_the_hosted_profile_from_settings_reaches_the_simulator(hosted: NimSimulator) -> None:
    settings = Settings(
        {
            "profile": "hosted",
            "embedding.base_url": hosted.base_url,
            "rerank.base_url": hosted.base_url,
            "chat.base_url": hosted.base_url,
        }
    )
    eps = endpoints_from_settings(settings, ApiKey(GOOD_KEY, "env:NVIDIA_API_KEY"))
    opts = ClientOptions.from_settings(settings, sleep=Waits())
    with RerankClient.from_settings(settings, eps["rerank"], opts) as client:
        assert client.rank("solar", PASSAGES)[0].index == 2
    assert hosted.requests[0]["json"]["truncate"] == "END"  # the rerank.truncate default


def test_a_too_long_pair_fails_with_none_and_passes_with_end(sim: NimSimulator) -> None:
    sim.config.rerank_max_tokens = 30
    passages = ["short", "very long passage " * 30]
    ep = endpoint(sim, "rerank", RERANK)
    with (
        RerankClient(ep, options(), truncate="NONE") as strict,
        pytest.raises(NimInputTooLongError),
    ):
        strict.rank("query", passages)
    with RerankClient(ep, options(), truncate="END") as lenient:
        assert len(lenient.rank("query", passages)) == 2


# -- chat ---------------------------------------------------------------------------------------


def test_complete_returns_text_finish_reason_and_usage(sim: NimSimulator) -> None:
    sim.config.chat_reply = "Here is the answer."
    params = ChatParams(max_tokens=64, temperature=0.2, top_p=0.7, seed=1, stop=("STOP",))
    with ChatClient(endpoint(sim, "chat", CHAT), options()) as client:
        result = client.complete(USER, params)
    assert result.text == "Here is the answer."
    assert result.finish_reason == "stop" and result.model == CHAT
    assert result.usage is not None and result.usage.completion_tokens == 4
    body = sim.requests[0]["json"]
    assert body["max_tokens"] == 64 and body["stop"] == ["STOP"] and "stream" not in body


def test_a_reply_cut_by_max_tokens_finishes_with_length(sim: NimSimulator) -> None:
    sim.config.chat_reply = "one two three four five six seven"
    with ChatClient(endpoint(sim, "chat", CHAT), options()) as client:
        result = client.complete(USER, ChatParams(max_tokens=3))
        deltas = list(client.stream(USER, ChatParams(max_tokens=3)))
    assert (result.text, result.finish_reason) == ("one two three", "length")
    assert "".join(d.text for d in deltas) == "one two three"
    assert [d.finish_reason for d in deltas if d.finish_reason] == ["length"]


def test_stream_yields_token_by_token_and_ends_with_usage(sim: NimSimulator) -> None:
    sim.config.chat_reply = "Streaming works token by token."
    with ChatClient(endpoint(sim, "chat", CHAT), options()) as client:
        deltas = list(client.stream(USER))
    texts = [d.text for d in deltas if d.text]
    assert texts == ["Streaming", " works", " token", " by", " token."]
    assert deltas[-1] == ChatDelta("", None, deltas[-1].usage)
    assert deltas[-1].usage is not None and deltas[-1].usage.completion_tokens == 5
    body = sim.requests[0]["json"]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert sim.requests[0]["headers"]["accept"] == "text/event-stream"


def test_cumulative_usage_on_every_chunk_is_not_summed(sim: NimSimulator) -> None:
    sim.config.chat_reply = "a b c"
    sim.config.usage_every_chunk = True
    with ChatClient(endpoint(sim, "chat", CHAT), options()) as client:
        deltas = list(client.stream(USER))
    usages = [d.usage for d in deltas if d.usage is not None]
    assert [u.completion_tokens for u in usages if u][-1] == 3
    last = usages[-1]
    assert isinstance(last, ChatUsage) and last.total_tokens == last.prompt_tokens + 3


@pytest.mark.parametrize("fmt", ["old", "new"])
def test_an_error_mid_stream_raises_after_the_partial_text(sim: NimSimulator, fmt: str) -> None:
    sim.config.chat_reply = "first second third fourth"
    sim.config.stream_error_after = 2
    sim.config.vllm_error_format = fmt  # type: ignore[assignment]
    got: list[str] = []
    with (
        ChatClient(endpoint(sim, "chat", CHAT), options()) as client,
        pytest.raises(NimStreamError) as info,
    ):
        for delta in client.stream(USER):
            got.append(delta.text)
    assert got == ["first", " second"]
    assert "Simulated failure" in str(info.value)


def test_cancel_closes_a_stream_blocked_on_a_slow_model_promptly(sim: NimSimulator) -> None:
    sim.config.chat_reply = "slow " * 20
    sim.config.stream_token_latency_s = 10.0  # the first token would take 10 s
    cancel = threading.Event()
    timer = threading.Timer(0.2, cancel.set)
    with ChatClient(endpoint(sim, "chat", CHAT), options()) as client:
        started = time.perf_counter()
        timer.start()
        deltas = list(client.stream(USER, cancel=cancel))
        elapsed = time.perf_counter() - started
    timer.join()
    assert deltas == []
    assert elapsed < 2.0, f"cancel took {elapsed:.2f} s"


def test_cancel_between_tokens_stops_the_stream(sim: NimSimulator) -> None:
    sim.config.chat_reply = "one two three four five six"
    sim.config.stream_token_latency_s = 0.05
    cancel = threading.Event()
    got: list[str] = []
    with ChatClient(endpoint(sim, "chat", CHAT), options()) as client:
        for delta in client.stream(USER, cancel=cancel):
            got.append(delta.text)
            if len(got) == 2:
                cancel.set()
    assert got == ["one", " two"]


def test_a_stream_is_retried_before_its_first_byte(sim: NimSimulator) -> None:
    sim.fail_next(503)
    sim.config.chat_reply = "ok"
    waits = Waits()
    with ChatClient(endpoint(sim, "chat", CHAT), options(waits)) as client:
        assert "".join(d.text for d in client.stream(USER)) == "ok"
    assert len(waits.waits) == 1 and sim.counters["chat"] == 2


def test_a_chat_over_the_context_length_is_too_long(sim: NimSimulator) -> None:
    sim.config.max_model_len = 64
    long = [{"role": "user", "content": "words " * 200}]
    with (
        ChatClient(endpoint(sim, "chat", CHAT), options()) as client,
        pytest.raises(NimInputTooLongError, match="maximum context length"),
    ):
        client.complete(long)
        with pytest.raises(NimInputTooLongError):
            list(client.stream(long))


@pytest.mark.parametrize("fmt", ["old", "new"])
def test_an_unknown_chat_model_is_not_found(sim: NimSimulator, fmt: str) -> None:
    sim.config.vllm_error_format = fmt  # type: ignore[assignment]
    with (
        ChatClient(endpoint(sim, "chat", "meta/llama-9"), options()) as client,
        pytest.raises(NimModelNotFoundError, match="does not exist"),
    ):
        client.complete(USER)


# -- models and health --------------------------------------------------------------------------


def test_models_lists_ids_and_the_chat_context_length(sim: NimSimulator) -> None:
    sim.config.max_model_len = 32768
    with ChatClient(endpoint(sim, "chat", CHAT), options()) as client:
        models = {m.id: m for m in client.models()}
    assert set(models) == {EMBED, RERANK, CHAT}
    assert models[CHAT].max_model_len == 32768 and models[EMBED].max_model_len is None
    assert sim.counters["models"] == 1


def test_ready_is_false_while_loading_and_live_stays_true(sim: NimSimulator) -> None:
    sim.cold_start(60)
    with ServiceClient(endpoint(sim, "embedding", EMBED), options()) as client:
        assert client.ready() is False
        assert client.live() is True
        sim.cold_start(0)
        assert client.ready() is True
    assert sim.counters["health"] == 3


def test_ready_on_a_hosted_endpoint_reads_the_model_list(hosted: NimSimulator) -> None:
    ep = endpoint(hosted, "embedding", EMBED, key=GOOD_KEY, hosted=True)
    with EmbeddingClient(ep, options()) as client:
        assert client.ready() is True
    assert hosted.counters["models"] == 1 and hosted.counters["health"] == 0


def test_ready_on_a_dead_server_raises_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ep = Endpoint("chat", f"http://127.0.0.1:{port}/v1", CHAT)
    with ServiceClient(ep, options()) as client, pytest.raises(NimUnreachableError):
        client.ready()
