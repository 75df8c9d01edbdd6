"""Chat transcript Markdown: citation links, escaping, notes, sources, errors."""

from __future__ import annotations

from desktop_app.core.chat import markdown as r


def test_cite_urls_round_trip_and_reject_other_links() -> None:
    assert r.cite_url(3, 12) == "trove-cite:3/12"
    assert r.parse_cite_url("trove-cite:3/12") == (3, 12)
    assert r.parse_cite_url("https://example.com/3/12") is None
    assert r.parse_cite_url("trove-cite:x/1") is None


def test_markers_become_links_outside_code_only() -> None:
    text = "Keeper [1] and lamp [2, 3].\n\n`a[1]` stays\n\n```\nx = y[2]\n```\nafter [4]"
    out = r.linkify_citations(text, 5)
    assert "\\[[1](trove-cite:5/1)\\]" in out
    assert "\\[[2](trove-cite:5/2), [3](trove-cite:5/3)\\]" in out
    assert "`a[1]` stays" in out and "x = y[2]" in out
    assert "[4](trove-cite:5/4)" in out


def test_existing_links_and_images_are_not_citations() -> None:
    out = r.linkify_citations("See [1](https://x.org) and ![2](file:///etc/img.png)", 0)
    assert "trove-cite" not in out
    assert "![" not in out  # images would make the browser read files: shown as text


def test_escape_markdown_shows_a_question_literally() -> None:
    escaped = r.escape_markdown("What is *this* [1]?\n# not a heading")
    assert "\\*this\\*" in escaped and "\\[1\\]" in escaped and "\\# not" in escaped
    assert "  \n" in escaped  # the line break is kept


def test_an_answers_state_decides_its_note() -> None:
    labels = r.Labels()

    def shown(state: str) -> str:
        return r.conversation_markdown(
            [{"role": "assistant", "content": "Half", "sources": [], "state": state}], labels
        )

    stopped, incomplete = r.escape_markdown(labels.stopped), r.escape_markdown(labels.incomplete)
    assert stopped in shown("cancelled")
    assert incomplete in shown("failed") and incomplete in shown("cut_short")
    assert stopped not in shown("complete") and incomplete not in shown("complete")


def test_answer_markdown_lists_cited_then_other_sources() -> None:
    sources = [
        {"number": 1, "path": "/d/a.pdf", "location": "p. 3", "cited": True},
        {"number": 2, "path": "/d/b.txt", "location": "", "cited": False},
    ]
    labels = r.Labels(sources="Quellen", also_retrieved="Auch gefunden")
    out = r.answer_markdown("Answer [1].", 4, sources, stopped=True, labels=labels)
    assert out.index("Answer") < out.index(labels.stopped.split(":")[0]) < out.index("Quellen")
    assert out.index("Quellen") < out.index("Auch gefunden")
    assert "[\\[1\\]](trove-cite:4/1) a\\.pdf \\(p\\. 3\\)" in out
    assert "[\\[2\\]](trove-cite:4/2) b\\.txt" in out


def test_streaming_answer_without_text_shows_a_placeholder() -> None:
    assert r.answer_markdown("", 1, streaming=True).strip() == r.Labels().thinking
    assert r.answer_markdown("", 1).strip() == ""


def test_error_block_is_a_quote_with_message_and_hint() -> None:
    out = r.error_markdown("The chat NIM refused the key.", "Check the API key in Settings.")
    lines = out.splitlines()
    assert all(line.startswith(">") for line in lines)
    assert "refused the key\\." in out and "Settings\\." in out


def test_source_title_and_page() -> None:
    source = {"path": "/docs/report.pdf", "location": "p. 7, Results"}
    assert r.source_title(source) == "report.pdf (p. 7, Results)"
    assert r.page_of(source) == 7
    assert r.page_of({**source, "location_data": {"page": 9}}) == 9
    assert r.page_of({"path": "/a.txt", "location": "lines 1-4"}) is None


def test_conversation_markdown_numbers_citations_per_message() -> None:
    messages = [
        {"role": "user", "content": "Q1"},
        {
            "role": "assistant",
            "content": "A1 [1]",
            "state": "cancelled",
            "sources": [{"number": 1, "path": "/a.txt", "location": "", "cited": True}],
        },
        {"role": "user", "content": "Q2"},
        {"role": "assistant", "content": "A2 [1]", "sources": []},
    ]
    out = r.conversation_markdown(messages)
    assert "trove-cite:1/1" in out and "trove-cite:3/1" in out
    assert "[Answer cancelled]" not in out and r.Labels().stopped.split(":")[0] in out


def test_turns_after_the_first_are_separated_by_a_rule() -> None:
    assert not r.question_markdown("Q1").startswith("---")
    assert r.question_markdown("Q2", first=False).startswith("---")
    out = r.conversation_markdown(
        [{"role": "user", "content": "A"}, {"role": "user", "content": "B"}]
    )
    assert out.count("---") == 1


def test_export_says_how_each_answer_ended() -> None:
    chat = {
        "title": "Lamps",
        "messages": [
            {"role": "user", "content": "Q1"},
            {"role": "assistant", "content": "A1", "sources": [], "state": "cancelled"},
            {"role": "user", "content": "Q2"},
            {
                "role": "assistant",
                "content": "A2",
                "sources": [{"number": 1, "path": "/a.txt", "quote": "q", "cited": True}],
                "state": "failed",
                "error": "The NIM stopped.",
            },
        ],
    }
    out = r.export_markdown(chat)
    assert out.startswith("# Lamps") and "**Question:** Q2" in out
    assert "A1\n\n*Answer cancelled\\.*" in out
    assert "*Answer incomplete\\. \\(The NIM stopped\\.\\)*" in out
    assert "- \\[1\\] `/a.txt`\n  > q" in out
    # The same renderer as the screen, without the links that only the app can follow.
    assert "trove-cite:" not in out and "trove-cite:" in r.conversation_markdown(chat["messages"])


def test_sources_sharing_a_label_show_the_start_of_their_passage() -> None:
    def source(number: int, path: str, quote: str) -> dict[str, object]:
        return {"number": number, "path": path, "location": "3. Legacy", "quote": quote}

    sources = [
        source(1, "/m/modes.html", "3. Legacy Dissolve mode draws a random pattern of pixels"),
        {**source(2, "/m/modes.html", "Multiply mode multiplies the pixel values"), "cited": False},
        {**source(3, "/m/other.html", "Screen mode inverts"), "cited": False},
    ]
    out = r.answer_markdown("Modes [1].", 0, sources)
    assert "\\(3\\. Legacy\\) — “Dissolve mode draws a random pattern of pixels”" in out
    assert "— “Multiply mode multiplies the pixel values”" in out
    assert "other\\.html \\(3\\. Legacy\\)\n" in out  # its label is its own: no quote
    assert r.passage_start({"quote": " ".join(["word"] * 20)}) == " ".join(["word"] * 8) + "…"
