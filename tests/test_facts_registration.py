"""Household-registration questions: the matter asked, the facts read from everyday words, and the route.

Each matter is read only where a rule models it (the 户口登记条例's everywhere, 上海's and 南京's in
those cities); a question about how a rule reads still goes to the documents.
"""

from __future__ import annotations

import pytest

from qa.rules import check_question
from qa.rules.facts import parse_question, question_kind
from qa.rules.facts_registration import DECIDING_FACTS
from qa.rules.registration import REGISTRATION_TARGETS


def test_every_registration_matter_has_its_deciding_facts():
    assert set(DECIDING_FACTS) == set(REGISTRATION_TARGETS)


@pytest.mark.parametrize(("question", "target", "facts"), [
    # 出生登记: the time since birth, in months (days and weeks converted; 快 one month short)
    ("宝宝出生20天了还没报出生登记，按户口登记条例算晚了吗？", "birth_registration", {"months_since_birth": 0.67}),
    ("孩子生下来两个月了才去派出所上户口，我们这算按时报的吗？", "birth_registration", {"months_since_birth": 2}),
    ("孩子出生快一年了，还没报出生登记，按户口登记条例还来得及吗？", "birth_registration", {"months_since_birth": 11}),
    # 迁入登记: the day count and whether the place moved to is the countryside
    ("迁移证办好了，我搬到县城第二天，现在去派出所报入户口来得及吗？", "move_in_registration",
     {"days_since_arrival": 2, "moved_to_countryside": False}),
    ("户口迁到老家农村，人到了已经6天，还没申报迁入登记，我这样符合期限吗？", "move_in_registration",
     {"days_since_arrival": 6, "moved_to_countryside": True}),
    # 变更姓名: who applies
    ("我十六岁，想自己去派出所申请改名，可以吗？", "name_change", {"applies_in_person": True, "age_years": 16}),
    ("我儿子19岁了，我想替他去派出所改名，按户口登记条例可以吗？", "name_change",
     {"applies_as_parent": True, "applies_in_person": False, "age_years": 19}),
])
def test_national_registration_matters_and_their_facts(question, target, facts):
    parsed = parse_question(question)
    assert parsed.target == target
    assert {name: parsed.facts.get(name) for name in facts} == facts


@pytest.mark.parametrize(("question", "target", "facts"), [
    ("我是上海户口，想把户口迁到我爸妈家，房子是我妈名下的，她也同意，能迁吗？", "relative_move_in",
     {"local_urban_hukou": True, "relative_is_lineal": True, "relative_holds_home": True, "holder_consents": True}),
    ("我是上海非农户口，想把户口迁进我表哥家，他是产权人，但他还没答应，按上海规定能迁吗？", "relative_move_in",
     {"relative_is_lineal": False, "holder_consents": False}),
    ("我是上海户口，离婚了，想把户口迁到我姑姑家，她是房主，也同意了，能迁吗？", "relative_move_in",
     {"relative_is_lineal": False, "special_move_reason": True}),
    ("我是上海的非农业户口，奶奶在上海有自己的房子，她同意我把户口迁到她那里，可以吗？", "relative_move_in",
     {"local_urban_hukou": True, "relative_is_lineal": True, "relative_holds_home": True, "holder_consents": True}),
    ("我们一家住在上海一套三室一厅里，我想申请分户，按上海的规定能办吗？", "household_split",
     {"home_not_self_contained": False}),
    ("我在上海住的是老式里弄，和前妻已经分开过了，想单独立户，可以吗？", "household_split",
     {"home_not_self_contained": True, "lives_independently": True}),
    ("我是上海的集体户口，考进了上海一所全日制大学，户口能迁到学校的集体户吗？", "student_collective_hukou",
     {"collective_hukou_member": True, "admitted_local_college": True}),
    ("我女儿的爸爸是上海户口，孩子出生三个月了，在上海能报出生登记吗？", "birth_registration",
     {"parent_local_hukou": True, "months_since_birth": 3}),
])
def test_shanghai_registration_matters(question, target, facts):
    parsed = parse_question(question)
    assert parsed.target == target
    assert {name: parsed.facts.get(name) for name in facts} == facts


