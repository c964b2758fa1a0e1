"""Whether a person's act falls inside the time limit the governing article sets.

五天前搬了家，明天去改地址，算及时吗 is decided by comparing the time since the event (six days)
with the limit the article gives (自变动之日起7日内); 满一年的日子是下个月15号，今天才20号，现在去
签注算按时吗 by comparing the days left with a window before a date (每满1年之日前1个月内).

The limit is read from the articles of the documents the search found for the place asked about
(the one sharing most of the question's topic words), not from rule data, so the time limits of
every document in the index are covered. Time limits an office keeps (自受理之日起15日内发放),
lengths of stay (居住3日以上30日以内的) and transition windows (本条例施行后12个月内) are passed
over. A stated time too close to the limit to tell is ``insufficient_info``; a window with no date
said, or no limit on the topic found: no decision here, and the question goes on to the rule
checker and the documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answering import compose as composer
from qa.text.elapsed import DaySpan
from qa.text.numbers import chinese_to_int
from qa.types import RetrievedChunk

_AMOUNT = r"(\d+|[一二三四五六七八九十两]+)\s*(个工作日|日|天|个月|月|周|个星期|小时)"
# A limit counted from an event: 自变动之日起7日内 / 在到达暂住地三日内 / 农村在一个月以内.
_AFTER = re.compile(_AMOUNT + r"\s*(?:之内|以内|内)")
# A window before a date: 每满1年之日前1个月内 / 届满1年前30日内 / 有效期满前三十日内 / 最后1个月内.
_BEFORE = re.compile(r"(?:前|最后)\s*" + _AMOUNT + r"\s*(?:之内|以内|内)")
# A date to act by, some days ahead of another: 有效期满30日前申请延期 / 到期前15日以前.
_AHEAD = re.compile(r"(?:满|到期|届满|期满)(?:之日)?\s*(?:前)?\s*" + _AMOUNT
                    + r"\s*(?:以|之)?前(?!\s*[^，。；]{0,3}内)")
# An office's own time limit, not the person's: 15日内发放 / 3个工作日内完成核实 / 60日内作出复议决定.
_OFFICE_ACT = re.compile(r"^[^，。；]{0,12}?(?:发放|制作|核实|审核|审批|答复|作出|办结|回复|出具|完成|上传|送至|送达|"
                         r"核定|制证|报送|告知|通知|移交|批准|决定)")
_NOT_A_DEADLINE = re.compile(r"以上|实施|施行")
_SEGMENT = re.compile(r"[^，,；;。]+")
ON_TIME, LATE, TOO_EARLY = "在期限内（按时）", "已超过期限", "还没到可以办理的时间"
UNSURE = "还不能确定，要看具体日期"
_KINDS = (("window", _BEFORE), ("ahead", _AHEAD), ("after", _AFTER))
_DAYS = {"小时": (1 / 24, 1 / 24), "日": (1, 1), "天": (1, 1), "周": (7, 7), "个星期": (7, 7),
         "个月": (28, 31), "月": (28, 31)}


@dataclass(frozen=True)
class Limit:
    """A time limit stated in an article: ``days`` after an event (``after``), a window of ``days``
    before a date (``window``), or at least ``days`` ahead of a date (``ahead``)."""

    days: DaySpan
    kind: str
    sentence: str
    segment: str  # the part of the sentence that states it (城市在葬前，农村在一个月以内 → 农村在一个月以内)
    words: str  # the limit as written (7日内, 前1个月内, 满30日前)
    hit: RetrievedChunk


@dataclass(frozen=True)
class Decision:
    """The verdict on the asker's timing, with the limit it rests on and the reasoning in words."""

    verdict: str  # eligible (inside the limit) / ineligible (outside it) / insufficient_info (too close to tell)
    limit: Limit
    conclusion: str  # 在期限内（按时） / 已超过期限 / 还没到可以办理的时间
    reasoning: str


def _days(number: str, unit: str) -> DaySpan | None:
    value = int(number) if number.isdigit() else chinese_to_int(number)
    if not value:
        return None
    if unit == "个工作日":  # five working days a week, and a weekend either side
        return DaySpan(value, value * 7 / 5 + 2)
    low, high = _DAYS[unit]
    return DaySpan(value * low, value * high)


