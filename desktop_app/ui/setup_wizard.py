"""First-run setup: NIM profile, API key or URLs, models, a doctor check, the first folders.

The wizard edits a copy of the settings and saves it when the user finishes; the API key goes
straight to the OS keyring (never into settings, logs or messages). Every network or keyring call
runs on the task runner, so the window never freezes while a NIM takes its time to answer.
``folders()`` gives the chosen folders; the main window adds them through the engine bridge.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.core import secrets
from desktop_app.core.doctor import Check, run_doctor
from desktop_app.core.errors import ConfigError
from desktop_app.core.nim import SERVICES, is_hosted_url, normalize_base_url
from desktop_app.core.nim.models import ModelInfo
from desktop_app.core.paths import TroveDirs
from desktop_app.core.secrets import KeyState
from desktop_app.core.settings import HOSTED_PROFILE, LOCAL_PROFILE, Settings, apply_profile
from desktop_app.ui import demo_server
from desktop_app.ui.api_key_editor import ApiKeyEditor
from desktop_app.ui.core_text import error_hint, error_text
from desktop_app.ui.folder_dialog import choose_directory
from desktop_app.ui.icons import icon
from desktop_app.ui.option_widgets import (
    DoctorResults,
    ModelCombo,
    copy_settings,
    if_alive,
    list_models,
    model_kind,
    option_label,
)
from desktop_app.ui.tasks import Task, TaskRunner
from desktop_app.ui.wheel_guard import guard_wheel

__all__ = ["SetupWizard", "needs_setup"]

PAGE_WELCOME, PAGE_CONNECTION, PAGE_MODELS, PAGE_CHECK, PAGE_FOLDERS = range(5)


def needs_setup(dirs: TroveDirs, settings: Settings) -> bool:
    """Whether this is the first run: no settings file has been written yet."""
    # A stat, not I/O worth a worker: the app asks once, before its window opens.
    return not dirs.settings_file.exists()


def _note(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class _Page(QWizardPage):
    """A page that reaches its wizard's working settings and task runner."""

    def setup(self) -> SetupWizard:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard


