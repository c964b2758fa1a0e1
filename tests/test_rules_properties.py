"""Property tests (hypothesis) over every shipped rule.

1. Monotone: more months, or an unknown fact turned into a satisfying one, never turns an
   eligible verdict into ineligible (nor anything into a worse verdict than eligible).
2. Relevance: the verdict never depends on facts the applied rule does not mention.
3. Determinism: the same input gives the same result.
4. Honest ranges: a duration said as a range (两三个月) gives a certain verdict only when both ends
   of the range would give it.
5. Known values: a "no" or a 0 that settles another fact (no permit → held for 0 years) decides
   every condition on that fact; it never leaves it unknown.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.rules import FACTS, check, load_rules
from qa.rules.model import IMPLIED, TARGETS, Between, condition_facts, iter_leaves

AS_OF = dt.date(2018, 6, 1)
BOOK = load_rules()
RULES = [(f.jurisdiction, r) for f in BOOK.files.values() for r in f.rules]
PARAMS = [pytest.param(j, r, id=r.id) for j, r in RULES]


def _as_of(rule) -> dt.date:
    """A date inside the rule's period (version_year picks the rule anyway)."""
    return rule.effective_to or max(rule.effective_from or AS_OF, AS_OF)


# Upper ends leave room for the additions below within the checker's human ranges (years ≤ 100).
_MAX = {"个月": 120, "年": 40, "岁": 90, "平方米": 300, "分": 300, "天": 800, "元": 100_000, "%": 400, "人": 12,
        "万人": 3000}


def _value(name: str):
    if FACTS[name].type == "bool":
        return st.one_of(st.none(), st.booleans())
    return st.one_of(st.none(), st.integers(min_value=0, max_value=_MAX[FACTS[name].unit]))


# Facts with upper limits (<=): fewer is better, or a range (a city's population between two sizes).
_UPPER_LIMITED = {"age_years", "months_to_renewal_date", "days_to_renewal_date", "renewal_overdue_days",
                  "months_since_birth", "days_since_arrival", "requested_validity_months", "insurance_stopped_months",
                  "city_population_wan", "months_away", "age_at_entry_years"}
# Counts that raise another condition's threshold (每递增20平方米可增办1人: more persons need a bigger home).
_RAISING = {leaf.grows_with.fact for _, rule in RULES for leaf in iter_leaves(rule.condition) if leaf.grows_with}


def _durations(facts) -> list[str]:
    """Facts where more is better; an age limit (年龄不超过45周岁), the renewal window and a count that
    raises a threshold run the other way."""
    return [n for n in FACTS if FACTS[n].type == "int" and n not in _UPPER_LIMITED | _RAISING and n in facts]


def _moves(fact: str) -> set[str]:
    """Facts whose value can settle ``fact`` (IMPLIED, and an age settling 'senior'), transitively."""
    found, todo = set(), [fact]
    while todo:
        current = todo.pop()
        for source, _, settled, _ in IMPLIED:
            if settled == current and source not in found:
                found.add(source)
                todo.append(source)
        if current == "senior":
            found.add("age_years")
        if current == "holds_permit":
            found |= {"permit_holding_years", "renewal_overdue_days"}
    return found


FACT_DICTS = st.fixed_dictionaries({name: _value(name) for name in FACTS})
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _facts(raw: dict) -> dict:
    return {k: v for k, v in raw.items() if v is not None}


@pytest.mark.parametrize(("jurisdiction", "rule"), PARAMS)
@SETTINGS
@given(raw=FACT_DICTS, data=st.data())
def test_more_months_never_hurt(jurisdiction, rule, raw, data):
    on = _as_of(rule)
    facts = _facts(raw)
    before = check(jurisdiction, rule.target, facts, on, version_year=rule.version)
    numeric = _durations(facts)
    if not numeric:
        return
    name = data.draw(st.sampled_from(numeric))
    extra = data.draw(st.integers(min_value=1, max_value=60))
    after = check(jurisdiction, rule.target, {**facts, name: facts[name] + extra}, on,
                  version_year=rule.version)
    assert before.rule == after.rule
    if before.verdict == "eligible":
        assert after.verdict == "eligible"
    if before.verdict == "insufficient_info":
        assert after.verdict != "ineligible"


