"""Every example question the chat tab offers is answered right: the fact, and from the document
that is the authority for it (the national regulation for a general question, each city's own
regulation in a comparison), on the index of the article plus the official pack."""

from __future__ import annotations

import pytest

from qa.app.webui import EXAMPLE_QUESTIONS
from qa.eval.metrics import lead_passage

# question → (facts that must all be in the answer, (document, locator) that must be cited, verdict)
EXPECTED = {
    "申领居住证需要满足什么条件？": (["半年"], [("居住证暂行条例", "第二条")], None),
    "居住证持有人可以享受哪些基本公共服务？": (
        ["义务教育", "基本公共就业服务"], [("居住证暂行条例", "第十二条")], None),
    "居住证的有效期是多久？": (["每年签注1次"], [("居住证暂行条例", "第十条")], None),
    "深圳和上海的居住证申领条件有什么不同？": (["十二个月", "6个月"],
                                    [("深圳经济特区居住证条例", "第十九条"), ("上海市居住证管理办法", "第九条")], None),
    "我在上海居住了8个月，有劳动合同，社保交了7个月，有租房合同登记备案，能办居住证吗？":
        ([], [("上海市居住证管理办法", "第九条")], "eligible"),
}


def test_every_example_has_an_expectation() -> None:
    assert set(EXAMPLE_QUESTIONS) == set(EXPECTED)


@pytest.mark.pack
@pytest.mark.parametrize("question", EXAMPLE_QUESTIONS)
def test_example_question_is_answered_from_its_authority(bot, question: str) -> None:
    facts, sources, verdict = EXPECTED[question]
    ans = bot.ask(question)
    assert not ans.refused, ans.text
    for fact in facts:
        assert fact in ans.text, f"{fact!r} missing from: {ans.text}"
    if facts:  # the answer first: the first passage states the first fact
        assert facts[0] in lead_passage(ans.text), f"{facts[0]!r} not in the first passage: {ans.text}"
    cited = [(c.doc_title, c.locator or "") for c in ans.citations]
    for title, locator in sources:
        assert any(t == title and loc.startswith(locator) for t, loc in cited), f"{title} {locator} not cited: {cited}"
    if verdict is not None:
        assert ans.verdict == verdict
    if not any(p for p in ans.meta.get("places", []) if p != "全国") and verdict is None:
        # a general question leads with the national rule
        assert ans.citations[0].region == "全国" and ans.citations[0].doc_title == "居住证暂行条例"
