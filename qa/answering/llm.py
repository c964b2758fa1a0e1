"""Optional LLM generation over the retrieved chunks, with every citation checked.

Off by default. ``QA_LLM_PROVIDER=openai`` (any OpenAI-compatible base URL) or ``ollama`` turns it
on; the model sees only the retrieved chunks, numbered [1]…[n]. ``check_reply`` is the one citation
check, shared by ``generate`` (one call), ``stream`` (tokens as they arrive) and the LangChain
chain (``qa.integrations.langchain``): markers that point outside the numbered list are removed
and reported in ``Answer.meta["llm_removed_markers"]``; an output with no valid marker, an error
or a timeout falls back to the extractive answer (``meta["llm_rejected"]`` / ``meta["llm_error"]``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from qa.config import Settings
from qa.errors import QAError
from qa.types import Answer, Citation, RetrievedChunk

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "你是居住证和户籍政策问答助手。只能依据下面编号的资料回答，用简洁的中文，"
    "每句话后用 [编号] 标出依据；资料没有写的内容不要回答，直接说“文件中没有相关规定”。"
)
HUMAN_TEMPLATE = "资料：\n{sources}\n\n问题：{question}"
_MARKER = re.compile(r"\[(\d+)\]")


def make_chat_model(settings: Settings) -> Any:
    """A LangChain chat model from settings, or None when no provider is configured."""
    if not settings.llm_provider:
        return None
    try:
        if settings.llm_provider == "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model or "gpt-4o-mini",
                              api_key=settings.llm_api_key or "not-needed", timeout=settings.llm_timeout, max_retries=0)
        if settings.llm_provider == "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(base_url=settings.llm_base_url, model=settings.llm_model or "qwen2.5",
                              client_kwargs={"timeout": settings.llm_timeout})
    except ImportError as exc:
        raise QAError("LLM 生成需要安装可选依赖：pip install -e '.[llm]'") from exc
    raise QAError(f"未知的 QA_LLM_PROVIDER={settings.llm_provider!r}：可选 openai 或 ollama")


def format_sources(hits: Sequence[RetrievedChunk]) -> str:
    """The numbered sources the model may cite: [n] 《title》locator, then the exact quote."""
    return "\n\n".join(
        f"[{n}] 《{h.chunk.doc_title}》{h.chunk.locator or ''}\n{h.chunk.quote}" for n, h in enumerate(hits, start=1))


def build_messages(question: str, hits: Sequence[RetrievedChunk]) -> list[tuple[str, str]]:
    return [("system", SYSTEM_PROMPT),
            ("human", HUMAN_TEMPLATE.format(sources=format_sources(hits), question=question))]


def check_reply(text: str, hits: Sequence[RetrievedChunk], fallback: Answer) -> Answer:
    """The model's ``text`` as an Answer citing only ``hits``, or ``fallback`` when it cites none of them.

    Markers are renumbered in order of first use ([3]…[1] → [1]…[2]); a marker outside 1..len(hits)
    (a chunk the model was not given, an invented number) is removed and listed in
    ``meta["llm_removed_markers"]``. With no valid marker left, ``fallback`` is returned with
    ``meta["llm_rejected"]``: an uncited sentence is not shown as an answer.
    """
    text = text.strip()
    used: list[int] = []
    removed: list[int] = []
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        (used if 1 <= n <= len(hits) else removed).append(n)
    if not used:
        meta = {**fallback.meta, "llm_rejected": "no valid citation"}
        if removed:
            meta["llm_removed_markers"] = sorted(set(removed))
        return replace(fallback, meta=meta)
    order = list(dict.fromkeys(used))
    renumber = {old: new for new, old in enumerate(order, start=1)}

    def _fix(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[{renumber[n]}]" if n in renumber else ""

    citations = tuple(Citation.from_chunk(hits[n - 1].chunk) for n in order)
    meta = {**fallback.meta, "generator": "llm"}
    if removed:
        meta["llm_removed_markers"] = sorted(set(removed))
    return replace(fallback, text=_MARKER.sub(_fix, text), citations=citations, refused=False, meta=meta)


def _failed(fallback: Answer, exc: BaseException) -> Answer:
    log.warning("LLM generation failed, using the extractive answer: %s", exc)
    return replace(fallback, meta={**fallback.meta, "llm_error": str(exc)[:200] or type(exc).__name__})


def generate(chat_model: Any, question: str, hits: Sequence[RetrievedChunk], fallback: Answer) -> Answer:
    """LLM answer citing only ``hits``; ``fallback`` on error, timeout or no valid citation."""
    if not hits:
        return fallback
    try:
        reply = chat_model.invoke(build_messages(question, hits))
        text = str(getattr(reply, "content", reply))
    except Exception as exc:  # noqa: BLE001 - any provider failure means: use the extractive answer
        return _failed(fallback, exc)
    return check_reply(text, hits, fallback)


def stream(chat_model: Any, question: str, hits: Sequence[RetrievedChunk], fallback: Answer) -> Iterator[str | Answer]:
    """Like ``generate``, token by token: yields the model's text pieces as they arrive, then the Answer.

    The pieces are provisional: the final Answer is ``check_reply`` of the whole text (markers
    renumbered), or ``fallback`` (with ``meta["llm_rejected"]`` or ``meta["llm_error"]``) when the
    check fails or the model breaks off, and then the streamed text must be replaced by it.
    """
    if not hits:
        yield fallback.text
        yield fallback
        return
    pieces: list[str] = []
    try:
        for chunk in chat_model.stream(build_messages(question, hits)):
            piece = str(getattr(chunk, "content", chunk) or "")
            if piece:
                pieces.append(piece)
                yield piece
    except Exception as exc:  # noqa: BLE001 - any provider failure means: use the extractive answer
        yield _failed(fallback, exc)
        return
    yield check_reply("".join(pieces), hits, fallback)


def stream_answer(chat_model: Any, answer: Answer, k: int) -> Iterator[str | Answer]:
    """The streaming form of an extractive ``answer`` (``PolicyQA.ask_stream``).

    Without a chat model, or for a refusal or a rule verdict (never reworded), the answer's text is
    yielded at once, then the answer. Otherwise the model rewords it from the answer's first ``k``
    retrieved chunks, streamed, with the answer as the fallback. A notice the answer carries
    (``meta["notice"]``, e.g. an index of the article alone) stays at the end of the final text.
    """
    if chat_model is None or answer.refused or answer.verdict is not None or not answer.retrieved:
        yield answer.text
        yield answer
        return
    notice = answer.meta.get("notice")
    final: Answer = answer
    for item in stream(chat_model, answer.meta.get("query") or answer.question, answer.retrieved[:k], answer):
        if isinstance(item, Answer):
            final = item
        else:
            yield item
    if notice and notice not in final.text:
        yield f"\n\n{notice}"
        final = replace(final, text=f"{final.text}\n\n{notice}")
    yield final
