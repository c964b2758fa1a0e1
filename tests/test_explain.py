"""The checker's explanation (``qa.rules.explain``): the verdict first, each condition once, and for an
eligible case the routes it did not need named once instead of listed as failed conditions."""

from __future__ import annotations

import datetime as dt
import re

from qa.rules import check, explain

SHANGHAI_WORKER = {"residence_months": 8, "employed": True, "social_insurance_months": 7, "housing_proof": True}


def _numbered(text: str) -> list[str]:
    return re.findall(r"^\d+\. (.+?)\[", text, re.MULTILINE)


def test_an_eligible_case_names_the_routes_it_did_not_need_once() -> None:
    result = check("上海", "residence_permit", SHANGHAI_WORKER, as_of=dt.date(2026, 12, 7))
    assert result.verdict == "eligible"
    text = explain(result)
    assert "按不符合处理" not in text and "不符合" not in text
    conditions = _numbered(text)
    assert len(conditions) == len(set(conditions)), text  # 需要在上海居住6个月以上 shared by two routes: once
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1))
    other = next(line for line in text.split("\n") if line.startswith("其他途径"))
    assert "投靠具有上海户籍的亲属" in other and "因就读、进修需要在上海居住" in other


def test_an_ineligible_case_still_lists_every_failed_condition() -> None:
    result = check("上海", "residence_permit", {**SHANGHAI_WORKER, "social_insurance_months": 3},
                   as_of=dt.date(2026, 12, 7))
    assert result.verdict == "ineligible"
    text = explain(result)
    assert "参加上海职工社会保险满6个月" in text and "你的情况：3个月，不符合" in text
    assert "其他途径" not in text
