"""Read a person's circumstances out of a Chinese question, for the rule checker.

    "我在深圳住了十个月，社保交了一年，有劳动合同，能办居住证吗？"
        → ParsedQuestion(place="深圳市", target="residence_permit",
                         facts={"residence_months": 10, "social_insurance_months": 12,
                                "employed": True}, version_year=None, is_eligibility=True)

Steps: traditional → simplified (OpenCC), NFKC (full-width digits and punctuation), Chinese
numerals and words such as 一年半 / 半年 → Arabic months (``qa.text.numbers``); then each duration is
attributed to a fact by the words just before it (住了 / 社保交了 / 打算住 / 持证), and yes/no facts
are read from key phrases, negations first (没有劳动合同 before 劳动合同). Anything not found
stays out of ``facts`` (unknown). The parser never raises on odd input.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from qa.rules import facts_registration as registration
from qa.rules import slots
from qa.rules.model import FACTS, Between, Under
from qa.rules.places import (
    AUTONOMOUS_REGIONS,
    CITIES,
    NATIONAL,
    PROVINCE_OF,
    PROVINCES,
    canonical_place,
    to_simplified,
)
from qa.text.numbers import normalize_numbers
from qa.text.places import AMBIGUOUS_CITIES, NICKNAMES


@dataclass(frozen=True)
class ParsedQuestion:
    """What a question says about place, target, version and the person's facts."""

    place: str | None = None  # canonical, e.g. 深圳市; None when no place is named
    target: str | None = None  # residence_permit / compulsory_education / hukou
    facts: dict[str, Any] = field(default_factory=dict)
    version_year: int | None = None  # 按照2011年的成都规定 → 2011
    is_eligibility: bool = False  # asks whether *this person* qualifies
    notes: tuple[str, ...] = ()  # how ambiguous phrases were read

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------- normalisation

# A question is normalised by the parser and again by the checks that read it raw (question_kind,
# asks_verdict): the last few texts' forms are kept.
@lru_cache(maxsize=16)
def normalize(question: str) -> str:
    """Simplified characters, half-width digits, Arabic quantities (十个月→10个月, 半年→6个月).

    Approximate amounts become an Arabic range ``low~high`` before the unit, which ``_durations``
    reads as ``Between(low, high)``: 两三个月 → 2~3个月, 十来个月 → 10~12个月, 半年多 → 6~11个月.
    """
    text = unicodedata.normalize("NFKC", to_simplified(question or ""))
    for said, read in slots.load_concepts().same_as.items():  # 投奔 → 投靠: one word for each reading
        text = text.replace(said, read)
    text = re.sub(r"(\d)\s+(?=[个年月天日周])", r"\1", text)
    text = _approximate_ranges(text)
    # 八个多月 → 8个月多: 多 read after the unit; 三个来月 (about three) → 3个月许, about N, not more than N.
    text = text.replace("个多月", "个月多").replace("个来月", "个月许")
    text = re.sub(r"(?<![\d一二两三四五六七八九十个])半个月", "0.5个月", text)  # 过期半个月 (一个半月 is 1.5个月)
    text = re.sub(r"有一?[套间处](?=房)", "有", text)  # 有套房 / 有一处房产: 有房
    text = re.sub(r"([高初][一二三])(?=[一二两三四五六七八九十])", r"\1 ", text)  # 高一到高三三年: a grade, then 三年
    text = re.sub(r"(?:周|星期|礼拜)[一二三四五六日天末]", "周末", text)  # 周六周日 are days of the week, not weeks
    text = normalize_numbers(re.sub(rf"([{_CN_NUM}])(?=[千万])", lambda m: str(_CN_VALUE[m.group(1)]), text))
    # 一年半到两年 (18个月到2年): a range across two units
    return re.sub(r"(\d+)个月(到|至)(\d+)年", lambda m: f"{m.group(1)}~{int(m.group(3)) * 12}个月", text)


# ---------------------------------------------------------------- approximate amounts
#
# How an approximate amount is read (the checker gets ``Between(low, high)`` and leaves a threshold
# strictly inside the range unknown, so no certain verdict rests on a guess):
#   两三个月 / 三五年 / 十七八个月 / 2到3个月 / 两到三年   → the two numbers said
#   十来个月 (ten or a little more)                     → 10 to 12 (二十来天 → 20 to 24)
#   十几个月 / 十多个月 / 二十多天                        → 11 to 19 (21 to 29)
#   住了几个月 / 好几年 (said of time already spent)       → 2 to 9
#   半年多 → 6 to 11, 半年出头 → 6 to 8; N年多 / N年有余 / N年零几个月 → 12N to 12N+11; N年出头 → 12N to 12N+3
#   N个多月 → N (thresholds are whole months, so 8.x months meets 8 and misses 9 exactly as 8 does)
#   两年左右 / 大概半年 / 差不多两年 (about)                → ±10%, at least a month from 2 months up
# 快一年 / 将近半年 stay one month short (11 / 5) and 不到半年 stays Under(6): see _durations.
_CN_NUM = "一二两三四五六七八九"
_UNIT_AHEAD = r"(?=个|年|周年|天|日|周|岁|星期|礼拜|千|万)"
# Scores too (一百一十五六分), but not minutes (三五分钟).
_ADJACENT_AHEAD = r"(?=个|年|周年|天|日|周|岁|星期|礼拜|千|万|分(?!钟))"
_CN_VALUE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# 两三个月 / 七八岁 / 三五年 / 十七八个月 / 二十三四天: two numerals side by side.
_ADJACENT = re.compile(rf"(?:([{_CN_NUM}])百零?)?(?:([{_CN_NUM}])?(十))?([{_CN_NUM}])([{_CN_NUM}]){_ADJACENT_AHEAD}")
_RANGE_NUM = rf"(\d+|[{_CN_NUM}十]+)"
# 2到3个月 / 两至三年 / 3-5年 / 一年到两年: an explicit range (the first unit, if any, must be the second's).
_EXPLICIT = re.compile(_RANGE_NUM + r"\s*(个月|年)?\s*(?:到|至|-|~|—|－)\s*" + _RANGE_NUM + _UNIT_AHEAD)
# 十来个月 / 十几年 / 二十多天 / 20多天.
_TENS = re.compile(rf"([{_CN_NUM}]?十|[1-9]0)(来|几|多){_UNIT_AHEAD}")
# 住了几个月 / 好几年 / 来了几个月了: an unstated few, said of time spent (几个月能办下来 and 交齐了几天能拿到
# ask how long the office takes).
_FEW = re.compile(r"(?:(?<=了)|(?<=好))几(?=个月|年|天)"
                  r"(?!(?:个月|年|天)(?:就|才)?(?:能|可以)?(?:拿|领|取|办好|办完|办结|下来|出来|出证))"
                  r"|几(?=(?:个月|年|天)了)")


def _cn_or_int(text: str) -> int | None:
    from qa.text.numbers import chinese_to_int

    return int(text) if text.isdigit() else chinese_to_int(text)


def _adjacent(match: re.Match[str]) -> str:
    hundreds, tens_digit, ten, first, second = match.groups()
    a, b = _CN_VALUE[first], _CN_VALUE[second]
    if not ten and not hundreds and (first == "二" or second == "二"):
        return match.group(0)  # 一二年 / 二三年 may be a year (2023); people say 一两年, 两三年
    if not (b == a + 1 or (a, b) == (3, 5)):
        return match.group(0)  # 一九年 (2019) and the like: not a range
    if match.string.startswith("分", match.end()) and not (ten or hundreds):
        return match.group(0)  # 七八分 alone is no score anyone has
    base = (_CN_VALUE[tens_digit] if tens_digit else 1) * 10 if ten else 0
    base += _CN_VALUE[hundreds] * 100 if hundreds else 0  # 一百一十五六分 → 115~116
    return f"{base + a}~{base + b}"


def _explicit(match: re.Match[str]) -> str:
    low, high = _cn_or_int(match.group(1)), _cn_or_int(match.group(3))
    unit_ahead = match.string[match.end():match.end() + 2]
    if (low is None or high is None or not low < high or high >= 1900
            or (match.group(2) and not unit_ahead.startswith(match.group(2)))):
        return match.group(0)
    return f"{low}~{high}"


def _tens(match: re.Match[str]) -> str:
    base = _cn_or_int(match.group(1))
    if not base:
        return match.group(0)
    if match.group(2) == "来":
        return f"{base}~{base + max(base // 5, 1)}"  # 十来 → 10~12
    return f"{base + 1}~{base + 9}"  # 十几 / 十多 → 11~19


# Half-years said loosely: more than half a year (大半年, 半年多) or not quite (小半年).
_HALF_YEARS = {"大半年": "7~11", "小半年": "4~6", "半年多": "6~11", "半年有余": "6~11", "半年出头": "6~8"}


# A calendar year one came in (去年来的, 前年开始交的): the months since, from this year's first
# month back to that year's first month.
_YEARS_AGO = {"大前年": "25~47", "前年": "13~35", "去年": "1~23"}


# A calendar month one came, registered or started paying in (2025年3月来的 / 今年五月份开始交的 /
# 去年10月办的登记 / 社保是五月开始交的): the months since, read like 两三个月前来的. Only before a verb of
# arriving or starting, so a rule's date (2016年1月1日起施行) or a length said as 五月 (住了五月) stays.
_CALENDAR_MONTH = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})\s*年|(?P<rel>大前年|前年|去年|今年))?"
    r"(?P<month>1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])\s*月(?!\d*个)(?P<part>份)?"
    r"(?:(?P<day>[1-9]|[12]\d|3[01])\s*[日号])?(?P<when>初|中旬|上旬|下旬|中|底|末)?")
_CALENDAR_VERB = re.compile(r"(份|的时候|时|那会儿?)?(就|才|已经|开始|起|便)*[^，,。；;？?！!\d]{0,8}?"
                            r"(来|到|搬|办|交|缴|参保|入职|进厂|上班|工作|住|登记|签|租|买|打工|干活)")
_RULE_DATE = re.compile(r"施行|实施|颁布|发布|印发|生效|执行|失效|出台")
_YEAR_OFFSET = {"今年": 0, "去年": 1, "前年": 2, "大前年": 3}


def today() -> dt.date:
    """The day questions are read on (months since 2025年3月); tests set it."""
    return dt.date.today()


def _calendar_month(match: re.Match[str]) -> str:
    said = match.group(0)
    start, text = match.start(), match.string
    before, after = text[max(start - 2, 0):start], text[match.end():match.end() + 12]
    # 五月开始交的 / 是五月来的: a bare month only where it cannot be a length (住了五月) or a date of a rule
    if (not (match.group("year") or match.group("rel")) and not match.group("part")
            and not re.search(r"(是|从|自|于|在|等到|到了)$", before)):
        return said
    if (before.endswith("年") or re.match(r"\d", after) or _RULE_DATE.search(after[:6])
            or not _CALENDAR_VERB.match(after)):
        return said
    from qa.text.numbers import chinese_to_int

    month = int(match.group("month")) if match.group("month").isdigit() else chinese_to_int(match.group("month"))
    now = today()
    if match.group("year"):
        year = int(match.group("year"))
    elif match.group("rel"):
        year = now.year - _YEAR_OFFSET[match.group("rel")]
    else:
        year = now.year if month <= now.month else now.year - 1  # 五月 said in December: this year's
    if not month or not 1 <= month <= 12:
        return said
    since = (now.year - year) * 12 + now.month - month
    if since < 0 or since > 600:
        return said  # a month still to come (明年三月) or no one's stay
    if match.group("day"):
        exact = since - (1 if now.day < int(match.group("day")) else 0)
        return f"{exact}个月前" if exact >= 0 else said
    return f"{max(since - 1, 0)}~{since}个月前" if since else "0~1个月前"


def _approximate_ranges(text: str) -> str:
    text = _CALENDAR_MONTH.sub(_calendar_month, text)
    for said, months in _HALF_YEARS.items():
        text = text.replace(said, months + "个月")
    text = re.sub(r"(大前年|前年|去年)(?=(就|开始|起)?(来|到|搬|开始|起))",
                  lambda m: _YEARS_AGO[m.group(1)] + "个月前", text)
    text = re.sub(r"(年|周年)(零|又)几个月", r"\1多", text)  # 一年零几个月 = 一年多
    text = _EXPLICIT.sub(_explicit, text)
    text = _TENS.sub(_tens, text)
    text = _ADJACENT.sub(_adjacent, text)
    return _FEW.sub("2~9", text)


# ---------------------------------------------------------------- place

# One-character names of cities, read after 在/来/进 (在沪, 来蓉, 进京), and those who drift to a city
# (北漂); the gazetteer's nicknames (魔都, 鹏城) besides.
_ONE_CHARACTER = {"京": "北京市", "沪": "上海市", "蓉": "成都市", "宁": "南京市", "杭": "杭州市", "甬": "宁波市"}
_DRIFTERS = {"北漂": "北京市", "沪漂": "上海市", "深漂": "深圳市"}
_SHORT_FORMS = {**{f"{verb}{one}": city for one, city in _ONE_CHARACTER.items() for verb in "在来进"},
                **_DRIFTERS, **{name: place for name, place in NICKNAMES.items() if place != NATIONAL}}


# (specificity, (word, canonical name) pairs): cities and their short forms, then provinces.
_PLACE_NAMES: tuple[tuple[int, tuple[tuple[str, str], ...]], ...] = (
    (0, tuple((city, f"{city}市") for city in CITIES)),
    (0, tuple(_SHORT_FORMS.items())),
    # 保定 / 开封 read as words too (社保定期): they name the city only written with 市 (保定市区).
    (0, tuple((f"{city}市", f"{city}市") for city in sorted(AMBIGUOUS_CITIES))),
    (1, tuple((province, f"{province}省") for province in PROVINCES)),
    (1, tuple(AUTONOMOUS_REGIONS.items())),
)


def _names_by_first_character() -> dict[str, list[tuple[int, int, str, str]]]:
    """(order in _PLACE_NAMES, specificity, word, canonical name) by the word's first character: a
    question is searched for the few names that can start in it, in the same order, not for all."""
    index: dict[str, list[tuple[int, int, str, str]]] = {}
    listed = ((specificity, word, canonical) for specificity, names in _PLACE_NAMES for word, canonical in names)
    for order, (specificity, word, canonical) in enumerate(listed):
        index.setdefault(word[0], []).append((order, specificity, word, canonical))
    return index


_PLACE_NAMES_BY_FIRST = _names_by_first_character()


def find_place(text: str) -> str | None:
    """The most specific place named in ``text`` (a city over its province), canonical form."""
    candidates = sorted(entry for ch in set(text) for entry in _PLACE_NAMES_BY_FIRST.get(ch, ()))
    found = [(specificity, pos, word, canonical) for _, specificity, word, canonical in candidates
             if (pos := text.find(word)) >= 0]
    # 在宁波 holds 在宁 (南京): a short form overlapping a city name read elsewhere is part of it.
    cities = [(pos, pos + len(word), canonical) for _, pos, word, canonical in found if word in CITIES]
    hits = [(specificity, pos, canonical)  # cities (0) before provinces (1), then by position
            for specificity, pos, word, canonical in found
            if word in CITIES or not any(start < pos + len(word) and pos < end and other != canonical
                                          for start, end, other in cities)]
    if not hits:
        if re.search(r"全国|国家的?(规定|条例)|国务院|居住证暂行条例", text):
            return NATIONAL
        return None
    # 南京 contains 京: drop short forms that are part of a longer city name at the same spot.
    hits.sort()
    return canonical_place(hits[0][2])


# ---------------------------------------------------------------- target and intent

_HUKOU = re.compile(r"落户|入户|户口|转户|迁户|户籍|积分落户|常住户口|入籍")
_SCHOOL = re.compile(r"上学|入学|读书|义务教育|小学|初中|念书|就读|上幼儿园|学校|学位|转学")
_PERMIT = re.compile(r"居住证|暂住证")
# (read together with _VERDICT_WORDS below: 符合, 资格, 达标 are there; 能 holds 能不能 and 能否)
_ABILITY = re.compile(r"能|可以|行不行|行吗|够不够|够吗|有没有希望|有戏|申请得了|不让我?(落|办|迁|申)")
_GENERIC = re.compile(r"(需要|要|有)(什么|哪些|啥)(条件|材料)|条件是什么|条件有哪些|申领条件|办理条件|"
                      r"怎么办理|如何办理|流程|在哪里办|去哪办|多少钱|什么是")
_PERSONAL = re.compile(r"我|本人|咱|俺|孩子|我家|我们|自己")
_KID = r"(孩子|娃|小孩|儿子|女儿|闺女|子女|宝宝|小朋友)"
_CHILD = re.compile(_KID)
# The permit is for the child (给娃办居住证, 孩子能办居住证吗): the child's school and age are the
# applicant's (条例第十一条: 未满16周岁的由监护人代为申领).
_FOR_CHILD = re.compile(rf"(给|帮|替|为)(我)?(家)?(的)?([^，,。；;？?！!]{{0,5}}的)?{_KID}[^，,。；;？?！!]{{0,3}}"
                        rf"(办|申请|申领|领|弄)"
                        rf"|{_KID}(能|可以|能不能|可不可以|能否)(办|申请|申领)"
                        rf"|{_KID}[^？?]*(给|帮|替|为)(他|她)[^，,。；;？?！!]{{0,3}}(办|申请|申领|领)"
                        # 我闺女…在长春读书…她这种情况能申领吗: the child named before asks for her own permit
                        rf"|{_KID}[^？?]*(她|他)(这种情况|这情况|这样的?)?[^，,。；;？?！!]{{0,2}}"
                        rf"(能|可以|能不能|可不可以|能否)(申领|申请|办)")


# Asking for the permit itself ("能办上海居住证吗"): a 户口 mentioned on the way (投靠上海户口的老公)
# is a circumstance, not the target.
_PERMIT_ASK = re.compile(r"(办|领|申领|申请|申办|拿)[^，,。；;？?！!]{0,6}(居住证|暂住证)")
_HUKOU_ASK = re.compile(r"落户|入户|转户|迁户|户口迁|转(成|为)?[^，,。]{0,6}户口|(办|拿|申请|迁)[^，,。]{0,4}户口"
                        r"|上户口|把户口[^，,。]{0,2}(落|迁|转)")


_VALIDITY = re.compile(r"(办|填|选|定|写|弄)[^，,。；;？?！!\d]{0,4}(\d+)(年|个月)(有效|的有效期|期限)"
                       r"|有效期[^，,。；;？?！!\d]{0,6}(填|办|选|定|写|改|设)(成|为)?(\d+)(年|个月)")


