"""Streaming: LLM tokens reach the caller (Python API and web UI) while the model is still writing.

The chat model is a LangChain fake that streams its reply character by character and, after a
few characters, waits until the consumer has shown it has received them (``gate``). A caller that
waited for the whole reply would never open the gate: the model then gives up, the answer falls
back to the extractive one, and the test fails. Index, retrieval and UI server are real.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from qa.answering.pipeline import PolicyQA
from qa.types import Answer
from tests.test_ui_api import free_port, wait_http

QUESTION = "居住证的有效期是多久？"
REPLY = "居住证的有效期限为一年[1]，期满可以签注[2]。"
GATE_TIMEOUT_S = 20
HOLD_AFTER = 4  # characters the model sends before it waits for the consumer


class GatedChatModel(FakeListChatModel):
    """Streams its reply one character at a time and stops after ``hold_after`` until ``gate`` opens."""

    gate: Any = None
    hold_after: int = HOLD_AFTER

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        for i, chunk in enumerate(super()._stream(messages, stop, run_manager, **kwargs)):
            if i == self.hold_after and not self.gate.wait(GATE_TIMEOUT_S):
                raise TimeoutError("the first tokens were not delivered before the rest were asked for")
            yield chunk


class Unreachable:
    """A chat model that must not be called."""

    def stream(self, messages):
        raise AssertionError("the model was asked to reword a refusal or a verdict")

    invoke = stream


@pytest.fixture(scope="module")
def llm_bot(pack_index):
    """PolicyQA over the pack index with a chat model (each test sets its own)."""
    return PolicyQA(index_dir=pack_index, chat_model=Unreachable())


def _consume(stream, gate: threading.Event | None = None) -> tuple[list[str], Answer, bool]:
    """Read a stream; open ``gate`` once HOLD_AFTER pieces have arrived. Returns the pieces, the
    Answer, and whether the gate was still closed when those pieces arrived."""
    pieces: list[str] = []
    early = False
    for item in stream:
        if isinstance(item, Answer):
            return pieces, item, early
        pieces.append(item)
        if gate is not None and len(pieces) == HOLD_AFTER:
            early = not gate.is_set()
            gate.set()
    raise AssertionError("the stream ended without an Answer")


def test_ask_stream_yields_tokens_while_the_model_writes(llm_bot) -> None:
    gate = threading.Event()
    llm_bot.chat_model = GatedChatModel(responses=[REPLY], gate=gate)
    pieces, answer, early = _consume(llm_bot.ask_stream(QUESTION), gate)
    assert early, "the first tokens arrived only after the model had been let go"
    assert len(pieces) == len(REPLY) and "".join(pieces) == REPLY
    assert answer.meta["generator"] == "llm" and "llm_rejected" not in answer.meta
    assert answer.text == REPLY and len(answer.citations) == 2
    assert all(c.locator for c in answer.citations)
    assert [c.chunk_id for c in answer.citations] == [h.chunk.chunk_id for h in answer.retrieved[:2]]


def test_ask_stream_replaces_a_reply_citing_what_was_not_retrieved(llm_bot, bot) -> None:
    reply = "居住证有效期五年[8]。"  # the model was given [1]..[5]
    llm_bot.chat_model = FakeListChatModel(responses=[reply])
    pieces, answer, _ = _consume(llm_bot.ask_stream(QUESTION))
    assert "".join(pieces) == reply  # streamed as written …
    assert answer.meta["llm_rejected"] and answer.meta["llm_removed_markers"] == [8]
    assert answer.text == bot.ask(QUESTION).text  # … then replaced by the extractive answer
    assert "五年" not in answer.text


def test_ask_stream_falls_back_when_the_model_breaks_off(llm_bot, bot) -> None:
    llm_bot.chat_model = FakeListChatModel(responses=[REPLY], error_on_chunk_number=5)
    pieces, answer, _ = _consume(llm_bot.ask_stream(QUESTION))
    assert "".join(pieces) == REPLY[:5]
    assert "llm_error" in answer.meta and answer.text == bot.ask(QUESTION).text


def test_ask_stream_without_a_model_gives_the_composed_answer_at_once(bot) -> None:
    items = list(bot.ask_stream(QUESTION))
    assert len(items) == 2 and isinstance(items[1], Answer)
    expected = bot.ask(QUESTION)
    assert items[0] == items[1].text == expected.text
    assert items[1].citations == expected.citations


@pytest.mark.parametrize("question", ["今天天气怎么样？",
                                      "我在上海居住了8个月，有劳动合同，社保交了7个月，有租房合同登记备案，能办居住证吗？"])
def test_refusals_and_verdicts_are_not_reworded(llm_bot, question) -> None:
    llm_bot.chat_model = Unreachable()
    pieces, answer, _ = _consume(llm_bot.ask_stream(question))
    assert pieces == [answer.text] and "llm_error" not in answer.meta
    assert answer.refused or answer.verdict == "eligible"


# -- the web UI ------------------------------------------------------------------------------
def _content(message: dict[str, Any]) -> str:
    content = message["content"]
    return content if isinstance(content, str) else content[0]["text"]


@pytest.fixture(scope="module")
def ui(llm_bot):
    from gradio_client import Client

    from qa.app.webui import build_app, launch_app

    app = build_app(llm_bot)
    port = free_port()
    launch_app(app, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    wait_http(url, None, 60)
    yield Client(url, verbose=False)
    app.close()


def test_chat_shows_tokens_as_they_arrive(ui, llm_bot) -> None:
    gate = threading.Event()
    llm_bot.chat_model = GatedChatModel(responses=[REPLY], gate=gate)
    job = ui.submit(QUESTION, api_name="/chat")
    partial_before_gate = None
    started = time.monotonic()
    for output in job:
        text = _content(output[0][-1])
        if "▌" in text and not gate.is_set():
            partial_before_gate = text
            gate.set()
    assert partial_before_gate is not None, "no partial answer reached the page while the model was writing"
    shown = partial_before_gate.removesuffix(" ▌")
    assert shown and REPLY.startswith(shown) and len(shown) <= HOLD_AFTER  # only what the model had sent
    final = _content(job.outputs()[-1][0][-1])
    assert "qa-source" in final and "qa-llm-fallback" not in final
    assert REPLY.split("[")[0] in final
    assert time.monotonic() - started < GATE_TIMEOUT_S


def test_chat_replaces_a_rejected_stream_and_says_so(ui, llm_bot) -> None:
    llm_bot.chat_model = FakeListChatModel(responses=["居住证有效期五年[8]。"])
    outputs = list(ui.submit(QUESTION, api_name="/chat"))
    streamed = [_content(o[0][-1]) for o in outputs if "▌" in _content(o[0][-1])]
    assert streamed and "五年" in streamed[-1]
    final = _content(outputs[-1][0][-1])
    assert "qa-llm-fallback" in final and "未通过引用核对" in final and "五年" not in final
    assert "qa-source" in final  # the extractive answer with its sources


def test_chat_without_a_model_shows_the_answer_as_soon_as_it_is_composed(ui, llm_bot) -> None:
    llm_bot.chat_model = None
    outputs = list(ui.submit(QUESTION, api_name="/chat"))
    contents = [_content(o[0][-1]) for o in outputs]
    assert contents[0] == "正在检索文件……"
    assert not any("▌" in c for c in contents)  # no sentence-by-sentence replay
    assert "qa-source" in contents[-1] and len(outputs) == 2
