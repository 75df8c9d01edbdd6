"""The Settings dialog: every setting of the schema, in tabs, edited on a copy until OK.

Fields are generated from ``core.settings.OPTIONS`` (``option_widgets.OptionForm``), so each one
gets the right editor, its limits, its description as help and the validation error of
``Settings.set`` beside it. OK builds a new ``Settings``, saves it on the write lane and closes;
Cancel leaves the file and the caller's settings untouched. The API key is the one exception: it
lives in the OS keyring, and its Save/Remove buttons act at once (the status line says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.doctor import Check, run_doctor
from desktop_app.core.errors import ConfigError
from desktop_app.core.nim import SERVICES, normalize_base_url
from desktop_app.core.paths import TroveDirs
from desktop_app.core.settings import PROFILES, Settings, option
from desktop_app.ui.core_text import error_text
from desktop_app.ui.icons import icon
from desktop_app.ui.option_widgets import (
    DoctorResults,
    ModelCombo,
    OptionForm,
    copy_settings,
    if_alive,
    list_models,
    option_label,
)
from desktop_app.ui.settings_key import KeyBox
from desktop_app.ui.tasks import Task, TaskRunner
from desktop_app.ui.wheel_guard import guard_wheel

__all__ = ["TAB_KEYS", "SettingsDialog"]

# Which options each tab shows; the three model ids are edited by ModelCombos on "connection".
TAB_KEYS: dict[str, tuple[str, ...]] = {
    "connection": (
        "profile",
        "embedding.base_url",
        "rerank.base_url",
        "chat.base_url",
        "ocr.base_url",
        "ocr.page_elements_url",
        "ocr.table_structure_url",
    ),
    "connection.advanced": (
        "api_key_env",
        "nim.connect_timeout",
        "nim.read_timeout",
        "nim.max_retries",
        "nim.interactive_timeout",
        "nim.verify_tls",
        "nim.ca_bundle",
        "nim.plain_http_auth_hosts",
    ),
    "indexing": (
        "index.workers",
        "index.max_file_mb",
        "index.max_chunks_per_file",
        "index.extract_timeout",
        "index.extract_memory_mb",
        "index.exclude",
    ),
    "indexing.embedding": (
        "embedding.batch_size",
        "embedding.max_in_flight",
        "embedding.dimensions",
        "embedding.max_tokens",
        "embedding.truncate",
    ),
    "indexing.ocr": (
        "ocr.enabled",
        "ocr.engine",
        "ocr.model",
        "ocr.route",
        "ocr.languages",
        "ocr.batch_size",
        "ocr.dpi",
        "ocr.timeout",
        "ocr.memory_mb",
        "ocr.page_elements_model",
        "ocr.table_structure_model",
    ),
    "indexing.storage": (
        "chroma.mode",
        "chroma.host",
        "chroma.port",
        "chroma.ssl",
        "chroma.headers",
    ),
    "search": (
        "search.mode",
        "search.limit",
        "search.translate_to",
        "rerank.enabled",
        "rerank.top_n",
        "rerank.truncate",
    ),
    "chat": (
        "chat.temperature",
        "chat.top_p",
        "chat.max_tokens",
        "chat.frequency_penalty",
        "chat.presence_penalty",
        "chat.seed",
        "chat.context_tokens",
        "chat.language",
        "chat.stop",
        "chat.min_rerank_score",
        "chat.min_similarity",
        "chat.floor_above_background",
        "chat.claim_min_rerank_score",
        "chat.claim_min_similarity",
        "chat.claim_min_coverage",
    ),
    "appearance": ("ui.language", "ui.keep_running_in_tray"),
}
_MODEL_KEYS = tuple(f"{service}.model" for service in SERVICES)


def _note(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class SettingsDialog(QDialog):
    """Trove's settings in tabs: Connection, Indexing, Search, Chat, Appearance."""

    languageChanged = Signal(str)  # ui.language after OK, when it changed ("system", "en", "ko")
    keyChanged = Signal()  # the API key was saved or removed in the keyring

    def __init__(
        self,
        dirs: TroveDirs,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
        index_dimensions: Callable[[], int | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumSize(620, 480)
        self.dirs = dirs
        self.runner = runner
        # Reads the open index's vector size (in a worker) so the test can say a NIM's vectors
        # no longer fit it, as `trove doctor` does.
        self.index_dimensions = index_dimensions
        self.original = settings
        self.working = copy_settings(settings)  # edits never touch the caller's settings
        self._result: Settings | None = None
        self._tasks: list[Task] = []
        self._saving = False
        self.forms: dict[str, OptionForm] = {}
        self._tab_of: dict[str, int] = {}

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        layout.addWidget(self.tabs, 1)
        self._add_tab(self._connection_tab(), self.tr("Connection"), "connection")
        self._add_tab(
            self._plain_tab(
                [
                    ("indexing", ""),
                    ("indexing.embedding", self.tr("Embedding requests")),
                    ("indexing.ocr", self.tr("Scans and images (OCR)")),
                    ("indexing.storage", self.tr("Vector store")),
                ]
            ),
            self.tr("Indexing"),
            "indexing",
        )
        self._add_index_size_note()
        self._add_tab(self._plain_tab([("search", "")]), self.tr("Search"), "search")
        self._add_tab(self._plain_tab([("chat", "")]), self.tr("Chat"), "chat")
        appearance = self._plain_tab([("appearance", "")])
        lang_note = _note("languageNote")
        lang_note.setText(self.tr("A new language applies to the window when you press OK."))
        appearance_layout = appearance.layout()
        assert isinstance(appearance_layout, QVBoxLayout)
        appearance_layout.insertWidget(1, lang_note)
        self._add_tab(appearance, self.tr("Appearance"), "appearance")

        self.status = _note("dialogStatus")
        self.status.setVisible(False)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("dialogButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for form in self.forms.values():
            form.validityChanged.connect(self._update_ok)
        self._update_ok()
        self.key_box.refresh()
        self._key_edited()
        guard_wheel(self)

    # ------------------------------------------------------------------ building

    @property
    def ok_button(self) -> QPushButton:
        """The OK button (disabled while a field holds a refused value)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _add_tab(self, page: QWidget, title: str, name: str) -> None:
        page.setObjectName("tab_" + name)
        index = self.tabs.addTab(_scrolling(page), title)
        for form_name, form in self.forms.items():
            if form_name.split(".")[0] == name:
                for key in form.keys:
                    self._tab_of[key] = index
        if name == "connection":
            for key in _MODEL_KEYS:
                self._tab_of[key] = index

    def _form(self, name: str) -> OptionForm:
        form = OptionForm(TAB_KEYS[name], self.working)
        form.setObjectName("form_" + name)
        self.forms[name] = form
        return form

    def _restore_button(self, restore: Callable[[], None]) -> QHBoxLayout:
        button = QPushButton(self.tr("Restore defaults"))
        button.setObjectName("restoreDefaults")
        button.clicked.connect(restore)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        return row

    def _plain_tab(self, sections: Sequence[tuple[str, str]]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        forms: list[OptionForm] = []
        for name, title in sections:
            form = self._form(name)
            forms.append(form)
            if title:
                box = QGroupBox(title, page)
                QVBoxLayout(box).addWidget(form)
                layout.addWidget(box)
            else:
                layout.addWidget(form)
        layout.addStretch(1)

        def restore() -> None:
            for form in forms:
                form.restore_defaults()

        layout.addLayout(self._restore_button(restore))
        return page

    def _add_index_size_note(self) -> None:
        """Under the vector size: the size the open index really holds (read in a worker), since
        a model of fixed size ignores the one asked for."""
        form = self.forms["indexing.embedding"]
        self.index_size_note = _note("indexSizeNote")
        self.index_size_note.setVisible(False)
        layout = form.layout()
        assert isinstance(layout, QFormLayout)
        layout.addRow(self.index_size_note)
        self._index_size: int | None = None
        form.editors["embedding.dimensions"].changed.connect(self._update_index_size_note)
        if self.index_dimensions is not None:
            self._run(self.index_dimensions, self._index_size_read, lambda _exc: None)

    def _index_size_read(self, size: int | None) -> None:
        self._index_size = size
        self._update_index_size_note()

    def _update_index_size_note(self) -> None:
        size = self._index_size
        requested = self.forms["indexing.embedding"].editors["embedding.dimensions"].value()
        if size == requested:
            text = self.tr("The current index holds {size}-dimension vectors.")
        else:
            text = self.tr(
                "The current index holds {size}-dimension vectors: the embedding model decides "
                "the size unless it accepts the one chosen here."
            )
        self.index_size_note.setText(text.format(size=size))
        self.index_size_note.setVisible(size is not None)

    def _connection_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = self._form("connection")
        form.editors["profile"].changed.connect(self._profile_switched)
        layout.addWidget(form)
        self.privacy = _note("hostedNotice")
        self.privacy.setText(
            self.tr(
                "With the hosted profile, the text of your files is sent to NVIDIA's servers to "
                "be embedded, and your questions with the matching passages to be answered."
            )
        )
        layout.addWidget(self.privacy)

        # Models: editable lists filled from each service's /v1/models.
        models = QGroupBox(self.tr("Models"), page)
        mform = QFormLayout(models)
        self.combos: dict[str, ModelCombo] = {}
        self.model_notes: dict[str, QLabel] = {}
        for service in SERVICES:
            combo = ModelCombo(service, models)
            key = f"{service}.model"
            combo.set_model_id(self.working[key])
            combo.setToolTip(option(key).doc)
            combo.setAccessibleName(option_label(key))
            label = QLabel(option_label(key), models)
            label.setBuddy(combo)
            note = _note("modelsNote_" + service)
            note.setVisible(False)
            mform.addRow(label, combo)
            mform.addRow(note)
            self.combos[service] = combo
            self.model_notes[service] = note
        self.refresh_models = QPushButton(icon("refresh"), self.tr("Refresh model lists"), models)
        self.refresh_models.setObjectName("refreshModels")
        self.refresh_models.clicked.connect(self.fetch_models)
        mform.addRow(self.refresh_models)
        layout.addWidget(models)

        self.key_box = KeyBox(self._run, self._env_name, page)
        self.key_box.changed.connect(self.keyChanged.emit)
        box = self.key_box
        self.key, self.key_warning, self.show_key = (
            box.key,
            box.editor.key_warning,
            box.editor.show_key,
        )
        self.key_status, self.keyring_note = box.key_status, box.keyring_note
        self.save_key, self.remove_key = box.save_key, box.remove_key
        layout.addWidget(self.key_box)

        # Test connection: the doctor on the values as edited (not yet saved).
        test = QGroupBox(self.tr("Test connection"), page)
        tlayout = QVBoxLayout(test)
        self.test_button = QPushButton(icon("check"), self.tr("Test connection"), test)
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        tlayout.addLayout(row)
        self.doctor = DoctorResults(test)
        tlayout.addWidget(self.doctor)
        layout.addWidget(test)

        advanced = QGroupBox(self.tr("Advanced"), page)
        alayout = QVBoxLayout(advanced)
        aform = self._form("connection.advanced")
        alayout.addWidget(aform)
        self.plain_http_warning = _note("plainHttpWarning")
        alayout.addWidget(self.plain_http_warning)
        aform.editors["nim.plain_http_auth_hosts"].changed.connect(self._update_plain_http)
        layout.addWidget(advanced)
        layout.addStretch(1)
        layout.addLayout(self._restore_button(self._restore_connection))
        self._update_privacy()
        self._update_plain_http()
        return page

    # ------------------------------------------------------------------ tasks

    def _run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        lane: str = "pool",
    ) -> Task:
        self._tasks = [t for t in self._tasks if not t.finished]
        task = self.runner.run(fn, if_alive(self, on_done), if_alive(self, on_error), lane=lane)
        self._tasks.append(task)
        return task

    @property
    def busy(self) -> bool:
        """Whether a model list, key change, test or save is still running."""
        return any(not t.finished for t in self._tasks)

    # ------------------------------------------------------------------ connection

    def _profile_switched(self) -> None:
        profile = self.forms["connection"].editors["profile"].value()
        urls = self.forms["connection"].editors
        for key, value in PROFILES.get(profile, {}).items():
            if key in urls:
                urls[key].set_value(value)
        self._update_privacy()
        self._key_edited()

    def _update_privacy(self) -> None:
        hosted = self.forms["connection"].editors["profile"].value() == "hosted"
        self.privacy.setVisible(hosted)

    def _update_plain_http(self) -> None:
        hosts = self.forms["connection.advanced"].editors["nim.plain_http_auth_hosts"].value()
        hosts = [h for h in hosts or [] if str(h).strip()]
        self.plain_http_warning.setText(
            self.tr(
                "The API key will be sent unencrypted to {hosts}: anyone who can watch that "
                "network can read and use it. Prefer an https:// URL."
            ).format(hosts=", ".join(hosts))
        )
        self.plain_http_warning.setVisible(bool(hosts))

    def _restore_connection(self) -> None:
        for name in ("connection", "connection.advanced"):
            self.forms[name].restore_defaults()
        for service, combo in self.combos.items():
            combo.set_model_id(option(f"{service}.model").default)
        self._update_privacy()
        self._update_plain_http()

    def _snapshot(self) -> Settings | None:
        """The settings as edited now, or None (errors shown) if a value is refused."""
        new = Settings(path=self.dirs.settings_file)
        bad: list[str] = []
        for form in self.forms.values():
            bad.extend(form.apply(new))
        for service, combo in self.combos.items():
            note = self.model_notes[service]
            try:
                new.set(f"{service}.model", combo.model_id())
            except ConfigError as exc:
                note.setText(error_text(exc))
                note.setVisible(True)
                bad.append(f"{service}.model")
        for service in SERVICES:
            key = f"{service}.base_url"
            if key in bad:
                continue
            try:
                url, notes = normalize_base_url(new[key], key=key)
            except ConfigError as exc:
                self.forms["connection"].show_error(key, error_text(exc))
                bad.append(key)
                continue
            if notes:
                # Show what was fixed (a pasted /embeddings route, a missing /v1) and keep it.
                self.forms["connection"].editors[key].set_value(url)
                self.forms["connection"].show_error(key, " ".join(notes))
            new.set(key, url)
        if bad:
            self.tabs.setCurrentIndex(self._tab_of.get(bad[0], 0))
            return None
        return new

    def fetch_models(self) -> None:
        """Fill the model lists from each service's /v1/models, off the GUI thread."""
        snapshot = self._snapshot()
        if snapshot is None:
            return
        list_models(snapshot, self.combos, self.model_notes, self._run)

    def test_connection(self) -> None:
        """Run the doctor on the values as edited, off the GUI thread."""
        snapshot = self._snapshot()
        if snapshot is None:
            return
        self.test_button.setEnabled(False)
        self.doctor.show_busy(self.tr("Checking… this can take a few seconds."))
        dimensions = self.index_dimensions
        self._run(
            lambda: run_doctor(snapshot, dimensions() if dimensions is not None else None),
            self._tested,
            self._test_failed,
        )

    def _tested(self, checks: list[Check]) -> None:
        self.test_button.setEnabled(True)
        self.doctor.set_checks(checks)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.doctor.clear()
        self.doctor.show_busy(error_text(exc))

    # ------------------------------------------------------------------ the key

    def _env_name(self) -> str:
        value = self.forms["connection.advanced"].editors["api_key_env"].value()
        return str(value or "NVIDIA_API_KEY")

    def _key_edited(self) -> None:
        hosted = self.forms["connection"].editors["profile"].value() == "hosted"
        self.key_box.editor.set_hosted(hosted)

    def store_key(self) -> None:
        """Save the typed key in the keyring (off the GUI thread)."""
        self.key_box.store()

    def delete_key(self) -> None:
        """Remove the key from the keyring (off the GUI thread)."""
        self.key_box.delete()

    # ------------------------------------------------------------------ OK / Cancel

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(all(f.valid for f in self.forms.values()) and not self._saving)

    def accept(self) -> None:
        """Validate every tab, save the new settings on the write lane, then close."""
        if self._saving:
            return
        new = self._snapshot()
        if new is None:
            self._update_ok()
            return
        self._saving = True
        self._update_ok()
        target = self.dirs.settings_file

        # A file that cannot be written (full disk, read-only folder) raises ConfigError.
        self._run(lambda: new.save(target), lambda _: self._saved(new), self._save_failed, "write")

    def _saved(self, new: Settings) -> None:
        self._saving = False
        self._result = new
        old_language = self.original["ui.language"]
        super().accept()
        if new["ui.language"] != old_language:
            self.languageChanged.emit(new["ui.language"])

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._update_ok()
        self.status.setText(
            self.tr("The settings could not be saved: {reason}").format(reason=error_text(exc))
        )
        self.status.setVisible(True)

    def result_settings(self) -> Settings | None:
        """The saved settings after OK; None if the dialog was cancelled."""
        return self._result

    def done(self, result: int) -> None:
        """Drop callbacks of work still running; the saving task is the one to wait for."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        super().done(result)