# Entitlements named by a word of their own, checked before the three general ones.
_OTHER_TARGETS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 工作调到厦门，搬过去办了变更登记，居住年限能接着算吗: the years after a change of address.
    ("address_change_years", re.compile(r"(变更|搬|调到|调去|迁到)[^？?]{0,40}(接着|继续|连续|连着)[^，,。？?]{0,6}算"
                                        r"|重新计算")),
    # 2015年领的旧居住证过期了，按新办法重新申请，之前住的那些年还能连着算吗 (吉林 第二十七条)
    ("old_permit_years", re.compile(r"(旧|老|以前的|之前的|原来的)[^，,。；;？?！!]{0,2}居住证[^？?]{0,60}"
                                    r"(连着|连续|接着|继续|连起来)(计)?算"
                                    # 新办法出来之前就报过居住登记，那之前登记的时间还能接着算吗 (河北 第三十条)
                                    r"|(出来|实施|施行|出台)(之前|以前|前)[^？?]{0,16}登记[^？?]{0,40}"
                                    r"(连着|连续|接着|继续|连起来)(计)?算"
                                    r"|(以前|之前|早就?)[^，,。；;？?！!]{0,4}登记过[^？?]{0,30}(连着|连续|接着|继续|连起来)(计)?算")),
    # 以前暂住证那三年能算进居住年限吗: whether the years under a 暂住证 count.
    ("temporary_permit_years", re.compile(r"暂住证[^？?]{0,30}(算|计入)"
                                          # 以前暂住的那些年头还算不算居住年限: the years under it, named apart
                                          r"|暂住[证的]?[^，,。；;？?！!]{0,6}(年头|年限|那几年|那些年)[^，,。；;？?！!]{0,6}"
                                          r"(算|计入)[^，,。；;？?！!]{0,6}居住(年限|时间)")),
    # 补办了签注…下一次签注现在能办吗: the next renewal is asked about; the lapse is its history.
    ("permit_renewal", re.compile(r"(下[一1]?次|再次|下回|下[一1]回)[^，,。；;？?！!]{0,4}签注")),
    # 补办之前住的那几年还能跟后面连起来算吗: whether the years before a late 签注 join those after
    # (条例第十条第三款: counted from the day it was made up; 江苏 第十二条: joined within 30 days).
    ("restore_years_joined", re.compile(r"(签注|补办|补签|逾期|过期|延期|信息确认)[^？?]{0,40}"
                                        r"(之前|以前|前面|原来|最开始|此前)[^？?]{0,20}"
                                        r"(连起来|接着|连着|连续|继续|合并|一起)(计)?算")),
    # 签注 made up after it lapsed: does the permit come back, does the residence keep counting.
    ("permit_restore", re.compile(r"签注[^，,。；;？?！!]{0,8}(逾期|过期|晚了|超期|忘了)"
                                  r"|(逾期|过期|晚了|忘了)[^，,。；;？?！!]{0,6}签注|补办签注|补签注|补签|(使用功能|居住证)[^，,。；;？?！!]{0,4}中止"
                                  # 该签注的时候回了老家，一直拖着没办，回来去补办: the 签注 made up late
                                  r"|签注[^？?]{0,30}(拖着|没办|没去办)[^？?]{0,12}补办"
                                  # 到期一个月才去办延期，居住期限还接着算吗: does the residence keep counting
                                  r"|(延期|签注|到期|逾期|信息确认)[^？?]{0,30}(接着|继续|连续|连着)(计)?算"
                                  # 成都 2011 第十六条: 信息确认 missed, the permit's use stops (功能中止)
                                  r"|信息确认[^，,。；;？?！!]{0,6}(晚了|忘了|逾期|过期|没做|没去|没办)"
                                  r"|(忘了|没有?)(去)?(做|办)?信息确认|功能中止")),
    # 我爸腿脚不好…我能替他去办居住证吗 / 能代办吗: someone else applying (条例第九条第三款); read only
    # with words of being unable to go (行动不便) or of applying for another (代办), see find_target
    ("permit_by_proxy", re.compile(r"(替|帮|代)(他|她|老人|家里老人|我爸|我妈|爸爸|妈妈|父亲|母亲|老爸|老妈|爷爷|奶奶"
                                   r"|外公|外婆|姥姥|姥爷)[^，,。；;？?！!]{0,4}(办|申领|申请|领)[^，,。；;？?！!]{0,6}居住证"
                                   r"|代(为|办|领)[^，,。；;？?！!]{0,6}居住证|代为申领|代办|代领")),
    # 这个证还能继续用吗，不会被注销吧 / 搬到无锡，原来的证接着用就行吗: whether a permit held stays in use
    ("permit_kept", re.compile(r"(证|居住证)[^？?]{0,12}(继续|接[着著])(用|使用|有效)|(会|不会|会不会)被?注销"
                               r"|(继续|接[着著])(用|使用)[^，,。；;？?！!]{0,2}(原来|以前|之前)的?(证|居住证)"
                               # 搬到天水以后原来的居住证还有效吗 / 要不要重新申领
                               r"|(原来|以前|之前|这张|这个)的?(证|居住证)[^，,。；;？?！!]{0,6}还有效"
                               r"|(要不要|需不需要|需要|得|用不用|是否|还要)[^，,。；;？?！!]{0,4}重新(申领|办|申请|领)"
                               r"|(重新申领|重新办)[^？?]{0,20}(还是|原来的证)")),
    ("permit_renewal", re.compile(r"(做|办|去|进行)[^，,。；;？?！!]{0,4}信息确认")),  # 成都 2011 第十六条
    ("permit_renewal", re.compile(r"(?<![港澳湾照])(?<!通行证)签注(?![^，,。；;？?！!]{0,6}(港澳|香港|澳门|台湾))"
                                  r"|(居住证|证)[^，,。；;？?！!]{0,8}(续签|续期|延期|年审|到期)|续签|(办|去|申请|办理|再|接着|继续)延期"
                                  r"|(补办|办理)签注")),
    # 考本科 / 考高职 / 高职单招: the 高考 by the kind of school it admits to
    ("gaokao", re.compile(r"高考|考大学|普通高校招生|考(本科|专科|大专|高职)|高职(院校)?(单招|自主招生|招生)")),
    ("school_exams", re.compile(r"中考|考高中|升高中|上高中|读高中|中职招生|考普通高中|普通高中招生"
                                r"|(考|报考)(中职|中专|技校|职高|中等职业学校)")),
    ("public_housing", re.compile(r"公租房|公共租赁住房|廉租房|保障房|保障性住房|人才公寓")),
    ("enlistment", re.compile(r"当兵|参军|入伍|征兵|应征")),
    ("hk_macau_business_visa", re.compile(r"(港澳|香港|澳门)[^，,。；;？?！!]{0,4}商务|商务签(证|注)")),
    # 在住的地方办出入境证件 / 在福州直接办往来台湾通行证: a passport or pass applied for where one lives
    ("exit_entry_documents", re.compile(r"(办|申请|申领|办理)[^，,。；;？?！!]{0,6}(出入境证件|护照|港澳通行证|往来港澳"
                                        r"|往来台湾|台湾通行证|赴台通行证|大通行证)")),
    # 办个五年有效的 / 有效期直接填五年: the validity asked for the permit
    ("permit_validity", _VALIDITY),
    # 还能申请积分吗 / 能不能再申请积分: whether one may apply at all, not the total (上海 积分 第二条、第二十二条)
    ("points_apply", re.compile(r"(申请|申报|再申请|参加)[^，,。；;？?！!]{0,6}积分"
                                r"(?![^，,。；;？?！!]{0,4}(落户|入户|入籍))(?!制入户)[^，,。；;？?！!]{0,3}(吗|么|不)"
                                r"|积分(?!落户|入户)[^，,。；;？?！!]{0,4}(还能|能不能|可以|能|还可以)[^，,。；;？?！!]{0,2}"
                                r"(申请|申报)")),
    ("points", re.compile(r"积分(?![^，,。；;？?！!]{0,4}(落户|入户|入籍))(?!制入户)|分值|多少分|几分")),
)


# The applicant cannot go in person: old or disabled and unable to get about (条例第九条第三款).
_IMPAIRED = re.compile(r"行动不便|腿脚不(好|便|利索|方便)|走不了路|走不动|瘫痪|卧床|坐轮椅|残疾|残障"
                       r"|生活不能自理")
_CANNOT_GO = re.compile(_IMPAIRED.pattern + r"|(自己|本人)[^，,。；;？?！!]{0,2}(没法|没办法|不能|去不了|来不了)"
                                            r"[^，,。；;？?！!]{0,2}(去|到|来|跑)")


_NOT_KIN = re.compile(r"(我是|作为)(他|她|他们|她们)的?(朋友|同事|邻居|老乡|同学|室友|房东|老板)"
                      r"|(朋友|同事|邻居|老乡|同学|室友|房东|老板)[^，,。；;？?！!]{0,4}(替|帮|代)")


# Targets named only where a rule of the place asked about models them (elsewhere the question keeps
# the route it had before the target existed).
_WHERE_MODELLED = frozenset({"permit_kept", "points_apply"})
_TRAVEL = re.compile(r"港澳|香港|澳门|台湾|护照|通行证|出国|出境")  # 签注 for travel, not the permit's


_NO_PERMIT = re.compile(r"((没|没有|还没|未|尚未)(办|领|申领|办理)?(过)?(了)?|(已经?)?(办|领|拿)(好|到)?了"
                        r"|(拿|持|用)的是)"
                        r"[^，,。；;？?！!]{0,4}"
                        r"居住证(?![^，,。；;？?！!]*(吗|么|呢))")


# One indicator of a points scheme asked about on its own: 积分落户的合法稳定住所这一项我能积分吗 /
# 居住证积分里社保缴费基数这项能加分吗. The first topic named in the clause that asks wins.
_INDICATOR_ASK = re.compile(r"这[一1]?项|这个指标|单项|指标|那[一1]?项|(算|计)(进|入)[^，,。；;？?！!]{0,4}总积分")
_INDICATORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("points_insurance_base", re.compile(r"缴费基数|社保基数")),
    ("points_tax", re.compile(r"投资纳税|纳税")),
    ("points_remote_area", re.compile(r"远郊")),
    ("points_public_service", re.compile(r"特定(的)?公共服务")),
    ("points_shortage_major", re.compile(r"紧缺(急需)?专业|急需紧缺专业")),
    ("points_residence_area", re.compile(r"职住|城六区")),
    ("points_housing", re.compile(r"住所")),
    ("points_employment", re.compile(r"就业")),
)


# Indicators whose words name nothing else, so they may be said before the clause that asks.
_NAMED_APART = frozenset({"points_remote_area", "points_public_service", "points_shortage_major"})


def _indicator_target(text: str) -> str | None:
    if "积分" not in text and "加分" not in text:
        return None
    for clause in _CLAUSE.split(text):
        if _INDICATOR_ASK.search(clause) and re.search(r"积分|加分|算分|计分", clause):
            for target, topic in _INDICATORS:
                if topic.search(clause):
                    return target
            # 算特定公共服务领域就业，干了三年了。…这三年能算进总积分吗: the topic named before the asking clause
            for target, topic in _INDICATORS:
                if target in _NAMED_APART and topic.search(text):
                    return target
    return None


def find_target(text: str) -> str | None:
    """The entitlement asked about (a key of TARGETS or UNMODELLED_TARGETS), or None."""
    if indicator := _indicator_target(text):
        return indicator
    # The asker's own hukou (我户口在老家，…能办吗) is a circumstance, not what is asked for.
    text = _OWN_HUKOU.sub("，", text)
    # 我还没办居住证 / 我办了郑州市居住证，孩子能上小学吗: a permit one lacks or holds is a circumstance too.
    text = _NO_PERMIT.sub("，", text)
    text = re.sub(r"合同[^，,。；;？?！!]{0,6}续签", "", text)  # 合同每年都续签: the contract, not the permit
    # 现在住的是政府分的公租房: the home one lives in, not the public housing asked for
    text = re.sub(r"住(的是|在|进了?)[^，,。；;？?！!]{0,8}(公租房|公共租赁住房|廉租房|保障房|人才公寓)", "，", text)
    # 积分应该够了，能申请积分入户吗: what the last clause asks for wins over a circumstance before it.
    if _HUKOU_ASK.search(last_clause(text)) and not any(p.search(last_clause(text)) for _, p in _OTHER_TARGETS):
        return "hukou"
    # 人才落户条件够，户口懒得迁…能先申领成都居住证吗: the permit the last clause asks for wins too.
    if (_PERMIT_ASK.search(last_clause(text)) and not _HUKOU.search(last_clause(text))
            and not any(p.search(last_clause(text)) for _, p in _OTHER_TARGETS)
            # 现在办居住证还能接着算吗: whether time keeps counting is asked, not the permit
            and not re.search(r"(连着|连续|接着|继续|连起来)(计)?算", last_clause(text))):
        return "residence_permit"
    for target, pattern in _OTHER_TARGETS:
        if target in _WHERE_MODELLED and not registration.modelled(target, find_place(text)):
            continue  # 调到保定了，原来那个证还能接着用吗: no rule there, the documents answer
        if target == "permit_by_proxy" and not (_CANNOT_GO.search(text) or re.search(r"代为|代办|代领", text)):
            continue  # 帮我妈办居住证: her own eligibility is asked
        if pattern.search(text) and not (target == "permit_renewal" and _TRAVEL.search(text)):
            return target
    if _HUKOU.search(text) and not (_PERMIT_ASK.search(text) and not _HUKOU_ASK.search(text)):
        return "hukou"
    if _PERMIT_ASK.search(text) and (re.search(r"我|本人|俺", text) or _FOR_CHILD.search(text)):
        # 孩子在成都上初中…，我能办成都居住证吗: the parent's own permit; 能给孩子办居住证吗: the child's
        return "residence_permit"
    if _PERMIT.search(text) and re.search(r"申领|申办", last_clause(text)):
        return "residence_permit"  # 孩子要上学，听说得有居住证，我能直接申领吗: the permit is asked for
    if (_CHILD.search(text) and _SCHOOL.search(text)) or "义务教育" in text:
        return "compulsory_education"
    # 待了十个月，社保交了十个月，能办吗: a bare 能办吗 after one's circumstances asks for the permit.
    if _PERMIT.search(text) or re.search(r"申领|办证|领证|(能|可以|能不能|可不可以)(办|申请|申办|领)"
                                         r"(吗|么|不|了吗)?\s*[？?]?$", text):
        return "residence_permit"
    return None


_VERSION = re.compile(r"(?:(按照?|依照|依据|根据|用|以|适用)[^，,。；;？?！!]{0,4}?)?((?:19|20)\d{2})\s*年"
                      r"(?:版|的|出台的|施行的|颁布的|实施的|那版)?[^，,。；;？?！!\d]{0,10}?"
                      r"(规定|办法|条例|政策|版本|标准|细则|意见|文件)")


# 按2011年国务院办公厅那个户籍管理制度改革的通知: after 按/根据, a document named by a longer description.
_VERSION_DESCRIBED = re.compile(r"(按照?|依照|依据|根据)[^，,。；;？?！!]{0,8}?((?:19|20)\d{2})\s*年"
                                r"[^，,。；;？?！!\d]{0,24}?(规定|办法|条例|政策|细则|意见|文件|通知|配套文件)")


def find_version_year(text: str) -> int | None:
    """The year of a named version: 按照2011年的成都规定 → 2011 (not 2015年来深圳).

    A superseded document named by its title (按河南的暂住人口管理条例) names its rules' version too.
    """
    for match in _VERSION.finditer(text):
        return int(match.group(2))
    if described := _VERSION_DESCRIBED.search(text):
        return int(described.group(2))
    return _named_superseded(text)


def _named_superseded(text: str) -> int | None:
    """The version of the rules of a superseded document the text names: its title, or the title
    without its place together with the place, or the place and the kind of document (按杭州条例)."""
    from qa.rules.engine import load_rules  # local import: the parser works without the rule book

    try:
        book = load_rules()
    except Exception:  # noqa: BLE001 - a broken rule folder must not break parsing
        return None
    for core, title, names, version in _superseded_titles(book):
        if core in text and (core == title or any(n in text for n in names)):
            return version  # 按河南的暂住人口管理条例 (not 上海市居住证管理办法 for 天津's)
    if not _BY_DOCUMENT.search(text):
        return None  # the patterns below each start with one of these words: most questions have none
    for _core, title, names, version in _superseded_titles(book):
        kinds = re.findall(r"条例|办法|规定|细则|意见|通知", title)  # the kind of document: 条例 / 办法 …
        said = "|".join(re.escape(n) for n in names if len(n) >= 2)
        named = kinds and re.search(rf"(按|照|依照|根据|依据)照?(着)?({said})的?(?P<words>[\u4e00-\u9fff]{{0,8}}?)"
                                    rf"(那个|那部)?{kinds[-1]}", text)
        if named and named.group("words") and set(named.group("words")) <= set(title):
            return version  # 按杭州条例 / 按河南暂住人口条例: the place's own superseded 条例, its words shortened
    return None


def _named_by_words(text: str, place: str | None) -> int | None:
    """The version whose document alone uses a word the question says (临时居住证 of 杭州 2012)."""
    from qa.rules.engine import load_rules  # local import: the parser works without the rule book

    if not place:
        return None
    try:
        book = load_rules()
    except Exception:  # noqa: BLE001 - a broken rule folder must not break parsing
        return None
    for name in book.chain(book.resolve(place)[1]):
        for rule in book.files[name].rules:
            if any(word in text for word in rule.named_by):
                return rule.version
    return None


_SUPERSEDED_OF: dict[int, tuple[Any, list[tuple[str, str, list[str], int]]]] = {}


# How a question names a document it goes by (按杭州条例, 依照…办法): the start of the patterns above.
_BY_DOCUMENT = re.compile("按|照|根据|依据")


def _superseded_titles(book: Any) -> list[tuple[str, str, list[str], int]]:
    """(title without its place, title, the place's names, version) of every superseded rule whose
    title keeps at least 6 characters without its place, in rule-book order; made once per book,
    not on every question."""
    kept = _SUPERSEDED_OF.get(id(book))
    if kept is None or kept[0] is not book:
        entries = []
        for rule_file in book.files.values():
            names = [rule_file.jurisdiction, rule_file.jurisdiction.rstrip("省市"), *rule_file.aliases]
            longest_first = sorted(names, key=len, reverse=True)
            for rule in rule_file.rules:
                if rule.effective_to is None:
                    continue
                title = rule_file.documents[rule.doc].title
                core = next((title[len(n):] for n in longest_first if title.startswith(n)), title)
                if len(core) >= 6:
                    entries.append((core, title, names, rule.version))
        kept = _SUPERSEDED_OF[id(book)] = (book, entries)
    return kept[1]


# ---------------------------------------------------------------- durations

_DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:(年|周年)(?!级|代)(?:(半)|(?:零|又)?(\d+)\s*个?月)?|(个月|月)|(天|日)|"
    r"(周(?!岁)|个?星期|个?礼拜))")
