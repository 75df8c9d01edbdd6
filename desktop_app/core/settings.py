"""Trove's settings: declared once, typed, validated, versioned; stored as JSON in the config dir.

Secrets never live here (see ``secrets.py``): the settings only say where the API key comes from.
Every option has a dotted key (``embedding.base_url``) used by the CLI, the GUI and the file, whose
JSON nests by the first dot: ``{"schema_version": 1, "embedding": {"base_url": ...}}``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from desktop_app.core.diskspace import is_disk_full
from desktop_app.core.errors import ConfigError
from desktop_app.core.text.script import LANGUAGES

__all__ = [
    "HOSTED_PROFILE",
    "LOCAL_PROFILE",
    "OPTIONS",
    "PROFILES",
    "SCHEMA_VERSION",
    "Option",
    "Settings",
    "apply_profile",
]

SCHEMA_VERSION = 1

HOSTED_PROFILE = "hosted"
LOCAL_PROFILE = "local"


def _check_languages(value: Any) -> None:
    unknown = [code for code in value if code not in LANGUAGES]
    if unknown:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"must list language codes among {known}; {unknown[0]!r} is not one")


def _check_url(value: Any) -> None:
    parsed = urlparse(str(value))
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("must be an http:// or https:// URL, e.g. http://localhost:8000/v1")


@dataclass(frozen=True)
class Option:
    """One setting: its key, type, default, limits and a line of help."""

    key: str
    kind: type
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    check: Callable[[Any], None] | None = None

    def coerce(self, value: Any) -> Any:
        """Turn a value (from JSON or a CLI string) into this option's type, or raise ValueError."""
        blank = isinstance(value, str) and value.strip().lower() in ("null", "none", "")
        if self.nullable and (value is None or blank):
            return None
        if value is None or (blank and (self.kind is not str or not value.strip())):
            raise ValueError("must not be empty")
        if self.kind is bool:
            if isinstance(value, bool):
                out: Any = value
            elif isinstance(value, str) and value.lower() in ("true", "yes", "on", "1"):
                out = True
            elif isinstance(value, str) and value.lower() in ("false", "no", "off", "0"):
                out = False
            else:
                raise ValueError("must be true or false")
        elif self.kind is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError("must be a whole number")
            try:
                out = int(value)
            except (TypeError, ValueError):
                raise ValueError("must be a whole number") from None
        elif self.kind is float:
            if isinstance(value, bool):
                raise ValueError("must be a number")
            try:
                out = float(value)
            except (TypeError, ValueError):
                raise ValueError("must be a number") from None
        elif self.kind is list:
            if isinstance(value, str):
                try:
                    parsed = json.loads(value)
                except json.JSONDecodeError:
                    parsed = [part.strip() for part in value.split(",") if part.strip()]
                value = parsed
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError('must be a list of strings, e.g. ["a", "b"] or a,b')
            out = list(value)
        elif self.kind is dict:
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    raise ValueError('must be a JSON object, e.g. {"X-Header": "v"}') from None
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise ValueError("must be an object of string keys and string values")
            out = dict(value)
        else:
            if isinstance(value, bool) and {"on", "off"} <= set(self.choices):
                value = "on" if value else "off"  # a switch that was true/false before
            if not isinstance(value, str):
                raise ValueError("must be text")
            out = value.strip()
            if {"on", "off"} <= set(self.choices):
                out = _SWITCH_WORDS.get(out.lower(), out)
        if self.choices and out not in self.choices:
            raise ValueError("must be one of " + ", ".join(map(str, self.choices)))
        if self.minimum is not None and out < self.minimum:
            raise ValueError(f"must be at least {self.minimum:g}")
        if self.maximum is not None and out > self.maximum:
            raise ValueError(f"must be at most {self.maximum:g}")
        if self.check is not None:
            self.check(out)
        return out


_SWITCH_WORDS = {"true": "on", "yes": "on", "1": "on", "false": "off", "no": "off", "0": "off"}

HOSTED_EMBED_URL = "https://integrate.api.nvidia.com/v1"
HOSTED_RERANK_URL = "https://ai.api.nvidia.com/v1"
HOSTED_CHAT_URL = "https://integrate.api.nvidia.com/v1"