@pytest.mark.parametrize(("jurisdiction", "rule"), PARAMS)
@SETTINGS
@given(raw=FACT_DICTS, data=st.data())
def test_satisfying_an_unknown_fact_never_hurts(jurisdiction, rule, raw, data):
    on = _as_of(rule)
    facts = _facts(raw)
    leaves = [leaf for leaf in iter_leaves(rule.condition)
              if leaf.fact is not None and leaf.fact not in facts]
    if not leaves:
        return
    leaf = data.draw(st.sampled_from(leaves))
    # A value satisfying every threshold on this fact (南京: 大专 needs 24 months of work, 中专 36; 入伍:
    # 年满18周岁 and 不超过22周岁, or 24 for a graduate: between the highest floor and the lowest ceiling).
    floor = max((o.value for o in leaves if o.fact == leaf.fact and o.op == ">="), default=0)
    ceiling = min((o.value for o in leaves if o.fact == leaf.fact and o.op == "<="), default=None)
    if leaf.op == "is":
        satisfying = True
    elif leaf.op == "<=":
        satisfying = max(ceiling - data.draw(st.integers(0, 24)), min(floor, ceiling), 0)
    else:
        satisfying = floor + data.draw(st.integers(0, 24))
        if ceiling is not None and ceiling >= floor:
            satisfying = min(satisfying, ceiling)
    # A fact sorting cases into bands (城区人口: small, medium, large cities, 河南 户籍意见 (四)至(六)): a value
    # in one band closes the routes of the others.
    if floor > (ceiling if ceiling is not None else floor):
        return
    # A value that also settles another unknown condition as unmet (IMPLIED: 合法稳定就业 is no full-time
    # study, 成都 第八条) may close a route: the property is about the one fact alone.
    rule_facts = {o.fact for o in iter_leaves(rule.condition) if o.fact}
    if any(source == leaf.fact and value == satisfying and settled in rule_facts and settled not in facts
           and settled_value in (False, 0) for source, value, settled, settled_value in IMPLIED):
        return
    before = check(jurisdiction, rule.target, facts, on, version_year=rule.version)
    after = check(jurisdiction, rule.target, {**facts, leaf.fact: satisfying}, on,
                  version_year=rule.version)
    if before.verdict == "eligible":
        assert after.verdict == "eligible"
    if before.verdict == "insufficient_info":
        assert after.verdict in ("insufficient_info", "eligible", "ineligible")
        # a newly satisfied fact can only resolve towards eligible or leave it open
        assert after.verdict != "ineligible"


@pytest.mark.parametrize(("jurisdiction", "rule"), PARAMS)
@SETTINGS
@given(raw=FACT_DICTS, noise=FACT_DICTS)
def test_verdict_ignores_facts_the_rule_does_not_mention(jurisdiction, rule, raw, noise):
    on = _as_of(rule)
    mentioned = condition_facts(rule.condition)  # comparisons and points indicators
    mentioned |= {FACTS[f].met_by for f in mentioned if FACTS[f].met_by}  # a fact that can stand in
    mentioned |= {FACTS[f].bounded_by for f in mentioned if FACTS[f].bounded_by}  # a fact that caps it
    mentioned |= {FACTS[f].stated_by for f in mentioned if FACTS[f].stated_by}  # a line said reached or not
    mentioned |= {source for f in set(mentioned) for source in _moves(f)}  # a known value that settles it
    mentioned |= {FACTS[f].met_by for f in set(mentioned) if FACTS[f].met_by}
    facts = _facts(raw)
    kept = {k: v for k, v in facts.items() if k in mentioned}
    changed = {**kept, **{k: v for k, v in _facts(noise).items() if k not in mentioned}}
    first = check(jurisdiction, rule.target, kept, on, version_year=rule.version)
    second = check(jurisdiction, rule.target, changed, on, version_year=rule.version)
    assert first.rule == second.rule == rule.id
    assert first.verdict == second.verdict
    assert first.missing == second.missing
    assert [s.outcome for s in first.trace] == [s.outcome for s in second.trace]


