"""Place names: canonical forms (深圳 → 深圳市) and the province a city belongs to.

The rule files name the jurisdictions that have rules; the gazetteer (qa.text.places) knows
enough other places to recognise them in a question and to fall back sensibly (苏州 → 江苏省 → 全国).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from opencc import OpenCC

from qa.text.places import AUTONOMOUS_REGIONS, CITIES, NATIONAL, PROVINCE_OF, PROVINCES, canonical_of_short

__all__ = ["AUTONOMOUS_REGIONS", "CITIES", "NATIONAL", "PROVINCES", "PROVINCE_OF", "canonical_place",
           "to_simplified"]

_NATIONAL_WORDS = ("全国", "国家", "全国统一", "中国", "国务院")


@lru_cache(maxsize=1)
def _t2s() -> tuple[OpenCC, frozenset[str]]:
    """OpenCC t2s, and the characters its dictionaries change: a text with none of them converts to
    itself, so it skips the (pure-Python, ~0.1 ms a call) converter. An entry changes the characters
    where it differs from its conversion (反覆 → 反复: 覆), or all of them when the lengths differ; a
    text can only match an entry that changes it by holding one of those."""
    import opencc

    changing: set[str] = set()
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        path = Path(opencc.__file__).parent / "dictionary" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            for value in values.split():
                if len(value) != len(key):
                    changing.update(key)
                else:
                    changing.update(k for k, v in zip(key, value, strict=True) if k != v)
    return OpenCC("t2s"), frozenset(changing)


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (no-op on simplified text)."""
    converter, changing = _t2s()
    return converter.convert(text) if not changing.isdisjoint(text) else text


def canonical_place(name: str | None) -> str | None:
    """深圳 / 深圳市 / 深圳經濟特區 → 深圳市; 江苏 → 江苏省; 全国 → 全国; unknown stays as given.

    Returns None for an empty name.
    """
    if name is None:
        return None
    text = to_simplified(name).strip()
    if not text:
        return None
    if text in _NATIONAL_WORDS:
        return NATIONAL
    for suffix in ("经济特区", "特别行政区"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    if text in AUTONOMOUS_REGIONS.values():
        return text
    bare = text[:-1] if text[-1] in "市省" and len(text) > 2 else text
    return canonical_of_short(bare) or text
