"""When to refuse: the checks that decide the documents do not answer a question.

Two moments, both returning a Chinese reason (shown in the refusal) or None:

    before_answer  places without documents, a year after every document, thin evidence (support)
    after_evidence the chosen sentences do not state the figure the question asks for (多少钱 → 元)

``refusal_text`` turns a reason into the reply, naming the closest documents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qa import answer as composer
from qa.query import Query
from qa.types import RetrievedChunk

# Below this support (0..1) the evidence is too thin to answer; calibrated on tests/gold/dev.jsonl.
DEFAULT_MIN_SUPPORT = 0.22


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: ``reason`` is None when the question may be answered."""

    reason: str | None
    support: float | None = None


def refusal_text(reason: str, closest: list[RetrievedChunk]) -> str:
    """The refusal reply: the reason and up to three closest documents."""
    names = list(dict.fromkeys(f"《{h.chunk.doc_title}》" for h in closest))[:3]
    tail = f"最接近的文件是：{'、'.join(names)}，可供参考，但其中没有直接回答这个问题的内容。" if names else ""
    return f"抱歉，现有文件中没有找到能回答这个问题的依据（{reason}）。{tail}"


def unsupported_year(question: str, hits: list[RetrievedChunk], newest_year: int) -> int | None:
    """A year the question names that is later than every document and in none of the hits."""
    for match in re.finditer(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", question):
        year = int(match.group(1))
        if year > newest_year and not any(match.group(1) in h.chunk.quote for h in hits):
            return year
    return None


def support(weights: dict[str, float], hits: list[RetrievedChunk], scorer: composer.Scorer) -> float:
    """How well the best retrieved chunk covers the question (0..1), blended with dense similarity."""
    best = 0.0
    for hit in hits[:5]:
        coverage = scorer.coverage(weights, hit.chunk.text)
        dense = hit.signals.get("dense")
        blended = coverage if dense is None else 0.7 * coverage + 0.3 * max(0.0, dense)
        best = max(best, blended)
    return best if math.isfinite(best) else 0.0


def before_answer(q: Query, hits: list[RetrievedChunk], weights: dict[str, float], scorer: composer.Scorer,
                  newest_year: int, min_support: float = DEFAULT_MIN_SUPPORT) -> Verdict:
    """Refuse before composing: a place without documents, a year after every document, thin evidence."""
    if q.unknown_places and not [p for p in q.places if p != "全国"]:
        return Verdict(f"文件库中没有{'、'.join(q.unknown_places)}的规定")
    year = unsupported_year(q.text, hits, newest_year)
    if year is not None:
        return Verdict(f"文件库中的文件截至{newest_year}年，没有{year}年的规定或数据")
    strength = support(weights, hits, scorer)
    if not hits or strength < min_support:
        return Verdict("检索到的内容与问题关系不大", strength)
    return Verdict(None, strength)


def after_evidence(q: Query, evidence: list[composer.Evidence]) -> str | None:
    """Refuse after choosing sentences: none found, or none states the figure the question asks for."""
    if not evidence:
        return "没有找到相关句子"
    unit = composer.asked_unit(q.text)
    if unit is not None and not composer.gives_figure(unit, [e.sentence for e in evidence]):
        shown = {"钱": "元", "块": "元"}.get(unit, unit)
        return f"文件中没有给出以“{shown}”计的具体数字"
    return None
