"""When to refuse: the checks of qa/refusal.py on hand-made chunks, then questions on the real pack."""

from __future__ import annotations

import pytest

from qa import answer, refusal
from qa.query import understand
from qa.segment import tokenize
from qa.types import RetrievedChunk
from tests.handmade import flat_scorer, hit

ARTICLE_9 = "申领居住证，应当向居住地公安派出所或者受公安机关委托的社区服务机构提交本人居民身份证、本人相片以及就业证明材料。"


def _hit(quote: str, chunk_id: str = "c1", dense: float = 0.6) -> RetrievedChunk:
    return hit(quote, kind="article", chunk_id=chunk_id, locator="第九条", dense=dense)


def _check(question: str, quote: str = ARTICLE_9, dense: float = 0.6) -> refusal.Verdict:
    q = understand(question)
    scorer = flat_scorer(quote)
    weights = scorer.weights(tokenize(q.text), tokenize(" ".join(q.expansions)))
    return refusal.before_answer(q, [_hit(quote, dense=dense)], weights, scorer, newest_year=2016)


def test_a_well_supported_question_passes() -> None:
    verdict = _check("申领居住证要提交哪些证明材料")
    assert verdict.reason is None and verdict.support > refusal.DEFAULT_MIN_SUPPORT


def test_thin_evidence_is_refused() -> None:
    verdict = _check("怎么申请美国绿卡", dense=0.0)
    assert verdict.reason == "检索到的内容与问题关系不大" and verdict.support < refusal.DEFAULT_MIN_SUPPORT


def test_a_place_without_documents_is_refused_by_name() -> None:
    assert "拉萨市" in _check("拉萨申领居住证要提交哪些材料").reason


def test_a_year_after_every_document_is_refused() -> None:
    assert "2025年" in _check("2025年申领居住证要提交哪些材料").reason


@pytest.mark.parametrize(("question", "sentence", "refused"), [
    ("骗领居住证罚多少钱", "处200元以下罚款。", False),
    ("居住证工本费要多少钱", "首次申领居住证，免收证件工本费。", True),
    ("居住证几天能办好", "应当自受理之日起15日内发放居住证。", False),
])
def test_a_figure_asked_for_must_be_given(question: str, sentence: str, refused: bool) -> None:
    reason = refusal.after_evidence(understand(question), [answer.Evidence(sentence, _hit(sentence), 1.0)])
    assert (reason is not None) == refused


def test_no_evidence_is_refused() -> None:
    assert refusal.after_evidence(understand("居住证有效期多久"), []) == "没有找到相关句子"


def test_refusal_text_names_the_closest_documents() -> None:
    text = refusal.refusal_text("原因", [_hit(ARTICLE_9), _hit(ARTICLE_9, "c2")])
    assert text.startswith("抱歉") and "（原因）" in text and text.count("《测试文件》") == 1


@pytest.mark.pack
@pytest.mark.parametrize("question", [
    "怎么申请美国绿卡？",
    "拉萨办居住证要什么条件",
    "上海2030年积分落户分值是多少",
])
def test_questions_the_documents_do_not_answer_are_refused(bot, question: str) -> None:  # noqa: ANN001 - fixture
    ans = bot.ask(question)
    assert ans.refused and not ans.citations and "最接近的文件" in ans.text


@pytest.mark.pack
@pytest.mark.parametrize("question", [
    "居住证签柱怎么办",
    "居住政过期了怎么办",
    "持居住证坐公交有优惠吗",
    "婚检能凭居住证在当地做吗",
    "第一次办居住证要钱吗",
    "居住证签注要提前多久去办",
    "上海积分本科学历加多少分",
    "骗领居住证罚多少钱",
    "为什么说积分落户可能流于形式",
])
def test_colloquial_answerable_questions_are_answered(bot, question: str) -> None:  # noqa: ANN001 - fixture
    ans = bot.ask(question)
    assert not ans.refused and ans.citations, ans.text
