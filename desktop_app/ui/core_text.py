"""The core's English sentences in the window's language, and in words for a window.

The core has no Qt, so it words its errors, file failure reasons and doctor checks in English
for the terminal. The window passes each such text through ``core_text()``: it finds the template
the sentence was made from (``core_messages.CORE_MESSAGES``, generated from the core's source),
translates the template (context "Core" in the .ts files), and puts the values back, translated
too when they are themselves core words ("embedding", "no text"). Where the terminal's words do
not suit a window ("run `trove key set`"), ``_GUI_WORDING`` gives the window's own sentence.

A text that matches no template is shown as it is and remembered in ``unmatched``, so a test can
fail when a core sentence reaches the window untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from desktop_app.ui.core_messages import CORE_MESSAGES

__all__ = ["core_text", "error_hint", "error_text", "forget_translations", "unmatched"]

_FIELD = re.compile(r"\{(\d+)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z'`(])")

# Core texts seen that match no template (a test asserts this stays empty).
unmatched: set[str] = set()


def _t(text: str) -> str:
    return QCoreApplication.translate("Core", text)


def _gui_wording() -> dict[str, Callable[[], str]]:
    """Core template -> the window's sentence for it (translated like any other)."""
    return {
        "Run `trove key set` with your nvapi- key, or set NVIDIA_API_KEY.": lambda: (
            QCoreApplication.translate(
                "Core",
                "Enter your nvapi- key in Settings, on the Connection tab, or set NVIDIA_API_KEY.",
            )
        ),
        "Check or regenerate your API key at build.nvidia.com and store it with `trove key "
        "set`, or set the NVIDIA_API_KEY environment variable.": lambda: QCoreApplication.translate(
            "Core",
            "Check or regenerate your API key at build.nvidia.com and enter it in Settings, on "
            "the Connection tab, or set the NVIDIA_API_KEY environment variable.",
        ),
        "Check that the NIM is running and that the base URL (host and port) is right; `trove "
        "doctor` tests the connection. Behind a proxy, add the NIM host to NO_PROXY.": lambda: (
            QCoreApplication.translate(
                "Core",
                "Check that the NIM is running and that its URL (host and port) is right; 'Test "
                "connection' in Settings tries it. Behind a proxy, add the NIM host to NO_PROXY.",
            )
        ),
        "Check the model id against the NIM's model list (`trove doctor` shows /v1/models) and "
        "check that the base URL ends in /v1.": lambda: QCoreApplication.translate(
            "Core",
            "Check the model against the list the NIM serves (Settings, Connection tab) and "
            "check that the URL ends in /v1.",
        ),
        "Check the model settings (`trove doctor`); this request will not be retried.": lambda: (
            QCoreApplication.translate(
                "Core",
                "Check the model settings ('Test connection' in Settings); this request will "
                "not be retried.",
            )
        ),
        "Choose a current model (`trove doctor` lists what the NIM offers).": lambda: (
            QCoreApplication.translate(
                "Core",
                "Choose a current model (Settings, Connection tab, lists what the NIM offers).",
            )
        ),
        "A NIM can take several minutes to load its model after it starts; Trove retries. "
        "`trove doctor` shows when it is ready.": lambda: QCoreApplication.translate(
            "Core",
            "A NIM can take several minutes to load its model after it starts; Trove retries "
            "on its own.",
        ),
        "If the NIM uses a company certificate, point nim.ca_bundle at its PEM file; `trove "
        "doctor` tests the connection.": lambda: QCoreApplication.translate(
            "Core",
            "If the NIM uses a company certificate, choose its PEM file in Settings, Connection "
            "tab, Advanced.",
        ),
        "Restart Trove; `trove repair` rebuilds the store from the catalog if needed.": lambda: (
            QCoreApplication.translate(
                "Core",
                "Restart Trove; 'Check and repair the index' in the Indexing menu rebuilds the "
                "store if needed.",
            )
        ),
        "Run `trove config set {0}.model {1}` or fix the base URL.": lambda: (
            QCoreApplication.translate(
                "Core", "Choose {1} as the model in Settings, or fix the URL."
            )
        ),
        "Run `trove config set` with the corrected URL.": lambda: QCoreApplication.translate(
            "Core", "Enter the corrected URL in Settings."
        ),
        "Set one with `trove config set {0}.model <model id>`.": lambda: QCoreApplication.translate(
            "Core", "Choose one in Settings, on the Connection tab."
        ),
        "Fix that value, or run `trove config set`.": lambda: QCoreApplication.translate(
            "Core", "Fix that value in Settings."
        ),
        "Run `trove config list` to see every setting.": lambda: QCoreApplication.translate(
            "Core", "Settings shows every option."
        ),
        "Wait; large models can take many minutes to load. Run doctor again.": lambda: (
            QCoreApplication.translate(
                "Core", "Wait; large models can take many minutes to load. Then check again."
            )
        ),
        "reranking is off (rerank.enabled)": lambda: QCoreApplication.translate(
            "Core", "Reranking is off (Settings, Search tab)."
        ),
        "Use smaller chunks, or allow truncation (embedding.truncate END).": lambda: (
            QCoreApplication.translate(
                "Core",
                "Allow Trove to cut over-long input (Settings, Indexing tab: Over-long input).",
            )
        ),
        "Trove waits and retries on its own. Hosted free-tier keys allow about 40 requests a "
        "minute; lower embedding.max_in_flight to send fewer at once.": lambda: (
            QCoreApplication.translate(
                "Core",
                "Trove waits and retries on its own. Hosted free-tier keys allow about 40 "
                "requests a minute; lower 'Requests at once' in Settings, Indexing tab, to send "
                "fewer.",
            )
        ),
        "Wait for it to finish, or close the Trove app / `trove watch` and try again.": lambda: (
            QCoreApplication.translate(
                "Core",
                "Wait for it to finish, or stop `trove watch` in its terminal, and try again.",
            )
        ),
        "Check that the folder exists, is writable and is on a local disk, and that no other "
        "Trove is running with the same data folder; if it is damaged, `trove repair` moves it "
        "aside and rebuilds it from the catalog.": lambda: QCoreApplication.translate(
            "Core",
            "Check that the folder exists, is writable and is on a local disk, and that no "
            "other Trove is running with the same data folder; if it is damaged, 'Check and "
            "repair the index' in the Indexing menu moves it aside and rebuilds it.",
        ),
        "Check the key (`trove key status`; regenerate it at build.nvidia.com and store it with "
        "`trove key set`), then the model's page on build.nvidia.com; `trove doctor` tries "
        "both.": lambda: QCoreApplication.translate(
            "Core",
            "Check the key in Settings, on the Connection tab (regenerate it at "
            "build.nvidia.com if needed), then the model's page on build.nvidia.com; 'Test "
            "connection' in Settings tries both.",
        ),
        "OCR is off: turn it on with `trove config set ocr.enabled true` and Trove reads the "
        "scanned pages itself.": lambda: QCoreApplication.translate(
            "Core",
            "OCR is off: turn on 'Read scans and images (OCR)' in Settings, on the Indexing "
            "tab, and Trove reads the scanned pages itself.",
        ),
        "Run `trove repair` (in the app: Indexing > Check and repair the index): it rebuilds "
        "the vector index from the catalog. Your files and keyword search are not "
        "affected.": lambda: QCoreApplication.translate(
            "Core",
            "Choose 'Check and repair the index' in the Indexing menu: it rebuilds the vector "
            "index from the catalog. Your files and keyword search are not affected.",
        ),
        "See `trove chats list`.": lambda: QCoreApplication.translate(
            "Core", "The Chat view lists the conversations."
        ),
        "Set one with `trove config set {0}_model <model id>`.": lambda: QCoreApplication.translate(
            "Core", "Choose one in Settings, on the Indexing tab."
        ),
        "Set one with `trove config set ocr.model nvidia/nemotron-ocr-v2`.": lambda: (
            QCoreApplication.translate(
                "Core", "Choose one (e.g. nvidia/nemotron-ocr-v2) in Settings, on the Indexing tab."
            )
        ),
        "The key may be wrong, revoked or out of credits. Check or regenerate your API key at "
        "build.nvidia.com and store it with `trove key set`, or set the NVIDIA_API_KEY "
        "environment variable.": lambda: QCoreApplication.translate(
            "Core",
            "The key may be wrong, revoked or out of credits. Check or regenerate your API key "
            "at build.nvidia.com and enter it in Settings, on the Connection tab, or set the "
            "NVIDIA_API_KEY environment variable.",
        ),
        "The next `trove index` (or the app) builds a new index beside the old one; semantic "
        "search returns when it is complete.": lambda: QCoreApplication.translate(
            "Core",
            "Trove builds a new index beside the old one as it indexes; semantic search "
            "returns when it is complete.",
        ),
        "Try again; if it keeps failing, run `trove repair` to rebuild the vector index from "
        "the catalog.": lambda: QCoreApplication.translate(
            "Core",
            "Try again; if it keeps failing, 'Check and repair the index' in the Indexing menu "
            "rebuilds the vector index from the catalog.",
        ),
        "Use an https:// URL for it, or if that network is trusted, allow it with `trove "
        "config set {0} {1}` (Settings > Connection > Advanced).": lambda: (
            QCoreApplication.translate(
                "Core",
                "Use an https:// URL for it, or if that network is trusted, allow it in "
                "Settings > Connection > Advanced.",
            )
        ),
        "`trove chats list` shows them.": lambda: QCoreApplication.translate(
            "Core", "The Chat view lists them."
        ),
        "`trove folders list` shows them.": lambda: QCoreApplication.translate(
            "Core", "The Folders view lists them."
        ),
    }