# A minus sign or 负 right before the number (住了-5个月, 负三个月): no duration is negative.
_NEGATIVE = re.compile(r"(?:-|−|－|负)\s*$")
_CUMULATIVE = re.compile(r"累计|一共|总共|加起来|断断续续|断续|前后|合计")
# Contributions said to have broken off (中间断了三个月, 断缴过): not continuous, counted in all; the
# amount right after the break is the gap, not contributions.
_BREAK = re.compile(r"(?<![没不未])(断了|断过|断缴|中断|停缴|停了)(\d+(?:\.\d+)?个月)?")
# 一天社保都没交 / 社保一个月都没交: "not even one" is none at all; 一个月都没断过 is never broken off.
_NONE_AT_ALL = re.compile(r"[^，,。；;？?！!\d]{0,6}?(都|也)(没|没有|未)(有)?(断|间断|停)?")
_WINDOW = re.compile(r"(最近|近|过去|前)(2|两|二)年|(2|两|二)年(内|之内|以内|里)|24个月(内|以内|之内)")
_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
# A window of time (最近四年里 / 三年内): no duration of the person's, when looking for one said before.
_PAST_WINDOW = re.compile(r"(最近|近|过去|这)\d+(个月|年)(里|内|中|之内|以内)?|\d+(个月|年)(内|之内|以内)")
_FOUR_YEARS = re.compile(r"(最近|近|过去)(4|四)年|(4|四)年(内|里|之内|以内)")
# A stay counted in days or weeks right after 待/呆/住 and with no 了 (只在郑州待二十天, 呆两周,
# 住三十天) is the length of a planned visit; 住了三十天 / 来了二十天了 is time already spent.
_SHORT_STAY = re.compile(r"(待|呆|住|停留|逗留)(上|个)?$")
# A stay whose end is told (三个星期就完事 / 干两个月就回老家), bounded from above (顶多住半个月) or a
# course's length (学制三年 / 三年制): time one will spend there, not time spent.
_PLANNED_END = re.compile(r"(左右|上下|的样子)?(就|便)(完事|完工|干完|结束|走|回|撤|离开)|制")
_AT_MOST = re.compile(r"(顶多|最多|至多|撑死|也就)(只)?(住|待|呆|干|在这|在那)?(上|个)?$")
_DONE = re.compile(r"了|已经|已|过")
# A duration said to fall short (没到半年, 不满一年, 社保没交满一年, 快一年了, 半年不到) is only an
# upper bound: it becomes Under(bound), never the bound itself.
_SHORT_BEFORE = re.compile(r"(没有?|未|不|还没有?|尚未|还不)(交|缴|缴纳|住|待|呆|工作|上班)?(到|满|足|够)$"
                           r"|不足$")
# 快一年了 / 将近半年: just short of the bound, so one month less (快一年 → 11个月), not any time below.
_NEARLY = re.compile(r"(快|快要|将近|接近)(交|缴|住|待|呆)?(满|到)?$")
_SHORT_AFTER = re.compile(r"(还)?(不到|不满|不足|没到|没满)")
# 还差一个月满一年 / 差两个月就一年了: the year minus the months still missing.
_SHORT_BY = re.compile(r"(还)?差(\d+)个?月(就|才)?(满|到|够)?(\d+)年")
# Approximate amounts (see the table above normalize's helpers): 2~3个月 as normalised, 两年多,
# 一年出头, 两年左右, 大概半年, 差不多两年.
_CLOSES = re.compile(r"(了|多|许|有余|余|出头|左右|上下|的样子|以上|以下|不到|不满|不足|没到|没满)*")
_RANGE_LOW = re.compile(r"(\d+(?:\.\d+)?)~$")
_MORE_AFTER = re.compile(r"多|有余|余|出头")
_ABOUT_AFTER = re.compile(r"左右|上下|的样子")
_ABOUT_BEFORE = re.compile(r"(大概|大约|约莫?|差不多|差不离|估计|大致|估摸着?)[^，,。；;？?！!\d]{0,6}$")
# A threshold quoted from a rule is not the asker's situation: 要住满半年 / 需要连续居住满一年 /
# 社保要交满12个月吗 / 住满半年才能办吗 / 条件是住满一年 / 这半年从哪天开始算 / 居住半年的要求.
# Stated circumstances say it happened: 我住了 / 已经住满 / 住满了 / 交了.
_MODAL = re.compile(r"需要|需|必须|须|应当|应该|(?<![觉获记懂舍晓值取使待])得|要求|规定|条件是|标准是"
                    r"|(?<![还只也就])要")
_STRICT_MODAL = re.compile(r"需要|必须|须|应当|应该|要求|规定|条件是|标准是")
_FULL_BEFORE = re.compile(r"(满|够|足|达到|超过|住够)$")
_ASKS_AFTER = re.compile(r"(以上)?(才|方可|就(能|可以|行)|吗|么|嘛|是不是|是否|呢)")
_ABOUT_RULE_AFTER = re.compile(r"(以上)?(的)?(时间)?(是)?"
                               r"(从|怎么算|如何算|如何计算|怎么计算|指|包括|包不包括|算不算|起算|开始算)"
                               r"|(以上)?的(人|要求|条件|规定|标准|限制|门槛|外来人员|流动人口)")
_OWN_PLAN = re.compile(r"(我|本人|俺|我们)(还|就|也|可能|大概)?(需要|需|得|要|必须)")


# 先在外省干了几年 / 在老家工作了三年 / 之前在别的城市住过两年: where the time was spent is not here.
# 外地 / 外省 alone are where a migrant lives now (我在外省一个地级市干了三年): only a time before says otherwise.
_ELSEWHERE = re.compile(r"在(老家|别的城市|别的地方|别处|其他城市|其他地方|原籍)"
                        r"|(先|之前|以前|早先|原来|当初|早年)[^，,。；;？?！!]{0,2}在(外省|外地)")


def _months(match: re.Match[str]) -> float:
    number = float(match.group(1))
    if match.group(2):  # years
        months = number * 12
        if match.group(3):
            months += 6
        if match.group(4):
            months += float(match.group(4))
        return months
    if match.group(5):
        return number
    if match.group(7):
        return number * 7 / 30  # weeks
    return number / 30  # days


def _in_years(months: float) -> float:
    """Months (plain, Under or Between) as years."""
    if isinstance(months, Under):
        return Under(_as_number(months.bound / 12))
    return months.scaled(1 / 12) if isinstance(months, Between) else _as_number(months / 12)


def _as_number(value: float) -> int | float:
    if isinstance(value, (Under, Between)):
        return value
    # Two decimals: 29 days is 0.97 months and must stay below a 30-day (1-month) threshold.
    return int(value) if float(value).is_integer() else round(value, 2)


def _fmt_months(months: float) -> str:
    return f"{months:g}个月"


def _short_by(match: re.Match[str]) -> str:
    months = int(match.group(5)) * 12 - int(match.group(2))
    return f"{max(months, 0)}个月" if months > 0 else match.group(0)


def _quoted_requirement(before: str, after: str) -> bool:
    """要住满半年 / 社保要交满12个月吗 / 这半年从哪天算: a rule's threshold, not what happened."""
    if _DONE.search(before[-8:]) or re.match(r"(了|过)", after):
        return False  # 已经住满了半年 / 住了半年才来: it happened
    modal = (list(_MODAL.finditer(before)) or [None])[-1]  # the last one
    if modal is not None and not _OWN_PLAN.search(before[max(modal.start() - 3, 0):modal.end()]):
        tail = before[modal.end():]
        if not re.search(r"[，,。；;？?！!]", tail) and len(tail) <= 10 and (
                _STRICT_MODAL.fullmatch(modal.group(0)) or _FULL_BEFORE.search(before)
                or _ASKS_AFTER.match(after)):
            return True  # 需要连续居住一年 / 要住满半年 / 得交满一年吗
    if _FULL_BEFORE.search(before) and _ASKS_AFTER.match(after):
        return True  # 住满半年才能办吗 / 社保交满12个月吗 / 我要住满半年才能办吗
    return bool(_ABOUT_RULE_AFTER.match(after))  # 居住半年是从哪天算 / 住满一年的人


def _approximate(match: re.Match[str], months: float, before: str, after: str,
                 notes: list[str]) -> tuple[float, str]:
    """(value, before without the range's first number) for an approximate duration."""
    number = float(match.group(1))
    said = match.group(0)
    if (low := _RANGE_LOW.search(before)) and number:
        value: float = Between(_as_number(float(low.group(1)) * months / number), _as_number(months))
        before, said = before[:low.start()], low.group(0) + said
    elif (more := _MORE_AFTER.match(after)) and match.group(2) and not (match.group(3) or match.group(4)):
        top = 3 if more.group(0) == "出头" else 11  # 两年多: up to 35 months; 一年出头: a few over
        value, said = Between(months, months + top), said + more.group(0)
    elif more and match.group(5):
        notes.append(f"“{said}{more.group(0)}”按{_fmt_months(months)}计（门槛按整月算）。")
        return months, before
    elif (about := _ABOUT_AFTER.match(after) or _ABOUT_BEFORE.search(before)):
        margin = months * 0.1
        if not (match.group(6) or match.group(7)) and months >= 2:
            margin = max(round(margin), 1)  # months and years: at least a month either way
        value = Between(_as_number(max(months - margin, 0)), _as_number(months + margin))
        said = (about.group(1) + "…" + said if about.re is _ABOUT_BEFORE else said + about.group(0))
    else:
        return months, before
    notes.append(f"“{said}”按约{_fmt_months(value.low)}至{_fmt_months(value.high)}理解；"  # type: ignore[attr-defined]
                 "门槛落在其间时不作确定判断。")
    return value, before


# Amounts named by the words around them, read by one reader: (fact, cue just before the amount,
# cue just after it, how many of the fact's unit one month is; None: the amount is a score in 分).
# 签注逾期两个多月 / 晚了一个月 / 中止了20天; 离满一年还有2个月 / 还有2个月满一年; 积分有125分.
_CUED: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None, float | None], ...] = (
    # 离满一年还有 / 离到期还有四十来天 / 距有效期满只剩: the time left before the renewal date
    ("months_to_renewal_date", re.compile(r"(离|距离?)[^，,。；;？?！!]{0,8}((满|到)(1|一)年|到期|期满|过期)"
                                          r"[^，,。；;？?！!]{0,2}(还有|还差|差|只有|只剩|就剩|剩)$"
                                          # 住满一年还有四十来天 / 住满一年的日子是下个月二十几号，还差四十多天
                                          r"|(满|到)(1|一)年[^，,。；;？?！!]{0,16}?(还有|还差|只差|就差|只剩|就剩)$"),
     re.compile(r"[多许]?(才|就)?(满|到)(1|一)年|[多许]?(才|就)?(要)?到期"), 1),
    ("renewal_overdue_days", re.compile(r"(逾期|过期|超期|到期|晚了|拖了|中止了?|停用了?"
                                        r"|(功能|证)[^，,。；;？?！!\d]{0,2}停了)"
                                        r"[^，,。；;？?！!\d~]{0,6}$"
                                        # 忘了签注，已经过了三个月了: only where the 签注 lapsed (see _cued_amounts)
                                        r"|(?<=@)(已经)?过了$"
                                        # 等回来去补办已经过了一年多: the time overdue when it was made up
                                        r"|(?<=@)[^，,。；;？?！!\d]{0,8}(补办|补签)[^，,。；;？?！!\d]{0,3}(已经)?过了$"
                                        # 证被停用了，算起来已经停了一年半: the time it has stood suspended
                                        r"|(?<=@)[^，,。；;？?！!\d]{0,6}停了$"),
     # 被中止了，二十来天后才去补确认: the time until it was made up (only where it lapsed, see _cued_amounts)
     re.compile(r"后[^，,。；;？?！!\d]{0,3}(才|再)"), 30),
    ("points_score", re.compile(r"积分[^，,。；;？?！!\d]{0,8}$"), None, None),
)
# A score, in digits or Chinese numerals, perhaps approximate: 125分 / 一百一十来分 / 九十几分 / 一百二十多分.
_SCORE = re.compile(r"(\d+|[零一二两三四五六七八九十百]+)(来|多|几)?\s*分(?!钟|之|期|别|数线)")
# 积分，算下来一百一十来分: the score said in the clause after the one naming the points.
_SCORE_CARRIED = re.compile(r"积分[^。；;？?！!\d]{0,3}[，,][^，,。；;？?！!\d]{0,6}$")
_SCORE_PART = re.compile(r"加|扣|减|项|指标|要|需|标准|分值|达到|能")


def _score(match: re.Match[str], before: str, after: str, notes: list[str]) -> float | None:
    """The points a score says: exact, or a range when said loosely (一百一十来分 → 110 to 114)."""
    number = _cn_or_int(match.group(1))
    if number is None or match.group(1) == "十":  # 十分 alone is "very" (积分十分重要)
        return None
    said = match.group(0)
    if (low := _RANGE_LOW.search(before)) and int(low.group(1).split(".")[0]) < number:
        value: float = Between(int(low.group(1).split(".")[0]), number)  # 一百一十五六分 → 115 to 116
        said = low.group(0) + said
    elif match.group(2) == "来":  # a little over
        value = Between(number, number + 4)
    elif match.group(2):  # 一百二十多分 / 九十几分 / 一百多分: up to the next ten (hundred)
        step = 100 if number % 100 == 0 and number >= 100 else 10
        value = Between(number + 1, number + step - 1)
    elif (about := _ABOUT_AFTER.match(after) or _ABOUT_BEFORE.search(before)):
        margin = max(round(number * 0.05), 2)
        value = Between(max(number - margin, 0), number + margin)
        said = (about.group(1) + "…" + said) if about.re is _ABOUT_BEFORE else said + about.group(0)
    else:
        return number
    notes.append(f"“{said}”按约{value.low:g}至{value.high:g}分理解；标准分值落在其间时不作确定判断。")  # type: ignore[attr-defined]
    return value
_NO_POINTS = re.compile(r"积分[^，,。；;？?！!\d]{0,4}(没|没有|未)[去再]?(申请|办|弄)"
                        r"|(没有|没|未)(申请|办)过?积分(?!落户|入户)")


def _cued_amounts(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    """Facts whose amount the words around it name (the table above), in the fact's own unit.

    An amount said as N个多月 is more than N months (Between(N months + 1 day, N months + 29 days)),
    so it fails a 60-day limit that 2个月 meets.
    """
    lapsed = _lapsed(text)
    for match in sorted([*_DURATION.finditer(text), *_SCORE.finditer(text)], key=lambda m: m.start()):
        start = max([m.end() for m in _CLAUSE.finditer(text, 0, match.start())] or [0])
        before, after = text[start:match.start()], text[match.end():match.end() + 6]
        if _LEFT_ALONE.fullmatch(_RANGE_LOW.sub("", before)) and re.search(
                r"(满|到)(1|一)年", previous := _previous_clause(text, start)):
            before = previous + before  # …满一年的日子是下个月二十几号，还差四十多天
        if lapsed:
            before = "@" + before  # marks the clause start for the 过了 cue, which holds only here
        for fact, cue, cue_after, per_month in _CUED:
            carried = (match.re is _SCORE and _SCORE_CARRIED.search(text[max(start - 12, 0):match.start()])
                       and not _SCORE_PART.search(before))
            after_cue = bool(cue_after and cue_after.match(after)) and (fact != "renewal_overdue_days" or lapsed)
            if (fact in facts or (per_month is None) != (match.re is _SCORE)
                    or not (carried or cue.search(_RANGE_LOW.sub("", before)) or after_cue)):
                continue
            if per_month is None:
                if not re.match(r"(了)?(吗|么|呢|没|不|以上)", after):  # 积分能到120分吗 asks, 积分有125分 says
                    score = _score(match, before, after, notes)
                    if score is not None:
                        facts[fact] = score
                continue
            months = _months(match)
            if FACTS[fact].unit == "天" and match.group(2):
                per_month = 365 / 12  # 逾期超过1年 / 中止二年内: a year of days is 365
            if (more := _MORE_AFTER.match(after)) and (match.group(5) or match.group(2)) and FACTS[fact].unit == "天":
                # N个多月 / 一年多: more than the amount, by less than the next unit
                top = (29 if match.group(5) else 11 * 30 + 29)
                value: float = Between(_as_number(months * per_month + 1), _as_number(months * per_month + top))
                notes.append(f"“{match.group(0)}{more.group(0)}”按{_fmt_amount(value)}{FACTS[fact].unit}理解。")
            elif (more := _MORE_AFTER.match(after)) and match.group(5) and FACTS[fact].unit == "个月":
                # 还有一个多月满一年: more than a month to go, not within the month (条例第十条 签注)
                value = Between(_as_number(months + 0.03), _as_number(months + 0.97))
                notes.append(f"“{match.group(0)}{more.group(0)}”按多于{_fmt_months(months)}、"
                             f"不到{_fmt_months(months + 1)}理解。")
            elif FACTS[fact].unit == "天" and match.group(5) and not _approximate_after(before, after):
                value = _calendar_days(months)
                if isinstance(value, Between):
                    notes.append(f"“{match.group(0)}”按{_fmt_amount(value)}天理解（各月天数不同）。")
            else:
                months, _ = _approximate(match, months, before, after, notes)
                value = (months.scaled(per_month) if isinstance(months, Between)
                         else _as_number(months * per_month))
                if isinstance(value, Between) and FACTS[fact].unit == "天":  # 四十来天: 40 to 48, whole days
                    value = Between(round(value.low), round(value.high))
            facts[fact] = value
            break  # one amount, one fact: 离到期还有四十天 is no time overdue
    if "months_to_renewal_date" in facts and "days_to_renewal_date" not in facts:
        # 还有一个礼拜到期 / 还有半个月到期: the same time left, in days (30 to a month, as read above)
        left = facts["months_to_renewal_date"]
        facts["days_to_renewal_date"] = (Between(round(left.low * 30), round(left.high * 30))
                                         if isinstance(left, Between) else _as_number(round(left * 30)))
    if "points_score" not in facts and _NO_POINTS.search(text):
        facts["points_score"] = 0  # 积分一直没去申请过: a known zero, not an unknown
        notes.append("没有申请过居住证积分，积分按0分理解。")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# 还差四十多天 opening its clause: the time left to what the clause before names (满一年的日子).
_LEFT_ALONE = re.compile(r"(还|只|就)?(差|有|剩)")


def _previous_clause(text: str, start: int) -> str:
    return _CLAUSE.split(text[:start].rstrip("，,。；;！!？?"))[-1] if start else ""


# 到下个月二十号正好满一年，今天是四月二十八号: the days left to the anniversary, from the two dates said.
_DAY = r"(?P<day>\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_ANNIVERSARY = re.compile(r"(?P<when>下个?月|这个?月|本月)" + _DAY +
                          r"[号日][^。；;？?！!]{0,8}?满(1|一)年")
_TODAY = re.compile(r"今天(是|正好是)?(?P<month>\d{1,2})月" + _DAY + "[号日]")


