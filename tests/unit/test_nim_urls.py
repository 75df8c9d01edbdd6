"""normalize_base_url: what users paste becomes the /v1 base, with a note for every change."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import ConfigError
from desktop_app.core.nim.urls import normalize_base_url


@pytest.mark.parametrize(
    "pasted",
    [
        "http://localhost:8000/v1",
        "https://integrate.api.nvidia.com/v1",
        "https://proxy.example.com/team/nim/v1",  # deep proxy paths are fine when they end in /v1
    ],
)
def test_a_clean_base_url_is_unchanged_and_has_no_notes(pasted: str) -> None:
    assert normalize_base_url(pasted) == (pasted, [])


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("http://localhost:8000/v1/embeddings", "http://localhost:8000/v1"),
        ("http://host:9080/v1/chat/completions", "http://host:9080/v1"),
        ("http://host:1976/v1/ranking", "http://host:1976/v1"),
        ("http://host:8000/v1/models", "http://host:8000/v1"),
        ("http://host:8000/v1/health/ready", "http://host:8000/v1"),
        (
            "https://ai.api.nvidia.com/v1/retrieval/nvidia/llama-3_2-nv-rerankqa-1b-v2/reranking",
            "https://ai.api.nvidia.com/v1",
        ),
        ("https://ai.api.nvidia.com/v1/retrieval/nvidia/reranking", "https://ai.api.nvidia.com/v1"),
        (
            "https://ai.api.nvidia.com/v1/retrieval/nvidia/embeddings",
            "https://ai.api.nvidia.com/v1",
        ),
        ("https://proxy.example.com/nim/v1/embeddings", "https://proxy.example.com/nim/v1"),
    ],
)
def test_a_full_inference_url_is_cut_back_to_the_v1_base(pasted: str, expected: str) -> None:
    base, notes = normalize_base_url(pasted)
    assert base == expected
    assert any("Removed" in note and "/v1" in note for note in notes)


def test_a_missing_v1_is_appended_with_a_note() -> None:
    base, notes = normalize_base_url("http://localhost:8000")
    assert base == "http://localhost:8000/v1"
    assert notes == ["Appended '/v1': NIM APIs are served below /v1."]


def test_an_inference_route_without_v1_becomes_the_v1_base() -> None:
    base, notes = normalize_base_url("http://gpu-box:8000/embeddings")
    assert base == "http://gpu-box:8000/v1"
    assert len(notes) == 2


def test_whitespace_trailing_slash_query_and_fragment_are_stripped() -> None:
    base, notes = normalize_base_url("  http://localhost:8000/v1/?x=1#top \n")
    assert base == "http://localhost:8000/v1"
    assert any("query" in note for note in notes)
    assert any("trailing" in note for note in notes)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("localhost:8000/v1", "http://localhost:8000/v1"),
        ("127.0.0.1:8000", "http://127.0.0.1:8000/v1"),
        ("10.0.0.7:9080/v1/embeddings", "http://10.0.0.7:9080/v1"),
        ("[::1]:8000/v1", "http://[::1]:8000/v1"),
        ("integrate.api.nvidia.com/v1", "https://integrate.api.nvidia.com/v1"),
        ("nim.corp.example:443", "https://nim.corp.example:443/v1"),
    ],
)
def test_a_missing_scheme_is_http_for_local_hosts_and_https_otherwise(
    pasted: str, expected: str
) -> None:
    base, notes = normalize_base_url(pasted)
    assert base == expected
    assert "scheme" in notes[0] and expected.split(":")[0] + "://" in notes[0]


def test_scheme_case_is_normalized() -> None:
    assert normalize_base_url("HTTP://localhost:8000/v1")[0] == "http://localhost:8000/v1"


@pytest.mark.parametrize(
    "pasted",
    [
        "",
        "   ",
        "ftp://host/v1",
        "http://",
        "http://host:99999/v1",
        "http://my host/v1",
        "http:///v1",
    ],
)
def test_text_that_cannot_be_a_nim_url_is_a_config_error(pasted: str) -> None:
    with pytest.raises(ConfigError) as info:
        normalize_base_url(pasted, key="embedding.base_url")
    assert info.value.key == "embedding.base_url"
    assert "http://localhost:8000/v1" in info.value.hint
