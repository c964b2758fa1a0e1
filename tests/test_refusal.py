"""When to refuse: the checks of qa/refusal.py on hand-made chunks, then a few questions on the real pack."""

from __future__ import annotations

import pytest

from qa import answer, refusal
from qa.query import understand
from qa.segment import tokenize
from qa.types import Chunk, RetrievedChunk

ARTICLE_9 = "申领居住证，应当向居住地公安派出所或者受公安机关委托的社区服务机构提交本人居民身份证、本人相片以及就业证明材料。"


def _hit(quote: str, chunk_id: str = "c1") -> RetrievedChunk:
    chunk = Chunk(chunk_id=chunk_id, doc_id=f"d-{chunk_id}", doc_title="测试文件", source="t.txt", region="全国",
                  level="national", effective=None, locator="第九条", chapter=None, kind="article", text=quote,
                  quote=quote, start=0, end=len(quote), content_hash="h")
    return RetrievedChunk(chunk, 1.0, signals={"dense": 0.6})


def _vocabulary(*texts: str) -> set[str]:
    return {t for text in texts for t in tokenize(text)}


def _evidence(sentence: str) -> list[answer.Evidence]:
    return [answer.Evidence(sentence, _hit(sentence), 1.0)]


@pytest.mark.parametrize(("question", "vocabulary", "expected"), [
    # A thing the documents never name: refused however well 派出所 matches.
    ("办居住证的派出所周末上班吗", (ARTICLE_9,), ["周末"]),
    ("居住证签注可以网上办吗，网址是什么", (ARTICLE_9, "签注"), ["网址"]),
    # A typo (签柱) and a fragment the segmenter guessed (次办) are not words of the dictionary.
    ("居住证签柱怎么办", (ARTICLE_9,), []),
    ("第一次办居住证要钱吗", (ARTICLE_9,), []),
    # Verbs and pronouns are ways of asking, not things: 提前 is said as 之日前 1个月内.
    ("居住证签注要提前多久去办", (ARTICLE_9, "签注"), []),
    # A synonym rule that reaches the documents' own word: 小孩 → 子女.
    ("小孩能办居住证吗", (ARTICLE_9, "随迁子女"), []),
    ("小孩能办居住证吗", (ARTICLE_9,), ["小孩"]),
    # Question words and place names are not the topic.
    ("拉萨办居住证要几次", (ARTICLE_9,), []),
])
def test_unmentioned_terms(question: str, vocabulary: tuple[str, ...], expected: list[str]) -> None:
    assert refusal.unmentioned_terms(understand(question), _vocabulary(*vocabulary)) == expected


def test_before_answer_refuses_a_thing_the_documents_never_name() -> None:
    hits = [_hit(ARTICLE_9)]
    scorer = answer.Scorer({t: 1.0 for t in _vocabulary(ARTICLE_9)}, tokenize)
    q = understand("办居住证的派出所周末上班吗")
    verdict = refusal.before_answer(q, hits, scorer.weights(tokenize(q.text)), scorer, newest_year=2017)
    assert verdict.reason == "文件中没有提到“周末”"


def test_before_answer_lets_a_well_supported_question_through() -> None:
    hits = [_hit(ARTICLE_9)]
    scorer = answer.Scorer({t: 1.0 for t in _vocabulary(ARTICLE_9)}, tokenize)
    q = understand("申领居住证要向派出所提交哪些材料")
    verdict = refusal.before_answer(q, hits, scorer.weights(tokenize(q.text)), scorer, newest_year=2017)
    assert verdict.reason is None and verdict.support > refusal.DEFAULT_MIN_SUPPORT


@pytest.mark.parametrize(("question", "sentence", "refused"), [
    # The only figure is the 100-point threshold, not the score of a degree.
    ("深圳人才引进积分表里本科学历加多少分", "人才引进核准分值设定为100分。", True),
    ("上海积分本科学历加多少分", "持证人取得大学本科学历，积60分。", False),
    ("骗领居住证罚多少钱", "冒用他人居住证或者使用骗领的居住证的，处200元以上1000元以下罚款。", False),
    ("居住证丢了补办要交多少钱", "换领、补领居住证，应当缴纳证件工本费。", True),  # no figure at all
    ("居住证丢了怎么补办", "换领、补领居住证，应当缴纳证件工本费。", False),  # no figure asked
])
def test_after_evidence_wants_a_figure_about_the_asked_subject(question: str, sentence: str, refused: bool) -> None:
    assert (refusal.after_evidence(understand(question), _evidence(sentence)) is not None) is refused


def test_figure_subject_is_the_words_before_the_quantity() -> None:
    assert refusal.figure_subject(understand("深圳人才引进积分表里本科学历加多少分"))[-1] == "本科学历"
    assert refusal.figure_subject(understand("居住证有什么用")) == []


# -- the real pack --------------------------------------------------------------------------

@pytest.mark.pack
@pytest.mark.parametrize(("question", "reason"), [
    ("办居住证的派出所周末上班吗", "周末"),
    ("持居住证能在当地买彩票吗", "彩票"),
    ("居住证的防伪芯片用的什么技术", "芯片"),
    ("深圳人才引进积分表里本科学历加多少分", "没有"),
])
def test_off_topic_details_are_refused(bot, question: str, reason: str) -> None:  # noqa: ANN001 - fixture
    ans = bot.ask(question)
    assert ans.refused and not ans.citations
    assert reason in ans.text and "最接近的文件" in ans.text


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