def _anniversary(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    if "days_to_renewal_date" in facts or not (said := _ANNIVERSARY.search(text)) or not (now := _TODAY.search(text)):
        return
    import calendar

    day, month, today_day = _cn_or_int(said.group("day")), int(now.group("month")), _cn_or_int(now.group("day"))
    if not (day and today_day and 1 <= month <= 12 and day <= 31 and today_day <= 31):
        return
    month_days = calendar.monthrange(today().year, month)[1]
    left = (month_days - today_day + day) if said.group("when").startswith("下") else day - today_day
    if left < 0:
        return
    facts["days_to_renewal_date"] = left
    facts.setdefault("months_to_renewal_date", _as_number(round(left / 30, 2)))
    notes.append(f"从今天{month}月{today_day}日到{said.group(0)[:-3]}满一年，按还有{left}天理解。")


def _calendar_days(months: float) -> float:
    """Whole months told against a limit in days: as few and as many days as so many calendar months
    run (一个月 28 to 31, 两个月 59 to 62), so a 30- or 60-day limit is not met or missed by a guess."""
    if not float(months).is_integer() or not 1 <= months < 12:
        return _as_number(months * 30)
    spans = [sum(_MONTH_DAYS[(first + k) % 12] for k in range(int(months))) for first in range(12)]
    return Between(min(spans), max(spans))


def _approximate_after(before: str, after: str) -> bool:
    """两三个月 / 两个月左右 / 大概两个月: a range the approximate reader makes."""
    return bool(_RANGE_LOW.search(before) or _ABOUT_AFTER.match(after) or _ABOUT_BEFORE.search(before))


def _fmt_amount(value: Between) -> str:
    return f"{value.low:g}至{value.high:g}"


def _lapsed(text: str) -> bool:
    """忘了签注 / 签注没办: a 签注 said to have lapsed, so 已经过了三个月 is the time overdue."""
    return bool(re.search(r"签注[^，,。；;？?！!]{0,6}(忘|没|未|逾期|过期)|(忘了|没有?|未)(去)?(办|做)?(签注|信息确认)"
                          r"|签注[^？?]{0,30}(拖着|没办|没去办)"
                          r"|(信息确认|签注|居住证)[^，,。；;？?！!]{0,8}(被)?中止"
                          r"|(没|未)按时[^，,。；;？?！!]{0,2}(签注|信息确认)"
                          r"|居住证[^，,。；;？?！!]{0,12}(被)?停用", text))


def _cued(before: str, after: str) -> bool:
    """An amount the cue table reads (签注逾期两个月, 再过50天就满一年) is no residence or contribution time."""
    lapsed = before.startswith("@")
    return any(cue.search(_RANGE_LOW.sub("", before))
               or (cue_after and cue_after.match(after) and (fact != "renewal_overdue_days" or lapsed))
               for fact, cue, cue_after, _ in _CUED)


_ANNIVERSARY_AFTER = re.compile(r"(之日|的日子|那天|的那天)|[^，,。；;？?！!\d]{0,2}(还有|还差|就差|只差)\d")


def _durations(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    text = _SHORT_BY.sub(_short_by, text)
    clause_starts = [0] + [m.end() for m in _CLAUSE.finditer(text)]
    gaokao = "高考" in text  # durations of schooling are the child's high-school years
    lapsed = _lapsed(text)
    found = slots.mentions(text)
    concepts = slots.load_concepts().concepts
    # A window (这两年, 两年内) is not a duration of residence or contributions: drop it first.
    matches = [m for m in _DURATION.finditer(text)
               if not (re.search(r"(这|(?<![将接])近|最近|过去|前)$", text[:m.start()])
                       or re.match(r"(内|里|中|之内|以内)", text[m.end():]))]
    for i, match in enumerate(matches):
        start = max([s for s in clause_starts if s <= match.start()] or [0])
        if i and matches[i - 1].end() > start:
            start = matches[i - 1].end()
        before = text[start:match.start()]
        clause_end = _CLAUSE.search(text, match.end())
        end = clause_end.start() if clause_end else len(text)
        if i + 1 < len(matches) and matches[i + 1].start() < end:
            # 住了一年社保交了半年: no comma between two facts. The next fact's words (社保交了)
            # belong to it; only what closes this amount (了, 多, 左右, 以上…) stays with this one.
            end = match.end() + len(_CLOSES.match(text, match.end()).group(0))  # type: ignore[union-attr]
        after = text[match.end():end]
        if match.group(2) and float(match.group(1)) >= 1900:
            continue  # a calendar year (2011年的规定), not a duration
        if _NEGATIVE.search(text[:match.start()]):
            notes.append(f"“{text[max(match.start() - 1, 0):match.end()]}”是负数，不是一段时间，不予采用。")
            continue  # 住了-5个月 is not 5 months: no fact at all rather than a wrong one
        if _cued(("@" if lapsed else "") + before, text[match.end():match.end() + 6]):
            continue  # read by _cued_amounts
        if re.match(r"(的)?义务教育", text[match.end():]):
            continue  # 九年义务教育: the length of the schooling, no one's time spent
        if re.search(r"(满|到)$", before) and _ANNIVERSARY_AFTER.match(text, match.end()):
            continue  # 住满一年还有四十来天 / 住满一年的日子是…: the date the year is full, not time lived
        if match.group(5) == "月" and (text[:match.start()].endswith("年") or re.match(r"份|初|底|[上中下]旬", after)):
            continue  # 去年三月来的 / 3月份: a month of the calendar, not a length of time
        none_at_all = _NONE_AT_ALL.match(after) if float(match.group(1)) == 1 else None
        if (_BREAK.search(before[-3:]) or text[:match.start()].endswith(("第", "头"))
                or (none_at_all and none_at_all.group(4))):
            # 中间断了三个月: the gap (read with the contributions it breaks); 第二个月 / 头一个礼拜: a point in time
            continue
        if _quoted_requirement(before, after):
            notes.append(f"“{before[-6:]}{match.group(0)}”是在问规定的要求，不当作本人情况。")
            continue
        months: float = _months(match)
        if none_at_all or (float(match.group(1)) == 1 and re.search(r"(没|未)[^，,。；;？?！!\d]{0,2}过$", before)):
            months = 0  # 一天社保都没交 / 没交过一天社保: none at all
            notes.append(f"“{match.group(0)}”按一点也没有（0）理解。")
        short_before, short_after = _SHORT_BEFORE.search(before), _SHORT_AFTER.match(after)
        nearly = _NEARLY.search(before)
        if nearly and not (short_before or short_after) and months >= 2 and not match.group(6) and not match.group(7):
            before = _NEARLY.sub("", before)
            notes.append(f"“{nearly.group(0)}{match.group(0)}”按{_fmt_months(months - 1)}理解。")
            months -= 1
        elif nearly and not (short_before or short_after):
            short_before = nearly  # 快二十天: below it, by an unknown margin
        if short_before or short_after:
            months = Under(_as_number(months))
            before = _SHORT_BEFORE.sub("", before)
            said = (short_before.group(0) + match.group(0) if short_before
                    else match.group(0) + short_after.group(0))  # type: ignore[union-attr]
            notes.append(f"“{said}”按不满{_fmt_months(months.bound)}理解，不按已满计。")
        elif not nearly:
            months, before = _approximate(match, months, before, after, notes)
        clause = before + "@" + after
        if (re.match(r"(的)?(高中|高一|高二|高三)", after)
                or re.search(r"高(中|[一二三] ?)[^，,。；;？?！!\d]{0,4}$", before)
                or (gaokao and (re.match(r"(的)?学籍", after)
                                or re.search(r"(读|念|就读|就学|上)[^，,。；;？?！!\d]{0,3}$"
                                             r"|到毕业[^，,。；;？?！!\d]{0,5}$", before)))):
            # 孩子在河北上了两年高中 / 高中读了两年 / 读到毕业是两年: the child's high-school years
            # (高考 conditions)
            facts["child_high_school_years"] = (months.scaled(1 / 12) if isinstance(months, Between)
                                                else Under(_as_number(months.bound / 12)) if isinstance(months, Under)
                                                else _as_number(months / 12))
            continue
        # The concept the amount speaks of: the nearest concept word of its clause (住了一年 /
        # 一年半的社保 / 打算在这住两年), from the word table in qa/data/fact_concepts.yaml.
        if _ELSEWHERE.search(before):
            continue  # 先在外省干了几年: time spent somewhere else, not in the place asked about
        near = slots.nearest(found, match.start(), match.end(), start, end, text)
        previous = text[max([s for s in clause_starts if s < start] or [0]):start]
        concept = concepts[near.concept] if near else None
        name = near.concept if near and not near.weak else None
        social_before = any(m.concept == "social_insurance" and m.end <= start for m in found)
        # 社保交了十个月，最近两年累计也不满十八个月: a 累计 over a two-year window continues the 社保.
        carried = (name in (None, "now") and social_before
                   and (re.search(r"(交|缴)[^，,。；;？?！!]{0,3}$", before) or re.match(r"^(没|不)?断", after)
                        or (any(m.concept == "social_insurance" and start - len(previous) <= m.start < start
                                for m in found) and not _DURATION.search(_PAST_WINDOW.sub("", previous)))))
        if near is None and not carried and not _DURATION.search(_PAST_WINDOW.sub("", previous)):
            # 住厂里的宿舍，七个月了: an amount alone in its clause speaks of the clause before.
            near = slots.nearest(found, match.start(), match.end(), start - len(previous), start, text)
            concept = concepts[near.concept] if near else None
            name = near.concept if near and not near.weak else None
        if name == "social_insurance" or carried or (name is None and _CUMULATIVE.search(clause)
                                                     and _WINDOW.search(text[start:end]) and social_before):
            cumulative = _CUMULATIVE.search(clause) or _CUMULATIVE.search(text[start:end])
            next_end = _CLAUSE.search(text, end + 1)
            following = text[end:next_end.start() if next_end else len(text)]
            broken = _BREAK.search(text[start:end]) or _BREAK.search(following)
            if (broken and broken.group(2) and not isinstance(months, (Under, Between))
                    and not _CUMULATIVE.search(clause)):  # 前后加起来交了二十个月，中间断过四个月: 20 net
                gap = _months(next(_DURATION.finditer(broken.group(2))))  # 交了两年，中间断了三个月: 21 to 24
                months = Between(_as_number(max(months - gap, 0)), _as_number(months))
                notes.append(f"社保中间断了{_fmt_months(gap)}，累计按{_fmt_amount(months)}个月理解。")
            if (cumulative or broken or _WINDOW.search(text[start:end])) and "连续" not in clause:
                facts["social_insurance_months_total"] = _as_number(months)  # 断断续续交了三年: three years in all
                if _FOUR_YEARS.search(text):  # 最近四年里…加起来两年半 (上海 积分 第七条第（五）项)
                    facts["social_insurance_months_last_48"] = _as_number(months)
                elif isinstance(months, Between):  # 累计交了两三年: all of the last 24 months
                    facts["social_insurance_months_last_24"] = Between(min(months.low, 24), min(months.high, 24))
                elif not (isinstance(months, Under) and months.bound > 24):  # 累计不到三年: up to 24
                    facts["social_insurance_months_last_24"] = _as_number(min(months, 24))
                if not _WINDOW.search(text) and not _FOUR_YEARS.search(text):
                    notes.append("“累计”缴纳社保按最近两年内累计理解。")
            else:
                facts["social_insurance_months"] = _as_number(months)
                if "连续" not in clause:  # 社保交了三年半: that much in all, too
                    facts.setdefault("social_insurance_months_total", _as_number(months))
        elif (concept is not None and concept.plan) or (
                (_PLANNED_END.match(after) or _AT_MOST.search(before))
                and not _DONE.search(before) and not _DONE.match(after)):
            facts["intended_stay_months"] = _as_number(months)
        elif ((match.group(6) or match.group(7)) and (stay := _SHORT_STAY.search(before))
              and not _DONE.search(before) and not _DONE.match(after)):
            facts["intended_stay_months"] = _as_number(months)
            notes.append(f"“{stay.group(0)}{match.group(0)}”按打算在当地居住的时间理解（30天按1个月计）。")
        elif name == "permit" and text[max(near.start - 2, 0):near.start] == "临时":  # type: ignore[union-attr]
            # 临时居住证拿了两年多: the temporary card is issued on registration (杭州 2012 第十五条), so the
            # time held is time lived here since registering, not years of the permit itself.
            facts["residence_months"] = _as_number(months)
            facts.setdefault("registered_months", _as_number(months))
        elif name == "permit":
            facts["permit_holding_years"] = _in_years(months)
            # 居住证办了0年 / 持证0个月: a known zero is no permit at all, not an unknown.
            facts.setdefault("holds_permit", not (months == 0 and not isinstance(months, (Under, Between))))
        elif name == "contract" and re.search(r"剩|到期|还有|还差", before + after):
            continue  # 合同还剩半年到期: what is left of the term, not the term
        elif name is not None and concept is not None and concept.duration not in (None, "residence_months"):
            # 结婚整5年 / 居住登记满一年: the concept's own duration fact, in the fact's unit
            facts[concept.duration] = (_in_years(months) if FACTS[concept.duration].unit == "年"
                                       else _as_number(months))
            if concept.also:  # registered a year ago: lived there a year, unless said apart (住了两年)
                facts.setdefault(concept.also, _as_number(months))
        elif concept is not None and concept.duration == "residence_months" and not (
                concept.not_of_child and _CHILD.search(text) and not _FOR_CHILD.search(text)):
            facts["residence_months"] = _as_number(months)
            if concept.also and not near.weak:  # type: ignore[union-attr]
                facts.setdefault(concept.also, _as_number(months))  # 累计工作满两年 (南京 准入)
        elif concept is None and re.match(r"^(以)?前(就)?(来|到|搬)", after):  # 两三年前来的深圳: lived there since
            facts["residence_months"] = _as_number(months)


# ---------------------------------------------------------------- yes/no facts

_PERMIT_PLACE = ("(?:(?:" + "|".join(sorted({*CITIES, *PROVINCES, *AUTONOMOUS_REGIONS, "本地", "本市", "当地", "这边"},
                                              key=len, reverse=True)) + ")(?:市|省)?的?)?")

# (fact, value, pattern): the first matching entry per fact wins, so negations come first.
_FLAGS: list[tuple[str, bool, str]] = [
    ("business_licence", True, r"营业执照|个体户|个体工商户|开了?(家|个)?公司|注册了?公司|开了?(家|个)?店|做生意|经商"),
    # 有北京居住证 / 没有本地的居住证: a place name (only) may stand between the verb and 居住证.
    ("holds_permit", False, r"(没有|没|未|还没|尚未)(办|领|拿到?|有|持有)?(理)?(过)?(了)?" + _PERMIT_PLACE + "居住证"
                            # 居住证还没办 / 居住证我没有 (not 居住证没过期)
                            r"|居住证(我|也|都|还|一直)*(没有(?!过期|到期|失效)|(没|未)(办|领|拿|申请))"),
    # 用武汉居住证能办… / 凭居住证 / 拿着居住证 / 持有居住证: the asker has the permit in hand
    # (不用居住证 / 没用居住证 say nothing of it).
    ("holds_permit", True, r"((?<![得要需])有|持有|拿着|拿到了?|拿了|(拿|持|用)的是|办好了?|领到了?|办了|领了"
                           r"|已经?(办|领|拿)|我的"
                           r"|(?<![不没])用|凭着?|靠着?|手持|手里有|手上有|(?<![支维把坚主扶劫挟])持)((有效|正式)的?)?"
                           + _PERMIT_PLACE + "(《)?(广东省|浙江省|上海市)?居住证|持证"
                                             "|居住证(早就|早|已经?|都)?(办好|办了|拿到|在手|有了)|居住证(也|都)有"),
    ("senior_title", False, r"(没有|没|无)(高级)?(职称|技师)|(初级|中级)职称"),
    ("senior_title", True, r"(高级|副高|正高)(专业技术)?(职称|职务|工程师)|高级技师"),
    ("professional_title", False, r"(没有|没|无)(中级)?(职称|技师)|初级职称"),
    ("professional_title", True, r"(中级|高级|副高|正高)(专业技术)?(职称|职务|工程师)|高级技师|技师|工程师职称"),
    # 没到退休年龄 / 没超过退休年龄 are the negation of these
    ("below_retirement_age", False, r"(已经|已)退休|(?<![没未不])退休了|(超过|到)(了)?(法定)?退休年龄"),
    ("below_retirement_age", True, r"离(法定)?退休(年龄)?(还)?(早|远)|离(法定)?退休(年龄)?还有"
                                   r"|(没|未|还没)(到|满|超过)(法定)?退休"),
    # 投靠 a relative with local hukou (上海 第九条, 成都 第八条第（四）项); a relative's 外地/农村户口
    # is no such route, hence the excluded characters before 户口.
    ("joins_local_relative", False, r"(没有|没|无)(在当地|当地|本地|本市)?的?(亲属|亲戚|家人)|不是(来)?投靠"),
    # (a relative of local hukou named: _relatives)
    ("joins_local_relative", True, r"投靠|随迁家属|家属随迁|夫妻团聚"),
    ("talent_recognised", False, r"(没有|不符合|不够|不满足|达不到)[^，,。；;？?！!]{0,4}人才(落户|引进)"),
    ("talent_recognised", True, r"人才引进|引进人才|高层次人才|人才认定|人才居住证|"
                                r"(符合|属于|作为)[^，,。；;？?！!]{0,6}人才"
                                # 按成都的人才落户规定我是够条件的
                                r"|人才(落户|引进)[^，,。；;？?！!]{0,8}(够|符合|满足|达到)"),
    # 浙江 第十六条第二款 投资创业 route; 杭州 2012 第十七条 学历 and 计划生育 conditions.
    ("investor_recognised", True, r"投资创业|投资(办厂|开厂|设厂|办企业|兴办企业)"
                                  r"|投资(办|开|设)了?(一|个|家|一家)?[^，,。；;？?！!]{0,3}(公司|企业|厂)"
                                  r"|来[^，,。；;？?！!]{0,4}投资(办|开|设)"),
    ("high_school_or_above", False, r"(初中|小学)(毕业|文化|学历|文凭)|只(读|上|念)(过|到)?(了)?(初中|小学)"
                                    r"|(没|没有)(读|上|念)过高中|没上过学|文盲"),
    ("high_school_or_above", True, r"(高中|中专|职高|技校|大专|专科|本科|大学|硕士|博士|研究生)(毕业|学历|文凭|文化)"
                                   r"|学历是?(高中|中专|大专|本科|硕士|博士|研究生)|本科生|研究生|硕士|博士|大学生"),
    ("held_temporary_permit", True, r"(办|领|拿)(过|了)[^，,。；;？?！!]{0,6}暂住证"
                                    r"|暂住证[^，,。；;？?！!]{0,3}(办|拿|领)(了|过)"
                                    # 办暂住证三年了 / 持暂住证两年: held for a time told
                                    r"|(办|领|拿|持有?)[^，,。；;？?！!]{0,2}暂住证[^，,。；;？?！!\d]{0,8}\d+(个月|年)"),
    ("strategic_industry_contract", True, r"战略性新兴产业"),
    ("industrial_park_contract", True, r"(市级|省级|国家级)[^，,。；;？?！!]{0,4}(工业)?园区|工业园区?"),
    ("honour_title", True, r"荣誉称号|劳动模范|劳模|先进工作者|突出贡献"),
    # 评为杭州市劳动模范 / 省劳模 / 全国劳模 are 市级以上; a district's or a company's is not.
    ("model_worker_city_or_above", False,
     r"(区级|区里|区上|县级|县里|街道|公司|单位|厂里|企业)[^，,。；;？?！!]{0,4}(劳动模范|劳模)"),
    ("model_worker_city_or_above", True, r"(市级|省级|国家级|全国|省|市)[^，,。；;？?！!]{0,4}(劳动模范|劳模)"),
    ("senior_vocational_qualification", True, r"高级职业资格|(国家)?职业资格三级|三级职业资格|高级工(?!程)"),
    # 积分也够申报指导分值了 (天津 第三十二条第（五）项): the published points line, said reached or not.
    ("points_standard_reached", False, r"积分[^，,。；;？?！!\d]{0,4}((?<!够)不够|没够|没达到|达不到|不到|差)"
                                       r"(?![^，,。；;！!]*(吗|么|[？?]))"),
    ("points_standard_reached", True, r"积分[^，,。；;？?！!\d]{0,6}(?<!不)(够|达到|达标|满足|过了)(?!不)"
                                      r"(?![^，,。；;！!]*(吗|么|[？?]))"),
    # 符合保障条件 (郑州 第二十一条第（七）项): the housing office's own conditions, said met or not.
    ("housing_support_eligible", False, r"不(符合|满足|够)[^，,。；;？?！!]{0,6}保障[^，,。；;？?！!]{0,2}条件"),
    ("housing_support_eligible", True, r"(符合|满足|够)[^，,。；;？?！!]{0,6}保障[^，,。；;？?！!]{0,2}条件"
                                       r"(?![^，,。；;？?！!]{0,3}(吗|么|不|没))"),
    ("relative_has_family_hukou", True, r"家庭户"),  # 不是家庭户口: a collective one (南京 细则 第八十条)
    # 人已经回江西老家了 / 出租屋也退了: no longer living in the place (签注 needs 继续居住)
    ("still_resident", False, r"人(已经|都|也)?回(到)?[^，,。；;？?！!]{0,6}(老家|家里|原籍)(了|去了)"
                              r"|已经回(到)?[^，,。；;？?！!]{0,6}老家(了|去了)?|(出租屋|房子)[^，,。；;？?！!]{0,2}退(了|掉)"),
    ("no_unlawful_births", False, r"超生|违法生育|违反(了|过)?计划生育"),
]
# Facts that are a level reached: a higher level denied (没有高级职称) does not deny them.
_LEVELS = frozenset({"high_school_or_above", "professional_title"})
_PERMIT_FACTS = {"residence_months", "registered_months", "social_insurance_months", "social_insurance_months_total",
                 "social_insurance_months_last_24", "intended_stay_months", "residence_registered"}
_ROUTE_FACTS = {"joins_local_relative", "talent_recognised", "investor_recognised", "joins_spouse", "joins_parent",
                "joins_child"}
# A degree held (硕士研究生学历, 中专毕业) is no current study.
_STUDY = re.compile(r"上学|读书|在读|就读|学生|念书|上大学|读大学|读研|(研究生|中专)(?!学历|学位|毕业|文凭)|学籍|进修"
                    r"|在校|大学生|本科生"
                    r"|(读|上|念)(全日制)?(\d年制的?)?(本科|大专|专科|研|博|硕士|高中|初中|小学|中学|职高|技校|大学|幼儿园)"
                    r"|(?<!非)全日制")  # 非全日制 (part-time, 在职) is no full-time student
# Schools only a child attends: with a child in the question they are the child's, not the asker's.
_CHILD_SCHOOL = re.compile(r"小学|初中|中学|幼儿园|学前班")
_AGE = re.compile(r"(\d{1,2})\s*(岁|周岁)")
_AGE_BELOW = re.compile(r"(未满|不满|不到|不足|没满|没到)$")  # 未满18周岁: under the age said
# 我62了 / 我今年45，: the asker's age said without 岁 (16 to 99, followed by 了 or a clause end).
# 今年47了，在广州干了十几年: said at the question's (or a clause's) start, the age is the asker's too.
_OWN_AGE = re.compile(r"(?:(我|本人|俺)(今年|已经|都)?|(?:^|(?<=[，,。；;]))(今年|都|已经))(1[6-9]|[2-9]\d)(了|[，,])")


# The asker's own hukou: 我是北京户口 / 我户口就在成都 / 我是本地户口 / 我不是深圳户籍.
_OWN_HUKOU = re.compile(r"(我|本人|俺)(?P<neg>不是|并不是|不)?(是|的户口是|户口是|户籍是)"
                        # 我是重庆籍农村人: 籍 alone says where the hukou is too
                        r"(?P<p1>[^，,。；;？?！!]{1,6}?)的?(户口|户籍|籍(?=农村人|城里人|人|[，,。；;]|$))"
                        # a clause that opens with 户口在… speaks of the asker's own (户口在重庆农村，在主城…)
                        r"|(我|本人|俺|^|(?<=[，,。；;]))的?(户口|户籍)(?P<neg2>不在|没在)?(就|也|一直|还)?(?P<neg3>不)?(在|落在|是)"
                        r"(?P<p2>[^，,。；;？?！!]{1,6}?)(?=[，,。；;？?！!]|的|$)"
                        # 重庆本地农村户口，在两江新区上班: a clause that is only a hukou opens the question
                        r"|^(?P<p3>[^，,。；;？?！!是]{1,8}?)的?(户口|户籍)(?=[，,。；;])")
_ORIGIN = re.compile(r"老家(是|在)?[^，,。；;？?！!]{1,8}?(的|人)?(?=[，,。；;])"
                     r"|从[^，,。；;？?！!\d]{1,8}?(?=过来|来到|来|搬到|搬来|调到|调来|跑到)")  # 从甘肃天水过来西安
_LOCAL_WORDS = re.compile(r"本地|本市|当地|这里|这边|此地|我们市|同一个?市")
_AWAY_WORDS = re.compile(r"外地|老家|外省|外市|农村|家乡|原籍|其他")


def _hukou(text: str, facts: dict[str, Any]) -> None:
    """non_local_hukou from what the asker says of their own hukou (a relative's does not count).

    Local only when the hukou place is 本地 or the very place asked about; a different city (or 老家,
    外地) is away. A province around the asked city (我是河南户口…在郑州) decides nothing.
    """
    match = _OWN_HUKOU.search(text)
    if match is None:
        return
    opening = text[match.start():match.start() + 3]
    previous = _CLAUSE.split(text[:match.start()].rstrip("，,。；;"))[-1]
    if not re.match(r"(我|本人|俺)", opening) and re.match(
            "(" + "|".join(_RELATIVE_KINDS.values()) + ")", re.sub(r"^(我|我的|我家)", "", previous)):
        return  # 老婆是成都人，户口在成都: the clause goes on about the relative named before it
    negated = bool(match.group("neg") or match.group("neg2") or match.group("neg3"))
    where = match.group("p1") or match.group("p2") or match.group("p3") or ""
    if match.group("p3") and re.search("|".join(_RELATIVE_KINDS.values()) + "|" + _KID[1:-1], where):
        return  # 老公上海户口，…: a relative's
    named = find_place(where)
    rest = text.replace(match.group(0), "", 1)
    asked = find_place(_ORIGIN.sub("，", rest)) or find_place(rest) or named  # one place named: it is asked about
    if not negated and named not in (None, NATIONAL) and asked not in (None, NATIONAL):
        # 户口在重庆开州农村, asking about 重庆: 本市籍 (重庆 实施意见 （四）), wherever in the city
        facts.setdefault("municipal_hukou", named == asked or PROVINCE_OF.get(named) == asked)
        # 户口在南充, asking about 绵阳: not the city's, but inside the province (四川 二（三）)
        same_province = PROVINCE_OF.get(named, named) == PROVINCE_OF.get(asked, asked)
        facts.setdefault("hukou_outside_province", not (facts["municipal_hukou"] or same_province))
    if _LOCAL_WORDS.search(where):
        local: bool | None = True
    elif _AWAY_WORDS.search(where):
        local = False
    else:
        named, asked = find_place(where), find_place(_ORIGIN.sub("，", rest)) or find_place(rest)
        if named is None or named == NATIONAL:
            return
        if asked is None or asked == named:
            local = True  # 户口在海口美兰区…能在龙华办吗: the one place named is the place asked about
        elif named.endswith(("省", "自治区")) or asked.endswith(("省", "自治区")):
            local = None  # 河南户口 asking about 郑州: the city inside is not known here
        else:
            local = False
        if local is None:
            return
    facts["non_local_hukou"] = not local if not negated else True


# Where one asks to settle, by the zones the hukou documents name; the zone in the asking clause wins.
_ZONES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("settle_in_core_city", re.compile(r"主城区|主城|中心城区|市辖区|都市功能(核心|拓展)区")),
    # (县城城区 / 县城区 is a county seat's)
    ("settle_in_city_district", re.compile(r"城市发展新区|设区市的?城区|地级市的?城区|(?<!县级市的)(?<!县级市)市区"
                                           r"|(?<!县)(?<!县城)城区"
                                           r"|地级市|设区的市")),
    ("settle_in_county_town", re.compile(r"县城|县里|县城区|县级市|建制镇|小城镇|中心镇|镇上|乡镇")),
)


# 重庆's districts by the function zones 实施意见 （四）至（六） set conditions for (the city's 五大功能区域):
# a district named decides the zone its 城区 lies in (万州城区: 渝东北, three years).
_CHONGQING_ZONES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("settle_in_core_city", re.compile(r"渝中|大渡口|江北|沙坪坝|九龙坡|南岸|北碚|渝北|巴南")),
    ("settle_in_city_district", re.compile(r"涪陵|长寿|江津|合川|永川|南川|綦江|大足|璧山|铜梁|潼南|荣昌|万盛|双桥")),
    ("settle_in_ecological_county", re.compile(r"渝东北|渝东南|万州|开州|开县|梁平|城口|丰都|垫江|忠县|云阳|奉节"
                                               r"|巫山|巫溪|黔江|武隆|石柱|秀山|酉阳|彭水")),
)
_ALL_ZONES = ("settle_in_core_city", "settle_in_city_district", "settle_in_county_town", "settle_in_ecological_county")
_CITY_POPULATION = re.compile(r"城区(常住)?人口[^，,。；;？?！!\d]{0,4}?(\d+)(?:~(\d+))?\s*万"
                              # 那个县城城区也就二十来万人
                              r"|城区()[^，,。；;？?！!\d]{0,4}?(\d+)(?:~(\d+))?\s*万人"
                              # 城区七八十万人 reads as 800000人
                              r"|城区(常住)?(人口)?[^，,。；;？?！!\d一二两三四五六七八九十百千几多来]{0,4}?(\d{5,})人")


