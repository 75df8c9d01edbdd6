"""What the user was looking at in the window (view, query, filters, conversation, selected
folder), carried into a rebuilt window: switching language builds the window anew."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

__all__ = ["restore_view_state", "view_state"]


def view_state(window: MainWindow) -> dict[str, Any]:
    """What the user was looking at, to carry over into a rebuilt window."""
    search = window.search_view
    return {
        "view": window.nav.currentRow(),
        "query": search.search_field.text(),
        "mode": search.mode(),
        "folder_filter": search.folder_combo.currentData(),
        "type_filter": search.type_combo.currentIndex(),
        "date_filter": search.date_combo.currentIndex(),
        "conversation": window.chat_view.conversation_id,
        "question": window.chat_view.question.toPlainText(),
        "folder": window.folders_view.selected_path(),
    }


def restore_view_state(window: MainWindow, state: dict[str, Any]) -> None:
    """Show what ``view_state`` described (a language switch rebuilt the window)."""
    search = window.search_view
    mode = search.mode_combo.findData(state.get("mode"))
    if mode >= 0:
        search.mode_combo.setCurrentIndex(mode)
    for combo, key in ((search.type_combo, "type_filter"), (search.date_combo, "date_filter")):
        index = int(state.get(key) or 0)
        if 0 <= index < combo.count():
            combo.setCurrentIndex(index)
    if state.get("folder_filter"):
        search.choose_folder_filter(str(state["folder_filter"]))
    if state.get("query"):
        search.set_query(str(state["query"]))
    conversation = state.get("conversation")
    if conversation is not None:
        window.chat_view.load_conversation(int(conversation))
    window.chat_view.question.setPlainText(str(state.get("question") or ""))
    if state.get("folder"):
        window.folders_view.select_when_shown(str(state["folder"]))
    window.nav.setCurrentRow(int(state.get("view") or 0))