@pytest.mark.parametrize(("jurisdiction", "rule"), PARAMS)
@settings(max_examples=20, deadline=None)
@given(raw=FACT_DICTS)
def test_deterministic_and_consistent(jurisdiction, rule, raw):
    on = _as_of(rule)
    facts = _facts(raw)
    first = check(jurisdiction, rule.target, facts, on, version_year=rule.version)
    second = check(jurisdiction, rule.target, dict(facts), on, version_year=rule.version)
    assert first == second
    assert (first.verdict == "insufficient_info") == (first.follow_up is not None)
    assert set(first.missing) <= {s.fact for s in first.trace if s.outcome == "unknown"}
    for step in first.trace:
        assert step.outcome in ("pass", "fail", "unknown")
        assert (step.gap is not None) <= (step.outcome == "fail")


@pytest.mark.parametrize(("jurisdiction", "rule"), PARAMS)
@SETTINGS
@given(raw=FACT_DICTS, data=st.data())
def test_a_range_is_certain_only_when_both_ends_agree(jurisdiction, rule, raw, data):
    """两三个月 (Between(2, 3)) is eligible only if 2 and 3 both are, ineligible only if both are."""
    on = _as_of(rule)
    facts = _facts(raw)
    numeric = [n for n in FACTS if FACTS[n].type == "int"]
    name = data.draw(st.sampled_from(numeric))
    low = data.draw(st.integers(min_value=0, max_value=70))
    high = low + data.draw(st.integers(min_value=0, max_value=30))
    ranged = check(jurisdiction, rule.target, {**facts, name: Between(low, high)}, on, version_year=rule.version)
    ends = {check(jurisdiction, rule.target, {**facts, name: end}, on, version_year=rule.version).verdict
            for end in (low, high)}
    if ranged.verdict != "insufficient_info":
        assert ends == {ranged.verdict}
    if len(ends) > 1:
        assert ranged.verdict == "insufficient_info"


SETTLING = [(source, value, settled, settled_value) for source, value, settled, settled_value in IMPLIED]


@pytest.mark.parametrize(("jurisdiction", "rule"), PARAMS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=FACT_DICTS, data=st.data())
def test_a_known_no_or_zero_decides_the_conditions_it_settles(jurisdiction, rule, raw, data):
    on = _as_of(rule)
    leaves = {leaf.fact for leaf in iter_leaves(rule.condition) if leaf.fact}
    usable = [entry for entry in SETTLING if entry[2] in leaves]
    if not usable:
        return
    source, value, settled, _ = data.draw(st.sampled_from(usable))
    facts = {k: v for k, v in _facts(raw).items() if k not in (settled, *_moves(settled))}
    facts[source] = value
    result = check(jurisdiction, rule.target, facts, on, version_year=rule.version)
    steps = [step for step in result.trace if step.fact == settled]
    assert steps and all(step.outcome != "unknown" for step in steps), (source, value, settled)


def test_every_target_and_route_is_under_the_properties():
    """The properties above run over every rule: each target has one, and each route fact is in one."""
    assert {rule.target for _, rule in RULES} == set(TARGETS)
    route_facts = {"joins_local_relative", "joins_spouse", "joins_parent", "joins_child", "talent_recognised",
                   "studying", "investor_recognised"}
    used = {leaf.fact for _, rule in RULES for leaf in iter_leaves(rule.condition)}
    assert route_facts <= used


def test_a_zero_total_does_not_override_months_of_contributions_given_beside_it():
    """Found by the range property: 连续1个月 next to 累计0个月 settled 参加了社保 as no, while 累计0到1个月
    left it to the months, so the range was certain and its ends disagreed. The number decides both."""
    jurisdiction, rule = next((j, r) for j, r in RULES if r.id == "nanchang.hukou.2016")
    on = _as_of(rule)
    facts = {"social_insurance_months": 1, "permit_holding_years": 2}
    verdicts = {check(jurisdiction, rule.target, {**facts, "social_insurance_months_total": total}, on,
                      version_year=rule.version).verdict for total in (0, 1, Between(0, 1))}
    assert verdicts == {"eligible"}
