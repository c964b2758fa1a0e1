"""Question parsing: place, target, version year and facts from Chinese questions."""

from __future__ import annotations

import datetime as dt

import pytest

from qa.rules import check, check_question, explain
from qa.rules.facts import ParsedQuestion, find_place, normalize, parse_question
from qa.rules.model import Between, Under

# (question, expected place, expected target, expected facts (subset, exact values), eligibility)
PHRASINGS = [
    ("在外地漂了十个月，没工作、没固定住处、也没上学，能领居住证吗？", None, "residence_permit",
     {"residence_months": 10, "employed": False, "housing_proof": False, "studying": False}, True),
    ("深圳登记居住满十二个月了，社保这两年断断续续累计交了二十个月，我符合申领条件吗", "深圳市",
     "residence_permit", {"residence_months": 12, "social_insurance_months_last_24": 20}, True),
    ("我老公是上海户口，我过来投靠他已经在上海住了七个月，能办上海居住证吗", "上海市", "residence_permit",
     {"residence_months": 7}, True),
    ("在深圳待了十个月，社保交了十个月，能办吗", "深圳市", "residence_permit",
     {"residence_months": 10, "social_insurance_months": 10}, True),
    ("离开老家三个月了，在这边打工，能办居住证吗", None, "residence_permit",
     {"residence_months": 3, "employed": True}, True),
    ("郑州待了一个星期，准备长期住，有劳动合同和租房合同，能办居住证吗", "郑州市", "residence_permit",
     {"residence_months": 0.23, "intended_stay_months": 12, "employed": True, "housing_proof": True}, True),
    ("在北京连续居住了半年多，有合法稳定住所，能申请居住证吗", "北京市", "residence_permit",
     {"residence_months": 6, "housing_proof": True}, True),
    ("刚毕业在西安找到工作，上班两个月，能办居住证吗", "西安市", "residence_permit",
     {"residence_months": 2, "employed": True}, True),
    ("孩子在成都上初中两年了，我们全家在成都住了两年，有房，我能办成都居住证吗", "成都市", "residence_permit",
     {"residence_months": 24, "housing_proof": True}, True),
    ("深圳住了两年，但是没交过社保，能申请深圳居住证吗", "深圳市", "residence_permit",
     {"residence_months": 24, "social_insurance_months": 0}, True),
    ("在上海上班，社保一直没交，能办居住证吗", "上海市", "residence_permit",
     {"social_insurance_months": 0, "employed": True}, True),
    ("来天津住了一年了，租的正规房子，能领天津居住证吗", "天津市", "residence_permit",
     {"residence_months": 12, "housing_proof": True}, True),
    ("我在深圳住了十个月，社保交了一年，有劳动合同，能办居住证吗？", "深圳市", "residence_permit",
     {"residence_months": 10, "social_insurance_months": 12, "employed": True}, True),
    ("我在深圳住了一年半，最近两年社保累计交了十八个月，可以申请居住证吗", "深圳市", "residence_permit",
     {"residence_months": 18, "social_insurance_months_last_24": 18}, True),
    ("在深圳待了两年，社保连续交了11个月，够不够办居住证", "深圳市", "residence_permit",
     {"residence_months": 24, "social_insurance_months": 11}, True),
    ("来深圳半年了，在工厂打工，能办深圳居住证不？", "深圳市", "residence_permit",
     {"residence_months": 6, "employed": True}, True),
    ("我在深圳住了一年半，社保斷斷續續累計交了１７個月，能辦居住證嗎？", "深圳市", "residence_permit",
     {"residence_months": 18, "social_insurance_months_last_24": 17}, True),
    ("本人在深圳市居住满12个月，参加社会保险连续满12个月，是否符合申领居住证条件？", "深圳市",
     "residence_permit", {"residence_months": 12, "social_insurance_months": 12}, True),
    ("我是深圳的全日制大学生，能直接办居住证吗", "深圳市", "residence_permit", {"studying": True}, True),
    ("深圳居住证的申领条件是什么？", "深圳市", "residence_permit", {}, False),
    ("申领居住证需要什么材料？", None, "residence_permit", {}, False),
    ("我在上海租房住，上班，社保交了5个月，能办上海居住证吗", "上海市", "residence_permit",
     {"housing_proof": True, "employed": True, "social_insurance_months": 5}, True),
    ("我在上海读研，打算住三年，有学校宿舍，可以办居住证吗？", "上海市", "residence_permit",
     {"studying": True, "intended_stay_months": 36, "housing_proof": True}, True),
    ("孩子能在上海上学吗？我有居住证", "上海市", "compulsory_education", {"holds_permit": True}, True),
    ("持有上海居住证满七年，社保交了八年，有中级职称，交了个税，能落户吗", "上海市", "hukou",
     {"permit_holding_years": 7, "social_insurance_months": 96, "income_tax_paid": True,
      "professional_title": True}, True),
    ("上海居住证转户口有哪些条件？", "上海市", "hukou", {}, False),
    ("按照2011年的成都规定，我打算在成都住两年，签了劳动合同，社保交了半年，能办居住证吗", "成都市",
     "residence_permit", {"intended_stay_months": 24, "employed": True,
                          "social_insurance_months": 6}, True),
    ("我在成都买了房，住了七个月，可以办居住证吗", "成都市", "residence_permit",
     {"housing_proof": True, "residence_months": 7}, True),
    ("我在成都开了个小店，有营业执照，准备长期在这里住一年以上，能办居住证吗", "成都市",
     "residence_permit", {"business_licence": True, "employed": True,
                          "intended_stay_months": 12}, True),
    ("成都居住证满一年，社保交了一年，孩子可以在成都读小学吗", "成都市", "compulsory_education",
     {"social_insurance_months": 12}, True),
    ("我打算在郑州待两个月，有房产证，能办居住证吗", "郑州市", "residence_permit",
     {"intended_stay_months": 2, "housing_proof": True}, True),
    ("郑州居住证怎么办理？", "郑州市", "residence_permit", {}, False),
    ("我來蘇州三年了，租房住，能辦居住證嗎", "苏州市", "residence_permit",
     {"residence_months": 36, "housing_proof": True}, True),
    ("我是大学生，在南京读书，能办居住证吗", "南京市", "residence_permit", {"studying": True}, True),
    ("在南京打工，计划住8个月，没有租房合同，能办居住证吗", "南京市", "residence_permit",
     {"employed": True, "intended_stay_months": 8, "housing_proof": False}, True),
    ("江苏省流动人口拟居住6个月以上的是否应当申领居住证？", "江苏省", "residence_permit",
     {"intended_stay_months": 6}, True),
    ("北漂三年了，没有工作，租房，能办北京居住证吗", "北京市", "residence_permit",
     {"residence_months": 36, "employed": False, "housing_proof": True}, True),
    ("我在北京交了7年社保，有居住证，45岁，没有犯罪记录，能积分落户吗", "北京市", "hukou",
     {"social_insurance_months": 84, "holds_permit": True, "below_retirement_age": True,
      "clean_record": True}, True),
    ("我在北京住了5个月，在公司上班，可不可以申请居住证", "北京市", "residence_permit",
     {"residence_months": 5, "employed": True}, True),
    ("我在广州住了一年多，有劳动合同，能办居住证吗", "广州市", "residence_permit",
     {"residence_months": 12, "employed": True}, True),
    ("住了三年零两个月，没有居住证，孩子能上公办小学吗", None, "compulsory_education",
     {"residence_months": 38, "holds_permit": False}, True),
    ("我在杭州住了１８个月，失业了，能不能办居住证？", "杭州市", "residence_permit",
     {"residence_months": 18, "employed": False}, True),
    ("居住证暂行条例规定居住多久可以申领？", "全国", "residence_permit", {}, False),
    ("我在西安呆了半年，读书，符合办居住证的条件吗", "西安市", "residence_permit",
     {"residence_months": 6, "studying": True}, True),
    ("在深圳經濟特區居住了十三個月，社保連續繳納了十二個月，能申請居住證嗎？", "深圳市",
     "residence_permit", {"residence_months": 13, "social_insurance_months": 12}, True),
    ("已经办了居住证两年了，想在天津落户，可以吗", "天津市", "hukou",
     {"holds_permit": True, "permit_holding_years": 2}, True),
    ("我住在朋友家，在重庆打工三个月了，能办居住证吗", "重庆市", "residence_permit",
     {"housing_proof": False, "employed": True}, True),
]


@pytest.mark.parametrize(("question", "place", "target", "facts", "eligibility"), PHRASINGS,
                         ids=[p[0][:16] for p in PHRASINGS])
def test_phrasing(question, place, target, facts, eligibility):
    parsed = parse_question(question)
    assert parsed.place == place
    assert parsed.target == target
    for name, value in facts.items():
        assert parsed.facts.get(name) == value, (name, parsed.facts)
    if not facts:
        assert parsed.facts == {}
    assert parsed.is_eligibility is eligibility


def test_at_least_thirty_phrasings():
    assert len(PHRASINGS) >= 30


@pytest.mark.parametrize(("question", "year"), [
    ("按照2011年的成都规定，我能办居住证吗", 2011),
    ("根据二〇一一年成都市居住证管理规定，拟居住一年以上能办吗", 2011),
    ("用2016年版的办法算，我在成都住了6个月能办吗", 2016),
    ("我2015年来的深圳，能办居住证吗", None),
    ("我在深圳住了十个月", None),
])
def test_version_year(question, year):
    assert parse_question(question).version_year == year


@pytest.mark.parametrize("question", [
    "", "   ", "How can I get a residence permit in Shenzhen?", "12345", "？？？", "😀😀",
    "\x00\x01", "第十九条", "a" * 5000,
])
def test_odd_input_gives_empty_result(question):
    parsed = parse_question(question)
    assert isinstance(parsed, ParsedQuestion)
    assert parsed.facts == {} and parsed.is_eligibility is False


def test_non_string_input_does_not_raise():
    assert parse_question(None) == ParsedQuestion()  # type: ignore[arg-type]


def test_normalize_full_width_and_traditional():
    assert "12个月" in normalize("住了１２個月")
    assert "18个月" in normalize("一年半")


