"""Phrasings the fact reader understands: what is asked (the target) and the facts a question tells.

Each row is a question in everyday words and the target and facts it must yield; a fact the row maps
to None must not be read at all.
"""

from __future__ import annotations

import pytest

from qa.rules import check, check_question
from qa.rules.facts import parse_question, question_kind
from qa.rules.model import Between


@pytest.mark.parametrize(("question", "target", "facts"), [
    # the time left to the day the year is full, said after it (签注 条例第十条)
    ("在武汉住满一年还差五十来天，我想先把居住证签注办了，行吗？", "permit_renewal",
     {"days_to_renewal_date": Between(50, 60), "holds_permit": True, "residence_months": None}),
    ("我住满一年的日子是下个月十几号，还差三十多天，现在能去签注吗？", "permit_renewal",
     {"days_to_renewal_date": Between(31, 39), "residence_months": None}),
    # …下个月五号满一年，今天是六月二十号 (June has 30 days: 15 days left)
    ("我的居住证到下个月五号就满一年了，今天是六月二十号，按国家规定现在能签注吗？", "permit_renewal",
     {"days_to_renewal_date": 15, "holds_permit": True}),
    # asking to renew one's own permit says one holds it
    ("我的居住证延过一次期了，快到期了，按规定还能接着延期吗？", "permit_renewal", {"holds_permit": True}),
    # the time until a suspended permit was made up, said as "N天后才…"
    ("我的居住证忘了签注被中止了，十来天后我才去补办，居住期限还能连续算吗？", "permit_restore",
     {"renewal_overdue_days": Between(10, 12)}),
    ("居住证没签注，使用功能停了有一年多了，现在补办签注还能恢复吗？", "permit_restore",
     {"renewal_overdue_days": Between(366, 724)}),
    # 九年义务教育 is the schooling's length, not the time lived
    ("我在郑州暂住了八个月，有工作有住处，孩子能在这上九年义务教育吗？", "compulsory_education",
     {"residence_months": 8}),
    # a permit one holds (拿的是) is a circumstance; the child's school is asked
    ("我拿的是郑州市居住证，孩子今年上小学，能在郑州上学吗？", "compulsory_education", {"holds_permit": True}),
    # public housing one lives in is a circumstance; the family moving is asked
    ("我住在单位分的公租房里，女儿今年十六岁，我想把户口迁到泉州，女儿能跟我一起迁吗？", "family_settle",
     {"follower_minor": True, "follower_below_marriage_age": True}),
    ("我老家在外省，有个八岁的女儿，我落户北京以后孩子能跟着我一起落户吗？", "family_settle",
     {"follower_minor": True}),
    ("拿到了积分落户资格，我老公能不能跟着我随迁落户？按办法怎么规定的？", "family_settle",
     {"follower_spouse": True, "follower_minor": False, "follower_below_marriage_age": False}),
    # a son of 21 is under the legal marriage age (22), a daughter of 21 is not (20)
    ("我儿子21岁，没结婚，跟我住，我想把户口迁到漳州，儿子能一起迁吗？", "family_settle",
     {"follower_below_marriage_age": True, "follower_minor": False}),
    ("我女儿21岁，跟我住，我想把户口迁到漳州，女儿能一起迁吗？", "family_settle",
     {"follower_below_marriage_age": False}),
    # a county seat's 城区 is the county's, and its population said loosely
    ("我在县城买了房，那县城城区也就十来万人，能把户口迁过去吗？", "hukou",
     {"settle_in_county_town": True, "settle_in_city_district": False, "city_population_wan": Between(10, 12)}),
    # years under a 暂住证, asked a sentence after it is named
    ("我在泉州拿暂住证前后住了四年多，现在换成居住证了。以前暂住的那些年头还算居住年限吗？",
     "temporary_permit_years", {"held_temporary_permit": True}),
    # an investor's company, said with 投资办了
    ("我在天津投资办了一个小厂，有房子住，也交着社保，拿着居住证，能申请积分入户吗？", "hukou",
     {"investor_recognised": True}),
    # passports and passes where one lives
    ("我拿了苏州的居住证，想去日本旅游，能在苏州直接办护照吗？", "exit_entry_documents", {"holds_permit": True}),
    ("我在厦门有福建居住证，要去台湾定居，能在厦门办往来台湾通行证吗？", "exit_entry_documents",
     {"not_settling_in_taiwan": False}),
    # the validity asked for
    ("在大连办居住证，我想办个两年有效的，可以吗？", "permit_validity",
     {"requested_validity_months": 24, "permit_holding_years": None}),
    ("杭州的临时居住证，有效期能直接写成四年吗？", "permit_validity", {"requested_validity_months": 48}),
    # points indicators asked on their own
    ("我在上海的社区养老院做护理，算特定的公共服务领域，已经干了六年，这几年能计入总积分吗？",
     "points_public_service", {"public_service_months": 72}),
    ("我学的专业属于上海紧缺急需专业，现在的工作专业对口，紧缺专业这一项能加分吗？", "points_shortage_major",
     {"shortage_major": True, "job_matches_major": True}),
    # 南京 溧水、高淳 (准入 第三条)
    ("按南京的户籍准入办法，我在溧水一家公司上班三年了，租房住，能把户口落到溧水吗？", "hukou",
     {"settle_in_lishui_gaochun": True, "employed": True}),
])
def test_target_and_facts(question, target, facts):
    parsed = parse_question(question)
    assert parsed.target == target
    for name, value in facts.items():
        if value is None:
            assert name not in parsed.facts, (name, parsed.facts)
        elif isinstance(value, Between):
            got = parsed.facts[name]
            assert isinstance(got, Between) and (got.low, got.high) == (value.low, value.high), got
        else:
            assert parsed.facts.get(name) == value, (name, parsed.facts)


