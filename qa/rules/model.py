"""Rule data as typed models: what a YAML file in ``corpus/rules/`` may contain.

One file per jurisdiction (OpenFisca style: law as dated data)::

    jurisdiction: 深圳市
    aliases: [深圳]
    parent: 全国                      # where to look when no rule of this place is in force
    documents:                        # the sources the rules cite, keyed by a short id
      tiaoli: {title: 深圳经济特区居住证条例, file: regions/guangdong/..., effective: 2015-06-01}
    rules:
      - id: shenzhen.residence_permit.2015
        target: residence_permit
        version: 2015                 # the year people call the document by
        doc: tiaoli
        locator: 第十九条
        quote: 非深户籍人员申领居住证应当同时符合下列条件   # < 40 characters, verbatim
        effective_from: 2015-06-01
        effective_to: null
        condition: {all_of: [...]}    # all_of / any_of over comparisons of typed facts

A comparison is ``{fact: residence_months, op: ">=", value: 12, label: 连续居住满12个月}``;
``op: is`` tests a yes/no fact, ``op: place`` tests the place asked about against ``places`` (河北
第二十八条 sets one condition for 沧州 and another for 保定), and ``op: delegated`` marks a
requirement the document leaves to another rule that is not in the pack (it is never met nor
failed: always ``unknown``).
Every model forbids unknown keys, so a typo in the data fails loudly at load time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qa.rules.registration import REGISTRATION_FACTS, REGISTRATION_IMPLIED, REGISTRATION_TARGETS

TARGETS: dict[str, str] = {
    "residence_permit": "申领居住证",
    "compulsory_education": "随迁子女接受义务教育",
    "hukou": "落户（居住证转常住户口）",
    "permit_renewal": "居住证签注（每年续期）",
    "school_exams": "随迁子女在居住地参加中考",
    "gaokao": "随迁子女在居住地参加高考",
    "public_housing": "申请公共租赁住房",
    "enlistment": "在居住地应征入伍",
    "hk_macau_business_visa": "在居住地申请赴港澳商务签注",
    "permit_restore": "逾期补办签注后恢复居住证使用功能（居住期限连续计算）",
    "points": "居住证积分达到标准分值",
    "temporary_permit_years": "办理暂住证的年限计入居住证持有人的居住年限",
    "address_change_years": "变更居住地址后居住年限连续计算",
    "family_settle": "家属随同落户（同时迁入户口）",
    # One indicator of a points scheme asked about on its own (积分落户的合法稳定住所这一项我能积分吗):
    # the entry condition the document sets for scoring it, not the total.
    "points_employment": "积分指标：合法稳定就业（能否计分）",
    "points_housing": "积分指标：合法稳定住所（能否计分）",
    "points_tax": "积分指标：投资纳税（能否加分）",
    "points_insurance_base": "积分指标：职工社会保险缴费基数（能否加分）",
    "points_remote_area": "积分指标：远郊重点区域（能否计入总积分）",
    "points_residence_area": "积分指标：职住区域（能否加分）",
    "points_public_service": "积分指标：特定公共服务领域就业（能否计入总积分）",
    "points_shortage_major": "积分指标：紧缺急需专业（能否加分）",
    # 条例第十三条第（一）项: passports and travel passes applied for where one lives, not at home.
    "exit_entry_documents": "在居住地办理出入境证件（护照、港澳台通行证及签注）",
    # 辽宁 第十三条, 杭州 2012 第十九条: the validity a permit may be issued for.
    "permit_validity": "选择居住证的有效期限",
    # 吉林 第二十七条: a permit of the rules before, replaced under the new ones.
    "old_permit_years": "施行前领取的居住证或办理的居住登记，居住时间连续计算",
    # 江苏 第十一条 (省内通用), 杭州 2012 第二十条 (注销): whether a permit held stays in use.
    "permit_kept": "居住证继续有效（省内迁居继续使用、不被注销）",
    # 条例第十条第三款: after a late 签注 the years count from the day it was made up, so the years before do
    # not join those after; 江苏 第十二条, 河北 第十五条 … keep them joined when it was made up in time.
    "restore_years_joined": "逾期补办签注前后的居住年限连续计算（补办前的年限接续）",
    # 条例第九条第三款 (北京 第九条, 甘肃 第十三条, 河北 第十二条 …): someone else applying for the applicant.
    "permit_by_proxy": "由监护人、近亲属代为申领居住证",
    # 上海 积分 第二条、第九条、第二十二条: who may apply for points at all (not whether they reach 120).
    "points_apply": "申请居住证积分的资格（未被取消或限制申请）",
    **REGISTRATION_TARGETS,
}
# Entitlements the documents attach conditions to that no rule models yet (named in
# docs/eligibility.md and in the checker's answer when asked about).
UNMODELLED_TARGETS: dict[str, str] = {
    "public_services": "持证享受其他基本公共服务和便利",
    "hukou_transfer": "户口迁移、登记事项（未建模的其他情形）",
    "temporary_registration": "暂住、居住登记",
}

ARTICLE_FILE = "article"  # ``file`` value naming the seed article rather than a pack document
MAX_QUOTE_CHARS = 40  # official texts stay outside the repo: a rule may quote only a short clause


@dataclass(frozen=True)
class FactSpec:
    """One personal fact the checker understands (for the UI form and follow-up questions)."""

    name: str
    label: str  # Chinese label
    type: str  # "int" or "bool"
    unit: str | None  # 个月 / 年 / 岁 / None
    question: str  # the follow-up question that asks for it
    # A fact whose value, when at least the threshold, also meets this one: someone applying who has
    # already lived there 12 months meets "拟居住6个月以上" (intended_stay_months ← residence_months).
    met_by: str | None = None
    # A fact whose value caps this one when this one was not given: contributions paid in a place
    # cannot outlast the time lived there (嫁过来才三个月 has not paid 6 months of 上海 社保).
    bounded_by: str | None = None
    # A yes/no fact that says whether this number reaches the line the place itself sets, when the
    # number was not given: 积分还没达到标准分值 fails 上海's 120 points without a score.
    stated_by: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "label": self.label, "type": self.type, "unit": self.unit,
                "question": self.question}


class Under(float):
    """A duration known only to be below ``bound`` (不到半年 → ``Under(6)``).

    It behaves as the number just under the bound (5.99) wherever a plain number is expected, so
    code that only compares numbers still reads it as short of the bound. The checker knows more:
    against a threshold at or above the bound it fails; against a lower threshold it is unknown
    (不到一年 may be two months or eleven).
    """

    bound: float

    def __new__(cls, bound: float) -> Under:
        value = super().__new__(cls, round(bound - 0.01, 2))
        value.bound = bound
        return value

    def __reduce__(self):  # copy / deepcopy / pickle keep the bound
        return (Under, (self.bound,))

    def __repr__(self) -> str:
        return f"Under({self.bound:g})"


class Between(float):
    """A duration said only approximately: somewhere from ``low`` to ``high`` (两三个月 → ``Between(2, 3)``).

    It behaves as ``low`` wherever a plain number is expected, so code that only compares numbers
    never credits more than was said. The checker knows more: at or above a threshold when ``low``
    reaches it, short of it when ``high`` stays below it, and unknown when the threshold falls inside
    the range (两三个月 against 3 months, 两年左右 against 24): an approximate answer must not be
    turned into a certain verdict either way.
    """

    low: float
    high: float

    def __new__(cls, low: float, high: float) -> Between:
        if high < low:
            raise ValueError(f"Between needs low <= high, got {low!r} and {high!r}")
        value = super().__new__(cls, low)
        value.low, value.high = low, high
        return value

    def __reduce__(self):  # copy / deepcopy / pickle keep the range
        return (Between, (self.low, self.high))

    def __repr__(self) -> str:
        return f"Between({self.low:g}, {self.high:g})"

    def scaled(self, factor: float) -> Between:
        """The same range in another unit (months → years: ``scaled(1 / 12)``)."""
        return Between(round(self.low * factor, 2), round(self.high * factor, 2))


_FACT_LIST = [
    FactSpec("residence_months", "在当地已居住时间", "int", "个月", "你在当地已经连续居住了多久？"),
    FactSpec("social_insurance_months", "在当地连续缴纳社保时间", "int", "个月",
             "你在当地连续缴纳社会保险多久了？", bounded_by="residence_months"),
    FactSpec("social_insurance_months_last_24", "最近两年内在当地累计缴纳社保时间", "int", "个月",
             "最近两年内你在当地累计缴纳社会保险多少个月？"),
    FactSpec("employed", "有合法稳定就业（劳动合同、营业执照等）", "bool", None,
             "你在当地有合法稳定的工作吗（签了劳动合同或有营业执照）？"),
    FactSpec("housing_proof", "有合法稳定住所（自有住房或登记备案的租房）", "bool", None,
             "你在当地有合法稳定住所吗（自己的房子，或签了租房合同并登记备案）？"),
    # 公安部通知 二（一） (and 海南, 四川, 成都): 合法稳定住所 is an owned home, a rental registered (备案)
    # with the housing office, or a dormitory; a rental contract alone is not enough there (西安 第六条 takes it).
    FactSpec("registered_home", "有自有房屋、登记备案的租房或单位/学校宿舍", "bool", None,
             "你在当地住的是自己的房子、单位或学校宿舍，还是租房？租房的话在房管部门办了租赁登记备案吗？"),
    FactSpec("studying", "在当地连续就读（有学籍）", "bool", None, "你是在当地学校连续就读的学生吗？"),
    FactSpec("intended_stay_months", "打算在当地居住的时间", "int", "个月", "你打算在当地住多久？",
             met_by="residence_months"),
    FactSpec("permit_holding_years", "已持有当地居住证的时间", "int", "年", "你持有当地居住证几年了？"),
    FactSpec("holds_permit", "持有当地居住证", "bool", None, "你（或孩子的父母）已经办了当地的居住证吗？"),
    FactSpec("business_licence", "有工商营业执照", "bool", None, "你在当地领了营业执照吗？"),
    FactSpec("income_tax_paid", "持证期间在当地依法缴纳个人所得税", "bool", None,
             "持证期间你在当地依法缴纳个人所得税了吗？"),
    FactSpec("professional_title", "中级及以上职称或技师以上职业资格（与岗位对应）", "bool", None,
             "你有中级及以上专业技术职称，或技师以上职业资格吗？"),
    FactSpec("clean_record", "无违法犯罪等不良记录", "bool", None, "你有没有违法犯罪等不良记录？"),
    # 北京 积分 第四条第（四）项, 杭州 2012 第十七条, 深圳 (文章表3): a criminal record only; a 行政拘留 or
    # other 治安处罚 is no crime (北京 积分 第八条 takes points off for it instead).
    FactSpec("no_criminal_record", "无刑事犯罪记录（行政拘留、治安处罚不算）", "bool", None,
             "你有没有刑事犯罪记录（被判过刑）？"),
    FactSpec("below_retirement_age", "未超过法定退休年龄", "bool", None, "你是否未超过法定退休年龄？"),
    FactSpec("joins_local_relative", "投靠或与有当地户籍的亲属（配偶、父母、子女）共同生活", "bool", None,
             "你是来投靠有当地户口的亲属（配偶、父母或子女）并和他们一起生活吗？"),
    FactSpec("talent_recognised", "符合当地人才引进规定（经认定的引进人才）", "bool", None,
             "你是否符合当地人才引进条件（例如已通过人才引进认定）？"),
    # 居住证 is for people away from their 常住户口所在地 (条例第二条); someone with local hukou
    # cannot apply. Rules test it with ``assume_met``: a question that does not say is taken as
    # coming from a non-local resident, the only people who ask.
    FactSpec("non_local_hukou", "户口不在当地（离开常住户口所在地）", "bool", None,
             "你的户口在外地（不在当地）吗？"),
    FactSpec("under_16", "申领人未满16周岁", "bool", None, "申领居住证的人（孩子）未满16周岁吗？"),
    # 参加城镇社会保险 without a length (江西 第二十三条): any month paid counts.
    # 浙江 第十六条第二款: 投资创业 as the county-level government defines it frees from 居住半年+三选一.
    FactSpec("investor_recognised", "属于当地政府规定的投资创业人员", "bool", None,
             "你是否属于当地政府规定的投资创业人员（例如在当地投资办企业并经认定）？"),
    # 杭州 2012 第十七条第一款第（四）项、第（六）项.
    FactSpec("high_school_or_above", "具有高中以上文化程度", "bool", None, "你是高中或以上学历吗？"),
    FactSpec("no_unlawful_births", "无违法生育子女行为", "bool", None, "你有没有违反计划生育政策生育子女？"),
    FactSpec("social_insurance_paid", "在当地参加社会保险（有缴费记录）", "bool", None,
             "你在当地参加社会保险（有缴费记录）了吗？", met_by="social_insurance_months"),
    # Paid with gaps (断断续续 / 加起来): the total, whatever the window; a continuous run counts too.
    FactSpec("social_insurance_months_total", "在当地累计缴纳社保时间（可不连续）", "int", "个月",
             "你在当地前后累计缴纳社会保险多少个月？", met_by="social_insurance_months",
             bounded_by="residence_months"),
    # Which relative with local hukou the person joins or lives with (routes: 成都 2016 第八条第（四）项,
    # 南京 细则 第八十条). Any of them means joins_local_relative.
    FactSpec("joins_spouse", "投靠或与有当地户籍的配偶共同生活", "bool", None,
             "你是投靠（或和）有当地户口的配偶一起生活吗？"),
    FactSpec("joins_parent", "投靠或与有当地户籍的父母共同生活", "bool", None,
             "你是投靠（或和）有当地户口的父母一起生活吗？"),
    FactSpec("joins_child", "投靠或与有当地户籍的子女共同生活", "bool", None,
             "你是投靠（或和）有当地户口的子女一起生活吗？"),
    FactSpec("unmarried", "未婚", "bool", None, "你是未婚吗？"),
    FactSpec("age_years", "年龄", "int", "岁", "你今年多大（周岁）？"),
    FactSpec("senior", "男性超过60周岁或女性超过55周岁", "bool", None,
             "你是男性超过60周岁，或女性超过55周岁吗？"),
    FactSpec("relative_has_family_hukou", "被投靠的亲属有家庭户口（不是集体户口）", "bool", None,
             "你要投靠的亲属在当地是家庭户口（不是集体户口）吗？"),
    FactSpec("bachelor_or_above", "本科及以上学历", "bool", None, "你是本科或以上学历吗？"),
    FactSpec("college_or_above", "大专及以上学历", "bool", None, "你是大专或以上学历吗？"),
    FactSpec("vocational_graduate", "中专、技校毕业", "bool", None, "你是中专或技校毕业吗？"),
    # Work in the place cannot outlast the time lived there (来永川城区才五个月: not three years' work).
    FactSpec("work_months_total", "被当地单位录用、聘用累计工作时间", "int", "个月",
             "你被当地单位录用（聘用）累计工作了多久？", bounded_by="residence_months"),
    FactSpec("owned_home_sqm", "在当地购买的成套住宅面积", "int", "平方米", "你在当地买的房子有多少平方米？"),
    # Renewal (签注): 深圳 第二十四条 counts the year before the application.
    FactSpec("still_resident", "继续在居住地连续居住", "bool", None, "你还在当地连续居住吗？"),
    FactSpec("residence_months_last_12", "申请签注前一年内在当地居住登记累计时间", "int", "个月",
             "过去一年里你在当地登记居住累计多少个月？", met_by="residence_months"),
    FactSpec("social_insurance_months_last_12", "申请签注前一年内在当地累计参保时间", "int", "个月",
             "过去一年里你在当地累计缴纳社保多少个月？", met_by="social_insurance_months"),
    # Residence counted from registration (深圳 第十九条, 成都 2016 第八条, 重庆 第六条 …): someone who
    # never registered has no counted residence, however long they have lived there.
    FactSpec("residence_registered", "已在当地办理居住（暂住）登记", "bool", None,
             "你在当地派出所办理居住（暂住）登记了吗？"),
    # How long ago the registration was made; where residence counts from it (from_registration) it is
    # the residence, elsewhere (吉林 第十条: the date on the housing or work proof) the time lived is.
    FactSpec("registered_months", "办理居住（暂住）登记以来的时间", "int", "个月", "你在当地办理居住登记多久了？"),
    # 辽宁 第十一条: people in a hotel, hospital, boarding school or shelter are registered, not issued a permit.
    FactSpec("private_lodging", "住在自有或租住的房屋（不是旅馆、医院、学校寄宿或救助站）", "bool", None,
             "你在当地是住在自己或租的房子里吗（不是住旅馆、医院、学校宿舍或救助站）？"),
    FactSpec("child_local_compulsory_education", "子女在居住地接受义务教育", "bool", None,
             "孩子是在当地上的小学、初中（接受义务教育）吗？"),
    FactSpec("child_high_school_years", "子女在居住地高中阶段连续就学时间（有学籍）", "int", "年",
             "孩子在当地读高中（有学籍）连续读了几年，到毕业时满几年？"),
    FactSpec("child_local_school_record", "子女在当地学校有正式学籍", "bool", None, "孩子在当地学校有正式学籍吗？"),
    FactSpec("child_graduating", "子女是当年应届毕业生", "bool", None, "孩子是今年的应届毕业生吗？"),
    FactSpec("points_score", "居住证积分", "int", "分", "你的居住证积分是多少分？",
             stated_by="points_standard_reached"),
    # 条例第十条: 签注 in the month before each full year of residence.
    FactSpec("months_to_renewal_date", "距居住满1年之日还有多久", "int", "个月", "离居住证满一年还有多久？"),
    # The same time left in days, for windows the documents give in days (上海 2004 第二十四条: 届满前10日之内).
    FactSpec("days_to_renewal_date", "距居住证有效期满还有的天数", "int", "天", "离居住证有效期满还有几天？"),
    # 签注 made up late (江苏 第十二条, 内蒙古 意见（四）: within 30 days of the permit's suspension the
    # residence keeps counting; 上海 第十六条, 天津 第十五条: within 60 days the permit is restored).
    FactSpec("renewal_overdue_days", "签注逾期（居住证使用功能中止）的时间", "int", "天",
             "你的居住证签注逾期（使用功能中止）多少天了？"),
    # Points schemes (上海 积分办法 第六条): the degree levels above 本科 and the titles, and the sum of the
    # bonus indicators (第七条) for someone who says they have none (其他加分项都没有 → 0).
    FactSpec("bachelor_degree", "本科学历并取得学士学位", "bool", None, "你是本科学历并且拿到了学士学位吗？"),
    FactSpec("master_or_above", "硕士研究生及以上学历学位", "bool", None, "你有硕士研究生（或更高）学历学位吗？"),
    FactSpec("doctorate", "博士研究生学历学位", "bool", None, "你有博士研究生学历学位吗？"),
    FactSpec("senior_title", "高级专业技术职称或一级技能等级", "bool", None,
             "你有高级专业技术职称（或国家职业资格一级）吗？"),
    FactSpec("extra_points", "加分指标积分合计（配偶本市户籍另计）", "int", "分",
             "你有没有积分加分项（如紧缺专业、投资纳税、社保基数等）？合计多少分？"),
    # 武汉 第十四条第二款: 来本市探亲、访友、旅游、出差、就医的 register only and get no permit.
    FactSpec("not_visiting", "来当地是务工、经商、就学等，不是探亲、访友、旅游、出差或就医", "bool", None,
             "你来当地是务工、经商、就学，还是探亲、访友、旅游、出差或就医？"),
    # 上海 积分 第七条第（十）项: 配偶为本市户籍人员，结婚每满1年积4分 (0 when the spouse is not local).
    # 江苏 / 南京 第六条: someone in the place to 就医、探亲、旅游、出差 may apply of their own will.
    FactSpec("visiting", "在当地就医、探亲、旅游或出差", "bool", None, "你来当地是探亲、旅游、出差或看病吗？"),
    FactSpec("local_spouse_marriage_years", "与本市户籍配偶结婚的年数", "int", "年",
             "你的配偶是本市户籍吗？你们结婚几年了？"),
    # Where in a province or municipality one asks to settle (福建 户籍意见 一、二; 重庆 实施意见 （四）至（七）):
    # the documents set different conditions by zone. The parser sets all three from the zone named
    # (an implication between them would let satisfying one fact fail another's route).
    FactSpec("settle_in_core_city", "申请落户在主城区（重庆都市功能核心区、拓展区；福州市辖区、厦门、平潭）",
             "bool", None,
             "你要落户的是主城区（或福州市辖区、厦门、平潭），还是其他城区、县城或小城镇？"),
    FactSpec("settle_in_city_district", "申请落户在其他设区市城区（重庆城市发展新区城区等）", "bool", None,
             "你要落户的是哪里：主城区、其他城区，还是县城、小城镇？"),
    FactSpec("settle_in_county_town", "申请落户在县（市）城区、建制镇或小城镇", "bool", None,
             "你要落户的是县城（县级市城区）、建制镇或小城镇吗？"),
    # 重庆 实施意见 （六）: the 区县城 of 渝东北生态涵养发展区 and 渝东南生态保护发展区 (万州、开州 …).
    FactSpec("settle_in_ecological_county", "申请落户在重庆渝东北生态涵养发展区、渝东南生态保护发展区的区县城",
             "bool", None,
             "你要落户的是渝东北、渝东南的区县城（如万州、开州、黔江）吗？"),
    FactSpec("industrial_park_contract", "与市级及以上工业园区企业签订劳动合同", "bool", None,
             "你是和市级及以上工业园区的企业签的劳动合同吗？"),
    FactSpec("municipal_hukou", "户口在本市（本省）其他区县或农村（本市籍转移人口）", "bool", None,
             "你的户口是在本市（本省）其他区县或农村吗？"),
    FactSpec("hukou_outside_province", "户口在本市（本省）以外（市外、省外来的人员）", "bool", None,
             "你的户口是在本市（本省）以外吗？"),
    FactSpec("strategic_industry_contract", "与战略性新兴产业企业签订劳动合同", "bool", None,
             "你是和战略性新兴产业企业签的劳动合同吗？"),
    # 天津 2015 第十八条第二款: a holder's child may sit the 春季高考专科层次, not the 普通高考 for 本科.
    FactSpec("spring_vocational_exam", "报考的是春季高考专科层次或高职院校自主招生", "bool", None,
             "孩子要报考的是春季高考专科层次（或高职自主招生），还是普通高考本科？"),
    # 天津 2015 第三十二条第（四）项: where the hukou would be registered.
    FactSpec("settle_address", "在当地有合法稳定的落户地点（本人或近亲属名下产权住房，或单位、人才中介的集体户口）",
             "bool", None, "你在当地有落户地点吗（自己或配偶、父母、子女名下的产权房，或单位、人才中介的集体户口）？"),
    # 公安部通知 二（七） and 海南, 内蒙古, 四川: the years under a 暂住证 count as residence of a permit holder.
    FactSpec("held_temporary_permit", "在当地办理过暂住证", "bool", None, "你以前在当地办过暂住证吗？"),
    # 福建 实施办法 第十二条: after a change of address, where the new address lies decides the years.
    FactSpec("moved_within_county", "新旧居住地址在同一县级行政区域", "bool", None,
             "你的新住址和原住址在同一个县（区）吗？"),
    FactSpec("moved_within_city", "新旧居住地址在同一设区的市", "bool", None, "你的新住址和原住址在同一个市吗？"),
    # Who may move their hukou with a person who settles (广州 积分 第十一条: 配偶、未成年子女;
    # 河北 第二十八条: 配偶、子女、夫妻双方父母).
    FactSpec("follower_spouse_or_child", "随同迁入的是配偶或子女", "bool", None,
             "要跟你一起迁户口的是你的配偶或子女吗？"),
    FactSpec("follower_parent", "随同迁入的是父母或配偶的父母", "bool", None,
             "要跟你一起迁户口的是你（或配偶）的父母吗？"),
    # 北京 积分落户 第九条: only a minor child follows the one who settles.
    FactSpec("follower_minor", "随同迁入的子女未成年", "bool", None, "要跟你一起迁户口的子女未满18周岁吗？"),
    # 国办发〔2011〕9号 二（三）（四）: 配偶、未婚子女、父母 follow; 国发〔2014〕25号: 配偶、未成年子女、父母等.
    FactSpec("follower_spouse", "随同迁入的是配偶", "bool", None, "要跟你一起迁户口的是你的配偶吗？"),
    FactSpec("follower_unmarried_child", "随同迁入的是未婚子女", "bool", None, "要跟你一起迁户口的子女结婚了吗？"),
    # 南京 准入 第六条第（四）项: 个体工商户连续2年每年纳税1万元以上.
    FactSpec("sole_trader", "是个体工商户", "bool", None, "你是个体工商户吗？"),
    # 南京 准入 第六条第（四）项: 私营企业业主连续两年每年纳税2万元以上.
    FactSpec("private_business_owner", "是私营企业业主", "bool", None, "你是私营企业的业主（老板）吗？"),
    FactSpec("annual_tax_yuan", "每年在当地纳税的金额（各年中最少的一年）", "int", "元",
             "你每年在当地纳税多少元？"),
    FactSpec("tax_years", "每年纳税达到该金额的连续年数", "int", "年", "你连续几年每年都纳了这么多税？"),
    # 重庆 实施意见 （五）: a labour contract of a year or more frees from the years of work in the city.
    FactSpec("contract_months", "与用人单位签订的劳动合同期限", "int", "个月", "你和单位签的劳动合同期限是多久？"),
    # 河北 第二十八条第（三）项: 合法固定住所 (a home one owns) in the largest cities; a rental needs a job too.
    FactSpec("owns_home", "在当地有自有产权住房", "bool", None, "你在当地有自己名下的房子（产权房）吗？"),
    # 郑州 第二十一条第（七）项, 江西 第二十条第（四）项: 符合保障条件 of the housing office (income, housing
    # need), whose own rules are not in the pack; someone who says they meet them has said so.
    FactSpec("housing_support_eligible", "符合当地公共租赁住房的保障条件（收入、住房困难等）", "bool", None,
             "你符合当地公共租赁住房的保障条件吗（收入、住房困难等，由住房保障部门认定）？"),
    # 天津 第三十二条第（五）项 申报指导分值, 成都 第十五条: a points line published elsewhere (not in the
    # pack); someone who says their points reach it has said so.
    FactSpec("points_standard_reached", "居住证积分达到当地公布的分值（申报指导分值、落户分值）", "bool", None,
             "你的居住证积分达到当地公布的分值了吗？"),
    # 南京 细则 第八十条: the relative joined must own a 合法固定住所 (for a spouse, a direct relative's will do).
    FactSpec("relative_owns_home", "被投靠人在当地拥有合法固定住所（自有产权住房）", "bool", None,
             "你要投靠的亲属在当地有自己名下的房子（合法固定住所）吗？"),
    FactSpec("child_lives_with_holder", "子女与居住证持有人共同居住生活", "bool", None,
             "孩子和持居住证的父母（或你）一起在当地生活吗？"),
    # 深圳 2005 户籍迁入若干规定 第八条第（七）项 (技术技能迁户) and 第九条第（三）项 (投资纳税迁户).
    FactSpec("senior_vocational_qualification", "取得高级职业资格（国家职业资格三级，如深圳市高级职业资格）",
             "bool", None,
             "你有高级职业资格（国家职业资格三级）证书吗？"),
    # 上海 积分 第七条第（四）项、第（五）项.
    FactSpec("investment_tax_avg_yuan", "按投资份额计算，最近连续3年平均每年纳税额", "int", "元",
             "按你的投资份额计算，你投资的企业最近连续3年平均每年纳税多少？"),
    FactSpec("social_insurance_months_last_48", "最近4年内在当地累计缴纳社保时间", "int", "个月",
             "最近4年内你在当地累计缴纳社会保险多少个月？", bounded_by="residence_months"),
    FactSpec("insurance_base_percent", "社保缴费基数相当于上年度职工社会平均工资的百分比", "int", "%",
             "你的社保缴费基数是上年度社会平均工资的多少倍？"),
    # 杭州 2012 条例 第十七条第二款: 区级以上政府授予的荣誉称号, or recognised as an outstanding contributor.
    FactSpec("honour_title", "获区级以上政府授予的荣誉称号（如劳动模范）或经认定有突出贡献", "bool", None,
             "你有没有获得区级以上政府授予的荣誉称号（如劳动模范），或被认定为有突出贡献的人员？"),
    # 上海 积分 2015 第七条第（七）项: working and living in a 远郊重点区域 counts after five years there.
    FactSpec("remote_area_months", "在重点发展的远郊区域工作并居住的时间", "int", "个月",
             "你在重点发展的远郊区域工作并居住多久了？"),
    # 国发〔2014〕25号 and 河南 户籍意见 (四)至(七): a city's conditions follow its urban population.
    FactSpec("city_population_wan", "落户城市的城区人口", "int", "万人", "你要落户的城市城区人口大约多少万？"),
    # 北京 积分落户 第五条第（四）项: a home moved out of the six central districts earns points each full year.
    FactSpec("moved_out_of_core_months", "居住地由城六区转移到本市其他行政区域后的时间", "int", "个月",
             "你把居住地从城六区搬到其他区多久了？"),
    # 杭州 2012 条例 第二十五条第（二）项: a 劳动模范 title of a city, a province or the nation.
    FactSpec("model_worker_city_or_above", "获得市级以上劳动模范称号", "bool", None,
             "你获得的是市级以上（市、省或全国）的劳动模范称号吗？"),
    # 南京 准入 第六条第（三）项: how many people would settle on the bought home (本人 included).
    FactSpec("settling_persons", "随同落户的人数（含本人）", "int", "人", "一共有几个人要在这里落户（含你本人）？"),
    # 上海 积分 2015 第七条第（六）项: work in a 特定的公共服务领域 counts after five years.
    FactSpec("public_service_months", "在特定的公共服务领域就业的时间", "int", "个月",
             "你在特定的公共服务领域就业多久了？"),
    # 第七条第（三）项: a major on the city's list of 紧缺急需专业, and a job in that major.
    FactSpec("shortage_major", "所学专业属于当地紧缺急需专业目录", "bool", None,
             "你所学的专业在当地的紧缺急需专业目录里吗？"),
    FactSpec("job_matches_major", "工作岗位与所学专业一致", "bool", None, "你现在的工作岗位和所学专业一致吗？"),
    # 福建 实施办法 第十五条第（一）项: 往来台湾通行证 in the place of residence, except to settle in Taiwan.
    FactSpec("not_settling_in_taiwan", "办证不是为了赴台定居", "bool", None, "你办往来台湾通行证是为了去台湾定居吗？"),
    # 辽宁 第十三条 (1, 2 or 3 years), 杭州 2012 第十九条 (临时居住证 6 months to 3 years).
    FactSpec("requested_validity_months", "想要的居住证有效期", "int", "个月", "你想办多长有效期的居住证？"),
    # 福建 户籍意见 二: 配偶、未达法定婚龄子女、父母 move with the one who settles.
    FactSpec("follower_below_marriage_age", "随同迁入的子女未达法定婚龄（男22周岁、女20周岁）", "bool", None,
             "要跟你一起迁户口的子女多大了（儿子未满22周岁、女儿未满20周岁吗）？"),
    # 南京 准入 第三条: 溧水县、高淳县城镇及其以下地区 take a lawful home or a steady job.
    FactSpec("settle_in_lishui_gaochun", "申请落户在南京溧水、高淳的城镇及其以下地区", "bool", None,
             "你要落户的是南京溧水、高淳的城镇或乡村吗？"),
    # 吉林 第二十七条: a permit issued under the rules before the current ones.
    FactSpec("moved_within_province", "新居住地与原居住地在同一省内", "bool", None,
             "你搬去的新居住地和原来办证的地方在同一个省吗？"),
    FactSpec("insurance_stopped_months", "离开后停止缴纳社会保险费的时间", "int", "个月",
             "你停缴社保多久了？"),
    FactSpec("held_old_permit", "持有现行办法施行前领取的居住证", "bool", None,
             "你手上的居住证是现行办法施行前领的吗？"),
    # 河北 第三十条, 江西 第二十六条: a registration made before the rules keeps its time.
    FactSpec("registered_before_rules", "现行办法施行前已在当地办理居住登记", "bool", None,
             "你在现行居住证办法施行之前，就已经在当地办理过居住登记吗？"),
    # 条例第九条第三款: a minor under 16, or an old or disabled person who cannot get about, may have a
    # guardian or close relative apply (天津 第九条: a guardian or anyone entrusted).
    FactSpec("mobility_impaired", "申领人是行动不便的老年人或残疾人", "bool", None,
             "要办证的人是行动不便的老年人或残疾人吗？"),
    FactSpec("proxy_close_relative", "代办人是申领人的监护人或近亲属", "bool", None,
             "替他办的人是他的监护人或近亲属（配偶、父母、子女、兄弟姐妹等）吗？"),
    # 上海 积分 第二十二条 (3年内不得申请), 北京 积分 第十条 (当年及以后5年), 天津 第四十四条, 广州 第十二条:
    # false papers in an application bar it, for a time or for good.
    FactSpec("no_false_materials", "申请中没有提供过虚假、伪造的材料", "bool", None,
             "你以前申请（居住证、积分或落户）时提供过虚假或伪造的材料吗？"),
    FactSpec("false_materials_years_ago", "提供虚假材料被查处至今的年数", "int", "年",
             "提供虚假材料被查处是几年前的事？"),
    # 天津 2015 第十八条第二款: a holder's child sits the exams of the 中等职业学校, not of the 普通高中.
    FactSpec("vocational_school_exam", "报考的是中等职业学校（不是普通高中）", "bool", None,
             "孩子要报考的是中等职业学校（中专、技校、职高），还是普通高中？"),
    # 天津 2015 第三十八条, 2014 第四十二条: a child who settled with (or joined) a parent sits the exams as a local.
    FactSpec("child_settled_hukou", "子女已随迁或投靠落户当地（有当地常住户口）", "bool", None,
             "孩子的户口已经随你迁到（落户）当地了吗？"),
    FactSpec("income_tax_3y_yuan", "最近连续3个纳税年度在当地缴纳的个人所得税累计", "int", "元",
             "最近连续3个纳税年度你在当地一共缴纳了多少个人所得税？"),
]
# Known values that settle other facts (a person without a permit has held one for 0 years):
# (fact, value it takes, fact it settles, value given to that fact), applied only when the settled
# fact was not given. Callers (and the property tests) read it to know which facts move which.
IMPLIED: tuple[tuple[str, object, str, object], ...] = (
    # One place to settle: a zone said is not 渝东北、渝东南's 区县城 (重庆 实施意见 （六）).
    ("settle_in_core_city", True, "settle_in_ecological_county", False),
    ("settle_in_city_district", True, "settle_in_ecological_county", False),
    ("settle_in_county_town", True, "settle_in_ecological_county", False),
    ("holds_permit", False, "permit_holding_years", 0),
    ("permit_holding_years", 0, "holds_permit", False),
    ("social_insurance_paid", False, "social_insurance_months", 0),
    ("social_insurance_paid", False, "social_insurance_months_last_24", 0),
    ("social_insurance_paid", False, "social_insurance_months_total", 0),
    ("social_insurance_paid", False, "social_insurance_months_last_12", 0),
    ("social_insurance_months_total", 0, "social_insurance_paid", False),
    ("social_insurance_months_last_24", 0, "social_insurance_months", 0),
    ("moved_within_city", False, "moved_within_county", False),
    ("moved_within_county", True, "moved_within_city", True),
    ("registered_home", True, "housing_proof", True),
    ("housing_proof", False, "registered_home", False),
    # 连续就读 is full-time study (全日制…取得学籍并就读, 公安部通知 二（一）): someone in 合法稳定就业
    # is not a full-time student unless they say so.
    ("employed", True, "studying", False),
    ("owns_home", True, "housing_proof", True),
    ("owns_home", True, "registered_home", True),
    ("housing_proof", False, "owns_home", False),
    ("joins_local_relative", False, "joins_spouse", False),
    ("joins_local_relative", False, "joins_parent", False),
    ("joins_local_relative", False, "joins_child", False),
    # Degrees are levels: 没有本科 is no 学士学位 and no 硕士; 博士 is a 硕士 too (上海 积分 第六条第（二）项).
    ("college_or_above", False, "bachelor_or_above", False),
    ("bachelor_or_above", False, "bachelor_degree", False),
    ("bachelor_or_above", False, "master_or_above", False),
    ("master_or_above", False, "doctorate", False),
    ("doctorate", True, "master_or_above", True),
    ("master_or_above", True, "bachelor_or_above", True),
    ("bachelor_degree", True, "bachelor_or_above", True),
    ("bachelor_or_above", True, "college_or_above", True),
    ("professional_title", False, "senior_title", False),
    ("senior_title", True, "professional_title", True),
    ("joins_spouse", True, "joins_local_relative", True),
    ("follower_spouse_or_child", False, "follower_spouse", False),
    ("clean_record", True, "no_criminal_record", True),
    ("no_criminal_record", False, "clean_record", False),
    ("follower_spouse", True, "follower_spouse_or_child", True),
    ("joins_parent", True, "joins_local_relative", True),
    ("joins_child", True, "joins_local_relative", True),
)
IMPLIED += REGISTRATION_IMPLIED
_FACT_LIST += [FactSpec(*row) for row in REGISTRATION_FACTS]
FACTS: dict[str, FactSpec] = {spec.name: spec for spec in _FACT_LIST}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentRef(_Strict):
    """A source the rules of one file cite."""

    title: str
    file: str  # path inside the document pack, or ``article`` for the seed article
    effective: dt.date | None = None
    region: str = "全国"


class Growth(_Strict):
    """A threshold that grows with another fact: 60平方米 for 3 people, each further 20平方米 one more
    (南京 准入 第六条第（三）项) is ``{fact: settling_persons, above: 3, step: 20}``."""

    fact: str
    above: int
    step: int

    @model_validator(mode="after")
    def _check(self) -> Growth:
        if self.fact not in FACTS or FACTS[self.fact].type != "int":
            raise ValueError(f"grows_with needs an int fact, got {self.fact!r}")
        if self.step <= 0 or self.above < 0:
            raise ValueError(f"grows_with needs a positive step and a non-negative base count, got {self}")
        return self


class Comparison(_Strict):
    """A leaf condition: one fact compared with a number, or a yes/no fact that must hold."""

    fact: str | None = None
    op: Literal[">=", "<=", "is", "delegated", "place"]
    value: int | bool | None = None
    places: list[str] | None = None  # op place only: the cities (canonical, 保定市) the condition names
    label: str  # plain Chinese: 连续居住满12个月
    doc: str | None = None  # document id; default: the rule's
    locator: str | None = None  # default: the rule's
    quote: str | None = None  # default: the rule's
    note: str | None = None
    # OpenFisca-style default: an exceptional route (e.g. being a full-time student) that the
    # person did not mention counts as not met instead of making the whole verdict unknown.
    assume_unmet: bool = False
    # The opposite default, for a condition nearly everyone asking meets and few would mention
    # (户口不在当地): unmentioned counts as met; saying otherwise fails it.
    assume_met: bool = False
    # Residence counted from the residence registration (居住并办理居住登记满半年): the months since
    # registering (registered_months), when the person gives them, stand for residence_months.
    from_registration: bool = False
    # ``>=`` only: the threshold rises by ``step`` for each unit of another fact above ``above``.
    grows_with: Growth | None = None

    @model_validator(mode="after")
    def _check(self) -> Comparison:
        if self.grows_with is not None and self.op != ">=":
            raise ValueError(f"condition {self.label!r}: grows_with goes with op >= only")
        if self.op in ("delegated", "place"):
            if self.fact is not None:
                raise ValueError(f"{self.op} condition {self.label!r} must not name a fact")
            if (self.op == "place") != bool(self.places):
                raise ValueError(f"condition {self.label!r}: places go with op place, and op place needs them")
            return self
        if self.places is not None:
            raise ValueError(f"condition {self.label!r}: places go with op place only")
        if self.from_registration and self.fact != "residence_months":
            raise ValueError(f"condition {self.label!r}: from_registration applies to residence_months only")
        if self.assume_met and self.assume_unmet:
            raise ValueError(f"condition {self.label!r}: assume_met and assume_unmet exclude each other")
        if self.fact not in FACTS:
            raise ValueError(f"unknown fact {self.fact!r}; expected one of {sorted(FACTS)}")
        kind = FACTS[self.fact].type
        if self.op in (">=", "<=") and (kind != "int" or isinstance(self.value, bool)
                                        or not isinstance(self.value, int)):
            raise ValueError(f"'{self.op}' needs an int fact and value, got {self.fact}={self.value!r}")
        if self.op == "is" and (kind != "bool" or self.value is not True):
            raise ValueError(f"'is' needs a bool fact and value true, got {self.fact}={self.value!r}")
        return self


class AllOf(_Strict):
    all_of: list[Condition] = Field(min_length=1)
    label: str | None = None
    locator: str | None = None


class AnyOf(_Strict):
    any_of: list[Condition] = Field(min_length=1)
    label: str | None = None
    locator: str | None = None


class Band(_Strict):
    """One row of a points table: the points for a value up to ``at_most`` (the first row that holds)."""

    at_most: int
    points: int


class Option(_Strict):
    """A yes/no fact worth ``points`` (本科+学士 90); of several, the highest that holds counts."""

    fact: str
    points: int


class Indicator(_Strict):
    """One indicator of a points scheme and how a person's facts turn into its points.

    Exactly one way: ``per`` (every full ``per`` units of an int fact give ``points``: 社保每满1年积3分),
    ``table`` (bands of an int fact: 年龄), ``options`` (yes/no facts, highest wins: 教育背景) or
    ``deduct`` (points taken off when a yes/no fact is false: 违法记录 [least, most]).
    """

    label: str
    locator: str
    quote: str | None = None
    doc: str | None = None
    fact: str | None = None
    per: int | None = None
    points: int | None = None
    table: list[Band] | None = None
    options: list[Option] | None = None
    deduct: list[int] | None = None
    # per only: the indicator's highest points (配偶为本市户籍人员 最高分值40分).
    most: int | None = None
    # deduct only: a record nobody mentions counts as none (said so in the answer).
    assume_met: bool = False

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        ways = [w for w in ("per", "table", "options", "deduct") if getattr(self, w) is not None]
        if len(ways) != 1:
            raise ValueError(f"indicator {self.label!r} needs exactly one of per/table/options/deduct, got {ways}")
        facts = [o.fact for o in self.options or []] or [self.fact]
        for fact in facts:
            if fact not in FACTS:
                raise ValueError(f"indicator {self.label!r}: unknown fact {fact!r}")
        wanted = "bool" if ways[0] in ("options", "deduct") else "int"
        if any(FACTS[f].type != wanted for f in facts):  # type: ignore[index]
            raise ValueError(f"indicator {self.label!r}: {ways[0]} needs {wanted} facts, got {facts}")
        if self.most is not None and self.per is None:
            raise ValueError(f"indicator {self.label!r}: most caps a per indicator only")
        if self.per is not None and (self.points is None or self.per <= 0):
            raise ValueError(f"indicator {self.label!r}: per needs a positive per and points")
        if self.deduct is not None and not (len(self.deduct) == 2 and 0 < self.deduct[0] <= self.deduct[1]):
            raise ValueError(f"indicator {self.label!r}: deduct is [least, most] points, got {self.deduct}")
        return self

    def facts(self) -> list[str]:
        return [o.fact for o in self.options] if self.options else [self.fact]  # type: ignore[list-item]


class SumOf(_Strict):
    """A points scheme: the indicators' points added up must reach ``at_least`` (上海 积分 第十二条: 120).

    A total the person states (``points_score``) decides on its own; otherwise the checker adds what
    the facts give and answers only when the known points decide either way.
    """

    sum_of: list[Indicator] = Field(min_length=1)
    at_least: int
    label: str
    locator: str | None = None
    quote: str | None = None
    doc: str | None = None

    def as_comparison(self) -> Comparison:
        """The scheme seen as its one leaf: the total against the standard score."""
        return Comparison(fact="points_score", op=">=", value=self.at_least, label=self.label,
                          locator=self.locator, quote=self.quote, doc=self.doc)


Condition = AllOf | AnyOf | SumOf | Comparison
AllOf.model_rebuild()
AnyOf.model_rebuild()


class PlaceFacts(_Strict):
    """Facts the place asked about settles when the question's words do not (厦门 is one of the
    places 福建's 户籍意见 sends to 积分落户; 天津, a 直辖市, is no 设区的市 of 国办 2011 （四）)."""

    places: list[str]  # canonical names (厦门市)
    facts: dict[str, bool]
    note: str  # why the place settles them, quoted in the answer
    # General words the place reads its own way: 福州市区 said (settle_in_city_district) is 福州's 市辖区,
    # so the entry applies when the question's facts are these, too.
    also_when: dict[str, bool] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> PlaceFacts:
        unknown = sorted((set(self.facts) | set(self.also_when)) - set(FACTS))
        if unknown or not self.places:
            raise ValueError(f"place_facts {self.places!r}: needs places and known facts (unknown: {unknown})")
        return self


