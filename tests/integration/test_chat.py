"""Chat with the files end to end: real catalog, real Chroma, the NIM simulator; through the
ChatService (for events and cancel) and the `trove ask` / `trove chats` CLI."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.chat import ChatScope, ChatService
from desktop_app.core.chat.floor import not_found_answer
from desktop_app.core.chat.markdown import export_markdown
from desktop_app.core.command_table import handlers_for
from desktop_app.core.engine import Engine
from desktop_app.core.errors import NimStreamError
from desktop_app.core.ingest.tokens import estimate_tokens
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.settings import Settings
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator

SOURCE_RE = re.compile(r"(?m)^\[(\d+)\] (\S+)")


def last_chat(sim: NimSimulator) -> dict[str, Any]:
    """The body of the last chat request (the claim check's requests come after it)."""
    return next(r["json"] for r in reversed(sim.requests) if "messages" in (r["json"] or {}))


def system_of(messages: list[dict[str, Any]]) -> str:
    return next(str(m["content"]) for m in messages if m["role"] == "system")


@pytest.fixture(scope="module")
def sim() -> Iterator[NimSimulator]:
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def docs(tmp_path: Path, sim: NimSimulator) -> Path:
    sim.reset()
    sim.config.chat_reply = None
    sim.config.stream_error_after = None
    sim.config.stream_token_latency_s = 0.0
    sim.config.max_model_len = 8192
    root = tmp_path / "docs"
    (root / "db").mkdir(parents=True)
    (root / "db" / "chroma.md").write_text(
        "# Chroma\n\nChroma is an open-source vector database that stores embeddings.\n\n"
        "## Limits\n\nChroma batches are limited by max batch size; collections hold millions.\n",
        encoding="utf-8",
    )
    (root / "garden.txt").write_text(
        "Tomatoes need full sun, deep watering and rich compost to grow well.\n", encoding="utf-8"
    )
    (root / "report.pdf.txt").write_text(
        "The quarterly report says revenue grew by twelve percent.\n", encoding="utf-8"
    )
    point_at_simulator(sim)
    # Three one-line files: the floors of so small a space come from the reference passages, and
    # the lexical vectors score terse questions low on that scale (0.25-0.35). These tests are
    # about what an answer does, so the floors are set (the floor's own tests are
    # test_chat_floor*.py).
    assert trove("config", "set", "chat.min_similarity", "0.1") == 0
    assert trove("config", "set", "chat.claim_min_similarity", "0.1") == 0
    assert trove("folders", "add", str(root)) == 0
    assert trove("index") == 0
    return root


@pytest.fixture
def chat(docs: Path, sim: NimSimulator) -> Iterator[ChatService]:
    dirs = resolve_dirs(None)
    settings = Settings.load(dirs.settings_file)
    # The floor on the similarity of the embedding space; the reranker's floor is tested apart.
    settings.set("rerank.enabled", "off")
    engine = Engine(dirs, settings)
    service = ChatService.from_engine(engine)
    sim.reset()
    yield service
    engine.close()


def test_streams_token_by_token_with_cited_sources(chat: ChatService, sim: NimSimulator) -> None:
    events: list[dict[str, Any]] = []
    answer = chat.ask("What is Chroma?", emit=events.append)
    tokens = [e["text"] for e in events if e["type"] == "token"]
    assert len(tokens) > 3  # word by word, as the simulator streams
    assert "".join(tokens) == answer.answer
    assert "[1]" in answer.answer
    assert Path(answer.sources[0].path).name == "chroma.md"
    assert answer.sources[0].quote
    prompt = system_of(last_chat(sim)["messages"])
    assert "solely from the numbered sources" in prompt
    assert "Answer in the same language as the question" in prompt


def test_nothing_relevant_answers_without_the_model_and_lists_the_nearest(
    chat: ChatService, sim: NimSimulator
) -> None:
    answer = chat.ask("quantum chromodynamics lattice gauge?")
    assert answer.answer == not_found_answer("quantum chromodynamics lattice gauge?")
    assert answer.answer.startswith("The files do not say.")
    assert not answer.answered and answer.sources == []
    assert 1 <= len(answer.also_retrieved) <= 3  # the nearest passages, to judge by
    assert sim.counters["chat"] == 0
    saved = chat.show_chat(answer.conversation_id)["messages"][-1]
    assert saved["evidence"]["answered"] is False
    assert saved["sources"] and not any(s["cited"] for s in saved["sources"])


def test_the_floor_refuses_below_it_in_the_questions_language(
    chat: ChatService, sim: NimSimulator
) -> None:
    # "Chroma" is in the files: by keyword alone this question would reach the model.
    question = "Chroma는 양자 색역학 계산에 쓰이나요?"
    chat.settings.set("chat.min_similarity", 0.99)
    answer = chat.ask(question)
    assert sim.counters["chat"] == 0
    assert answer.answer == not_found_answer(question)
    assert answer.answer.startswith("파일에 이 질문에 대한 내용이 없습니다")
    assert answer.floor is not None and answer.floor.by == "similarity"
    assert answer.floor.best < 0.99 and not answer.floor.passed
    assert Path(answer.also_retrieved[0].path).name == "chroma.md"
    chat.settings.set("chat.min_similarity", 0.05)
    answer = chat.ask(question)
    assert sim.counters["chat"] >= 1 and answer.answered
    assert answer.floor is not None and answer.floor.passed


def test_the_floor_reads_the_rerankers_logits_when_it_reranks(
    chat: ChatService, sim: NimSimulator
) -> None:
    chat.settings.set("rerank.enabled", "on")
    chat.settings.set("chat.min_rerank_score", 50.0)
    refused = chat.ask("What is Chroma?")
    assert sim.counters["ranking"] >= 1 and sim.counters["chat"] == 0
    assert refused.floor is not None and refused.floor.by == "rerank"
    assert not refused.answered
    chat.settings.set("chat.min_rerank_score", -5.0)
    answered = chat.ask("What is Chroma?")
    assert answered.answered and answered.floor is not None and answered.floor.passed
    assert sim.counters["chat"] >= 1


def test_reranked_passages_meet_the_similarity_floor_unless_a_rerank_floor_is_set(
    chat: ChatService, sim: NimSimulator
) -> None:
    # A reranker's logits have no scale common to all models: by default it only orders the
    # passages, and the measured floor of the embedding space decides.
    chat.settings.set("rerank.enabled", "on")
    answer = chat.ask("What is Chroma?")
    assert sim.counters["ranking"] >= 1
    assert answer.floor is not None and answer.floor.by == "similarity"
    assert answer.answered


def test_citations_keep_bad_markers_as_broken_and_list_uncited(
    chat: ChatService, sim: NimSimulator
) -> None:
    sim.config.chat_reply = "Chroma stores embeddings [1] and tomatoes [7] need sun [2]."

    answer = chat.ask("Chroma embeddings and tomatoes sun")
    assert "[7]" in answer.answer and answer.broken_citations == [7]
    assert [s.number for s in answer.sources] == [1, 2]
    numbers = {s.number for s in answer.also_retrieved}
    assert numbers.isdisjoint({1, 2})
    prompt = system_of(last_chat(sim)["messages"])
    assert len(SOURCE_RE.findall(prompt)) == 2 + len(answer.also_retrieved)
    saved = chat.show_chat(answer.conversation_id)["messages"][-1]
    assert saved["evidence"]["broken_citations"] == [7]
    export = export_markdown(chat.show_chat(answer.conversation_id)).replace("\\", "")
    assert "tomatoes [7]" in export and "Broken citations: [7]" in export


def test_every_cited_sentence_is_checked_against_its_passage(
    chat: ChatService, sim: NimSimulator
) -> None:
    sim.config.chat_reply = (
        "Chroma is an open-source vector database that stores embeddings [1]. "
        "The quarterly revenue of the garden grew by twelve percent [1]. "
        "Nobody knows who wrote this sentence without any citation."
    )
    events: list[dict[str, Any]] = []
    answer = chat.ask("What is Chroma and where does it store embeddings?", emit=events.append)
    claims = [c.to_dict() for c in answer.claims]
    assert [c["sources"] for c in claims] == [[1], [1], []]
    supported, unsupported, uncited = claims
    assert supported["supported"] is True and supported["reason"] == "supported"
    assert unsupported["supported"] is False
    assert unsupported["reason"] in ("below_threshold", "words_missing")
    assert supported["score"] > unsupported["score"]
    assert uncited["supported"] is None and uncited["reason"] == "no_citation"
    assert [e["claims"] for e in events if e["type"] == "claims"] == [claims]
    saved = chat.show_chat(answer.conversation_id)
    assert saved["messages"][-1]["evidence"]["claims"] == claims
    export = export_markdown(saved).replace("\\", "")
    assert "The quarterly revenue" in export.split("not supported by what they cite:")[1]
    assert "[no citation] Nobody knows" in export


def test_ask_json_says_which_sentence_says_the_opposite_or_a_number_its_source_lacks(
    docs: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.chat_reply = (
        "Chroma is not an open-source vector database [1]. "
        "Chroma batches are limited by max batch size; collections hold 5 millions [1]."
    )
    result = trove_json(capsys, "ask", "What is Chroma?")
    opposite, number = result["claims"]
    assert opposite["supported"] is False and opposite["reason"] == "opposite"
    assert "open-source vector database" in opposite["quote"]
    assert number["reason"] == "detail_missing" and number["missing"] == ["5"]
    capsys.readouterr()
    assert trove("ask", "What is Chroma?") == 0
    out = capsys.readouterr().out
    assert "[[1] says the opposite: 'Chroma is an open-source vector database" in out
    assert "[not supported: the number 5 is not in [1]]" in out


def test_cancel_keeps_the_partial_answer(chat: ChatService, sim: NimSimulator) -> None:
    sim.config.chat_reply = " ".join(f"word{i}" for i in range(200)) + " [1]"
    sim.config.stream_token_latency_s = 0.01
    cancel = threading.Event()
    seen: list[str] = []

    def emit(event: dict[str, Any]) -> None:
        if event["type"] == "token":
            seen.append(event["text"])
            if len(seen) == 5:
                cancel.set()

    answer = chat.ask("What is Chroma?", emit=emit, cancel=cancel)
    assert answer.cancelled
    assert answer.answer.startswith("word0 word1")
    assert len(seen) < 50
    saved = chat.show_chat(answer.conversation_id)["messages"][-1]
    assert saved["content"].startswith(answer.answer) and saved["state"] == "cancelled"
    assert answer.to_dict()["state"] == "cancelled"


def test_mid_stream_error_is_typed_and_partial_answer_saved(
    chat: ChatService, sim: NimSimulator
) -> None:
    sim.config.chat_reply = "Chroma is a vector database that stores embeddings [1]."
    sim.config.stream_error_after = 3
    seen: list[str] = []
    with pytest.raises(NimStreamError) as failed:
        chat.ask("What is Chroma?", emit=lambda e: seen.append(e.get("text", "")))
    conversation = chat.list_chats()[0]["id"]
    # The failed question keeps its conversation: the next one can continue there.
    assert failed.value.conversation_id == conversation
    last = chat.show_chat(conversation)["messages"][-1]
    assert last["role"] == "assistant"
    assert last["content"].startswith("Chroma is a")
    # How it ended is data on the message, not a note in its text.
    assert last["state"] == "failed" and last["error"] == failed.value.message
    assert "Answer incomplete" not in last["content"]


def test_context_fitting_uses_fewer_sources_never_over_the_limit(
    chat: ChatService, sim: NimSimulator, docs: Path
) -> None:
    # Many relevant files: a big window takes several, a small one fewer, none over the limit.
    for i in range(8):
        (docs / f"vector{i}.txt").write_text(
            f"Vector database note {i}: embeddings are stored as vectors. " * 20, encoding="utf-8"
        )
    assert trove("index") == 0
    wide = chat.ask("vector database embeddings")
    sim.config.max_model_len = 1100
    chat._model_len_known = False  # ask /v1/models again, as a new session would
    sim.reset()
    narrow = chat.ask("vector database embeddings")
    assert sim.counters["models"] == 1
    assert len(narrow.sources) + len(narrow.also_retrieved) >= 1
    assert len(narrow.sources) + len(narrow.also_retrieved) < len(wide.sources) + len(
        wide.also_retrieved
    )
    body = last_chat(sim)
    prompt = sum(estimate_tokens(m["content"]) + 4 for m in body["messages"])
    assert prompt + body["max_tokens"] <= 1100  # the simulator would have refused it anyway


def test_scope_filters_limit_sources(chat: ChatService, sim: NimSimulator, docs: Path) -> None:
    question = "Chroma tomatoes revenue"
    everything = chat.ask(question)
    assert len({s.path for s in everything.sources + everything.also_retrieved}) == 3
    only_md = chat.ask(question, scope=ChatScope(kinds=["md"]))
    assert {Path(s.path).name for s in only_md.sources + only_md.also_retrieved} == {"chroma.md"}
    folder = chat.ask(question, scope=ChatScope(folders=[str(docs / "db")]))
    assert {Path(s.path).name for s in folder.sources + folder.also_retrieved} == {"chroma.md"}
    garden = str(docs / "garden.txt")
    listed = chat.ask(question, scope=ChatScope(files=[garden]))
    assert {s.path for s in listed.sources + listed.also_retrieved} == {garden}
    globbed = chat.ask(question, scope=ChatScope(path_glob="report*"))
    assert {Path(s.path).name for s in globbed.sources + globbed.also_retrieved} == {
        "report.pdf.txt"
    }


def test_a_question_searches_once_whatever_the_scope(
    chat: ChatService, sim: NimSimulator, docs: Path
) -> None:
    files = sorted(str(p) for p in docs.rglob("*") if p.is_file())
    assert len(files) >= 3
    sim.reset()
    listed = chat.ask("Chroma tomatoes revenue", scope=ChatScope(files=files))
    assert listed.sources
    # One query embedding for the search and its relevance check, not one per file; the claim
    # check after the answer embeds its sentences in one more request.
    queries = [r for r in sim.requests if (r["json"] or {}).get("input_type") == "query"]
    assert len(queries) == 1
    assert sim.counters["embeddings"] == 2


def test_follow_up_is_rewritten_for_retrieval(chat: ChatService, sim: NimSimulator) -> None:
    first = chat.ask("Tell me about Chroma")

    def reply(messages: list[dict[str, Any]]) -> str:
        if "standalone question" in system_of(messages):
            return "What are the limits of Chroma?"
        return "See [1]."

    sim.config.chat_reply = reply
    follow = chat.ask("and what about its limits?", conversation_id=first.conversation_id)
    assert follow.search_query == "What are the limits of Chroma?"
    assert Path(follow.sources[0].path).name == "chroma.md"
    # the history went to the model too
    roles = [m["role"] for m in last_chat(sim)["messages"]]
    assert roles == ["system", "user", "assistant", "user"]

    # When the rewrite fails the last question is prepended, which still finds Chroma.
    sim.config.chat_reply = None
    other = chat.ask("Tell me about Chroma")
    sim.fail_next(400)
    again = chat.ask("and its limits?", conversation_id=other.conversation_id)
    assert again.search_query == "Tell me about Chroma and its limits?"
    assert Path(again.sources[0].path).name == "chroma.md"


def test_collection_mode_cites_every_file(chat: ChatService, sim: NimSimulator) -> None:
    def reply(messages: list[dict[str, Any]]) -> str:
        system = system_of(messages)
        if system.startswith("You read one file"):
            return "This file has notes: " + system.split("File: ", 1)[1].split("\n", 1)[0]
        numbers = SOURCE_RE.findall(system)
        return "Summary: " + " ".join(f"file {name} [{n}]." for n, name in numbers)

    sim.config.chat_reply = reply
    events: list[dict[str, Any]] = []
    answer = chat.ask("Summarise every file", collection=True, emit=events.append)
    assert {Path(s.path).name for s in answer.sources} == {
        "chroma.md",
        "garden.txt",
        "report.pdf.txt",
    }
    assert answer.also_retrieved == []
    assert sim.counters["chat"] == 4  # three extracts and one answer
    progress = [e for e in events if e["type"] == "progress"]
    assert progress[-1]["done"] == progress[-1]["total"] == 3


def test_korean_question_gets_english_sources(chat: ChatService, sim: NimSimulator) -> None:
    question = "Chroma는 무엇을 저장하나요?"
    answer = chat.ask(question)
    assert Path(answer.sources[0].path).name == "chroma.md"
    messages = last_chat(sim)["messages"]
    assert messages[-1]["content"] == question
    assert estimate_tokens(question) == 12  # Hangul counts a token per character
    usage_prompt = sum(estimate_tokens(m["content"]) + 4 for m in messages)
    assert usage_prompt < 8192
    chat.settings.set("chat.language", "Korean")
    chat.ask(question)
    prompt = system_of(last_chat(sim)["messages"])
    assert "Speak only in the following language: Korean" in prompt


def test_cli_ask_and_chats(docs: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    capsys.readouterr()
    assert trove("ask", "What is Chroma?") == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "chroma.md" in out and "Sources:" in out

    result = trove_json(capsys, "ask", "What is Chroma?")
    assert set(result) >= {"answer", "sources", "conversation_id"}
    chat_id = result["conversation_id"]
    follow = trove_json(capsys, "ask", "and its limits?", "--chat", str(chat_id))
    assert follow["conversation_id"] == chat_id

    chats = trove_json(capsys, "chats", "list")
    assert len(chats) == 2 and chats[0]["id"] == chat_id
    shown = trove_json(capsys, "chats", "show", str(chat_id))
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"] * 2
    first_sources = shown["messages"][1]["sources"]
    assert {"path", "location", "quote"} <= set(first_sources[0])

    target = tmp_path / "chat.md"
    assert trove("chats", "export", str(chat_id), "-o", str(target)) == 0
    markdown = target.read_text(encoding="utf-8")
    assert markdown.startswith("# What is Chroma?")
    assert "**Question:** and its limits?" in markdown and "chroma.md" in markdown

    assert trove("chats", "rename", str(chat_id), "Chroma notes") == 0
    assert trove_json(capsys, "chats", "list")[0]["title"] == "Chroma notes"
    assert trove("chats", "delete", str(chat_id)) == 0
    assert [c["id"] for c in trove_json(capsys, "chats", "list")] != [chat_id]
    assert trove("chats", "show", str(chat_id)) != 0


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to the child")
def test_cli_ctrl_c_keeps_the_answer_so_far(
    docs: Path, sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.config.chat_reply = "Chroma is an open-source vector database [1]. " * 40
    sim.config.stream_token_latency_s = 0.02
    ask = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "ask", "What is Chroma?"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert ask.stdout is not None
    begun = ask.stdout.read(40)  # the answer is streaming
    ask.send_signal(signal.SIGINT)
    rest, errors = ask.communicate(timeout=60)
    assert ask.returncode == 0, errors
    assert begun.startswith("Chroma is an open-source")
    assert "(cancelled)" in rest and "Conversation 1" in rest
    chat_id = trove_json(capsys, "chats", "list")[0]["id"]
    message = trove_json(capsys, "chats", "show", str(chat_id))["messages"][-1]
    answer = message["content"]
    assert answer.startswith("Chroma is an open-source vector database")
    assert message["state"] == "cancelled"
    assert len(answer) < len(sim.config.chat_reply)  # cut short, not waited out


def _lock_free_elsewhere(lock: Any) -> bool:
    """Whether another thread could take ``lock`` right now."""
    result: list[bool] = []

    def probe() -> None:
        got = lock.acquire(blocking=False)
        if got:
            lock.release()
        result.append(got)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return result[0]


def test_an_answer_served_by_the_owner_does_not_hold_up_indexing(
    docs: Path, sim: NimSimulator
) -> None:
    dirs = resolve_dirs(None)
    engine = Engine(dirs, Settings.load(dirs.settings_file))
    try:
        handlers = handlers_for(engine)
        during: dict[str, list[bool]] = {"ask": [], "index": []}

        def watch(command: str) -> Callable[[dict[str, Any]], None]:
            def emit(event: dict[str, Any]) -> None:
                if event.get("type") in ("token", "progress"):
                    during[command].append(_lock_free_elsewhere(engine.write_lock))

            return emit

        handlers["ask"]({"question": "What is Chroma?"}, watch("ask"))
        (docs / "more.txt").write_text("One more note about compost.\n", encoding="utf-8")
        handlers["index"]({}, watch("index"))
    finally:
        engine.close()
    assert during["ask"] and all(during["ask"])  # live indexing may write meanwhile
    assert during["index"] and not any(during["index"])  # writers still take turns