@pytest.mark.parametrize("question", [
    "我在上海公立医院当保洁，算特定公共服务领域就业，干了两年了，这两年能算进总积分吗？",
    "我的成都居住证忘了做信息确认被中止了，半个月后才去补确认，居住期限还能连续算吗？",
    "我在沈阳办居住证，想一次办个四年有效的，按辽宁的规定可以吗？",
])
def test_counting_questions_with_the_deciding_fact_are_cases(question):
    assert question_kind(question).is_case


@pytest.mark.parametrize(("question", "place", "verdict"), [
    ("我在上海公立医院当保洁，算特定公共服务领域就业，干了两年了，这两年能算进总积分吗？", "上海", "ineligible"),
    ("在鞍山办居住证，我想一次办个三年有效的，按辽宁的规定可以吗？", "鞍山", "eligible"),
    ("我在长春住满一年还差十来天，想把居住证签注办了，按吉林的规定现在能办吗？", "长春", "eligible"),
])
def test_checked_verdicts(question, place, verdict):
    parsed = parse_question(question)
    result = check(parsed.place or place, parsed.target, parsed.facts, "2017-06-01")
    assert result.verdict == verdict, (parsed, result.trace)


@pytest.mark.parametrize(("question", "target", "fact"), [
    ("我2014年在长春办的旧居住证到期了，人还在长春，按新办法重新申领的话，以前住的年头能连着算吗？",
     "old_permit_years", "held_old_permit"),
    ("按成都2011年的规定，我的居住证签发满十二个月了，今天去做信息确认是不是正好？", "permit_renewal", "holds_permit"),
])
def test_yearly_check_and_old_permit_questions_are_cases(question, target, fact):
    parsed = parse_question(question)
    assert parsed.target == target and parsed.facts.get(fact) is True
    assert question_kind(question).is_case


@pytest.mark.parametrize(("question", "facts", "verdict"), [
    ("我拿着《浙江省居住证》，前年离开杭州回了老家，社保停了八个月了，这个证会不会被注销？",
     {"still_resident": False, "insurance_stopped_months": 8}, "ineligible"),
    ("我在南京办的居住证，工作调到苏州了，人也搬到苏州了，原来的证还能接着用吗？",
     {"moved_within_province": True, "holds_permit": True}, "eligible"),
])
def test_whether_a_permit_stays_in_use(question, facts, verdict):
    parsed = parse_question(question)
    assert parsed.target == "permit_kept"
    assert all(parsed.facts.get(name) == value for name, value in facts.items()), parsed.facts
    assert check(parsed.place, parsed.target, parsed.facts, "2014-01-01").verdict == verdict


def test_whether_a_permit_stays_in_use_is_named_only_where_a_rule_models_it():
    assert parse_question("我在西安办的居住证，现在工作调到宝鸡了，原来那个证还能接着用吗").target != "permit_kept"


