"""GET /v1/models and /v1/health/{live,ready} (nim-api.md §4)."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.nimsim.config import HOSTED, SimConfig
from tests.nimsim.faults import format_retry_after
from tests.nimsim.responses import Reply, go_not_found, json_reply

__all__ = ["HOSTED_CREATED", "health_live", "health_ready", "metadata", "models_list"]

# The hosted catalog shows one placeholder `created` for every entry (§4.1).
HOSTED_CREATED = 735790403


def _vllm_entry(model: str, created: int, max_model_len: int) -> dict[str, Any]:
    return {
        "id": model,
        "object": "model",
        "created": created,
        "owned_by": "system",
        "root": model,
        "parent": None,
        "max_model_len": max_model_len,
        "permission": [
            {
                "id": "modelperm-" + hashlib.sha1(model.encode()).hexdigest()[:24],
                "object": "model_permission",
                "created": created,
                "allow_create_engine": False,
                "allow_sampling": True,
                "allow_logprobs": True,
                "allow_search_indices": False,
                "allow_view": True,
                "allow_fine_tuning": False,
                "organization": "*",
                "group": None,
                "is_blocking": False,
            }
        ],
    }


def models_list(config: SimConfig, created: int) -> Reply:
    """Return the OpenAI-style model list: the embedding, ranking and chat models served."""
    models = [config.embed_model, config.rerank_model, config.chat_model]
    if config.profile == HOSTED:
        # The catalog lists four fields only; max_model_len is a self-hosted (vLLM) extra.
        data = [
            {
                "id": m,
                "object": "model",
                "created": HOSTED_CREATED,
                "owned_by": m.split("/")[0],
            }
            for m in models
        ]
    else:
        data = [
            {"id": m, "object": "model", "created": created, "owned_by": "system"}
            for m in models[:2]
        ]
        data.append(_vllm_entry(config.chat_model, created, config.max_model_len))
    return json_reply(200, {"object": "list", "data": data})


def health_live() -> Reply:
    """Return the liveness answer (the process is up, even while models load)."""
    return json_reply(
        200, {"object": "health.response", "message": "Service is live.", "status": "live"}
    )


def health_ready(cold_remaining: float) -> Reply:
    """Return 200 once the models are loaded, 503 during the cold start."""
    if cold_remaining > 0:
        return json_reply(
            503,
            {
                "object": "error",
                "message": "Service is not ready: the model is still loading.",
                "type": "ServiceUnavailableError",
                "param": None,
                "code": 503,
            },
            headers={"Retry-After": format_retry_after(cold_remaining)},
        )
    return json_reply(200, {"object": "health.response", "message": "ready", "ready": True})


def metadata(config: SimConfig) -> Reply:
    """Return GET /v1/metadata as the 2.0 ingestion NIMs serve it: nv-ingest reads ``version``
    and ``modelInfo[0].shortName`` ("<model>:<version>"); the hosted catalog has no such route."""
    if config.profile == HOSTED:
        return go_not_found()
    version = "1.3.0" if config.detect_legacy else "2.0.1"
    models = [config.ocr_model]
    if config.detect_legacy:
        legacy = config.detect_legacy_model == "page-elements"
        models = [config.page_elements_model if legacy else config.table_structure_model]
    else:
        loaded = {
            "page-elements": config.page_elements_model,
            "table-structure": config.table_structure_model,
        }
        models += [loaded[name] for name in config.detect_models if name in loaded]
    info = [
        {"shortName": f"{m.split('/')[-1]}:{version}", "modelUrl": f"ngc://nim/{m}"} for m in models
    ]
    return json_reply(
        200,
        {"version": version, "modelInfo": info, "repository_override": "", "assetInfo": []},
    )