def test_child_school_is_not_the_person_studying():
    parsed = parse_question("我有居住证，孩子能在北京上学吗")
    assert parsed.target == "compulsory_education"
    assert "studying" not in parsed.facts


def test_facts_feed_the_checker():
    parsed = parse_question("我在深圳住了十个月，社保交了一年，有劳动合同，能办居住证吗？")
    result = check(parsed.place, parsed.target, parsed.facts, dt.date(2024, 1, 1))
    assert result.verdict == "ineligible"
    assert "还差2个月" in explain(result)


def test_check_question_end_to_end():
    result = check_question("按照2011年的成都规定，我打算在成都住两年，有营业执照，能办居住证吗",
                            dt.date(2024, 1, 1))
    assert result is not None
    assert result.rule == "chengdu.residence_permit.2011" and result.verdict == "eligible"
    assert check_question("成都居住证的申领条件是什么？") is None
    unknown = check_question("我在拉萨住了7个月，有工作，能办居住证吗", dt.date(2024, 1, 1))
    assert unknown is not None and unknown.verdict == "eligible"
    assert unknown.rule == "national.residence_permit.2016"
    assert any("拉萨市" in note for note in unknown.notes)


# ---------------------------------------------------------------- short stays, relatives, talent


@pytest.mark.parametrize(("question", "facts"), [
    # 左右: 18 to 22 days, Between(0.6, 0.73), which compares as its low end
    ("我只在郑州待二十天左右，有租房合同，能办居住证吗", {"intended_stay_months": 0.6, "housing_proof": True}),
    ("在郑州呆两周，能办居住证吗", {"intended_stay_months": 0.47}),
    ("我在郑州住三十天，能办居住证吗", {"intended_stay_months": 1}),
    ("打算在郑州呆两个星期，能办居住证吗", {"intended_stay_months": 0.47}),
    ("在郑州只停留二十九天，能办居住证吗", {"intended_stay_months": 0.97}),
    ("我在郑州住了三十天，能办居住证吗", {"residence_months": 1}),
    ("来郑州二十天了，能办居住证吗", {"residence_months": 0.67}),
    ("已经在郑州待二十天，能办居住证吗", {"residence_months": 0.67}),
])
def test_short_stays_in_days_and_weeks(question, facts):
    parsed = parse_question(question)
    assert parsed.facts == {**parsed.facts, **facts}, parsed.facts
    other = {"intended_stay_months", "residence_months"} - set(facts)
    assert not other & set(parsed.facts), parsed.facts


def test_age_in_zhousui_is_not_weeks():
    assert parse_question("我16周岁，在郑州待了两年，能办居住证吗").facts.get("residence_months") == 24


def test_an_age_said_as_not_yet_reached_is_below_it():
    assert parse_question("在南京，没满18岁的能自己单独立户吗").facts["age_years"] == Under(18)
    assert parse_question("我未满16周岁能办居住证吗").facts["age_years"] == Under(16)
    assert parse_question("我今年17岁能立户吗").facts["age_years"] == 17
    result = check_question("在南京，没满18岁的能自己单独立户吗", dt.date(2020, 1, 1))
    assert result.verdict == "ineligible"


def test_twenty_days_is_below_zhengzhous_thirty_days():
    result = check_question("我只在郑州待二十天左右，有租房合同，能办居住证吗", dt.date(2015, 1, 1))
    assert result is not None and result.rule == "zhengzhou.residence_permit.2013"
    assert result.verdict == "ineligible"
    assert any("20天" in note for note in parse_question("我只在郑州待二十天左右").notes)
    thirty = check_question("我在郑州住三十天，有租房合同，能办居住证吗", dt.date(2015, 1, 1))
    assert thirty is not None and thirty.verdict == "eligible"


@pytest.mark.parametrize(("question", "value"), [
    ("我老公是上海户口，我过来投靠他已经在上海住了七个月，能办上海居住证吗", True),
    ("投靠丈夫来成都，住了6个月，能办居住证吗", True),
    ("我想投靠妻子，她是上海人，能办居住证吗", True),
    ("我爸妈都是成都户口我跟他们一起住，在成都住了半年，能办居住证吗", True),
    ("我儿子有上海户籍，我过去跟他住，能办居住证吗", True),
    ("我是随迁家属，来深圳半年，能办居住证吗", True),
    ("我老公是外地户口，在上海住了七个月，能办居住证吗", None),
    ("我老公也是农村户口，能办居住证吗", None),
    ("在上海住了半年，没有亲戚在上海，能办居住证吗", False),
])
def test_joins_local_relative(question, value):
    assert parse_question(question).facts.get("joins_local_relative") is value


@pytest.mark.parametrize(("question", "value"), [
    ("我符合深圳人才引进条件，刚办了居住登记，能直接办居住证吗", True),
    ("我是深圳引进人才，能办居住证吗", True),
    ("我属于高层次人才，能不能直接办深圳居住证", True),
    ("我不是引进人才，在深圳住了一年，能办居住证吗", False),
    ("我在深圳住了一年，能办居住证吗", None),
])
def test_talent_recognised(question, value):
    assert parse_question(question).facts.get("talent_recognised") is value


def test_relative_and_talent_routes_end_to_end():
    on = dt.date(2020, 1, 1)
    shanghai = check_question("我老公是上海户口，我过来投靠他已经在上海住了七个月，家里有房产证，"
                              "能办上海居住证吗", on)
    assert shanghai is not None and shanghai.rule == "shanghai.residence_permit.2016"
    assert shanghai.verdict == "eligible"
    chengdu = check_question("我爸妈都是成都户口我跟他们一起住，在成都住了半年，能办居住证吗", on)
    assert chengdu is not None and chengdu.verdict == "eligible"
    assert chengdu.rule == "chengdu.residence_permit.2016"
    shenzhen = check_question("我符合深圳人才引进条件，刚办了居住登记，能直接办居住证吗", on)
    assert shenzhen is not None and shenzhen.verdict == "eligible"
    assert shenzhen.rule == "shenzhen.residence_permit.2015"


@pytest.mark.parametrize(("city", "rule"), [
    ("兰州", "gansu.residence_permit.2016"), ("福州", "fujian.residence_permit.2016"),
    ("厦门", "fujian.residence_permit.2016"), ("泉州", "fujian.residence_permit.2016"),
    ("石家庄", "hebei.residence_permit.2016"), ("廊坊", "hebei.residence_permit.2016"),
    ("南昌", "jiangxi.residence_permit.2016"), ("长春", "jilin.residence_permit.2016"),
    ("海口", "hainan.residence_permit.2016"), ("三亚", "hainan.residence_permit.2016"),
    ("呼和浩特", "neimenggu.residence_permit.2016"), ("乐山", "sichuan.residence_permit.2016"),
    ("天津", "tianjin.residence_permit.2015"), ("重庆", "chongqing.residence_permit.2016"),
    ("西安", "xian.residence_permit.2016"), ("武汉", "wuhan.residence_permit.2011"),
    ("杭州", "zhejiang.residence_permit.2016"), ("宁波", "zhejiang.residence_permit.2016"),
    ("温州", "zhejiang.residence_permit.2016"), ("绍兴", "zhejiang.residence_permit.2016"),
    ("义乌", "zhejiang.residence_permit.2016"),
])
def test_cities_with_a_provincial_or_own_rule_do_not_fall_back_to_national(city, rule):
    result = check_question(f"我在{city}住了七个月，有工作，打算长住两年，能办居住证吗", dt.date(2018, 6, 1))
    assert result is not None and result.rule == rule
    assert result.verdict == "eligible"
    assert not any("这一基准判断" in note for note in result.notes)


@pytest.mark.parametrize("question", [
    "上海居住证对投靠亲属的人有什么条件？",
    "深圳人才引进的人可以直接申领居住证吗？",
])
def test_a_route_named_in_a_general_question_is_not_a_personal_case(question):
    assert parse_question(question).is_eligibility is False


@pytest.mark.parametrize(("question", "value"), [
    ("我是北京户口，在北京住了二十年，能办北京居住证吗", False),
    ("我户口就在成都，在成都上班，能办成都居住证吗", False),
    ("我是西安本地户口，在西安有房子，能办西安居住证吗", False),
    ("我不是上海户口，在上海租房，能办居住证吗", True),
    ("我户口在老家，在北京上班半年，能办居住证吗", True),
    ("我是南京户口，在苏州上班，能办居住证吗", True),  # another city: away from home
    ("我是河南户口，在郑州上班，能办居住证吗", None),  # the province around the city decides nothing
    ("我老公是上海户口，我来投靠他，能办居住证吗", None),  # a relative's hukou is not the asker's
])
def test_own_hukou(question, value):
    assert parse_question(question).facts.get("non_local_hukou") == value


def test_own_hukou_is_a_circumstance_not_the_target_or_place():
    parsed = parse_question("我户口在老家，在北京上班半年，能办吗")
    assert parsed.target == "residence_permit" and parsed.place == "北京市"
    assert parse_question("我是北京户口，能落户上海吗").place == "上海市"
    result = check_question("我是深圳户口，在深圳住了十年，能办深圳居住证吗", dt.date(2020, 1, 1))
    assert result is not None and result.verdict == "ineligible"


@pytest.mark.parametrize("question", [
    "我有北京居住证，在北京连续交了8年社保，能积分落户吗",
    "我持有上海的居住证，社保交了7年，能落户吗",
    "已经办了本地居住证，能落户吗",
])
def test_holds_permit_with_a_place_name(question):
    assert parse_question(question).facts.get("holds_permit") is True


def test_place_named_permit_negation_and_no_false_positive():
    assert parse_question("我没有北京居住证，能积分落户吗").facts.get("holds_permit") is False
    assert "holds_permit" not in parse_question("我在北京上班半年了，能办居住证吗").facts


@pytest.mark.parametrize(("question", "value"), [
    ("我在南昌办居住证满两年了，一直在交社保，能在南昌落户吗", True),
    ("我有社保，在南昌持证三年，能落户吗", True),
    ("我在南昌持证三年，没交过社保，能落户吗", False),
])
def test_social_insurance_paid_without_a_length(question, value):
    assert parse_question(question).facts.get("social_insurance_paid") is value


