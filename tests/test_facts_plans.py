"""Time one will spend (a stay whose end is told, a stay at most so long, a course's length) is read
apart from time spent; a place one came from is not the place asked about; whether one must apply
(要不要办) asks for a verdict; the place asked settles the zone a hukou rule sorts places by.

The verdict cases were checked by hand against the pack: 辽宁省实有人口服务管理办法 第十条 (拟居住1个月
以上), 武汉市居住证暂行办法 第十四条 (拟居住30日以上; 探亲、出差 no permit), 上海市居住证管理办法
第九条 (就读…需要在本市居住6个月以上), 福建省户籍制度改革意见 一、二 (福州市辖区、厦门、平潭 apart),
国办发〔2011〕9号 二、(四)(五) (设区的市 not 直辖市、副省级市).
"""

from __future__ import annotations

import pytest

from qa.rules import check_question
from qa.rules.facts import parse_question, question_kind
from qa.rules.model import Between


@pytest.mark.parametrize(("question", "months"), [
    ("跟着包工头去鞍山干个活，三个星期就完事，要不要在那边申领居住证？", 0.7),  # 21 days of 30
    ("去沈阳出个短差，顶多住半个月，用不用办居住证？", 0.5),
    ("我考上了上海一所大学的全日制研究生，学制三年，住学校宿舍，能办上海居住证吗？", 36),
    ("我在上海读三年制的大专，住学校宿舍，户口在安徽，能办上海居住证吗？", 36),
    ("去大连工地干活，干两个月就回老家，户口在黑龙江，要不要办居住证？", 2),
])
def test_time_one_will_spend_is_an_intended_stay(question, months):
    facts = parse_question(question).facts
    assert facts["intended_stay_months"] == months
    assert "residence_months" not in facts


@pytest.mark.parametrize("question", [
    "我在深圳住了两年就回老家了，现在又来了三个月，能办吗",  # 了: time spent, then gone
    "在西安住了八个月，签了劳动合同，能办居住证吗",
])
def test_time_spent_stays_time_spent(question):
    facts = parse_question(question).facts
    assert "intended_stay_months" not in facts
    assert "residence_months" in facts


def test_an_approximate_planned_stay_is_a_range_of_plans():
    facts = parse_question("跟着包工头去鞍山干个活，大概三个星期就完事，要不要在那边申领居住证？").facts
    assert isinstance(facts["intended_stay_months"], Between)
    assert facts["intended_stay_months"].high < 1


def test_a_course_read_as_three_years_makes_the_asker_a_student():
    facts = parse_question("我在上海读三年制的大专，刚入学两个月，住学校宿舍，能办上海居住证吗？").facts
    assert facts["studying"] is True and facts["residence_months"] == 2


def test_the_place_one_came_from_is_not_the_place_asked():
    parsed = parse_question("俺从甘肃天水过来西安打工，在城中村租的房子签了合同，来了七八个月，户口还在天水。"
                            "能不能办西安的居住证？")
    assert parsed.place == "西安市"
    assert parsed.facts["non_local_hukou"] is True


@pytest.mark.parametrize("question", [
    "去沈阳出个短差，顶多住半个月，用不用办居住证？",
    "我准备去武汉一家餐馆当厨师，打算干个两三年，需不需要在那边办居住证？",
    "我打算在南京住一年，该不该去申领居住证？",
])
def test_whether_one_must_apply_is_a_case(question):
    parsed = parse_question(question)
    assert parsed.is_eligibility and question_kind(question, parsed).is_case


@pytest.mark.parametrize(("question", "verdict"), [
    # 辽宁 第十条: 拟居住1个月以上
    ("跟着包工头去鞍山干个活，大概三个星期就完事，要不要在那边申领居住证？", "ineligible"),
    ("去沈阳出个短差，顶多住半个月，用不用办居住证？", "ineligible"),
    ("去大连工地干活，估计要干半年，户口在黑龙江，要不要办居住证？", "eligible"),
    # 武汉 第十四条: 出差 no permit; 务工 拟居住30日以上
    ("我下个月要去武汉出差，待十来天就回来，需不需要办武汉居住证？", "ineligible"),
    ("我准备去武汉一家餐馆当厨师，打算干个两三年，户口在孝感，到了以后可以办武汉居住证吗？", "eligible"),
    # 上海 第九条: 就读 需要在本市居住6个月以上 — a course's length is the need
    ("我考上了上海一所大学的全日制研究生，学制三年，住学校宿舍，户口没迁过来。能办上海居住证吗？", "eligible"),
    ("我在上海读三年制的大专，刚入学两个月，住学校宿舍，户口在安徽，能办上海居住证吗？", "eligible"),
    # 福建 一、二: 泉州 is another 设区市's 城区; 福州 鼓楼区 a 积分落户 place (its scheme not in the pack)
    ("我在泉州租房子，跟厂里签了劳动合同，能把户口迁到泉州吗？", "eligible"),
    ("我在福州鼓楼区上班，有劳动合同，租房住，能直接落户福州吗？", "insufficient_info"),
    # 国办 2011 (五): 直辖市、副省级市 have no conditions of (三)/(四)
    ("按2011年国办的户籍改革通知，我在北京干了五年，有合同，租房，社保也交着，能在北京落户吗？", "ineligible"),
    # the place one came from is not the place asked (西安 居住半年 + 三选一)
    ("俺从甘肃天水过来西安打工，在城中村租的房子签了合同，来了大概七八个月吧，户口还在天水。能不能办西安的居住证？",
     "eligible"),
])
def test_verdicts_on_plans_places_and_zones(question, verdict):
    result = check_question(question)
    assert result is not None and result.verdict == verdict, result and result.verdict


