"""Number boxes and drop-downs in scrolling forms take the mouse wheel only when focused.

Otherwise scrolling a Settings page changes whatever box passes under the pointer (a read
timeout of 120 becomes 117, saved on OK). An unfocused box lets the wheel go on to the page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

__all__ = ["guard_wheel"]


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Pass the wheel on to the parent (the scrolling page) unless the box has focus."""
        wheel = event.type() == QEvent.Type.Wheel
        if wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            # Ignored and filtered: Qt offers the wheel event to the parent widgets next.
            event.ignore()
            return True
        return False


def guard_wheel(root: QWidget) -> None:
    """Guard every spin box and combo box under ``root`` (call once its children exist)."""
    guard = root.findChild(_WheelGuard, "wheelGuard")
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheelGuard")
    for widget in [*root.findChildren(QAbstractSpinBox), *root.findChildren(QComboBox)]:
        # Click or Tab gives focus; the wheel alone does not.
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.removeEventFilter(guard)
        widget.installEventFilter(guard)