@pytest.mark.parametrize("question", [
    "我在深圳读全日制本科，刚来三个月，能办居住证吗",
    "我在北京读研，住了半年，能办居住证吗",
    "我在武汉上大专，能办居住证吗",
])
def test_study_phrasings(question):
    assert parse_question(question).facts.get("studying") is True


@pytest.mark.parametrize(("question", "facts"), [
    ("我家娃10岁，在北京上小学一年了，能给娃办居住证吗", {"studying": True, "under_16": True}),
    ("孩子13岁，在成都读初中半年了，我能给孩子办居住证吗", {"studying": True, "under_16": True}),
    ("我儿子10岁，跟我们在南京住，租的房子，能给他办居住证吗", {"under_16": True, "housing_proof": True}),
])
def test_permit_for_the_child_takes_the_childs_school_and_age(question, facts):
    parsed = parse_question(question)
    assert parsed.target == "residence_permit"
    assert {k: parsed.facts.get(k) for k in facts} == facts


def test_child_school_without_a_permit_for_the_child_stays_the_childs():
    facts = parse_question("孩子13岁，在成都读初中，我在成都上班半年，我能办居住证吗").facts
    assert "studying" not in facts and "under_16" not in facts
    assert "under_16" not in parse_question("不满16岁的小孩可以让爸妈代办居住证吗").facts


@pytest.mark.parametrize(("question", "verdict"), [
    ("我家娃10岁，在北京上小学一年了，能给娃办居住证吗", "eligible"),
    ("我儿子10岁，跟我们在南京住，租的房子，能给他办居住证吗", "eligible"),
    ("我在南昌办居住证满两年了，一直在交社保，能在南昌落户吗", "eligible"),
    ("我在赣州有居住证，租房住，在厂里上班，能在赣州落户吗", "eligible"),
])
def test_new_facts_reach_the_checker(question, verdict):
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and result.verdict == verdict, explain(result)


# ---------------------------------------------------------------- durations said to fall short


@pytest.mark.parametrize(("question", "fact", "bound"), [
    ("我在杭州住了没到半年，有工作，能办居住证吗", "residence_months", 6),
    ("我在杭州不到半年，能办居住证吗", "residence_months", 6),
    ("在杭州住了不满一年，能办居住证吗", "residence_months", 12),
    ("在杭州住了半年不到，能办居住证吗", "residence_months", 6),
    ("在宁波待了不足六个月，能办居住证吗", "residence_months", 6),
    ("社保交了不到半年，能办居住证吗", "social_insurance_months", 6),
    ("社保没满一年，能办深圳居住证吗", "social_insurance_months", 12),
    ("社保没交满一年，能办深圳居住证吗", "social_insurance_months", 12),
    ("社保缴纳未满12个月，能办深圳居住证吗", "social_insurance_months", 12),
    ("持证不到一年，能落户吗", "permit_holding_years", 1),
])
def test_a_duration_said_to_fall_short_is_below_it(question, fact, bound):
    parsed = parse_question(question)
    value = parsed.facts[fact]
    assert isinstance(value, Under) and value.bound == bound
    assert value < bound  # anything that only compares numbers reads it as short of the bound
    assert any("不满" in note for note in parsed.notes)


@pytest.mark.parametrize(("question", "months"), [
    ("在杭州住了还差一个月满一年，有工作，能办居住证吗", 11),
    ("在杭州住了差两个月就一年了，能办居住证吗", 10),
    ("在宁波住了快一年了，能办居住证吗", 11),  # just short of the bound
    ("在宁波住了将近半年，能办居住证吗", 5),
])
def test_months_short_of_a_year(question, months):
    assert parse_question(question).facts["residence_months"] == months


@pytest.mark.parametrize("question", [
    "在杭州住满半年了，能办居住证吗", "在杭州住了半年多，能办居住证吗", "在杭州住了不止半年，能办居住证吗",
    "在杭州刚满半年，能办居住证吗",
])
def test_plain_and_over_durations_stay_numbers(question):
    value = parse_question(question).facts["residence_months"]
    assert value == 6 and not isinstance(value, Under)  # 半年多 is Between(6, 11): it compares as 6


# ---------------------------------------------------------------- approximate durations


@pytest.mark.parametrize(("question", "fact", "low", "high"), [
    ("我在上海估计要待两三个月，能办居住证吗", "intended_stay_months", 2, 3),  # was 23 months
    ("在杭州住了三五年了，能办居住证吗", "residence_months", 36, 60),
    ("来北京一两年了，能办居住证吗", "residence_months", 12, 24),
    ("在深圳住了七八个月，能办居住证吗", "residence_months", 7, 8),
    ("在深圳住了十来个月，能办居住证吗", "residence_months", 10, 12),
    ("在深圳住了十七八个月，能办居住证吗", "residence_months", 17, 18),
    ("在深圳住了半年多，能办居住证吗", "residence_months", 6, 11),
    ("在深圳住了一年多，能办居住证吗", "residence_months", 12, 23),
    ("在深圳住了一年零几个月，能办居住证吗", "residence_months", 12, 23),
    ("在深圳住了两年出头，能办居住证吗", "residence_months", 24, 27),
    ("在深圳差不多两年了，能办居住证吗", "residence_months", 22, 26),
    ("在深圳住了两年左右，能办居住证吗", "residence_months", 22, 26),
    ("在深圳大概住了半年，能办居住证吗", "residence_months", 5, 7),
    ("在深圳住了2到3个月，能办居住证吗", "residence_months", 2, 3),
    ("在深圳住了两至三年，能办居住证吗", "residence_months", 24, 36),
    ("在深圳住了好几年了，能办居住证吗", "residence_months", 24, 108),
    ("社保交了十几个月，能办深圳居住证吗", "social_insurance_months", 11, 19),
    ("社保交了二十多个月，能办深圳居住证吗", "social_insurance_months", 21, 29),
    ("居住证拿了两三年了，能落户吗", "permit_holding_years", 2, 3),
    ("两三年前来的深圳，能办居住证吗", "residence_months", 24, 36),
])
def test_an_approximate_duration_is_a_range(question, fact, low, high):
    parsed = parse_question(question)
    value = parsed.facts[fact]
    assert isinstance(value, Between) and (value.low, value.high) == (low, high), parsed.facts
    assert value == low  # anything that only compares numbers credits no more than the low end
    assert any("门槛落在其间时不作确定判断" in note for note in parsed.notes)


@pytest.mark.parametrize(("question", "months"), [
    ("在深圳住了八个多月，能办居住证吗", 8),  # whole-month thresholds: 8.x meets 8 and misses 9, like 8
    ("在深圳快两年了，能办居住证吗", 23),  # 快 stays one month short
    ("在深圳住了十个月，能办居住证吗", 10),
])
def test_near_exact_durations_stay_numbers(question, months):
    value = parse_question(question).facts["residence_months"]
    assert value == months and not isinstance(value, (Between, Under))


@pytest.mark.parametrize("text", ["二三年的规定", "一九年来的深圳", "第十三四条"])
def test_numbers_that_are_not_ranges(text):
    assert "~" not in normalize(text)


@pytest.mark.parametrize(("question", "verdict"), [
    # 浙江: 居住半年 + 就业. A range across 6 months is neither met nor failed.
    ("我在杭州住了五六个月，有工作，能办居住证吗", "insufficient_info"),
    ("我在杭州住了半年左右，有工作，能办居住证吗", "insufficient_info"),
    ("我在杭州住了七八个月，有工作，能办居住证吗", "eligible"),
    ("我在杭州住了两三个月，有工作，能办居住证吗", "ineligible"),
    ("我在杭州住了半年多，有工作，能办居住证吗", "eligible"),
    ("我在杭州住了一两年，有工作，能办居住证吗", "eligible"),
    # 深圳 第十九条: 居住 12 months and 社保 12 months in a row (or 18 of the last 24)
    ("在深圳住了两年，社保交了十来个月，能办深圳居住证吗", "insufficient_info"),
    ("在深圳住了十来个月，社保交了两年，能办深圳居住证吗", "insufficient_info"),
    ("在深圳住了半年多，社保交了两年，能办深圳居住证吗", "ineligible"),  # 6 to 11 is short of 12
])
def test_approximate_durations_reach_the_checker(question, verdict):
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and result.verdict == verdict, explain(result)


def test_a_range_reads_as_a_range_in_the_explanation():
    result = check_question("我在杭州住了五六个月，有工作，能办居住证吗", dt.date(2020, 1, 1))
    text = explain(result)
    assert "约5至6个月" in text and result.missing == ("residence_months",), text


# ---------------------------------------------------------------- quoted thresholds vs the asker's own


@pytest.mark.parametrize("question", [
    "浙江办居住证要住满半年，这半年从哪天开始算？",
    "深圳需要连续居住满一年吗",
    "社保要交满12个月吗",
    "住满半年才能办居住证吗",
    "办上海居住证必须交够六个月社保吗",
    "申请条件是住满一年吗",
    "居住半年是从哪天开始算的",
    "在深圳住满一年的人可以办居住证吗",
    "社保得交满一年吗",
])
def test_a_quoted_threshold_is_not_the_askers_situation(question):
    parsed = parse_question(question)
    durations = {"residence_months", "social_insurance_months", "permit_holding_years",
                 "intended_stay_months", "social_insurance_months_last_24"}
    assert not durations & set(parsed.facts), parsed.facts
    assert "holds_permit" not in parsed.facts


@pytest.mark.parametrize(("question", "facts"), [
    ("我在深圳住了十个月，要住满一年才能办吗", {"residence_months": 10}),
    ("我住了半年了，社保得交满一年吗", {"residence_months": 6}),
    ("我已经住满了半年，能办居住证吗", {"residence_months": 6}),
    ("我在深圳住满一年，社保交了一年，能办居住证吗", {"residence_months": 12, "social_insurance_months": 12}),
    ("我需要在上海住两年，能办居住证吗", {"intended_stay_months": 24}),  # the asker's own plan
    ("我要在上海住两年，能办居住证吗", {"intended_stay_months": 24}),
])
def test_stated_circumstances_beside_quoted_thresholds(question, facts):
    parsed = parse_question(question)
    durations = {"residence_months", "social_insurance_months", "intended_stay_months"}
    assert {k: v for k, v in parsed.facts.items() if k in durations} == facts, parsed.facts


