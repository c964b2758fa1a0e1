"""Facts read from everyday words: calendar months, score ranges, grade spans, living with a
local relative, a worker's study route, the 高考 said by the school it admits to."""

from __future__ import annotations

import datetime as dt

import pytest

from qa.rules import check_question
from qa.rules import facts as facts_module
from qa.rules.facts import normalize, parse_question
from qa.rules.model import Between


@pytest.fixture
def on_day(monkeypatch):
    """Read questions as on a given day (months since 2025年3月 depend on it)."""

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(facts_module, "today", lambda: day)
        normalize.cache_clear()  # normalised texts hold the months counted on the day before

    yield set_day
    normalize.cache_clear()


# ---------------------------------------------------------------- calendar months

@pytest.mark.parametrize(("question", "expected"), [
    # a month and year: from the month-index gap less one (the day is unknown) up to the gap
    ("我2026年1月到的西安，在一家公司上班签了合同，能办西安居住证吗", Between(10, 11)),
    ("我是去年10月来的成都，在公司上班，能办吗", Between(13, 14)),
    ("今年五月份来的深圳，在工厂上班，能办居住证吗", Between(6, 7)),
    # a bare month said as when it started: this year's when not after the present month
    ("居住登记是三月办的，在北京上班，能办居住证吗", Between(8, 9)),
    # a day given: whole months exactly (15 March 2025 to 7 December 2026: 20 full months)
    ("2025年3月15日来的杭州，在杭州上班，能办居住证吗", 20),
    ("2025年3月7日来的杭州，在杭州上班，能办居住证吗", 21),
    # this very month: under a month
    ("2026年12月来的杭州，在杭州上班，能办居住证吗", Between(0, 1)),
])
def test_a_calendar_month_one_came_in_is_the_months_since(on_day, question, expected):
    on_day(dt.date(2026, 12, 7))
    facts = parse_question(question).facts
    said = facts.get("residence_months", facts.get("registered_months"))
    assert said == expected and type(said) is type(expected), (question, facts)
    if isinstance(expected, Between):
        assert (said.low, said.high) == (expected.low, expected.high)


@pytest.mark.parametrize("question", [
    "按2016年1月1日起施行的办法，我能办吗",  # a rule's date
    "2016年1月起施行的规定里居住证要住多久",
    "我明年3月来杭州，能办居住证吗",  # no 年 given and 明年 is no time spent
    "2027年3月来杭州上班，能办居住证吗",  # a month still to come
])
def test_dates_that_are_no_time_spent_give_no_duration(on_day, question):
    on_day(dt.date(2026, 12, 7))
    facts = parse_question(question).facts
    assert "residence_months" not in facts or facts["residence_months"] != Between(0, 1), facts
    assert not any(isinstance(v, Between) and v.high > 600 for v in facts.values())


def test_a_month_said_as_a_length_stays_a_length(on_day):
    on_day(dt.date(2026, 12, 7))
    assert parse_question("在郑州住了五月了，能办居住证吗").facts["residence_months"] == 5


def test_a_date_decides_the_verdict_at_the_threshold(on_day):
    # 西安 第二条: 实际居住已满半年. Came in June: 5 to 6 months on 7 December — not sure;
    # came in May: 6 to 7 — met.
    on_day(dt.date(2026, 12, 7))
    june = check_question("我2026年6月到的西安，在饭馆上班签了合同，户口在甘肃，能办西安居住证吗")
    may = check_question("我2026年5月到的西安，在饭馆上班签了合同，户口在甘肃，能办西安居住证吗")
    april = check_question("我2026年7月到的西安，在饭馆上班签了合同，户口在甘肃，能办西安居住证吗")
    assert (june.verdict, may.verdict, april.verdict) == ("insufficient_info", "eligible", "ineligible")


# ---------------------------------------------------------------- approximate scores

@pytest.mark.parametrize(("question", "low", "high"), [
    ("上海积分大概一百一十五六分，有居住证，能达到标准分值吗", 115, 116),
    ("上海积分一百二十三四分，有居住证，能达到标准分值吗", 123, 124),
    ("积分算下来九十七八分，有上海居住证，能达到标准分值吗", 97, 98),
])
def test_a_score_said_as_two_numbers_is_their_range(question, low, high):
    score = parse_question(question).facts["points_score"]
    assert isinstance(score, Between) and (score.low, score.high) == (low, high)


def test_minutes_are_no_score_range():
    assert "~" not in normalize("三五分钟就能办好吗")


def test_a_score_range_decides_on_either_side_of_the_line():
    # 上海 积分 第十二条: 标准分值120分
    below = check_question("我持上海居住证，社保一直在交，积分一百一十八九分，能达到标准分值吗")
    above = check_question("我持上海居住证，社保一直在交，积分一百二十三四分，能达到标准分值吗")
    assert (below.verdict, above.verdict) == ("ineligible", "eligible")


# ---------------------------------------------------------------- a child's grades

@pytest.mark.parametrize(("question", "years"), [
    ("我们有河北居住证，孩子高一到高三都在保定读的，能在河北参加高考吗", 3),
    ("我们有河北居住证，孩子高二到高三在石家庄念的，能在河北参加高考吗", 2),
])
def test_a_span_of_grades_is_years_at_school_here(question, years):
    assert parse_question(question).facts["child_high_school_years"] == years


