"""When to refuse: the checks of qa/answering/refusal.py on hand-made chunks, then questions on the real pack."""

from __future__ import annotations

import pytest

from qa.answering import compose as answer
from qa.answering import refusal
from qa.answering.understand import understand
from qa.text.segment import tokenize
from qa.types import RetrievedChunk
from tests.handmade import flat_scorer, hit

ARTICLE_9 = ("申领居住证，应当向居住地公安派出所或者受公安机关委托的社区服务机构提交本人居民身份证、"
             "本人相片以及就业证明材料。")


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
    q = understand("出国留学的签证和机票怎么准备")
    scorer = flat_scorer(ARTICLE_9, "出国留学 签证 机票 准备")  # the corpus knows the words; the hit lacks them
    weights = scorer.weights(tokenize(q.text), tokenize(" ".join(q.expansions)))
    verdict = refusal.before_answer(q, [_hit(ARTICLE_9, dense=0.0)], weights, scorer, newest_year=2016)
    assert verdict.reason == "检索到的内容与问题关系不大" and verdict.support < refusal.DEFAULT_MIN_SUPPORT


def test_a_place_without_documents_is_refused_by_name() -> None:
    assert "拉萨市" in _check("拉萨申领居住证要提交哪些材料").reason


def test_a_year_after_every_document_is_refused() -> None:
    assert "2025年" in _check("2025年申领居住证要提交哪些材料").reason


def test_words_no_document_uses_do_not_lower_support() -> None:
    """打零工 and 城中村 are in no document: support is judged on the words the corpus knows."""
    q = understand("为啥打零工住城中村的人申领居住证难")
    scorer = flat_scorer(ARTICLE_9)
    weights = scorer.weights(tokenize(q.text), tokenize(" ".join(q.expansions)))
    verdict = refusal.before_answer(q, [_hit(ARTICLE_9)], weights, scorer, newest_year=2016)
    assert verdict.reason is None and verdict.support > 0.5