@pytest.mark.parametrize(("question", "target", "facts"), [
    # false papers and when (上海 积分 第二十二条, 北京 积分 第十条)
    ("三年前我申请上海积分时交了假的学历证书，被认定情节严重，现在还能申请积分吗？", "points_apply",
     {"no_false_materials": False, "false_materials_years_ago": 3}),
    # a child who settled with the parent (天津 第三十八条)
    ("我取得了天津积分入户资格，儿子也跟着随迁落户了，他能在天津参加高考吗？", "gaokao", {"child_settled_hukou": True}),
    # relatives joining the asker: a child joins the parents, the parents join their child
    ("女儿二十五岁还没结婚，我们在南京有房有家庭户口，她能把户口投靠到我们这儿吗？", "hukou",
     {"joins_parent": True, "joins_child": False, "unmarried": True}),
    ("爸爸六十二岁、妈妈五十八岁，想把他们户口投靠到我这儿，南京可以吗？", "hukou",
     {"joins_child": True, "joins_parent": False, "senior": True}),
    # a county-level city's 市区 is a county-level zone (国办发〔2011〕9号 二（三）)
    ("我在县级市的市区上班租房，按国务院办公厅2011年的通知能落户吗？", "hukou",
     {"settle_in_county_town": True, "settle_in_city_district": False}),
    # an adult child moving with the one who settles
    ("我积分入户广州以后，二十岁在外地读大学的女儿能一起把户口迁过来吗？", "family_settle", {"follower_minor": False}),
])
def test_widened_phrasings(question, target, facts):
    parsed = parse_question(question)
    assert parsed.target == target
    assert {name: parsed.facts.get(name) for name in facts} == facts, parsed.facts


@pytest.mark.parametrize(("question", "target"), [
    ("我爸七十多了腿脚不好，跟我在西安住了一年多，他自己没法去派出所。我能替他去办居住证吗？", "permit_by_proxy"),
    ("我奶奶八十岁坐轮椅，在石家庄住了半年，我能代办居住证吗？", "permit_by_proxy"),
    ("帮我妈办上海居住证，她在上海住了一年，能办吗？", "residence_permit"),  # her own conditions are asked
])
def test_someone_else_applying(question, target):
    assert parse_question(question).target == target


@pytest.mark.parametrize(("question", "facts"), [
    # 无锡 is a place, not a negation (无)
    ("我在无锡办了居住证，孩子一直跟我们住在无锡读初中，他能在无锡参加中考吗？", {"holds_permit": True}),
    # the time a permit has stood suspended (深圳 办理规定 第二十条)
    ("我深圳的居住证因为没按时签注被停用了，已经停了五个月。现在去补签注，证还能恢复吗？",
     {"renewal_overdue_days": 150}),
])
def test_place_names_and_suspensions(question, facts):
    parsed = parse_question(question)
    assert {name: parsed.facts.get(name) for name in facts} == facts, parsed.facts


@pytest.mark.parametrize(("question", "facts"), [
    # the relative named first joins the asker, not a child mentioned on the way
    ("我妈今年57，爸爸也快六十了，身边也没别的孩子，想投奔我，把户口迁到南京来，可以吗？", {"joins_child": True}),
    # 城区一百多万人 is more than a hundred 万, not one
    ("我在洛阳（城区一百多万人）上班，社保交了一年，按河南的意见能落户吗？", {"city_population_wan": None}),
    ("我在河南一个城区七八十万人的地级市上班，社保也交着，租房住，能落户吗？", {"city_population_wan": 80}),
])
def test_relatives_and_city_sizes(question, facts):
    parsed = parse_question(question)
    assert {name: parsed.facts.get(name) for name in facts} == facts, parsed.facts


@pytest.mark.parametrize(("question", "verdict"), [
    # 条例第十条第三款 / 北京 第十四条: the years count from the day the 签注 was made up
    ("北京居住证签注晚了才补办，补办之前住的那几年还能跟后面连起来算吗？", "ineligible"),
    # 江苏 第十二条: joined when made up within 30 days; how late is not said
    ("苏州的居住证签注晚了，补签之前的居住期限还能接着算吗？", "insufficient_info"),
    ("苏州的居住证签注晚了二十来天，补签之前的居住期限还能接着算吗？", "eligible"),
])
def test_years_before_a_late_renewal(question, verdict):
    assert check_question(question).verdict == verdict


@pytest.mark.parametrize(("question", "verdict"), [
    # 北京 积分 第四条第（四）项 asks for no criminal record; a 行政拘留 only takes points off (第八条)
    ("我有北京居住证，40岁，在北京社保连续交了8年，前年因为打架被行政拘留过一次。能申请积分落户吗？", "eligible"),
    ("我有北京居住证，40岁，在北京社保连续交了8年，以前判过刑。能申请积分落户吗？", "ineligible"),
])
def test_an_administrative_detention_is_no_criminal_record(question, verdict):
    assert check_question(question).verdict == verdict


@pytest.mark.parametrize(("question", "verdict"), [
    ("我在兰州办的居住证，现在搬到天水了，原来的居住证还有效吗？", "eligible"),  # 甘肃 第十六条
    ("我在保定办的居住证，工作调到石家庄了，需要重新申领居住证吗？", "ineligible"),  # 河北 第十七条
    ("我在长春办了居住证，搬到吉林市后还要重新申请吗？", "eligible"),  # 吉林 第十八条
])
def test_a_permit_after_a_move(question, verdict):
    parsed = parse_question(question)
    assert parsed.target == "permit_kept"
    assert check_question(question).verdict == verdict
