"""Chinese quantities to Arabic numbers (``qa.text.numbers``): what the index, the questions and the
fact checks of the evaluation all read."""

from __future__ import annotations

import pytest

from qa.text.numbers import chinese_to_int, normalize_numbers


@pytest.mark.parametrize("text, expected", [
    ("连续居住满十二个月", "连续居住满12个月"),
    ("一年半", "18个月"),
    ("两万人", "20000人"),
    ("五千人", "5000人"),
    # After Arabic digits the big unit belongs to the number: 2300万 people, not 2300 then 10000.
    ("常住人口控制在2300万人以内", "常住人口控制在2300万人以内"),
    ("300万人以上", "300万人以上"),
    ("1.5万人", "1.5万人"),
    ("第十四条 统一", "第十四条 统一"),
])
def test_normalize_numbers(text: str, expected: str) -> None:
    assert normalize_numbers(text) == expected


@pytest.mark.parametrize("text, value", [("十二", 12), ("二十三", 23), ("一百零五", 105), ("三万", 30000),
                                         ("二〇一五", 2015), ("万", 10000), ("五块", None)])
def test_chinese_to_int(text: str, value: int | None) -> None:
    assert chinese_to_int(text) == value
