"""Widgets generated from the settings schema, and the connection widgets Settings and setup share.

``make_editor(option)`` turns one declared ``Option`` into an editor (bool -> check box, int -> spin
box with the option's limits, nullable int -> spin box whose lowest value reads "native", float ->
double spin box, choices -> combo box, list -> one entry per line, free text with named values ->
editable combo box), so a new setting appears in the
UI without hand-written widgets. ``OptionForm`` lays out a group of them with translated labels, the
option's description as help, and the validation error of ``Settings.set`` next to the field.

``ModelCombo``, ``fetch_models``, ``list_models`` and ``DoctorResults`` serve the Connection tab
and the first-run setup: model lists from ``/v1/models`` and one readable row per service from the
doctor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import secrets
from desktop_app.core.doctor import Check
from desktop_app.core.errors import ConfigError
from desktop_app.core.nim import SERVICES, ClientOptions, ServiceClient, endpoints_from_settings
from desktop_app.core.nim.models import ModelInfo, known_model
from desktop_app.core.settings import OPTIONS, Option, Settings, option
from desktop_app.ui.core_text import core_text, error_text
from desktop_app.ui.icons import icon
from desktop_app.ui.plain_text import escaped, plain_label
from desktop_app.ui.tasks import owned_by

__all__ = [
    "DoctorResults",
    "ModelCombo",
    "OptionEditor",
    "OptionForm",
    "choice_label",
    "copy_settings",
    "fetch_models",
    "if_alive",
    "list_models",
    "make_editor",
    "model_kind",
    "option_label",
    "order_models",
    "pick_model",
    "summarize_checks",
]

_INT_LIMIT = 2_147_483_647  # QSpinBox holds a C int


def _labels() -> dict[str, str]:
    # Spelled out (no alias) so pyside6-lupdate sees every literal; keyed by the dotted key.
    return {
        "profile": QCoreApplication.translate("Options", "NIM profile"),
        "api_key_env": QCoreApplication.translate("Options", "Key environment variable"),
        "embedding.base_url": QCoreApplication.translate("Options", "Embedding URL"),
        "embedding.model": QCoreApplication.translate("Options", "Embedding model"),
        "embedding.truncate": QCoreApplication.translate("Options", "Over-long input"),
        "embedding.dimensions": QCoreApplication.translate("Options", "Vector size"),
        "embedding.batch_size": QCoreApplication.translate("Options", "Texts per request"),
        "embedding.max_in_flight": QCoreApplication.translate("Options", "Requests at once"),
        "embedding.max_tokens": QCoreApplication.translate("Options", "Token limit per input"),
        "rerank.enabled": QCoreApplication.translate("Options", "Rerank search results"),
        "rerank.base_url": QCoreApplication.translate("Options", "Reranking URL"),
        "rerank.model": QCoreApplication.translate("Options", "Reranking model"),
        "rerank.truncate": QCoreApplication.translate("Options", "Over-long passages"),
        "rerank.top_n": QCoreApplication.translate("Options", "Candidates to rerank"),
        "chat.base_url": QCoreApplication.translate("Options", "Chat URL"),
        "chat.model": QCoreApplication.translate("Options", "Chat model"),
        "chat.temperature": QCoreApplication.translate("Options", "Temperature"),
        "chat.top_p": QCoreApplication.translate("Options", "Top p"),
        "chat.max_tokens": QCoreApplication.translate("Options", "Longest answer (tokens)"),
        "chat.frequency_penalty": QCoreApplication.translate("Options", "Frequency penalty"),
        "chat.presence_penalty": QCoreApplication.translate("Options", "Presence penalty"),
        "chat.stop": QCoreApplication.translate("Options", "Stop sequences (one per line)"),
        "chat.seed": QCoreApplication.translate("Options", "Seed"),
        "chat.context_tokens": QCoreApplication.translate("Options", "Context window (tokens)"),
        "chat.language": QCoreApplication.translate("Options", "Answer language"),
        "chat.min_rerank_score": QCoreApplication.translate(
            "Options", "Floor under answers (reranker score)"
        ),
        "chat.min_similarity": QCoreApplication.translate(
            "Options", "Floor under answers (similarity)"
        ),
        "chat.floor_above_background": QCoreApplication.translate(
            "Options", "Floor under answers (share above the background)"
        ),
        "chat.claim_min_rerank_score": QCoreApplication.translate(
            "Options", "Supported sentence (reranker score)"
        ),
        "chat.claim_min_coverage": QCoreApplication.translate(
            "Options", "Supported sentence (share of its words in the passage)"
        ),
        "chat.claim_min_similarity": QCoreApplication.translate(
            "Options", "Supported sentence (similarity)"
        ),
        "ocr.base_url": QCoreApplication.translate("Options", "OCR NIM base URL (optional)"),
        "ocr.enabled": QCoreApplication.translate("Options", "Read scans and images (OCR)"),
        "ocr.engine": QCoreApplication.translate("Options", "OCR engine"),
        "ocr.model": QCoreApplication.translate("Options", "OCR model"),
        "ocr.route": QCoreApplication.translate("Options", "OCR NIM path"),
        "ocr.languages": QCoreApplication.translate("Options", "Local OCR languages"),
        "ocr.batch_size": QCoreApplication.translate("Options", "Pages per OCR request"),
        "ocr.dpi": QCoreApplication.translate("Options", "Page resolution for OCR (dpi)"),
        "ocr.timeout": QCoreApplication.translate("Options", "OCR time limit per file (s)"),
        "ocr.memory_mb": QCoreApplication.translate("Options", "OCR memory cap (MB)"),
        "ocr.page_elements_url": QCoreApplication.translate(
            "Options", "Page-elements NIM base URL (PDF tables, optional)"
        ),
        "ocr.page_elements_model": QCoreApplication.translate("Options", "Page-elements model"),
        "ocr.table_structure_url": QCoreApplication.translate(
            "Options", "Table-structure NIM base URL (optional)"
        ),
        "ocr.table_structure_model": QCoreApplication.translate("Options", "Table-structure model"),
        "nim.connect_timeout": QCoreApplication.translate("Options", "Connect timeout (s)"),
        "nim.read_timeout": QCoreApplication.translate("Options", "Read timeout (s)"),
        "nim.max_retries": QCoreApplication.translate("Options", "Retries"),
        "nim.interactive_timeout": QCoreApplication.translate(
            "Options", "Search and chat timeout (s)"
        ),
        "nim.ca_bundle": QCoreApplication.translate("Options", "Extra CA certificates (PEM file)"),
        "nim.verify_tls": QCoreApplication.translate("Options", "Verify TLS certificates"),
        "nim.plain_http_auth_hosts": QCoreApplication.translate(
            "Options", "Send the key over plain HTTP to (one host per line)"
        ),
        "chroma.mode": QCoreApplication.translate("Options", "Vector store"),
        "chroma.host": QCoreApplication.translate("Options", "Chroma server host"),
        "chroma.port": QCoreApplication.translate("Options", "Chroma server port"),
        "chroma.ssl": QCoreApplication.translate("Options", "Use HTTPS for Chroma"),
        "chroma.headers": QCoreApplication.translate("Options", "Chroma HTTP headers (JSON)"),
        "index.max_file_mb": QCoreApplication.translate("Options", "Largest file (MB)"),
        "index.max_chunks_per_file": QCoreApplication.translate(
            "Options", "Passages kept per file"
        ),
        "index.extract_timeout": QCoreApplication.translate("Options", "Extraction time limit (s)"),
        "index.extract_memory_mb": QCoreApplication.translate(
            "Options", "Extraction memory cap (MB)"
        ),
        "index.workers": QCoreApplication.translate("Options", "Extraction workers"),
        "index.exclude": QCoreApplication.translate("Options", "Excluded patterns (one per line)"),
        "search.mode": QCoreApplication.translate("Options", "Search mode"),
        "search.limit": QCoreApplication.translate("Options", "Results"),
        "search.translate_to": QCoreApplication.translate("Options", "Translate queries into"),
        "ui.language": QCoreApplication.translate("Options", "Language"),
        "ui.keep_running_in_tray": QCoreApplication.translate(
            "Options", "Keep indexing in the tray when closed"
        ),
    }


def _choice_labels() -> dict[tuple[str, Any], str]:
    return {
        ("profile", "hosted"): QCoreApplication.translate("Options", "NVIDIA API catalog (hosted)"),
        ("profile", "local"): QCoreApplication.translate("Options", "Local NIM (your own servers)"),
        ("search.mode", "keyword"): QCoreApplication.translate("Options", "Keyword"),
        ("search.mode", "semantic"): QCoreApplication.translate("Options", "Semantic"),
        ("search.mode", "hybrid"): QCoreApplication.translate("Options", "Hybrid"),
        ("rerank.enabled", "auto"): QCoreApplication.translate(
            "Options", "When a reranking NIM answers"
        ),
        ("rerank.enabled", "on"): QCoreApplication.translate("Options", "Always"),
        ("rerank.enabled", "off"): QCoreApplication.translate("Options", "Never"),
        ("chroma.mode", "embedded"): QCoreApplication.translate(
            "Options", "Embedded (in the data folder)"
        ),
        ("chroma.mode", "server"): QCoreApplication.translate("Options", "Chroma server"),
        ("embedding.truncate", "NONE"): QCoreApplication.translate(
            "Options", "Cut the end and count it"
        ),
        ("embedding.truncate", "END"): QCoreApplication.translate("Options", "Cut the end"),
        ("embedding.truncate", "START"): QCoreApplication.translate("Options", "Cut the start"),
        ("rerank.truncate", "NONE"): QCoreApplication.translate(
            "Options", "Not cut (the NIM refuses it)"
        ),
        ("rerank.truncate", "END"): QCoreApplication.translate("Options", "Cut the end"),
        ("ocr.engine", "auto"): QCoreApplication.translate(
            "Options", "The OCR NIM when it answers, else a local engine"
        ),
        ("ocr.engine", "nim"): QCoreApplication.translate("Options", "OCR NIM"),
        ("ocr.engine", "rapidocr"): QCoreApplication.translate("Options", "RapidOCR (local)"),
        ("ocr.engine", "tesseract"): QCoreApplication.translate("Options", "Tesseract (local)"),
        ("ocr.route", "auto"): QCoreApplication.translate("Options", "Detect"),
        ("ocr.route", "ocr"): "/v1/ocr (2.x)",
        ("ocr.route", "infer"): "/v1/infer (1.x)",
        # Language names are shown in their own language, so anyone can find theirs.
        ("ui.language", "system"): QCoreApplication.translate("Options", "System"),
        ("ui.language", "en"): "English",
        ("ui.language", "ko"): "한국어",
    }


def _suggestions() -> dict[str, list[tuple[str, str]]]:
    """Free-text options offered with a few named values (value, label); any text still goes."""
    return {
        "chat.language": [
            ("auto", QCoreApplication.translate("Options", "Same language as the question")),
            # Language names in their own language, as for ui.language; the value reaches the
            # prompt ("Speak only in the following language: Korean").
            ("English", "English"),
            ("Korean", "한국어"),
        ],
    }


def _null_labels() -> dict[str, str]:
    return {
        "embedding.dimensions": QCoreApplication.translate("Options", "native"),
        "embedding.max_tokens": QCoreApplication.translate("Options", "model's limit"),
        "chat.seed": QCoreApplication.translate("Options", "random"),
        "chat.context_tokens": QCoreApplication.translate("Options", "from the NIM"),
    }


def option_label(key: str) -> str:
    """The translated label of ``key``; its description when no label is declared."""
    return _labels().get(key) or option(key).doc


def choice_label(key: str, value: Any) -> str:
    """The translated name of one choice of ``key`` (the raw value when none is declared)."""
    return _choice_labels().get((key, value), str(value))


def if_alive(owner: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """``callback``, skipped once ``owner`` is deleted (a task may outlive its dialog)."""

    return owned_by(owner, lambda _owner, value: callback(value))


def copy_settings(settings: Settings) -> Settings:
    """An independent copy of ``settings`` (same path), so dialogs edit without touching it."""
    out = Settings(path=settings.path)
    for opt in OPTIONS:
        if not settings.is_default(opt.key):
            out.set(opt.key, settings[opt.key])
    return out


# --------------------------------------------------------------------------- editors


class OptionEditor(QWidget):
    """One option's editor: ``value()`` / ``set_value()``; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option = opt
        self.setObjectName("edit_" + opt.key)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.widget = self._build()
        self.widget.setObjectName("option_" + opt.key)
        self.widget.setToolTip(opt.doc)
        self.widget.setAccessibleName(option_label(opt.key))
        self.widget.setAccessibleDescription(opt.doc)
        layout.addWidget(self.widget)
        self.setFocusProxy(self.widget)

    def _build(self) -> QWidget:
        opt = self.option
        if opt.kind is bool:
            box = QCheckBox()
            box.toggled.connect(self.changed)
            return box
        if opt.choices:
            combo = QComboBox()
            for value in opt.choices:
                combo.addItem(choice_label(opt.key, value), value)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if opt.kind is int:
            spin = QSpinBox()
            low = int(opt.minimum) if opt.minimum is not None else 0
            high = int(opt.maximum) if opt.maximum is not None else _INT_LIMIT
            if opt.nullable:
                # One below the minimum stands for "not set"; Qt shows the special text there.
                low -= 1
                spin.setSpecialValueText(
                    _null_labels().get(opt.key, QCoreApplication.translate("Options", "automatic"))
                )
            spin.setRange(low, high)
            spin.valueChanged.connect(self.changed)
            return spin
        if opt.kind is float:
            dspin = QDoubleSpinBox()
            dspin.setDecimals(3)
            dspin.setRange(
                opt.minimum if opt.minimum is not None else -1e9,
                opt.maximum if opt.maximum is not None else 1e9,
            )
            dspin.setSingleStep(0.1 if (opt.maximum or 10) <= 10 else 1.0)
            if opt.nullable:
                # As for integers: one step below the minimum stands for "not set".
                dspin.setMinimum(dspin.minimum() - 0.001)
                dspin.setSpecialValueText(
                    _null_labels().get(opt.key, QCoreApplication.translate("Options", "automatic"))
                )
            dspin.valueChanged.connect(self.changed)
            return dspin
        if opt.kind is list:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setMinimumHeight(60)
            text.textChanged.connect(self.changed)
            return text
        suggested = _suggestions().get(opt.key)
        if suggested:
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for value, label in suggested:
                combo.addItem(label, value)
            combo.currentTextChanged.connect(self.changed)
            return combo
        line = QLineEdit()
        if opt.nullable:
            line.setPlaceholderText(QCoreApplication.translate("Options", "not set"))
        line.textChanged.connect(self.changed)
        return line

    def value(self) -> Any:
        """The edited value, in a form ``Settings.set`` accepts (None = not set)."""
        opt, w = self.option, self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox) and w.isEditable():
            # A named choice gives its value; typed text is taken as it is (empty: the default).
            text = w.currentText().strip()
            index = w.findText(text)
            return w.itemData(index) if index >= 0 else text or opt.default
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            if opt.nullable and w.value() == w.minimum():
                return None
            return w.value()
        if isinstance(w, QDoubleSpinBox):
            if opt.nullable and w.value() == w.minimum():
                return None
            return w.value()
        if isinstance(w, QPlainTextEdit):
            return [ln.strip() for ln in w.toPlainText().splitlines() if ln.strip()]
        assert isinstance(w, QLineEdit)
        text = w.text().strip()
        if opt.nullable and not text:
            return None
        return text  # dicts stay JSON text: Settings.set parses and names what is wrong

    def set_value(self, value: Any) -> None:
        """Show ``value`` (a settings value of this option)."""
        opt, w = self.option, self.widget
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox) and w.isEditable():
            index = w.findData(value)
            if index >= 0:
                w.setCurrentIndex(index)
            else:
                w.setEditText("" if value is None else str(value))
        elif isinstance(w, QComboBox):
            index = w.findData(value)
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, QSpinBox):
            w.setValue(w.minimum() if value is None else int(value))
        elif isinstance(w, QDoubleSpinBox):
            w.setValue(w.minimum() if value is None else float(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("\n".join(value or []))
        elif isinstance(w, QLineEdit):
            if opt.kind is dict:
                w.setText(json.dumps(value or {}, ensure_ascii=False))
            else:
                w.setText("" if value is None else str(value))


def make_editor(opt: Option, parent: QWidget | None = None) -> OptionEditor:
    """The editor widget for one declared option."""
    return OptionEditor(opt, parent)


def _error_label() -> QLabel:
    label = plain_label(QLabel())
    label.setWordWrap(True)
    label.setVisible(False)
    # The error reads in the accent colour via a palette role, never a hard-coded red.
    label.setForegroundRole(QPalette.ColorRole.Highlight)
    return label


class OptionForm(QWidget):
    """A form of options (label, editor, help, inline error) edited against a Settings copy."""

    validityChanged = Signal(bool)

    def __init__(
        self, keys: Sequence[str], settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.keys = list(keys)
        self.editors: dict[str, OptionEditor] = {}
        self.errors: dict[str, QLabel] = {}
        self._valid = True
        layout = QFormLayout(self)
        # Text fields widen with the window; spin boxes and combos keep a natural width.
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key in self.keys:
            opt = option(key)
            editor = make_editor(opt, self)
            error = _error_label()
            error.setObjectName("error_" + key)
            box = QWidget(self)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(2)
            col.addWidget(editor)
            col.addWidget(error)
            label = QLabel(option_label(key), self)
            label.setBuddy(editor.widget)
            label.setToolTip(opt.doc)
            layout.addRow(label, box)
            self.editors[key] = editor
            self.errors[key] = error
        self.load(settings)
        for editor in self.editors.values():
            editor.changed.connect(self.validate)

    def load(self, settings: Settings) -> None:
        """Show the values of ``settings``."""
        for key, editor in self.editors.items():
            editor.set_value(settings[key])
        self.validate()

    def restore_defaults(self) -> None:
        """Show every option's default (saved only on OK)."""
        for key, editor in self.editors.items():
            editor.set_value(option(key).default)
        self.validate()

    def apply(self, settings: Settings) -> list[str]:
        """Set every value on ``settings``; the keys whose value was refused (shown inline)."""
        bad: list[str] = []
        for key, editor in self.editors.items():
            try:
                settings.set(key, editor.value())
            except ConfigError as exc:
                self.show_error(key, error_text(exc))
                bad.append(key)
            else:
                self.show_error(key, "")
        return bad

    def show_error(self, key: str, text: str) -> None:
        """Show ``text`` under the field of ``key`` (empty hides it)."""
        label = self.errors[key]
        label.setText(text)
        label.setVisible(bool(text))

    def validate(self) -> bool:
        """Check every value against the schema; show errors; emit validityChanged on change."""
        valid = not self.apply(Settings())
        if valid != self._valid:
            self._valid = valid
            self.validityChanged.emit(valid)
        return valid

    @property
    def valid(self) -> bool:
        """Whether every field holds an acceptable value."""
        return self._valid


# --------------------------------------------------------------------------- models


# Words in the ids of chat (LLM) models; embedding and reranking ids say "embed" / "rank".
_CHAT_HINTS = re.compile(
    r"instruct|chat|llama|mistral|mixtral|gemma|qwen|phi-|deepseek|nemotron|gpt|granite|"
    r"falcon|glm|jamba|dbrx|arctic|codestral|solar|yi-|-it\b",
    re.IGNORECASE,
)


def model_kind(model: ModelInfo | str) -> str | None:
    """Which service a served model is for ("embedding", "rerank", "chat"); None if unclear.

    Trove's table of known models first; then the id ("embed", "rerank"); then the listing's
    metadata (vLLM, which serves chat models, gives ``max_model_len``); then LLM family names.
    """
    model_id = model if isinstance(model, str) else model.id
    known = known_model(model_id)
    if known is not None:
        return known.service
    low = model_id.lower()
    if "embed" in low:
        return "embedding"
    if "rerank" in low or "rank" in low:
        return "rerank"
    if not isinstance(model, str) and model.max_model_len:
        return "chat"
    return "chat" if _CHAT_HINTS.search(low) else None


def _ids(models: Iterable[ModelInfo | str]) -> list[str]:
    return list(dict.fromkeys(m if isinstance(m, str) else m.id for m in models))


def order_models(models: Iterable[ModelInfo | str], service: str) -> tuple[list[str], list[str]]:
    """The served ids for ``service``, and the others (a NIM may rename its model)."""
    listed: dict[str, ModelInfo | str] = {}
    for model in models:
        listed.setdefault(model if isinstance(model, str) else model.id, model)
    fits = [i for i, model in listed.items() if model_kind(model) == service]
    return fits, [i for i in listed if i not in fits]


def pick_model(current: str, models: Sequence[ModelInfo | str], service: str) -> str:
    """``current`` if served; else the first served model that is for ``service``."""
    ids = _ids(models)
    if not ids or current in ids or any(current == m.split(":")[0] for m in ids):
        return current
    fits, _others = order_models(models, service)
    return fits[0] if fits else current


def fetch_models(settings: Settings, service: str) -> list[ModelInfo]:
    """Worker side: the models ``service``'s NIM lists at ``/v1/models``; raises TroveError."""
    key = secrets.load_api_key(settings["api_key_env"])
    endpoint = endpoints_from_settings(settings, key)[service]
    # One quick try: a settings screen should say "does not answer" now, not after retries.
    options = replace(ClientOptions.from_settings(settings), max_retries=0, read_timeout=30.0)
    with ServiceClient(endpoint, options) as client:
        return list(client.models())


TaskStarter = Callable[
    [Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], object
]


def list_models(
    snapshot: Settings,
    combos: Mapping[str, ModelCombo],
    notes: Mapping[str, QLabel],
    run: TaskStarter,
    finished: Callable[[], None] = lambda: None,
    found: Callable[[str, list[ModelInfo]], None] = lambda service, models: None,
) -> None:
    """Fill each service's combo from its NIM's ``/v1/models``: one request per distinct URL, run
    through ``run(work, on_done, on_error)``; ``notes`` say what each service answered,
    ``finished`` is called once per answer and ``found(service, models)`` once per service."""
    by_url: dict[str, list[str]] = {}
    for service in SERVICES:
        by_url.setdefault(snapshot[f"{service}.base_url"], []).append(service)
        notes[service].setText(
            QCoreApplication.translate("Models", "Asking the service for its models…")
        )
        notes[service].setVisible(True)

    def listed(services: list[str], models: list[ModelInfo]) -> None:
        finished()
        for service in services:
            combos[service].set_models(models, combos[service].model_id())
            fits, _others = order_models(models, service)
            if not models:
                text = QCoreApplication.translate("Models", "The service lists no models.")
            elif fits:
                # Two sentences, not "%n": lupdate does not find counts in module-level calls.
                if len(fits) == 1:
                    text = QCoreApplication.translate(
                        "Models", "This NIM serves 1 suitable model: {names}"
                    )
                else:
                    text = QCoreApplication.translate(
                        "Models", "This NIM serves {count} suitable models: {names}"
                    )
                text = text.format(count=len(fits), names=", ".join(fits))
            else:
                text = QCoreApplication.translate(
                    "Models",
                    "None of the models this service offers looks right for this; pick one "
                    "under Other, or check the URL.",
                )
            notes[service].setText(text)
            found(service, models)

    def failed(services: list[str], exc: BaseException) -> None:
        finished()
        text = error_text(exc)
        for service in services:
            notes[service].setText(
                QCoreApplication.translate(
                    "Models", "{problem} You can still type a model id."
                ).format(problem=text)
            )

    for services in by_url.values():
        run(
            partial(fetch_models, snapshot, services[0]),
            partial(listed, services),
            partial(failed, services),
        )


class ModelCombo(QComboBox):
    """An editable model list: served models to pick from, or any id typed in."""

    def __init__(self, service: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setObjectName("model_" + service)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)

    def model_id(self) -> str:
        """The chosen or typed model id."""
        return self.currentText().strip()

    def set_model_id(self, model_id: str) -> None:
        """Show ``model_id`` whether or not it is in the list."""
        index = self.findText(model_id)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(model_id)

    def set_models(self, models: Sequence[ModelInfo | str], current: str) -> str:
        """Fill with the models for this service, then the others under "Other"; select a
        sensible one and return it."""
        chosen = pick_model(current, models, self.service)
        fits, others = order_models(models, self.service)
        self.blockSignals(True)
        self.clear()
        self.addItems(fits)
        if others:
            if fits:
                self.insertSeparator(self.count())
            self.addItem(QCoreApplication.translate("Models", "Other"))
            header = self.count() - 1
            item_model = self.model()
            if isinstance(item_model, QStandardItemModel):
                heading = item_model.item(header)
                if heading is not None:
                    heading.setEnabled(False)
                    heading.setSelectable(False)
            self.addItems(others)
        self.blockSignals(False)
        self.set_model_id(chosen)
        return chosen

    def served(self) -> list[str]:
        """The model ids in the list (headings and separators left out)."""
        item_model = self.model()
        out = []
        for row in range(self.count()):
            if isinstance(item_model, QStandardItemModel):
                item = item_model.item(row)
                if item is None or not item.isEnabled():
                    continue
            text = self.itemText(row)
            if text:
                out.append(text)
        return out


# --------------------------------------------------------------------------- doctor


_SERVICE_ORDER = ("keyring", "embedding", "rerank", "chat", "ocr", "tables")
_RANK = {"fail": 3, "warn": 2, "ok": 1, "skip": 0}


def summarize_checks(checks: Sequence[Check]) -> list[Check]:
    """One check per service: the worst one, or the last passing one when all passed."""
    groups: dict[str, list[Check]] = {}
    for check in checks:
        groups.setdefault(check.service, []).append(check)
    out: list[Check] = []
    for service in sorted(groups, key=lambda s: (*_SERVICE_ORDER, s).index(s)):
        items = groups[service]
        worst = max(items, key=lambda c: _RANK.get(c.status, 0))
        if worst.status in ("fail", "warn"):
            out.append(worst)
        else:
            out.append(items[-1])
    return out


def _service_title(service: str) -> str:
    return {
        "keyring": QCoreApplication.translate("Doctor", "Keyring"),
        "embedding": QCoreApplication.translate("Doctor", "Embedding"),
        "rerank": QCoreApplication.translate("Doctor", "Reranking"),
        "chat": QCoreApplication.translate("Doctor", "Chat"),
        "ocr": QCoreApplication.translate("Doctor", "OCR (scans and images)"),
        "tables": QCoreApplication.translate("Doctor", "PDF tables"),
    }.get(service, service)


_ICONS = {"ok": "check", "warn": "warning", "fail": "error", "skip": "info"}


class DoctorResults(QWidget):
    """The doctor's report, one readable row per service: icon, what happened, what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doctorResults")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, QFrame] = {}
        self.summary: list[Check] = []
        self.checks: list[Check] = []

    def clear(self) -> None:
        """Remove every row."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()
        self.summary = []
        self.checks = []

    def show_busy(self, text: str) -> None:
        """A single line saying the checks are running."""
        self.clear()
        label = QLabel(text, self)
        label.setObjectName("doctorBusy")
        self._layout.addWidget(label)

    def set_checks(self, checks: Sequence[Check]) -> None:
        """Show ``checks`` grouped by service."""
        self.clear()
        self.checks = list(checks)
        self.summary = summarize_checks(checks)
        for check in self.summary:
            row = self._row(check, [c for c in checks if c.service == check.service])
            self.rows[check.service] = row
            self._layout.addWidget(row)
        self._layout.addStretch(1)  # rows keep their height; spare room goes below them

    @property
    def failed(self) -> bool:
        """Whether any check failed."""
        return any(c.status == "fail" for c in self.checks)

    @property
    def warned(self) -> bool:
        """Whether any check warned."""
        return any(c.status == "warn" for c in self.checks)

    def _row(self, check: Check, all_checks: Sequence[Check]) -> QFrame:
        row = QFrame(self)
        row.setObjectName("doctorRow_" + check.service)
        row.setProperty("status", check.status)
        row.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QHBoxLayout(row)
        mark = QLabel(row)
        mark.setObjectName("status")
        mark.setPixmap(icon(_ICONS.get(check.status, "info")).pixmap(QSize(20, 20)))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        mark.setAccessibleName(check.status)
        grid.addWidget(mark)
        col = QVBoxLayout()
        title = QLabel("<b>{}</b>".format(_service_title(check.service).replace("<", "&lt;")), row)
        title.setObjectName("title")
        col.addWidget(title)
        detail = QLabel(core_text(check.detail), row)
        detail.setObjectName("detail")
        detail.setWordWrap(True)
        detail.setTextFormat(Qt.TextFormat.PlainText)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(detail)
        if check.fix and check.status in ("fail", "warn"):
            fix = QLabel(core_text(check.fix), row)
            fix.setObjectName("fix")
            fix.setWordWrap(True)
            fix.setTextFormat(Qt.TextFormat.PlainText)
            fix.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            fix.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            col.addWidget(fix)
        grid.addLayout(col, 1)
        # Every step of that service, for whoever wants to see them all.
        row.setToolTip(escaped("\n".join(core_text(c.detail) for c in all_checks)))
        return row