def _city_population(text: str, facts: dict[str, Any]) -> None:
    """城区人口三十来万的小城市: the urban population a city's hukou conditions are sorted by, in 万."""
    if match := _CITY_POPULATION.search(text):
        if match.group(9):
            low = high = int(match.group(9)) // 10000
        else:
            low = int(match.group(2) or match.group(5))
            high = int(match.group(3) or match.group(6) or low)
        facts.setdefault("city_population_wan", Between(low, high) if high > low else low)


def _remote_area(target: str | None, facts: dict[str, Any], notes: list[str]) -> None:
    """在远郊重点区域工作并居住，三年多了: asked about that indicator, the time told is the time there."""
    if target == "points_remote_area" and "residence_months" in facts:
        facts.setdefault("remote_area_months", facts["residence_months"])
        notes.append("问远郊重点区域指标时，所说的居住时间按在该区域工作并居住的时间理解。")


_BEIJING_CORE = r"东城|西城|朝阳|海淀|丰台|石景山|城六区"
_BEIJING_OUTER = r"通州|大兴|昌平|顺义|房山|门头沟|平谷|怀柔|密云|延庆|亦庄"
_MOVED_OUT = re.compile(rf"(原来|以前|之前|本来)?[^，,。；;？?！!]{{0,4}}({_BEIJING_CORE})[^。；;？?！!]{{0,16}}?"
                        rf"(搬|迁|转移)[^，,。；;？?！!]{{0,3}}({_BEIJING_OUTER})")


# 社保也断了，到现在断了七个多月 / 停缴半年了: how long contributions have stopped.
_STOPPED = re.compile(r"(断|停|停缴|断缴|没交)了?[^，,。；;？?！!\d]{0,4}?(\d+(?:\.\d+)?)个月")


def _permit_kept(text: str, facts: dict[str, Any]) -> None:
    """Whether a permit held stays in use (江苏 第十一条 省内通用, 杭州 2012 第二十条 注销)."""
    if stopped := _STOPPED.search(text):
        facts.setdefault("insurance_stopped_months", _as_number(float(stopped.group(2))))
    if re.search(r"离开[^，,。；;？?！!]{0,6}(回|到|去)", text):
        facts.setdefault("still_resident", False)  # 离开杭州回老家
    cities = [canonical_place(city) for city in CITIES if city in text]
    # 在保定办了居住证: an ambiguous city name said as where one lived or moved
    cities += [f"{city}市" for city in AMBIGUOUS_CITIES
               if f"{city}市" in PROVINCE_OF and re.search(rf"(在|到|从){city}|{city}市", text)]
    if len(set(cities)) >= 2 and re.search(r"调到|调去|搬到|搬去|迁到|去了", text):
        provinces = {PROVINCE_OF.get(city, city) for city in cities}
        facts.setdefault("moved_within_province", len(provinces) == 1)
        facts.setdefault("moved_within_city", False)  # 保定的证, 搬到石家庄: another city
    if re.search(r"(我|本人)[^，,。；;？?！!]{0,8}(的|办了?|拿着?|有)[^，,。；;？?！!]{0,8}居住证"
                 r"|这个证|原来的证", text):
        facts.setdefault("holds_permit", True)


def _lishui_gaochun(text: str, target: str | None, facts: dict[str, Any]) -> None:
    """落户到高淳 / 溧水县城 (南京 准入 第三条): the two counties whose towns take a home or a job."""
    if target == "hukou" and re.search(r"溧水|高淳", text):
        facts.setdefault("settle_in_lishui_gaochun", True)


def _public_service(target: str | None, facts: dict[str, Any], notes: list[str]) -> None:
    """在公立医院当护工，算特定公共服务领域就业，干了三年了: asked about that indicator, the time worked."""
    worked = facts.get("work_months_total", facts.get("residence_months"))
    if target == "points_public_service" and worked is not None:
        facts.setdefault("public_service_months", worked)
        notes.append("问特定公共服务领域指标时，所说的工作时间按在该领域就业的时间理解。")


# 专业在紧缺急需专业目录里 / 不在目录里; 工作跟专业不沾边 / 专业对口.
_SHORTAGE_LISTED = re.compile(r"(紧缺急需|急需紧缺|紧缺)专业目录(里|内|中|上)"
                              r"|专业[^，,。；;？?！!]{0,8}(属于|是|在)[^，,。；;？?！!]{0,8}紧缺")
_SHORTAGE_NOT = re.compile(r"(不在|不属于|不是)[^，,。；;？?！!]{0,8}紧缺")
_OFF_MAJOR = re.compile(r"(跟|和|与)(所学)?专业(不沾边|不对口|无关|没关系|没有关系|不一致|不相关|不搭)"
                        r"|专业不对口|不对口|改行|转行")
_ON_MAJOR = re.compile(r"专业对口|对口(的)?(工作|岗位)|(跟|和|与)(所学)?专业(一致|对口|相关)|干的(就是|是)本专业")


def _major(text: str, target: str | None, facts: dict[str, Any]) -> None:
    if target != "points_shortage_major":
        return
    if _SHORTAGE_NOT.search(text):
        facts.setdefault("shortage_major", False)
    elif _SHORTAGE_LISTED.search(text):
        facts.setdefault("shortage_major", True)
    if _OFF_MAJOR.search(text):
        facts.setdefault("job_matches_major", False)
    elif _ON_MAJOR.search(text):
        facts.setdefault("job_matches_major", True)


def _validity(text: str, target: str | None, facts: dict[str, Any]) -> None:
    """办个五年有效的 / 有效期直接填五年: the validity asked for (辽宁 第十三条, 杭州 第十九条)."""
    if target != "permit_validity" or not (said := _VALIDITY.search(text)):
        return
    number = int(said.group(2) or said.group(7))
    unit = said.group(3) or said.group(8)
    facts["requested_validity_months"] = number * 12 if unit == "年" else number
    for fact in ("permit_holding_years", "residence_months", "registered_months"):
        facts.pop(fact, None)  # the validity said is no time held or lived
    if facts.get("holds_permit") is True and not re.search(r"(有|持有|拿着|办了)[^，,。；;？?！!]{0,6}居住证", text):
        facts.pop("holds_permit")


def _moved_out_of_core(text: str, target: str | None, facts: dict[str, Any], notes: list[str]) -> None:
    """从朝阳搬到通州两年了: asked about the 职住区域 indicator, the time since the move out of 城六区."""
    if target != "points_residence_area" or "residence_months" not in facts or not _MOVED_OUT.search(text):
        return
    facts.setdefault("moved_out_of_core_months", facts["residence_months"])
    notes.append("居住地从城六区搬到其他区的时间按所说的搬过去以来的时间理解。")


_TOWN = re.compile(r"建制镇|小城镇|中心镇|镇上|乡镇|[^城]镇")


def _zone(text: str, target: str | None, facts: dict[str, Any]) -> None:
    if target != "hukou":
        return
    last = _LAST_CLAUSE.search(text.rstrip("？?。.！! ")).group(0)  # type: ignore[union-attr]
    if re.search(r"重庆|渝", text) and not any(fact in facts for fact in _ALL_ZONES):
        # 户口落到万州城区: the district the asking clause names (else the first named where one lives)
        district = next((fact for piece in (last, text) for fact, zone in _CHONGQING_ZONES
                         if (m := zone.search(piece))
                         and not _OWN_HUKOU_NEAR.search(piece[max(m.start() - 6, 0):m.start()])),
                        None)
        if district and not _TOWN.search(last):
            facts.update({fact: fact == district for fact in _ALL_ZONES})
            return
    named = next((fact for piece in (last, text) for fact, zone in _ZONES if zone.search(piece)), None)
    if named and not any(fact in facts for fact, _ in _ZONES):
        facts.update({fact: fact == named for fact, _ in _ZONES})


# 户口在巫溪 / 巫溪农村户口: where one's hukou is, not where one settles.
_OWN_HUKOU_NEAR = re.compile(r"户口在|户籍在|我是重庆$|是重庆$|老家")