def limits_in(hits: list[RetrievedChunk]) -> list[Limit]:
    """Every time limit a person must keep that the chunks state."""
    found = []
    for hit in hits:
        # a list item on its own: （七）…必须在到达暂住地二十四小时内…
        lines = (line for text in composer.split_sentences(hit.chunk.quote) for line in text.split("\n"))
        for sentence in lines:
            for segment in _SEGMENT.findall(sentence):
                kind, match = next(((kind, m) for kind, pattern in _KINDS if (m := pattern.search(segment))),
                                   ("", None))
                # 居住3日以上30日以内的 describes a length of stay, and 本条例施行后12个月内 a transition
                # window: neither is a limit a person keeps after their own act.
                if (match is None or _OFFICE_ACT.search(segment[match.end():])
                        or _NOT_A_DEADLINE.search(segment[:match.start()])):
                    continue
                days = _days(match.group(1), match.group(2))
                if days is not None:
                    said = composer.quoted_body([composer.Evidence(sentence, hit, 0.0)])
                    found.append(Limit(days, kind, said, segment, match.group(0), hit))
    return found


# The least a limit's sentence must share with the question (in question-word weights) to be the
# one asked about: one topic word such as 签注 or 变更, not only generic words (居住证 weighs 0.3).
MIN_RELEVANCE = 1.5
SEGMENT_SHARE = 0.5
# A place's own limit outweighs the national one on the same topic (浙江 第十九条 before 条例 第十条).
LOCAL_SHARE = 1.25


def _relevance(limit: Limit, weights: dict[str, float]) -> float:
    """How much of the question the limit's sentence speaks to, its own segment counting half again
    (城市在三日以内，农村在十日以内: the segment naming 农村 for a village).

    Only words count, not single characters: 换 (of 换了手机号) inside 换领新证 is no match."""
    words = {token: w for token, w in weights.items() if len(token) > 1}
    return sum(w for token, w in words.items() if token in limit.sentence) + SEGMENT_SHARE * sum(
        w for token, w in words.items() if token in limit.segment)


def decide(since: DaySpan | None, until: DaySpan | None, hits: list[RetrievedChunk],
           weights: dict[str, float]) -> Decision | None:
    """The verdict on a stated time against the most relevant limit of ``hits`` (None: no limit
    found; ``insufficient_info`` when the time said is too close to the limit to tell)."""
    usable = [limit for limit in limits_in(hits) if (since if limit.kind == "after" else until) is not None]
    if not usable:
        return None
    scored = [(_relevance(item, weights), item) for item in usable]
    relevance, limit = max(scored, key=lambda pair: pair[0] * (1 if pair[1].hit.chunk.region == "全国"
                                                               else LOCAL_SHARE))
    if relevance < MIN_RELEVANCE:
        return None  # no limit on what was asked among the documents found
    allowed, words = limit.days, limit.words
    if limit.kind == "after":
        assert since is not None
        if since.high <= allowed.low:
            return Decision("eligible", limit, ON_TIME, f"你说的时间是{since.said()}，没有超过“{words}”的期限。")
        if since.low > allowed.high:
            return Decision("ineligible", limit, LATE, f"你说的时间是{since.said()}，已经超过“{words}”的期限。")
        return Decision("insufficient_info", limit, UNSURE,
                        f"你说的时间是{since.said()}，期限是“{words}”，两者相差不多，请按具体日期核对。")
    assert until is not None
    if until.high < 0:
        return Decision("ineligible", limit, LATE, f"那一天已经过去{DaySpan(-until.high, -until.low).said()}。")
    if limit.kind == "ahead":
        if until.low >= allowed.high:
            return Decision("eligible", limit, ON_TIME, f"离那一天还有{until.said()}，做到了“{words}”。")
        if until.high < allowed.low:
            return Decision("ineligible", limit, LATE, f"离那一天只剩{until.said()}，晚于“{words}”。")
        return Decision("insufficient_info", limit, UNSURE,
                        f"离那一天还有{until.said()}，要求是“{words}”，两者相差不多，请按具体日期核对。")
    if until.low >= 0 and until.high <= allowed.low:
        return Decision("eligible", limit, ON_TIME, f"离那一天还有{until.said()}，在“{words}”之内。")
    if until.low > allowed.high:
        return Decision("ineligible", limit, TOO_EARLY, f"离那一天还有{until.said()}，还没到“{words}”。")
    return Decision("insufficient_info", limit, UNSURE,
                    f"离那一天还有{until.said()}，办理时间是“{words}”，两者相差不多，请按具体日期核对。")
