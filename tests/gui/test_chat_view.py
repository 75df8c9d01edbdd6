"""The Chat view over a real engine and the NIM simulator: streaming, citations, stop, scope."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from desktop_app.ui.chat_view import ChatView

WAIT = 20000


class FakeOpener:
    """Records what the view asks the desktop to open."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def open(self, path: str, page: int | None = None) -> bool:
        self.calls.append(("open", path, page))
        return True

    def reveal(self, path: str) -> bool:
        self.calls.append(("reveal", path))
        return True


def _reply(words: int) -> Any:
    """A long reply citing source 1, so the stream has many chunks."""
    body = " ".join(f"word{i}" for i in range(words))
    return f"The keeper climbs the tower every evening [1]. {body} end."


@pytest.fixture
def view(qtbot, indexed_bridge, messages) -> ChatView:
    chat = ChatView(indexed_bridge, messages, opener=FakeOpener())
    qtbot.addWidget(chat)
    chat.resize(1280, 800)
    chat.show()
    return chat


def _ask(qtbot, view: ChatView, text: str) -> dict[str, Any]:
    with qtbot.wait_signal(view.answerFinished, timeout=WAIT) as blocker:
        view.question.setPlainText(text)
        qtbot.keyClick(view.question, Qt.Key.Key_Return)
    return blocker.args[0]


def _cite_position(view: ChatView) -> tuple[int, str]:
    """The document position and href of the first citation link in the transcript."""
    block = view.transcript.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if href.startswith("trove-cite:"):
                return fragment.position(), href
            it += 1
        block = block.next()
    raise AssertionError("no citation link in the transcript")


def test_answer_streams_progressively_and_citation_opens_source(qtbot, view, sim) -> None:
    sim.config.chat_reply = _reply(60)
    sim.config.stream_token_latency_s = 0.01
    seen: list[str] = []
    view._relay.batch.connect(lambda _: seen.append(view.transcript.toPlainText()))
    assert view.question.toPlainText() == ""

    result = _ask(qtbot, view, "When does the lighthouse keeper climb the tower?")

    partial = [t for t in seen if "word0" in t and "end." not in t]
    assert len(partial) >= 2, seen  # re-rendered while streaming, not only at the end
    assert view.render_count >= 3
    text = view.transcript.toPlainText()
    assert "When does the lighthouse keeper climb the tower?" in text
    assert "word59 end." in text and "[1]" in text
    assert result["sources"] and not result["cancelled"]
    assert view.conversation_id == result["conversation_id"]

    position, href = _cite_position(view)
    assert href == "trove-cite:1/1"
    cursor = QTextCursor(view.transcript.document())
    cursor.setPosition(position)
    view.transcript.setTextCursor(cursor)
    view.transcript.ensureCursorVisible()
    left = view.transcript.cursorRect(cursor)
    cursor.setPosition(position + 1)
    right = view.transcript.cursorRect(cursor)
    point = QPoint((left.x() + right.x()) // 2, left.center().y())
    panel = view.source_panel
    qtbot.mouseClick(view.transcript.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: "text" in panel.source, timeout=WAIT)  # the full passage was read
    assert panel.isVisible() and panel.objectName() == "sources"
    source = result["sources"][0]
    assert panel.path.text() == source["path"]
    assert Path(source["path"]).read_text(encoding="utf-8").strip() in (panel.passage.toPlainText())
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert view.opener.calls == [("open", source["path"], None)]
    assert not panel.open_at_button.isEnabled()  # a text file has no page


def test_stop_keeps_partial_answer_and_reenables_input(qtbot, view, sim, indexed_bridge) -> None:
    sim.config.chat_reply = _reply(400)
    sim.config.stream_token_latency_s = 0.02
    view.question.setPlainText("When does the lighthouse keeper climb the tower?")
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "word3" in view.transcript.toPlainText(), timeout=WAIT)
    assert view.stop_button.isEnabled() and not view.send_button.isEnabled()
    assert not view.conversations.isEnabled()

    with qtbot.wait_signal(view.answerFinished, timeout=WAIT) as blocker:
        qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
        shown = view.transcript.toPlainText()
        assert "word3" in shown and "Stopped" in shown
        assert view.send_button.isEnabled() and not view.stop_button.isEnabled()
    result = blocker.args[0]
    assert result["cancelled"] is True
    assert "word3" in result["answer"] and "word399" not in result["answer"]
    text = view.transcript.toPlainText()
    assert "word3" in text and "Stopped" in text and "word399" not in text
    assert view.conversations.isEnabled() and view.send_button.isEnabled()
    # The core saves what was written, marked as cancelled.
    stored = indexed_bridge.engine.catalog.conversations.messages(result["conversation_id"])
    assert stored[-1].role == "assistant"
    assert stored[-1].state == "cancelled" and "word3" in stored[-1].content


