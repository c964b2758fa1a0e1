"""Metric functions on small hand-made cases with known values."""

from __future__ import annotations

import math
from types import SimpleNamespace as NS  # noqa: N814 - a short name for the many stand-in records

import pytest

from qa.eval import metrics as m

SZ = {"doc": "深圳经济特区居住证条例", "locator": "第十九条"}
ART_T1 = {"doc": "article", "locator": "表1"}
NAT = {"doc": "居住证暂行条例", "locator": "第二条"}


def chunk(title, locator, text=""):
    return NS(doc_title=title, locator=locator, text=text, quote=text)


# ---------------------------------------------------------------- ranking


@pytest.mark.parametrize("ranked, k, expected", [
    ([True, False, False], 1, 1.0),          # perfect
    ([], 5, 0.0),                            # empty
    ([False, False, True], 1, 0.0),          # relevant below the cut-off
    ([False, False, True], 3, 1.0),
    ([False] * 10, 10, 0.0),
])
def test_recall_single_target(ranked, k, expected):
    assert m.recall_at_k(ranked, k) == expected


def test_recall_counts_covered_targets():
    ranked = [{0}, set(), {0}, {1}]
    assert m.recall_at_k(ranked, 1, n_targets=2) == 0.5
    assert m.recall_at_k(ranked, 4, n_targets=2) == 1.0
    assert m.recall_at_k([{0, 1}], 1, n_targets=2) == 1.0  # a chunk holding all facts covers both


def test_recall_rejects_bad_k():
    with pytest.raises(ValueError, match="k and n_targets must be positive"):
        m.recall_at_k([True], 0)


@pytest.mark.parametrize("ranked, expected", [
    ([True, False], 1.0),
    ([False, True, True], 0.5),
    ([False, False, False, True], 0.25),
    ([], 0.0),
    ([False, False], 0.0),
])
def test_mrr(ranked, expected):
    assert m.mrr(ranked) == expected


def test_ndcg_known_values():
    assert m.ndcg_at_k([True, False, False], 10) == 1.0
    assert m.ndcg_at_k([], 10) == 0.0
    assert m.ndcg_at_k([False, False], 10, n_relevant=1) == 0.0
    # one relevant at rank 2: (1/log2 3) / 1
    assert m.ndcg_at_k([False, True], 10) == pytest.approx(1 / math.log2(3))
    # relevant at ranks 1 and 3, ideal ranks 1 and 2
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert m.ndcg_at_k([True, False, True], 10) == pytest.approx(expected)
    # two gold sources but only one retrieved at rank 1: the ideal has two
    assert m.ndcg_at_k([True], 10, n_relevant=2) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    # beyond k does not count
    assert m.ndcg_at_k([False, False, True], 2) == 0.0


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize("gold, title, expected", [
    ("居住证暂行条例", "居住证暂行条例", True),
    ("居住证暂行条例", "北京市实施《居住证暂行条例》办法", False),   # only quotes it
    ("深圳经济特区居住证条例", "深圳经济特区居住证条例", True),
    ("上海市居住证管理办法", "上海市居住证积分管理办法", False),
    ("北京市积分落户管理办法", "北京市积分落户管理办法(试行)", True),
    ("article", "居住证制度改革（国家行政学院学报2015年第5期）", True),
    ("article", "居住证暂行条例", False),
])
def test_doc_matches(gold, title, expected):
    assert m.doc_matches(gold, title) is expected


@pytest.mark.parametrize("gold, loc, expected", [
    (None, "第三条", True),
    ("第十四条", "第十四条第二款", True),
    ("第十条", "第十一条", False),
    ("第二条", "第二十条", False),
    ("表1", "表1 深圳市", True),
    ("表1", "表2 上海市", False),
    ("（二）地方性居住证制度的比较分析", "(二) 地方性居住证制度的比较分析", True),
    ("（二）地方性居住证制度的比较分析", "二、改革演进 > 地方性居住证制度的比较分析", True),
    ("（二）地方性居住证制度的比较分析", None, False),
])
def test_locator_matches(gold, loc, expected):
    assert m.locator_matches(gold, loc) is expected