# ---------------------------------------------------------------- contributions, relatives, homes, two parts

def test_a_cumulative_total_said_with_its_gap_is_net_of_it():
    facts = parse_question("社保断断续续的，最近两年里前后加起来交了二十个月，中间断过四个月，能申领深圳居住证吗？"
                           ).facts
    assert facts["social_insurance_months_last_24"] == 20


def test_a_gap_without_a_total_word_still_comes_off():
    facts = parse_question("在深圳社保交了两年，中间断了三个月，能申领居住证吗").facts
    assert facts["social_insurance_months_total"] == Between(21, 24)


def test_a_first_run_of_contributions_is_the_whole_of_them():
    facts = parse_question("在深圳办居住登记一年多了，社保是今年才开始交的，连续交了十个月，之前一个月都没交过。"
                           "能申领深圳居住证吗？").facts
    assert facts["social_insurance_months_total"] == 10 and facts["social_insurance_months_last_24"] == 10


def test_a_relative_whose_hukou_moved_here_and_lives_with_the_asker():
    parsed = parse_question("我老家在南充，闺女大学毕业留在成都工作，早就把户口迁到成都了，去年把我接过来跟她一起住，"
                            "居住登记办了七个月了。我没工作也没买房。能申领成都居住证吗？")
    assert parsed.place == "成都市"
    assert parsed.facts["joins_child"] is True and parsed.facts["joins_local_relative"] is True


def test_a_relative_whose_hukou_moved_home_is_no_local_relative():
    assert not parse_question("我儿子户口迁到老家了，我在上海住了一年，能办上海居住证吗").facts.get("joins_child")
    # the asker moving their own hukou as a child joining parents: no child of local hukou
    facts = parse_question("我已经结婚两年了，我爸妈是南京家庭户口，我能以子女投靠父母的名义把户口迁到南京吗？").facts
    assert not facts.get("joins_child")


def test_living_in_public_rental_housing_is_a_lawful_home():
    assert parse_question("在邢台市里住的是公租房，居住登记办了九个月了，我没上班。能申领河北的居住证吗？").facts[
        "housing_proof"] is True
    assert "housing_proof" not in parse_question("我能申请公租房吗").facts  # asked for, not lived in


def test_a_reading_asked_first_and_a_verdict_last_is_a_case():
    question = ("我户口在我们市的老城区，单位搬到了同一个市的新区，我也跟着在新区租了房，住了快两年了，社区也给登记了。"
                "我这种算不算外来的？按国家规定我能不能申领居住证？")
    assert question_kind(question).is_case
    assert question_kind("我在深圳住了一年，暂住证的时间算不算居住时间？").kind == "reading"


@pytest.mark.parametrize(("question", "verdict"), [
    # 深圳 第十九条: 连续满十二个月 or 二年内累计满十八个月
    ("在深圳办居住登记一年多了，社保是今年才开始交的，连续交了十个月，之前一个月都没交过。能申领深圳居住证吗？",
     "ineligible"),
    ("这次的居住登记是两年多以前办的，一直没断。社保断断续续的，最近两年里前后加起来交了二十个月，中间断过四个月。"
     "我这样能申领深圳居住证吗？", "eligible"),
    # 成都 第八条第（四）项: 共同生活的直系亲属有成都户籍
    ("我老家在南充，闺女大学毕业留在成都工作，早就把户口迁到成都了，去年把我接过来跟她一起住，居住登记办了七个月了。"
     "我没工作也没买房。能申领成都居住证吗？", "eligible"),
    # 居住证暂行条例 第二条: 离开常住户口所在地
    ("我户口在我们市的老城区，单位搬到了同一个市的新区，我也跟着在新区租了房，住了快两年了，社区也给登记了。"
     "我这种算不算外来的？按国家规定我能不能申领居住证？", "ineligible"),
])
def test_verdicts_on_contributions_relatives_and_two_parts(question, verdict):
    result = check_question(question)
    assert result is not None and result.verdict == verdict, result and result.verdict


@pytest.mark.parametrize("question", [
    "在鄂爾多斯辦暫住證三年了，換成居住證以後，這三年能算進居住年限嗎？",
    "我在包头持暂住证两年，现在换居住证，这两年能算进居住年限吗？",
])
def test_a_temporary_permit_held_for_a_time_is_held(question):
    parsed = parse_question(question)
    assert parsed.facts["held_temporary_permit"] is True
    assert question_kind(question, parsed).is_case  # 内蒙古 意见 二（五）: 暂住证年限计入居住年限
    assert check_question(question).verdict == "eligible"


def test_part_time_study_is_no_full_time_student():
    question = ("后来在职读了个硕士，是非全日制的，学位证毕业证都拿了。今年来深圳一家公司三个月，居住登记一来就办了，"
                "社保交了三个月。能直接领深圳居住证吗？")
    assert parse_question(question).facts.get("studying") is not True
    assert check_question(question).verdict == "ineligible"  # 深圳 第十九条: 全日制 only, else twelve months
    assert parse_question("我在西安读全日制本科，住宿舍，能办居住证吗").facts["studying"] is True