@pytest.mark.parametrize(("question", "sentence", "refused"), [
    ("骗领居住证罚多少钱", "处200元以下罚款。", False),
    # A sum asked for what is free is answered by the no-charge clause, unless the case asked differs.
    ("居住证工本费要多少钱", "首次申领居住证，免收证件工本费。", False),
    ("补办居住证要多少钱", "首次申领居住证，免收证件工本费。换领、补领居住证，应当缴纳证件工本费。", True),
    ("签注要花多少钱", "首次申领免收工本费，换领、补领应当缴纳工本费。办理签注不得收取费用。", False),
    ("办居住证拍证件照要多少钱", "首次申领居住证，免收证件工本费。", True),
    # A sum stated and asked to be confirmed is asked for; 一块 (together) is no sum.
    ("居住证补领工本费是20块钱吗", "换领、补领居住证，应当缴纳证件工本费。", True),
    ("骗领居住证是罚200元吗", "处200元以下罚款。", False),
    ("孩子能跟我一块落户吗", "其未成年子女可以随迁落户。", False),
    ("办居住证的照片要几寸的", "提交本人近期证件照片。", True),
    ("江西办居住证照片要几寸", "提交1寸彩色相片2张。", False),
    ("居住证几天能办好", "应当自受理之日起15日内发放居住证。", False),
    ("在天津办居住证要交几张照片", "提交本人近期证件照片。", True),
    ("在天津办居住证要交几张照片", "提交近期一寸照片2张。", False),
    ("居住证过期了罚款多少", "处警告。", True),
    ("看病报销比例是多少", "按规定报销。", True),
    ("看病报销比例是多少", "报销比例为70%。", False),
    ("到2020年要让多少人在城镇落户", "努力实现1亿左右农业转移人口和其他常住人口在城镇落户。", False),
    ("积分入户指标总量是多少人", "第三十七条 市人力社保局于每年6月、12月公布积分入户人员名单。", True),
    ("跨县市居住半年以上的有多少人", "全国跨县（市、区）居住半年以上的人口达到１．７０５６亿。", False),
    # 多少 before the fee word asks a sum as 工本费多少 does
    ("补办居住证要交多少工本费", "换领或者补领的，应当按照规定缴纳证件工本费。", True),
    # how points are scored is answered by the points, not by a clause that a scheme exists
    ("苏州积分入学怎么算分", "居住证持有人可以按照规定申请积分入学。", True),
    ("北京积分落户怎么加分", "申请人年龄不超过45周岁的，加20分。", False),
    # 一 of 进一步 followed by 暂住人口 is no head count
    ("全国一共有多少人办了居住证", "要进一步完善暂住人口登记制度，逐步在全国范围内实行居住证制度。", True),
    ("每年落户多少人", "今年共有3200人落户。", False),
    ("每年要交多少年费", "金融服务费按人民银行规定执行。", True),
    ("补办的工本费是多少", "应当缴纳证件工本费。", True),
    # a fee asked is not stated by a fine, nor a fine by a fee
    ("以前办暂住证工本费是多少", "由公安派出所处以五十元以下罚款或警告。", True),
    ("以前办暂住证工本费是多少", "暂住证工本费每证5元。", False),
    ("骗领居住证罚多少钱", "补领居住证，应当缴纳工本费20元。", True),
    ("骗领居住证罚多少钱", "处以500元以上，1000元以下的罚款。", False),
    # the time an office takes is written in days; a standard score asked is in 分
    ("居转户交了材料要审多久", "申请人应当提交近期照片。", True),
    ("交了材料多久能拿到居住证", "应当自受理之日起15日内制作发放居住证。", False),
    ("交了材料多久能拿到居住证", "公安派出所应自受理之日起10个工作日内发放居住证。", False),
    ("积分入户的标准分是多少", "建立居住证积分入户制度。", True),
    ("积分入户的标准分是多少", "总积分标准分值为120分。", False),
    ("落户分数线是多少", "市政府每年向社会公布积分落户分值。", True),
    ("异地看病医保能报销多少比例", "完善异地就医结算办法。", True),
    ("What is the fee to replace a lost permit?", "应当缴纳证件工本费。", True),
    ("How many points do I need?", "申请人年龄不超过45周岁的，加20分。", False),
    ("积分入户每年的名额有多少个", "年度指标总量纳入人口计划。", True),
    ("几个城市的居住证比下来差别在哪", "各地的居住证制度可以概括为门槛高低不同。", False),
    ("积分入户的名额有多少个", "积分落户是流动人口尤为关注的一个方面。", True),
    # a case named only in words the documents do not use (丢了补一张) is named by their synonyms
    ("重庆居住证丢了补一张要多少钱", "首次申领居住证，免收证件工本费。换领、补领居住证，应当缴纳证件工本费。", True),
    ("第一次办居住证要多少钱", "首次申领居住证，免收证件工本费。", False),
    # a figure in no unit of its own (总数是多少, 便宜多少, 多大) is answered by a number
    ("广州积分入户的指标总数是多少", "根据年度积分制入户指标总量确定拟入户人员名单。", True),
    ("广州积分入户的指标总数是多少", "年度积分制入户指标总量为6000人。", False),
    ("拿居住证考驾照，考试费能便宜多少", "居住证持有人在居住地可以申领机动车驾驶证。", True),
    ("南京买房落户，房子至少要多大", "在我市市区购买成套商品住宅房60平方米以上。", False),
    # a yes-or-no question is answered without a number
    ("中等城市落户能要求我买多大面积的房子吗", "对合法稳定住所不得设置住房面积、金额等要求。", False),
])
def test_a_figure_asked_for_must_be_given(question: str, sentence: str, refused: bool) -> None:
    # The documents' words: 补办 names a case, as it does in the index's vocabulary.
    vocabulary = {"补办", "签注", "证件", "照片", "首次"}
    reason = refusal.after_evidence(understand(question), [answer.Evidence(sentence, _hit(sentence), 1.0)], vocabulary)
    assert (reason is not None) == refused


@pytest.mark.parametrize(("question", "reason"), [
    ("办居住证的派出所周末上班吗", "办公时间"),
    ("办居住证要打哪个电话咨询", "联系电话"),
    ("居住证可以在哪个手机APP上申请", "手机应用"),
    ("办居住证一般要排队多久", "排队等候的时间"),
    ("派出所办居住证一般要排多久的队", "排队等候的时间"),
    ("居住证积分有没有咨询电话，号码是多少", "联系电话"),
    ("受理点具体在什么地址", "办理地点的地址"),
    ("积分模拟估分的网站网址是什么", "网址"),
    ("居住证签注能在手机上办吗", "手机应用"),
    ("居住证网上咋预约办理", "网上办理方式"),
    ("居住证的照片能戴眼镜拍吗", "照片的规格"),
])
def test_service_details_the_documents_do_not_state_are_refused(question: str, reason: str) -> None:
    assert (refusal.missing_service_details(understand(question), [_hit(ARTICLE_9)]) or [None])[0] == reason