@dataclass(frozen=True)
class _Template:
    source: str
    prefix: str  # the literal text before the first field, for a cheap first test
    pattern: re.Pattern[str]
    fields: int


def _compile(template: str) -> _Template:
    parts = _FIELD.split(template)
    pattern = []
    for index, part in enumerate(parts):
        if index % 2:
            pattern.append(f"(?P<f{part}>.*?)")
        else:
            pattern.append(re.escape(part.replace("{{", "{").replace("}}", "}")))
    prefix = parts[0].replace("{{", "{").replace("}}", "}")
    return _Template(template, prefix, re.compile("".join(pattern), re.DOTALL), len(parts) // 2)


@lru_cache(maxsize=1)
def _templates() -> tuple[dict[str, str], list[_Template]]:
    exact: dict[str, str] = {}
    patterned: list[_Template] = []
    for template in CORE_MESSAGES:
        if _FIELD.search(template):
            patterned.append(_compile(template))
        else:
            exact[template.replace("{{", "{").replace("}}", "}")] = template
    # The most literal text first: "The {0} NIM at {1} cannot be reached (connection failed)."
    # must win over "The {0} NIM at {1} cannot be reached ({2})."
    patterned.sort(key=lambda t: -len(_FIELD.sub("", t.source)))
    return exact, patterned


def _word(template: str) -> str:
    gui = _gui_wording().get(template)
    return gui() if gui is not None else _t(template)


def _format(template: str, values: list[str]) -> str:
    text = _word(template)
    return (
        _FIELD.sub(
            lambda m: values[int(m.group(1))] if int(m.group(1)) < len(values) else m.group(0),
            text,
        )
        .replace("{{", "{")
        .replace("}}", "}")
    )


def _match(text: str) -> str | None:
    exact, patterned = _templates()
    template = exact.get(text)
    if template is not None:
        return _word(template)
    for candidate in patterned:
        if not text.startswith(candidate.prefix):
            continue
        found = candidate.pattern.fullmatch(text)
        if found is None:
            continue
        values = [found.group(f"f{i}") for i in range(candidate.fields)]
        return _format(candidate.source, [_value(v) for v in values])
    return None


def _value(value: str) -> str:
    """A field's value: translated when it is itself a core text, else as it is."""
    if not value or not any(c.isalpha() for c in value):
        return value
    stripped = value.strip()
    if stripped in _SERVICES:
        return value.replace(stripped, _SERVICES[stripped]())
    found = _match(stripped)
    if found is None:
        return value
    return value.replace(stripped, found)


_SERVICES: dict[str, Callable[[], str]] = {
    "embedding": lambda: QCoreApplication.translate("Core", "embedding"),
    "reranking": lambda: QCoreApplication.translate("Core", "reranking"),
    "chat": lambda: QCoreApplication.translate("Core", "chat"),
    "table detection": lambda: QCoreApplication.translate("Core", "table detection"),
}


@lru_cache(maxsize=4096)
def _translated(text: str) -> str:
    found = _match(text)
    if found is not None:
        return found
    # Several sentences joined (a notice plus a note): translate each.
    pieces = _SENTENCE_END.split(text)
    if len(pieces) > 1:
        done = [_match(piece) for piece in pieces]
        if any(d is not None for d in done):
            missing = [p for p, d in zip(pieces, done, strict=True) if d is None]
            unmatched.update(missing)
            return " ".join(d if d is not None else p for p, d in zip(pieces, done, strict=True))
    unmatched.add(text)
    return text


def core_text(text: str) -> str:
    """``text`` from the core, in the window's language and words (as it is when unknown)."""
    if not text or not any(c.isalpha() for c in text):
        return text
    return _translated(text)


def error_text(exc: BaseException) -> str:
    """The sentence for ``exc`` in the window's language (a bug's text as it is)."""
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        return core_text(message)
    return str(exc)


def error_hint(exc: BaseException) -> str:
    """What to do about ``exc``, in the window's language and words; '' when nothing."""
    hint = getattr(exc, "hint", "")
    return core_text(hint) if isinstance(hint, str) else ""


def forget_translations() -> None:
    """Drop cached translations (the language changed)."""
    _translated.cache_clear()