@pytest.mark.parametrize("question", [
    "用武汉居住证能办护照吗", "凭居住证能让孩子上学吗", "拿着居住证能办什么", "持有居住证的人能落户吗",
    "持上海居住证可以买车吗", "我手里有深圳居住证，孩子能上学吗", "凭着成都居住证能积分落户吗",
])
def test_using_a_permit_means_holding_one(question):
    assert parse_question(question).facts.get("holds_permit") is True


@pytest.mark.parametrize("question", ["不用居住证也能上学吗", "办居住证要住满半年吗"])
def test_no_permit_held_without_saying_so(question):
    assert "holds_permit" not in parse_question(question).facts


@pytest.mark.parametrize(("question", "verdict"), [
    ("我在杭州住了没到半年，有工作，能办居住证吗", "ineligible"),  # below 浙江's 半年
    ("我在杭州住了不满一年，有工作，能办居住证吗", "insufficient_info"),  # 2 or 11 months?
    ("我在杭州住了还差一个月满一年，有工作，能办居住证吗", "eligible"),  # 11 months
    # 连续 below 12 fails; the 累计18个月 route stays open (its months were not said)
    ("在深圳住了两年，社保没交满一年，能办深圳居住证吗", "insufficient_info"),
    ("在深圳住了两年，社保交了不到两年，能办深圳居住证吗", "insufficient_info"),
    ("在武汉住了不到一个月，打算住一年，能办居住证吗", "eligible"),  # 拟居住 decides in 武汉
])
def test_short_durations_reach_the_checker(question, verdict):
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and result.verdict == verdict, explain(result)


def test_under_survives_copies_and_reads_in_explanations():
    import copy

    value = copy.deepcopy(Under(6))
    assert isinstance(value, Under) and value.bound == 6 and float(value) == 5.99
    result = check_question("我在杭州住了没到半年，有工作，能办居住证吗", dt.date(2020, 1, 1))
    text = explain(result)
    assert "你的情况：不到6个月，不符合" in text and "5.99" not in text
    assert result.to_dict()["trace"][0]["given"] < 6


# ---------------------------------------------------------------- 浙江 / 杭州


@pytest.mark.parametrize(("text", "place"), [
    ("我在宁波上班", "宁波市"), ("我在宁工作", "南京市"), ("来杭三个月了", "杭州市"), ("在义乌做生意", "义乌市"),
])
def test_short_forms_inside_a_city_name(text, place):
    assert find_place(text) == place


@pytest.mark.parametrize(("question", "facts"), [
    ("我是来杭州投资创业的，刚来一个月，能办居住证吗", {"investor_recognised": True, "residence_months": 1}),
    ("我不是投资创业的，在温州住了两个月", {"investor_recognised": False}),
    ("我初中毕业，在杭州住了四年，能办居住证吗", {"high_school_or_above": False}),
    ("我大专学历，在杭州住了四年，能办居住证吗", {"high_school_or_above": True}),
    ("没有超生，也没有犯罪记录", {"no_unlawful_births": True, "clean_record": True}),
    ("我家超生了一个", {"no_unlawful_births": False}),
])
def test_zhejiang_and_hangzhou_facts(question, facts):
    parsed = parse_question(question)
    assert {k: parsed.facts.get(k) for k in facts} == facts


@pytest.mark.parametrize(("question", "as_of", "rule", "verdict"), [
    ("我是来杭州投资创业的，刚来一个月，能办居住证吗", dt.date(2020, 1, 1), "zhejiang.residence_permit.2016",
     "eligible"),
    ("我在杭州住了七个月，租的房子，能办居住证吗", dt.date(2020, 1, 1), "zhejiang.residence_permit.2016", "eligible"),
    ("我在杭州住了七个月，租的房子，能办居住证吗", dt.date(2015, 1, 1), "hangzhou.residence_permit.2012", "ineligible"),
    ("我是杭州户口，在杭州上班两年了，能办居住证吗", dt.date(2020, 1, 1), "zhejiang.residence_permit.2016",
     "ineligible"),
    ("我是武汉户口，打算在武汉住一年，能办武汉居住证吗", dt.date(2020, 1, 1), "wuhan.residence_permit.2011",
     "ineligible"),
])
def test_zhejiang_hangzhou_wuhan_end_to_end(question, as_of, rule, verdict):
    result = check_question(question, as_of)
    assert result is not None and (result.rule, result.verdict) == (rule, verdict), explain(result)


def test_a_cumulative_window_clause_continues_the_social_insurance():
    facts = parse_question("在深圳住了两年，社保连续交了不到一年，最近两年累计也不满十八个月，能办吗").facts
    assert facts["social_insurance_months"].bound == 12
    assert facts["social_insurance_months_last_24"].bound == 18
    result = check_question("在深圳住了两年，社保连续交了不到一年，最近两年累计也不满十八个月，能办深圳居住证吗",
                            dt.date(2020, 1, 1))
    assert result.verdict == "ineligible", explain(result)


# ---------------------------------------------------------------- jobs, housing fund, a child named with an age


@pytest.mark.parametrize(("question", "facts", "absent"), [
    ("我在上海跑外卖，住了八个月，能办居住证吗", {"employed": True, "residence_months": 8}, ()),
    ("我在深圳送快递两年了，能办居住证吗", {"employed": True}, ()),
    ("我在成都做自由职业，住了一年，能办居住证吗", {"residence_months": 12}, ("employed",)),
    ("我白天上班晚上上夜校，在广州住了一年，能办居住证吗", {"employed": True}, ("studying",)),
    ("在深圳公积金交了三年，能办居住证吗", {}, ("residence_months", "social_insurance_months")),
    ("公积金交了两年，社保交了一年，能办深圳居住证吗", {"social_insurance_months": 12}, ()),
    ("给我家8岁的儿子办居住证，需要什么条件", {"under_16": True}, ()),
    ("孩子十二三岁，能给他办居住证吗", {"under_16": True}, ()),
])
def test_jobs_housing_fund_and_childs_age(question, facts, absent):
    parsed = parse_question(question)
    assert {k: parsed.facts.get(k) for k in facts} == facts, parsed.facts
    assert not set(absent) & set(parsed.facts), parsed.facts


def test_an_age_range_is_not_a_three_digit_age_and_a_childs_age_is_not_the_askers():
    """七八岁 was 78 years old, past retirement age, and it was the child's age anyway."""
    assert "~" in normalize("七八岁")
    assert "below_retirement_age" not in parse_question("孩子七八岁，我在上海上班，能办居住证吗").facts
    assert "below_retirement_age" not in parse_question("我有个8岁的儿子，我在上海上班，能办居住证吗").facts
    assert parse_question("我35岁，孩子七八岁，能办居住证吗").facts["below_retirement_age"] is True
    assert parse_question("我爸65岁了，想来北京跟我住，能给他办居住证吗").facts["below_retirement_age"] is False


# ---------------------------------------------------------------- 签注 made up late, cases told without 我

@pytest.mark.parametrize(("question", "days"), [
    ("我的居住证签注逾期了45天，补办后还能恢复吗", 45),
    ("签注晚了一个月，现在补办，居住期限还能连续计算吗", Between(28, 31)),  # as calendar months run
    ("签注过期快两个月了，还能补办吗", Between(59, 62)),
    ("签注过期两个月左右，还能补办吗", Between(30, 90)),
    ("居住证使用功能中止了20天，现在去签注能恢复吗", 20),
    ("签注过期两个多月了才去补办，居住时间还能接着算吗", Between(61, 89)),
    ("居住证签注逾期一年多了，居住年限还能连续计算吗", Between(366, 724)),  # a year of days is 365
    ("签注逾期两年了，还能补签注吗", 730),
    ("该签注的时候回了老家，一直拖着没办，等回来去补办已经过了一年多了，居住年限还能接着算吗", Between(366, 724)),
])
def test_days_overdue_for_a_renewal(question, days):
    parsed = parse_question(question)
    assert parsed.target == "permit_restore"
    assert parsed.facts["renewal_overdue_days"] == days
    assert repr(parsed.facts["renewal_overdue_days"]) == repr(days)
    assert "residence_months" not in parsed.facts and "permit_holding_years" not in parsed.facts


@pytest.mark.parametrize(("question", "verdict"), [
    ("在河北石家庄，居住证签注逾期一年多了，居住年限还能连续计算吗", "ineligible"),
    ("深圳的居住证签注过期两年了，还能补签注吗", "eligible"),
    ("我在江苏苏州的居住证签注逾期25天了，补办后居住期限还能连续计算吗", "eligible"),
    ("我在江苏苏州的居住证签注逾期两个多月才去补，居住期限还能连续计算吗", "ineligible"),
    ("上海居住证签注逾期50天，去补办还能恢复使用吗", "eligible"),
    ("上海居住证签注逾期两个多月了，去补办还能恢复吗", "ineligible"),
])
def test_days_overdue_reach_the_checker(question, verdict):
    result = check_question(question, as_of=dt.date(2020, 1, 1))
    assert result is not None and result.target == "permit_restore"
    assert result.verdict == verdict, explain(result)


@pytest.mark.parametrize(("question", "kind"), [
    ("來重慶一年多了，一直沒去派出所辦過居住登記，在公司上班有勞動合同。現在能辦重慶居住證嗎？", "case"),
    ("在杭州居住登记已经8个月了，想办张居住证，够条件了吗？", "case"),
    ("我在深圳住了一年社保交了半年有劳动合同能办吗", "case"),
    ("签注逾期两个多月，居住期限还能接着算吗", "case"),
    ("我之前的暂住证时间算不算居住时间？", "reading"),
    ("长沙买房可以落户吗", "other"),
    ("有劳动合同能办居住证吗", "other"),
    ("本科学历能加几分", "other"),
])
def test_a_case_is_told_by_its_facts_and_its_ask(question, kind):
    from qa.rules.facts import question_kind

    assert question_kind(question).kind == kind


