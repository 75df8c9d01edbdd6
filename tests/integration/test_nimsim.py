"""The NIM simulator speaks the NIM HTTP API as shared/reference/nim-api.md describes it."""

from __future__ import annotations

import base64
import json
import math
import re
import signal
import ssl
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.nimsim import NimSimulator
from tests.nimsim.config import EmbedModelSpec
from tests.nimsim.gateway import MALFORMED_TOKEN_CHALLENGE

EMBED = "nvidia/llama-nemotron-embed-1b-v2"
E5 = "nvidia/nv-embedqa-e5-v5"
RERANK = "nvidia/llama-nemotron-rerank-1b-v2"
CHAT = "meta/llama-3.3-70b-instruct"
HOSTED_RERANK_PATH = "/retrieval/nvidia/llama-nemotron-rerank-1b-v2/reranking"
KEY = "nvapi-test-key"
ROOT = Path(__file__).resolve().parents[2]
# One TLS context for every client: building one per client costs ~40 ms (CA bundle load), and
# these clients only ever speak plain HTTP to 127.0.0.1.
TLS = ssl.create_default_context()


def http(base_url: str, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=base_url, verify=TLS, timeout=10, **kwargs)


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator("local") as simulator:
        yield simulator
        assert simulator.errors == []


@pytest.fixture
def hosted() -> Iterator[NimSimulator]:
    with NimSimulator("hosted") as simulator:
        yield simulator
        assert simulator.errors == []


@pytest.fixture
def client(sim: NimSimulator) -> Iterator[httpx.Client]:
    with http(sim.base_url) as c:
        yield c


@pytest.fixture
def hclient(hosted: NimSimulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {KEY}"}
    with http(hosted.base_url, headers=headers) as c:
        yield c


def embed(client: httpx.Client, texts: Any, **extra: Any) -> httpx.Response:
    body = {"model": EMBED, "input": texts, "input_type": "passage", **extra}
    return client.post("/embeddings", json=body)


def vectors(response: httpx.Response) -> list[list[float]]:
    assert response.status_code == 200, response.text
    return [item["embedding"] for item in response.json()["data"]]


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(
        sum(x * x for x in a) * sum(y * y for y in b)
    )


def chat(client: httpx.Client, content: str = "hello", **extra: Any) -> httpx.Response:
    body = {"model": CHAT, "messages": [{"role": "user", "content": content}], **extra}
    return client.post("/chat/completions", json=body)


def sse_data(response: httpx.Response) -> list[str]:
    """Split an SSE body into event payloads, checking the `data: ...` + blank line framing."""
    assert response.headers["content-type"].startswith("text/event-stream")
    text = response.text
    assert text.endswith("\n\n")
    blocks = text[:-2].split("\n\n")
    assert all(b.startswith("data: ") and "\n" not in b for b in blocks), blocks
    return [b[len("data: ") :] for b in blocks]


def stream_chat(client: httpx.Client, **extra: Any) -> list[str]:
    body = {
        "model": CHAT,
        "messages": [{"role": "user", "content": "one two three"}],
        "stream": True,
        **extra,
    }
    with client.stream("POST", "/chat/completions", json=body) as response:
        assert response.status_code == 200
        response.read()
        return sse_data(response)


# -- discovery and health ---------------------------------------------------------------------


def test_models_local_lists_the_three_models_with_vllm_fields(
    sim: NimSimulator, client: httpx.Client
) -> None:
    body = client.get("/models").json()
    assert body["object"] == "list"
    assert [m["id"] for m in body["data"]] == [EMBED, RERANK, CHAT]
    chat_entry = body["data"][2]
    assert chat_entry["max_model_len"] == 8192
    assert chat_entry["root"] == CHAT
    assert sim.counters["models"] == 1


def test_models_hosted_has_only_the_four_catalog_fields(hosted: NimSimulator) -> None:
    with http(hosted.base_url) as c:  # no key: the hosted listing needs none
        body = c.get("/models").json()
    assert [m["id"] for m in body["data"]] == [EMBED, RERANK, CHAT]
    assert all(set(m) == {"id", "object", "created", "owned_by"} for m in body["data"])


def test_cold_start_makes_ready_and_inference_503_until_loaded() -> None:
    with NimSimulator(cold_start_s=30) as cold, http(cold.base_url) as c:
        assert c.get("/health/live").status_code == 200
        ready = c.get("/health/ready")
        assert ready.status_code == 503
        response = embed(c, ["text"])
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) >= 29
        assert response.json()["object"] == "error"
        cold.config.cold_start_s = 0  # loading finished
        assert c.get("/health/ready").status_code == 200
        assert embed(c, ["text"]).status_code == 200
        assert cold.counters["health"] == 3


