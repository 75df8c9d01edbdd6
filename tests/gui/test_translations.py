"""Every UI string is translated to Korean, the compiled .qm matches the .ts, the app switches."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from desktop_app.resources import resource_path
from desktop_app.ui.i18n import install_language, resolve_language

ROOT = Path(__file__).resolve().parents[2]
TS = resource_path("i18n", "trove_ko.ts")


def test_every_ui_string_has_a_korean_translation() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "resources" / "i18n" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compiled_translations_match_the_sources(qtbot) -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("i18n", "trove_ko.qm")))
    checked = 0
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                continue
            source = message.findtext("source")
            expected = message.findtext("translation")
            assert translator.translate(name, source) == expected, (name, source)
            checked += 1
    assert checked > 100


def test_switching_to_korean_translates_the_window(qtbot, bridge, messages, dirs) -> None:
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.window_state import WindowState

    assert install_language("ko") == "ko"
    try:
        window = MainWindow(bridge, messages, WindowState(dirs.config / "ui.json"), tray=False)
        qtbot.addWidget(window)
        labels = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert labels == ["검색", "대화", "폴더"]
    finally:
        install_language("en")


def test_language_setting_falls_back_to_english() -> None:
    assert resolve_language("ko") == "ko"
    assert resolve_language("en") == "en"
    assert resolve_language("system") in ("en", "ko")


def test_english_counts_read_as_real_plurals(qtbot) -> None:
    from PySide6.QtCore import QCoreApplication

    assert install_language("en") == "en"
    one = QCoreApplication.translate("ResultDelegate", "%n passages", "", 1)
    two = QCoreApplication.translate("ResultDelegate", "%n passages", "", 2)
    assert (one, two) == ("1 passage", "2 passages")


def test_every_window_wording_of_a_core_text_replaces_a_real_core_template() -> None:
    from desktop_app.ui.core_messages import CORE_MESSAGES
    from desktop_app.ui.core_text import _gui_wording

    assert set(_gui_wording()) <= set(CORE_MESSAGES)


def test_qt_file_dialog_is_all_korean(qtbot) -> None:
    from PySide6.QtWidgets import QFileDialog, QLabel

    assert install_language("ko") == "ko"
    try:
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = [label.text() for label in dialog.findChildren(QLabel) if label.text().strip()]
        assert texts
        for text in texts:
            assert any("\uac00" <= c <= "\ud7a3" for c in text), text
    finally:
        install_language("en")


def _hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def test_check_results_and_errors_reach_the_window_in_korean(qtbot, dirs) -> None:
    """Every core sentence a check or an error shows is matched and translated."""
    from PySide6.QtWidgets import QLabel

    from desktop_app.core.doctor import run_doctor
    from desktop_app.core.errors import NimUnreachableError
    from desktop_app.core.settings import Settings
    from desktop_app.ui import core_text
    from desktop_app.ui.messages import MessageBridge
    from desktop_app.ui.option_widgets import DoctorResults

    settings = Settings()
    for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
        settings.set(key, "http://127.0.0.1:9/v1")  # nothing listens: every service is down
    settings.set("rerank.enabled", "on")
    checks = run_doctor(settings)
    assert install_language("ko") == "ko"
    try:
        core_text.unmatched.clear()
        results = DoctorResults()
        qtbot.addWidget(results)
        results.set_checks(checks)
        shown = [
            label.text()
            for row in results.rows.values()
            for label in row.findChildren(QLabel)
            if label.objectName() in ("detail", "fix") and label.text()
        ]
        assert shown and all(_hangul(text) for text in shown), shown
        # Each row names its own service, not the embedding NIM's failure.
        assert "재순위화" in results.rows["rerank"].findChild(QLabel, "detail").text()
        assert "대화" in results.rows["chat"].findChild(QLabel, "detail").text()

        bridge = MessageBridge()
        bridge.attach()
        got = []
        bridge.shown.connect(got.append)
        bridge.error(
            NimUnreachableError(
                "The embedding NIM at http://x/v1 cannot be reached (connection failed).",
                hint="Check that the NIM is running and that the base URL (host and port) is "
                "right; `trove doctor` tests the connection. Behind a proxy, add the NIM host "
                "to NO_PROXY.",
            )
        )
        assert _hangul(got[0].text) and _hangul(got[0].hint) and "trove" not in got[0].hint
        assert not core_text.unmatched, core_text.unmatched
    finally:
        install_language("en")


def test_the_window_never_tells_the_user_to_type_a_trove_command() -> None:
    """Hints naming a terminal command get window words (Settings, a menu) in core_text."""
    from desktop_app.ui.core_messages import CORE_MESSAGES
    from desktop_app.ui.core_text import _gui_wording

    wording = _gui_wording()
    # `trove watch` is another program the user may have started; naming it is fair.
    terminal = [t for t in CORE_MESSAGES if "`trove " in t.replace("`trove watch`", "")]
    missing = [t for t in terminal if t not in wording]
    assert not missing, missing
    for template in terminal:
        shown = wording[template]()
        assert "`trove " not in shown.replace("`trove watch`", ""), shown


def test_every_context_is_a_class_the_window_translates_with() -> None:
    """lupdate files ``view.tr(...)`` under the context "view" (and a string passed through a
    helper under no context), but at run time the string is looked up under the class name or
    the context given: such a string is never shown translated."""
    import desktop_app.ui as ui

    classes = {
        line.split("class ", 1)[1].split("(")[0].split(":")[0]
        for path in Path(ui.__file__).parent.glob("*.py")
        for line in path.read_text("utf-8").splitlines()
        if line.startswith("class ")
    }
    contexts = {c.findtext("name") or "" for c in ET.parse(TS).getroot().iter("context")}
    unknown = {c for c in contexts if not c or c[0].islower()} - classes
    assert not unknown, f"strings filed under contexts no class has: {sorted(unknown)}"