def test_facts_run_together_keep_their_own_words():
    facts = parse_question("我在深圳住了一年社保交了半年有劳动合同能办吗").facts
    assert facts["residence_months"] == 12 and facts["social_insurance_months"] == 6 and facts["employed"] is True
    facts = parse_question("我来广州两年多了社保断断续续加起来交了18个月能办居住证吗").facts
    assert facts["residence_months"] == Between(24, 35) and facts["social_insurance_months_total"] == 18


@pytest.mark.parametrize(("question", "facts"), [
    ("在成都居住登记已经8个月了，能办居住证吗", {"residence_registered": True, "residence_months": 8}),
    ("我在福建买了房子住，没有固定工作，能落户吗", {"employed": False, "housing_proof": True}),
])
def test_registration_and_a_missing_steady_job(question, facts):
    parsed = parse_question(question).facts
    assert {k: parsed.get(k) for k in facts} == facts


@pytest.mark.parametrize(("question", "zone"), [
    ("我在福建安溪县城买了房子住，没有固定工作。能把户口迁到县城吗？", "settle_in_county_town"),
    ("我户口在重庆开州农村，在主城打工5年了，买了房，能把户口迁到主城区吗", "settle_in_core_city"),
    ("在泉州市区租房住，签了劳动合同，我能把户口迁到设区市的城区吗", "settle_in_city_district"),
])
def test_the_zone_one_asks_to_settle_in(question, zone):
    facts = parse_question(question).facts
    assert facts[zone] is True
    assert all(facts[other] is False for other in ("settle_in_core_city", "settle_in_city_district",
                                                    "settle_in_county_town") if other != zone)


@pytest.mark.parametrize(("question", "verdict"), [
    ("我户口在重庆开州农村，在主城九龙坡开餐馆打工4年了，在那边买了房。能把户口迁到主城区吗？", "ineligible"),
    ("我户口在重庆万州，在主城上班6年了，有自己的房子，能把户口迁到主城区吗", "eligible"),
    ("我在福建安溪县城买了房子住，没有固定工作。能把户口迁到县城吗？", "eligible"),
    ("我35岁，硕士研究生学历和学位都有，持上海居住证，社保交了4年，没有违法记录。积分能到标准分值吗？", "eligible"),
    ("我30岁，本科毕业但没拿到学士学位，有上海居住证，社保交了5年，其他加分项都没有。积分能到120分吗？",
     "ineligible"),
    ("我30岁，本科毕业，有上海居住证，社保交了5年，积分够120分吗", "insufficient_info"),
])
def test_zones_and_points_reach_the_checker(question, verdict):
    result = check_question(question, as_of=dt.date(2017, 1, 1))
    assert result is not None and result.verdict == verdict, explain(result)


def test_a_degree_held_is_not_current_study():
    assert "studying" not in parse_question("我是硕士研究生学历，在上海上班，能办居住证吗").facts
    assert parse_question("我在读研究生，能办居住证吗").facts["studying"] is True


# ---------------------------------------------------------------- everyday words: durations, zeros, jobs, relatives


@pytest.mark.parametrize(("question", "expected"), [
    # half a year said loosely: 大半年 is more than six months, 小半年 not quite six
    ("我在杭州住了大半年，有工作，能办居住证吗", {"residence_months": Between(7, 11)}),
    ("我在深圳住了小半年，能办居住证吗", {"residence_months": Between(4, 6)}),
    # "not even one" is none at all
    ("我在深圳一天社保都没交，住了两年，能办居住证吗", {"social_insurance_months": 0, "residence_months": 24}),
    ("社保一个月都没交，在深圳住了两年，能办居住证吗", {"social_insurance_months": 0}),
    # a month of the calendar is no length of time (the month one came in is: tests/test_facts_words.py)
    ("我三月份生的孩子，在深圳住了两年，能办居住证吗", {"residence_months": 24}),
    # contributions with a gap are counted in all, less the gap; their continuous run is not known
    ("社保交了两年，中间断了三个月，在深圳住了三年，能办居住证吗",
     {"social_insurance_months_total": Between(21, 24), "social_insurance_months": None, "residence_months": 36}),
    ("社保最近两年里交了18个月，在深圳住了两年，能办吗",
     {"social_insurance_months_last_24": 18, "social_insurance_months": None}),
    # an amount alone in its clause goes on about the clause before
    ("我在杭州住厂里的宿舍，七个月了，能办吗", {"residence_months": 7, "housing_proof": True}),
    ("我在杭州工地上干活，七个月了，能办居住证吗", {"residence_months": 7, "employed": True}),
    # jobs said by what one does
    ("我在杭州开小店，住了七个月，能办居住证吗", {"employed": True}),
    ("我在杭州打零工，住了七个月，能办居住证吗", {"employed": True}),
    ("我在杭州摆地摊，住了七个月，能办居住证吗", {"employed": True}),
    ("我在杭州开了个小超市，住了七个月，能办居住证吗", {"employed": True}),
    # a permit said missing after its name
    ("居住证还没办，孩子能在杭州上小学吗", {"holds_permit": False}),
    ("居住证我没有，孩子能在郑州上学吗", {"holds_permit": False}),
    # relatives: 投奔 is 投靠; living with them (跟儿子过); their hukou said in the next clause
    ("我来成都投奔儿子，住了半年，能办居住证吗", {"joins_child": True, "joins_local_relative": True}),
    ("我是来上海跟儿子过的，住了半年，能办居住证吗", {"joins_child": True}),
    ("我住在女儿家，她是上海户口，住了半年，能办居住证吗", {"joins_child": True}),
    ("我老婆是成都人，有成都户口，我在成都住了半年，能办居住证吗", {"joins_spouse": True}),
])
def test_everyday_words(question, expected):
    facts = parse_question(question).facts
    for name, value in expected.items():
        assert repr(facts.get(name)) == repr(value), (name, facts)


def test_a_decade_is_no_duration():
    assert not parse_question("我是90年代来的郑州，能办居住证吗").facts.get("residence_months")


def test_a_gap_reaches_the_checker():
    # 深圳 第十九条: 12 months in a row, or 18 of the last 24. A year and a half with a month's gap
    # is 17 or 18 months in all, and its longest run is not known: no verdict either way.
    result = check_question("在深圳住了两年，社保交了一年半，中间断了一个月，能办深圳居住证吗", dt.date(2020, 1, 1))
    assert result is not None and result.verdict == "insufficient_info", explain(result)


@pytest.mark.parametrize(("question", "target", "expected"), [
    # an ordinal month is no length of time: 一年多 stands
    ("我在外省县城开了家小饭馆，来这边一年多了，暂住登记是来的第二个月就去办的，能申领居住证吗",
     "residence_permit", {"residence_months": Between(12, 23)}),
    # 一个月都没断过: never broken off, not one month
    ("社保一个月都没断过，在深圳住了两年，能办居住证吗", "residence_permit",
     {"social_insurance_months": None, "residence_months": 24}),
    # N个来月 is about N months
    ("老公是上海户口，我嫁过来才三个来月，想办个上海居住证，可以吗", "residence_permit", {"residence_months": 3}),
    ("我的居住证还有两个来月才满一年，想先把签注办了，现在能办吗", "permit_renewal",
     {"months_to_renewal_date": 2, "permit_holding_years": None}),
    # approximate days overdue
    ("上海居住证签注忘了办，过期四十来天了，现在去补办还能恢复吗", "permit_restore",
     {"permit_holding_years": None, "renewal_overdue_days": Between(40, 48)}),
    # grades and a range across two units
    ("我有重庆居住证，孩子高一到高三三年都在这边读，学籍也在重庆，能在重庆参加高考吗", "gaokao",
     {"child_high_school_years": 3, "residence_months": None}),
    ("孩子转到九江读高中，学籍也转过来了，在这边读了一年半到两年，我有江西居住证，孩子能在江西高考吗", "gaokao",
     {"child_high_school_years": Between(1.5, 2)}),
    # a contract renewed is not the permit's 签注; a permit one must have is not one held
    ("我在电子厂干了三年，合同每年都续签，孩子要上学，听说得有居住证，我现在能直接申领吗", "residence_permit",
     {"holds_permit": None}),
    # retired said with 了
    ("我62了，去年从北京的单位退休了，社保交了二十多年，有居住证，还能申请积分落户吗", "hukou",
     {"below_retirement_age": False}),
    # the contributions of the past year, said in all, for a 签注
    ("深圳居住证快到签注时间了，过去一年居住登记一直在，社保前后加起来只交了半年，还能签注吗", "permit_renewal",
     {"social_insurance_months_last_12": 6}),
    # a move inside one district, said plainly
    ("我在厦门思明区有居住证，住了三年，最近在思明区里面换了个地方租房，办了变更，居住年限还能连着算吗",
     "address_change_years", {"moved_within_county": True}),
    # a home bought as 一套
    ("我在河南一个县城买了套房，全家都住那，能把户口迁到县城吗", "hukou", {"housing_proof": True}),
])
def test_words_people_use_for_their_case(question, target, expected):
    parsed = parse_question(question)
    assert parsed.target == target
    for name, value in expected.items():
        assert repr(parsed.facts.get(name)) == repr(value), (name, parsed.facts)


@pytest.mark.parametrize(("question", "facts"), [
    ("我是南京家庭户口，自己有房。我爸66，我妈63，老两口想从老家投奔我，把户口迁过来，行吗",
     {"joins_child": True, "senior": True}),
    ("我爸五十八，我妈五十三，都在老家，我是南京家庭户口有房。他们能投靠我把户口迁过来吗",
     {"joins_child": True, "senior": False}),
    ("老婆想投靠我把户口迁到南京，我是单位集体户口，行吗", {"joins_spouse": True, "joins_child": False}),
])
def test_who_joins_the_asker(question, facts):
    parsed = parse_question(question).facts
    assert {k: parsed.get(k) for k in facts} == facts, parsed


def test_where_one_comes_from_is_not_the_place_asked_about():
    parsed = parse_question("我老家湖南邵阳的，在外省一个县城开店，来这边一年多了。按国家的规定，我能申领居住证不？")
    assert parsed.place == "全国"
    facts = parse_question("我户口在我们市的老城区，在同一个市的开发区买了房，按国家规定能申领居住证吗").facts
    assert facts.get("non_local_hukou") is False


