"""docs/eligibility.md is generated from the inventory, the rule data and the catalog."""

from __future__ import annotations

import pytest
import yaml

from qa.errors import RuleError
from qa.rules import check, explain
from qa.rules.inventory import DOC_FILE, INVENTORY_FILE, build, counts, render


def test_committed_inventory_equals_the_generated_one():
    assert DOC_FILE.read_text(encoding="utf-8") == render(build()), "run python -m qa.rules.inventory"


def test_every_rule_and_catalog_document_is_in_the_inventory():
    rows = build()
    documents, modelled, unmodelled = counts(rows)
    assert documents == 46  # the 45 pack documents and the article
    assert modelled > 0 and unmodelled > 0
    assert all(row.reason for row in rows if not row.modelled)


@pytest.mark.parametrize(("change", "message"), [
    (lambda data: data[0]["entitlements"].append({"target": "visa", "locator": "第一条"}), "unknown target"),
    (lambda data: data[0]["entitlements"].append({"target": "points", "locator": "第一条"}), "no rule and no reason"),
    (lambda data: data.pop(1), "missing from the inventory"),
    (lambda data: next(d for d in data if "hainan" in d["file"])["entitlements"].clear(),
     "rules missing from the inventory"),
    (lambda data: data[0]["entitlements"].append({"target": "hukou", "locator": "x", "rules": ["nope.1"]}),
     "unknown rule id"),
])
def test_inventory_errors_name_the_problem(tmp_path, change, message):
    data = yaml.safe_load(INVENTORY_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "eligibility.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        build(path)


def test_an_unmodelled_entitlement_is_named_with_its_article():
    result = check("北京", "points", {"holds_permit": True}, "2020-01-01")
    assert result.verdict == "insufficient_info" and result.rule == "unmodelled"
    text = explain(result)
    assert "文件对此规定了条件，但尚未建模：见《北京市积分落户管理办法(试行)》第五条、第八条" in text
    assert result.citations[0].doc_title == "北京市积分落户管理办法(试行)"
    # 上海 before its 2015 scoring table: the 2013 办法 names the article that defers to it
    early = check("上海", "points", {"holds_permit": True}, "2015-06-30")
    assert early.rule == "unmodelled" and "第二十条至第二十七条" in explain(early)


def test_a_target_no_document_conditions_still_raises():
    with pytest.raises(RuleError, match="没有适用于深圳市"):
        check("深圳", "public_housing", {"holds_permit": True}, "2020-01-01")