def test_relevant_targets_by_source_or_by_facts():
    facts = [["十二个月", "12个月"]]
    assert m.relevant_targets(chunk("深圳经济特区居住证条例", "第十九条第一款"), [SZ], facts) == {0}
    assert m.relevant_targets(chunk("深圳经济特区居住证条例", "第二十条"), [SZ], facts) == set()
    # another document whose text holds every fact counts for all targets
    other = chunk("居住证制度改革（国家行政学院学报2015年第5期）", "表1 深圳市", "合 法 稳 定 居 住 满 12 个月")
    assert m.relevant_targets(other, [SZ, NAT], facts) == {0, 1}


# ---------------------------------------------------------------- answers


def test_fact_accuracy_all_or_nothing_and_normalised():
    groups = [["12个月", "十二个月"], ["18个月"]]
    assert m.fact_accuracy("连续满十二个月或二年内累计满18个月", groups) == 1.0
    assert m.fact_accuracy("连续满十二个月", groups) == 0.0
    assert m.fact_recall("连续满十二个月", groups) == 0.5
    assert m.fact_accuracy("应在１５日内发放", [["15日"]]) == 1.0   # full-width digits
    assert m.fact_accuracy("中止2年内申请补办", [["二年"]]) == 1.0  # Chinese and Arabic numbers alike
    assert m.fact_accuracy("在六十日内补办", [["60日"]]) == 1.0
    assert m.fact_accuracy("在六十日内补办", [["6日"]]) == 0.0
    assert m.fact_accuracy(None, groups) == 0.0
    assert m.fact_accuracy("anything", []) is None


def test_citation_accuracy_and_precision():
    good = NS(doc_title="深圳经济特区居住证条例", locator="第十九条", quote="连续居住满十二个月的")
    supports = NS(doc_title="居住证制度改革（国家行政学院学报2015年第5期）", locator="表1 深圳市", quote="满 12 个月")
    off = NS(doc_title="上海市居住证管理办法", locator="第九条", quote="满6个月")
    facts = [["十二个月", "12个月"]]
    assert m.citation_accuracy([off, good], [SZ]) == 1.0
    assert m.citation_accuracy([off], [SZ]) == 0.0
    assert m.citation_accuracy([], [SZ]) == 0.0
    assert m.citation_accuracy([good], []) is None
    assert m.citation_precision([good, supports, off], facts, [SZ]) == pytest.approx(2 / 3)
    assert m.citation_precision([], facts, [SZ]) is None


def test_refusal_counted_right_and_wrong():
    should = [True, True, False, False]
    # refused one unanswerable (right) and one answerable (wrong), answered the other unanswerable
    refused = [True, False, True, False]
    assert m.refusal_precision(refused, should) == 0.5
    assert m.refusal_recall(refused, should) == 0.5
    assert m.false_refusal_rate(refused, should) == 0.5
    assert m.refusal_precision([False] * 4, should) is None
    assert m.refusal_recall([True, True], [True, True]) == 1.0
    assert m.refusal_recall([True], [False]) is None
    with pytest.raises(ValueError, match="lengths differ"):
        m.refusal_recall([True], [True, False])


def test_verdict_accuracy():
    assert m.verdict_accuracy("eligible", "eligible") == 1.0
    assert m.verdict_accuracy(None, "ineligible") == 0.0
    assert m.verdict_accuracy("eligible", None) is None


def test_percentile_and_mean():
    assert m.percentile([], 50) is None
    assert m.percentile([7.0], 95) == 7.0
    assert m.percentile([1, 2, 3, 4], 50) == 2.5
    assert m.percentile(range(1, 101), 95) == pytest.approx(95.05)
    assert m.mean_defined([1.0, None, 0.0]) == 0.5
    assert m.mean_defined([None]) is None
    with pytest.raises(ValueError, match=r"within 0\.\.100"):
        m.percentile([1], 101)


def test_lead_fact_looks_at_the_first_passage_only():
    answer = "根据《居住证暂行条例》第二十三条[1]：在有效期内继续有效。\n另据《居住证暂行条例》第十条[2]：每年签注1次。"
    assert m.lead_passage(answer).endswith("继续有效。")
    assert m.lead_fact(answer, [["每年签注1次"]]) == 0.0
    assert m.lead_fact(answer, [["继续有效"], ["每年签注1次"]]) == 1.0
    assert m.fact_accuracy(answer, [["每年签注1次"]]) == 1.0
    assert m.lead_fact(answer, []) is None
    table = "按地区对比如下：\n| 地区 | 文件规定 |\n| 全国 | 15日 [1] |\n| 江西省 | 5个工作日 [2] |\n另据《文章》[3]：…"
    assert m.lead_fact(table, [["5个工作日"]]) == 1.0