def test_the_time_left_to_a_permits_year_is_said_of_a_permit_held():
    result = check_question("吉林省居住证还有二十来天满一年，现在去派出所签注行吗？", dt.date(2020, 1, 1))
    assert result is not None and result.verdict == "eligible", explain(result)
    assert parse_question("吉林省居住证还有二十来天满一年，现在去签注行吗").facts["holds_permit"] is True


@pytest.mark.parametrize(("question", "fact", "value"), [
    # one reading of negation for the yes/no patterns: the negation just before what is said
    ("我没有营业执照，在成都住了一年", "business_licence", False),
    ("我没社保，有营业执照", "business_licence", True),  # the negation governs 社保
    ("我不符合深圳人才引进条件", "talent_recognised", False),
    ("我不是投资创业的", "investor_recognised", False),
    ("我从没办过暂住证", "held_temporary_permit", False),
    ("以前办过暂住证", "held_temporary_permit", True),
    ("我们没超生", "no_unlawful_births", True),
    ("超生了一个", "no_unlawful_births", False),
    ("我没到退休年龄", "below_retirement_age", True),
    ("我未到法定退休年龄", "below_retirement_age", True),
    ("我超过了退休年龄", "below_retirement_age", False),
    ("我在重庆的厂不是战略性新兴产业企业", "strategic_industry_contract", False),
])
def test_a_negated_statement(question, fact, value):
    assert parse_question(question).facts.get(fact) is value


@pytest.mark.parametrize(("question", "facts"), [
    # tax said as a range of thousands
    ("我在南京开了个体小吃店，有营业执照，最近两年每年交税七八千块，能把户口迁到南京吗",
     {"annual_tax_yuan": Between(7000, 8000), "tax_years": 2}),
    ("我是个体户，每年交税8千块，能落户南京吗", {"annual_tax_yuan": 8000}),
    # the hukou of the one joined: a family hukou, or not one
    ("老婆想投靠我把户口迁到南京，可我是单位集体户口，不是家庭户口，行吗", {"relative_has_family_hukou": False}),
    ("我爸妈是南京家庭户口，我能投靠父母把户口迁到南京吗", {"relative_has_family_hukou": True}),
    # points never applied for are none
    ("我在上海有居住证，但积分一直没去申请过，孩子能在上海参加高考吗", {"points_score": 0}),
])
def test_money_family_hukou_and_points(question, facts):
    parsed = parse_question(question).facts
    assert {k: parsed.get(k) for k in facts} == facts, parsed
    assert all(repr(parsed[k]) == repr(v) for k, v in facts.items())


@pytest.mark.parametrize(("question", "value"), [
    ("孩子在老家上初中，我在郑州有居住证，能在郑州中考吗", False),
    ("孩子在郑州上初中，我有居住证，能在郑州中考吗", True),
])
def test_where_the_child_goes_to_school(question, value):
    assert parse_question(question).facts.get("child_local_compulsory_education") is value


@pytest.mark.parametrize(("question", "fact", "value"), [
    # the calendar year one came in: the months since, as a range (no date is assumed)
    ("我前年来的深圳，社保交了一年，能办吗", "residence_months", Between(13, 35)),
    ("我去年来的杭州，能办居住证吗", "residence_months", Between(1, 23)),
    ("社保从去年开始交的，在深圳住了两年，能办吗", "social_insurance_months", Between(1, 23)),
    # not even one day, said with 过
    ("我没交过一天社保，在深圳住了两年，能办吗", "social_insurance_months", 0),
])
def test_years_ago_and_not_one_day(question, fact, value):
    assert repr(parse_question(question).facts.get(fact)) == repr(value)


def test_two_years_ago_meets_a_year():
    result = check_question("我前年来的杭州，在厂里上班，能办居住证吗", dt.date(2020, 1, 1))
    assert result is not None and result.verdict == "eligible", explain(result)


@pytest.mark.parametrize(("question", "facts"), [
    # a higher level denied does not deny the level below it
    ("我没有高级职称，有中级职称", {"senior_title": False, "professional_title": True}),
    ("我不是本科毕业，是大专学历", {"high_school_or_above": True}),
    ("我本科毕业但没拿到学士学位", {"bachelor_or_above": True, "bachelor_degree": False}),
])
def test_levels_and_their_negation(question, facts):
    parsed = parse_question(question).facts
    assert {k: parsed.get(k) for k in facts} == facts, parsed


@pytest.mark.parametrize(("question", "facts"), [
    ("我在杭州有套房，住了半年，能办居住证吗", {"housing_proof": True}),
    ("我跟着女儿在杭州生活，住了半年，能办居住证吗", {"joins_child": True}),
    ("我在杭州做点小买卖，住了半年，能办居住证吗", {"employed": True}),
    ("我在杭州做微商，住了半年，能办居住证吗", {"employed": True}),
])
def test_homes_relatives_and_trades_said_plainly(question, facts):
    parsed = parse_question(question).facts
    assert {k: parsed.get(k) for k in facts} == facts, parsed


def test_degrees_by_level():
    facts = parse_question("我职高毕业，在杭州上班，能办居住证吗").facts
    assert (facts["vocational_graduate"], facts["college_or_above"]) == (True, False)
    facts = parse_question("我学历是博士研究生，在上海上班，积分能到标准分值吗").facts
    assert facts["doctorate"] and facts["master_or_above"] and facts["bachelor_degree"]
    spouse = parse_question("我爸妈都在老家，老婆想投靠我把户口迁到南京，行吗").facts
    assert (spouse["joins_spouse"], spouse["joins_child"]) == (True, False)


@pytest.mark.parametrize(("question", "months"), [
    ("我在深圳居住登记办了一年零两个月了，社保是来深圳第一个月就开始交的，到现在一个月都没断过，能申领吗", 14),
    ("我来深圳十个月了，社保一来就交了，没断过，能办吗", 10),
])
def test_contributions_since_one_came(question, months):
    assert parse_question(question).facts.get("social_insurance_months") == months


# ---------------------------------------------------------------- more ways of telling one's case


@pytest.mark.parametrize(("question", "fact", "value"), [
    ("跟厂里签了两年的劳动合同", "contract_months", 24),
    ("合同签了三年，在重庆住了半年", "contract_months", 36),
    ("合同还剩半年到期", "contract_months", None),  # what is left of the term, not the term
    ("房子是租的，没买房", "owns_home", False),
    ("在沧州市区买了房", "owns_home", True),
    ("在老家买了房，在这边租房", "owns_home", None),  # a home back home is not one here
    ("我打算在石家庄买房，现在租房住", "owns_home", None),  # a plan, not a home
    ("收入低，也符合保障条件", "housing_support_eligible", True),
    ("我不符合公租房保障条件", "housing_support_eligible", False),
    ("符合住房保障条件吗？", "housing_support_eligible", None),  # asked, not said
    ("估算积分也够申报指导分值了", "points_standard_reached", True),
    ("积分不够申报指导分值", "points_standard_reached", False),
    ("我积分够不够？", "points_standard_reached", None),
    ("离退休还早", "below_retirement_age", True),
    ("按成都的人才落户规定我是够条件的", "talent_recognised", True),
    ("也没有人才落户那些条件", "talent_recognised", False),
    ("孩子从一年级就在保定读，现在上初二", "child_local_compulsory_education", True),
    ("孩子从小学就在老家读", "child_local_compulsory_education", False),
    ("房东不愿意去房管部门备案", "registered_home", False),
    ("居住登记是上个月才去派出所办的", "registered_months", Under(2)),
])
def test_more_facts_read_from_words(question, fact, value):
    got = parse_question(question).facts.get(fact)
    assert got == value and type(got) is type(value), (question, parse_question(question).facts)


def test_contributions_of_the_current_employer_are_not_time_lived():
    facts = parse_question("社保中间换过一次公司，前后加起来交了八个月，现在这家连续交了四个月").facts
    assert facts["social_insurance_months"] == 4 and facts["social_insurance_months_total"] == 8
    assert "residence_months" not in facts


def test_a_permit_asked_for_in_the_last_clause_is_the_target():
    parsed = parse_question("按成都的人才落户规定我是够条件的，就是户口一直懒得迁，能先申领成都居住证吗")
    assert parsed.target == "residence_permit"
    assert parse_question("在成都有居住证，能落户吗").target == "hukou"


@pytest.mark.parametrize(("question", "verdict"), [
    ("居住证还有一个多月满一年，能签注吗", "ineligible"),  # more than the month before the year is full
    ("居住证还有一个月满一年，能签注吗", "eligible"),
])
def test_a_month_and_more_is_not_within_the_month(question, verdict):
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and result.verdict == verdict, explain(result)


@pytest.mark.parametrize(("question", "verdict", "rule"), [
    ("我在保定市区租房子住，没工作，房子是租的，没买房。能把户口落到保定市区吗？", "ineligible", "hebei.hukou.2016"),
    ("我在保定市区上班，签了合同，租房住，没买房。能把户口落到保定市区吗？", "eligible", "hebei.hukou.2016"),
    ("我在沧州市区买了房，能把户口迁到沧州市区吗？", "eligible", "hebei.hukou.2016"),
    ("我在河南一个县城买了套房，全家都住那。能把户口迁到县城吗？", "eligible", "henan.hukou.2014"),
    ("我在老家县下面的镇上租了个门面开小卖部，一家人住在租的房子里。户口能迁到镇上吗？", "eligible",
     "national.hukou.2016"),
])
def test_settlement_by_where_one_settles_end_to_end(question, verdict, rule):
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and (result.verdict, result.rule) == (verdict, rule), explain(result)


@pytest.mark.parametrize(("question", "facts"), [
    ("我在福州鼓楼区办的居住证，住了两年，现在搬到福州仓山区，办了变更登记，居住年限还能连着算吗",
     {"moved_within_city": True, "moved_within_county": False}),
    ("我在城区住了两年，现在搬到郊区县城", {"moved_within_city": None, "moved_within_county": None}),  # kinds of area
    ("在漳州有居住证，孩子初中是在老家江西读完的，想在漳州参加中考", {"child_local_compulsory_education": False}),
    ("孩子初中在泉州读的，能在泉州中考吗", {"child_local_compulsory_education": True}),
])
def test_moves_and_schools_told_by_name(question, facts):
    got = parse_question(question).facts
    assert {name: got.get(name) for name in facts} == facts, got