def test_cold_start_window_ends_by_itself(sim: NimSimulator, client: httpx.Client) -> None:
    sim.cold_start(0.3)
    assert client.get("/health/ready").status_code == 503
    deadline = time.monotonic() + 5
    while client.get("/health/ready").status_code != 200:
        assert time.monotonic() < deadline, "never became ready"
        time.sleep(0.02)  # poll interval
    assert client.get("/health/ready").json()["ready"] is True


def test_cold_start_chat_error_is_vllm_shaped(sim: NimSimulator, client: httpx.Client) -> None:
    sim.cold_start(30)
    response = chat(client)
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "ServiceUnavailableError"
    assert "Retry-After" in response.headers


# -- embeddings -------------------------------------------------------------------------------


def test_embeddings_response_is_openai_shaped(client: httpx.Client) -> None:
    response = embed(client, ["alpha", "beta gamma"])
    body = response.json()
    assert response.headers["content-type"] == "application/json"
    assert body["object"] == "list"
    assert body["model"] == EMBED
    assert [(d["object"], d["index"]) for d in body["data"]] == [("embedding", 0), ("embedding", 1)]
    assert all(len(d["embedding"]) == 2048 for d in body["data"])
    # tokens: "alpha" = alph+a, "beta gamma" = beta+gamm+a
    assert body["usage"] == {"prompt_tokens": 5, "total_tokens": 5}
    assert all(abs(math.hypot(*d["embedding"]) - 1) < 1e-5 for d in body["data"])


def test_embeddings_accept_a_single_string(client: httpx.Client) -> None:
    assert vectors(embed(client, "just one")) == vectors(embed(client, ["just one"]))


def test_embeddings_are_deterministic_across_processes(client: httpx.Client) -> None:
    first = vectors(embed(client, ["hello world"], dimensions=4, input_type="query"))[0]
    assert vectors(embed(client, ["hello world"], dimensions=4, input_type="query"))[0] == first
    # A fresh interpreter salts str hashes differently: a hash()-based vector would differ.
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tests.nimsim.embeddings import embed_text;"
            "print(embed_text('hello world', 4, 'query'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == first


def test_embeddings_texts_sharing_words_are_closer(client: httpx.Client) -> None:
    query = vectors(embed(client, ["where is the cat food stored"], input_type="query"))[0]
    near, far = vectors(
        embed(
            client,
            [
                "The cat food is stored in the kitchen cupboard.",
                "Quarterly revenue grew by ten percent in Europe.",
            ],
        )
    )
    assert cosine(query, near) > 0.4
    assert cosine(query, near) > cosine(query, far) + 0.3


def test_embeddings_korean_texts_sharing_words_are_closer(client: httpx.Client) -> None:
    query = vectors(embed(client, ["서울에서 김치찌개 먹는 법"], input_type="query"))[0]
    near, far = vectors(embed(client, ["서울의 김치찌개 맛집 목록", "부산 바다 여행 일정표"]))
    assert cosine(query, near) > cosine(query, far) + 0.3


def test_embeddings_query_and_passage_of_one_text_are_close_not_equal(
    client: httpx.Client,
) -> None:
    text = ["the annual report for 2024"]
    query = vectors(embed(client, text, input_type="query"))[0]
    passage = vectors(embed(client, text, input_type="passage"))[0]
    assert query != passage
    assert 0.8 < cosine(query, passage) < 0.999


def test_embeddings_base64_decodes_to_the_float_vector(client: httpx.Client) -> None:
    floats = vectors(embed(client, ["some text"], dimensions=384))[0]
    encoded = vectors(embed(client, ["some text"], dimensions=384, encoding_format="base64"))[0]
    assert isinstance(encoded, str)
    raw = base64.b64decode(encoded)
    assert list(struct.unpack(f"<{len(raw) // 4}f", raw)) == floats


@pytest.mark.parametrize(("asked", "length"), [(1, 1), (32, 32), (384, 384), (102400, 2048)])
def test_embeddings_matryoshka_dimensions(client: httpx.Client, asked: int, length: int) -> None:
    assert len(vectors(embed(client, ["x"], dimensions=asked))[0]) == length


