"""Time limits a person must keep: the time they state, read from words, against the limit the
governing article sets (qa.text.elapsed, qa.answering.deadline, and PolicyQA on the real pack)."""

from __future__ import annotations

import pytest

from qa.answering.deadline import decide, limits_in
from qa.answering.pipeline import PolicyQA
from qa.answering.understand import understand
from qa.rules.facts import normalize
from qa.text.elapsed import DaySpan, days_left, days_since, days_until
from qa.types import Chunk, RetrievedChunk


@pytest.mark.parametrize(("said", "span"), [
    ("我五天前搬的家", DaySpan(5, 5)),
    ("到现在十来天了", DaySpan(10, 12)),
    ("老人去世三個星期了", DaySpan(21, 21)),
    ("到这儿已经第四天了", DaySpan(3, 4)),
    ("两个礼拜前换的工作", DaySpan(14, 14)),
    ("三天前搬的，明天去办", DaySpan(4, 4)),  # the act is tomorrow: one day more
    ("在这住了三年，十天前换了单位", DaySpan(10, 10)),  # the recent event, not the years lived
    ("一个多月前换的工作", DaySpan(28, 62)),
    ("住所换了已经快两个礼拜了", DaySpan(11.9, 14)),  # nearly: somewhat under (15 % less)
    ("大概一个星期左右", DaySpan(5.95, 8.05)),  # about: 15 % either side
])
def test_time_since_the_event_is_read_from_words(said: str, span: DaySpan) -> None:
    assert days_since(normalize(said)) == span


@pytest.mark.parametrize("said", ["条例说15日内要去办，是吗", "居住证办下来要几天", "我还没搬家"])
def test_a_limit_or_no_time_is_not_time_spent(said: str) -> None:
    assert days_since(normalize(said)) is None


@pytest.mark.parametrize(("said", "low", "high"), [
    ("满一年的日子是下个月十五号，今天才这个月二十号", 23, 26),  # months of 28 to 31 days
    ("满一年是十二月底，现在才十一月中旬", 35, 50),
    ("居住证是去年三月十号签发的，今天二月十八号", 20, 20),  # the yearly date comes round next
    ("到期是5月2日，今天是4月30日", 2, 2),
])
def test_days_until_a_date_count_from_today(said: str, low: int, high: int) -> None:
    assert days_until(said) == DaySpan(low, high)


def test_a_past_date_is_time_since_it() -> None:
    q = understand("我上个月10号搬的家，今天是这个月5号，现在去变更居住证地址晚了吗")
    assert q.days_since == DaySpan(23, 26)


def test_no_today_no_days_until() -> None:
    assert days_until("满一年的日子是下个月十五号") is None


@pytest.mark.parametrize(("said", "span"), [
    ("居住证还有二十来天就到期了", DaySpan(20, 24)),
    ("住满一年还差10天", DaySpan(10, 10)),
    ("还剩两个星期就满一年了", DaySpan(14, 14)),
])
def test_days_left_said_as_a_period(said: str, span: DaySpan) -> None:
    assert days_left(normalize(said)) == span
    assert days_since(normalize(said)) is None  # not time spent


def _hit(text: str) -> RetrievedChunk:
    chunk = Chunk(chunk_id="c1", doc_id="d1", doc_title="某市居住证办法", source="x.txt", region="全国",
                  level="municipal", effective=None, locator="第九条", chapter=None, kind="article", text=text,
                  quote=text, start=0, end=len(text), content_hash="h")
    return RetrievedChunk(chunk, 1.0)


def test_limits_a_person_keeps_and_not_an_offices() -> None:
    found = limits_in([_hit("第九条 居住地址变动的，应当自变动之日起7日内办理变更。"
                            "公安机关应当自受理之日起15日内发放居住证。"
                            "拟居住3日以上30日以内的，应当在到达之日起3日内申报暂住登记。"
                            "持证人应当在每满1年之日前1个月内办理签注。"
                            "有效期满需要延期的，应当在有效期满30日前申请延期。")])
    assert [(limit.days, limit.kind) for limit in found] == [
        (DaySpan(7, 7), "after"), (DaySpan(3, 3), "after"), (DaySpan(28, 31), "window"), (DaySpan(30, 30), "ahead")]


def test_the_on_time_cue_marks_only_timing_questions() -> None:
    assert understand("我四天前搬了家，现在去改地址还来得及吗").on_time
    assert not understand("签注要在到期前多少天去办").on_time
    assert not understand("我在成都住了一年，能办居住证吗").on_time


@pytest.mark.parametrize(("question", "verdict", "doc", "locator", "limit"), [
    # 自变更之日起7日内
    ("我在成都的居住证住址上周搬了新家，到今天已经四天了，现在去派出所变更还算及时吗？", "eligible",
     "成都市居住证管理实施办法", "第十二条", "7日内"),
    ("我在成都换了住处，到现在半个多月了还没去改居住证上的地址，这还算按时吗？", "ineligible",
     "成都市居住证管理实施办法", "第十二条", "7日内"),
    # 每届满1年前30日内 (a window before a date: too early)
    ("我的上海居住证满一年是七月三十号，今天才六月五号，现在去签注算按时吗？", "ineligible",
     "上海市居住证管理办法", "第十六条", "30日内"),
    # 在三日以内申报暂住登记
    ("按户口登记条例，我到外地城市亲戚家暂住，两天前到的，现在去申报暂住登记算及时吗？", "eligible",
     "户口登记条例", "第十五条", "三日以内"),
])
def test_timing_questions_get_a_verdict_from_the_governing_article(
        bot: PolicyQA, question: str, verdict: str, doc: str, locator: str, limit: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    first = answer.citations[0]
    assert doc in first.doc_title and first.locator == locator, answer.text
    assert limit in answer.text and answer.text.startswith("结论：")


def test_the_places_own_limit_before_the_national_one(bot: PolicyQA) -> None:
    # 浙江 第十九条 and 条例 第十条 both set 每满一年之日前一个月内: the province's own article answers
    answer = bot.ask("我的浙江居住证，满一年的日子是下个月3号，今天是这个月25号，现在去签注算按时吗")
    assert answer.verdict == "eligible", answer.text
    assert "浙江省流动人口居住登记条例" in answer.citations[0].doc_title, answer.text


def test_a_time_straddling_the_limit_is_not_decided(bot: PolicyQA) -> None:
    answer = bot.ask("我在重庆搬家大概一个星期左右了，具体记不清，现在去改居住证地址算及时吗？")
    assert answer.verdict == "insufficient_info" and "7日内" in answer.text, answer.text
    assert answer.citations[0].locator == "第十一条"


def test_hours_and_a_list_item_of_their_own(bot: PolicyQA) -> None:
    # 河南 暂住人口管理条例 第七条（七）: 二十四小时内, one item of a long list
    answer = bot.ask("我弟弟保外就医，昨天下午到了我在开封的家，现在已经两天了，"
                     "按河南暂住人口管理条例，现在去报暂住户口还来得及吗？")
    assert answer.verdict == "ineligible" and "二十四小时内" in answer.text, answer.text
    assert "（一）" not in answer.text  # the item, not the whole list


def test_a_limit_sharing_no_topic_word_is_not_the_one_asked() -> None:
    hits = [_hit("第九条 持证人应当自换领新证之日起7日内办理登记。")]
    # 换 and 新 are single characters of 换领新证, not the question's topic (a new phone number)
    assert decide(DaySpan(3, 3), None, hits, {"换": 7.0, "新": 3.9, "手机号": 6.0}) is None
    assert decide(DaySpan(3, 3), None, hits, {"换领": 3.0}).verdict == "eligible"