# Which relative with local hukou the person joins or lives with (投靠女儿 / 跟女儿住 / 老公是本地户口).
# 孩子 is left out of 跟…住: a parent asking about a child's school lives with the child too.
_RELATIVE_KINDS: dict[str, str] = {
    "joins_spouse": r"老公|丈夫|妻子|老婆|爱人|配偶|媳妇|先生|太太",
    "joins_parent": r"父母|爸妈|爸爸|妈妈|父亲|母亲|老爸|老妈|爹妈|爸|妈",
    "joins_child": r"女儿|儿子|子女|闺女|儿女",
}
_RELATIVE_AGE = re.compile("(" + "|".join(_RELATIVE_KINDS.values()) + "|" + _KID[1:-1] + r")[^，,。；;？?！!]{0,3}$")


# Degrees by level: 1 vocational school, 2 college, 3 bachelor, 4 master, 5 doctorate.
_DEGREE_LEVEL = {"中专": 1, "技校": 1, "职校": 1, "职高": 1, "大专": 2, "专科": 2, "高职": 2, "本科": 3, "学士": 3,
                 "硕士": 4, "研究生": 4, "博士": 5}
_DEGREES = "|".join(_DEGREE_LEVEL)
_SQM = re.compile(r"(\d+(?:\.\d+)?)\s*(平方米|平米|平方|㎡|平(?![方安台]))")
# Parents joining the asker (我爸62岁，我妈57岁，想投靠我): the applicants are the parents.
_JOINS_ME = re.compile(r"投靠(到)?(我|我们)(?!的)|来(我这|我们这)(养老|落户)")
# 我爸62岁 / 我爸五十八，
_PARENT_AGE = re.compile(r"(我?(爸|父|妈|母)(爸|亲|妈)?|老(爸|妈))[^，,。；;？?！!\d]{0,4}?"
                         r"(\d{2}|[二三四五六七八九]十[一-九]?)\s*(岁|周岁|(?=[，,。；;了]|$))")


_NO_EXTRA = re.compile(r"(其他|别的|其余)(的)?(加分|加分项|加分指标|指标)?(都|也|全)?(没有|没)"
                       r"|没有?(其他|别的|任何)(的)?加分")


# 一家五口住…五个人能都落户吗: how many would settle (南京 准入 第六条第（三）项 counts the area per person).
_PERSONS = re.compile(r"(\d+)个人[^，,。；;？?！!]{0,6}(落户|迁|入户)|(一家|全家|家里)(\d+)口")


def _persons(text: str, facts: dict[str, Any]) -> None:
    if "settling_persons" not in facts and (said := _PERSONS.search(text)) and re.search(r"落户|迁户|入户|户口", text):
        count = int(said.group(1) or said.group(4))
        if 1 <= count <= 20:
            facts["settling_persons"] = count


