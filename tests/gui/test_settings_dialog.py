"""The Settings dialog: schema-generated fields, round-trip to disk, Cancel, errors, the key."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QSpinBox

from desktop_app.core.paths import TroveDirs
from desktop_app.core.secrets import KEYRING_SERVICE, KEYRING_USERNAME
from desktop_app.core.settings import HOSTED_EMBED_URL, OPTIONS, Settings, option
from desktop_app.ui.option_widgets import choice_label, make_editor, option_label
from desktop_app.ui.settings_dialog import TAB_KEYS, SettingsDialog
from desktop_app.ui.tasks import TaskRunner
from tests.nimsim import NimSimulator

KEY = (KEYRING_SERVICE, KEYRING_USERNAME)


@pytest.fixture
def dialog(qtbot, dirs: TroveDirs, settings: Settings, memory_keyring) -> SettingsDialog:
    """The dialog on the saved settings that point at the simulator."""
    dlg = SettingsDialog(dirs, settings, TaskRunner())
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.key_status.text() != "", timeout=5000)
    return dlg


def _editor(dlg: SettingsDialog, key: str):
    for form in dlg.forms.values():
        if key in form.editors:
            return form.editors[key]
    raise KeyError(key)


def _ok(qtbot, dlg: SettingsDialog) -> Settings:
    with qtbot.waitSignal(dlg.accepted, timeout=5000):
        dlg.ok_button.click()
    result = dlg.result_settings()
    assert result is not None
    return result


def test_every_option_has_a_field_with_label_and_help(qtbot) -> None:
    shown = {key for keys in TAB_KEYS.values() for key in keys}
    shown |= {"embedding.model", "rerank.model", "chat.model"}  # the model combos
    assert shown == {opt.key for opt in OPTIONS}
    for opt in OPTIONS:
        assert option_label(opt.key) and option_label(opt.key) != opt.key
        editor = make_editor(opt)
        assert editor.widget.toolTip() == opt.doc
        editor.set_value(opt.default)
        assert option(opt.key).coerce(editor.value()) == opt.default, opt.key


def test_every_choice_reads_as_words_not_a_raw_value(qtbot) -> None:
    # "NONE" or "auto" in a list of choices means nothing to a new user.
    for opt in OPTIONS:
        for value in opt.choices or ():
            assert choice_label(opt.key, value) != str(value), (opt.key, value)


def test_nullable_int_reads_native_at_its_lowest_value(qtbot) -> None:
    editor = make_editor(option("embedding.dimensions"))
    spin = editor.widget
    assert isinstance(spin, QSpinBox)
    editor.set_value(None)
    assert editor.value() is None and spin.text() == "native"
    editor.set_value(1024)
    assert editor.value() == 1024
    assert spin.maximum() == 16384


def test_round_trip_saves_a_new_settings_file(
    qtbot, dialog: SettingsDialog, dirs: TroveDirs, settings: Settings
) -> None:
    changes = {
        "search.limit": 25,
        "search.mode": "keyword",
        "chat.temperature": 0.5,
        "chat.seed": 42,
        "chat.stop": ["###", "END"],
        "index.exclude": ["*.tmp", "build/"],
        "index.workers": 3,
        "rerank.enabled": "on",
        "ui.keep_running_in_tray": False,
        "embedding.dimensions": 1024,
        "chroma.headers": {"X-Token": "abc"},
    }
    for key, value in changes.items():
        _editor(dialog, key).set_value(value)
    dialog.combos["chat"].set_model_id("acme/other-chat")
    languages: list[str] = []
    dialog.languageChanged.connect(languages.append)
    _editor(dialog, "ui.language").set_value("ko")
    result = _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    on_disk = Settings.load(dirs.settings_file)
    assert dict(on_disk.items()) == dict(result.items())
    assert on_disk["search.limit"] == 25 and on_disk["chat.stop"] == ["###", "END"]
    assert on_disk["chroma.headers"] == {"X-Token": "abc"}
    assert on_disk["chat.model"] == "acme/other-chat"
    assert on_disk["embedding.base_url"] == settings["embedding.base_url"]  # untouched stays
    assert languages == ["ko"]
    assert settings["search.limit"] == 10  # the caller's settings are not edited in place


def test_invalid_value_is_named_and_ok_refused(
    qtbot, dialog: SettingsDialog, dirs: TroveDirs
) -> None:
    before = dirs.settings_file.read_bytes()
    _editor(dialog, "chroma.headers").widget.setText("{not json")
    error = dialog.findChild(QLabel, "error_chroma.headers")
    assert not error.isHidden() and "chroma.headers" in error.text()
    assert "JSON" in error.text()
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # even if called directly (Enter), nothing is saved
    assert dialog.isVisible() and dialog.result_settings() is None
    assert dialog.tabs.currentIndex() == 1  # it shows the tab with the problem
    assert dirs.settings_file.read_bytes() == before
    _editor(dialog, "chroma.headers").set_value({})
    assert error.isHidden() and dialog.ok_button.isEnabled()

    _editor(dialog, "embedding.base_url").set_value("not a url")
    assert "http" in dialog.findChild(QLabel, "error_embedding.base_url").text()
    assert not dialog.ok_button.isEnabled()


def test_pasted_route_url_is_normalized_on_ok(
    qtbot, dialog: SettingsDialog, sim: NimSimulator
) -> None:
    _editor(dialog, "chat.base_url").set_value(sim.base_url + "/chat/completions")
    result = _ok(qtbot, dialog)
    assert result["chat.base_url"] == sim.base_url


def test_cancel_changes_nothing(qtbot, dialog: SettingsDialog, dirs: TroveDirs) -> None:
    before = dirs.settings_file.read_bytes()
    _editor(dialog, "search.limit").set_value(99)
    _editor(dialog, "ui.language").set_value("en")
    dialog.buttons.rejected.emit()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.result_settings() is None
    assert dirs.settings_file.read_bytes() == before


def test_restore_defaults_per_tab(qtbot, dialog: SettingsDialog) -> None:
    _editor(dialog, "search.limit").set_value(50)
    _editor(dialog, "chat.temperature").set_value(1.5)
    search_tab = dialog.findChild(type(dialog.tabs.widget(0).widget()), "tab_search")
    search_tab.findChild(QPushButton, "restoreDefaults").click()
    assert _editor(dialog, "search.limit").value() == 10
    assert _editor(dialog, "chat.temperature").value() == 1.5  # other tabs keep their edits


def test_key_replace_and_remove(qtbot, dirs: TroveDirs, settings: Settings, memory_keyring) -> None:
    memory_keyring.store[KEY] = "nvapi-old"
    dlg = SettingsDialog(dirs, settings, TaskRunner())
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.remove_key.isEnabled(), timeout=5000)
    assert "saved in the keyring" in dlg.key_status.text()
    assert dlg.save_key.text() == "Replace key"
    dlg.key.setText("nvapi-new")
    dlg.save_key.click()
    qtbot.waitUntil(lambda: memory_keyring.store.get(KEY) == "nvapi-new", timeout=5000)
    qtbot.waitUntil(lambda: dlg.key.text() == "", timeout=5000)
    dlg.remove_key.click()
    qtbot.waitUntil(lambda: KEY not in memory_keyring.store, timeout=5000)
    qtbot.waitUntil(lambda: "No key is saved" in dlg.key_status.text(), timeout=5000)
    assert not dlg.remove_key.isEnabled()
    _ok(qtbot, dlg)
    assert b"nvapi-" not in dirs.settings_file.read_bytes()


def test_models_refresh_and_test_connection(
    qtbot, dialog: SettingsDialog, sim: NimSimulator
) -> None:
    sim.config.chat_model = "acme/chat-small"
    dialog.refresh_models.click()
    qtbot.waitUntil(lambda: len(dialog.combos["chat"].served()) == 3, timeout=5000)
    assert dialog.combos["chat"].served()[0] == "acme/chat-small"
    assert dialog.combos["chat"].model_id() == "acme/chat-small"
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "chat" in dialog.doctor.rows, timeout=15000)
    assert dialog.doctor.rows["embedding"].property("status") == "ok"
    assert dialog.doctor.rows["chat"].property("status") == "ok"


def test_allowing_the_key_over_plain_http_shows_a_warning(qtbot, dialog: SettingsDialog) -> None:
    assert not dialog.plain_http_warning.isVisibleTo(dialog)
    _editor(dialog, "nim.plain_http_auth_hosts").set_value(["gpu-box"])
    assert dialog.plain_http_warning.isVisibleTo(dialog)
    assert "unencrypted to gpu-box" in dialog.plain_http_warning.text()
    assert _ok(qtbot, dialog)["nim.plain_http_auth_hosts"] == ["gpu-box"]


def test_hosted_profile_sets_urls_and_states_privacy(qtbot, dialog: SettingsDialog) -> None:
    assert not dialog.privacy.isVisibleTo(dialog)
    _editor(dialog, "profile").set_value("hosted")
    assert _editor(dialog, "embedding.base_url").value() == HOSTED_EMBED_URL
    assert dialog.privacy.isVisibleTo(dialog)
    assert "NVIDIA's servers" in dialog.privacy.text()
    dialog.key.setText("abc")
    assert dialog.key_warning.isVisibleTo(dialog)


def _wheel(widget, steps: int) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_page_not_an_unfocused_box(qtbot, dialog: SettingsDialog) -> None:
    spin = _editor(dialog, "nim.read_timeout").widget
    combo = _editor(dialog, "search.mode").widget
    before_spin, before_combo = spin.value(), combo.currentIndex()
    dialog.ok_button.setFocus()
    _wheel(spin, -3)
    _wheel(combo, -1)
    assert spin.value() == before_spin and combo.currentIndex() == before_combo
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, -3)
    assert spin.value() < before_spin  # once focused, the wheel is the user's way to change it


def test_connection_test_says_when_the_nim_no_longer_fits_the_index(
    qtbot, dirs: TroveDirs, settings: Settings, memory_keyring, sim: NimSimulator
) -> None:
    # The index was built with vectors of another size than the NIM gives now: the test says
    # so in the window as `trove doctor` does, before the user saves and waits for a rebuild.
    dlg = SettingsDialog(dirs, settings, TaskRunner(), index_dimensions=lambda: 7)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.test_button.click()
    qtbot.waitUntil(lambda: "embedding" in dlg.doctor.rows, timeout=15000)
    row = dlg.doctor.rows["embedding"]
    assert row.property("status") == "warn"
    shown = " ".join(label.text() for label in row.findChildren(QLabel))
    assert "7-dimension" in shown
    assert "trove index" not in shown  # the window words its own fix


def _index_size_dialog(
    qtbot, dirs: TroveDirs, settings: Settings, size: int | None
) -> SettingsDialog:
    dlg = SettingsDialog(dirs, settings, TaskRunner(), index_dimensions=lambda: size)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentIndex(1)  # Indexing
    qtbot.waitUntil(lambda: not dlg.busy, timeout=5000)
    return dlg


def test_indexing_tab_shows_the_vector_size_the_index_really_holds(
    qtbot, dirs: TroveDirs, settings: Settings, memory_keyring
) -> None:
    # A model of fixed size (384) ignores the requested 1024: the tab must not let 1024 stand
    # alone as if it were the index's size.
    assert settings["embedding.dimensions"] == 1024
    dlg = _index_size_dialog(qtbot, dirs, settings, 384)
    assert dlg.tabs.tabText(dlg.tabs.currentIndex()) == "Indexing"
    assert dlg.index_size_note.isVisibleTo(dlg)
    note = dlg.index_size_note.text()
    assert "384-dimension" in note and "model decides" in note
    _editor(dlg, "embedding.dimensions").set_value(384)
    assert dlg.index_size_note.text() == "The current index holds 384-dimension vectors."


def test_indexing_tab_says_nothing_of_an_index_without_vectors(
    qtbot, dirs: TroveDirs, settings: Settings, memory_keyring
) -> None:
    dlg = _index_size_dialog(qtbot, dirs, settings, None)
    assert not dlg.index_size_note.isVisibleTo(dlg)


def test_answer_language_reads_as_a_choice_and_keeps_typed_names(
    qtbot, dialog: SettingsDialog
) -> None:
    combo = _editor(dialog, "chat.language").widget
    assert combo.currentText() == "Same language as the question"
    assert _editor(dialog, "chat.language").value() == "auto"
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert "auto" not in labels and "한국어" in labels
    combo.setCurrentIndex(labels.index("한국어"))
    assert _editor(dialog, "chat.language").value() == "Korean"
    combo.setEditText("French")
    assert _ok(qtbot, dialog)["chat.language"] == "French"


def test_answer_language_reads_in_korean(qtbot) -> None:
    from desktop_app.ui.i18n import install_language

    assert install_language("ko") == "ko"
    try:
        editor = make_editor(option("chat.language"))
        qtbot.addWidget(editor)
        editor.set_value("auto")
        assert editor.widget.currentText() == "질문과 같은 언어"
        assert editor.value() == "auto"
    finally:
        install_language("en")
