"""Chinese numerals and durations to Arabic numbers.

Used for BM25 tokens (so 十二个月 and 12个月 meet), for query understanding and for the rule
checker's fact extraction. Article labels (第十四条) are left alone: they are locators, not
quantities, and people search them as written.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
           "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG_UNITS)
_NUMERAL_RUN = re.compile(f"[{NUMERAL_CHARS}]+")


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 十二, 二十三, 一百零五, 两, 三万; None if not one."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    # A plain digit sequence (二〇一五) reads digit by digit.
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


# Durations written as words; order matters (longest first).
_DURATION_WORDS = [
    ("一年半", "18个月"), ("两年半", "30个月"), ("半年", "6个月"), ("一个半月", "1.5个月"),
]
# Number words we must not rewrite: ordinal labels and fixed expressions.
_PROTECTED = re.compile(r"第[" + NUMERAL_CHARS + r"]+[条章款项节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
                        r"|统一|一律|一并|一致|一次性|一般|一定|一些|一起|一旦|唯一|之一|进一步|一方面|一是|二是|三是|四是"
                        r"|万一|一元|二元|十一届|三中全会|一字之差|一对一|一站式|一证通"
                        # 哪一年 asks which year, 同一个市 is the same city and 另一个区 another one: no number in them.
                        r"|哪一|同一|另一|某一|逐一|其一")
# Not after an Arabic digit: 2300万人 is 2300万 people, not 2300 followed by 万 (10000).
_QUANTITY = re.compile(f"(?<![0-9.．０-９])([{NUMERAL_CHARS}]+)"
                       "(?=(个月|个工作日|个|年|月|日|天|周岁|岁|周|万|人|项|分|次|倍|%|％))")


def normalize_numbers(text: str) -> str:
    """Rewrite Chinese quantities as Arabic numbers: 十二个月→12个月, 一年半→18个月, 半年→6个月.

    Ordinal labels (第十四条, 一、, （二）) and fixed words (统一, 进一步) are kept as written.
    """
    for word, replacement in _DURATION_WORDS:
        text = text.replace(word, replacement)
    protected: list[str] = []

    def _protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    text = _PROTECTED.sub(_protect, text)

    def _convert(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group(1))
        return str(value) if value is not None else match.group(1)

    text = _QUANTITY.sub(_convert, text)
    return re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)