@pytest.mark.parametrize(("question", "facts"), [
    ("我在南京租的是单位的公房，有租赁使用证明，这算合法固定住所吗？", {"public_housing_lease": True}),
    ("我在南京市区买了套二手房，房产证已经办下来了，按准入办法算合法固定住所吗？", {"title_deed_home": True}),
    ("我在南京住的是跟房东租的民房，这算得上合法固定住所吗？",
     {"title_deed_home": False, "public_housing_lease": False}),
])
def test_nanjing_fixed_residence(question, facts):
    parsed = parse_question(question)
    assert parsed.target == "fixed_residence"
    assert {name: parsed.facts.get(name) for name in facts} == facts


@pytest.mark.parametrize(("question", "facts", "verdict"), [
    ("我被南京一家公司作为专业技术人员引进，我爱人和孩子能随迁吗？",
     {"enterprise_talent": True, "follower_spouse_or_child": True}, "eligible"),
    ("我是南京引进的紧缺人才，户口正在办，我爸妈能跟着我一起迁过去吗？",
     {"talent_recognised": True, "follower_spouse_or_child": False, "follower_parent": True}, "ineligible"),
])
def test_nanjing_family_of_people_brought_in(question, facts, verdict):
    parsed = parse_question(question)
    assert parsed.target == "family_settle"
    assert {name: parsed.facts.get(name) for name in facts} == facts
    assert check_question(question).verdict == verdict


@pytest.mark.parametrize("question", [
    # no rule models these matters for the place: the old route stays
    "我是北京户口，想把户口迁到我岳父家，他是产权人也同意，能迁吗？",
    "我在深圳租的房子，这算合法固定住所吗？",
    "我在北京住的是一套两室一厅，想申请分户，可以吗？",
])
def test_a_matter_no_rule_models_for_the_place_is_not_routed_to_it(question):
    assert parse_question(question).target not in {"relative_move_in", "fixed_residence", "household_split"}


@pytest.mark.parametrize(("question", "verdict"), [
    ("我搬进城里的新家已经第四天了，还没去报入户口，按户口登记条例还算在期限里吗？", "ineligible"),
    ("我户口迁到村里，到了才第九天，现在去乡里报入户口，按户口登记条例来得及吗？", "eligible"),
    ("孩子生下来已经三个星期了，还没报出生登记，按户口登记条例还算按时报的吗？", "eligible"),
    ("孩子出生四十天了还没报出生登记，按户口登记条例还算在期限内吗？", "ineligible"),
    ("我是上海户口，想迁到我舅舅家，他是那套房子的产权人，也答应了，能迁吗？", "ineligible"),
])
def test_registration_cases_get_a_verdict(question, verdict):
    assert question_kind(question).is_case
    result = check_question(question)
    assert result is not None and result.verdict == verdict


@pytest.mark.parametrize("question", [
    "户口登记条例规定婴儿出生后多长时间内要申报出生登记？",
    "迁入登记的期限在城市和农村有什么区别？",
    "上海常住户口管理规定里，独立成套住宅能分户吗？",
])
def test_questions_about_how_a_rule_reads_are_not_cases(question):
    assert not question_kind(question).is_case


@pytest.mark.parametrize(("question", "verdict"), [
    # 户口登记条例 第七条: who reports a birth
    ("邻居家生了孩子，他们夫妻都在外地住院，我作为邻居能替他们去报出生登记吗？", "eligible"),
    ("福利院收留了一个被遗弃的男婴，我们福利院可以给他申报出生登记吗？", "eligible"),
    # 第十三条第二款: without a migration certificate
    ("我转业回地方，迁移证没有，团部给开了证件，能拿这个去申报迁入吗？", "eligible"),
    ("我刑满释放回家，没有迁移证，只有监狱给的释放证明，能去派出所报户口吗？", "eligible"),
    # 第十四条: on probation or parole
    ("我假释出来了，想把户口迁去外省，法院已经批准了，能办迁出吗？", "eligible"),
    ("我还在缓刑期间，没经过任何批准，能去把户口迁走吗？", "ineligible"),
    # 第十六条: away from home for more than three months
    ("我因为私事在外地住了两个月，没申请延长，按户口登记条例合规吗？", "eligible"),
    ("我在外地暂住了半年，一直没去申请延长时间，按户口登记条例合规吗？", "ineligible"),
    # 居住证暂行条例 第十五条; 国发〔2014〕25号 （十二）
    ("我有居住证，已经够落户条件了，是不是必须把户口迁过来？", "eligible"),
])
def test_more_registration_cases_get_a_verdict(question, verdict):
    result = check_question(question)
    assert result is not None and result.verdict == verdict


