"""NVIDIA NIM client on httpx: embeddings, reranking, chat (SSE), OCR, models, health, retries.

One long-lived ``httpx.Client`` per service (``base.ServiceClient``); retry timing is a pure
policy (``retry``); HTTP failures become the typed errors of ``core/errors.py`` (``http_errors``).
reference/nim-api.md is the ground truth for every request, response and error shape.

The names below are imported on first use (PEP 562): a module that needs one part of the
client (the breaker, the endpoints) does not load httpx and every client with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.nim.base import OnRetry, ServiceClient, user_agent
    from desktop_app.core.nim.chat import (
        ChatClient,
        ChatDelta,
        ChatParams,
        ChatResult,
        ChatUsage,
        Message,
    )
    from desktop_app.core.nim.detection import Box, DetectionClient, detection_url
    from desktop_app.core.nim.embeddings import EmbeddingClient, EmbeddingResult, Truncate
    from desktop_app.core.nim.endpoints import (
        HOSTED_HOSTS,
        SERVICES,
        ClientOptions,
        Endpoint,
        Service,
        endpoints_from_settings,
        is_hosted_url,
        ocr_endpoint_from_settings,
        service_label,
        table_endpoints_from_settings,
    )
    from desktop_app.core.nim.http_errors import error_from_response, server_message
    from desktop_app.core.nim.models import (
        KNOWN_MODELS,
        KnownModel,
        ModelInfo,
        hosted_rerank_path,
        known_model,
    )
    from desktop_app.core.nim.ocr import Detection, OcrClient, OcrImage, ocr_url
    from desktop_app.core.nim.ranking import Ranking, RerankClient, rerank_url
    from desktop_app.core.nim.retry import RetryNotice, RetryPolicy, is_retryable, parse_retry_after
    from desktop_app.core.nim.urls import normalize_base_url

_MODULE_OF = {
    "Box": "detection",
    "ChatClient": "chat",
    "ChatDelta": "chat",
    "ChatParams": "chat",
    "ChatResult": "chat",
    "ChatUsage": "chat",
    "ClientOptions": "endpoints",
    "Detection": "ocr",
    "DetectionClient": "detection",
    "EmbeddingClient": "embeddings",
    "EmbeddingResult": "embeddings",
    "Endpoint": "endpoints",
    "HOSTED_HOSTS": "endpoints",
    "KNOWN_MODELS": "models",
    "KnownModel": "models",
    "Message": "chat",
    "ModelInfo": "models",
    "OcrClient": "ocr",
    "OcrImage": "ocr",
    "OnRetry": "base",
    "Ranking": "ranking",
    "RerankClient": "ranking",
    "RetryNotice": "retry",
    "RetryPolicy": "retry",
    "SERVICES": "endpoints",
    "Service": "endpoints",
    "ServiceClient": "base",
    "Truncate": "embeddings",
    "detection_url": "detection",
    "endpoints_from_settings": "endpoints",
    "error_from_response": "http_errors",
    "hosted_rerank_path": "models",
    "is_hosted_url": "endpoints",
    "is_retryable": "retry",
    "known_model": "models",
    "normalize_base_url": "urls",
    "ocr_endpoint_from_settings": "endpoints",
    "ocr_url": "ocr",
    "parse_retry_after": "retry",
    "rerank_url": "ranking",
    "server_message": "http_errors",
    "service_label": "endpoints",
    "table_endpoints_from_settings": "endpoints",
    "user_agent": "base",
}

__all__ = [
    "HOSTED_HOSTS",
    "KNOWN_MODELS",
    "SERVICES",
    "Box",
    "ChatClient",
    "ChatDelta",
    "ChatParams",
    "ChatResult",
    "ChatUsage",
    "ClientOptions",
    "Detection",
    "DetectionClient",
    "EmbeddingClient",
    "EmbeddingResult",
    "Endpoint",
    "KnownModel",
    "Message",
    "ModelInfo",
    "OcrClient",
    "OcrImage",
    "OnRetry",
    "Ranking",
    "RerankClient",
    "RetryNotice",
    "RetryPolicy",
    "Service",
    "ServiceClient",
    "Truncate",
    "detection_url",
    "endpoints_from_settings",
    "error_from_response",
    "hosted_rerank_path",
    "is_hosted_url",
    "is_retryable",
    "known_model",
    "normalize_base_url",
    "ocr_endpoint_from_settings",
    "ocr_url",
    "parse_retry_after",
    "rerank_url",
    "server_message",
    "service_label",
    "table_endpoints_from_settings",
    "user_agent",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found once; later lookups do not come here
    return value
