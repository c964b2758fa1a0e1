"""Evaluate a versioned rule against a person's facts, deterministically, with a trace.

Logic is three-valued (Kleene): a condition passes, fails, or is unknown when a fact it needs
was not given. ``all_of`` fails if any part fails and passes only if all pass; ``any_of`` passes
if any part passes and fails only if all fail. Every comparison is monotone (``>=`` on numbers,
``is true`` on yes/no facts), so more months or a newly satisfied fact never turns a pass into a
fail. The verdict is eligible / ineligible / insufficient_info.

Version choice (OpenFisca's "period"): the place's own rule in force on ``as_of``; otherwise its
parent's (南京市 → 江苏省 → 全国); otherwise the latest expired local version, with a note.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from qa.config import DEFAULT_RULES_DIR
from qa.errors import NoRuleError, RuleError
from qa.rules.model import (
    ARTICLE_FILE,
    FACTS,
    IMPLIED,
    TARGETS,
    UNMODELLED_TARGETS,
    AllOf,
    Between,
    Comparison,
    Condition,
    Indicator,
    Rule,
    RuleFile,
    SumOf,
    Under,
    iter_leaves,
)
from qa.rules.places import NATIONAL, PROVINCE_OF, canonical_place
from qa.text.places import MUNICIPALITIES
from qa.types import Citation, RuleResult, TraceStep
from qa.yamlfile import parse_yaml

MUNICIPALITY_NAMES = frozenset(f"{name}市" for name in MUNICIPALITIES)

log = logging.getLogger(__name__)

ARTICLE_SOURCE = "article/juzhuzheng_reform_2015.txt"  # the cleaned article inside corpus/


@dataclass
class RuleBook:
    """All rule files of a folder, indexed by canonical jurisdiction."""

    files: dict[str, RuleFile]
    aliases: dict[str, str] = field(default_factory=dict)

    def resolve(self, name: str | None) -> tuple[str, str, list[str]]:
        """Map a place name to (asked place, jurisdiction with rules, notes)."""
        place = canonical_place(name) or NATIONAL
        if place in self.files:
            return place, place, []
        bare = place.rstrip("市省") if len(place) > 2 else place
        for key in (place, bare):
            if key in self.aliases:
                return self.aliases[key], self.aliases[key], []
        province = PROVINCE_OF.get(place)
        if province in self.files:
            return place, province, [f"资料库中没有{place}自己的规定，按{province}的规定判断。"]
        return place, NATIONAL, [f"资料库中没有{place}的规定，按全国《居住证暂行条例》这一基准判断；"
                                 f"当地实施办法可能有更具体的要求。"]

    def chain(self, jurisdiction: str) -> list[str]:
        names, current = [], jurisdiction
        while current is not None and current in self.files and current not in names:
            names.append(current)
            current = self.files[current].parent
        return names


def load_rules(rules_dir: Path | str | None = None) -> RuleBook:
    """Load and validate every ``*.yaml`` rule file of ``rules_dir`` (cached per folder).

    Raises:
        RuleError: a file is not valid YAML or does not match the rule schema.
    """
    folder = Path(rules_dir) if rules_dir else DEFAULT_RULES_DIR
    return _load(_resolved(folder) if folder.is_absolute() else folder.resolve())


@lru_cache(maxsize=64)
def _resolved(folder: Path) -> Path:
    # Resolving stats every component of the path, and the question parser asks for the book on
    # every question; an absolute path resolves the same way each time (a relative one follows the
    # working folder).
    return folder.resolve()


@lru_cache(maxsize=8)
def _load(folder: Path) -> RuleBook:
    if not folder.is_dir():
        raise RuleError(f"rules folder not found: {folder}")
    files: dict[str, RuleFile] = {}
    aliases: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = parse_yaml(path.read_text(encoding="utf-8"))
            rule_file = RuleFile.model_validate(data)
        except (yaml.YAMLError, ValidationError) as exc:
            raise RuleError(f"invalid rule file {path.name}: {exc}") from exc
        if rule_file.jurisdiction in files:
            raise RuleError(f"{path.name}: jurisdiction {rule_file.jurisdiction} defined twice")
        files[rule_file.jurisdiction] = rule_file
        for alias in rule_file.aliases:
            aliases[alias] = rule_file.jurisdiction
    ids = [rule.id for f in files.values() for rule in f.rules]
    if len(ids) != len(set(ids)):
        raise RuleError("duplicate rule ids in " + str(folder))
    log.info("loaded %d rule files, %d rules from %s", len(files), len(ids), folder)
    return RuleBook(files=files, aliases=aliases)


def jurisdictions(rules_dir: Path | str | None = None) -> list[str]:
    """Jurisdictions that have rules (全国 first), for the UI's pick list."""
    book = load_rules(rules_dir)
    return sorted(book.files, key=lambda name: (name != NATIONAL, name))