def test_a_span_of_grades_at_home_is_not_schooling_here():
    facts = parse_question("我们有河北居住证，孩子高一到高三都在老家读的，能在河北参加高考吗").facts
    assert "child_high_school_years" not in facts


def test_grade_spans_decide_the_gaokao_at_two_years():
    # 河北 第二十二条第（七）项: 毕业时具有两年以上连续就学记录
    three = check_question("我们有河北居住证，孩子高一到高三都在保定读的，能在河北参加高考吗")
    two = check_question("我们有河北居住证，孩子高二到高三在保定读的，能在河北参加高考吗")
    one = check_question("我们有河北居住证，孩子高三到高三在保定读的，能在河北参加高考吗")
    assert (three.verdict, two.verdict) == ("eligible", "eligible")
    assert one.verdict == "ineligible"


def test_junior_grades_here_are_compulsory_education_here():
    facts = parse_question("我在石家庄有居住证，孩子初一到初三都在这读的，能在石家庄参加中考吗").facts
    assert facts["child_local_compulsory_education"] is True


# ---------------------------------------------------------------- the 高考 by its school

@pytest.mark.parametrize("question", [
    "孩子高三才转到天津来读，我们有天津居住证，孩子能在天津考本科吗",
    "我们有天津居住证，孩子能在天津考高职吗",
    "我们有天津居住证，孩子能参加天津的高职单招吗",
])
def test_the_gaokao_said_by_the_school_it_admits_to(question):
    assert parse_question(question).target == "gaokao"


# ---------------------------------------------------------------- living with a local relative

def test_living_with_a_local_relative_is_a_lawful_home():
    parsed = parse_question("老两口从河南过来跟闺女过，闺女是北京户口，我们来北京一年了，能办北京居住证吗")
    assert parsed.facts["housing_proof"] is True and parsed.facts["joins_child"] is True
    assert check_question("老两口从河南过来跟闺女过，闺女是北京户口，我们来北京一年了，能办北京居住证吗"
                          ).verdict == "eligible"


def test_a_visit_for_new_year_is_no_living_together():
    facts = parse_question("过年跟女儿过了几天，女儿是北京户口，我能办北京居住证吗").facts
    assert facts.get("housing_proof") is not True


# ---------------------------------------------------------------- a worker's study route

def test_someone_telling_their_work_and_no_school_is_no_student():
    question = "我在成都做直播带货，没签合同也没有营业执照，租的房子没备案，居住登记办了一年。能办成都居住证吗"
    assert parse_question(question).facts["studying"] is False
    assert check_question(question).verdict == "ineligible"  # 成都 第八条: no route left


def test_a_study_word_keeps_the_study_route_open():
    facts = parse_question("我在成都打零工，没签合同，在读全日制大专，居住登记办了一年，能办成都居住证吗").facts
    assert facts.get("studying") is True


def test_a_job_that_counts_leaves_the_study_route_unread():
    assert "studying" not in parse_question("有劳动合同能办居住证吗").facts


def test_a_childs_school_does_not_make_the_parent_a_non_student():
    facts = parse_question("孩子13岁，在成都读初中，我在成都上班半年，我能办居住证吗").facts
    assert "studying" not in facts


# ---------------------------------------------------------------- age, school record, still living there

def test_an_age_opening_the_question_is_the_askers():
    # 广州 积分制入户 第四条: 年龄不超过45周岁
    facts = parse_question("今年47了，在广州干了十几年，社保一直交，有居住证有房子。积分入户还能申请吗").facts
    assert facts["age_years"] == 47
    assert check_question("今年45了，在广州上班社保交了五年，有居住证有房子。能积分入户吗").verdict == "eligible"
    assert check_question("今年46了，在广州上班社保交了五年，有居住证有房子。能积分入户吗").verdict == "ineligible"


@pytest.mark.parametrize("said", ["学籍也一直在老家", "学籍还挂在老家县一中", "学籍留在原籍"])
def test_a_school_record_left_at_home_is_none_here(said):
    facts = parse_question(f"我们在洛阳打工，孩子初中在老家读，{said}，能在洛阳参加中考吗").facts
    assert facts["child_local_school_record"] is False
    assert facts["child_local_compulsory_education"] is False


def test_someone_gone_home_is_no_longer_living_there():
    question = "浙江省居住证马上满一年该签注了，可我把工作辞了，出租屋也退了，人已经回江西老家了。还能办签注吗"
    assert parse_question(question).facts["still_resident"] is False
    assert parse_question("回老家过年了，宁波的居住证快满一年了，能签注吗").facts.get("still_resident") is not False


# ---------------------------------------------------------------- hukou said without 我, time spent elsewhere

@pytest.mark.parametrize(("question", "municipal"), [
    ("重庆本地农村户口，在两江新区上班三年多，在主城买了房。能落主城区户口吗", True),
    ("我是重庆籍农村人，在永川城区打零工一年半了，租房子住。能落永川城区户口吗", True),
])
def test_a_hukou_said_as_an_opening_clause_or_by_ji_is_the_askers(question, municipal):
    assert parse_question(question).facts["municipal_hukou"] is municipal