def test_a_lapsed_permit_made_up_asks_whether_the_years_still_count():
    parsed = parse_question("在石家庄的河北居住证过期一年左右了没签注，现在补办，之前的连续居住年限还算不算？")
    assert parsed.target == "permit_restore" and parsed.facts["renewal_overdue_days"] == Between(335, 395)
    result = check_question("在石家庄的河北居住证过期一年左右了没签注，现在补办，之前的连续居住年限还算不算？",
                            dt.date(2020, 1, 1))
    assert result is not None and result.verdict == "insufficient_info"  # 1 year lies inside the range said


def test_a_relative_named_before_the_asking_clause_follows():
    parsed = parse_question("我通过积分制入户拿到广州户口了，女儿今年17，能跟我一起迁进来吗？")
    assert parsed.target == "family_settle"
    assert parsed.facts["follower_spouse_or_child"] is True and parsed.facts["follower_parent"] is False


@pytest.mark.parametrize(("question", "fact", "value"), [
    ("社保还没开始交", "social_insurance_paid", False),
    ("老婆是成都人，户口在成都，我跟她住一起一年了", "non_local_hukou", None),  # the wife's hukou, not mine
    ("户口在成都，能办成都居住证吗", "non_local_hukou", False),
])
def test_negations_and_whose_hukou(question, fact, value):
    assert parse_question(question).facts.get(fact) is value, parse_question(question).facts


@pytest.mark.parametrize(("question", "score"), [
    ("上海居住证积分，算下来一百一十来分，够标准分值吗", Between(110, 114)),  # said in the clause after 积分
    ("上海积分一百二十多分，够了吗", Between(121, 129)),
    ("积分九十几分", Between(91, 99)),
    ("我积分110分左右", Between(104, 116)),
    ("积分有一百零五分", 105),
    ("居住证积分，学历加了30分，够吗", None),  # one indicator's points, not the total
    ("积分能到120分吗", None),  # asked, not said
])
def test_scores_said_loosely_or_in_chinese_numerals(question, score):
    assert parse_question(question).facts.get("points_score") == score


@pytest.mark.parametrize(("question", "verdict", "rule"), [
    ("上海居住证积分，算下来一百一十来分，够标准分值吗", "ineligible", "shanghai.points.2015"),  # all below 120
    ("我持有上海居住证，在上海交职工社保，积分一百二十来分，够标准分值吗", "eligible", "shanghai.points.2015"),
    ("上海居住证积分一百二十分左右，够标准分值吗", "insufficient_info", "shanghai.points.2015"),  # 120 inside
])
def test_an_approximate_score_decides_only_outside_its_range(question, verdict, rule):
    result = check_question(question, dt.date(2017, 1, 1))
    assert result is not None and (result.verdict, result.rule) == (verdict, rule), explain(result)


@pytest.mark.parametrize(("question", "verdict", "rule"), [
    ("邯郸的河北居住证还有一个多月满一年，能去签注吗", "ineligible", "hebei.permit_renewal.2016"),  # 30日内
    ("上海居住证还有二十来天满一年，现在去签注行吗", "eligible", "shanghai.permit_renewal.2013"),
    ("无锡的居住证还有四十多天满一年，现在能去签注吗", "ineligible", "jiangsu.permit_renewal.2013"),
    ("深圳居住证还有五十天满一年，过去一年居住登记和社保一直都有，能签注吗", "eligible",
     "shenzhen.permit_renewal.2015"),  # 60日内
    ("深圳居住证还有七十天满一年，过去一年居住登记和社保一直都有，能签注吗", "ineligible",
     "shenzhen.permit_renewal.2015"),
])
def test_the_places_own_renewal_window_decides(question, verdict, rule):
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and (result.verdict, result.rule) == (verdict, rule), explain(result)


def test_the_next_renewal_after_a_late_one_is_a_renewal_question():
    question = ("深圳居住证没按时签注，使用功能中止了，后来补办了签注。现在离补办那天满一年还差五十天左右，"
                "过去一年居住登记和社保也一直都有。下一次签注现在就可以去办吗？")
    assert parse_question(question).target == "permit_renewal"
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and result.verdict == "eligible", explain(result)


def test_a_document_described_after_its_year_names_the_version():
    question = ("按2011年国务院办公厅那个户籍管理制度改革的通知，我在一个地级市（不是省会，也不是副省级）的厂里"
                "干了两年多，租房住，社保一直交。能在这落户吗？")
    parsed = parse_question(question)
    assert parsed.version_year == 2011 and parsed.facts["settle_in_city_district"] is True
    assert parsed.facts["employed"] is True  # the 不是 inside the brackets does not reach 厂里
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None, question
    assert (result.verdict, result.rule) == ("ineligible", "national.hukou.2011"), explain(result)
    assert parse_question("我2015年来的深圳，在厂里上班，按现在的规定能落户吗").version_year is None


@pytest.mark.parametrize(("question", "fact", "value"), [
    ("郑州居住证还有半个月满一年，现在去签注行吗", "months_to_renewal_date", 0.5),
    ("住了一个半月", "residence_months", 1.5),  # 一个半月 stays 1.5
    ("大连的居住证还有一个礼拜就到期了，现在才去延期", "months_to_renewal_date", 0.23),
    ("来这边半年左右，暂住登记来的头一个礼拜就办了", "residence_months", Between(5, 7)),  # 头一个礼拜: when
    ("北京居住证早就办了，社保交了九年", "holds_permit", True),
    ("我62了，男的，有天津居住证", "age_years", 62),
    ("老爸58，老妈53，想投靠在南京的儿子把户口迁过来", "senior", False),
    ("老爸65，老妈53，想投靠在南京的儿子把户口迁过来", "senior", True),
    ("老公是上海本地户口，我结婚后就搬过来住他家，来了大半年了", "housing_proof", True),
])
def test_more_circumstances_read_from_words(question, fact, value):
    assert parse_question(question).facts.get(fact) == value, parse_question(question).facts


@pytest.mark.parametrize(("question", "target"), [
    ("能办上海居主证吗", "residence_permit"),  # 居主证 / 居注证: 居住证 misspelt
    ("来郑州看病，这种要申领郑州市居注证吗", "residence_permit"),
    ("有郑州居住证，住了一年，能申请公阻房吗", "public_housing"),
    ("大连的居住证还有一个礼拜就到期了，现在才去延期，算按规定办的吗", "permit_renewal"),
])
def test_misspelt_and_colloquial_targets(question, target):
    assert parse_question(question).target == target


@pytest.mark.parametrize(("question", "verdict", "rule"), [
    ("大连的居住证还有一个礼拜就到期了，现在才去延期，算按规定办的吗？", "ineligible", "liaoning.permit_renewal.2013"),
    ("武汉居住证过期半个月了才去办延期，以前的连续居住期限还能接着算吗？", "ineligible",
     "wuhan.restore_years_joined.2011"),
    ("在镇上开了家小店，房子是租的，按国务院2014年户籍改革意见，我能把户口落到镇上吗？", "eligible",
     "national.hukou.2016"),  # the 2014 opinion is carried by the rule that cites it
    ("按天津2014年的暂行办法，我有居住证，在天津有房，交着社保，但单位劳动合同只签了半年一签。有积分入户的申请资格吗？",
     "ineligible", "tianjin.hukou.2014"),
])
def test_named_documents_and_windows_end_to_end(question, verdict, rule):
    parsed = parse_question(question)
    as_of = dt.date(parsed.version_year, 12, 31) if parsed.version_year else dt.date(2020, 1, 1)
    result = check(parsed.place or "全国", parsed.target, parsed.facts, as_of, version_year=parsed.version_year)
    assert (result.verdict, result.rule) == (verdict, rule), explain(result)


@pytest.mark.parametrize(("question", "verdict", "rule"), [
    ("我在深圳打工，最近连续三个纳税年度个税加起来交了二十五六万，一直在同一家公司，今年48岁。"
     "按深圳2005年人口管理那套文件，能投资纳税迁户吗？", "eligible", "shenzhen.hukou.2005"),
    ("按深圳2005年那个加强和完善人口管理工作的配套文件，我有深圳高级职业资格，高中毕业，深圳养老保险交了四年多，"
     "今年41岁。能技术技能迁户吗？", "ineligible", "shenzhen.hukou.2005"),  # 第八条第（七）项: 40周岁以下
    ("两口子来深圳大半年，孩子8岁想接过来读书。按2005年深圳暂住人口子女义务教育那个办法，现在能申请吗？",
     "ineligible", "shenzhen.compulsory_education.2005"),  # 父母在深连续居住1年以上
    ("娃今年7岁，我跟他爸在深圳打工住了三年多了，租的房子有备案，都有社保。照2005年深圳那套人口管理文件，"
     "娃能申请在深圳上小学吗？", "eligible", "shenzhen.compulsory_education.2005"),
])
def test_shenzhen_2005_routes_and_schooling_when_named(question, verdict, rule):
    parsed = parse_question(question)
    assert parsed.version_year == 2005
    result = check(parsed.place, parsed.target, parsed.facts, dt.date(2005, 12, 31), version_year=2005)
    assert (result.verdict, result.rule) == (verdict, rule), explain(result)


@pytest.mark.parametrize(("question", "fact", "value"), [
    ("两口子来深圳大半年", "residence_months", Between(7, 11)),  # 两口子 names the couple, not a marriage length
    ("我老公在深圳上班两年了", "work_months_total", 24),
    ("结婚两年了，老公是上海户口", "local_spouse_marriage_years", 2),
    ("最近连续三个纳税年度个税加起来交了二十五六万", "income_tax_3y_yuan", Between(250000, 260000)),
    ("我有深圳高级职业资格", "senior_vocational_qualification", True),
])
def test_couples_and_taxes_said_plainly(question, fact, value):
    assert parse_question(question).facts.get(fact) == value, parse_question(question).facts


