"""How long ago something happened, or how far off a date is, as a person says it.

A question about a time limit (五天前搬的家，现在去改地址算及时吗) states the time since the event:
五天前 / 到现在十来天了 / 去世三個星期了 / 到了已经第五天了. One about a window before a date
(居住证满一年的日子是下个月十五号，今天才这个月二十号) states the date and today. Both come as a
``DaySpan``: an approximate amount (十来天, 下个月中旬) keeps its range, so a limit falling inside
it is left undecided rather than guessed.

The text is read after ``qa.rules.facts.normalize`` for durations (Arabic numbers, 十来天 → 10~12天)
and in its simplified form for dates (号 and 月 keep their Chinese numerals there).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from qa.text.numbers import chinese_to_int


@dataclass(frozen=True)
class DaySpan:
    """A number of days known to lie between ``low`` and ``high``."""

    low: float
    high: float

    def plus(self, days: float) -> DaySpan:
        return DaySpan(self.low + days, self.high + days)

    def said(self) -> str:
        low, high = round(self.low), round(self.high)
        return f"约{low}天" if low == high else f"约{low}至{high}天"


_DAYS_PER_UNIT = {"天": (1, 1), "日": (1, 1), "周": (7, 7), "星期": (7, 7), "礼拜": (7, 7),
                  "月": (28, 31), "年": (365, 366)}
_NUMBER = r"(?P<low>\d+(?:\.\d+)?)(?:~(?P<high>\d+(?:\.\d+)?))?"
# A period said of time already spent: 5天前 / 10~12天了 / 3个星期以来 / 已经2个月 / 到现在20天.
_SPENT = re.compile(
    rf"(?P<before>已经|已|到现在|到今天|至今|都|才|刚)?\s*(?<!第){_NUMBER}\s*"
    r"(?P<unit>个工作日|天|日|个?星期|个?礼拜|周(?!岁|末)|个?月|年)(?P<more>多|许)?"
    r"(?P<after>前|之前|以前|了|以来|左右|上下|啦)?")
# 还有二十来天就到期 / 差10天满一年: the days left until a date, not time spent.
_LEFT_BEFORE = re.compile(r"(还有|还剩|差|剩下?)$")
_LEFT_AFTER = re.compile(r"^(?:(?:就|才|便)要?(?:到期|期满|过期|满|到)|到期|期满|过期)")
# 下礼拜就满一年了 / 明天就到期: when the date comes, in days from today.
_SOON_DAYS = {"今天": (0, 0), "明天": (1, 1), "后天": (2, 2), "下周": (1, 13), "下星期": (1, 13), "下礼拜": (1, 13),
              "下个月": (1, 61), "月底": (0, 30)}
_SOON = re.compile(r"(今天|明天|后天|下周|下星期|下礼拜|下个月|月底)(?:就|才|便)?要?(?:满|到期|期满|过期)")
# 就满一年了 / 就到两年了: the date a period reaches, not time spent.
_MILESTONE = re.compile(r"(就|才|要|便)(满|到)$")
# 大概一个星期 / 一个星期左右: about, so a limit near it is not decided either way.
_ABOUT_BEFORE = re.compile(r"(大概|大约|约|差不多|估计|好像)[^，,。；;？?\d]{0,4}$")
_ABOUT_SHARE = 0.15
_NEARLY = re.compile(r"(快|快要|将近|接近)$")
# 到了已经第5天了: the fifth day since the event (four full days have passed).
_NTH_DAY = re.compile(r"第(\d+)天")
# The act is still ahead: 明天去 / 后天去 / 下周去 add their days to the time since the event.
_STILL_AHEAD = {"明天": 1, "明儿": 1, "后天": 2, "下周": 7, "下星期": 7, "下礼拜": 7}
_AHEAD = re.compile("|".join(_STILL_AHEAD))


def days_since(text: str) -> DaySpan | None:
    """The time since the event a question tells of (the shortest period it states as spent).

    ``text`` is the normalised question. A period said as a limit (15日内) or a future one (还要
    住两年) is not time spent; among several spent periods the shortest is the recent event a time
    limit is asked about (在天津住了三年，五天前搬了家 → 5 days).
    """
    spans = [span for span, left in _periods(text) if not left]
    for match in _NTH_DAY.finditer(text):
        n = int(match.group(1))
        spans.append(DaySpan(max(n - 1, 0), n))
    if not spans:
        return None
    span = min(spans, key=lambda s: s.high)
    ahead = _AHEAD.search(text)
    return span.plus(_STILL_AHEAD[ahead.group()]) if ahead else span


def days_left(text: str) -> DaySpan | None:
    """The days left until a date, said as a period (还有二十来天就到期, 差10天满一年) or as when it
    comes (下礼拜就满一年了, 明天就到期); ``text`` is the normalised question."""
    said = next((span for span, left in _periods(text) if left), None)
    if said is not None:
        return said
    soon = _SOON.search(text)
    return DaySpan(*_SOON_DAYS[soon.group(1)]) if soon else None


def _periods(text: str) -> list[tuple[DaySpan, bool]]:
    """Every period the text states as spent or as left (``True``), in days."""
    found = []
    for match in _SPENT.finditer(text):
        tail = text[match.end():match.end() + 2]
        left = not match.group("after") and bool(
            _LEFT_BEFORE.search(text[:match.start()]) or _LEFT_AFTER.match(text[match.end():]))
        if (tail.startswith(("内", "以内", "之内")) or _MILESTONE.search(text[:match.start()])
                or not (match.group("before") or match.group("after") or left)):
            continue
        unit = match.group("unit").lstrip("个")
        if unit == "工作日":
            continue  # working days are the office's time, not a person's
        low_days, high_days = _DAYS_PER_UNIT[unit[-1] if unit not in _DAYS_PER_UNIT else unit]
        low = float(match.group("low"))
        high = float(match.group("high") or low)
        if match.group("more") == "多":
            high = high + 1 if unit in ("月", "年") else high * 1.5
        low, high = low * low_days, high * high_days
        if match.group("after") in ("左右", "上下") or _ABOUT_BEFORE.search(text[:match.start()]):
            low, high = low - max(1, low * _ABOUT_SHARE), high + max(1, high * _ABOUT_SHARE)
        elif _NEARLY.search(text[:match.start()]):
            low = low - max(1, low * _ABOUT_SHARE)  # 快两个礼拜: somewhat under two weeks
        found.append((DaySpan(max(low, 0), high), left))
    return found


# ---------------------------------------------------------------- dates

_CN = r"[\d零〇一二两三四五六七八九十廿]+"
# A day of a month: 下个月15号 / 这个月二十号 / 12月底 / 十一月中旬 / 3月10日 / 本月初.
_DATE = re.compile(
    rf"(?P<month>(?:下个?|这个?|本|上个?)月|{_CN}月(?:份)?)"
    rf"(?:(?P<day>{_CN})(?:号|日)|(?P<part>初|上旬|中旬|下旬|底|末))")
_TODAY = re.compile(r"(今天|今儿|现在|目前|眼下)(是|才|已经|都)?$")
_RELATIVE_MONTH = {"上": -1, "这": 0, "本": 0, "下": 1}
_PART_DAYS = {"初": (1, 5), "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "底": (25, 31), "末": (25, 31)}


@dataclass(frozen=True)
class _Date:
    month: int | None  # a calendar month, or None when said relative to today's
    offset: int  # months from today's month when ``month`` is None
    first: int
    last: int


def _read_date(match: re.Match[str]) -> _Date | None:
    said = match.group("month")
    month: int | None = None
    offset = 0
    if said[0] in _RELATIVE_MONTH:
        offset = _RELATIVE_MONTH[said[0]]
    else:
        month = chinese_to_int(said.rstrip("月份")) if not said[0].isdigit() else int(re.match(r"\d+", said).group())
        if month is None or not 1 <= month <= 12:
            return None
    if match.group("day"):
        day = int(match.group("day")) if match.group("day").isdigit() else chinese_to_int(match.group("day"))
        if day is None or not 1 <= day <= 31:
            return None
        return _Date(month, offset, day, day)
    first, last = _PART_DAYS[match.group("part")]
    return _Date(month, offset, first, last)


def days_until(text: str) -> DaySpan | None:
    """Days from today to the other date a question names (满一年的日子是下个月15号，今天这个月20号).

    ``text`` is the question in simplified characters (not number-normalised: its dates keep
    号/日 as said). Both dates must be stated, today's after 今天/现在. A calendar date without a
    year is the next one on or after today (the yearly date of a permit issued 去年三月十号).
    Months of unknown length count 28 to 31 days, so the span is a range when a month is crossed.
    """
    dates = list(_DATE.finditer(text))
    today = next((m for m in dates if _TODAY.search(text[:m.start()])), None)
    other = next((m for m in dates if m is not today), None)
    if today is None or other is None:
        return None
    now, then = _read_date(today), _read_date(other)
    if now is None or then is None:
        return None
    if now.month is not None and then.month is not None:
        start, end = _calendar(now.month, now.first), _calendar(then.month, then.last)
        earliest, latest = _calendar(now.month, now.last), _calendar(then.month, then.first)
        if latest < earliest:  # the date comes round next year
            end, latest = end.replace(year=end.year + 1), latest.replace(year=latest.year + 1)
        return DaySpan((latest - earliest).days, (end - start).days)
    if then.month is None and now.month is None:
        months = then.offset - now.offset
        low = months * 28 + then.first - now.last
        high = months * 31 + then.last - now.first
        return DaySpan(min(low, high), max(low, high))
    return None  # one date by the calendar, the other relative to a month not named


def _calendar(month: int, day: int) -> dt.date:
    """A day of a common year (the 29th of February falls on the 28th)."""
    last = (dt.date(2026 + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(2026, month, min(day, last))
