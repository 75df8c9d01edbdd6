"""LangChain's NVIDIA clients work unchanged against the NIM simulator (local profile)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from langchain_core.documents import Document
from langchain_nvidia_ai_endpoints import ChatNVIDIA, NVIDIAEmbeddings, NVIDIARerank

from tests.nimsim import NimSimulator

EMBED = "nvidia/llama-nemotron-embed-1b-v2"
RERANK = "nvidia/llama-nemotron-rerank-1b-v2"
CHAT = "meta/llama-3.3-70b-instruct"


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator("local") as simulator:
        yield simulator
        assert simulator.errors == []


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(
        sum(x * x for x in a) * sum(y * y for y in b)
    )


def test_embeddings_query_and_documents(sim: NimSimulator) -> None:
    embedder = NVIDIAEmbeddings(base_url=sim.base_url, model=EMBED)
    query = embedder.embed_query("where do penguins live")
    docs = [f"note {i} about the weather" for i in range(59)] + ["penguins live in Antarctica"]
    vectors = embedder.embed_documents(docs)
    assert len(query) == 2048
    assert len(vectors) == 60
    best = max(range(60), key=lambda i: cosine(query, vectors[i]))
    assert best == 59
    # LangChain batches by 50, sends input_type and truncate; the simulator saw exactly that.
    bodies = [r["json"] for r in sim.requests]
    assert [len(b["input"]) for b in bodies] == [1, 50, 10]
    assert [b["input_type"] for b in bodies] == ["query", "passage", "passage"]
    assert all(b["truncate"] == "NONE" and b["encoding_format"] == "float" for b in bodies)


def test_embeddings_with_dimensions(sim: NimSimulator) -> None:
    embedder = NVIDIAEmbeddings(base_url=sim.base_url, model=EMBED, dimensions=384)
    assert len(embedder.embed_query("short")) == 384


def test_embeddings_error_surfaces_as_exception(sim: NimSimulator) -> None:
    sim.config.embed_max_tokens = 5
    embedder = NVIDIAEmbeddings(base_url=sim.base_url, model=EMBED)
    with pytest.raises(Exception, match="exceeds maximum allowed token size 5"):
        embedder.embed_query("a rather long query that is too long")


def test_rerank_compress_documents(sim: NimSimulator) -> None:
    reranker = NVIDIARerank(base_url=sim.base_url, model=RERANK, top_n=2)
    docs = [
        Document(page_content="tax forms are due in april"),
        Document(page_content="penguins huddle to stay warm"),
        Document(page_content="emperor penguins huddle in winter"),
    ]
    ranked = reranker.compress_documents(docs, "why do emperor penguins huddle")
    assert [d.page_content for d in ranked] == [docs[2].page_content, docs[1].page_content]
    scores = [d.metadata["relevance_score"] for d in ranked]
    assert scores[0] > scores[1]
    assert sim.requests[-1]["path"] == "/v1/ranking"


def test_chat_invoke(sim: NimSimulator) -> None:
    llm = ChatNVIDIA(base_url=sim.base_url, model=CHAT, max_completion_tokens=3)
    message = llm.invoke("what is in my notes")
    assert message.content == "You said: what"
    assert message.response_metadata["finish_reason"] == "length"
    assert sim.requests[-1]["json"]["max_tokens"] == 3


def test_chat_stream(sim: NimSimulator) -> None:
    sim.config.usage_every_chunk = True
    llm = ChatNVIDIA(base_url=sim.base_url, model=CHAT)
    chunks = list(llm.stream("stream these words"))
    assert "".join(str(c.content) for c in chunks) == "You said: stream these words"
    assert sum(1 for c in chunks if c.content) == 5
    body = sim.requests[-1]["json"]
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