class Rule(_Strict):
    """One version of the conditions one jurisdiction sets for one target."""

    id: str
    target: str
    version: int  # the year the document is known by (成都 2011 规定 → 2011)
    title: str  # short plain title, e.g. 深圳经济特区居住证条例 申领居住证条件
    doc: str
    locator: str
    quote: str
    effective_from: dt.date | None  # None: the text gives no date (自发布之日起实施)
    effective_to: dt.date | None = None
    condition: Condition
    notes: list[str] = Field(default_factory=list)
    # Words only this version's document uses (《浙江省临时居住证》 of 杭州's 2012 two-card system): a
    # question about the place that says them asks about this version.
    named_by: list[str] = Field(default_factory=list)
    # The zone a named place lies in, for the facts of the place one settles in: applied only when
    # the question gave none of an entry's facts (县城 / 市区 said in words wins).
    place_facts: list[PlaceFacts] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Rule:
        if self.target not in TARGETS:
            raise ValueError(f"rule {self.id}: unknown target {self.target!r}; expected {list(TARGETS)}")
        if (self.effective_from and self.effective_to
                and self.effective_to < self.effective_from):
            raise ValueError(f"rule {self.id}: effective_to before effective_from")
        return self

    def in_force(self, on: dt.date) -> bool:
        """True when ``on`` lies within [effective_from, effective_to] (open ends allowed)."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to


class RuleFile(_Strict):
    """The content of one ``corpus/rules/<place>.yaml``."""

    jurisdiction: str
    aliases: list[str] = Field(default_factory=list)
    parent: str | None = None
    documents: dict[str, DocumentRef]
    rules: list[Rule]

    @model_validator(mode="after")
    def _check(self) -> RuleFile:
        for rule in self.rules:
            for leaf in [*iter_leaves(rule.condition), *iter_indicators(rule.condition)]:
                for doc in (rule.doc, leaf.doc or rule.doc):
                    if doc not in self.documents:
                        raise ValueError(f"rule {rule.id}: unknown document id {doc!r}")
            for quote in [rule.quote, *(leaf.quote for leaf in iter_leaves(rule.condition)),
                          *(ind.quote for ind in iter_indicators(rule.condition))]:
                if quote is not None and len(quote) >= MAX_QUOTE_CHARS:
                    raise ValueError(f"rule {rule.id}: quote longer than {MAX_QUOTE_CHARS - 1} "
                                     f"characters: {quote[:20]!r}…")
        return self


def iter_leaves(node: Condition):
    """All comparisons of a condition tree, depth first, in document order (a points scheme is one)."""
    if isinstance(node, Comparison):
        yield node
        return
    if isinstance(node, SumOf):
        yield node.as_comparison()
        return
    for child in node.all_of if isinstance(node, AllOf) else node.any_of:
        yield from iter_leaves(child)


def iter_indicators(node: Condition):
    """The indicators of every points scheme in a condition tree."""
    if isinstance(node, SumOf):
        yield from node.sum_of
    elif isinstance(node, (AllOf, AnyOf)):
        for child in node.all_of if isinstance(node, AllOf) else node.any_of:
            yield from iter_indicators(child)


def condition_facts(node: Condition) -> set[str]:
    """Every fact a condition reads: its comparisons' and its points indicators'."""
    leaves = list(iter_leaves(node))
    facts = {leaf.fact for leaf in leaves if leaf.fact}
    if any(leaf.from_registration for leaf in leaves):
        facts.add("registered_months")  # residence counted from the registration reads it
    facts |= {leaf.grows_with.fact for leaf in leaves if leaf.grows_with}
    return facts | {fact for ind in iter_indicators(node) for fact in ind.facts()}
