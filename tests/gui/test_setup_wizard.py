"""First-run setup against the NIM simulator: profile, key or URLs, models, doctor, folders."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QFrame, QLabel, QWizard

from desktop_app.core.paths import TroveDirs
from desktop_app.core.secrets import KEYRING_SERVICE, KEYRING_USERNAME
from desktop_app.core.settings import Settings
from desktop_app.ui.setup_wizard import (
    PAGE_CHECK,
    PAGE_CONNECTION,
    PAGE_FOLDERS,
    PAGE_MODELS,
    SetupWizard,
    needs_setup,
)
from desktop_app.ui.tasks import TaskRunner
from tests.nimsim import NimSimulator

KEY = (KEYRING_SERVICE, KEYRING_USERNAME)


@pytest.fixture
def make_wizard(qtbot, dirs: TroveDirs):
    """A wizard on fresh (unsaved) settings, shown, with a real task runner."""

    def make() -> SetupWizard:
        settings = Settings.load(dirs.settings_file)
        wizard = SetupWizard(dirs, settings, TaskRunner())
        wizard.ask_before_leaving = False  # closing at teardown must not wait on a question
        qtbot.addWidget(wizard)
        wizard.show()
        return wizard

    return make


@pytest.fixture
def hosted_sim() -> Iterator[NimSimulator]:
    """A simulator acting as the hosted catalog that accepts only the key 'nvapi-good'."""
    with NimSimulator(profile="hosted", valid_keys={"nvapi-good"}) as simulator:
        yield simulator


def _row_status(wizard: SetupWizard, service: str) -> str:
    row = wizard.check.results.rows[service]
    return str(row.property("status"))


def _row_text(wizard: SetupWizard, service: str, name: str) -> str:
    row: QFrame = wizard.check.results.rows[service]
    label = row.findChild(QLabel, name)
    return label.text() if label is not None else ""


def _wait_models(qtbot, wizard: SetupWizard) -> None:
    qtbot.waitUntil(lambda: wizard.models.pending == 0, timeout=10000)


def _wait_check(qtbot, wizard: SetupWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.check.running, timeout=15000)


def _go_hosted(qtbot, wizard: SetupWizard, sim: NimSimulator, key: str) -> None:
    wizard.welcome.hosted.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_CONNECTION
    page = wizard.connection
    assert not page.same_url.isVisibleTo(wizard)  # hosted: URLs only behind "advanced"
    assert not page.url_box.isVisibleTo(wizard)
    page.custom_urls.setChecked(True)
    for edit in page.urls.values():
        edit.setText(sim.base_url)
    wizard.next()
    assert wizard.currentId() == PAGE_CONNECTION  # hosted without a key: asked for one
    assert "Enter your API key" in page.key_warning.text()
    page.key.setText(key)
    wizard.next()  # saves the key off the GUI thread, then moves on by itself
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_MODELS, timeout=5000)


def test_local_flow_fills_models_checks_and_saves(
    qtbot, make_wizard, dirs: TroveDirs, sim: NimSimulator, memory_keyring, tmp_path, monkeypatch
) -> None:
    sim.config.chat_model = "acme/chat-small"  # not the default: the wizard must pick it up
    settings = Settings.load(dirs.settings_file)
    assert needs_setup(dirs, settings)
    wizard = make_wizard()
    wizard.welcome.local.setChecked(True)
    wizard.next()
    page = wizard.connection
    assert wizard.currentId() == PAGE_CONNECTION and page.same_url.isChecked()
    page.urls["embedding"].setText(sim.base_url)
    assert page.urls["chat"].text() == sim.base_url  # "same URL for all" follows along
    assert page.urls["rerank"].isReadOnly()
    wizard.next()
    assert wizard.currentId() == PAGE_MODELS
    _wait_models(qtbot, wizard)
    combos = wizard.models.combos
    # Each list offers the models for its service first; the rest wait under "Other".
    chat_items = [combos["chat"].itemText(i) for i in range(combos["chat"].count())]
    other = chat_items.index("Other")
    assert chat_items[:other] == ["acme/chat-small", ""]  # "" is the separator
    assert set(chat_items[other + 1 :]) == {sim.config.embed_model, sim.config.rerank_model}
    assert combos["chat"].served() == ["acme/chat-small", *chat_items[other + 1 :]]
    embed_items = [combos["embedding"].itemText(i) for i in range(combos["embedding"].count())]
    assert embed_items[0] == sim.config.embed_model
    assert "acme/chat-small" in embed_items[embed_items.index("Other") :]
    assert combos["chat"].model_id() == "acme/chat-small"
    assert combos["embedding"].model_id() == sim.config.embed_model
    assert (
        wizard.models.notes["embedding"].text()
        == f"This NIM serves 1 suitable model: {sim.config.embed_model}"
    )
    # A served reranker turns reranking on.
    assert wizard.models.rerank.isChecked()

    wizard.next()
    assert wizard.currentId() == PAGE_CHECK
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "embedding") == "ok"
    assert _row_status(wizard, "chat") == "ok"
    assert _row_status(wizard, "rerank") == "ok"
    assert "works" in wizard.check.summary.text()

    wizard.next()
    assert wizard.currentId() == PAGE_FOLDERS
    picks = iter([str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "a"), ""])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: next(picks))
    for _ in range(4):
        wizard.folders_page.add.click()
    assert wizard.folders() == [str(tmp_path / "a"), str(tmp_path / "b")]  # no duplicates
    wizard.folders_page.list.setCurrentRow(0)
    wizard.folders_page.remove.click()
    assert wizard.folders() == [str(tmp_path / "b")]

    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    saved = Settings.load(dirs.settings_file)
    for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
        assert saved[key] == sim.base_url
    assert saved["chat.model"] == "acme/chat-small"
    assert saved["embedding.model"] == sim.config.embed_model
    assert saved["profile"] == "local"
    assert not needs_setup(dirs, saved)


def test_hosted_flow_keeps_the_key_in_the_keyring_only(
    qtbot, make_wizard, dirs: TroveDirs, hosted_sim: NimSimulator, memory_keyring
) -> None:
    wizard = make_wizard()
    assert "sent to NVIDIA's servers" in wizard.welcome.findChild(QLabel, "hostedNotice").text()
    _go_hosted(qtbot, wizard, hosted_sim, "nvapi-good")
    assert memory_keyring.store[KEY] == "nvapi-good"
    assert wizard.connection.key.text() == ""  # the field lets go of it once it is stored
    _wait_models(qtbot, wizard)
    assert wizard.models.combos["embedding"].model_id() == hosted_sim.config.embed_model
    wizard.next()
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "embedding") == "ok"
    assert _row_status(wizard, "chat") == "ok"
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    raw = dirs.settings_file.read_bytes()
    assert b"nvapi-good" not in raw
    saved = Settings.load(dirs.settings_file)
    assert saved["profile"] == "hosted" and saved["embedding.base_url"] == hosted_sim.base_url
    # The key went out as a Bearer header, from the keyring.
    assert any(
        r["headers"].get("authorization") == "Bearer nvapi-good" for r in hosted_sim.requests
    )


def test_bad_key_shows_the_auth_failure_with_its_fix(
    qtbot, make_wizard, dirs: TroveDirs, hosted_sim: NimSimulator, memory_keyring
) -> None:
    wizard = make_wizard()
    _go_hosted(qtbot, wizard, hosted_sim, "nvapi-wrong")
    _wait_models(qtbot, wizard)
    wizard.next()
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "embedding") == "fail"
    failed = [c for c in wizard.check.results.checks if c.status == "fail"]
    embed = next(c for c in failed if c.service == "embedding")
    assert "rejected the API key" in _row_text(wizard, "embedding", "detail")
    # The window words the core's fix for a window: Settings, not a terminal command.
    assert "trove key set" in embed.fix
    fix = _row_text(wizard, "embedding", "fix")
    assert "Settings" in fix and "NVIDIA_API_KEY" in fix and "trove" not in fix
    assert "nvapi-wrong" not in _row_text(wizard, "embedding", "detail")
    assert "failed" in wizard.check.summary.text()
    # Failures do not block finishing; the check can run again after a fix.
    hosted_sim.config.valid_keys = {"nvapi-good"}
    memory_keyring.store[KEY] = "nvapi-good"
    wizard.check.recheck.click()
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "embedding") == "ok"
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_key_hints_prefix_env_and_missing_keyring(
    qtbot, make_wizard, hosted_sim: NimSimulator, monkeypatch
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        monkeypatch.setenv("NVIDIA_API_KEY", "nvapi-from-env")
        wizard = make_wizard()
        wizard.welcome.hosted.setChecked(True)
        wizard.next()
        page = wizard.connection
        qtbot.waitUntil(lambda: page.keyring_note.isVisibleTo(wizard), timeout=5000)
        assert "No usable system keyring" in page.keyring_note.text()
        assert "NVIDIA_API_KEY" in page.keyring_note.text()
        assert not page.key.isEnabled()
        assert "overrides" in page.key_note.text()
        page.key.setEnabled(True)
        page.key.setText("sk-something")
        assert page.key_warning.isVisible() and "nvapi-" in page.key_warning.text()
        assert "sk-something" not in page.key_warning.text()
        page.key.setText("nvapi-x")
        assert not page.key_warning.isVisible()
        page.show_key.setChecked(True)
        assert page.key.echoMode() == page.key.EchoMode.Normal
    finally:
        keyring.set_keyring(previous)


def test_unreachable_service_and_bad_url_are_explained(qtbot, make_wizard, memory_keyring) -> None:
    wizard = make_wizard()
    wizard.welcome.local.setChecked(True)
    wizard.next()
    page = wizard.connection
    page.urls["embedding"].setText("ftp://nowhere")
    wizard.next()
    assert wizard.currentId() == PAGE_CONNECTION  # refused, with the reason beside the field
    assert page.url_errors["embedding"].isVisibleTo(wizard)
    assert "http" in page.url_errors["embedding"].text()
    page.urls["embedding"].setText("127.0.0.1:9/v1/embeddings")  # port 9: nothing listens
    wizard.next()
    assert wizard.currentId() == PAGE_MODELS
    assert page.urls["embedding"].text() == "http://127.0.0.1:9/v1"  # normalized
    _wait_models(qtbot, wizard)
    note = wizard.models.notes["embedding"].text()
    assert "cannot be reached" in note and "type a model id" in note
    combo = wizard.models.combos["embedding"]
    combo.setEditText("my/embedder")
    wizard.next()
    assert wizard.result_settings()["embedding.model"] == "my/embedder"


def test_needs_setup_only_without_a_settings_file(dirs: TroveDirs, tmp_path: Path) -> None:
    settings = Settings.load(dirs.settings_file)
    assert needs_setup(dirs, settings)
    settings.save()
    assert not needs_setup(dirs, settings)


def test_escape_asks_before_leaving_the_setup(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    wizard.ask_before_leaving = True
    answers = iter([False, True])
    asked: list[bool] = []

    def confirm() -> bool:
        asked.append(True)
        return next(answers)

    wizard.confirm_leave = confirm
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert asked == [True] and wizard.isVisible()  # "Continue setup": nothing lost
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert asked == [True, True] and not wizard.isVisible()
    assert wizard.result() == QDialog.DialogCode.Rejected


def test_the_local_page_offers_the_demo_server(qtbot, make_wizard, monkeypatch) -> None:
    from desktop_app.ui import demo_server

    monkeypatch.setattr(demo_server, "start", lambda: False)  # as in an installed Trove
    wizard = make_wizard()
    wizard.welcome.local.setChecked(True)
    wizard.next()
    page = wizard.connection
    assert page.demo.isVisibleTo(wizard)
    page.demo.click()
    assert {edit.text() for edit in page.urls.values()} == {demo_server.DEMO_URL}
    note = page.demo_note.text()
    assert page.demo_note.isVisibleTo(wizard)
    assert "Demo only" in note and "python -m tests.nimsim" in note

    wizard.back()
    wizard.welcome.hosted.setChecked(True)
    wizard.next()
    assert not page.demo.isVisibleTo(wizard)  # a demo has no place among hosted settings


def test_the_demo_server_answers_like_a_nim(monkeypatch) -> None:
    import httpx

    from desktop_app.ui import demo_server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(demo_server, "DEMO_PORT", port)
    assert demo_server.available()
    assert demo_server.start()
    try:
        served = httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=5).json()
        assert {m["id"] for m in served["data"]} >= {Settings()["embedding.model"]}
    finally:
        demo_server.stop()


def test_models_are_sorted_by_the_service_they_are_for() -> None:
    from desktop_app.core.nim.models import ModelInfo
    from desktop_app.ui.option_widgets import model_kind

    assert model_kind("nvidia/llama-nemotron-embed-1b-v2") == "embedding"  # the known table
    assert model_kind("nvidia/llama-nemotron-rerank-1b-v2") == "rerank"
    assert model_kind("acme/e5-embed-small") == "embedding"  # the id says it
    assert model_kind("acme/passage-reranker") == "rerank"
    assert model_kind("mistralai/mixtral-8x7b-instruct-v0.1") == "chat"  # an LLM family
    assert model_kind(ModelInfo("house-model", max_model_len=8192)) == "chat"  # vLLM metadata
    assert model_kind("google/deplot") is None  # unclear: listed under "Other"


def test_the_check_page_checks_the_ocr_service_too(
    qtbot, make_wizard, sim: NimSimulator, memory_keyring
) -> None:
    wizard = make_wizard()
    wizard.welcome.local.setChecked(True)
    wizard.next()
    wizard.connection.urls["embedding"].setText(sim.base_url)
    wizard.next()
    _wait_models(qtbot, wizard)
    wizard.working.set("ocr.base_url", sim.base_url)  # an OCR NIM set in Settings
    wizard.next()
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "ocr") == "ok"
    assert sim.counters["ocr"] == 1  # a real test page was read
    wizard.working.set("ocr.base_url", "http://127.0.0.1:9/v1")  # nothing listens there
    wizard.check.run_checks()
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "ocr") == "fail"


def test_the_check_page_checks_the_table_nims_when_they_are_set(
    qtbot, make_wizard, sim: NimSimulator, memory_keyring
) -> None:
    wizard = make_wizard()
    wizard.welcome.local.setChecked(True)
    wizard.next()
    wizard.connection.urls["embedding"].setText(sim.base_url)
    wizard.next()
    _wait_models(qtbot, wizard)
    wizard.next()
    _wait_check(qtbot, wizard)
    assert "tables" not in wizard.check.results.rows  # not set: no row
    wizard.working.set("ocr.page_elements_url", sim.base_url)
    wizard.check.run_checks()
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "tables") == "ok"
    assert sim.counters["page-elements"] == 1 and sim.counters["table-structure"] == 1
    sim.cold_start(60)  # loading: the table NIMs' readiness says so
    wizard.check.run_checks()
    _wait_check(qtbot, wizard)
    assert _row_status(wizard, "tables") == "fail"
