"""Qt's own strings that Qt's translations lack, translated with Trove's (lupdate reads this).

Qt's file dialog labels two fields "&Look in:" and "Files of &type:", while qtbase_ko.qm holds
them only without the "&": in Korean the dialog would show those two in English. Trove's
translator is asked too (see i18n.py), so listing them here fills the gap.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = ["QT_GAPS"]

QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
