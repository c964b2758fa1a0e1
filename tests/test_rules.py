"""The rule checker: data-driven cases (corpus/rules/cases/*.yaml), interfaces and explanations."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from qa.errors import RuleError
from qa.rules import FACTS, TARGETS, check, explain, jurisdictions, load_rules, targets
from qa.rules.model import Between, Comparison, Under, iter_leaves
from qa.types import RuleResult

RULES_DIR = Path(__file__).resolve().parent.parent / "corpus" / "rules"
CASES_DIR = RULES_DIR / "cases"


def _load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            case["file"] = path.stem
            cases.append(case)
    return cases


CASES = _load_cases()


def _run(case: dict) -> RuleResult:
    return check(case["jurisdiction"], case["target"], case["facts"], case.get("as_of"),
                 version_year=case.get("version_year"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}-{c['name']}" for c in CASES])
def test_case(case):
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(RuleError):
            _run(case)
        return
    result = _run(case)
    assert result.verdict == expect["verdict"], explain(result)
    if "rule" in expect:
        assert result.rule == expect["rule"]
    if "missing" in expect:
        assert list(result.missing) == expect["missing"]
    if "gap" in expect:
        assert any(expect["gap"] in gap for gap in result.gaps), result.gaps
    if "note" in expect:
        assert any(expect["note"] in note for note in result.notes), result.notes
    if result.rule == "unmodelled":  # the documents' conditions are named, not evaluated
        assert not result.trace and result.citations
        return
    assert len(result.trace) == len(list(iter_leaves(_rule(result.rule).condition)))


def _rule(rule_id: str):
    book = load_rules()
    return next(r for f in book.files.values() for r in f.rules if r.id == rule_id)


def test_cases_cover_every_rule_and_every_threshold_boundary():
    """Each numeric threshold has cases at value-1, value and value+1 applied to its rule."""
    seen: dict[tuple[str, str], set] = defaultdict(set)
    used_rules = set()
    for case in CASES:
        if "error" in case["expect"]:
            continue
        result = _run(case)
        used_rules.add(result.rule)
        for name, value in case["facts"].items():
            seen[(result.rule, name)].add(value)
    book = load_rules()
    for rule_file in book.files.values():
        for rule in rule_file.rules:
            assert rule.id in used_rules, f"no test case applies {rule.id}"
            for leaf in iter_leaves(rule.condition):
                if leaf.op not in (">=", "<="):
                    continue
                values = seen[(rule.id, leaf.fact)]
                wanted = {leaf.value - 1, leaf.value, leaf.value + 1} - {-1}
                assert wanted <= values, f"{rule.id}: {leaf.fact} cases {sorted(values)} miss {wanted - values}"


def test_every_rule_has_a_case_before_its_start():
    """OpenFisca habit: each dated version is tested the day before it starts (or falls back)."""
    dated_cases = {(c["jurisdiction"].rstrip("市省"), c["target"], str(c.get("as_of"))) for c in CASES}
    book = load_rules()
    for rule_file in book.files.values():
        for rule in rule_file.rules:
            if rule.effective_from is None or (rule.target == "hukou" and rule.id.startswith("national")):
                continue
            day_before = str(rule.effective_from - dt.timedelta(days=1))
            names = {rule_file.jurisdiction.rstrip("市省"), *rule_file.aliases}
            if rule.id.startswith(("shenzhen.compulsory", "shanghai.compulsory", "shanghai.hukou",
                                   "zhengzhou.compulsory", "nanjing.compulsory", "beijing.compulsory",
                                   "national.compulsory", "chengdu.compulsory", "chengdu.hukou")):
                continue  # same start date as the residence-permit rule of the same document
            # A rule starting with another target's rule of the same document shares its start test.
            siblings = [r for r in rule_file.rules if r.doc == rule.doc and r.effective_from == rule.effective_from]
            assert any((n, r.target, day_before) in dated_cases for n in names for r in siblings), \
                f"no case on {day_before} (day before {rule.id} starts)"


# ---------------------------------------------------------------- interface


# 户口登记条例's registration matters apply everywhere through the national rules.
NATIONAL_REGISTRATION = ["birth_registration", "move_in_registration", "name_change", "birth_reporter",
                         "move_in_papers", "move_out", "stay_away", "death_reporter", "record_change",
                         "settle_by_choice", "keep_land_rights"]


def test_jurisdictions_and_targets():
    names = jurisdictions()
    assert names[0] == "全国"
    assert {"深圳市", "上海市", "成都市", "郑州市", "江苏省", "南京市", "北京市"} <= set(names)
    assert targets("深圳") == ["residence_permit", "compulsory_education", "hukou", "permit_renewal",
                             "permit_restore", "temporary_permit_years", "family_settle", "exit_entry_documents",
                             "restore_years_joined", "permit_by_proxy", *NATIONAL_REGISTRATION]
    assert "points" in targets("上海") and "points" not in targets("深圳")
    assert targets("火星") == ["residence_permit", "compulsory_education", "hukou", "permit_renewal",
                             "permit_restore", "temporary_permit_years", "family_settle", "exit_entry_documents",
                             "restore_years_joined", "permit_by_proxy", *NATIONAL_REGISTRATION]
    assert targets("南昌") == ["residence_permit", "compulsory_education", "hukou", "permit_renewal",
                             "school_exams", "gaokao", "public_housing", "permit_restore", "temporary_permit_years",
                             "family_settle", "exit_entry_documents", "old_permit_years", "restore_years_joined",
                             "permit_by_proxy", *NATIONAL_REGISTRATION]


def test_facts_catalogue():
    required = {"residence_months", "social_insurance_months", "social_insurance_months_last_24",
                "employed", "housing_proof", "studying", "intended_stay_months",
                "permit_holding_years"}
    assert required <= set(FACTS)
    for spec in FACTS.values():
        assert spec.type in ("int", "bool") and spec.label and spec.question.endswith("？")
        assert (spec.unit is not None) == (spec.type == "int")
    assert set(TARGETS) == {"residence_permit", "compulsory_education", "hukou", "permit_renewal",
                            "school_exams", "gaokao", "public_housing", "enlistment", "hk_macau_business_visa",
                            "permit_restore", "points", "temporary_permit_years", "address_change_years",
                            "family_settle", "points_employment", "points_housing", "points_tax",
                            "points_insurance_base", "points_remote_area",
                            "points_residence_area", "points_public_service", "points_shortage_major",
                            "exit_entry_documents", "permit_validity", "old_permit_years", "birth_registration",
                            "move_in_registration", "permit_kept", "points_apply", "permit_by_proxy",
                            "restore_years_joined", "name_change",
                            "relative_move_in", "household_split", "student_collective_hukou", "fixed_residence",
                            "birth_reporter", "move_in_papers", "move_out", "stay_away", "home_move_in",
                            "surname_choice", "settle_by_choice", "keep_land_rights", "death_reporter",
                            "record_change", "birth_date_change", "work_collective_hukou", "public_household",
                            "household_merge", "householder_change", "sex_change", "ethnicity_change",
                            "hukou_kept"}


@pytest.mark.parametrize("name", ["深圳", "深圳市", "深圳經濟特區", " 深圳 "])
def test_place_spellings(name):
    result = check(name, "residence_permit", {"residence_months": 12,
                                               "social_insurance_months": 12})
    assert result.rule == "shenzhen.residence_permit.2015"
    assert result.jurisdiction == "深圳市"


def test_unknown_place_falls_back_with_note():
    result = check("拉萨", "residence_permit", {"residence_months": 6, "employed": True},
                   as_of=dt.date(2020, 1, 1))
    assert result.rule == "national.residence_permit.2016"
    assert result.jurisdiction == "全国" and result.place == "拉萨市"
    assert "资料库中没有拉萨市的规定" in result.notes[0]
    assert "资料库中没有拉萨市的规定" in explain(result)


def test_default_date_is_today():
    result = check("成都", "residence_permit", {"residence_months": 6, "housing_proof": True})
    assert result.as_of == dt.date.today().isoformat()
    assert result.rule == "chengdu.residence_permit.2016"


@pytest.mark.parametrize(("facts", "message"), [
    ({"residence_months": float("inf")}, "finite"),
    ({"residence_months": float("nan")}, "finite"),
    ({"residence_months": 10 ** 12}, "human range"),
    ({"permit_holding_years": 101}, "human range"),
    ({"residence_months": -0.5}, "non-negative number"),
    ({"residence_months": Between(-3, 2)}, "non-negative number"),
    ({"residence_months": Under(float("inf"))}, "finite"),
])
def test_values_outside_human_ranges_raise(facts, message):
    with pytest.raises(RuleError, match=message):
        check("深圳", "residence_permit", facts, "2020-01-01")


def test_human_range_edges_are_accepted():
    assert check("深圳", "residence_permit", {"residence_months": 1200, "social_insurance_months": 0},
                 "2020-01-01").verdict == "insufficient_info"
    assert check("全国", "hukou", {"permit_holding_years": 100}, "2020-01-01").rule == "national.hukou.2016"


@pytest.mark.parametrize("facts", [[("residence_months", 12)], ["residence_months"], "residence_months=12"])
def test_facts_not_a_mapping_raise_a_rule_error(facts):
    with pytest.raises(RuleError, match="facts must be a mapping"):
        check("深圳", "residence_permit", facts, "2020-01-01")


def test_as_of_accepts_iso_strings_and_rejects_others():
    by_string = check("成都", "residence_permit", {}, "2012-06-01")
    assert by_string == check("成都", "residence_permit", {}, dt.date(2012, 6, 1))
    assert by_string.rule == "chengdu.residence_permit.2011"
    for bad in ("2020-13-01", "yesterday", 20200101):
        with pytest.raises(RuleError, match="as_of"):
            check("成都", "residence_permit", {}, bad)


@pytest.mark.parametrize(("target", "facts", "verdict"), [
    # No permit is 0 years of holding one, and 0 years is no permit: both decide.
    ("hukou", {"holds_permit": False}, "ineligible"),
    ("permit_renewal", {"permit_holding_years": 0}, "ineligible"),
    ("permit_renewal", {"permit_holding_years": 1}, "eligible"),
    # None paid decides the 8-month renewal condition without asking for months.
    ("permit_renewal", {"holds_permit": True, "residence_months_last_12": 12, "social_insurance_paid": False},
     "ineligible"),
])
def test_known_zero_and_no_are_values(target, facts, verdict):
    assert check("深圳" if target == "permit_renewal" and "residence_months_last_12" in facts else "北京",
                 target, facts, "2018-01-01").verdict == verdict


@pytest.mark.parametrize(("facts", "message"), [
    ({"residence_month": 3}, "unknown fact"),
    ({"residence_months": "ten"}, "non-negative number"),
    ({"residence_months": -1}, "non-negative number"),
    ({"employed": "yes"}, "true/false"),
    ({"residence_months": True}, "non-negative number"),
])
def test_bad_facts_raise(facts, message):
    with pytest.raises(RuleError, match=message):
        check("全国", "residence_permit", facts)


def test_unknown_target_raises():
    with pytest.raises(RuleError, match="unknown target 'visa'"):
        check("深圳", "visa", {})


def test_trace_and_citations_for_the_issue_example():
    result = check("深圳市", "residence_permit",
                   {"residence_months": 10, "social_insurance_months": 12, "employed": True},
                   as_of=dt.date(2024, 5, 1))
    assert result.verdict == "ineligible"
    first = result.trace[0]
    assert (first.fact, first.given, first.outcome, first.gap) == ("residence_months", 10, "fail",
                                                                   "还差2个月")
    assert first.required == ">= 12个月"
    assert first.citation.doc_title == "深圳经济特区居住证条例"
    assert first.citation.locator.startswith("第十九条")
    assert result.citations[0].locator == "第十九条"
    assert all(step.citation in result.citations for step in result.trace)
    # the student route (第十九条第二款) is settled by the job (someone employed is no full-time student),
    # the talent route was not mentioned: assumed not met, and 非深户籍 and 居住登记 were not mentioned
    # either: assumed met (the last steps)
    assert [s.outcome for s in result.trace] == ["fail", "pass", "unknown", "fail", "fail", "pass", "pass"]
    assert result.trace[3].fact == "studying" and result.trace[3].given is False
    assert all(step.assumed for step in result.trace[4:])
    text = explain(result)
    # the answer first: the verdict and its gap, then the deciding article and the check
    head, basis = text.split("\n")[:2]
    assert head.startswith("关于在深圳市申领居住证：结论：暂不符合。差距：") and "还差2个月" in head
    assert basis.startswith("依据：《深圳经济特区居住证条例》第十九条[1]")
    assert "你的情况：10个月，不符合，还差2个月" in text
    for n in range(1, len(result.citations) + 1):
        assert f"[{n}]" in text
    assert f"[{len(result.citations) + 1}]" not in text
    data = result.to_dict()
    assert data["trace"][0]["citation"]["locator"].startswith("第十九条")
    assert data["gaps"] and data["version"] == 2015


def test_insufficient_info_names_missing_and_asks():
    result = check("北京", "residence_permit", {"employed": True}, as_of=dt.date(2020, 1, 1))
    assert result.verdict == "insufficient_info"
    assert result.missing == ("residence_months",)
    assert result.follow_up == FACTS["residence_months"].question
    text = explain(result)
    assert "结论：还不能确定。" in text and "在当地已居住时间" in text


def test_eligible_explanation():
    result = check("北京", "residence_permit", {"residence_months": 8, "housing_proof": True},
                   as_of=dt.date(2020, 1, 1))
    assert "结论：符合条件。" in explain(result)


def test_article_and_regulation_differences_are_noted():
    shanghai = _rule("shanghai.residence_permit.2013")
    assert any("表1" in note and "连续" in note for note in shanghai.notes)
    zhengzhou = _rule("zhengzhou.residence_permit.2013")
    assert any("表1" in note and "就业证明" in note for note in zhengzhou.notes)


# ---------------------------------------------------------------- data validation


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    return tmp_path


_GOOD = """
jurisdiction: 测试市
documents: {d: {title: 测试办法, file: x.txt}}
rules:
  - id: t.residence_permit.2020
    target: residence_permit
    version: 2020
    title: 测试
    doc: d
    locator: 第一条
    quote: 短句
    effective_from: 2020-01-01
    condition: {fact: residence_months, op: ">=", value: 6, label: 居住满6个月}