@pytest.mark.parametrize("asked", [0, -1])
def test_embeddings_dimensions_below_one_are_400(client: httpx.Client, asked: int) -> None:
    response = embed(client, ["x"], dimensions=asked)
    assert response.status_code == 400
    assert "greater than 0" in response.json()["message"]


def test_embeddings_dimensions_above_native_400_when_not_clamping(
    sim: NimSimulator, client: httpx.Client
) -> None:
    sim.config.clamp_dimensions = False
    response = embed(client, ["x"], dimensions=4096)
    assert response.status_code == 400
    assert "less than or equal to 2048" in response.json()["message"]


class _RecordingBackend:
    """A stand-in real model: a one-hot vector per text, and a log of what it was asked."""

    spec = EmbedModelSpec(512, 3, matryoshka=False)

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], str | None]] = []

    def embed(self, texts: list[str], input_type: str | None) -> list[list[float]]:
        self.calls.append((texts, input_type))
        return [[1.0 if i == len(t) % 3 else 0.0 for i in range(3)] for t in texts]


def test_embeddings_from_a_plugged_in_model_keep_the_validation() -> None:
    backend = _RecordingBackend()
    with (
        NimSimulator(embed_model="real/model", embed_backend=backend) as simulator,
        http(simulator.base_url) as c,
    ):
        body = {"model": "real/model", "input": ["ab", "abcd"], "input_type": "query"}
        assert vectors(c.post("/embeddings", json=body)) == [[0, 0, 1], [0, 1, 0]]
        # A size is refused as by every fixed-size model, and so is a missing input type.
        assert c.post("/embeddings", json={**body, "dimensions": 3}).status_code == 400
        del body["input_type"]
        assert c.post("/embeddings", json=body).status_code == 400
    assert backend.calls == [(["ab", "abcd"], "query")]


def test_embeddings_dimensions_on_fixed_model_is_extra_forbidden(
    hosted: NimSimulator, hclient: httpx.Client
) -> None:
    hosted.config.embed_model = E5
    body = {"model": E5, "input": ["x"], "input_type": "query", "dimensions": 1024}
    response = hclient.post("/embeddings", json=body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "Your request cannot be validated, it is incorrect. detail={'type': "
        "'extra_forbidden', 'loc': ('body', 'dimensions'), 'msg': 'Extra inputs are not "
        "permitted', 'input': 1024}"
    }
    # Without dimensions, e5 answers its native 1024-d vectors.
    del body["dimensions"]
    assert len(vectors(hclient.post("/embeddings", json=body))[0]) == 1024


def test_embeddings_missing_input_type_local_shape(client: httpx.Client) -> None:
    response = client.post("/embeddings", json={"model": EMBED, "input": ["x"]})
    assert response.status_code == 400
    assert response.json() == {
        "object": "error",
        "message": "The model expects an input_type from one of `passage` or `query` but none "
        "was provided.",
        "detail": {},
        "type": "invalid_request_error",
    }


def test_embeddings_missing_input_type_hosted_shape(hclient: httpx.Client) -> None:
    response = hclient.post("/embeddings", json={"model": EMBED, "input": ["x"]})
    assert response.status_code == 400
    assert response.json() == {"error": "'input_type' parameter is required for asymmetric models"}


def test_embeddings_model_suffix_sets_input_type_on_local_only(
    client: httpx.Client, hclient: httpx.Client
) -> None:
    by_suffix = client.post("/embeddings", json={"model": f"{EMBED}-query", "input": ["x y"]})
    explicit = embed(client, ["x y"], input_type="query")
    assert vectors(by_suffix) == vectors(explicit)
    assert by_suffix.json()["model"] == EMBED
    hosted = hclient.post("/embeddings", json={"model": f"{EMBED}-query", "input": ["x y"]})
    assert hosted.status_code == 404


def test_embeddings_unknown_model_local_404_json(client: httpx.Client) -> None:
    response = client.post("/embeddings", json={"model": "nvidia/nope", "input": ["x"]})
    assert response.status_code == 404
    assert response.json()["message"] == "The model `nvidia/nope` does not exist."


