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