def _education_and_home(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    """Degrees (Nanjing 准入 第六条第（六）项), a bought home's area, and parents joining the asker."""
    said_as = rf"({_DEGREES})[^，,。；;？?！!]{{0,3}}(毕业|学历|文凭|(?<!招)生|学位)|(学历|文凭)是?({_DEGREES})"
    degree = re.search(said_as, text)
    negations, found = slots.negation_spans(text), slots.mentions(text)
    if degree and not _negated(text, degree.start(), negations, found):
        said = degree.group(0)
        level = max(level for word, level in _DEGREE_LEVEL.items() if word in said)
        facts.setdefault("bachelor_or_above", level >= 3)
        facts.setdefault("college_or_above", level >= 2)
        facts.setdefault("vocational_graduate", level == 1)
        # The highest degree said: 硕士 is no 博士; 本科 is neither (上海 积分 第六条第（二）项).
        facts.setdefault("doctorate", level == 5)
        facts.setdefault("master_or_above", level >= 4)
        if (at := text.find("学位")) >= 0 and _negated(text, at, negations, found):  # 没拿到学士学位
            facts.setdefault("bachelor_degree", False)
        elif facts["master_or_above"] or (level >= 3 and re.search(r"学士|学位", text)):
            facts.setdefault("bachelor_degree", True)
    if "extra_points" not in facts and (none := _NO_EXTRA.search(text)):
        facts["extra_points"] = 0  # 其他加分项都没有: no bonus indicator, and no title either
        facts.setdefault("local_spouse_marriage_years", 0)  # 配偶本市户籍 is a bonus too, unless said
        facts.setdefault("professional_title", False)
        facts.setdefault("senior_title", False)
        notes.append(f"“{none.group(0)}”按没有任何加分项、也没有职称或技能等级理解。")
    if (area := _SQM.search(text)) and re.search(r"买|购|自有|房产", text):
        facts.setdefault("owned_home_sqm", _as_number(float(area.group(1))))
    if joins_me := _JOINS_ME.search(text):
        # 我自己没买房…爸妈想投靠我: the asker is the one joined, whose home is the relative's home.
        for m in slots.mentions(text):
            if m.concept == "owned_home":
                facts.setdefault("relative_owns_home", not m.negated)
                break
        # 老婆想投靠我: the spouse joins; 女儿…把户口投靠到我们这儿: a child joins its parents; otherwise
        # the parents join their child, no one else
        spouse = re.search(_RELATIVE_KINDS["joins_spouse"], _CLAUSE.split(text[:joins_me.start()])[-1])
        # (the relative named first is the one who joins: 我妈今年57…身边也没别的孩子，想投靠我)
        kin = [m for m in re.finditer(rf"{_RELATIVE_KINDS['joins_parent']}|{_RELATIVE_KINDS['joins_child']}|{_KID}",
                                      text[:joins_me.start()])]
        child = not spouse and kin and not re.fullmatch(_RELATIVE_KINDS["joins_parent"], kin[0].group(0))
        facts.setdefault("joins_child", not spouse and not child)
        facts.setdefault("joins_parent", bool(child))
        facts.setdefault("joins_spouse", bool(spouse))
        # 老年人 (上海 第九条): a father over 60 or a mother over 55
        _parents_senior(text, facts)
    elif facts.get("joins_child") and not facts.get("joins_spouse"):
        # 老爸58，老妈53，想投靠在南京的儿子: the parents are the applicants, their ages decide 老年人
        _parents_senior(text, facts)


def _parents_senior(text: str, facts: dict[str, Any]) -> None:
    """老年人 (上海 第九条, 南京 细则 第八十条): a father over 60 or a mother over 55."""
    ages = [(_cn_or_int(m.group(5)) or 0, 60 if "爸" in m.group(1) or "父" in m.group(1) else 55)
            for m in _PARENT_AGE.finditer(text)]
    if ages:
        facts["senior"] = any(age > over for age, over in ages)


# Contributions that began with the run told: nothing was paid before it, so the total is that run.
_FIRST_RUN = re.compile(r"(才|刚)开始(交|缴)|之前[^，,。；;？?！!\d]{0,6}(都|也)?(没|没有|未)(交|缴)|"
                        r"以前(从来|从)?(没|没有|未)(交|缴)|第一次(交|缴)")


def _first_run(text: str, facts: dict[str, Any]) -> None:
    run = facts.get("social_insurance_months")
    if run is None or isinstance(run, (Under, Between)) or not _FIRST_RUN.search(text):
        return
    facts["social_insurance_months_total"] = run
    facts["social_insurance_months_last_24"] = min(run, 24)


def _spouse_years(facts: dict[str, Any]) -> None:
    """Years married count (上海 积分 第七条第（十）项) only with a spouse of local hukou: 老婆是上海户口."""
    spouse_local = facts.get("joins_spouse")
    if spouse_local is False and not (facts.get("joins_parent") or facts.get("joins_child")):
        # (投靠父母 names the route asked about, and says nothing of the spouse's hukou)
        facts["local_spouse_marriage_years"] = 0
    elif spouse_local is not True and facts.get("local_spouse_marriage_years"):
        facts.pop("local_spouse_marriage_years")  # married, to a spouse not known to be local


def _relatives(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    """joins_spouse / joins_parent / joins_child from 投靠女儿, 跟女儿住, 老公是本地户口.

    投靠 one kind of relative names the route asked about (以子女投靠父母的名义): the other kinds,
    not mentioned, are not whom the person joins.
    """
    joined = []
    for fact, words in _RELATIVE_KINDS.items():
        if fact in facts:
            continue
        joins = re.search(rf"投靠(我的?|自己的?)?(的)?[^，,。；;？?！!]{{0,4}}({words})", text)
        lives = re.search(rf"(跟|和|与|随|陪)着?(我的?)?({words})[^，,。；;？?！!]{{0,4}}(一起|一块)?"
                          rf"(住|生活|过日子|养老|过(?!年))", text)
        # 老公是本地户口 / 老公是外地户口 / 住在女儿家，她是上海户口 / 户口在上海的女儿: whose hukou, and where
        hukou = re.search(rf"({words})([^，,。；;？?！!]{{0,8}}[，,](他|她)?们?(也|都)?|[^，,。；;？?！!]{{0,6}})"
                          rf"(是|有|落)(?P<where>[^，,。；;？?！!]{{0,8}}?)(户口|户籍)"
                          rf"|(户口|户籍)[^，,。；;？?！!]{{0,2}}(在|是)(?P<at>[^，,。；;？?！!]{{0,6}})的({words})",
                          text)
        # 闺女…早就把户口迁到成都了 / 儿子户口落在这边: the relative's hukou moved to the place
        moved = hukou or re.search(rf"({words})[^。；;？?！!我投想能要]{{0,16}}?户口(已经|早就|也)?"
                                   rf"(迁|落|转)(到|进|在)了?(?P<where>[^，,。；;？?！!]{{1,6}})", text)
        hukou = hukou or moved
        # 闺女…去年把我接过来跟她一起住: 她 is the relative just named
        lives = lives or re.search(rf"({words})[^。；;？?！!]{{0,30}}?(跟|和|与)(他|她)们?(一起|一块)?(住|生活)", text)
        where = hukou and (hukou.group("where") or (hukou.groupdict().get("at")) or "")
        away = where and (_AWAY_WORDS.search(where) or "非本" in where)
        local = hukou and not away and "非" not in where  # (非农业户口 says nothing of the place)
        if away and not joins:
            facts[fact] = False
        elif joins or local or lives:
            facts[fact] = True
            if joins:
                joined.append(fact)
            if lives and not (joins or local):
                notes.append(f"“{lives.group(0)}”按投靠有当地户口的亲属、与其共同生活理解。")
    if len(joined) == 1:
        for fact in _RELATIVE_KINDS:
            facts.setdefault(fact, False)
    if any(facts.get(fact) for fact in _RELATIVE_KINDS):
        facts.setdefault("joins_local_relative", True)  # a spouse, parent or child of local hukou


# Tax paid each year (南京 准入 第六条第（四）项): 每年都交了1万五左右的税 / 每年纳税1.2万元 / 年纳税8000元,
# and over how many years in a row (连续2年每年 / 最近2年每年都).
_TAX_AMOUNT = re.compile(r"(?P<verb>(纳税|交税|缴税|纳了|交了|缴了)[^，,。；;？?！!\d]{0,3})?"
                         r"(?P<low>\d+~)?(?P<n>\d+(?:\.\d+)?)\s*"
                         r"(?P<wan>[万千](?P<tail>[一二三四五六七八九]|\d)?)?\s*(元|块)?(钱)?(?P<about>左右|多)?的?(个人所得)?(?P<tax>税)?")
_TAX_YEARS = re.compile(r"(连续|最近|近|这)(\d+)年[^，,。；;？?！!\d]{0,3}每年")


# 最近连续三个纳税年度个税加起来交了二十五六万 (深圳 2005 户籍迁入若干规定 第九条第（三）项).
_INCOME_TAX_TOTAL = re.compile(r"(个税|个人所得税)[^，,。；;？?！!\d]{0,10}?(?P<low>\d+~)?(?P<n>\d+(?:\.\d+)?)\s*万")


def _income_tax_total(text: str, facts: dict[str, Any]) -> None:
    if "income_tax_3y_yuan" in facts or not (re.search(r"(3|三)个?(纳税)?年度?|(3|三)年", text)
                                              and re.search(r"累计|加起来|一共|总共|合计", text)):
        return
    if said := _INCOME_TAX_TOTAL.search(text):
        high = int(float(said.group("n")) * 10_000)
        low = int(float(said.group("low")[:-1]) * 10_000) if said.group("low") else high
        facts["income_tax_3y_yuan"] = Between(low, high) if low < high else high


# 缴费基数是社平工资的一倍半 / 社平工资的80% (上海 积分 第七条第（五）项).
_BASE_RATIO = re.compile(r"基数[^，,。；;？?！!]{0,12}?(社平|社会平均|平均)工资的?(?:(\d+(?:\.\d+)?)倍(半)?|(\d+)\s*%)")
# 按我的投资份额算，最近三年每年交的税大概是8万、12万、13万 (上海 积分 第七条第（四）项).
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万")


def _points_amounts(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    """Amounts a points indicator is scored by: the contribution base and the investment's tax."""
    if "insurance_base_percent" not in facts and (base := _BASE_RATIO.search(text)):
        if base.group(4):
            facts["insurance_base_percent"] = int(base.group(4))
        else:
            facts["insurance_base_percent"] = int(float(base.group(2)) * 100 + (50 if base.group(3) else 0))
    if "investment_tax_avg_yuan" in facts or not re.search(r"投资", text):
        return
    for clause in _CLAUSE.split(text):
        amounts = [float(a) for a in _WAN.findall(clause)]
        if "税" in clause and amounts and (len(amounts) > 1 or "平均" in clause):
            average = sum(amounts) / len(amounts) * 10_000
            facts["investment_tax_avg_yuan"] = _as_number(round(average))
            if len(amounts) > 1:
                said = "、".join(f"{a:g}万" for a in amounts)
                notes.append(f"每年纳税额{said}，平均每年按{average / 10_000:g}万元计。")
            return


def _tax(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    """annual_tax_yuan and tax_years, when the tax is said per year (每年 / 年纳税)."""
    if not re.search(r"每年|年纳税|一年(交|纳|缴)", text):
        return
    for match in _TAX_AMOUNT.finditer(text):
        if not (match.group("verb") or match.group("tax")):
            continue
        unit = {"万": 10000, "千": 1000}.get((match.group("wan") or " ")[0], 1)
        amount = float(match.group("n")) * unit
        if tail := match.group("tail"):
            amount += (_cn_or_int(tail) or 0) * unit / 10  # 1万五 = 15000
        if match.group("low"):  # 七八千: from the first amount to the second
            low, high = _as_number(float(match.group("low")[:-1]) * unit), _as_number(amount)
            facts.setdefault("annual_tax_yuan", Between(low, high))
            notes.append(f"“{match.group(0)}”按每年约{low:g}至{high:g}元理解。")
        elif match.group("about") == "左右":  # about: a tenth either way, as for durations
            low, high = _as_number(amount - amount / 10), _as_number(amount + amount / 10)
            facts.setdefault("annual_tax_yuan", Between(low, high))
            notes.append(f"“{match.group(0)}”按每年约{low:g}至{high:g}元理解。")
        else:
            facts.setdefault("annual_tax_yuan", _as_number(amount))
        break
    if "annual_tax_yuan" in facts and (years := _TAX_YEARS.search(text)):
        facts.setdefault("tax_years", int(years.group(2)))


def _registered_home(text: str, facts: dict[str, Any]) -> None:
    """An owned home or a dormitory is a registered home (公安部通知 二（一）); a rental is one only
    when said to be registered (备案), and any registered home is a lawful home."""
    if "registered_home" not in facts and any(
            not m.negated and (m.concept == "owned_home" or (m.concept == "housing" and "宿舍" in text[m.start:m.end]))
            for m in slots.mentions(text)):
        facts["registered_home"] = True
    # 合法固定住所 (河北 第二十八条第（三）项) is a home one owns: 买了房 says so, 没买房 says not
    # (a home bought back in 老家 is not one in the place asked about).
    for m in slots.mentions(text):
        if m.concept == "owned_home" and "owns_home" not in facts:
            low, high = slots.clause_bounds(text, m.start)
            # 打算在石家庄买房 is a plan, not a home
            if "老家" not in text[low:high] and not re.search(r"打算|准备|计划|想|要|将来|以后", text[low:m.start]):
                facts["owns_home"] = not m.negated
    if facts.get("registered_home") is True:
        facts.setdefault("housing_proof", True)
    elif facts.get("housing_proof") is False:
        facts.setdefault("registered_home", False)


_MOVE = re.compile(r"搬(到|去|过去|家)|调到|调去|迁到|变更(居住)?(地址|住址|登记)|办了?变更|换了?个?(地方|住处)")


# A district or county by name (鼓楼区, 仓山区), not a kind of area (城区, 郊区, 小区, 开发区, 县城).
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{2})(?<![城郊市小社园发新景片辖老本该哪个])(?:区|县)(?!城|里|上|下)"
                       r"(?![^，,。；;？?！!]{0,2}(户口|户籍))")


def _moved(text: str, facts: dict[str, Any]) -> None:
    """A change of address (福建 第十二条): two different cities named with a move, or 同一个区 said."""
    if not _MOVE.search(text) or "moved_within_city" in facts:
        return
    cities = {canonical_place(city) for city in CITIES if city in text}
    if len(cities) >= 2:
        facts["moved_within_city"] = False  # 泉州 → 厦门
    elif re.search(r"同一个?(县|区)|(县|区)(内|里)", text):
        facts["moved_within_county"] = True
    elif re.search(r"同一个?(市|城市)|市内|同城", text):
        facts["moved_within_city"] = True
    elif len(set(_DISTRICT.findall(text))) >= 2 and len(cities) <= 1:
        # 福州鼓楼区 → 福州仓山区: two districts of one city
        facts["moved_within_city"] = True
        facts["moved_within_county"] = False


_FOLLOW = re.compile(r"(跟着|跟我|随同?|一起|一块|同时)[^，,。；;？?！!]{0,4}(迁|落户|入户|落)"
                     r"|(跟着|跟我|随同?|一起|一块)[^，,。；;？?！!]{0,6}登记(常住)?户口")
_PARENTS = r"父母|爸妈|爸爸|妈妈|父亲|母亲|老爸|老妈|岳父|岳母|公公|婆婆|丈人|丈母娘"


def _family_follows(text: str, facts: dict[str, Any]) -> bool:
    """Relatives asked about as moving with the one who settles (the asking clause names them)."""
    last = last_clause(text)
    if not _FOLLOW.search(last):
        # 我媳妇能不能直接跟着我随迁落户，…？按…办法怎么规定的: the clause that asks may come before the last
        asking = [c for c in _CLAUSE.split(text) if _FOLLOW.search(c) and _ABILITY.search(c)]
        if not asking:
            return False
        last = asking[-1]
    # 女儿今年17，能跟我一起迁进来吗: the relative may be named in the sentence before the asking clause.
    kinds = "|".join((_RELATIVE_KINDS["joins_spouse"], _RELATIVE_KINDS["joins_child"], "孩子|小孩"))
    if not (re.search(_PARENTS, last) or re.search(kinds, last)):
        last = re.split(r"[。！!？?]", text.rstrip("。！!？? "))[-1]
    if not (re.search(_PARENTS, last) or re.search(kinds, last)) and re.search(r"他|她", last_clause(text)):
        last = text  # 我爸妈都六十多了…。他们能跟着我…吗: the relatives the pronoun stands for
    parent = bool(re.search(_PARENTS, last))
    close = bool(re.search(kinds, last))
    if not (parent or close):
        return False
    facts.setdefault("follower_parent", parent)
    facts.setdefault("follower_spouse_or_child", close)
    facts.setdefault("follower_spouse", bool(re.search(_RELATIVE_KINDS["joins_spouse"], last)))
    if not re.search(rf"{_KID}|{_RELATIVE_KINDS['joins_child']}", last):
        facts.setdefault("follower_minor", False)  # 媳妇能跟着我随迁吗: no child follows, minor or not
        facts.setdefault("follower_below_marriage_age", False)
    _follower_minor(text, facts)
    _follower_marriage(text, facts)
    return True


_UNMARRIED = re.compile(r"(没|没有|还没|未|尚未)(结婚|成家|嫁人|娶)|未婚|单身")
_MARRIED = re.compile(r"(?<![没未])(结了婚|结婚了|已婚|成家了|嫁人了|已经结婚)")


def _follower_marriage(text: str, facts: dict[str, Any]) -> None:
    """Whether the child who would follow is unmarried (国办发〔2011〕9号: 未婚子女); a minor is."""
    if not re.search(_KID, text):
        return
    if _UNMARRIED.search(text) or facts.get("follower_minor") is True:
        facts.setdefault("follower_unmarried_child", True)
    elif _MARRIED.search(text):
        facts.setdefault("follower_unmarried_child", False)


# 女儿今年17岁 / 女儿今年17，
_CHILD_AGE = re.compile(rf"{_KID}[^，,。；;？?！!\d]{{0,4}}?(\d{{1,2}})(周岁|岁|了|(?=[，,。；;？?！!]))")
_MINOR = re.compile(r"未成年|未满18")
_ADULT = re.compile(r"(已经?|早就?)成年|成年了|满18")


def _follower_minor(text: str, facts: dict[str, Any]) -> None:
    """Whether the child who would move with the settler is a minor (北京 积分 第九条: 未成年子女)."""
    if _MINOR.search(text):
        facts.setdefault("follower_minor", True)
    elif _ADULT.search(text):
        facts.setdefault("follower_minor", False)
    elif age := _CHILD_AGE.search(text):
        facts.setdefault("follower_minor", int(age.group(2)) < 18)
        _below_marriage_age(age.group(1), int(age.group(2)), facts)
    # 有个十岁的儿子 / 19岁在老家读大学的儿子
    elif age := re.search(rf"(\d{{1,2}})(周岁|岁)(?:[^，,。；;？?！!\d]{{0,8}}?的)?{_KID}", text):
        facts.setdefault("follower_minor", int(age.group(1)) < 18)
        _below_marriage_age(age.group(3), int(age.group(1)), facts)
    if facts.get("follower_minor") is True:
        facts.setdefault("follower_below_marriage_age", True)


# 婚姻法: the legal marriage age is 22 for a man, 20 for a woman (福建 户籍意见: 未达法定婚龄子女).
_MARRIAGE_AGE = {"儿子": 22, "女儿": 20, "闺女": 20}


def _below_marriage_age(kid: str, age: int, facts: dict[str, Any]) -> None:
    if kid in _MARRIAGE_AGE:
        facts.setdefault("follower_below_marriage_age", age < _MARRIAGE_AGE[kid])
    elif age < 20 or age >= 22:  # a child of unknown sex: certain only outside 20 to 21
        facts.setdefault("follower_below_marriage_age", age < 20)


def _settle_address(text: str, facts: dict[str, Any]) -> None:
    """A place to register one's hukou (天津 第三十二条第（四）项): one's own home or a collective hukou.

    Renting, with the collective hukou said to be missing (公司没有集体户口) and no home bought,
    leaves none; a bought home is one.
    """
    if "settle_address" in facts:
        return
    found = slots.mentions(text)
    if any(m.concept == "owned_home" and not m.negated for m in found):
        facts["settle_address"] = True
    elif (any(m.concept == "collective_hukou" and m.negated for m in found)
          and any(m.concept == "housing" and "租" in text[m.start:m.end] and not m.negated for m in found)):
        facts["settle_address"] = False


# 准备长期住 / 长久生活 / 定居 (not 规定居住, not 定居住证落户政策)
_LONG_STAY = re.compile(r"(长期|长久)(居住|住|待|呆|定居|生活)|(?<![规确决认指限制])定居(?!住证)")
LONG_STAY_MONTHS = 12


def _stated(text: str, facts: dict[str, Any]) -> None:
    """Yes/no facts stated by concept words (有劳动合同, 合同还没签, 没交社保, 失业了, 有犯罪记录).

    A concept word after a modal in a question clause is asked for, not stated (需要交社保吗). A
    negated concept with a duration fact gives that fact its ``negated`` value (没交过社保 → 0 months).
    """
    concepts = slots.load_concepts().concepts
    for fact, (value, mention) in slots.flags(text).items():
        low = max([m.end() for m in _CLAUSE.finditer(text, 0, mention.start)] or [0])
        clause_end = _CLAUSE.search(text, mention.end)
        high = clause_end.start() if clause_end else len(text)
        question = text[high:high + 1] in ("？", "?") or text[low:high].endswith(("吗", "么", "呢"))
        if fact in facts or (question and _MODAL.search(text[low:mention.start])):
            continue
        facts[fact] = value
        concept = concepts[mention.concept]
        if mention.negated and concept.duration and concept.negated is not None:
            facts.setdefault(concept.duration, _as_number(concept.negated))


def _negated(text: str, start: int, negations: list[tuple[int, int]], found: list[slots.Mention]) -> bool:
    """Whether a negation of the clause stands just before ``start`` (不是引进人才, 没办营业执照, 没有超生),
    within the concept reader's reach and with no other concept word between (没社保有营业执照); a
    negating character right before it always is one (没到退休年龄, though 没到 is no negation of an amount)."""
    if start > 0 and text[start - 1] in "没不未无":
        return True
    return any(end <= start <= end + slots.REACH_AFTER and not _CLAUSE.search(text, end, start)
               and not any(end <= m.start < start and not m.weak for m in found) for _, end in negations)


# 交了假的学历证书 / 提供了虚假材料 / 材料弄虚作假被查出来: false papers in an application.
_FALSE_MATERIALS = re.compile(r"(假的?|虚假的?|伪造的?|变造的?)[^，,。；;？?！!]{0,4}"
                              r"(材料|证明|证书|学历|文凭|合同|社保|信息)|弄虚作假|造假|伪造|变造")
_FALSE_WHEN = re.compile(r"(\d+)年前|(\d+)(?:~\d+)?个月前|(前年)|(去年)")  # (前年 may read as 13~35个月前)


def _false_materials(text: str, facts: dict[str, Any]) -> None:
    """Papers found false (上海 积分 第二十二条, 北京 积分 第十条): that it happened, and how many years ago."""
    if "no_false_materials" in facts or not (said := _FALSE_MATERIALS.search(text)):
        return
    if _negated(text, said.start(), slots.negation_spans(text), slots.mentions(text)) or re.search(
            r"(没|没有|从没|从来没|未|不会)[^，,。；;？?！!]{0,4}" + re.escape(said.group(0)), text):
        facts["no_false_materials"] = True
        return
    facts["no_false_materials"] = False
    sentence = next((s for s in re.split(r"[。；;？?！!]", text) if said.group(0) in s), text)
    if ago := _FALSE_WHEN.search(sentence):
        years = (int(ago.group(1)) if ago.group(1) else (int(ago.group(2)) + 11) // 12 if ago.group(2)
                 else 2 if ago.group(3) else 1)
        facts.setdefault("false_materials_years_ago", years)


# 私营企业业主 / 自己开了家公司 / 私企老板: owning a private enterprise.
_OWNER = re.compile(r"私营企业(的)?(业主|老板)|私企(的)?老板"
                    r"|(自己|我)[^，,。；;？?！!]{0,2}(开|办)了?(一)?(家|个)?[^，,。；;？?！!]{0,4}(公司|企业)")


# A crime (犯罪, 判刑, 坐牢) against a 行政拘留 or other 治安处罚, which is no crime.
_CRIME = re.compile(r"刑事|犯罪|判刑|判过|坐牢|坐过牢|服刑|缓刑|案底|前科")
_PUNISHED = re.compile(r"行政拘留|治安拘留|拘留|治安处罚|罚款")


def _criminal_record(text: str, facts: dict[str, Any]) -> None:
    """被行政拘留过 is a record (clean_record false) but no criminal one (北京 积分 第四条第（四）项)."""
    if "no_criminal_record" in facts or facts.get("clean_record") is not False:
        return
    negations, found = slots.negation_spans(text), slots.mentions(text)
    if any(not _negated(text, m.start(), negations, found) for m in _CRIME.finditer(text)):
        facts["no_criminal_record"] = False  # 判过刑
    elif _PUNISHED.search(text):
        facts["no_criminal_record"] = True


def _flags(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    if "intended_stay_months" not in facts and (stay := _LONG_STAY.search(text)):
        facts["intended_stay_months"] = LONG_STAY_MONTHS
        notes.append(f"“{stay.group(0)}”按打算在当地居住一年（{LONG_STAY_MONTHS}个月）以上理解。")
    _stated(text, facts)
    _hukou(text, facts)
    _relatives(text, facts, notes)
    _education_and_home(text, facts, notes)
    if "private_lodging" not in facts and re.search(r"住(在)?(宾馆|酒店|旅馆|旅店|招待所|医院)|住院|救助站", text):
        facts["private_lodging"] = False  # 辽宁 第十一条: registered by the hotel, no permit
    negations, found = slots.negation_spans(text), slots.mentions(text)
    for fact, value, pattern in _FLAGS:
        if fact in facts:
            continue
        for said in re.finditer(pattern, text):
            negated = _negated(text, said.start(), negations, found)
            if not (negated and fact in _LEVELS):  # 不是本科毕业 says nothing of high school
                facts[fact] = value != negated
                break

    if ("housing_proof" not in facts and _PERSONAL.search(text)
            and re.search(r"投靠|(跟|和|与|随)[^，,。；;？?！!]{0,4}(一起|一块)?(住|生活|过日子|过(?=[，,。；;]|$))"
                          r"|住(在|进)?(他|她|他们|她们)家|搬(过来|过去|进)?[^，,。；;？?！!]{0,2}(他|她)家", text)
            and (facts.get("joins_local_relative") or any(facts.get(k) for k in _RELATIVE_KINDS))):
        # Living in the home of the local relative one joins is a 合法稳定住所 (上海 第九条第（一）项).
        facts["housing_proof"] = True
        notes.append("投靠有当地户口的亲属并与其同住，按有合法稳定住所理解。")
    _settle_address(text, facts)
    _moved(text, facts)
    _registered_home(text, facts)
    _false_materials(text, facts)
    _criminal_record(text, facts)
    if "private_business_owner" not in facts and _OWNER.search(text):
        facts["private_business_owner"] = True  # 南京 准入 第六条第（四）项
    _tax(text, facts, notes)
    _income_tax_total(text, facts)
    _persons(text, facts)
    _points_amounts(text, facts, notes)
    for_child = bool(_FOR_CHILD.search(text))
    if "studying" not in facts and (study := _STUDY.search(text)):
        # 孩子上学 is about the child (a compulsory-education question), not the person, unless
        # the permit asked for is the child's own.
        child_school = _CHILD.search(text) and (
            re.search(rf"{_KID}[^，,。；;？?！!]{{0,8}}(上学|读书|念书|就读|入学)", text) or _CHILD_SCHOOL.search(text))
        if _negated(text, study.start(), negations, found):
            facts["studying"] = False  # 也没上学 / 不是学生
        elif for_child or not child_school:
            facts["studying"] = True
    if ("studying" not in facts and not for_child and not _STUDY.search(text) and facts.get("employed") is not True
            and any(m.concept in ("work", "contract", "sole_trader") for m in found)):
        # 在工地干活，没签合同 / 做直播，没有营业执照: someone telling their work, which does not count as
        # 合法稳定就业, and nothing of school is no full-time student; the 就读 route is not theirs (a
        # person would not be asked 你是学生吗 either). With a job that counts the route is not needed.
        facts["studying"] = False
        notes.append("说了自己的工作、没提上学，按不是在读学生理解。")
    if facts.get("business_licence") is True:
        facts["employed"] = True
    if facts.get("not_visiting") is False:
        facts.setdefault("visiting", True)  # 来探亲的: the voluntary route of 江苏 / 南京 第六条
    if for_child and (age := _AGE.search(text)) and not re.search(r"(未满|不满|不到|没满|满|超过)$",
                                                                 text[:age.start()]):
        # 给10岁的娃办居住证: the child's stated age (不满16岁 in general names no one's age)
        facts["under_16"] = int(age.group(1)) < 16
    # A child's age (孩子七八岁 / 8岁的儿子) is not the applicant's unless the permit is the child's.
    ages = [age for age in _AGE.finditer(text) if for_child or not (
        re.search(rf"{_KID}[^，,。；;？?！!]{{0,4}}$", text[:age.start()])
        or re.match(rf"的?{_KID}", text[age.end():]))]
    if ages and not _RELATIVE_AGE.search(text[max(ages[0].start() - 8, 0):ages[0].start()]):
        # 没满18岁的: only under 18 (the age said is the bound, not the age)
        below = _AGE_BELOW.search(text[:ages[0].start()])
        age_said = int(ages[0].group(1))
        facts.setdefault("age_years", Under(age_said) if below else age_said)
    elif not ages and (own := _OWN_AGE.search(text)):
        ages_said = int(own.group(4))  # 我62了，男的: the asker's age without 岁
        facts.setdefault("age_years", ages_said)
        ages = [own]
    if "below_retirement_age" not in facts and ages:
        years = int(ages[0].group(4) if ages[0].re is _OWN_AGE else ages[0].group(1))
        if years < 50:
            facts["below_retirement_age"] = True
        elif years >= 60:
            facts["below_retirement_age"] = False


# 社保是来深圳第一个月就开始交的，一个月都没断过 / 从登记那个月开始连续交的: contributions since one came
# (or registered), unbroken, are as long as the stay (or the registration).
_SINCE_ARRIVAL = re.compile(r"社保[^，,。；;？?！!]{0,4}(一来|来[^，,。；;？?！!]{0,4}第1个月"
                            r"|从(登记|来)[^，,。；;？?！!]{0,6}(开始|起))[^，,。；;？?！!]{0,4}(交|缴)")


def _since_arrival(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    since = _SINCE_ARRIVAL.search(text)
    if not since or "social_insurance_months" in facts or not re.search(r"(没|未)(有)?(断|停)|连续", text):
        return
    stay = facts.get("registered_months") if "登记" in since.group(0) else None
    stay = stay if stay is not None else facts.get("residence_months", facts.get("registered_months"))
    if stay is not None:
        facts["social_insurance_months"] = stay
        facts.setdefault("social_insurance_months_total", stay)
        notes.append("社保从来当地（或登记）时起连续缴纳，按与居住（登记）时间相同理解。")


# 居住登记是上个月才去办的: a registration made within the last month or so (the residence counts from it).
_RECENT = re.compile(r"上(个)?月|这(个)?月|本月|上周|这周|上星期|前几天|前两天|昨天|今天|刚刚")


def _recent_registration(text: str, facts: dict[str, Any], notes: list[str]) -> None:
    if "registered_months" in facts or facts.get("residence_registered") is not True:
        return
    for m in slots.mentions(text):
        if m.concept != "registration" or m.negated:
            continue
        low, high = slots.clause_bounds(text, m.start)
        if recent := _RECENT.search(text[low:high]):
            facts["registered_months"] = Under(2)
            notes.append(f"居住登记“{recent.group(0)}”才办，登记时间按不到2个月理解。")
            return


_YEAR_WINDOW = re.compile(r"(过去|最近|近|这)(1|一)年|(1|一)年(内|之内|以内|里|中)|去年")


_WHOLE_YEAR = {"registration": "residence_months_last_12", "residence": "residence_months_last_12",
               "social_insurance": "social_insurance_months_last_12"}


def _within_a_year(text: str, target: str | None, facts: dict[str, Any], notes: list[str]) -> None:
    """签注 counts the year before the application (深圳 第二十四条): 过去一年住了9个月 is that count."""
    if target != "permit_renewal" or not _YEAR_WINDOW.search(text):
        return
    for clause in _CLAUSE.split(text):
        # 过去一年居住登记和社保都没断过: the whole year, for each concept the clause names.
        # 过去一年居住登记和社保也一直都有: the same.
        if _YEAR_WINDOW.search(clause) and re.search(r"(没|不|未)(间|中)?断|一直(都)?(有|在)", clause):
            for mention in slots.mentions(clause):
                counted = _WHOLE_YEAR.get(mention.concept)
                if counted and not mention.weak:
                    facts.setdefault(counted, 12)
    for said, counted in (("residence_months", "residence_months_last_12"),
                          ("social_insurance_months", "social_insurance_months_last_12"),
                          ("social_insurance_months_total", "social_insurance_months_last_12")):
        value = facts.get(said)
        if value is not None and counted not in facts and value <= 12:
            facts[counted] = facts.pop(said)
            notes.append(f"{FACTS[counted].label}按问题里“一年内”的时间理解。")


# 孩子在这边上初中 / 孩子在老家读小学 (where: _AWAY_WORDS tells 老家 from here)
_CHILD_HERE = re.compile(rf"{_KID}[^，,。；;？?！!]{{0,8}}?(?P<where>在(这|本地|当地|这里|[\u4e00-\u9fff]{{2,3}}))?"
                         r"[^，,。；;？?！!]{0,4}(上|读|念)(了)?[^，,。；;？?！!]{0,3}(小学|初中|初一|初二|初三|几年级|[一二三四五六]年级)")



# 孩子从一年级就在保定读: at school there since the first grade (the compulsory years).
_CHILD_SINCE = re.compile(rf"{_KID}[^，,。；;？?！!]{{0,6}}(从|打从|自)(小学|一年级|1年级|幼儿园|上学)"
                          r"[^，,。；;？?！!]{0,4}?(?P<where>在(这|本地|当地|这里|[\u4e00-\u9fff]{2,3}))?[^，,。；;？?！!]{0,2}(读|上|念)")
# 孩子初中是在老家江西读完的: the school first, then where it was.
_CHILD_SCHOOL_WHERE = re.compile(rf"{_KID}[^，,。；;？?！!]{{0,3}}(小学|初中)[^，,。；;？?！!]{{0,3}}?"
                                 r"(?P<where>在(这|本地|当地|这里|老家[\u4e00-\u9fff]{0,3}?|[\u4e00-\u9fff]{2,3}?))"
                                 r"(读|上|念)")
# 有郑州这边的初中正式学籍 / 取得了本市小学学籍: the words between may name the place and the school.
_SCHOOL_RECORD = re.compile(r"(?<![没无])(有|具有|取得)(了)?(?P<where>[^，,。；;？?！!]{0,10}?)学籍"
                            r"|学籍(也|都|一直)?(在|是)(这|本地|当地|这边|[\u4e00-\u9fff]{2,3}市?的?)")
# 学籍也一直在老家 / 学籍还挂在老家县一中 / 学籍留在原籍: the record is elsewhere.
_NO_RECORD = re.compile(r"(没有|没|无)(正式|当地的?|本地的?|这边的?|这里的?)?学籍"
                        r"|学籍(还|也|都|一直)*(在|是|挂在|留在|放在)(老家|外地|原籍|户籍地)")
_GRADUATING = re.compile(r"应届|今年(就|要)?(初中|高中)?毕业|马上(就)?(初中|高中)?毕业|初三|高三")


# 高一在老家读的，高二才转到福州: the high-school years here start with the grade moved in.
_MOVED_IN_GRADE = re.compile(r"高([二三])[^，,。；;？?！!]{0,3}(才|又|再)?(从[^，,。；;？?！!]{0,6})?(转|来|回|搬|到)")
# 高一在老家读 / 高二才从外省转来: the first high-school years were spent elsewhere
_GRADE_AWAY = re.compile(r"高一[^，,。；;？?！!]{0,6}(老家|外地|原籍|户籍地|外省)"
                         r"|高[二三][^，,。；;？?！!]{0,3}从(老家|外地|原籍|户籍地|外省)")


# 高一到高三都在保定读的 / 初一到初三在这念的: the grades spent at school in one place.
_GRADE_SPAN = re.compile(r"(?P<level>[高初])(?P<a>[一二三])[^，,。；;？?！!]{0,2}(到|至|读到|念到|上到)"
                         r"[^，,。；;？?！!]{0,2}(?P=level)(?P<b>[一二三])(?P<rest>[^，,。；;？?！!]{0,12})")
_GRADE_NUMBER = {"一": 1, "二": 2, "三": 3}


def _grade_span(text: str, facts: dict[str, Any]) -> None:
    for span in _GRADE_SPAN.finditer(text):
        if _AWAY_WORDS.search(span.group("rest")) or not re.search(r"读|上|念|就读|就学|学籍", span.group("rest")):
            continue  # 初一到初三在老家读的: not schooling here
        years = _GRADE_NUMBER[span.group("b")] - _GRADE_NUMBER[span.group("a")] + 1
        if years < 1:
            continue
        if span.group("level") == "高":
            facts.setdefault("child_high_school_years", years)
        else:
            facts.setdefault("child_local_compulsory_education", True)


# 女儿也跟着随迁落户了 / 孩子户口已经迁过来了: the child holds the local hukou now.
_CHILD_SETTLED = re.compile(rf"({_KID[1:-1]})[^。；;？?！!]{{0,8}}?(随迁落户|投靠落户|随迁入户"
                            r"|跟着[^，,。；;？?！!]{0,4}(落户|入户)|户口[^，,。；;？?！!]{0,4}(迁|落|转)(到|进|过来|在)[^，,。；;？?！!]{0,4}了)")


def _child_school(text: str, facts: dict[str, Any]) -> None:
    """A child's schooling (孩子在这边上初中 / 学籍在老家 / 应届)."""
    _grade_span(text, facts)
    if (said := _CHILD_SETTLED.search(text)) and not _negated(text, said.end() - 1, slots.negation_spans(text),
                                                            slots.mentions(text)):
        facts.setdefault("child_settled_hukou", True)
    if "child_high_school_years" not in facts and _GRADE_AWAY.search(text) and (
            moved := _MOVED_IN_GRADE.search(text)):
        facts["child_high_school_years"] = 4 - (2 if moved.group(1) == "二" else 3)  # 高二 → 2, 高三 → 1
    if "child_local_school_record" not in facts:
        if _NO_RECORD.search(text):
            facts["child_local_school_record"] = False
        elif (record := _SCHOOL_RECORD.search(text)) and not _AWAY_WORDS.search(record.group("where") or ""):
            facts["child_local_school_record"] = True
    if "child_graduating" not in facts and _GRADUATING.search(text):
        facts["child_graduating"] = True
    if "child_local_compulsory_education" in facts:
        return
    if facts.get("child_local_school_record") is False and re.search(r"初中|小学|义务教育|中考", text):
        # 初中学籍一直在老家: the compulsory years were not spent at school here
        facts["child_local_compulsory_education"] = False
        return
    if here := _CHILD_HERE.search(text) or _CHILD_SINCE.search(text) or _CHILD_SCHOOL_WHERE.search(text):
        facts["child_local_compulsory_education"] = not _AWAY_WORDS.search(here.group("where") or "")


# ---------------------------------------------------------------- case or reading

# How a rule is read or counted: 暂住证的时间算不算 / 居住半年从哪天开始算 / 社保断缴了还算连续吗 /
# 合法稳定住所是指什么. Answered from the documents, even when the asker gives their own numbers.
_READING = re.compile(
    r"怎么算|如何算|怎么计算|如何计算|从哪天|从什么时候(开始)?算|从何时|起算|是指|指的是|什么意思|是看.{0,12}还是"
    r"|算不算|算不算数|算数吗|能不能算|能否算|可以算|能算(进|入|上|作|做)?[^，,。；;？?！!]{0,6}(吗|么|不)|算(进|入|作|做|上)?[^，,。；;？?！!]{0,6}(吗|么)"
    r"|计(不计|入|算)[^，,。；;？?！!]{0,6}(吗|么)|包(括|含)[^，,。；;？?！!]{0,8}(吗|么)|包不包(括|含)|含不含"
    r"|还算(连续|满)|算(连续|累计)(的)?吗|有什么区别|区别是什么")


# 算不算符合条件 / 这样算达标吗 ask for a verdict after all.
_VERDICT_WORDS = re.compile(r"符合|满足|达标|合格|资格|够格|能办|可以办|办得|够条件|按规定|合规|来得及|赶得上"
                            # 今天去做信息确认是不是正好: whether the day is within the time allowed
                            r"|是不是(正好|时候|合适)|(正好|合适)(吗|么)"
                            r"|能(算|加|计|积)分"
                            # 需不需要去办 / 要不要在那边申领 / 用不用签注: whether one must, a verdict too
                            r"|(需要|需不需要|应当|应该|应不应该|该不该|要不要|用不用)[^，,。；;？?！!]{0,6}?"
                            r"(办|申领|申请|签注)")


@dataclass(frozen=True)
class QuestionKind:
    """Whether a question is a person's case (the checker) or asks how a rule is read (retrieval)."""

    kind: str  # "case", "reading" or "other"
    reason: str  # the words that decided it, for the trace

    @property
    def is_case(self) -> bool:
        return self.kind == "case"


def question_kind(question: str, parsed: ParsedQuestion | None = None) -> QuestionKind:
    """Tell a person's case from a question about how a rule is read or counted.

    "我住了八个月能办吗" is a case (→ the rule checker); "我之前的暂住证时间算不算？" asks how the
    rule counts time (→ the documents), even though it speaks of the asker. Never raises.

    ``parsed``: ``parse_question(question)`` when the caller has it already.

    Returns:
        ``QuestionKind("reading", …)`` when the question asks how a rule is read or counted,
        ``QuestionKind("case", …)`` when it gives the asker's circumstances and asks about them,
        otherwise ``QuestionKind("other", "")``.
    """
    text = normalize(question if isinstance(question, str) else "")
    parsed = parse_question(question) if parsed is None else parsed
    decisive = sorted(set(parsed.facts) & _DECIDES_COUNTING.get(parsed.target or "", set()))
    if decisive and (not _ASKS_OTHER.search(last_clause(text))
                     or any(asks_verdict(clause) for clause in _CLAUSE.split(text))):
        # 签注逾期两个月，居住期限还能接着算吗: the document counts it by the days overdue, a case
        # (…具体办法要谁批准 asks the documents, whatever it tells).
        return QuestionKind("case", "、".join(decisive))
    reading = next((m for m in _READING.finditer(text) if not _VERDICT_WORDS.search(text[m.start():m.end() + 6])), None)
    stripped = text.rstrip("？?。.！! ")
    asked_last = re.split(r"[，,。；;！!？?]", stripped)[-1]
    if reading and reading.end() <= len(stripped) - len(asked_last) and asks_verdict(asked_last):
        reading = None  # 我这种算不算外来的？我能不能申领居住证？: the question ends asking the verdict
    if reading:
        return QuestionKind("reading", reading.group(0))
    # Holding a permit is how one applies for the permit, but the very circumstance that decides a
    # child's school, exams or hukou (我在南京没有居住证，孩子能参加中考吗).
    # 持证人的孩子能…吗 asks about holders in general: only the asker's own permit makes it a case.
    mine = parsed.target not in (None, "residence_permit") and re.search(r"我|本人|俺|咱", text)
    procedure = PROCEDURE_FACTS - ({"holds_permit"} if mine else set())
    # A procedure fact said to fail (违反计划生育 / 本地户口) is a circumstance that decides: a case.
    procedure = {name for name in procedure if parsed.facts.get(name) is not False}
    own = sorted(set(parsed.facts) - procedure - ECHO_FACTS)
    # One yes/no circumstance without 我 (长沙买房可以落户吗) is a general question about a route;
    # a duration, or several circumstances together, describe somebody.
    told = bool(_PERSONAL.search(text)) or len(own) > 1 or any(
        not isinstance(parsed.facts[name], bool) or (parsed.facts[name] is False and name in PROCEDURE_FACTS)
        for name in own)
    if parsed.is_eligibility and parsed.target and own and told and asks_verdict(text):
        return QuestionKind("case", "、".join(own))
    return QuestionKind("other", "")


# Facts that say only how an application is made, not the person's circumstances: alone they do
# not make a question a case.
PROCEDURE_FACTS = frozenset({"holds_permit", "below_retirement_age", "under_16", "no_unlawful_births",
                             "high_school_or_above", "non_local_hukou"})
# Facts read from the words of another (a bought home is a home and a settling place): they do not
# count as one more circumstance told.
ECHO_FACTS = frozenset({"settle_address", "registered_home", "owns_home"})
# Targets whose question is phrased as "does it still count?" and which a fact decides.
_DECIDES_COUNTING: dict[str, set[str]] = {"permit_restore": {"renewal_overdue_days"},
                                           "restore_years_joined": {"renewal_overdue_days"},
                                           "permit_by_proxy": {"mobility_impaired", "under_16"},
                                           "address_change_years": {"moved_within_city", "moved_within_county"},
                                           "temporary_permit_years": {"held_temporary_permit"},
                                           "points_remote_area": {"remote_area_months"},
                                           "points_residence_area": {"moved_out_of_core_months"},
                                           "points_public_service": {"public_service_months"},
                                           "points_shortage_major": {"shortage_major", "job_matches_major"},
                                           "exit_entry_documents": {"holds_permit", "not_settling_in_taiwan"},
                                           "permit_validity": {"requested_validity_months"},
                                           "old_permit_years": {"held_old_permit", "registered_before_rules"},
                                           "permit_kept": {"moved_within_province", "insurance_stopped_months"},
                                           **registration.DECIDING_FACTS}
# Question words asking the documents something other than a verdict (who, what, how, how much).
_ASKED_WORDS = r"多少|多久|多长|多大|什么|啥|哪|谁|怎么|怎样|如何"
_VALUE_ASK = re.compile(rf"几|多高|{_ASKED_WORDS}")
_ASKS_OTHER = re.compile(_ASKED_WORDS)  # without 几: 那几年 names years, it asks nothing
_LAST_CLAUSE = re.compile(r"[^，,。；;！!]*$")


def last_clause(text: str) -> str:
    """The question's last clause (能办吗 of 我住了一年，能办吗？), without its closing punctuation."""
    return _LAST_CLAUSE.search(text.rstrip("？?。.！! ")).group(0)  # type: ignore[union-attr]


def asks_verdict(text: str) -> bool:
    """Whether the question's last clause asks for a verdict on the asker (能办吗 / 够条件了吗).

    Said without 我 and in any script: 來重慶一年多了…現在能辦重慶居住證嗎 asks it as much as
    我能办吗. A closing 怎么办理 / 需要什么材料 does not.
    """
    text = normalize(text).rstrip("？?。.！! ")
    last = _LAST_CLAUSE.search(text).group(0)  # type: ignore[union-attr]
    if _GENERIC.search(last) or _VALUE_ASK.search(last):
        return False  # 怎么办理 / 能加几分: a procedure or a figure, not a verdict
    return bool(_ABILITY.search(last) or _VERDICT_WORDS.search(last))


# ---------------------------------------------------------------- entry point

def parse_question(question: str) -> ParsedQuestion:
    """Place, target, version year and facts of a Chinese question (never raises).

    Args:
        question: any text; traditional characters, full-width digits and Chinese numerals are
            understood. English or empty input gives an empty result.

    Returns:
        A ``ParsedQuestion``; facts not mentioned are absent (unknown).
    """
    try:
        return _parse(question if isinstance(question, str) else "")
    except Exception:  # noqa: BLE001 - odd input must never break the answer path
        return ParsedQuestion()


def _parse(question: str) -> ParsedQuestion:
    text = normalize(question)
    if not re.search(r"[\u4e00-\u9fff]", text):
        return ParsedQuestion()
    facts: dict[str, Any] = {}
    notes: list[str] = []
    version_year = find_version_year(text)
    _cued_amounts(text, facts, notes)
    _anniversary(text, facts, notes)
    _durations(text, facts, notes)
    _flags(text, facts, notes)
    _first_run(text, facts)
    _spouse_years(facts)
    target = registration.find_target(text, find_place) or find_target(text)
    registration.read_facts(text, target, facts)
    if target is None and set(facts) & _PERMIT_FACTS and asks_verdict(text):
        # 登记居住满十二个月，社保交满十二个月，够条件吗: the conditions told are the permit's
        target = "residence_permit"
        notes.append("问题没有说明要办理什么，按申领居住证判断。")
    if target in (None, "hukou") and _family_follows(text, facts):
        target = "family_settle"  # 那我爸妈能跟着一起迁入广州吗: relatives moving with the one who settles
    _zone(text, target, facts)
    _remote_area(target, facts, notes)
    _city_population(text, facts)
    _moved_out_of_core(text, target, facts, notes)
    _public_service(target, facts, notes)
    _major(text, target, facts)
    _validity(text, target, facts)
    _lishui_gaochun(text, target, facts)
    if target == "old_permit_years" and re.search(r"(出来|实施|施行|出台)(之前|以前|前)[^？?]{0,16}登记"
                                                  r"|(以前|之前|早就?)[^，,。；;？?！!]{0,4}登记过", text):
        facts.setdefault("registered_before_rules", True)
    if target == "old_permit_years" and re.search(r"(领|办|拿|有)[^，,。；;？?！!]{0,4}(旧|老)的?居住证"
                                                  r"|(以前|之前|原来)(领|办)的?居住证", text):
        facts.setdefault("held_old_permit", True)
    if target == "permit_kept":
        _permit_kept(text, facts)
    if target == "school_exams" and "vocational_school_exam" not in facts:
        if re.search(r"中等职业学校|中职|中专|技校|职高|职业学校", text):
            facts["vocational_school_exam"] = True  # 天津 第十八条第二款
        elif re.search(r"普通高中|普高|考高中|上高中|读高中", text):
            facts["vocational_school_exam"] = False
    if target == "permit_by_proxy" and "mobility_impaired" not in facts and _IMPAIRED.search(text):
        facts["mobility_impaired"] = True
    if target == "permit_by_proxy" and _NOT_KIN.search(text):
        facts.setdefault("proxy_close_relative", False)  # 我是他同事，能替他代办吗: no guardian or close relative
    # 孩子才5岁，居住证可以由我代办吗 (不满16岁的小孩 names no one's age)
    if target == "permit_by_proxy" and "under_16" not in facts and (
            age := re.search(rf"{_KID}[^，,。；;？?！!\d]{{0,4}}?(\d{{1,2}})(周岁|岁)|(\d{{1,2}})(周岁|岁)的?{_KID}",
                             text)) and not re.search(r"(未满|不满|不到|没满|满|超过)$", text[:age.start()]):
        facts["under_16"] = int(age.group(2) or age.group(4)) < 16
    if target == "exit_entry_documents" and re.search(r"(去|赴|到|移居)台湾定居|赴台定居", text):
        facts.setdefault("not_settling_in_taiwan", False)
    if (target in ("permit_restore", "restore_years_joined") or "months_to_renewal_date" in facts
            or (target == "permit_renewal" and _PERSONAL.search(text))):
        # 签注逾期了 / 还有二十天满一年 / 我想把签注办了 / 我的证延过两次期: said of a permit one holds
        facts.setdefault("holds_permit", True)
    _since_arrival(text, facts, notes)
    _recent_registration(text, facts, notes)
    _within_a_year(text, target, facts, notes)
    if (target == "restore_years_joined" and "renewal_overdue_days" not in facts
            and (_lapsed(text) or re.search(r"晚了|逾期|过期|超期|补办|补签|补上", text))):
        # 签注晚了才补办，之前的年限还能接着算吗: overdue by some days at least (条例第十条第三款 counts
        # the years from the day it is made up, whatever the delay)
        facts["renewal_overdue_days"] = Between(1, 3650)
        notes.append("签注已经逾期，但没有说逾期多少天：按至少逾期1天理解。")
    _child_school(text, facts)
    asks = (bool(_ABILITY.search(text) or _VERDICT_WORDS.search(text))
            or text.rstrip().endswith(("吗", "吗?", "么?", "?")))
    generic = bool(_GENERIC.search(text))
    personal = bool(_PERSONAL.search(text))
    # 投靠 / 人才引进 alone also name a route in general questions (投靠亲属要什么条件？): they make
    # the question personal only when the asker speaks of themself.
    telling = bool(facts) and (personal or not set(facts) <= _ROUTE_FACTS)
    is_eligibility = bool(target or facts) and (
        (telling and asks) or (asks and personal and not generic))
    # 我是北京户口，能落户上海吗: the place asked about is not where the asker's hukou is.
    # 我老家湖南邵阳的: where one comes from, not where one asks about
    place = find_place(_ORIGIN.sub("，", _OWN_HUKOU.sub("，", text))) or find_place(text)
    if version_year is None:
        version_year = _named_by_words(text, place)
    return ParsedQuestion(place=place, target=target, facts=facts,
                          version_year=version_year, is_eligibility=is_eligibility,
                          notes=tuple(dict.fromkeys(notes)))