def test_embeddings_unknown_model_hosted_404_text(hclient: httpx.Client) -> None:
    response = hclient.post(
        "/embeddings", json={"model": "nvidia/nope", "input": ["x"], "input_type": "query"}
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "404 page not found\n"


def test_embeddings_empty_input_list_is_400(client: httpx.Client) -> None:
    response = embed(client, [])
    assert response.status_code == 400
    assert "at least 1 item" in response.json()["message"]


def test_embeddings_batch_cap(sim: NimSimulator, client: httpx.Client) -> None:
    assert len(vectors(embed(client, ["t"] * 50))) == 50
    response = embed(client, ["t"] * 51)
    assert response.status_code == 400
    assert "at most 50 items" in response.json()["message"]
    sim.config.max_batch = 8
    assert embed(client, ["t"] * 9).status_code == 400


def test_embeddings_too_long_with_truncate_none_is_400(
    sim: NimSimulator, client: httpx.Client
) -> None:
    sim.config.embed_model = E5
    body = {"model": E5, "input": ["ok", "bee " * 600], "input_type": "passage"}
    response = client.post("/embeddings", json=body)
    assert response.status_code == 400
    assert response.json()["message"] == "Input length 600 exceeds maximum allowed token size 512"
    # One token fewer than the limit passes.
    body["input"] = ["bee " * 512]
    assert client.post("/embeddings", json=body).status_code == 200


def test_embeddings_truncate_end_and_start_cut_tokens(
    sim: NimSimulator, client: httpx.Client
) -> None:
    sim.config.embed_max_tokens = 10
    text = "ant " * 8 + "bee " * 8  # 16 tokens
    end = embed(client, [text], truncate="END")
    assert end.json()["usage"]["prompt_tokens"] == 10
    assert vectors(end) == vectors(embed(client, ["ant " * 8 + "bee bee"]))
    start = embed(client, [text], truncate="START")
    assert vectors(start) == vectors(embed(client, ["ant ant " + "bee " * 8]))
    assert vectors(start) != vectors(end)


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ({"truncate": "MIDDLE"}, "'NONE', 'START' or 'END'"),
        ({"encoding_format": "int8"}, "'float' or 'base64'"),
        ({"input_type": "document"}, "'query' or 'passage'"),
        ({"temperature": 1}, "extra_forbidden"),
        ({"input": [1, 2]}, "string_type"),
    ],
)
def test_embeddings_field_validation(client: httpx.Client, extra: Any, needle: str) -> None:
    response = embed(client, ["x"], **extra)
    assert response.status_code == 400
    assert needle in response.json()["message"]