OPTIONS: tuple[Option, ...] = (
    Option(
        "profile",
        str,
        LOCAL_PROFILE,
        "Where the NIMs run: local (your own) or hosted (NVIDIA API catalog).",
        choices=(LOCAL_PROFILE, HOSTED_PROFILE),
    ),
    Option(
        "api_key_env",
        str,
        "NVIDIA_API_KEY",
        "Name of the environment variable that overrides the keyring key.",
    ),
    # Embedding
    Option(
        "embedding.base_url",
        str,
        "http://localhost:8000/v1",
        "Base URL of the embedding NIM.",
        check=_check_url,
    ),
    Option(
        "embedding.model",
        str,
        "nvidia/llama-nemotron-embed-1b-v2",
        "Embedding model id (multilingual default; nvidia/nv-embedqa-e5-v5: English, 512 tokens).",
    ),
    Option(
        "embedding.truncate",
        str,
        "NONE",
        "Over-long input. NONE: the NIM refuses it; Trove re-sends only that text with END and "
        "counts it as truncated (in `trove status`), so nothing is cut silently. END/START: cut.",
        choices=("NONE", "END", "START"),
    ),
    # 1024, not the default model's native 2048: half the Chroma insert time, disk, HNSW memory
    # and kNN latency (docs/benchmarks.md section 7); fixed-size models whose native size it is
    # (nv-embedqa-e5-v5) are not sent the field at all.
    Option(
        "embedding.dimensions",
        int,
        1024,
        "Vector size for models that accept it (Matryoshka); empty = native.",
        nullable=True,
        minimum=1,
        maximum=16384,
    ),
    Option(
        "embedding.batch_size", int, 32, "Texts per embedding request.", minimum=1, maximum=1024
    ),
    Option(
        "embedding.max_in_flight", int, 4, "Embedding requests sent at once.", minimum=1, maximum=64
    ),
    Option(
        "embedding.max_tokens",
        int,
        None,
        "Token limit per input; empty = known limit of the model (512 or 8192).",
        nullable=True,
        minimum=16,
        maximum=131072,
    ),
    # Reranking
    Option(
        "rerank.enabled",
        str,
        "auto",
        "Rerank search results with the reranking NIM: auto (whenever it answers), on, off.",
        choices=("auto", "on", "off"),
    ),
    Option(
        "rerank.base_url",
        str,
        "http://localhost:8000/v1",
        "Base URL of the reranking NIM.",
        check=_check_url,
    ),
    Option("rerank.model", str, "nvidia/llama-nemotron-rerank-1b-v2", "Reranking model id."),
    Option(
        "rerank.truncate",
        str,
        "END",
        "What the reranker does with over-long passages.",
        choices=("NONE", "END"),
    ),
    Option(
        "rerank.top_n", int, 40, "How many search candidates are reranked.", minimum=1, maximum=1000
    ),
    # Chat
    Option(
        "chat.base_url",
        str,
        "http://localhost:8000/v1",
        "Base URL of the chat NIM.",
        check=_check_url,
    ),
    Option("chat.model", str, "meta/llama-3.3-70b-instruct", "Chat model id."),
    Option("chat.temperature", float, 0.2, "Sampling temperature.", minimum=0.0, maximum=2.0),
    Option("chat.top_p", float, 0.7, "Nucleus sampling probability.", minimum=0.0, maximum=1.0),
    Option(
        "chat.max_tokens",
        int,
        1024,
        "Longest answer in tokens (always sent).",
        minimum=1,
        maximum=131072,
    ),
    Option(
        "chat.frequency_penalty",
        float,
        0.0,
        "Penalty for repeated tokens.",
        minimum=-2.0,
        maximum=2.0,
    ),
    Option(
        "chat.presence_penalty",
        float,
        0.0,
        "Penalty for tokens already present.",
        minimum=-2.0,
        maximum=2.0,
    ),
    Option("chat.stop", list, [], "Stop sequences."),
    Option(
        "chat.seed",
        int,
        None,
        "Sampling seed for repeatable answers; empty = random.",
        nullable=True,
    ),
    Option(
        "chat.context_tokens",
        int,
        None,
        "Context window of the chat model; empty = learn it from the NIM (max_model_len).",
        nullable=True,
        minimum=512,
        maximum=10_000_000,
    ),
    Option(
        "chat.language", str, "auto", "Answer language: auto (the question's) or a language name."
    ),
    Option(
        "chat.min_rerank_score",
        float,
        None,
        "Floor under the answers on the reranker's logit: below it for every passage, the files "
        "do not say and the model is not asked. Empty = the similarity floor decides (a "
        "reranker's logits have no scale common to all models).",
        nullable=True,
        minimum=-100.0,
        maximum=100.0,
    ),
    Option(
        "chat.min_similarity",
        float,
        None,
        "Floor under the answers without a reranker (cosine similarity of the best passage); "
        "empty = placed above the embedding space's background (chat.floor_above_background).",
        nullable=True,
        minimum=-1.0,
        maximum=1.0,
    ),
    Option(
        "chat.floor_above_background",
        float,
        0.26,
        "When chat.min_similarity is empty, the floor is this share of the way from the space's "
        "background (how close everyday questions the files cannot answer come) to a perfect "
        "match.",
        minimum=0.0,
        maximum=1.0,
    ),
    Option(
        "chat.claim_min_rerank_score",
        float,
        None,
        "When set, claims are scored by the reranker: a cited sentence counts as supported when "
        "the reranker scores it against its passage at least this high. Empty = the embedding "
        "space scores them.",
        nullable=True,
        minimum=-100.0,
        maximum=100.0,
    ),
    Option(
        "chat.claim_min_coverage",
        float,
        0.6,
        "A cited sentence counts as supported only when its passage has at least this share of "
        "its words.",
        minimum=0.0,
        maximum=1.0,
    ),
    Option(
        "chat.claim_min_similarity",
        float,
        None,
        "A cited sentence counts as supported when its cosine similarity to its passage is at "
        "least this (without a reranker); empty = placed above the embedding space's background.",
        nullable=True,
        minimum=-1.0,
        maximum=1.0,
    ),
    # OCR: scanned pages and images of text (reference/nim-ocr.md)
    Option("ocr.enabled", bool, True, "Read scanned PDF pages and image files (OCR)."),
    Option(
        "ocr.engine",
        str,
        "auto",
        "Who reads them: auto (the OCR NIM when set and reachable, else the local engine), nim, "
        "rapidocr or tesseract.",
        choices=("auto", "nim", "rapidocr", "tesseract"),
    ),
    Option(
        "ocr.base_url",
        str,
        None,
        "Base URL of the image OCR NIM; empty = none (the local engine reads scans).",
        nullable=True,
        check=_check_url,
    ),
    Option(
        "ocr.model",
        str,
        "nvidia/nemotron-ocr-v2",
        "OCR model id (nemotron-ocr-v2 reads Korean, English, Chinese, Japanese, Russian; "
        "nemotron-ocr-v1 English only; baidu/paddleocr legacy).",
    ),
    Option(
        "ocr.route",
        str,
        "auto",
        "Self-hosted OCR path: ocr (/v1/ocr, the 2.0 containers), infer (/v1/infer, 1.x) or auto.",
        choices=("auto", "ocr", "infer"),
    ),
    Option(
        "ocr.languages",
        list,
        ["eng"],
        "Languages of the local engine, as Tesseract names them (eng, kor, jpn, chi_sim...).",
    ),
    Option(
        "ocr.page_elements_url",
        str,
        None,
        "Base URL of the page-elements NIM that finds tables on PDF pages (with the "
        "table-structure NIM, they become Markdown tables); empty = PDF tables stay plain text.",
        nullable=True,
        check=_check_url,
    ),
    Option(
        "ocr.page_elements_model",
        str,
        "nvidia/nemotron-page-elements-v3",
        "Page-elements model id (nemotron-page-elements-v3, nemoretriever-page-elements-v2).",
    ),
    Option(
        "ocr.table_structure_url",
        str,
        None,
        "Base URL of the table-structure NIM; empty = the page-elements URL.",
        nullable=True,
        check=_check_url,
    ),
    Option(
        "ocr.table_structure_model",
        str,
        "nvidia/nemotron-table-structure-v1",
        "Table-structure model id.",
    ),
    Option("ocr.batch_size", int, 4, "Pages per OCR NIM request.", minimum=1, maximum=32),
    Option(
        "ocr.dpi", int, 200, "Resolution pages are rendered at for OCR.", minimum=72, maximum=600
    ),
    Option(
        "ocr.memory_mb",
        int,
        3072,
        "Memory cap of an extraction worker while it reads a file by OCR.",
        minimum=512,
        maximum=65536,
    ),
    Option(
        "ocr.timeout",
        float,
        600.0,
        "Seconds one file's OCR may take (its pages are read in the extraction workers).",
        minimum=5,
        maximum=36000,
    ),
    # NIM transport
    Option(
        "nim.connect_timeout",
        float,
        10.0,
        "Seconds to wait for a NIM connection.",
        minimum=0.1,
        maximum=600,
    ),
    Option(
        "nim.read_timeout",
        float,
        120.0,
        "Seconds to wait for NIM data; model calls can be slow on big inputs.",
        minimum=1,
        maximum=3600,
    ),
    Option(
        "nim.interactive_timeout",
        float,
        10.0,
        "Seconds a search or a question waits for the NIM (no retries; indexing is patient).",
        minimum=0.5,
        maximum=600,
    ),
    Option(
        "nim.max_retries",
        int,
        5,
        "Retries on rate limit, loading, overload or connection errors (indexing).",
        minimum=0,
        maximum=50,
    ),
    Option(
        "nim.ca_bundle",
        str,
        None,
        "PEM file of extra CA certificates for on-prem NIMs.",
        nullable=True,
    ),
    Option("nim.verify_tls", bool, True, "Verify TLS certificates of the NIMs."),
    Option(
        "nim.plain_http_auth_hosts",
        list,
        [],
        "Hosts (host or host:port) the API key may be sent to over plain HTTP, unencrypted. "
        "Otherwise it goes only over HTTPS or to this computer.",
    ),
    # Vector store
    Option(
        "chroma.mode",
        str,
        "embedded",
        "embedded (in the data dir) or server (a Chroma server).",
        choices=("embedded", "server"),
    ),
    Option("chroma.host", str, "localhost", "Chroma server host."),
    Option("chroma.port", int, 8000, "Chroma server port.", minimum=1, maximum=65535),
    Option("chroma.ssl", bool, False, "Use HTTPS for the Chroma server."),
    Option("chroma.headers", dict, {}, "Extra HTTP headers for the Chroma server (e.g. auth)."),
    # Indexing
    Option(
        "index.max_file_mb",
        float,
        100.0,
        "Files larger than this are skipped.",
        minimum=0.001,
        maximum=100_000,
    ),
    Option(
        "index.extract_timeout",
        float,
        120.0,
        "Seconds one file may take to extract.",
        minimum=1,
        maximum=3600,
    ),
    Option(
        "index.extract_memory_mb",
        int,
        2048,
        "Memory cap of one extraction worker.",
        minimum=512,
        maximum=65536,
    ),
    Option(
        "index.max_chunks_per_file",
        int,
        5000,
        "Passages kept from one file; the rest of a bigger file is left out (the file is "
        "marked 'cut at N'), so one huge log cannot flood the index or the NIM bill.",
        minimum=1,
        maximum=10_000_000,
    ),
    Option("index.workers", int, 2, "Extraction worker processes.", minimum=1, maximum=64),
    Option("index.exclude", list, [], "Extra glob patterns excluded in every folder."),
    # Search
    Option(
        "search.mode",
        str,
        "hybrid",
        "Default search mode.",
        choices=("keyword", "semantic", "hybrid"),
    ),
    Option("search.limit", int, 10, "Default number of results.", minimum=1, maximum=1000),
    Option(
        "search.translate_to",
        list,
        [],
        "Languages to translate each query into with the chat NIM, so answers written in "
        "another language are found too, e.g. en,ko (codes: "
        + ", ".join(LANGUAGES)
        + "). Each search then waits for the chat NIM; empty: off.",
        check=_check_languages,
    ),
    # UI
    Option("ui.language", str, "system", "Interface language.", choices=("system", "en", "ko")),
    Option(
        "ui.keep_running_in_tray",
        bool,
        True,
        "Keep indexing in the tray when the window is closed.",
    ),
)