def test_a_relatives_hukou_opening_the_question_is_not_the_askers():
    facts = parse_question("老婆是南京家庭户口，家里有房，我户口在外地，想迁过去投靠她，行不行").facts
    assert facts["non_local_hukou"] is True and facts["joins_spouse"] is True


def test_time_spent_before_somewhere_else_is_no_time_here():
    question = ("我是重庆开州农村户口，先在外省干了几年，四年多前回到重庆，一直在渝北区的一个汽配厂上班。"
                "前年在渝北买了房。现在能不能把户口落到主城区")
    facts = parse_question(question).facts
    assert "work_months_total" not in facts
    # 重庆 实施意见 （四）: 主城区 务工经商满5年; four years and some, bounded by the time back
    assert check_question(question).verdict == "ineligible"


def test_a_migrant_abroad_in_another_province_is_living_there():
    facts = parse_question("我在外省一个地级市的电子厂干了三年多了，一直住厂里宿舍，按国家规定能申领居住证吗").facts
    assert facts["residence_months"] == Between(36, 47)


def test_work_in_a_place_cannot_outlast_the_time_lived_there():
    # 重庆 实施意见 （五）: 城市发展新区 务工经商满3年 (or a contract of a year)
    result = check_question("我是重庆农村户口，来永川城区才五个月，在一家厂里上班，合同是半年一签的，"
                            "租房住。能落永川城区户口吗")
    assert result.verdict == "ineligible"


def test_no_contract_signed_is_a_contract_of_no_months():
    facts = parse_question("在万州城区打零工两年，没跟谁签过劳动合同，租房住，能落万州城区户口吗").facts
    assert facts["contract_months"] == 0 and facts["employed"] is False


# ---------------------------------------------------------------- time left before the renewal date

@pytest.mark.parametrize(("question", "verdict"), [
    ("武汉居住证离到期还有四十来天，我想这周就去把延期办了，能办吗", "ineligible"),  # 第二十三条: 期满前30日内
    ("武汉居住证离到期还有二十来天，我想这周就去把延期办了，能办吗", "eligible"),
])
def test_time_left_before_expiry_decides_the_renewal_window(question, verdict):
    parsed = parse_question(question)
    assert "renewal_overdue_days" not in parsed.facts  # no time overdue either
    assert check_question(question).verdict == verdict


# ---------------------------------------------------------------- a failing circumstance makes a case

def test_a_failing_procedure_fact_told_without_a_pronoun_is_a_case():
    from qa.rules.facts import question_kind

    question = "前些年在上海生二胎被认定违反计划生育，交过社会抚养费。现在还能申请上海居住证积分吗"
    assert question_kind(question).is_case
    assert check_question(question).verdict == "ineligible"  # 上海 积分 第九条: 一票否决


# ---------------------------------------------------------------- versions with windows in days

@pytest.mark.parametrize(("question", "verdict"), [
    # 上海 2004 暂行规定 第二十四条: 有效期届满前10日之内 续签
    ("按2004年上海居住证暂行规定办的证，还有一个礼拜到期，现在去续签可以吗", "eligible"),
    ("我的上海居住证是按2004年暂行规定办的，还有半个月到期，想这周先去续签，行吗", "ineligible"),
])
def test_the_2004_shanghai_renewal_window_is_ten_days(question, verdict):
    result = check_question(question)
    assert (result.verdict, result.rule) == (verdict, "shanghai.permit_renewal.2004")


@pytest.mark.parametrize(("question", "verdict"), [
    # 成都 2011 规定 第十八条第（一）项: 中止三十日内办理信息确认或者延期
    ("按2011年成都的规定，我的居住证忘了去做信息确认，功能中止二十来天了，居住期限还连着算吗", "eligible"),
    ("成都市居住证（2011年规定的）信息确认晚了一个月左右才去办，居住期限还能连续算吗", "insufficient_info"),
    ("按2011年成都的规定，居住证信息确认晚了四十天才去办，居住期限还能连续算吗", "ineligible"),
])
def test_the_2011_chengdu_restore_window_is_thirty_days(question, verdict):
    result = check_question(question)
    assert (result.verdict, result.rule) == (verdict, "chengdu.permit_restore.2011")


# ---------------------------------------------------------------- visiting family

def test_coming_to_mind_the_grandchild_is_a_visit():
    # 武汉 第十四条: 探亲 is registered, no permit; 南京 第六条: 探亲 may apply of its own will
    wuhan = "来武汉闺女家帮着带外孙，打算住三个月左右，居住登记也报了。我能办武汉市居住证吗"
    nanjing = "老家在安徽，过来南京帮儿子带孙子，住在他们租的房子里，打算住三个来月，我能办南京居住证吗"
    assert parse_question(wuhan).facts["not_visiting"] is False
    assert check_question(wuhan).verdict == "ineligible"
    assert parse_question(nanjing).facts["visiting"] is True
    assert check_question(nanjing).verdict == "eligible"