def test_invalid_json_body_is_400(client: httpx.Client) -> None:
    response = client.post(
        "/embeddings", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["object"] == "error"


# -- ranking ----------------------------------------------------------------------------------


def rank(client: httpx.Client, passages: list[str], path: str = "/ranking", **extra: Any) -> Any:
    body = {
        "model": RERANK,
        "query": {"text": "how do cats purr"},
        "passages": [{"text": p} for p in passages],
        **extra,
    }
    return client.post(path, json=body)


def test_ranking_sorts_by_lexical_overlap(client: httpx.Client) -> None:
    passages = ["stock prices fell", "cats purr when happy", "cats sleep a lot", "how cats purr"]
    response = rank(client, passages)
    assert response.status_code == 200
    rankings = response.json()["rankings"]
    assert [r["index"] for r in rankings] == [3, 1, 2, 0]
    logits = [r["logit"] for r in rankings]
    assert logits == sorted(logits, reverse=True)
    assert len(set(logits)) == 4
    assert rank(client, passages).json()["rankings"] == rankings  # deterministic


def test_ranking_hosted_uses_the_per_model_url(hosted: NimSimulator, hclient: httpx.Client) -> None:
    assert hosted.ranking_url == hosted.base_url + HOSTED_RERANK_PATH
    assert rank(hclient, ["cats"], path=HOSTED_RERANK_PATH).status_code == 200
    wrong = rank(hclient, ["cats"], path="/ranking")
    assert (wrong.status_code, wrong.text) == (404, "404 page not found\n")
    assert hosted.counters["ranking"] == 1


def test_ranking_local_has_no_hosted_url(client: httpx.Client) -> None:
    response = rank(client, ["cats"], path=HOSTED_RERANK_PATH)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_ranking_truncate_defaults_differ_by_profile(
    sim: NimSimulator, client: httpx.Client, hosted: NimSimulator, hclient: httpx.Client
) -> None:
    long = "cats purr " * 40  # 80 tokens + the query's 4
    sim.config.rerank_max_tokens = 50
    hosted.config.rerank_max_tokens = 50
    local = rank(client, [long])
    assert local.status_code == 400
    assert local.json()["message"] == "Input length 84 exceeds maximum allowed token size 50"
    assert rank(client, [long], truncate="END").status_code == 200
    hosted_default = rank(hclient, [long], path=HOSTED_RERANK_PATH)
    assert hosted_default.status_code == 200
    assert hosted_default.json()["usage"]["prompt_tokens"] == 50
    hosted_none = rank(hclient, [long], path=HOSTED_RERANK_PATH, truncate="NONE")
    assert hosted_none.status_code == 400
    assert hosted_none.json() == {"error": "Input length 84 exceeds maximum allowed token size 50"}
    assert rank(client, ["x"], truncate="START").status_code == 400


def test_ranking_passage_count_limits(client: httpx.Client, hclient: httpx.Client) -> None:
    assert rank(client, []).status_code == 400
    assert rank(client, ["p"] * 512).status_code == 200
    assert rank(client, ["p"] * 513).status_code == 400
    assert rank(hclient, ["p"] * 1000, path=HOSTED_RERANK_PATH).status_code == 200
    too_many = rank(hclient, ["p"] * 1001, path=HOSTED_RERANK_PATH)
    assert too_many.status_code == 400
    assert "at most 1000 items" in too_many.json()["error"]


def test_ranking_validates_shape_and_model(client: httpx.Client) -> None:
    bad_query = client.post(
        "/ranking", json={"model": RERANK, "query": "text", "passages": [{"text": "a"}]}
    )
    assert bad_query.status_code == 400
    unknown = client.post(
        "/ranking", json={"model": "x/y", "query": {"text": "q"}, "passages": [{"text": "a"}]}
    )
    assert unknown.status_code == 404


# -- chat -------------------------------------------------------------------------------------


def test_chat_non_stream_shape_and_default_echo(client: httpx.Client) -> None:
    response = chat(client, "tell me more")
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "chat.completion"
    assert body["model"] == CHAT
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant"
    assert choice["message"]["content"] == "You said: tell me more"
    assert choice["finish_reason"] == "stop"
    assert body["usage"]["completion_tokens"] == 5
    assert body["usage"]["total_tokens"] == body["usage"]["prompt_tokens"] + 5


def test_chat_default_reply_quotes_and_cites_the_first_source(client: httpx.Client) -> None:
    system = (
        "Answer from the sources and cite them like [n].\n\nSources:\n"
        "[1] recipes.txt (lines 1-3)\nBake the bread at 220 degrees. Then let it cool.\n"
        "[2] other.txt\nUnrelated."
    )
    body = {
        "model": CHAT,
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": "How hot should the oven be?"},
        ],
    }
    content = client.post("/chat/completions", json=body).json()["choices"][0]["message"]
    assert '"Bake the bread at 220 degrees."' in content["content"]  # the passage, not its name
    assert content["content"].endswith("[1].")
    assert "Unrelated" not in content["content"]


def test_chat_reply_knob_string_and_callable(sim: NimSimulator, client: httpx.Client) -> None:
    sim.config.chat_reply = "Fixed answer."
    assert chat(client).json()["choices"][0]["message"]["content"] == "Fixed answer."
    sim.config.chat_reply = lambda messages: f"{len(messages)} message(s)"
    assert chat(client).json()["choices"][0]["message"]["content"] == "1 message(s)"


def test_chat_max_tokens_cuts_with_length(client: httpx.Client) -> None:
    choice = chat(client, "a b c d e f", max_tokens=3).json()["choices"][0]
    assert choice["message"]["content"] == "You said: a"
    assert choice["finish_reason"] == "length"


def test_chat_stop_sequence_is_honoured(sim: NimSimulator, client: httpx.Client) -> None:
    sim.config.chat_reply = "First part. STOP second part."
    choice = chat(client, stop=["STOP", "never"]).json()["choices"][0]
    assert choice["message"]["content"] == "First part. "
    assert (choice["finish_reason"], choice["stop_reason"]) == ("stop", "STOP")


def test_chat_context_overflow_uses_vllm_wording(sim: NimSimulator, client: httpx.Client) -> None:
    sim.config.max_model_len = 100
    response = chat(client, "word " * 90, max_tokens=20)  # 90 + 4 overhead = 94 prompt tokens
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "This model's maximum context length is 100 tokens. However, you requested 114 tokens "
        "(94 in the messages, 20 in the completion). Please reduce the length of the messages "
        "or completion."
    )
    assert chat(client, "word " * 90, max_tokens=6).status_code == 200