@pytest.mark.parametrize(("question", "target"), [
    ("我在北京住单位宿舍，才住了十个月。积分落户的合法稳定住所这一项我能积分吗？", "points_housing"),
    ("积分落户的合法稳定就业指标我能算分吗？", "points_employment"),
    ("居住证积分里投资纳税这项能加分吗？", "points_tax"),
    ("居住证积分里社保缴费基数这项能加分吗？", "points_insurance_base"),
    ("我的上海居住证积分够120分了吗？", "points"),  # the total, not one indicator
])
def test_one_points_indicator_is_its_own_target(question, target):
    assert parse_question(question).target == target


@pytest.mark.parametrize(("question", "fact", "value"), [
    ("按我的投资份额算，最近三年每年交的税大概是8万、12万、13万", "investment_tax_avg_yuan", 110000),
    ("缴费基数是社平工资的一倍半左右", "insurance_base_percent", 150),
    ("社保缴费基数是社会平均工资的80%", "insurance_base_percent", 80),
    ("最近四年里我在上海的社保断断续续的，前后加起来大概两年半", "social_insurance_months_last_48", Between(27, 33)),
    ("我在上海的社保断断续续的，前后加起来两年半", "social_insurance_months_total", 30),  # 加起来 is no 来
])
def test_amounts_a_points_indicator_is_scored_by(question, fact, value):
    assert parse_question(question).facts.get(fact) == value, parse_question(question).facts


@pytest.mark.parametrize(("question", "verdict", "rule"), [
    ("我在北京住单位宿舍，才住了十个月。积分落户的合法稳定住所这一项我能积分吗？", "ineligible",
     "beijing.points_housing.2017"),
    ("我在北京注册了个体工商户，连续经营两年多了，社保也一直交着。积分落户的合法稳定就业指标我能算分吗？", "eligible",
     "beijing.points_employment.2017"),
    ("我在上海投资开了家公司，按我的投资份额算，最近三年每年交的税大概是8万、9万、10万。居住证积分里投资纳税这项能加分吗？",
     "ineligible", "shanghai.points_tax.2015"),  # an average of 9万
    ("最近四年里我在上海的社保累计交了三年多，缴费基数是社平工资的一倍半。居住证积分里社保缴费基数这项能加分吗？",
     "eligible", "shanghai.points_insurance_base.2015"),
])
def test_points_indicators_end_to_end(question, verdict, rule):
    result = check_question(question, dt.date(2017, 6, 1))
    assert result is not None and (result.verdict, result.rule) == (verdict, rule), explain(result)


@pytest.mark.parametrize(("question", "version"), [
    ("杭州打工五年了，临时居住证一直续着，就是我只有初中文化。能办《浙江省居住证》吗？", 2012),  # a word only 2012 uses
    ("在杭州四年了，临时居住证一直有。按杭州条例能申请浙江省居住证吗？", 2012),
    ("按河南暂住人口条例，孩子能在新乡上学吗", 2010),  # the place and its superseded 条例, words shortened
    ("按上海的办法能办居住证吗", None),  # the kind alone names no version
    ("我在杭州住了一年，能办浙江省居住证吗", None),
])
def test_a_superseded_version_named_by_its_words(question, version):
    assert parse_question(question).version_year == version


@pytest.mark.parametrize(("question", "fact", "value"), [
    ("我去年被区政府评了个荣誉称号", "honour_title", True),
    ("娃高一在老家读的，高二才转到福州", "child_high_school_years", 2),
    ("女儿高一高二在四川老家读的，高三转来重庆读", "child_high_school_years", 1),
    ("西安居住证忘了签注，已经过了三个月了，还能补签吗", "renewal_overdue_days", Between(89, 92)),
    ("我来深圳过了两年，能办居住证吗", "residence_months", 24),  # no 签注 lapsed: 过了 is time lived
    ("闺女高二转学到重庆，读到毕业是两年，她能在重庆参加高考吗", "child_high_school_years", 2),
    ("我大学毕业两年了，孩子能在重庆参加高考吗", "child_high_school_years", None),
    ("娃在郑州读初三，有郑州这边的初中正式学籍，能在郑州参加中考吗", "child_local_school_record", True),
    ("娃在郑州读初三，没有这边的学籍，能在郑州参加中考吗", "child_local_school_record", False),
    ("娃有老家县中的学籍，能在郑州参加中考吗", "child_local_school_record", None),
    ("持有正式的《浙江省居住证》，能申请把户口转到杭州吗", "holds_permit", True),
    ("去年被评为杭州市劳动模范，能申请把户口转到杭州吗", "model_worker_city_or_above", True),
    ("我是区里评的劳模，能申请把户口转到杭州吗", "model_worker_city_or_above", False),
    ("北京积分落户排上了，儿子今年19岁，能跟着随迁落户吗", "follower_minor", False),
    ("北京积分落户排上了，女儿12岁，能跟我一起落户吗", "follower_minor", True),
    ("北京积分落户排上了，孩子还未成年，能跟着随迁落户吗", "follower_minor", True),
    ("河南一个城区人口三十来万的小城市，我在那租房子住，能把户口迁过去吗", "city_population_wan", Between(30, 36)),
    ("洛阳城区人口80万，我在那租房子住，能把户口迁过去吗", "city_population_wan", 80),
    ("闺女25了还没结婚，跟我们一起住，她能跟着一块落户县城吗", "follower_unmarried_child", True),
    ("儿子已经结婚了，能跟着一起落户吗", "follower_unmarried_child", False),
    ("我在县城落户了，老婆能跟着一起迁过来吗", "follower_spouse", True),
    ("在上海远郊重点区域工作，也住在那边，三年了。远郊这项积分现在能算进总分吗", "remote_area_months", 36),
    ("我们原来住在朝阳，两年前搬到通州住了，北京积分落户职住区域这一项我能加分吗", "moved_out_of_core_months", 24),
    ("我们原来住在通州，两年前搬到朝阳住了，北京积分落户职住区域这一项我能加分吗", "moved_out_of_core_months", None),
    ("杭州临时居住证拿了两年多，在滨江上班，够条件换浙江省居住证没", "residence_months", Between(24, 35)),
    ("杭州临时居住证拿了两年多，在滨江上班，够条件换浙江省居住证没", "permit_holding_years", None),
    ("户口在海口美兰区，三年前搬到龙华区租房住", "non_local_hukou", False),  # the one place named
])
def test_schools_honours_and_lapses_read_from_words(question, fact, value):
    assert parse_question(question).facts.get(fact) == value, parse_question(question).facts


@pytest.mark.parametrize(("question", "verdict", "rule"), [
    ("我有上海居住证，但积分还没达到标准分值。娃在上海读初三，能在上海参加中考吗？", "ineligible",
     "shanghai.school_exams.2013"),  # said not reached, without a number
    ("有重庆居住证，女儿高一在四川老家读的，高二转来重庆读。她以后可以在重庆参加高考吗", "ineligible",
     "chongqing.gaokao.2016"),
    ("西安居住证忘了签注，已经过了三个月了，还能补签吗？", "eligible", "xian.permit_restore.2016"),
    ("出差到沈阳，一直住旅馆，前后一个半月了。按辽宁的规定我需要去办居住证吗？", "ineligible",
     "liaoning.residence_permit.2013"),
])
def test_stated_lines_school_years_and_local_articles_end_to_end(question, verdict, rule):
    result = check_question(question, dt.date(2017, 6, 1))
    assert result is not None and (result.verdict, result.rule) == (verdict, rule), explain(result)


@pytest.mark.parametrize(("question", "verdict"), [
    ("在南京市区买了套95平的商品房，一家五口住：我、老婆、两个孩子，还有我妈。五个人能都落户吗？", "ineligible"),
    ("在南京市区买了套100平的商品房，一家五口住。五个人能都落户吗？", "eligible"),  # 60 + 2 × 20
    ("在南京市区买了套65平的商品房，我和老婆孩子三个人能落户吗？", "eligible"),
])
def test_a_home_area_that_grows_with_the_people_settling(question, verdict):
    assert parse_question(question).facts.get("settling_persons") in (3, 5)
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and (result.verdict, result.rule) == (verdict, "nanjing.hukou.2011"), explain(result)


def test_a_growing_threshold_goes_with_at_least_only():
    from pydantic import ValidationError

    from qa.rules.model import Comparison

    with pytest.raises(ValidationError, match="grows_with"):
        Comparison(fact="owned_home_sqm", op="<=", value=60, label="x",
                   grows_with={"fact": "settling_persons", "above": 3, "step": 20})


@pytest.mark.parametrize(("question", "verdict"), [
    ("我是重庆巫溪农村户口，这两年一直在万州城区打零工，算下来两年多一点，没跟谁签过劳动合同，在城区租房住。"
     "能把户口落到万州城区吗？", "ineligible"),  # 万州 lies in 渝东北: three years (（六）), not the new area's two
    ("我是重庆城口农村户口，在开州城区一家市级工业园区的企业上班，签了一年的劳动合同，来了四个多月，租房住。"
     "能落开州城区户口吗？", "eligible"),  # a year's contract with an industrial-park firm
    ("我是重庆巫溪农村户口，在涪陵城区打工两年多了，租房住。能把户口落到涪陵城区吗？",
     "eligible"),  # 城市发展新区: 2 years
])
def test_chongqing_districts_decide_their_zone(question, verdict):
    facts = parse_question(question).facts
    assert facts.get("settle_in_ecological_county") is not None, facts
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None and (result.verdict, result.rule) == (verdict, "chongqing.hukou.2015"), explain(result)


def test_a_child_named_before_asks_for_her_own_permit():
    question = ("我闺女初中毕业就去长春读书了，是全日制的中专，学校给办的学籍，住学校宿舍，到现在已经读了两年了，"
                "户口一直在老家农村没动。她这种情况能申领吉林的居住证吗？")
    facts = parse_question(question).facts
    assert facts.get("studying") is True and facts.get("residence_months") == 24, facts
    result = check_question(question, dt.date(2020, 1, 1))
    assert result is not None, question
    assert (result.verdict, result.rule) == ("eligible", "jilin.residence_permit.2016"), explain(result)
    # a parent asking about a child's school still does not count the child's years as theirs
    assert "residence_months" not in parse_question("孩子在这边读书两年了，能上初中吗").facts