def test_a_systems_name_is_not_a_web_address() -> None:
    system = "可通过互联网登录上海市居住证积分管理信息系统，进行网上模拟估分。指标体系通过政府网站公布。"
    assert refusal.missing_service_details(understand("积分模拟估分的网址是什么"), [_hit(system)]) == ["网址"]
    assert refusal.missing_service_details(understand("积分能在网上模拟估分吗"), [_hit(system)]) == []


def test_an_education_background_is_not_a_photo_background() -> None:
    points = "（三）教育背景指标及分值：大学本科学历并取得学士学位15分。"
    assert refusal.missing_service_details(understand("居住证照片要啥底色的"), [_hit(points)]) == ["照片的底色"]
    photo = "提交本人近期1寸白底免冠彩色照片2张。"
    assert refusal.missing_service_details(understand("居住证照片要啥底色的"), [_hit(photo)]) == []


def test_a_service_detail_a_chunk_states_is_not_refused() -> None:
    hours = "受理时间为工作日9:00至17:00。"
    assert refusal.missing_service_details(understand("办居住证的派出所几点下班"), [_hit(hours)]) == []


def test_a_service_detail_is_stated_by_the_asked_places_documents_only() -> None:
    online = "申报义务人可以通过网络申报居住登记信息。"
    question = understand("武汉居住证能在网上申请吗")
    assert refusal.missing_service_details(question, [hit(online, region="上海市")]) == ["网上办理方式"]
    assert refusal.missing_service_details(question, [hit(online, region="武汉市")]) == []
    assert refusal.missing_service_details(question, [hit(online, region="全国")]) == []
    assert refusal.missing_service_details(understand("居住证能在网上申请吗"), [hit(online, region="上海市")]) == []


@pytest.mark.parametrize(("question", "found"), [
    ("日本的在留卡有效期多久", "日本"),
    ("明年居住证政策会有什么变化", "以后"),
    ("深圳以后会不会放宽到交社保6个月就能办", "以后"),
    ("中国什么时候会彻底取消户口制度", "以后"),
    ("以后居住证会不会全国通用，哪年能实现", "以后"),
])
def test_other_countries_and_the_future_are_out_of_scope(question: str, found: str) -> None:
    assert found in refusal.out_of_scope(understand(question), [_hit(ARTICLE_9)])


def test_after_is_not_the_future() -> None:
    assert refusal.out_of_scope(understand("办了居住证以后会有什么好处"), [_hit(ARTICLE_9)]) is None
    assert refusal.out_of_scope(understand("办了居住证以后会不会被注销"), [_hit(ARTICLE_9)]) is None


@pytest.mark.parametrize("question", ["我该去上海还是去深圳发展，哪边以后更容易落户",
                                      "居住证跟户口比哪个更划算，你帮我分析分析"])
def test_advice_for_oneself_is_not_what_the_documents_say(question: str) -> None:
    assert "不提供个人意见或建议" in refusal.out_of_scope(understand(question), [_hit(ARTICLE_9)])


@pytest.mark.pack
@pytest.mark.parametrize(("question", "refused"), [
    ("上海积分办法2018年到期以后有没有延长", True),  # no newer version in the pack
    ("天津居住证管理办法2020年到期以后换成什么新规定了", True),
    ("上海2004年的居住证暂行规定失效以后换成啥了", False),  # its successor, the 2013 办法, is in the pack
])
def test_what_came_after_a_document_ended_needs_its_successor(bot, question: str, refused: bool) -> None:
    ans = bot.ask(question)
    assert ("到期或失效以后" in ans.text) == refused, ans.text


def test_a_city_whose_province_has_no_documents_is_refused() -> None:
    """东莞 has no documents and neither has 广东省: nothing stands in for it (兰州 → 甘肃省 does)."""
    q = understand("东莞办居住证要什么条件")
    scorer = flat_scorer(ARTICLE_9)
    weights = scorer.weights(tokenize(q.text))
    regions = frozenset({"全国", "深圳市", "广州市", "甘肃省"})
    assert "东莞市" in refusal.before_answer(q, [_hit(ARTICLE_9)], weights, scorer, 2016, regions=regions).reason
    q = understand("兰州办居住证要什么条件")
    assert refusal.before_answer(q, [_hit(ARTICLE_9)], scorer.weights(tokenize(q.text)), scorer, 2016,
                                 regions=regions).reason is None


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
    "办居住证的派出所周末上班吗",
    "日本的在留卡有效期多久",
])
def test_questions_the_documents_do_not_answer_are_refused(bot, question: str) -> None:
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
    "老人行动不便可以让家人代办居住证吗",
    "居住证卡片是什么材质做的",
    "2014年户籍改革意见提出到2020年要让多少人在城镇落户？",
])
def test_colloquial_answerable_questions_are_answered(bot, question: str) -> None:
    ans = bot.ask(question)
    assert not ans.refused and ans.citations, ans.text