def test_chat_error_format_old_and_new(sim: NimSimulator, client: httpx.Client) -> None:
    bad = {"model": CHAT, "messages": []}
    new = client.post("/chat/completions", json=bad)
    assert new.status_code == 400
    error = new.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert (error["type"], error["code"]) == ("BadRequestError", 400)
    sim.config.vllm_error_format = "old"
    old = client.post("/chat/completions", json=bad).json()
    assert set(old) == {"object", "message", "type", "param", "code"}
    assert old["object"] == "error"


@pytest.mark.parametrize(
    "extra",
    [
        {"temperature": 3},
        {"top_p": 0},
        {"max_tokens": 0},
        {"frequency_penalty": -3},
        {"presence_penalty": "high"},
        {"stop": 5},
        {"seed": 1.5},
        {"stream": "yes"},
        {"stream_options": {"include_usage": True}},  # without stream=True
        {"messages": [{"role": "robot", "content": "x"}]},
        {"messages": [{"role": "user"}]},
    ],
)
def test_chat_parameter_validation(client: httpx.Client, extra: dict[str, Any]) -> None:
    body = {"model": CHAT, "messages": [{"role": "user", "content": "hi"}], **extra}
    response = client.post("/chat/completions", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["type"] == "BadRequestError"


def test_chat_accepts_all_known_parameters(client: httpx.Client) -> None:
    response = chat(
        client,
        temperature=0.2,
        top_p=0.9,
        max_tokens=50,
        frequency_penalty=0.1,
        presence_penalty=-0.1,
        stop="\n\n",
        seed=7,
    )
    assert response.status_code == 200


def test_chat_unknown_model_per_profile(client: httpx.Client, hclient: httpx.Client) -> None:
    body = {"model": "x/unknown", "messages": [{"role": "user", "content": "hi"}]}
    local = client.post("/chat/completions", json=body)
    assert local.status_code == 404
    assert local.json()["error"]["message"] == "The model `x/unknown` does not exist."
    assert local.json()["error"]["type"] == "NotFoundError"
    hosted = hclient.post("/chat/completions", json=body)
    assert (hosted.status_code, hosted.text) == (404, "404 page not found\n")


def test_chat_stream_framing_and_chunk_sequence(client: httpx.Client) -> None:
    events = stream_chat(client, stream_options={"include_usage": True})
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    contents = [c["choices"][0]["delta"]["content"] for c in chunks[1:-2]]
    assert contents == ["You", " said:", " one", " two", " three"]
    final = chunks[-2]["choices"][0]
    assert final["finish_reason"] == "stop"
    usage_chunk = chunks[-1]
    assert usage_chunk["choices"] == []
    assert usage_chunk["usage"]["completion_tokens"] == 5
    assert all("usage" not in c for c in chunks[:-1])


def test_chat_stream_without_include_usage_has_no_usage_chunk(client: httpx.Client) -> None:
    events = stream_chat(client, max_tokens=2)
    chunks = [json.loads(e) for e in events[:-1]]
    assert chunks[-1]["choices"][0]["finish_reason"] == "length"
    assert all(c["choices"] for c in chunks)
    assert len(chunks) == 1 + 2 + 1


def test_chat_stream_usage_every_chunk_is_cumulative(
    sim: NimSimulator, client: httpx.Client
) -> None:
    sim.config.usage_every_chunk = True
    chunks = [json.loads(e) for e in stream_chat(client)[:-1]]
    completions = [c["usage"]["completion_tokens"] for c in chunks]
    assert completions == [0, 1, 2, 3, 4, 5, 5]


@pytest.mark.parametrize("fmt", ["new", "old"])
def test_chat_stream_error_after_n_chunks(
    sim: NimSimulator, client: httpx.Client, fmt: str
) -> None:
    sim.config.stream_error_after = 2
    sim.config.vllm_error_format = fmt  # type: ignore[assignment]
    events = stream_chat(client)
    assert "[DONE]" not in events
    chunks = [json.loads(e) for e in events]
    assert [c["choices"][0]["delta"].get("content") for c in chunks[1:3]] == ["You", " said:"]
    error = chunks[3]
    assert set(error) == {"error"}
    assert error["error"]["message"]
    assert ("object" in error["error"]) is (fmt == "old")
    assert len(chunks) == 4


def test_chat_stream_drop_after_n_chunks_breaks_the_body(
    sim: NimSimulator, client: httpx.Client
) -> None:
    sim.config.stream_drop_after = 2
    received: list[str] = []
    body = {"model": CHAT, "messages": [{"role": "user", "content": "a b c"}], "stream": True}
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.stream("POST", "/chat/completions", json=body) as response,
    ):
        assert response.status_code == 200
        received.extend(line for line in response.iter_lines() if line)
    assert len(received) == 3  # the role chunk and two content chunks, then the cut
    assert chat(client).status_code == 200  # the next request is served normally


