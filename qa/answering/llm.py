"""Optional LLM generation over the retrieved chunks, with every citation checked.

Off by default. ``QA_LLM_PROVIDER=openai`` (any OpenAI-compatible base URL) or ``ollama`` turns it
on; the model sees only the retrieved chunks, numbered [1]…[n]. Markers that point outside that
list are removed and reported in ``Answer.meta["llm_removed_markers"]``; an output with no valid
marker, an error or a timeout falls back to the extractive answer.
"""

from __future__ import annotations

import logging
import re
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


def build_messages(question: str, hits: list[RetrievedChunk]) -> list[tuple[str, str]]:
    sources = "\n\n".join(
        f"[{n}] 《{h.chunk.doc_title}》{h.chunk.locator or ''}\n{h.chunk.quote}" for n, h in enumerate(hits, start=1))
    return [("system", SYSTEM_PROMPT), ("human", f"资料：\n{sources}\n\n问题：{question}")]


def generate(chat_model: Any, question: str, hits: list[RetrievedChunk], fallback: Answer) -> Answer:
    """LLM answer citing only ``hits``; ``fallback`` on error, timeout or no valid citation."""
    if not hits:
        return fallback
    try:
        reply = chat_model.invoke(build_messages(question, hits))
        text = str(getattr(reply, "content", reply)).strip()
    except Exception as exc:  # noqa: BLE001 - any provider failure means: use the extractive answer
        log.warning("LLM generation failed, using the extractive answer: %s", exc)
        return replace(fallback, meta={**fallback.meta, "llm_error": str(exc)[:200]})
    used: list[int] = []
    removed: list[int] = []
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        (used if 1 <= n <= len(hits) else removed).append(n)
    if not used:
        return replace(fallback, meta={**fallback.meta, "llm_rejected": "no valid citation"})
    order = list(dict.fromkeys(used))
    renumber = {old: new for new, old in enumerate(order, start=1)}

    def _fix(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[{renumber[n]}]" if n in renumber else ""

    citations = tuple(Citation.from_chunk(hits[n - 1].chunk) for n in order)
    meta = {**fallback.meta, "generator": "llm"}
    if removed:
        meta["llm_removed_markers"] = sorted(set(removed))
    return replace(fallback, text=_MARKER.sub(_fix, text), citations=citations, meta=meta)
