"""Rules as code: the documents' eligibility thresholds as versioned, cited, testable data.

    corpus/rules/<place>.yaml ──load_rules──▶ RuleBook ──check(place, target, facts, as_of)──▶ RuleResult
                                                                                 └──explain()──▶ Chinese text

``check`` picks the version in force on ``as_of`` (falling back 南京市 → 江苏省 → 全国), evaluates
its all_of / any_of conditions in three-valued logic and returns a trace with one step per
condition, each with its citation. ``qa.rules.facts.parse_question`` turns a Chinese question into
the facts; ``check_question`` does both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qa.rules.engine import check, jurisdictions, load_rules, select_rule, targets
from qa.rules.explain import explain
from qa.rules.model import FACTS, TARGETS, FactSpec
from qa.types import RuleResult

__all__ = [
    "FACTS", "TARGETS", "FactSpec", "check", "check_question", "explain", "jurisdictions",
    "load_rules", "select_rule", "targets",
]


def check_question(question: str, as_of: dt.date | None = None, *,
                   default_target: str = "residence_permit",
                   rules_dir: Path | str | None = None) -> RuleResult | None:
    """Parse a Chinese eligibility question and check it; None if it is not one.

    The place defaults to 全国 and the target to ``default_target`` when the question names none.
    """
    from qa.rules.facts import parse_question  # local import: qa.rules.facts imports qa.rules.places

    parsed = parse_question(question)
    if not parsed.is_eligibility:
        return None
    return check(parsed.place or "全国", parsed.target or default_target, parsed.facts, as_of,
                 version_year=parsed.version_year, rules_dir=rules_dir)