def test_chat_stream_token_latency_spaces_chunks(sim: NimSimulator, client: httpx.Client) -> None:
    sim.config.stream_token_latency_s = 0.05
    started = time.monotonic()
    stream_chat(client)  # five content chunks
    assert time.monotonic() - started >= 0.25


# -- hosted gateway: auth and rate limit ------------------------------------------------------


def test_hosted_missing_key_is_401_problem_json(hosted: NimSimulator) -> None:
    with http(hosted.base_url) as c:
        response = chat(c)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["title"]) == (401, "Unauthorized")
    assert body["detail"]


def test_hosted_malformed_key_is_401_with_challenge_and_no_body(hosted: NimSimulator) -> None:
    headers = {"Authorization": "Bearer not-an-nvidia-key"}
    with http(hosted.base_url, headers=headers) as c:
        response = chat(c)
    assert response.status_code == 401
    assert response.content == b""
    assert response.headers["WWW-Authenticate"] == MALFORMED_TOKEN_CHALLENGE
    assert 'error="invalid_token"' in MALFORMED_TOKEN_CHALLENGE
    assert "Bearer token is malformed" in MALFORMED_TOKEN_CHALLENGE


def test_hosted_blocked_and_unlisted_keys(hosted: NimSimulator, hclient: httpx.Client) -> None:
    hosted.config.blocked_keys = {KEY}
    blocked = chat(hclient)
    assert blocked.status_code == 403
    assert blocked.json() == {"status": 403, "title": "Forbidden", "detail": "Authorization failed"}
    hosted.config.blocked_keys = set()
    hosted.config.valid_keys = {"nvapi-the-only-good-one"}
    assert chat(hclient).status_code == 401
    hosted.config.valid_keys = {KEY}
    assert chat(hclient).status_code == 200


def test_local_needs_no_key_and_records_headers(sim: NimSimulator, client: httpx.Client) -> None:
    assert chat(client).status_code == 200
    assert chat(client, "y").status_code == 200
    response = client.post(
        "/chat/completions",
        json={"model": CHAT, "messages": [{"role": "user", "content": "x"}]},
        headers={"Authorization": "Bearer nvapi-abc"},
    )
    assert response.status_code == 200
    recorded = sim.requests
    assert len(recorded) == 3
    assert recorded[-1]["headers"]["authorization"] == "Bearer nvapi-abc"
    assert recorded[-1]["path"] == "/v1/chat/completions"
    assert recorded[-1]["json"]["messages"][0]["content"] == "x"


def test_hosted_rate_limit_429_with_retry_after(
    hosted: NimSimulator, hclient: httpx.Client
) -> None:
    hosted.config.rate_limit_per_min = 2
    assert chat(hclient).status_code == 200
    assert embed(hclient, ["x"]).status_code == 200
    limited = chat(hclient)
    assert limited.status_code == 429
    assert limited.json() == {"status": 429, "title": "Too Many Requests"}
    assert limited.headers["content-type"] == "application/problem+json"
    assert 1 <= int(limited.headers["Retry-After"]) <= 30
    hosted.reset()  # refills the bucket
    assert chat(hclient).status_code == 200


# -- fault injection ----------------------------------------------------------------------------


def test_fail_next_503_twice_then_success(sim: NimSimulator, client: httpx.Client) -> None:
    sim.fail_next(503, times=2)
    first, second, third = chat(client), chat(client), chat(client)
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.headers["Retry-After"] == "1"
    assert first.json()["error"]["type"] == "ServiceUnavailableError"
    assert sim.counters["chat"] == 3
    assert sim.pending_faults == 0


def test_fail_next_bodies_follow_profile_and_layer(
    sim: NimSimulator, client: httpx.Client, hosted: NimSimulator, hclient: httpx.Client
) -> None:
    sim.fail_next(429, retry_after=7)
    local = embed(client, ["x"])
    assert (local.status_code, local.headers["Retry-After"]) == (429, "7")
    assert local.json()["object"] == "error"
    hosted.fail_next(429)
    remote = embed(hclient, ["x"])
    assert remote.json() == {"status": 429, "title": "Too Many Requests"}
    assert remote.headers["Retry-After"] == "1"
    hosted.fail_next(500)
    server_error = chat(hclient)
    assert server_error.status_code == 500
    assert server_error.json()["title"] == "Internal Server Error"
    assert "Retry-After" not in server_error.headers


