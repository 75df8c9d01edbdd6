"""Document text (file names, headings, snippets, titles) is shown as written, never as HTML.

A heading like ``<font size=7 color=red>…<img src=…>`` must not turn into big red text or load a
local image in any view: labels are plain text, and tooltips (which Qt guesses) are escaped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QWidget

from desktop_app.core.errors import TroveError
from tests.gui import test_main_window
from tests.gui.test_main_window import result_paths, window

controller = test_main_window.controller  # the whole app's window, as `trove-gui` builds it

# Legal in a file name (no slash); the heading and the text use a full image path.
NAME = "<font size=7 color=red>BIG<img src=x.png>"
HTML = '<font size=7 color=red>BIG</font><img src="/usr/share/pixmaps/debian-logo.png">'
WAIT = 30000


def _shown_as_html(text: str, fmt: Qt.TextFormat) -> bool:
    """Whether Qt would interpret hostile tags in ``text`` instead of showing them."""
    if "<img" not in text and "<font" not in text:
        return False  # nothing hostile here, or it was escaped
    if fmt == Qt.TextFormat.PlainText:
        return False
    return fmt == Qt.TextFormat.RichText or QtGui_Qt.mightBeRichText(text)


def _tooltips(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent if parent is not None else QModelIndex()
    tips = []
    try:
        columns = max(1, model.columnCount(parent))
    except TypeError:  # list models keep columnCount private: one column
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            if tip:
                tips.append(str(tip))
            tips += _tooltips(model, index) if column == 0 else []
    return tips


def _html_rendered(root: QWidget) -> list[str]:
    """Every place under ``root`` where hostile document text would be rendered as HTML."""
    bad = []
    for label in root.findChildren(QLabel):
        if _shown_as_html(label.text(), label.textFormat()):
            bad.append(f"label {label.objectName() or label}: {label.text()[:80]}")
    for widget in [root, *root.findChildren(QWidget)]:
        if _shown_as_html(widget.toolTip(), Qt.TextFormat.AutoText):
            bad.append(f"tooltip of {widget.objectName() or widget}: {widget.toolTip()[:80]}")
    views = [*root.findChildren(QAbstractItemView), *root.findChildren(QComboBox)]
    for view in views:
        for tip in _tooltips(view.model()):
            if _shown_as_html(tip, Qt.TextFormat.AutoText):
                bad.append(f"item tooltip in {view.objectName() or view}: {tip[:80]}")
    return bad


def test_hostile_names_headings_and_snippets_render_as_text_in_every_view(
    qtbot,
    controller,
    sim,
    tmp_path: Path,
) -> None:
    root = tmp_path / f"docs{NAME}"
    root.mkdir()
    report = root / f"report{NAME}.md"
    report.write_text(
        f"# Budget {HTML}\n\nThe lighthouse repair budget {HTML} is twelve thousand.\n",
        encoding="utf-8",
    )
    (root / f"broken{NAME}.pdf").write_bytes(b"%PDF-1.4 not really")
    win = window(controller)
    win.resize(1280, 800)
    win.show()

    # Folders: the folder, its files and the one that failed.
    win.folders_view.add_folder(str(root))
    qtbot.waitUntil(lambda: win.folders_view.failed.topLevelItemCount() == 1, timeout=WAIT)

    # Search: results, the preview of the passage and its heading.
    win.focus_search()
    qtbot.keyClicks(win.search_view.findChild(QLineEdit, "searchField"), "lighthouse budget")
    qtbot.waitUntil(lambda: report.name in result_paths(win), timeout=WAIT)
    win.search_view.results.setCurrentIndex(win.search_view.model.index(0, 0))
    qtbot.waitUntil(lambda: "twelve" in win.search_view.preview.toPlainText(), timeout=WAIT)
    assert NAME in win.search_view.preview_path.text()

    # Chat: the answer, its sources, the source panel's title (the heading) and path.
    sim.config.chat_reply = f"The budget {HTML} is twelve thousand [1]."
    chat = win.chat_view
    win.nav.setCurrentRow(1)
    with qtbot.wait_signal(chat.answerFinished, timeout=WAIT) as done:
        chat.question.setPlainText(f"What is the lighthouse budget? {HTML}")
        qtbot.keyClick(chat.question, Qt.Key.Key_Return)
    sources = done.args[0]["sources"]
    assert sources
    chat.source_panel.show_source(sources[0])
    assert "<font" in chat.source_panel.title.text()  # the heading, shown as written
    chat.rename_conversation(done.args[0]["conversation_id"], f"Budget {NAME}")
    qtbot.waitUntil(
        lambda: any(
            NAME in chat.conversations.item(i).text() for i in range(chat.conversations.count())
        ),
        timeout=WAIT,
    )

    # Messages: an error that names a hostile path.
    controller.messages.error(TroveError(f"Cannot read {report}.", hint=f"Check {report}."))
    qtbot.waitUntil(lambda: NAME in win.message_bar.text.text(), timeout=WAIT)

    bad = _html_rendered(win)
    assert bad == [], "\n".join(b[:60] for b in bad)