CORPUS = "居住证持有人可以办理出入境证件、机动车驾驶证，乘坐公共交通工具享受优惠，申请公共租赁住房，开通银行金融服务。"


@pytest.mark.parametrize(("question", "word"), [
    ("拿居住证能在银行办信用卡吗", "信用卡"),
    ("持居住证能在当地买彩票吗", "彩票"),
    ("居住证能办出入境证件吗", None),        # the documents list it
    ("居住证坐公交能优惠吗", None),           # 公交 is a synonym of 公共交通
    ("部门利益是怎么卡住居住证落地的？能举个例子吗", None),  # 能 asks for an example, not a use
    ("信用卡怎么申请", None),                 # not about what a permit can be used for
])
def test_a_use_of_the_permit_no_document_mentions(question: str, word: str | None) -> None:
    assert refusal.unmentioned_use(understand(question), CORPUS, set()) == word


FEES = "首次申领居住证，免收证件工本费。中等职业教育免学费。金融服务费按人民银行规定收取。邮寄费用由申领人承担。"


@pytest.mark.parametrize(("question", "fee"), [
    ("郑州IC卡居住证每年要交年费吗", "年费"),
    ("深圳居住证邮寄到家快递费要多少", "快递费"),
    ("拿居住证考驾照，考试费能便宜多少", "考试费"),
    ("随迁子女上中职要交学费吗", None),       # the documents name it
    ("天津制证的公本费谁出", None),            # a typo of 工本费 still meets 本费
    ("暂住登记的凭证要收费吗", None),          # 收费, 交费: verbs, not a fee's name
    ("办居住证要交费吗", None),
    ("深圳居住证寄到家的邮费谁出", None),     # 邮寄费用
])
def test_a_fee_no_document_names(question: str, fee: str | None) -> None:
    assert refusal.unmentioned_fee(understand(question), FEES) == fee


DELEGATING = "根据本市综合承载能力和经济社会发展需要，建立完善积分落户制度，具体办法另行制定。"


@pytest.mark.parametrize(("question", "refused"), [
    ("西安积分落户具体怎么打分", True),  # the details are left to a rule the documents do not hold
    ("西安积分落户的分值线是多少", True),
    ("西安有积分落户吗", False),  # the clause says a scheme is set up
    ("西安积分落户的办法出台了没有", False),  # and that its details are yet to come
    ("西安积分落户的具体办法由谁来定", False),
    ("我在西安能申请积分落户吗", False),  # the clause says the scheme is there to apply to
])
def test_a_clause_leaving_the_details_to_a_later_rule_answers_whether_not_how(question: str, refused: bool) -> None:
    reason = refusal.after_evidence(understand(question), [answer.Evidence(DELEGATING, _hit(DELEGATING), 1.0)])
    assert (reason is not None) == refused
    if refused:
        assert "具体办法另行制定" in reason and "第九条" in reason  # the clause is named, with its article


def test_a_delegating_clause_behind_the_answer_does_not_refuse() -> None:
    lead = "居住证有效期为1年。"
    evidence = [answer.Evidence(lead, _hit(lead), 1.0), answer.Evidence(DELEGATING, _hit(DELEGATING, "c2"), 0.5)]
    assert refusal.after_evidence(understand("居住证有效期具体多久"), evidence) is None


def test_the_figure_asked_for_must_be_in_the_leading_source() -> None:
    # 分值线是多少分: a later source's 每满1年积2分 is no answer to it when the leading one gives none.
    lead = "积分落户的分值线由市人民政府每年确定并公布。"
    later = "在本市连续缴纳社会保险每满1年积2分。"
    evidence = [answer.Evidence(lead, _hit(lead), 1.0), answer.Evidence(later, _hit(later, "c2"), 0.5)]
    assert refusal.after_evidence(understand("北京积分落户的分值线是多少分"), evidence) is not None
    assert refusal.after_evidence(understand("北京积分落户的分值线是多少分"), evidence[::-1]) is None


def test_a_question_of_several_parts_is_not_refused_for_one_parts_figure() -> None:
    # The fee part's 元 is missing, the other part is answered: the parts are answered one by one.
    sentence = "居住证持有人变更居住地的，应当自变更之日起7日内办理变更登记。"
    evidence = [answer.Evidence(sentence, _hit(sentence), 1.0)]
    assert refusal.after_evidence(understand("搬家了几天内要去改地址？改一次要多少钱"), evidence) is None