def targets(jurisdiction: str, rules_dir: Path | str | None = None) -> list[str]:
    """Targets with a rule for ``jurisdiction`` itself or through its fallback chain."""
    book = load_rules(rules_dir)
    _, resolved, _ = book.resolve(jurisdiction)
    found = {rule.target for name in book.chain(resolved) for rule in book.files[name].rules}
    return [target for target in TARGETS if target in found]


def _cited_years(file: RuleFile, rule: Rule) -> set[int]:
    """The years of the documents a rule cites (its effective date, else the year in its pack file name)."""
    years = set()
    for doc_id in {rule.doc, *(leaf.doc for leaf in iter_leaves(rule.condition) if leaf.doc)}:
        doc = file.documents[doc_id]
        if doc.effective is not None:
            years.add(doc.effective.year)
        else:
            years.update(int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", doc.file))
    return years


def _start(rule: Rule) -> dt.date:
    return rule.effective_from or dt.date.min


def _defers(rule: Rule) -> bool:
    """True when a rule leaves its decisive condition to another (local) rule."""
    return any(leaf.op == "delegated" for leaf in iter_leaves(rule.condition))


def select_rule(book: RuleBook, jurisdiction: str, target: str, as_of: dt.date,
                version_year: int | None = None) -> tuple[RuleFile, Rule, list[str]]:
    """The rule version to apply and notes on how it was chosen.

    Raises:
        RuleError: no version for ``target`` is in force (or named) anywhere in the chain.
    """
    chain = book.chain(jurisdiction)
    notes: list[str] = []
    if version_year is not None:
        for name in chain:
            named = [r for r in book.files[name].rules
                     if r.target == target and r.version == version_year]
            if named:
                return book.files[name], max(named, key=_start), notes
        # 按国务院2014年户籍改革意见: the place's own rule that carries that year's document in its
        # conditions (not a parent's: 按天津2014年的暂行办法 names 天津's document, not 国发〔2014〕25号).
        citing = [r for r in book.files[chain[0]].rules
                  if r.target == target and version_year in _cited_years(book.files[chain[0]], r)] if chain else []
        if citing:
            return book.files[chain[0]], max(citing, key=_start), notes
        notes.append(f"资料库中没有{version_year}年版本的{TARGETS[target]}规定，按{as_of.isoformat()}"
                     f"时有效的规定判断。")
    expired: list[tuple[RuleFile, Rule]] = []
    for name in chain:
        versions = [r for r in book.files[name].rules if r.target == target]
        in_force = [r for r in versions if r.in_force(as_of)]
        if in_force and name != chain[0] and expired and _defers(max(in_force, key=_start)):
            # 全国 第十五条 leaves 落户 to the local government: the place's own last version, though
            # expired, says more than a rule that defers to it.
            file, old = max(expired, key=lambda pair: pair[1].effective_to or dt.date.min)
            notes.append(f"《{file.documents[old.doc].title}》有效期至{old.effective_to}，在{as_of.isoformat()}"
                         f"已失效；{name}的规定把具体条件交由当地规定，资料库中没有{file.jurisdiction}更新的版本，"
                         f"以下按该版本判断，仅供参考。")
            return file, old, notes
        if in_force:
            if name != chain[0]:
                notes.append(f"{chain[0]}在{as_of.isoformat()}没有有效的{TARGETS[target]}规定，"
                             f"适用{name}的规定。")
            for file, old in expired:
                notes.append(f"《{file.documents[old.doc].title}》有效期至{old.effective_to}，"
                             f"已失效；资料库中没有{file.jurisdiction}此后的版本。")
            return book.files[name], max(in_force, key=_start), notes
        # An expired version that a later version of the same place replaced (国办发〔2011〕9号 by the
        # 2016 rule) is no fallback, even before its successor starts.
        expired += [(book.files[name], r) for r in versions
                    if r.effective_to is not None and r.effective_to < as_of
                    and not any(_start(o) > r.effective_to for o in versions)]
    if expired:
        file, rule = max(expired, key=lambda pair: pair[1].effective_to or dt.date.min)
        notes.append(f"《{file.documents[rule.doc].title}》有效期至{rule.effective_to}，在"
                     f"{as_of.isoformat()}已失效；资料库中没有更新的规定，以下按该版本判断，仅供参考。")
        return file, rule, notes
    raise NoRuleError(f"{as_of.isoformat()}时资料库中没有适用于{jurisdiction}的"
                      f"{TARGETS[target]}（{target}）规定", jurisdiction, TARGETS[target])


# Human ranges: nobody has lived, paid or held a permit for more than a century (months ≤ 1,200,
# years ≤ 100); a larger number is a typo or an attack (10¹² months must not read as eligible).
MAX_BY_UNIT = {"个月": 1200, "年": 100, "岁": 150, "平方米": 100_000, "分": 10_000, "天": 36_500,
               "元": 10**11, "%": 10_000, "人": 1000, "万人": 10_000}


def _check_number(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(f"fact {name} must be a non-negative number, got {value!r}")
    ends = (value.low, value.high) if isinstance(value, Between) else (
        (value.bound,) if isinstance(value, Under) else (value,))
    limit = MAX_BY_UNIT.get(FACTS[name].unit or "", 1200)
    for end in ends:
        if not math.isfinite(end):
            raise RuleError(f"fact {name} must be a finite number, got {value!r}")
        if end < 0:
            raise RuleError(f"fact {name} must be a non-negative number, got {value!r}")
        if end > limit:
            raise RuleError(f"fact {name} = {value!r} is beyond any human range "
                            f"(at most {limit}{FACTS[name].unit or ''}); check the unit")


def _clean_facts(facts: Mapping[str, Any] | None) -> dict[str, Any]:
    if facts is not None and not isinstance(facts, Mapping):
        raise RuleError(f"facts must be a mapping of fact name to value (e.g. {{'residence_months': 12}}), "
                        f"got {type(facts).__name__}: {facts!r:.80}")
    clean: dict[str, Any] = {}
    for name, value in (facts or {}).items():
        if name not in FACTS:
            raise RuleError(f"unknown fact {name!r}; expected one of {sorted(FACTS)}")
        if value is None:
            continue
        kind = FACTS[name].type
        if kind == "bool":
            if not isinstance(value, bool):
                raise RuleError(f"fact {name} must be true/false, got {value!r}")
        else:
            _check_number(name, value)
        clean[name] = value
    return _implied(clean)


def _same(value: Any, known: Any) -> bool:
    if isinstance(known, bool) or isinstance(value, bool):
        return value is known
    if isinstance(value, Between) and value.low == value.high:
        return value.low == known  # a range from 0 to 0 is exactly 0
    return not isinstance(value, (Under, Between)) and value == known


def _contradicted(facts: dict[str, Any], name: str, value: object) -> bool:
    """Whether the number standing in for a yes/no fact (``FactSpec.met_by``: months of contributions
    for 参加了社保) may say otherwise: 连续交了1个月 next to 累计0个月 leaves 参加了社保 to the number."""
    proxy = FACTS[name].met_by
    number = facts.get(proxy) if proxy else None
    if value is not False or number is None or isinstance(number, bool):
        return False
    if isinstance(number, Between):
        return number.high > 0
    return not isinstance(number, Under) and number > 0


def _implied(facts: dict[str, Any]) -> dict[str, Any]:
    """Known values settle others: no permit is 0 years of holding one, 投靠女儿 is 投靠亲属.

    "No", "none", 0 and "not yet" are values, not unknowns (IMPLIED lists what each settles);
    a fact the person gave is never overwritten. Two passes reach chains (none paid → 0 in the
    last 24 months → 0 continuous).
    """
    derived = dict(facts)
    for _ in range(2):
        for fact, value, other, other_value in IMPLIED:
            if (other not in derived and fact in derived and _same(derived[fact], value)
                    and not _contradicted(derived, other, other_value)):
                derived[other] = other_value
    held = derived.get("permit_holding_years")
    maybe_none = isinstance(held, Between) and held.low <= 0  # 0 to 1 years: perhaps no permit at all
    if "holds_permit" not in derived and derived.get("renewal_overdue_days") is not None and not maybe_none:
        derived["holds_permit"] = True  # 签注逾期45天: the permit whose 签注 is late is held
    if "holds_permit" not in derived and held is not None and not isinstance(held, Under) and held > 0:
        derived["holds_permit"] = True  # 持证一年: a permit in hand
    age = derived.get("age_years")
    if "senior" not in derived and age is not None and not isinstance(age, (Under, Between)):
        if age > 60:
            derived["senior"] = True  # over 60: over the bound for either sex
        elif age <= 55:
            derived["senior"] = False
    return derived


def as_date(value: dt.date | str | None) -> dt.date | None:
    """``as_of`` as a date: a date, an ISO string (2020-01-01) or None (today).

    Raises:
        RuleError: any other value, or a string that is not an ISO date.
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise RuleError(f"as_of {value!r} is not a date; expected YYYY-MM-DD, e.g. 2020-01-01") from exc
    raise RuleError(f"as_of must be a date or a YYYY-MM-DD string, got {type(value).__name__} {value!r}")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _given_text(fact: str, value: Any) -> str:
    if value is None:
        return "未提供"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Under):
        return f"不到{_fmt(value.bound)}{FACTS[fact].unit or ''}"
    if isinstance(value, Between):
        return f"约{_fmt(value.low)}至{_fmt(value.high)}{FACTS[fact].unit or ''}"
    return f"{_fmt(value)}{FACTS[fact].unit or ''}"


def _too_vague(value: Any, threshold: Any) -> bool:
    """不到一年 against a 6-month threshold, 两三个月 against 3: the threshold lies inside what was said."""
    if isinstance(value, Between):
        return value.low < threshold <= value.high
    return isinstance(value, Under) and value.bound > threshold


def _at_most(value: Any, limit: int, unit: str) -> tuple[str, str | None]:
    """An upper limit (年龄不超过45周岁): a range passes only when all of it is within the limit."""
    if isinstance(value, Between):
        if value.high <= limit:
            return "pass", None
        return (("fail", f"超出至少{_fmt(round(value.low - limit, 2))}{unit}") if value.low > limit
                else ("unknown", None))
    if isinstance(value, Under):
        return ("pass", None) if value.bound <= limit + 1 else ("unknown", None)  # 不到46岁: at most 45
    return ("pass", None) if value <= limit else ("fail", f"超出{_fmt(value - limit)}{unit}")


def _as_int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _span(value: Any) -> tuple[float, float]:
    """The lowest and highest a given value may be (两三年 → 24, 36; 不到半年 → 0, 5.99)."""
    if isinstance(value, Between):
        return value.low, value.high
    if isinstance(value, Under):
        return 0.0, float(value)
    return float(value), float(value)


def _indicator_points(indicator: Indicator, facts: dict[str, Any]) -> tuple[float, float, str]:
    """(least, most, what was said) for one indicator of a points scheme, from the known facts."""
    if indicator.options is not None:
        held = [o.points for o in indicator.options if facts.get(o.fact) is True]
        open_ = [o.points for o in indicator.options if facts.get(o.fact) is not False]
        said = "、".join(FACTS[o.fact].label for o in indicator.options if facts.get(o.fact) is True) or (
            "均不具备" if not open_ else "未提供")
        return float(max(held, default=0)), float(max(open_, default=0)), said
    name = indicator.fact
    assert name is not None
    value = facts.get(name)
    if value is None and FACTS[name].met_by:
        value = facts.get(FACTS[name].met_by)  # 社保连续交了4年 is four years in all
    if indicator.deduct is not None:
        least, most = indicator.deduct
        if value is True or (value is None and indicator.assume_met):
            return 0.0, 0.0, "否" if value is True else "未提及，按没有处理"
        if value is False:
            return -float(most), -float(least), "有"
        return -float(most), 0.0, "未提供"
    if value is None:
        top = (max((b.points for b in indicator.table), default=0) if indicator.table is not None
               else indicator.most if indicator.most is not None else math.inf)
        return min([0.0, *(b.points for b in indicator.table or [])]), float(top), "未提供"
    lo, hi = _span(value)
    said = _given_text(name, value)
    if indicator.per is not None:
        cap = math.inf if indicator.most is None else indicator.most
        return (min(math.floor(lo / indicator.per) * indicator.points, cap),  # type: ignore[operator]
                min(math.floor(hi / indicator.per) * indicator.points, cap), said)  # type: ignore[operator]
    table = indicator.table or []

    def points(x: float) -> float:
        return float(next((b.points for b in table if x <= b.at_most), 0))

    # Values inside a range: the bands are read at each whole number and at both ends.
    xs = {lo, hi, *range(math.ceil(lo), math.floor(hi) + 1)}
    found = [points(x) for x in xs]
    return min(found), max(found), said


@dataclass
class _Eval:
    outcome: str  # pass / fail / unknown
    steps: list[TraceStep]
    missing: list[str]  # facts whose value could still change this outcome


# The missing-fact marker of a condition on the place asked about (保定 or 沧州): asked for by name.
PLACE_MISSING = "@place"
PLACE_QUESTION = "你问的是哪个市（或县城、镇）？"


class _Evaluator:
    def __init__(self, file: RuleFile, rule: Rule, facts: dict[str, Any], place: str | None = None):
        self.file, self.rule, self.facts, self.place = file, rule, facts, place
        self.citations: list[Citation] = []
        self.notes: list[str] = []
        self.rule_citation = self._cite(rule.doc, rule.locator, rule.quote)

    def _cite(self, doc_id: str, locator: str, quote: str) -> Citation:
        doc = self.file.documents[doc_id]
        citation = Citation(
            doc_title=doc.title, locator=locator, quote=quote, region=doc.region,
            effective=doc.effective.isoformat() if doc.effective else None,
            source=ARTICLE_SOURCE if doc.file == ARTICLE_FILE else doc.file,
        )
        if citation not in self.citations:
            self.citations.append(citation)
        return citation

    def run(self, node: Condition, branch: str | None = None) -> _Eval:
        if isinstance(node, Comparison):
            return self._leaf(node, branch)
        if isinstance(node, SumOf):
            return self._sum(node, branch)
        is_all = isinstance(node, AllOf)
        children = node.all_of if isinstance(node, AllOf) else node.any_of  # type: ignore[union-attr]
        kind = "同时满足" if is_all else "满足其一即可"
        label = f"{node.label}（{kind}）" if node.label else kind
        if node.locator:
            label += f"，{node.locator}"
        parts = [self.run(child, label) for child in children]
        outcomes = [p.outcome for p in parts]
        decisive, other = ("fail", "pass") if is_all else ("pass", "fail")
        if decisive in outcomes:
            outcome = decisive
        elif "unknown" in outcomes:
            outcome = "unknown"
        else:
            outcome = other
        missing = [] if outcome != "unknown" else [
            fact for p in parts if p.outcome == "unknown" for fact in p.missing]
        return _Eval(outcome, [s for p in parts for s in p.steps], missing)

    def _sum(self, node: SumOf, branch: str | None) -> _Eval:
        """A points scheme: the known points, the most the unknown indicators could add, one step.

        Each indicator's points (or range) goes to the notes with its article; the verdict is certain
        only when the known points already reach the standard score or even the most the unknown
        indicators could add stays below it.
        """
        leaf = node.as_comparison()
        stated = FACTS["points_score"].stated_by
        if self.facts.get("points_score") is not None or isinstance(self.facts.get(stated or ""), bool):
            return self._leaf(leaf, branch)  # 我积分有125分 / 积分还没达到标准分值: what is said decides
        low = high = 0.0
        parts, unknown = [], []
        for indicator in node.sum_of:
            least, most, said = _indicator_points(indicator, self.facts)
            self._cite(indicator.doc or node.doc or self.rule.doc, indicator.locator,
                       indicator.quote or node.quote or self.rule.quote)
            low, high = low + least, high + most
            points = f"{_fmt(least)}分" if least == most else (
                f"至少{_fmt(least)}分" if math.isinf(most) else f"{_fmt(least)}至{_fmt(most)}分")
            parts.append(f"{indicator.label}（{indicator.locator}）：{said}，计{points}")
            if least != most:
                unknown.append(indicator.label)
        low, high = max(low, 0), max(high, 0)  # 第十一条: the total is never below 0
        self.notes.append("积分明细：" + "；".join(parts) + "。")
        if unknown:
            self.notes.append("尚未知道的指标：" + "、".join(unknown) + "，这些指标的分值会影响结论。")
        gap = None
        if low >= node.at_least:
            outcome = "pass"
        elif high < node.at_least:
            outcome, gap = "fail", f"还差{_fmt(node.at_least - high)}分"
        else:
            outcome = "unknown"
        known = f"已知各项合计{_fmt(low)}分" + ("，另有未知指标" if unknown else "")
        citation = self._cite(node.doc or self.rule.doc, node.locator or self.rule.locator,
                              node.quote or self.rule.quote)
        step = TraceStep(condition=f"{node.label}（{known}）", fact="points_score",
                         required=f">= {node.at_least}分", given=_as_int(low),
                         outcome=outcome, citation=citation, gap=gap, branch=branch)
        return _Eval(outcome, [step], ["points_score"] if outcome == "unknown" else [])

    def _leaf(self, leaf: Comparison, branch: str | None) -> _Eval:
        citation = self._cite(leaf.doc or self.rule.doc, leaf.locator or self.rule.locator,
                              leaf.quote or self.rule.quote)
        if leaf.op == "delegated":
            if leaf.note:
                self.notes.append(leaf.note)
            step = TraceStep(condition=leaf.label, fact=None, required="按另行规定（文件未给出具体标准）",
                             given=None, outcome="unknown", citation=citation, branch=branch)
            return _Eval("unknown", [step], [])
        if leaf.op == "place":
            return self._place(leaf, citation, branch)
        assert leaf.fact is not None
        grows = leaf.grows_with
        count = self.facts.get(grows.fact) if grows else None
        value = self.facts.get(leaf.fact)
        span = _span(count) if isinstance(count, (Under, Between)) else None
        if grows and span is not None and span[1] > grows.above:
            # 四五个人落户: the need is known only within the range of persons
            low, high = (leaf.value + grows.step * max(0, math.ceil(end - grows.above))  # type: ignore[operator]
                         for end in span)
            if value is not None and low <= value < high:  # type: ignore[operator]
                self.notes.append(f"{FACTS[grows.fact].label}只说了{_given_text(grows.fact, count)}，"
                                  f"无法判断是否满足“{leaf.label}”。")
                step = TraceStep(condition=leaf.label, fact=leaf.fact, required=f">= {low}至{high}", given=value,
                                 outcome="unknown", citation=citation, branch=branch)
                return _Eval("unknown", [step], [grows.fact])
            # enough for the most persons said, or short even for the fewest: the need at that end decides
            count = None if value is None else span[1 if value >= high else 0]  # type: ignore[operator]
        elif span is not None:
            count = None  # a range within the base need: the base need decides
        if grows and count is not None and count > grows.above:
            # 五个人落户: 60平方米 for three, 20 more for each further person
            needed = leaf.value + grows.step * math.ceil(count - grows.above)  # type: ignore[operator]
            leaf = leaf.model_copy(update={
                "value": needed,
                "label": f"{leaf.label}（{_fmt(count)}{FACTS[grows.fact].unit or ''}需{needed}"
                         f"{FACTS[leaf.fact].unit or ''}以上）"})
        if leaf.from_registration and self.facts.get("registered_months") is not None:
            value = self.facts["registered_months"]  # 居住并办理居住登记满半年: counted from the registration
        spec = FACTS[leaf.fact]
        required = (f"{leaf.op} {leaf.value}{spec.unit or ''}" if leaf.op in (">=", "<=") else "是")
        gap = None
        assumed = False
        proxy = self.facts.get(spec.met_by) if spec.met_by and value is None else None
        if (proxy is not None and leaf.op == ">=" and proxy >= leaf.value  # type: ignore[operator]
                and not _too_vague(proxy, leaf.value)):
            # Someone applying who has already lived there that long meets "拟居住…以上".
            value, outcome = proxy, "pass"
            self.notes.append(f"没有说明{spec.label}；{FACTS[spec.met_by].label}已有"
                              f"{_given_text(spec.met_by, proxy)}，按满足“{leaf.label}”判断。")
        elif proxy is not None and leaf.op == "is" and isinstance(proxy, Between) and proxy.low <= 0:
            value, outcome = None, "unknown"  # a range from 0: maybe none paid at all
        elif proxy is not None and leaf.op == "is":
            # A yes/no fact stood in for by a number: 社保交了8个月 means 参加了社保 (0: not).
            value, outcome = proxy > 0, "pass" if proxy > 0 else "fail"
        elif (value is None and leaf.op == ">=" and spec.bounded_by
              and (cap := self.facts.get(spec.bounded_by)) is not None and _span(cap)[1] < leaf.value):  # type: ignore[operator]
            # 嫁过来才三个月: contributions in the place cannot outlast the time lived there.
            outcome, gap = "fail", None
            self.notes.append(f"没有说明{spec.label}；{FACTS[spec.bounded_by].label}只有"
                              f"{_given_text(spec.bounded_by, cap)}，在当地缴纳的时间不会更长，"
                              f"达不到“{leaf.label}”。")
        elif (value is None and leaf.op == ">=" and spec.stated_by
              and isinstance(stated := self.facts.get(spec.stated_by), bool)):
            # 积分还没达到标准分值: the person says whether the line is reached, without the number.
            outcome = "pass" if stated else "fail"
            self.notes.append(f"没有说明{spec.label}的具体数值；按你说的“{FACTS[spec.stated_by].label}："
                              f"{'是' if stated else '否'}”判断“{leaf.label}”。")
        elif value is None and leaf.assume_met:
            outcome, assumed = "pass", True
        elif value is None:
            outcome = "fail" if leaf.assume_unmet else "unknown"
            assumed = leaf.assume_unmet
        elif leaf.op == "<=":
            outcome, gap = _at_most(value, leaf.value, spec.unit or "")
        elif leaf.op == ">=" and _too_vague(value, leaf.value):
            outcome = "unknown"
            self.notes.append(f"只说了{spec.label}{_given_text(leaf.fact, value)}，"
                              f"无法判断是否满足“{leaf.label}”。")
        elif leaf.op == ">=":
            outcome = "pass" if value >= leaf.value else "fail"  # type: ignore[operator]
            if outcome == "fail" and isinstance(value, Under):
                # 不到半年 against 6 months: short by an unstated amount
                short = leaf.value - value.bound  # type: ignore[operator]
                gap = (f"还差{_fmt(short)}{spec.unit or ''}以上" if short > 0
                       else f"尚未满{_fmt(leaf.value)}{spec.unit or ''}")  # type: ignore[arg-type]
            elif outcome == "fail" and isinstance(value, Between):
                # 两三个月 against 6 months: short by at least threshold - high
                gap = f"至少还差{_fmt(round(leaf.value - value.high, 2))}{spec.unit or ''}"  # type: ignore[operator]
            elif outcome == "fail":
                gap = f"还差{_fmt(leaf.value - value)}{spec.unit or ''}"  # type: ignore[operator]
        else:
            outcome = "pass" if value is True else "fail"
        if leaf.note and outcome != "pass":
            self.notes.append(leaf.note)
        step = TraceStep(condition=leaf.label, fact=leaf.fact, required=required, given=value,
                         outcome=outcome, citation=citation, gap=gap, branch=branch,
                         assumed=assumed)
        return _Eval(outcome, [step], [leaf.fact] if outcome == "unknown" else [])


    def _place(self, leaf: Comparison, citation: Citation, branch: str | None) -> _Eval:
        """A condition on the place asked about: met in a named city, failed in another city of the
        province, unknown when only the province (or no place) was named."""
        places = leaf.places or []
        if self.place in places:
            outcome = "pass"
        elif self.place in PROVINCE_OF or self.place in MUNICIPALITY_NAMES:
            outcome = "fail"
        else:
            outcome = "unknown"
        step = TraceStep(condition=leaf.label, fact=None, required="、".join(places),
                         given=self.place if outcome != "unknown" else "未说明是哪个市",
                         outcome=outcome, citation=citation, branch=branch)
        return _Eval(outcome, [step], [PLACE_MISSING] if outcome == "unknown" else [])


def _place_facts(rule: Rule, place: str | None, facts: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``facts`` with those the place asked about settles (``Rule.place_facts``), and the notes saying so.

    An entry applies only when the question gave none of its facts: 厦门 asked about is a 积分落户
    place, but 厦门下面的同安区 said in words is read from the words. Words the entry reads its own way
    (``also_when``: 福州市区 is 福州's 市辖区) do not keep it from applying.
    """
    for entry in rule.place_facts:
        said = set(entry.facts) & set(facts)
        general = bool(entry.also_when) and all(facts.get(k) == v for k, v in entry.also_when.items())
        if place in entry.places and (not said or general):
            return {**facts, **entry.facts}, [f"按所问的{place}判断：{entry.note}"]
    return facts, []


def _unmodelled(book: RuleBook, place: str | None, resolved: str, target: str,
                as_of: dt.date) -> RuleResult | None:
    """The answer for an entitlement the documents condition but no rule models (or None).

    It names the document and article (文件对此规定了条件，但尚未建模：见第X条) and why, from the
    inventory (corpus/eligibility.yaml), so the asker is sent to the text instead of a guess.
    """
    from qa.rules.inventory import unmodelled  # local import: the inventory loads the rule book

    places = [p for p in dict.fromkeys([place, resolved, *book.chain(resolved), PROVINCE_OF.get(place or "")]) if p]
    rows = [r for name in places for r in unmodelled([name], target)]
    if not rows:
        return None
    label = {**TARGETS, **UNMODELLED_TARGETS}[target]
    citations = tuple(dict.fromkeys(
        Citation(doc_title=r.title, locator=r.locator, quote="", region=r.region, effective=None,
                 source=ARTICLE_SOURCE if r.file == ARTICLE_FILE else r.file) for r in rows))
    notes = tuple(f"文件对此规定了条件，但尚未建模：见《{r.title}》{r.locator}。原因：{r.reason}" for r in rows)
    return RuleResult(
        verdict="insufficient_info", jurisdiction=rows[0].region, place=place, target=target,
        rule="unmodelled", rule_title=f"{label}（尚未建模）", trace=(), citations=citations,
        missing=(), follow_up="请阅读所引条文，或向当地主管部门咨询。", notes=notes, as_of=as_of.isoformat())


_VERDICT = {"pass": "eligible", "fail": "ineligible", "unknown": "insufficient_info"}
_OUTCOME_WORDS = {"pass": "符合", "fail": "不符合", "unknown": "还不能确定"}


def _own_lapsed_version(book: RuleBook, resolved: str, applied: RuleFile, target: str, as_of: dt.date,
                        facts: dict[str, Any], place: str | None, evaluator: _Evaluator) -> None:
    """When a parent's rule decides because the place's own last version has lapsed (天津 2015 办法,
    废止 2020-12-31), that version's outcome and article, for reference: the asker may be reading it."""
    chain = book.chain(resolved)
    if not chain or applied.jurisdiction == chain[0]:
        return
    own = book.files[chain[0]]
    lapsed = [r for r in own.rules if r.target == target and r.effective_to is not None and r.effective_to < as_of]
    if not lapsed:
        return
    old = max(lapsed, key=lambda r: r.effective_to)  # type: ignore[arg-type, return-value]
    reference = _Evaluator(own, old, facts, place)
    outcome = reference.run(old.condition)
    unmet = [s.condition for s in outcome.steps  # an alternative not taken is no condition unmet
             if s.outcome == "fail" and not (s.branch and "满足其一" in s.branch)]
    said = f"按该版本{_OUTCOME_WORDS[outcome.outcome]}" + (f"（不满足：{'；'.join(unmet[:2])}）" if unmet else "")
    evaluator.notes.append(f"供参考：{own.jurisdiction}自己的《{own.documents[old.doc].title}》{old.locator}"
                           f"“{old.quote}”（有效期至{old.effective_to}，已失效），{said}。")
    for citation in reference.citations[:1]:
        if citation not in evaluator.citations:
            evaluator.citations.append(citation)


def check(jurisdiction: str | None, target: str, facts: Mapping[str, Any] | None,
          as_of: dt.date | str | None = None, *, version_year: int | None = None,
          rules_dir: Path | str | None = None) -> RuleResult:
    """Apply the rule for ``target`` in ``jurisdiction`` in force on ``as_of`` to ``facts``.

    Args:
        jurisdiction: 全国, or a place with or without 市/省 (深圳 / 深圳市); unknown places fall
            back to the national baseline (with a note).
        target: residence_permit, compulsory_education or hukou.
        facts: fact name → value (see ``FACTS``); missing or None means unknown.
        as_of: the date whose rule version applies (a date or ``YYYY-MM-DD``); default today.
        version_year: pick the version people name by this year (按照2011年的成都规定).
        rules_dir: folder of rule YAML files; default ``corpus/rules``.

    Returns:
        A ``RuleResult`` with verdict, the applied version, a per-condition trace and citations.

    Raises:
        RuleError: unknown target or fact, a fact value that is not finite, negative or beyond a
            human range, facts that are not a mapping, a bad ``as_of``, or no rule in force.
    """
    if target not in TARGETS and target not in UNMODELLED_TARGETS:
        raise RuleError(f"unknown target {target!r}; expected one of {list(TARGETS)}")
    as_of = as_date(as_of) or dt.date.today()
    book = load_rules(rules_dir)
    clean = _clean_facts(facts)
    place, resolved, notes = book.resolve(jurisdiction)
    try:
        if target not in TARGETS:
            raise RuleError(f"{UNMODELLED_TARGETS[target]}（{target}）没有建模的规则")
        file, rule, choice_notes = select_rule(book, resolved, target, as_of, version_year)
    except RuleError:
        result = _unmodelled(book, place, resolved, target, as_of)
        if result is None:
            raise
        return result
    clean, place_notes = _place_facts(rule, place, clean)
    evaluator = _Evaluator(file, rule, clean, place)
    evaluator.notes.extend(place_notes)
    result = evaluator.run(rule.condition)
    if version_year is None:
        _own_lapsed_version(book, resolved, file, target, as_of, clean, place, evaluator)
    asks_place = PLACE_MISSING in result.missing
    missing = tuple(dict.fromkeys(name for name in result.missing if name != PLACE_MISSING))
    verdict = _VERDICT[result.outcome]
    gaps = tuple(f"{s.condition}：{s.gap}" for s in result.steps if s.gap)
    # Routes taken as not met matter only when the case is not met another way.
    assumed = [s.condition for s in result.steps if s.assumed and s.outcome == "fail" and verdict != "eligible"]
    extra: list[str] = []
    if assumed:
        extra.append("未提及以下情况，按不符合处理：" + "；".join(assumed) + "。")
    follow_up = None
    if verdict == "insufficient_info":
        if missing or asks_place:
            asked = [PLACE_QUESTION] * asks_place + [FACTS[name].question for name in missing]
            follow_up = " ".join(asked[:3])
        else:
            follow_up = "文件把具体标准交由其他规定确定，请向当地公安、教育或人社部门咨询具体要求。"
    return RuleResult(
        verdict=verdict,
        jurisdiction=file.jurisdiction,
        place=place,
        target=target,
        rule=rule.id,
        rule_title=rule.title,
        trace=tuple(result.steps),
        citations=tuple(evaluator.citations),
        missing=missing,
        follow_up=follow_up,
        notes=tuple(dict.fromkeys([*notes, *choice_notes, *evaluator.notes, *extra, *rule.notes])),
        gaps=gaps,
        as_of=as_of.isoformat(),
        version=rule.version,
        effective_from=rule.effective_from.isoformat() if rule.effective_from else None,
        effective_to=rule.effective_to.isoformat() if rule.effective_to else None,
    )
