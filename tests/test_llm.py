"""Optional LLM generation: citations are checked against the retrieved set; errors fall back."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from qa.answering import llm
from qa.types import Answer, Chunk, RetrievedChunk


def _hit(n: int, text: str) -> RetrievedChunk:
    chunk = Chunk(chunk_id=f"c{n}", doc_id="d", doc_title="居住证暂行条例", source="x.md", region="全国",
                  level="national", effective="2016-01-01", locator=f"第{n}条", chapter=None, kind="article",
                  text=text, quote=text, start=0, end=len(text), content_hash=str(n))
    return RetrievedChunk(chunk, 1.0 / n)


HITS = [_hit(1, "居住证有效期限为一年。"), _hit(2, "公民离开常住户口所在地居住半年以上的可以申领居住证。")]
FALLBACK = Answer(question="q", text="根据《居住证暂行条例》第1条[1]：居住证有效期限为一年。", citations=(), meta={})


class _Broken:
    def invoke(self, messages):
        raise TimeoutError("timed out")


def test_valid_markers_are_kept_and_renumbered() -> None:
    model = FakeListChatModel(responses=["离开户口所在地居住半年以上可以申领[2]，有效期一年[1]。"])
    ans = llm.generate(model, "q", HITS, FALLBACK)
    assert ans.meta["generator"] == "llm"
    assert ans.text == "离开户口所在地居住半年以上可以申领[1]，有效期一年[2]。"
    assert [c.locator for c in ans.citations] == ["第2条", "第1条"]


def test_unsupported_markers_are_removed_and_flagged() -> None:
    model = FakeListChatModel(responses=["有效期一年[1]，费用200元[7]。"])
    ans = llm.generate(model, "q", HITS, FALLBACK)
    assert "[7]" not in ans.text and ans.meta["llm_removed_markers"] == [7]
    assert len(ans.citations) == 1


def test_output_without_citation_falls_back_to_extractive() -> None:
    ans = llm.generate(FakeListChatModel(responses=["大概要一年吧。"]), "q", HITS, FALLBACK)
    assert ans.text == FALLBACK.text and ans.meta["llm_rejected"]


def test_error_or_timeout_falls_back() -> None:
    ans = llm.generate(_Broken(), "q", HITS, FALLBACK)
    assert ans.text == FALLBACK.text and "timed out" in ans.meta["llm_error"]


def test_prompt_holds_only_retrieved_chunks() -> None:
    messages = llm.build_messages("问题", HITS)
    assert "[1] 《居住证暂行条例》第1条" in messages[1][1] and "[3]" not in messages[1][1]