def test_conversations_persist_rename_delete_export(
    qtbot, view, sim, indexed_bridge, messages, tmp_path, monkeypatch
) -> None:
    first = _ask(qtbot, view, "When does the lighthouse keeper climb the tower?")
    follow = _ask(qtbot, view, "What does he light?")
    chat_id = first["conversation_id"]
    assert follow["conversation_id"] == chat_id
    qtbot.waitUntil(lambda: view.conversation_ids() == [chat_id], timeout=WAIT)

    other = ChatView(indexed_bridge, messages, opener=FakeOpener())
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: other.conversation_ids() == [chat_id], timeout=WAIT)
    with qtbot.wait_signal(other.conversationShown, timeout=WAIT):
        other.conversations.setCurrentRow(0)
    text = other.transcript.toPlainText()
    assert "What does he light?" in text and "Sources" in text
    other.show_citation(1, 1)  # citations of a stored answer work too
    assert other.source_panel.path.text() == first["sources"][0]["path"]

    item = view.conversations.item(0)
    item.setText("Lamps")  # as inline editing does
    qtbot.waitUntil(
        lambda: indexed_bridge.engine.catalog.conversations.get(chat_id).title == "Lamps",
        timeout=WAIT,
    )
    qtbot.waitUntil(lambda: view.conversations.item(0).text() == "Lamps", timeout=WAIT)

    target = tmp_path / "out" / "lamps.md"
    target.parent.mkdir()
    with qtbot.wait_signal(view.exported, timeout=WAIT):
        view.export_conversation(str(target))
    exported = target.read_text(encoding="utf-8")
    assert exported.startswith("# Lamps") and "What does he light?" in exported

    asked: list[str] = []

    def confirm(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    view.conversations.setCurrentRow(0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.conversation_ids() == [], timeout=WAIT)
    assert asked and "Lamps" in asked[0]
    assert view.conversation_id is None and view.transcript.toPlainText() == ""
    assert indexed_bridge.engine.catalog.conversations.get(chat_id) is None


def test_nim_auth_error_shows_calm_error_block(qtbot, view, sim, messages) -> None:
    sim.fail_next(401, times=50)
    with qtbot.wait_signal(view.answerFailed, timeout=WAIT):
        view.question.setPlainText("When does the lighthouse keeper climb the tower?")
        view.send()
    text = view.transcript.toPlainText()
    assert "The answer could not be finished." in text
    error = messages.history[-1]
    assert error.level == "error" and error.text in text
    assert view.send_button.isEnabled() and view.conversations.isEnabled()
    # The conversation the core created is selected, so a follow-up continues it.
    qtbot.waitUntil(lambda: view.conversation_id is not None, timeout=WAIT)
    assert view.conversation_ids() == [view.conversation_id]


def test_mid_stream_error_keeps_the_partial_answer(qtbot, view, sim) -> None:
    sim.config.chat_reply = _reply(50)
    sim.config.stream_error_after = 8
    with qtbot.wait_signal(view.answerFailed, timeout=WAIT):
        view.question.setPlainText("When does the lighthouse keeper climb the tower?")
        view.send()
    text = view.transcript.toPlainText()
    assert "The keeper climbs" in text and "word40" not in text
    assert "The answer is incomplete." in text and "could not be finished" in text


def test_scope_folder_and_files_limit_the_sources(
    qtbot, view, sim, indexed_bridge, sample_folder, tmp_path
) -> None:
    island = tmp_path / "island"
    island.mkdir()
    (island / "keeper.txt").write_text("The island lighthouse keeper polishes the lens at dawn.\n")
    indexed_bridge.engine.add_folder(str(island))
    indexed_bridge.engine.index()
    view.refresh_folders()
    qtbot.waitUntil(lambda: view.set_scope_folder(str(island)), timeout=WAIT)
    assert view.scope_args() == {"folders": [str(island)]}

    result = _ask(qtbot, view, "What does the lighthouse keeper do?")
    paths = {s["path"] for s in result["sources"] + result["also_retrieved"]}
    assert paths == {str(island / "keeper.txt")}
    chats = [r for r in sim.requests if r["path"].endswith("chat/completions")]
    prompt = chats[-1]["json"]["messages"][0]["content"]
    assert "keeper.txt" in prompt and "lighthouse.txt" not in prompt

    view.new_conversation()
    garden = str(sample_folder / "garden.md")
    view.set_scope_files([garden])
    assert view.scope_args() == {"files": [garden]} and view.scope.currentText() == "1 chosen file"
    result = _ask(qtbot, view, "What do tomatoes need?")
    assert {s["path"] for s in result["sources"] + result["also_retrieved"]} == {garden}


def test_generation_panel_saves_settings_used_by_the_next_answer(
    qtbot, view, sim, indexed_bridge
) -> None:
    panel = view.generation
    assert panel.objectName() == "generationPanel" and not panel.body.isVisible()
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert panel.body.isVisible()

    field = panel.fields["chat.temperature"]
    field.setText("3")
    assert not panel.commit("chat.temperature")
    assert panel.errors["chat.temperature"].isVisible()
    assert "at most 2" in panel.errors["chat.temperature"].text()

    with qtbot.wait_signal(panel.saved, timeout=WAIT):
        field.setText("0.5")
        assert panel.commit("chat.temperature")
    assert not panel.errors["chat.temperature"].isVisible()
    with qtbot.wait_signal(panel.saved, timeout=WAIT):
        panel.fields["chat.stop"].setText("###, END")
        panel.commit("chat.stop")
    saved = json.loads(indexed_bridge.settings.path.read_text(encoding="utf-8"))
    assert saved["chat"]["temperature"] == 0.5 and saved["chat"]["stop"] == ["###", "END"]

    _ask(qtbot, view, "When does the lighthouse keeper climb the tower?")
    body = [r for r in sim.requests if r["path"].endswith("chat/completions")][-1]["json"]
    assert body["temperature"] == 0.5 and body["stop"] == ["###", "END"]


def test_shift_enter_inserts_a_newline(qtbot, view) -> None:
    view.question.setPlainText("first line")
    view.question.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(view.question, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.question.toPlainText() == "first line\n"
    assert view._ask is None


def test_a_new_view_starts_a_new_conversation_until_one_is_picked(
    qtbot, indexed_bridge, messages, sim
) -> None:
    sim.config.chat_reply = "The keeper climbs the tower every evening [1]."
    first = ChatView(indexed_bridge, messages, opener=FakeOpener())
    qtbot.addWidget(first)
    first.show()
    _ask(qtbot, first, "Who climbs the tower?")
    assert first.follows_up and first.follow_up.isVisible()  # the next one continues it

    view = ChatView(indexed_bridge, messages, opener=FakeOpener())
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitUntil(lambda: view.conversations.count() == 1, timeout=WAIT)
    view.conversations.setFocus()  # Qt makes the first row current when the list takes focus
    qtbot.waitUntil(view.conversations.hasFocus)
    assert view.conversation_id is None and not view.follows_up
    assert not view.follow_up.isVisible()

    with qtbot.wait_signal(view.conversationShown, timeout=WAIT):
        view.conversations.setCurrentRow(0)  # the user picks it
    assert view.follows_up and view.follow_up.isVisible()
    assert "Who climbs the tower?" in view.follow_up.text()
    view.follow_up_new.click()
    assert view.conversation_id is None and not view.follow_up.isVisible()


def test_a_rewritten_follow_up_says_what_it_searches_for(qtbot, view, sim) -> None:
    sim.config.chat_reply = "The keeper climbs the tower every evening [1]."
    _ask(qtbot, view, "Who climbs the tower?")
    events: list[dict[str, Any]] = []
    view._relay.batch.connect(events.extend)
    sim.config.chat_reply = "When does the keeper climb the tower?"  # the rewriter's answer too
    _ask(qtbot, view, "When?")
    searched = [e for e in events if e.get("stage") == "searching_for"]
    assert searched and searched[0]["query"] != "When?"


def test_the_answer_keeps_room_beside_a_source_and_the_list_stays_a_column(
    qtbot, view, sim
) -> None:
    from desktop_app.ui.chat_view import LIST_MAX_SHARE, TRANSCRIPT_MIN_WIDTH

    view.splitter.setSizes([640, 640])  # a saved layout that gave the list half the view
    view.keep_sane_sizes()
    sizes = view.splitter.sizes()
    assert sizes[0] <= sum(sizes) * LIST_MAX_SHARE + 1

    sim.config.chat_reply = "The keeper climbs the tower every evening [1]."
    _ask(qtbot, view, "Who climbs the tower?")
    _cite_position(view)  # the answer cites source 1
    view.show_citation(1, 1)
    assert view.source_panel.isVisible()
    assert view.transcript.width() >= TRANSCRIPT_MIN_WIDTH
    assert view.content_split.sizes()[0] > view.content_split.sizes()[1]


def test_unsupported_and_uncited_sentences_are_underlined_with_a_reason(
    qtbot, view, sim, settings
) -> None:
    # The cosine net on the space's scale would mark the bakery sentence first (another subject);
    # with it low, the words' check gives its reason, the one whose tooltip names the word.
    settings.set("chat.claim_min_similarity", 0.1)
    sim.config.chat_reply = (
        "The lighthouse keeper climbs the tower every evening to light the lamp [1]. "
        "The quarterly revenue of the bakery grew by a wide margin [1]. "
        "Nobody wrote this sentence down anywhere at all. "
        "The keeper owns a boat [9]."
    )
    result = _ask(qtbot, view, "What does the lighthouse keeper do every evening?")
    reasons = [c["reason"] for c in result["claims"]]
    assert reasons == ["supported", "words_missing", "no_citation", "broken_citation"]

    marks = view.transcript.marked_claims()
    assert [(text.strip(), index) for text, index, _ in marks] == [
        ("The quarterly revenue of the bakery grew by a wide margin", 1),
        ("Nobody wrote this sentence down anywhere at all.", 2),
        ("The keeper owns a boat", 3),
    ]
    unsupported, uncited, broken = (tip for _, _, tip in marks)
    assert "Checked against [1]" in unsupported and "lighthouse.txt" in unsupported
    assert "does not say" in unsupported and "“bakery”" in unsupported
    assert "cites no source" in uncited
    assert "[9]" in broken
    # The supported sentence is plain text, and the broken number is shown, struck through.
    plain = view.transcript.toPlainText()
    assert "light the lamp [1]" in plain and "boat [9]" in plain
    assert "points to no source" in plain

    # Reopened from the store, the marks are the same.
    view.load_conversation(int(result["conversation_id"]))
    qtbot.wait_until(lambda: len(view.transcript.marked_claims()) == 3, timeout=WAIT)


def test_f8_steps_through_the_citations_of_the_answer(qtbot, view, sim) -> None:
    sim.config.chat_reply = "The keeper lights the lamp [1]. Tomatoes need sun [2]."
    result = _ask(qtbot, view, "lighthouse keeper lamp and tomatoes garden sun")
    cited = [s["number"] for s in result["sources"]]
    assert cited == [1, 2]
    view.transcript.setFocus()
    seen = []
    for _ in range(3):
        with qtbot.wait_signal(view.sourceShown, timeout=WAIT):
            qtbot.keyClick(view.transcript, Qt.Key.Key_F8)
        seen.append(view.source_panel.source["number"])
    with qtbot.wait_signal(view.sourceShown, timeout=WAIT):
        qtbot.keyClick(view.transcript, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    seen.append(view.source_panel.source["number"])
    assert seen == [1, 2, 1, 2]  # in order, wrapping around, and back

    # In a viewer opened on a citation, F8 goes on to the next citation's document.
    paths = {s["number"]: s["path"] for s in result["sources"]}
    assert paths[1] != paths[2]
    with qtbot.wait_signal(view.viewerOpened, timeout=WAIT) as opened:
        view.view_source(view.source_panel.source)  # [2]
    first = opened.args[0]
    assert first.path == paths[2]
    qtbot.wait_until(first.isActiveWindow, timeout=WAIT)  # asked for: it comes to the front
    with qtbot.wait_signal(view.viewerOpened, timeout=WAIT) as opened:
        qtbot.keyClick(first, Qt.Key.Key_F8)
    second = opened.args[0]
    assert second.path == paths[1] and second is not first
    assert not first.isVisible() and second.isVisible()
    qtbot.wait_until(second.isActiveWindow, timeout=WAIT)
    assert view.source_panel.source["number"] == 1  # the chat follows
    with qtbot.wait_signal(view.viewerOpened, timeout=WAIT) as opened:
        qtbot.keyClick(second, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert opened.args[0].path == paths[2]
    opened.args[0].close()


def test_a_sentence_saying_the_opposite_or_a_wrong_number_says_so_in_both_languages(
    qtbot, view, sim
) -> None:
    from desktop_app.ui.i18n import install_language

    sim.config.chat_reply = (
        "The lighthouse keeper does not climb the tower every evening [1]. "
        "The lighthouse keeper climbs the tower every evening at 9 o'clock to light the lamp [1]."
    )
    result = _ask(qtbot, view, "What does the lighthouse keeper do every evening?")
    assert [c["reason"] for c in result["claims"]] == ["opposite", "detail_missing"]
    opposite, number = (tip for _, _, tip in view.transcript.marked_claims())
    assert "Checked against [1]" in opposite and "lighthouse.txt" in opposite
    assert "says the opposite" in opposite and "climbs the tower every evening" in opposite
    assert "the number 9 is not in the passage" in number

    assert install_language("ko") == "ko"
    try:
        view.load_conversation(int(result["conversation_id"]))  # rendered again, in Korean
        qtbot.wait_until(lambda: "대조함" in view.transcript.marked_claims()[0][2], timeout=WAIT)
        opposite, number = (tip for _, _, tip in view.transcript.marked_claims())
        assert "반대" in opposite and "climbs the tower every evening" in opposite
        assert "숫자 9" in number and "lighthouse.txt" in number
    finally:
        install_language("en")


def test_passages_of_one_file_part_are_told_apart_by_their_first_words(
    qtbot, view, sim, indexed_bridge, tmp_path
) -> None:
    # One long section: several passages of the file share the label "modes.html (Legacy...)".
    folder = tmp_path / "manual"
    folder.mkdir()
    paragraphs = "".join(
        f"<p>{mode} mode blends the layers in its own way. "
        + " ".join(f"{mode.lower()}{i} pixel layer blend detail" for i in range(90))
        + "</p>"
        for mode in ("Dissolve", "Multiply", "Screen", "Overlay", "Difference", "Addition")
    )
    html = f"<html><body><h2>Legacy Layer Modes</h2>{paragraphs}</body></html>"
    (folder / "modes.html").write_text(html, encoding="utf-8")
    indexed_bridge.engine.add_folder(str(folder))
    indexed_bridge.engine.index()
    view.refresh_folders()
    qtbot.waitUntil(lambda: view.set_scope_folder(str(folder)), timeout=WAIT)
    sim.config.chat_reply = "Layers blend by mode [1]."

    result = _ask(qtbot, view, "How do the legacy layer modes blend pixel layers?")

    sources = result["sources"] + result["also_retrieved"]
    assert len(sources) >= 3
    lines = [
        line
        for line in view.transcript.toPlainText().splitlines()
        if "modes.html" in line and line.lstrip().startswith("[")
    ]
    assert len(lines) == len(sources)
    labels = [line.split("]", 1)[1].strip() for line in lines]
    assert len(set(labels)) == len(labels), labels  # each passage's line differs
    assert all("—" in label for label in labels), labels


def test_send_and_stop_keep_a_margin_from_the_window_edge(qtbot, view) -> None:
    qtbot.waitExposed(view)
    for button in (view.send_button, view.stop_button):
        right = button.mapTo(view, QPoint(button.width(), button.height()))
        assert view.width() - right.x() >= 6 and view.height() - right.y() >= 6


def test_a_sources_place_reads_in_the_windows_language(qtbot) -> None:
    from desktop_app.ui.chat_transcript import Transcript, transcript_labels
    from desktop_app.ui.i18n import install_language

    sources = [
        {"number": 1, "path": "/docs/guide.pdf", "location": "p. 3, OCR", "quote": "Restores"},
        {"number": 2, "path": "/docs/notes.txt", "location": "Setup, lines 4-9", "quote": "x"},
    ]
    assert install_language("ko") == "ko"
    try:
        transcript = Transcript(transcript_labels())
        qtbot.addWidget(transcript)
        transcript.show_conversation(
            [
                {"role": "user", "content": "백업은 언제 하나요?"},
                {"role": "assistant", "content": "매일 밤 [1][2].", "sources": sources},
            ]
        )
        shown = transcript.toPlainText()
        assert "guide.pdf (3쪽, OCR)" in shown and "notes.txt (Setup, 4-9행)" in shown
        assert "p. 3" not in shown
    finally:
        install_language("en")
    # What is stored stays the core's English label (exports and page look-ups read it).
    assert transcript.messages[1]["sources"][0]["location"] == "p. 3, OCR"