_BY_KEY = {opt.key: opt for opt in OPTIONS}

PROFILES: dict[str, dict[str, Any]] = {
    HOSTED_PROFILE: {
        "embedding.base_url": HOSTED_EMBED_URL,
        "rerank.base_url": HOSTED_RERANK_URL,
        "chat.base_url": HOSTED_CHAT_URL,
        "ocr.base_url": HOSTED_RERANK_URL,
    },
    LOCAL_PROFILE: {
        "embedding.base_url": "http://localhost:8000/v1",
        "rerank.base_url": "http://localhost:8000/v1",
        "chat.base_url": "http://localhost:8000/v1",
        "ocr.base_url": None,
    },
}


def _option(key: str) -> Option:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ConfigError(
            f"Unknown setting '{key}'.",
            key=key,
            hint="Run `trove config list` to see every setting.",
        ) from None


class Settings:
    """Validated setting values; unset keys read as their defaults."""

    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        for key, value in (values or {}).items():
            self.set(key, value)

    def __getitem__(self, key: str) -> Any:
        opt = _option(key)
        value = self._values.get(key, opt.default)
        return (
            list(value)
            if isinstance(value, list)
            else dict(value)
            if isinstance(value, dict)
            else value
        )

    def get(self, key: str) -> Any:
        """The value of ``key`` (its default when unset)."""
        return self[key]

    def set(self, key: str, value: Any) -> Any:
        """Validate and set ``key``; raise ConfigError naming the key on a bad value."""
        opt = _option(key)
        try:
            coerced = opt.coerce(value)
        except ValueError as exc:
            raise ConfigError(f"Setting '{key}' {exc} (got {value!r}).", key=key) from None
        self._values[key] = coerced
        return coerced

    def reset(self, key: str) -> None:
        """Return ``key`` to its default."""
        _option(key)
        self._values.pop(key, None)

    def is_default(self, key: str) -> bool:
        """Whether ``key`` is unset (reads as its default)."""
        return key not in self._values

    def items(self) -> Iterator[tuple[str, Any]]:
        """Every (key, value) in declaration order, defaults included."""
        for opt in OPTIONS:
            yield opt.key, self[opt.key]

    def to_json(self) -> dict[str, Any]:
        """The nested JSON document of the values that differ from defaults."""
        doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for key, value in self._values.items():
            section, _, name = key.partition(".")
            if name:
                doc.setdefault(section, {})[name] = value
            else:
                doc[section] = value
        return doc

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read ``path``; a missing file means all defaults, a bad one raises ConfigError."""
        if not path.exists():
            return cls(path=path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(
                f"The settings file {path} cannot be read: {exc}.",
                hint="Fix or delete the file; Trove will not overwrite it on its own.",
            ) from None
        if not isinstance(doc, dict):
            raise ConfigError(f"The settings file {path} must hold a JSON object.")
        version = doc.pop("schema_version", SCHEMA_VERSION)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise ConfigError(
                f"The settings file {path} has schema version {version!r}, newer than this Trove "
                f"understands ({SCHEMA_VERSION}).",
                key="schema_version",
                hint="Update Trove, or move the file away to start with defaults.",
            )
        flat: dict[str, Any] = {}
        for section, value in doc.items():
            if section not in _BY_KEY and isinstance(value, dict):
                for name, inner in value.items():
                    flat[f"{section}.{name}"] = inner
            else:
                flat[section] = value
        settings = cls(path=path)
        for key, value in flat.items():
            try:
                settings.set(key, value)
            except ConfigError as exc:
                raise ConfigError(
                    f"In {path}: {exc}",
                    key=exc.key,
                    hint="Fix that value, or run `trove config set`.",
                ) from None
        return settings

    def save(self, path: Path | None = None) -> None:
        """Write atomically (temp file + rename) so a crash never leaves half a file."""
        target = path or self.path
        if target is None:
            raise ValueError("no path to save settings to")
        tmp = ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.to_json(), fh, indent=2, ensure_ascii=False)
                fh.write("\n")
            os.replace(tmp, target)
        except BaseException as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise _write_error(target, exc) from None
            raise
        self.path = target


def _write_error(target: Path, exc: OSError) -> ConfigError:
    """A settings file that cannot be written, said plainly (the old file is untouched)."""
    if is_disk_full(exc):
        return ConfigError(
            f"The settings file {target} cannot be written: the disk is full.",
            hint="Free some space on that disk, then save again; the file on disk is unchanged.",
        )
    return ConfigError(
        f"The settings file {target} cannot be written: {exc.strerror or exc}.",
        hint="Check that the folder exists and that you may write to it.",
    )


def apply_profile(settings: Settings, profile: str) -> None:
    """Switch to ``profile`` and point the three services at its default URLs."""
    settings.set("profile", profile)
    for key, value in PROFILES[settings["profile"]].items():
        settings.set(key, value)


def option(key: str) -> Option:
    """The declaration of ``key`` (raises ConfigError for unknown keys)."""
    return _option(key)