def test_fail_next_custom_body_and_header(sim: NimSimulator, client: httpx.Client) -> None:
    sim.fail_next(502, body="bad gateway from proxy", retry_after="Wed, 21 Oct 2015 07:28:00 GMT")
    sim.fail_next(418, body={"anything": [1, 2]})
    text = chat(client)
    assert (text.status_code, text.text) == (502, "bad gateway from proxy")
    assert text.headers["Retry-After"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    as_json = chat(client)
    assert (as_json.status_code, as_json.json()) == (418, {"anything": [1, 2]})


def test_drop_next_closes_the_connection_without_a_response(
    sim: NimSimulator, client: httpx.Client
) -> None:
    sim.drop_next()
    with pytest.raises(httpx.TransportError):
        embed(client, ["x"])
    assert embed(client, ["x"]).status_code == 200
    assert sim.counters["embeddings"] == 2
    assert len(sim.requests) == 2


def test_faults_do_not_touch_discovery(sim: NimSimulator, client: httpx.Client) -> None:
    sim.fail_next(500)
    assert client.get("/models").status_code == 200
    assert client.get("/health/ready").status_code == 200
    assert sim.pending_faults == 1


def test_reset_clears_counters_requests_and_faults(sim: NimSimulator, client: httpx.Client) -> None:
    chat(client)
    sim.fail_next(500, times=3)
    sim.drop_next()
    sim.reset()
    assert sim.counters["chat"] == 0
    assert sim.requests == []
    assert chat(client).status_code == 200


def test_latency_applies_to_every_request(sim: NimSimulator, client: httpx.Client) -> None:
    sim.config.latency_s = 0.2
    started = time.monotonic()
    client.get("/health/live")
    assert time.monotonic() - started >= 0.2


def test_requests_are_served_concurrently(sim: NimSimulator, client: httpx.Client) -> None:
    sim.config.latency_s = 0.3
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda i: embed(client, [f"text {i}"]).status_code, range(8)))
    assert statuses == [200] * 8
    assert time.monotonic() - started < 1.2  # serially this would take 2.4 s
    assert sim.counters["embeddings"] == 8


def test_unknown_routes_and_methods(client: httpx.Client, hclient: httpx.Client) -> None:
    assert client.get("/nothing").json() == {"detail": "Not Found"}
    assert client.get("/embeddings").status_code == 405
    assert client.post("/embeddings/", json={}).status_code == 404  # no trailing-slash leniency
    assert hclient.get("/nothing").text == "404 page not found\n"
    assert hclient.post("/v1/embeddings", json={}).status_code == 404  # base URL mistake


# -- lifecycle ---------------------------------------------------------------------------------


def test_stop_is_prompt_with_open_keepalive_and_a_slow_stream() -> None:
    sim = NimSimulator(stream_token_latency_s=5).start()
    client = http(sim.base_url)
    try:
        assert client.get("/models").status_code == 200  # leaves a keep-alive connection open
        started_stream = threading.Event()

        def consume() -> None:
            body = {"model": CHAT, "messages": [{"role": "user", "content": "x"}], "stream": True}
            try:
                with client.stream("POST", "/chat/completions", json=body) as response:
                    started_stream.set()
                    response.read()
            except httpx.TransportError:
                pass  # the server went away mid-stream, as intended

        reader = threading.Thread(target=consume)
        reader.start()
        assert started_stream.wait(5)
        started = time.monotonic()
        sim.stop()
        assert time.monotonic() - started < 2
        reader.join(5)
        assert not reader.is_alive()
        sim.stop()  # idempotent
    finally:
        client.close()
        sim.stop()


def test_unknown_knob_is_rejected() -> None:
    with pytest.raises(TypeError, match="no_such_knob"):
        NimSimulator(no_such_knob=1)


def test_cli_serves_until_sigterm() -> None:
    command = [sys.executable, "-m", "tests.nimsim", "--port", "0", "--profile", "hosted"]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            match = re.search(r"(http://127\.0\.0\.1:\d+/v1)", first)
            assert match, first
            with http(match.group(1)) as c:
                ids = [m["id"] for m in c.get("/models").json()["data"]]
                assert ids == [EMBED, RERANK, CHAT]
                assert c.post(HOSTED_RERANK_PATH, json={}).status_code == 401  # hosted: no key
            process.send_signal(signal.SIGTERM)
            assert process.wait(10) == 0
        finally:
            if process.poll() is None:
                process.kill()