class WelcomePage(_Page):
    """Welcome, and where the NIMs run: NVIDIA's hosted catalog or the user's own servers."""

    def __init__(self, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to Trove"))
        self.setSubTitle(
            self.tr(
                "Trove searches and answers questions about your own files. It uses NVIDIA NIM "
                "models to understand text. Choose where those models run."
            )
        )
        layout = QVBoxLayout(self)
        self.hosted = QRadioButton(self.tr("NVIDIA API catalog (hosted)"), self)
        self.hosted.setObjectName("profileHosted")
        hosted_note = _note("hostedNotice")
        hosted_note.setText(
            self.tr(
                "Uses NVIDIA's servers with an API key from build.nvidia.com. The text of your "
                "files is sent to NVIDIA's servers to be embedded, and your questions and the "
                "matching passages are sent there to be answered."
            )
        )
        hosted_note.setContentsMargins(24, 0, 0, 8)
        self.local = QRadioButton(self.tr("Local NIM (your own servers)"), self)
        self.local.setObjectName("profileLocal")
        local_note = _note("localNotice")
        local_note.setText(
            self.tr(
                "Uses NIM containers you run yourself, on this computer or your network. The "
                "text of your files goes only to the servers you name."
            )
        )
        local_note.setContentsMargins(24, 0, 0, 8)
        for widget in (self.hosted, hosted_note, self.local, local_note):
            layout.addWidget(widget)
        layout.addStretch(1)
        (self.hosted if profile == HOSTED_PROFILE else self.local).setChecked(True)

    def profile(self) -> str:
        """The chosen profile name."""
        return HOSTED_PROFILE if self.hosted.isChecked() else LOCAL_PROFILE


class ConnectionPage(_Page):
    """The API key (hosted) or the three NIM URLs (local)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saving = False
        self._profile = ""
        layout = QVBoxLayout(self)

        # The key: required for hosted, optional for local NIMs behind a gateway.
        key_box = QWidget(self)
        key_form = QFormLayout(key_box)
        key_form.setContentsMargins(0, 0, 0, 0)
        # The same key editor as in Settings; where the key comes from is read off the GUI thread.
        self.key_editor = ApiKeyEditor(self.tr("API key"), self)
        self.key_editor.stateKnown.connect(lambda _state: self._show_key_notes())
        self.key, self.show_key = self.key_editor.key, self.key_editor.show_key
        self.key_warning = self.key_editor.key_warning
        self.key_label = QLabel(self.tr("API key"), self)
        self.key_label.setBuddy(self.key)
        key_form.addRow(self.key_label, self.key_editor)
        self.key_note = _note("keyNote")
        self.keyring_note = _note("keyringNote")
        for note in (self.key_note, self.keyring_note):
            note.setVisible(False)  # each appears only when it has something to say
            key_form.addRow(note)
        layout.addWidget(key_box)

        # The URLs: the point of the local profile; an advanced change for the hosted one.
        self.custom_urls = QCheckBox(self.tr("Use other service URLs (advanced)"), self)
        self.custom_urls.setObjectName("customUrls")
        self.custom_urls.toggled.connect(self._update_visibility)
        layout.addWidget(self.custom_urls)
        self.url_box = QWidget(self)
        url_form = QFormLayout(self.url_box)
        url_form.setContentsMargins(0, 0, 0, 0)
        self.same_url = QCheckBox(self.tr("Use the same URL for all three services"), self)
        self.same_url.setObjectName("sameUrl")
        self.same_url.toggled.connect(self._sync_urls)
        url_form.addRow(self.same_url)
        self.urls: dict[str, QLineEdit] = {}
        self.url_errors: dict[str, QLabel] = {}
        for service in SERVICES:
            edit = QLineEdit(self)
            edit.setObjectName("url_" + service)
            edit.setPlaceholderText("http://localhost:8000/v1")
            key = f"{service}.base_url"
            edit.setAccessibleName(option_label(key))
            label = QLabel(option_label(key), self)
            label.setBuddy(edit)
            error = _note("urlError_" + service)
            error.setVisible(False)
            url_form.addRow(label, edit)
            url_form.addRow(error)
            self.urls[service] = edit
            self.url_errors[service] = error
        self.urls["embedding"].textChanged.connect(self._sync_urls)
        demo_row = QHBoxLayout()
        self.demo = QPushButton(self.tr("Use the demo server"), self)
        self.demo.setObjectName("useDemo")
        self.demo.setToolTip(
            self.tr("No NVIDIA account or GPU? Try Trove with a simulated NIM on this computer.")
        )
        self.demo.clicked.connect(self.use_demo)
        self.demo_hint = _note("demoHint")
        self.demo_hint.setText(self.demo.toolTip())
        self.demo_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        demo_row.addWidget(self.demo)
        demo_row.addWidget(self.demo_hint, 1)
        url_form.addRow(demo_row)
        self.demo_note = _note("demoNote")
        self.demo_note.setVisible(False)
        url_form.addRow(self.demo_note)
        layout.addWidget(self.url_box)
        layout.addStretch(1)
        self._key_box = key_box
        self._layout = layout

    # -- state ------------------------------------------------------------------------

    def initializePage(self) -> None:
        """Take the profile from the welcome page and show its URLs and key state."""
        wizard = self.setup()
        profile = wizard.welcome.profile()
        working = wizard.working
        if profile != self._profile:
            if working["profile"] != profile or self._profile:
                apply_profile(working, profile)
            self._profile = profile
            for service in SERVICES:
                self.urls[service].setText(working[f"{service}.base_url"])
            same = len({working[f"{s}.base_url"] for s in SERVICES}) == 1
            self.same_url.setChecked(same and profile == LOCAL_PROFILE)
            self.custom_urls.setChecked(False)
        hosted = profile == HOSTED_PROFILE
        if hosted:
            self.setTitle(self.tr("Your NVIDIA API key"))
            self.setSubTitle(
                self.tr(
                    "Get a key at build.nvidia.com. It is saved in your system's keyring, "
                    "never in Trove's settings file."
                )
            )
            self.key_label.setText(self.tr("API key"))
        else:
            self.setTitle(self.tr("Your NIM servers"))
            self.setSubTitle(
                self.tr(
                    "Enter the base URL of each NIM (ending in /v1). One server may serve "
                    "all three."
                )
            )
            self.key_label.setText(self.tr("API key (optional)"))
        # What the profile needs most comes first: the key when hosted, the URLs when local.
        self._layout.removeWidget(self._key_box)
        self._layout.insertWidget(0 if hosted else 2, self._key_box)
        self._update_visibility()
        self.key_editor.set_hosted(hosted)
        urls = [self.custom_urls, self.same_url, *self.urls.values()]
        key = [self.key, self.show_key]
        chain = key + urls if hosted else urls + key
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        (self.key if hosted else self.urls["embedding"]).setFocus()
        self.key_editor.probe(wizard.run_task, working["api_key_env"])

    def _show_key_notes(self) -> None:
        env_name = self.setup().working["api_key_env"]
        state = self.key_editor.state
        notes: list[str] = []
        if state is not None and state.from_env:
            notes.append(
                self.tr(
                    "The environment variable {name} is set: its key is used and overrides "
                    "a key saved here."
                ).format(name=env_name)
            )
        elif self._stored:
            notes.append(
                self.tr("A key is already saved in the keyring. Leave the field empty to keep it.")
            )
        self.key_note.setText("\n".join(notes))
        self.key_note.setVisible(bool(notes))
        if state is not None and not state.keyring_usable:
            self.keyring_note.setText(
                self.tr(
                    "No usable system keyring was found, so Trove cannot save the key. Set it "
                    "in the environment instead, e.g. {name}=nvapi-… in your session's "
                    "startup file, then restart Trove."
                ).format(name=env_name)
            )
            self.keyring_note.setVisible(True)
            self.key.setEnabled(False)
        else:
            self.keyring_note.setVisible(False)
            self.key.setEnabled(True)

    @property
    def _stored(self) -> bool:
        """A key is already in the keyring (as far as the last probe knows)."""
        state = self.key_editor.state
        return state is not None and state.source == "keyring"

    def _update_visibility(self) -> None:
        hosted = self._profile == HOSTED_PROFILE
        self.custom_urls.setVisible(hosted)
        self.url_box.setVisible(not hosted or self.custom_urls.isChecked())
        self.same_url.setVisible(not hosted)
        self.demo.setVisible(not hosted)
        self.demo_hint.setVisible(not hosted)
        self.demo_note.setVisible(not hosted and bool(self.demo_note.text()))

    def use_demo(self) -> None:
        """Point all three services at the demo NIM (started here when Trove runs from source)."""
        running = demo_server.start()
        self.same_url.setChecked(True)
        self.urls["embedding"].setText(demo_server.DEMO_URL)
        self._sync_urls()
        note = self.tr(
            "Demo only: the simulated NIM finds passages by the words they share and answers "
            "by quoting one. Use it to try Trove, not for real questions."
        )
        if running:
            note += " " + self.tr(
                "It runs while Trove is open; to use it after a restart, start it from Trove's "
                "source folder with: python -m tests.nimsim"
            )
        else:
            note += " " + self.tr(
                "Start it from Trove's source folder with: python -m tests.nimsim — then continue."
            )
        self.demo_note.setText(note)
        self.demo_note.setVisible(True)

    def _sync_urls(self) -> None:
        same = self.same_url.isChecked() and self._profile == LOCAL_PROFILE
        for service in ("rerank", "chat"):
            self.urls[service].setReadOnly(same)
            if same:
                self.urls[service].setText(self.urls["embedding"].text())

    # -- leaving the page -------------------------------------------------------------

    def validatePage(self) -> bool:
        """Check the URLs; save a typed key to the keyring (off the GUI thread) first."""
        if self._saving:
            return False
        working = self.setup().working
        ok = True
        for service, edit in self.urls.items():
            error = self.url_errors[service]
            try:
                url, _notes = normalize_base_url(edit.text(), key=f"{service}.base_url")
                working.set(f"{service}.base_url", url)
            except ConfigError as exc:
                error.setText(error_text(exc))
                error.setVisible(True)
                self.url_box.setVisible(True)
                ok = False
            else:
                error.setVisible(False)
                edit.setText(url)
        if not ok:
            return False
        if not is_hosted_url(working["embedding.base_url"]):
            # Services moved off the catalog: no hosted OCR assumed either (the local engine
            # reads scans; an OCR NIM is added in Settings).
            working.set("ocr.base_url", None)
        text = self.key.text().strip()
        if text and self.key.isEnabled():
            self._save_key(text)
            return False  # the wizard moves on once the keyring has it
        state = self.key_editor.state
        keyring_usable = state is None or state.keyring_usable
        from_env = state is not None and state.from_env
        if self._profile == HOSTED_PROFILE and keyring_usable and not self._stored and not from_env:
            # Without a key every hosted check would fail; say so here rather than later.
            self.key_editor.warn(self.tr("Enter your API key to use the NVIDIA API catalog."))
            self.key.setFocus()
            return False
        return True

    def _save_key(self, text: str) -> None:
        self._saving = True
        self.key.setEnabled(False)
        self.key_note.setText(self.tr("Saving the key in the keyring…"))
        self.key_note.setVisible(True)

        def saved(_: Any) -> None:
            self._saving = False
            self.key.clear()  # the keyring has it; the widget need not hold it any longer
            usable = state.keyring_usable if (state := self.key_editor.state) else True
            self.key_editor.state = KeyState(usable, state.keyring if state else "", "keyring")
            self._show_key_notes()
            self.setup().next()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.key.setEnabled(True)
            self.key_note.setText(error_text(exc))
            hint = error_hint(exc)
            self.keyring_note.setText(hint)
            self.keyring_note.setVisible(bool(hint))

        self.setup().run_task(lambda: secrets.store_api_key(text), saved, failed)


class ModelsPage(_Page):
    """Which model each service uses, from the lists the NIMs serve at /v1/models."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Models"))
        self.setSubTitle(
            self.tr(
                "Trove asked each service which models it serves. Pick one, or type a model id."
            )
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.combos: dict[str, ModelCombo] = {}
        self.notes: dict[str, QLabel] = {}
        for service in SERVICES:
            combo = ModelCombo(service, self)
            key = f"{service}.model"
            combo.setAccessibleName(option_label(key))
            label = QLabel(option_label(key), self)
            label.setBuddy(combo)
            note = _note("modelsNote_" + service)
            form.addRow(label, combo)
            form.addRow(note)
            self.combos[service] = combo
            self.notes[service] = note
        self.rerank = QCheckBox(option_label("rerank.enabled"), self)
        self.rerank.setObjectName("useRerank")
        self.rerank.setToolTip(
            self.tr("Reranking reorders search results with the reranking model: better, slower.")
        )
        self._rerank_touched = False  # once the user clicks it, their choice stands
        self.rerank.clicked.connect(self._rerank_clicked)
        form.addRow(self.rerank)
        layout.addLayout(form)
        self.refresh = QPushButton(icon("refresh"), self.tr("Ask the services again"), self)
        self.refresh.setObjectName("refreshModels")
        self.refresh.clicked.connect(self.fetch)
        row = QHBoxLayout()
        row.addWidget(self.refresh)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.pending = 0

    def initializePage(self) -> None:
        """Show the current models and ask every service for its list."""
        working = self.setup().working
        for service, combo in self.combos.items():
            combo.clear()
            combo.set_model_id(working[f"{service}.model"])
        self.rerank.setChecked(working["rerank.enabled"] != "off")
        self.fetch()

    def fetch(self) -> None:
        """Ask each distinct NIM URL for its models, off the GUI thread."""
        wizard = self.setup()

        def run(work: Callable[[], Any], done: Callable[[Any], None], failed: Any) -> None:
            self.pending += 1
            wizard.run_task(work, done, failed)

        list_models(
            copy_settings(wizard.working),
            self.combos,
            self.notes,
            run,
            self._answered,
            found=self._found,
        )

    def _answered(self) -> None:
        self.pending -= 1

    def _rerank_clicked(self) -> None:
        self._rerank_touched = True

    def _found(self, service: str, models: list[ModelInfo]) -> None:
        """A served reranking model turns reranking on (unless the user said otherwise)."""
        served = any(model_kind(m) == "rerank" for m in models)
        if service == "rerank" and served and not self._rerank_touched:
            self.rerank.setChecked(True)

    def validatePage(self) -> bool:
        """Keep the chosen models in the working settings."""
        working = self.setup().working
        ok = True
        for service, combo in self.combos.items():
            try:
                working.set(f"{service}.model", combo.model_id())
            except ConfigError as exc:
                self.notes[service].setText(error_text(exc))
                ok = False
        if self._rerank_touched:  # else 'auto' stays: rerank whenever a reranker answers
            working.set("rerank.enabled", "on" if self.rerank.isChecked() else "off")
        return ok


class CheckPage(_Page):
    """The doctor, one row per service; finishing with failures is allowed (with a warning)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Checking the services"))
        self.setSubTitle(self.tr("Trove sends a small test request to each service."))
        layout = QVBoxLayout(self)
        self.results = DoctorResults(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.results)
        layout.addWidget(scroll, 1)
        self.summary = _note("checkSummary")
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.recheck = QPushButton(icon("refresh"), self.tr("Check again"), self)
        self.recheck.setObjectName("recheck")
        self.recheck.clicked.connect(self.run_checks)
        row.addWidget(self.recheck)
        row.addStretch(1)
        layout.addLayout(row)
        self.running = False
        self._task: Task | None = None

    def initializePage(self) -> None:
        """Run the checks each time the page is shown (the settings may have changed)."""
        self.run_checks()

    def run_checks(self) -> None:
        """Run the doctor on the working settings, off the GUI thread."""
        if self._task is not None and not self._task.finished:
            self._task.cancel()
        snapshot = copy_settings(self.setup().working)
        self.running = True
        self.recheck.setEnabled(False)
        self.summary.setText("")
        self.results.show_busy(self.tr("Checking… this can take a few seconds."))
        self._task = self.setup().run_task(lambda: run_doctor(snapshot), self._done, self._failed)

    def _done(self, checks: list[Check]) -> None:
        self.running = False
        self.recheck.setEnabled(True)
        self.results.set_checks(checks)
        if self.results.failed:
            self.summary.setText(
                self.tr(
                    "Some checks failed; see what to do above. You can finish now and fix this "
                    "later in Settings, but search and chat need working services."
                )
            )
        elif self.results.warned:
            self.summary.setText(self.tr("The services work; see the warnings above."))
        else:
            self.summary.setText(self.tr("Everything works."))

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.recheck.setEnabled(True)
        self.results.clear()
        text = error_text(exc)
        hint = error_hint(exc)
        self.summary.setText(text + ("\n" + hint if hint else ""))


class FoldersPage(_Page):
    """The first folders to search (optional: more can be added any time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Folders"))
        self.setSubTitle(
            self.tr(
                "Choose the folders Trove should search. Trove keeps them up to date as files "
                "change. You can skip this and add folders later."
            )
        )
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setObjectName("folderList")
        self.list.setAccessibleName(self.tr("Chosen folders"))
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add = QPushButton(icon("folder-plus"), self.tr("Add folder…"), self)
        self.add.setObjectName("addFolder")
        self.add.clicked.connect(self.choose_folder)
        self.remove = QPushButton(icon("trash"), self.tr("Remove"), self)
        self.remove.setObjectName("removeFolder")
        self.remove.clicked.connect(self.remove_selected)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = _note("saveError")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.setFinalPage(True)

    def choose_folder(self) -> None:
        """Ask for a folder and add it to the list."""
        path = choose_directory(self, self.tr("Choose a folder to search"))
        if path and path not in self.folders():
            self.list.addItem(path)

    def remove_selected(self) -> None:
        """Drop the selected folder from the list."""
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def folders(self) -> list[str]:
        """The chosen folder paths, in order."""
        return [self.list.item(i).text() for i in range(self.list.count())]


class SetupWizard(QWizard):
    """Trove's first-run setup; everything it sets can be changed later in Settings."""

    def __init__(
        self,
        dirs: TroveDirs,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.dirs = dirs
        self.runner = runner
        self.working = copy_settings(settings)
        self.working.path = dirs.settings_file
        self._tasks: list[Task] = []
        self.setWindowTitle(self.tr("Set up Trove"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(640, 480)
        self.welcome = WelcomePage(self.working["profile"])
        self.connection = ConnectionPage()
        self.models = ModelsPage()
        self.check = CheckPage()
        self.folders_page = FoldersPage()
        self.setPage(PAGE_WELCOME, self.welcome)
        self.setPage(PAGE_CONNECTION, self.connection)
        self.setPage(PAGE_MODELS, self.models)
        self.setPage(PAGE_CHECK, self.check)
        self.setPage(PAGE_FOLDERS, self.folders_page)
        # Escape or the window's close button would drop the setup with no question.
        self.ask_before_leaving = True
        self.confirm_leave: Callable[[], bool] = self._confirm_leave
        guard_wheel(self)

    def run_task(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> Task:
        """Run ``fn`` on the runner; callbacks are dropped once the wizard is closed."""
        self._tasks = [t for t in self._tasks if not t.finished]
        task = self.runner.run(fn, if_alive(self, on_done), if_alive(self, on_error))
        self._tasks.append(task)
        return task

    def folders(self) -> list[str]:
        """The folders the user chose to add."""
        return self.folders_page.folders()

    def result_settings(self) -> Settings:
        """The settings as set up (saved to disk when the wizard was accepted)."""
        return self.working

    def accept(self) -> None:
        """Save the settings file (a small JSON write), then close."""
        try:
            self.working.save(self.dirs.settings_file)
        except ConfigError as exc:  # a full disk, a read-only folder
            self.folders_page.error.setText(f"{error_text(exc)}\n{error_hint(exc)}")
            self.folders_page.error.setVisible(True)
            return
        super().accept()

    def _confirm_leave(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Leave the setup?"),
            self.tr(
                "Trove will open without NIM services: keyword search works once you add a "
                "folder, but semantic search and chat need a NIM. The window offers this setup "
                "again until it is done."
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        leave = box.addButton(self.tr("Leave setup"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(self.tr("Continue setup"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave

    def reject(self) -> None:
        """Escape, Cancel or closing the window: ask first, then leave without saving."""
        if self.ask_before_leaving and not self.confirm_leave():
            return
        super().reject()

    def done(self, result: int) -> None:
        """Drop pending callbacks: their pages are going away."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        super().done(result)