"""


def test_valid_custom_rules_dir(tmp_path):
    folder = _write(tmp_path, _GOOD)
    result = check("测试市", "residence_permit", {"residence_months": 6},
                   as_of=dt.date(2021, 1, 1), rules_dir=folder)
    assert result.verdict == "eligible"


@pytest.mark.parametrize(("change", "message"), [
    (("quote: 短句", "quote: " + "长" * 40), "quote longer"),
    (("title: 测试\n", "title: 测试\n    colour: red\n"), "Extra inputs are not permitted"),
    (("fact: residence_months", "fact: age"), "unknown fact"),
    (("value: 6", "value: true"), "'>=' needs an int"),
    (("doc: d", "doc: e"), "unknown document id"),
    (("target: residence_permit", "target: visa"), "unknown target"),
    (("effective_from: 2020-01-01", "effective_from: 2020-01-01\n    effective_to: 2019-01-01"),
     "effective_to before"),
    (('{fact: residence_months, op: ">=", value: 6, label: 居住满6个月}', "{op: place, label: 在某市}"),
     "op place needs them"),
    (('{fact: residence_months, op: ">=", value: 6, label: 居住满6个月}',
      '{fact: residence_months, op: place, places: [保定市], label: 在保定}'), "must not name a fact"),
    (('label: 居住满6个月}', "label: 居住满6个月, places: [保定市]}"), "places go with op place only"),
])
def test_malformed_rules_rejected(tmp_path, change, message):
    folder = _write(tmp_path, _GOOD.replace(*change))
    with pytest.raises(RuleError, match=message):
        load_rules(folder)


def test_all_shipped_rules_load_and_cite():
    book = load_rules(RULES_DIR)
    rules = [r for f in book.files.values() for r in f.rules]
    assert len(rules) >= 18
    for rule_file in book.files.values():
        for rule in rule_file.rules:
            assert rule.quote and rule.locator
            assert all(isinstance(leaf, Comparison) for leaf in iter_leaves(rule.condition))


@pytest.mark.parametrize(("place", "facts", "verdict"), [
    ("全国", {"residence_months": 12, "employed": True}, "eligible"),  # not said: taken as non-local
    ("全国", {"residence_months": 12, "employed": True, "non_local_hukou": False}, "ineligible"),
    ("北京", {"residence_months": 240, "non_local_hukou": False}, "ineligible"),
    ("深圳", {"residence_months": 120, "non_local_hukou": False}, "ineligible"),
    ("深圳", {"residence_months": 12, "social_insurance_months": 12, "non_local_hukou": True}, "eligible"),
    ("成都", {"employed": True, "non_local_hukou": False}, "ineligible"),
    ("西安", {"housing_proof": True, "non_local_hukou": False}, "ineligible"),
    ("武汉", {"intended_stay_months": 12, "non_local_hukou": False}, "ineligible"),
    ("武汉", {"intended_stay_months": 12}, "eligible"),
    ("杭州", {"residence_months": 12, "employed": True, "non_local_hukou": False}, "ineligible"),
    ("宁波", {"residence_months": 12, "employed": True}, "eligible"),
])
def test_local_hukou_cannot_apply_for_a_residence_permit(place, facts, verdict):
    result = check(place, "residence_permit", facts, as_of=dt.date(2020, 1, 1))
    assert result.verdict == verdict, explain(result)
    step = next(s for s in result.trace if s.fact == "non_local_hukou")
    assert step.assumed == ("non_local_hukou" not in facts)


def test_assumed_met_step_reads_as_met_and_adds_no_unmet_note():
    result = check("全国", "residence_permit", {"residence_months": 6, "employed": True},
                   as_of=dt.date(2020, 1, 1))
    text = explain(result)
    assert "未提及，按符合处理" in text
    assert not any(note.startswith("未提及以下情况") for note in result.notes)


def test_assume_met_and_assume_unmet_exclude_each_other():
    with pytest.raises(ValueError, match="exclude each other"):
        Comparison(fact="studying", op="is", value=True, label="x", assume_met=True, assume_unmet=True)


@pytest.mark.parametrize(("months", "verdict"), [(8, "eligible"), (0, "ineligible")])
def test_social_insurance_months_stand_in_for_having_paid(months, verdict):
    result = check("南昌", "hukou", {"permit_holding_years": 2, "social_insurance_months": months},
                   as_of=dt.date(2020, 1, 1))
    assert result.verdict == verdict


@pytest.mark.parametrize(("facts", "verdict"), [
    ({"under_16": True, "housing_proof": True}, "eligible"),  # 未满16周岁 自愿申领
    ({"under_16": False, "housing_proof": True}, "insufficient_info"),  # still needs 拟居住6个月
    ({"under_16": True, "housing_proof": False}, "ineligible"),
])
def test_nanjing_children_under_16_may_apply(facts, verdict):
    assert check("南京", "residence_permit", facts, as_of=dt.date(2020, 1, 1)).verdict == verdict


# ---------------------------------------------------------------- durations known only as "less than"


@pytest.mark.parametrize(("bound", "verdict", "gap"), [
    (6, "ineligible", "尚未满6个月"),  # 不到半年 against 半年
    (3, "ineligible", "还差3个月以上"),  # 不到三个月 against 半年
    (12, "insufficient_info", None),  # 不到一年 against 半年: two months or eleven
])
def test_under_against_a_threshold(bound, verdict, gap):
    result = check("浙江", "residence_permit", {"residence_months": Under(bound), "employed": True},
                   as_of=dt.date(2020, 1, 1))
    assert result.verdict == verdict, explain(result)
    if gap:
        assert any(gap in g for g in result.gaps), result.gaps
    else:
        assert result.missing == ("residence_months",)
        assert any("无法判断" in note for note in result.notes)


def test_under_does_not_stand_in_above_its_bound():
    """已住不到一年 does not show an intended stay of 12 months (武汉 needs only 1)."""
    vague = check("武汉", "residence_permit", {"residence_months": Under(12)}, as_of=dt.date(2020, 1, 1))
    assert vague.verdict == "insufficient_info"
    enough = check("武汉", "residence_permit", {"residence_months": Under(1)}, as_of=dt.date(2020, 1, 1))
    assert enough.verdict == "insufficient_info"  # 不到一个月 already lived says nothing of the plan


def test_hangzhou_2012_gives_way_to_the_provincial_regulation():
    before = check("杭州", "residence_permit", {"residence_months": 12, "employed": True},
                   as_of=dt.date(2016, 6, 30))
    after = check("杭州", "residence_permit", {"residence_months": 12, "employed": True},
                  as_of=dt.date(2016, 7, 1))
    assert (before.rule, before.verdict) == ("hangzhou.residence_permit.2012", "ineligible")
    assert (after.rule, after.verdict) == ("zhejiang.residence_permit.2016", "eligible")
    assert after.jurisdiction == "浙江省" and after.place == "杭州市"


# ---------------------------------------------------------------- durations known only approximately


@pytest.mark.parametrize(("low", "high", "verdict", "gap"), [
    (6, 11, "eligible", None),  # 半年多 against 半年
    (5, 6, "insufficient_info", None),  # 五六个月: 5 fails, 6 meets
    (5, 7, "insufficient_info", None),  # 半年左右
    (2, 3, "ineligible", "至少还差3个月"),  # 两三个月
    (6, 6, "eligible", None),
])
def test_between_against_a_threshold(low, high, verdict, gap):
    result = check("浙江", "residence_permit", {"residence_months": Between(low, high), "employed": True},
                   as_of=dt.date(2020, 1, 1))
    assert result.verdict == verdict, explain(result)
    if gap:
        assert any(gap in g for g in result.gaps), result.gaps
    if verdict == "insufficient_info":
        assert result.missing == ("residence_months",)
        assert any("无法判断" in note and f"约{low}至{high}个月" in note for note in result.notes), result.notes


def test_between_stands_in_only_when_its_low_end_does():
    """已住两三个月 shows an intended stay of at least 1 month (武汉), not of 3."""
    assert check("武汉", "residence_permit", {"residence_months": Between(2, 3)},
                 as_of=dt.date(2020, 1, 1)).verdict == "eligible"
    assert check("武汉", "residence_permit", {"residence_months": Between(0.5, 2)},
                 as_of=dt.date(2020, 1, 1)).verdict == "insufficient_info"


def test_between_survives_copies_and_rejects_a_reversed_range():
    import copy

    value = copy.deepcopy(Between(2, 3))
    assert isinstance(value, Between) and (value.low, value.high) == (2, 3) and float(value) == 2
    assert value.scaled(1 / 12) == Between(0.17, 0.25) and value.scaled(1 / 12).high == 0.25
    with pytest.raises(ValueError, match="low <= high"):
        Between(3, 2)


def test_a_range_from_zero_to_zero_is_zero_and_one_from_zero_may_be_no_permit():
    on = dt.date(2020, 1, 1)
    exact = check("江西省", "gaokao", {"permit_holding_years": 0, "child_high_school_years": 2}, on)
    zero_range = check("江西省", "gaokao", {"permit_holding_years": Between(0, 0), "child_high_school_years": 2}, on)
    assert exact.verdict == zero_range.verdict == "ineligible"
    # 签注逾期 says a permit is held, unless the years held may be none at all
    maybe = check("江西省", "gaokao", {"permit_holding_years": Between(0, 1), "renewal_overdue_days": 0,
                                      "child_high_school_years": 2}, on)
    assert maybe.verdict == "insufficient_info"


@pytest.mark.parametrize(("place", "verdict", "given"), [
    ("保定", "eligible", "保定市"),  # a named city: met
    ("沧州", "ineligible", "沧州市"),  # another city of the province: failed
    ("河北", "insufficient_info", "未说明是哪个市"),  # the province only: asked for
])
def test_a_condition_on_the_place_asked_about(tmp_path, place, verdict, given):
    folder = _write(tmp_path, _GOOD.replace("jurisdiction: 测试市", "jurisdiction: 河北省").replace(
        '{fact: residence_months, op: ">=", value: 6, label: 居住满6个月}',
        "{op: place, places: [保定市, 石家庄市], label: 在保定或石家庄}"))
    result = check(place, "residence_permit", {}, as_of=dt.date(2021, 1, 1), rules_dir=folder)
    assert result.verdict == verdict and result.trace[0].given == given
    assert ("哪个市" in (result.follow_up or "")) == (verdict == "insufficient_info")
    assert given in explain(result)


def test_a_places_lapsed_version_is_given_for_reference():
    """天津's 2015 办法 was repealed at the end of 2020: the national rule decides, and the answer says
    what the place's own last version said, citing it."""
    result = check("天津", "residence_permit", {"residence_months": 4, "employed": True}, "2024-01-01")
    assert result.rule == "national.residence_permit.2016" and result.verdict == "ineligible"
    reference = [note for note in result.notes if note.startswith("供参考")]
    assert reference and "第七条" in reference[0] and "不符合" in reference[0] and "来津居住半年" in reference[0]
    assert any(c.doc_title == "天津市居住证管理办法" and c.locator == "第七条" for c in result.citations)
    assert not any(n.startswith("供参考") for n in check("天津", "residence_permit", {}, "2018-01-01").notes)