@pytest.mark.parametrize(("question", "target", "verdict"), [
    # 上海 第十八条: an agricultural hukou brings the spouse and minor children only
    ("我是上海的农业户口，去年买了商品房，我15岁的女儿能一起把户口迁进新房吗？", "home_move_in", "eligible"),
    # 上海 第二十六条: the grounds for a new name
    ("我是上海户口，名字里有个冷僻字，很多系统打不出来，能申请改名吗？", "name_change", "eligible"),
    # 南京 第四十四条 and 第一百零七条
    ("我们都是南京户口，宝宝刚出生，想让他随外公姓，报户口时可以吗？", "surname_choice", "ineligible"),
    ("我是南京户口，名字谐音不好听，可我两年前已经改过名了，现在还能再改吗？", "name_change", "ineligible"),
])
def test_city_registration_matters_get_a_verdict(question, target, verdict):
    assert parse_question(question).target == target
    result = check_question(question)
    assert result is not None and result.verdict == verdict


@pytest.mark.parametrize(("question", "target", "verdict"), [
    # 户口登记条例 第八条、第十七条
    ("楼下独居的老人过世了，没有家属在身边，我作为邻居能去派出所替他申报死亡登记吗？", "death_reporter", "eligible"),
    ("我不是户主，我同事户口本上的婚姻状况一直没改，我能替他去派出所申报变更吗？", "record_change", "ineligible"),
    # 河南 实施意见: 父母随同落户; 南京 细则 第七十四条: 市内投靠
    ("我在河南一个县城买了房落了户，按河南省户籍制度改革的实施意见，我爸妈能跟着我一起落户吗？",
     "family_settle", "eligible"),
    ("我是南京户口，想把户口迁到我岳父家，他也同意，按南京的常住户口登记细则可以吗？", "relative_move_in", "eligible"),
])
def test_reporters_and_relatives_get_a_verdict(question, target, verdict):
    assert parse_question(question).target == target
    result = check_question(question)
    assert result is not None and result.verdict == verdict


@pytest.mark.parametrize(("question", "target", "verdict"), [
    # 上海 第二十九条、第三十七条、第三十九条、第四十一条; 南京 第一百零九条
    ("我是上海户口，户口簿上的生日跟出生证上的不一致，能去派出所改过来吗？", "birth_date_change", "eligible"),
    ("我是南京户口，想把出生日期改大一岁好早点退休，可以吗？", "birth_date_change", "ineligible"),
    ("我是上海户口，离婚后原来的房子归了对方，我没地方落户，能申请在公共户登记吗？", "public_household",
     "eligible"),
    ("我是上海户口，在浦东自己有一套房，单位也同意，能把户口迁进公司的集体户吗？", "work_collective_hukou",
     "ineligible"),
    ("我是上海户口，想把户口和我妈的并户，可我哥不同意，能办吗？", "household_merge", "ineligible"),
])
def test_more_city_registration_matters_get_a_verdict(question, target, verdict):
    assert parse_question(question).target == target
    result = check_question(question)
    assert result is not None and result.verdict == verdict


@pytest.mark.parametrize(("question", "target", "verdict"), [
    ("我是上海户口，户主是我爷爷，他前年过世了，家里想把户主改成我爸，可以吗？", "householder_change", "eligible"),
    ("我是南京户口，今年26岁，一直随父亲登记汉族，想改成我妈的蒙古族，可以吗？", "ethnicity_change", "ineligible"),
    ("我是上海户口，已经做完变性手术了，能去派出所变更性别吗？", "sex_change", "eligible"),
    ("我要把户口迁到边防地区，还没经过公安机关批准，能直接去办迁出吗？", "move_out", "ineligible"),
])
def test_registered_items_and_border_moves_get_a_verdict(question, target, verdict):
    assert parse_question(question).target == target
    result = check_question(question)
    assert result is not None and result.verdict == verdict


@pytest.mark.parametrize(("question", "verdict"), [
    ("我是上海户口，明年要出国留学三年，户口会被注销吗？能保留吗？", "eligible"),
    ("我是上海户口，已经移民加拿大拿了那边国籍，上海的户口还能保留吗？", "ineligible"),
])
def test_shanghai_hukou_kept_abroad(question, verdict):
    assert parse_question(question).target == "hukou_kept"
    result = check_question(question)
    assert result is not None and result.verdict == verdict
