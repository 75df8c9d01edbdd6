"""The interface language: English source strings, Korean shipped, more by adding a .qm file.

Trove's translations live in resources/i18n/trove_<lang>.qm (built from the .ts files by
``pyside6-lrelease``); Qt's own strings (standard buttons, dialogs) come from Qt's qtbase_<lang>.qm.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.resources import resource_path
from desktop_app.ui.core_text import forget_translations

__all__ = ["LANGUAGES", "install_language", "resolve_language"]

# Code -> the language's own name, as offered in Settings.
LANGUAGES = {"en": "English", "ko": "한국어"}

_installed: list[QTranslator] = []


def resolve_language(setting: str) -> str:
    """The language to show: the setting, or the OS language if supported, else English."""
    if setting in LANGUAGES:
        return setting
    for name in QLocale.system().uiLanguages():
        code = name.split("-")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def install_language(setting: str) -> str:
    """Load the translators for ``setting`` (replacing earlier ones); returns the language used."""
    app = QCoreApplication.instance()
    assert app is not None
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    forget_translations()
    language = resolve_language(setting)
    # English too: its file gives the singular and plural of every "%n" string.
    ours = QTranslator(app)
    if ours.load(str(resource_path("i18n", f"trove_{language}.qm"))):
        app.installTranslator(ours)
        _installed.append(ours)
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.system().territory()))
        return language
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    QLocale.setDefault(QLocale(language))
    return language
