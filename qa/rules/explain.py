"""Turn a RuleResult into a plain-Chinese explanation with [n] citation markers.

Markers number ``result.citations`` in order, so [1] is always the rule's main clause.
"""

from __future__ import annotations

from qa.rules.model import FACTS, TARGETS, Between, Under
from qa.types import Citation, RuleResult, TraceStep

_OUTCOME = {"pass": "符合", "fail": "不符合", "unknown": "尚不清楚"}
_CONCLUSION = {
    "eligible": "结论：符合条件。",
    "ineligible": "结论：暂不符合。",
    "insufficient_info": "结论：还不能确定。",
}


def _marker(citations: tuple[Citation, ...], citation: Citation | None) -> str:
    if citation is None or citation not in citations:
        return ""
    return f"[{citations.index(citation) + 1}]"


def _given(step: TraceStep) -> str:
    if step.fact is None and isinstance(step.given, str):
        return f"所问地点：{step.given}"  # a condition on the place asked about (op place)
    if step.fact is None:
        return "文件未给出具体标准"
    if step.given is None:
        if step.assumed:
            return "未提及，按符合处理" if step.outcome == "pass" else "未提及，按不符合处理"
        return "未提供"
    if isinstance(step.given, bool):
        return "是" if step.given else "否"
    value = step.given
    if isinstance(value, Under):
        return f"不到{value.bound:g}{FACTS[step.fact].unit or ''}"
    if isinstance(value, Between):
        return f"约{value.low:g}至{value.high:g}{FACTS[step.fact].unit or ''}"
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{text}{FACTS[step.fact].unit or ''}"


def _conclusion(result: RuleResult) -> str:
    """结论：… with the gaps of an ineligible case or what is still needed to decide."""
    conclusion = _CONCLUSION[result.verdict]
    if result.verdict == "ineligible" and result.gaps:
        conclusion += "差距：" + "；".join(result.gaps) + "。"
    if result.verdict == "insufficient_info":
        if result.missing:
            labels = "、".join(FACTS[name].label for name in result.missing)
            conclusion += f"还需要知道：{labels}。"
        if result.follow_up:
            conclusion += result.follow_up
    return conclusion


def explain(result: RuleResult) -> str:
    """The verdict in plain Chinese, condition by condition, with [n] markers.

    Example: 关于在深圳市申领居住证：结论：暂不符合。差距：…
    依据：《深圳经济特区居住证条例》第十九条[1] … 你的情况：10个月，还差2个月 …
    """
    if result.rule == "unmodelled":
        place = result.place or result.jurisdiction
        lines = [f"关于在{place}{result.rule_title}："]
        lines += [f"{note}[{i}]" for i, note in enumerate(result.notes, 1)]
        lines.append(_CONCLUSION["insufficient_info"] + (result.follow_up or ""))
        return "\n".join(lines)
    cites = result.citations
    main = cites[0] if cites else None
    place = result.place or result.jurisdiction
    # The answer first: the verdict (and what decides it), then the rule and the check behind it.
    lines = [f"关于在{place}{TARGETS.get(result.target, result.target)}：{_conclusion(result)}"]
    if main is not None:
        lines.append(f"依据：《{main.doc_title}》{main.locator or ''}{_marker(cites, main)}（{result.rule_title}）。")
    fallback = [n for n in result.notes if n.startswith(("资料库中没有", f"{place}在"))]
    lines += fallback
    lines.append("逐项对照：")
    eligible = result.verdict == "eligible"
    # An eligible case met one route of each choice: the routes it did not need are named once, after
    # the check, not listed as failed conditions; a condition two routes share is listed once.
    listed = [s for s in result.trace if not (eligible and s.outcome != "pass")]
    shown: set[tuple[str, str, str]] = set()
    for step in listed:
        key = (step.condition, _given(step), step.outcome)
        if key in shown:
            continue
        shown.add(key)
        line = f"{len(shown)}. {step.condition}{_marker(cites, step.citation)}：你的情况：{_given(step)}，"
        line += _OUTCOME[step.outcome]
        if step.gap:
            line += f"，{step.gap}"
        if step.branch and "满足其一" in step.branch:
            line += "（此项与同组其他条件满足其一即可）"
        lines.append(line + "。")
    unneeded = list(dict.fromkeys(s.condition for s in result.trace if eligible and s.outcome != "pass"))
    if unneeded:
        lines.append(f"其他途径（满足一条即可，上面已满足）：{'；'.join(unneeded)}。")
    # 未提及以下情况，按不符合处理 speaks of the routes an eligible case did not need.
    others = [n for n in result.notes if n not in fallback and not (eligible and n.startswith("未提及以下情况"))]
    if others:
        lines.append("说明：" + " ".join(others))
    lines.append(f"（适用版本：{result.rule}，判断日期 {result.as_of}。本结果依据资料库中的文件逐条推算，"
                 "仅供参考，以当地主管部门的答复为准。）")
    return "\n".join(lines)
