"""Evaluation metrics: pure functions over one question (or one list of flags) at a time.

Every function returns a float, or ``None`` when the metric is undefined for that question (no
gold source to retrieve, no fact to check, no citation to judge). The harness (``qa.eval.harness``) keeps
the per-question values and averages only the defined ones, like haystack's evaluators return a
mean plus individual scores.

Text is compared after :func:`normalize` (NFKC, whitespace removed, lower case), so ``１５日``
matches ``15日`` and PDF letter-spacing (``有 很 大 不 同``) does not hide a phrase; facts are
also compared with Chinese quantities as numbers (``六十日`` matches ``60日``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Protocol

from qa.text.numbers import normalize_numbers

ARTICLE_DOC = "article"
# The seed article's catalog title is 居住证制度改革（国家行政学院学报2015年第5期）.
ARTICLE_TITLE_MARK = "居住证制度改革"
# A section heading's enumerator: （一） / (一) / 一、 / 1.
_ENUMERATOR = re.compile(r"^(\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+\.)")


class ChunkLike(Protocol):
    doc_title: str
    locator: str | None
    text: str


class CitationLike(Protocol):
    doc_title: str
    locator: str | None
    quote: str


def normalize(text: str | None) -> str:
    """NFKC, drop all whitespace, lower-case: the form every comparison uses."""
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


# ---------------------------------------------------------------- matching gold to chunks


def doc_matches(gold_doc: str, title: str | None) -> bool:
    """Whether a document title is the gold ``doc``.

    ``article`` means the seed article. Otherwise the title must equal the gold substring or
    contain it, except when it only *quotes* it: ``北京市实施《居住证暂行条例》办法`` is not
    ``居住证暂行条例``.
    """
    t = normalize(title)
    if gold_doc == ARTICLE_DOC:
        return ARTICLE_TITLE_MARK in t
    g = normalize(gold_doc)
    if not g:
        return False
    return t == g or (g in t and f"《{g}》" not in t)


def locator_matches(gold_locator: str | None, locator: str | None) -> bool:
    """Whether a chunk/citation locator falls under the gold locator.

    ``None`` matches anything in the document. ``第十四条`` matches ``第十四条第二款`` and
    ``表1`` matches ``表1 深圳市`` (prefix). A section heading matches when, without its
    ``（一）`` / ``一、`` enumerator, it equals or is contained in the chunk's locator (which may
    be a heading path).
    """
    if not gold_locator:
        return True
    g, c = normalize(gold_locator), normalize(locator)
    if not c:
        return False
    if c.startswith(g):
        return True
    if g.startswith(("第", "表")):
        return False
    bare = _ENUMERATOR.sub("", g)
    return bool(bare) and bare in c


def source_matches(source: dict[str, Any], doc_title: str | None, locator: str | None) -> bool:
    """Whether (doc_title, locator) matches one gold source ``{"doc", "locator"}``."""
    return doc_matches(source["doc"], doc_title) and locator_matches(source.get("locator"), locator)


def _fact_form(text: str | None) -> str:
    """:func:`normalize` plus Chinese quantities as numbers: 二年, 两年 and 2年 state the same fact."""
    return normalize_numbers(normalize(text))


def contains_group(text: str | None, group: Sequence[str]) -> bool:
    """Whether ``text`` contains at least one alternative of a fact group (numbers in either form)."""
    t = _fact_form(text)
    return any(_fact_form(alt) and _fact_form(alt) in t for alt in group)


def contains_all_facts(text: str | None, fact_groups: Sequence[Sequence[str]]) -> bool:
    """Whether ``text`` contains one alternative of every group (False when there are none)."""
    return bool(fact_groups) and all(contains_group(text, g) for g in fact_groups)


def relevant_targets(chunk: ChunkLike, sources: Sequence[dict[str, Any]],
                     fact_groups: Sequence[Sequence[str]]) -> frozenset[int]:
    """The gold sources a retrieved chunk satisfies, as indices into ``sources``.

    A chunk satisfies a source it matches by document and locator. A chunk whose text holds
    every answer fact satisfies all of them (it answers the question whatever it is).
    """
    n = max(len(sources), 1)
    if contains_all_facts(chunk.text, fact_groups):
        return frozenset(range(n))
    return frozenset(i for i, s in enumerate(sources)
                     if source_matches(s, chunk.doc_title, chunk.locator))


# ---------------------------------------------------------------- ranking metrics


def _as_targets(item: bool | Iterable[Hashable]) -> frozenset:
    if isinstance(item, bool):
        return frozenset({0}) if item else frozenset()
    return frozenset(item)


def recall_at_k(ranked: Sequence[bool | Iterable[Hashable]], k: int, n_targets: int = 1) -> float:
    """Share of the ``n_targets`` gold targets covered by the top ``k`` results.

    Args:
        ranked: per result, the gold targets it satisfies (a set of ids), or a bool for
            single-target questions.
        k: cut-off.
        n_targets: number of gold targets (gold sources of the question).

    Returns:
        A value in [0, 1]; with one target it is the hit rate (1 if any of the top k is relevant).
    """
    if k <= 0 or n_targets <= 0:
        raise ValueError(f"k and n_targets must be positive, got k={k}, n_targets={n_targets}")
    covered: set = set()
    for item in ranked[:k]:
        covered |= _as_targets(item)
    return min(len(covered), n_targets) / n_targets


def mrr(ranked: Sequence[bool | Iterable[Hashable]]) -> float:
    """Reciprocal rank of the first relevant result, 0.0 when none is relevant."""
    for rank, item in enumerate(ranked, 1):
        if _as_targets(item):
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[bool | Iterable[Hashable]], k: int, n_relevant: int = 0) -> float:
    """Binary nDCG@k: DCG of the ranking over the DCG of an ideal one.

    The ideal ranking puts ``max(relevant results seen, n_relevant)`` relevant items first
    (capped at ``k``), so one relevant chunk at rank 1 scores 1.0 and an empty or irrelevant
    ranking scores 0.0.
    """
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    gains = [1.0 if _as_targets(item) else 0.0 for item in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    n_ideal = min(max(sum(1 for item in ranked if _as_targets(item)), n_relevant), k)
    if n_ideal == 0:
        return 0.0
    idcg = sum(1.0 / math.log2(i + 2) for i in range(n_ideal))
    return dcg / idcg


# ---------------------------------------------------------------- answer metrics


def fact_accuracy(answer_text: str | None, fact_groups: Sequence[Sequence[str]]) -> float | None:
    """1.0 when the answer holds one alternative of every fact group, else 0.0; None without facts."""
    if not fact_groups:
        return None
    return 1.0 if contains_all_facts(answer_text, fact_groups) else 0.0


def fact_recall(answer_text: str | None, fact_groups: Sequence[Sequence[str]]) -> float | None:
    """Share of fact groups the answer holds (partial credit); None without facts."""
    if not fact_groups:
        return None
    return sum(contains_group(answer_text, g) for g in fact_groups) / len(fact_groups)


def lead_passage(answer_text: str | None) -> str:
    """The answer's first passage: its lines up to the first one citing a second source ([2]) outside
    a table (a comparison's table, one row per place, is its first passage as a whole)."""
    lines = (answer_text or "").split("\n")
    end = next((i for i, line in enumerate(lines) if i and "[2]" in line and not line.startswith("|")),
               len(lines))
    return "\n".join(lines[:end])


def lead_fact(answer_text: str | None, fact_groups: Sequence[Sequence[str]]) -> float | None:
    """1.0 when the answer's first passage holds the first fact group ("the answer first"); None without facts."""
    if not fact_groups:
        return None
    return 1.0 if contains_group(lead_passage(answer_text), fact_groups[0]) else 0.0


def citation_accuracy(citations: Sequence[CitationLike],
                      sources: Sequence[dict[str, Any]]) -> float | None:
    """1.0 when some citation matches some gold source (document and locator); None without sources."""
    if not sources:
        return None
    hit = any(source_matches(s, c.doc_title, c.locator) for c in citations for s in sources)
    return 1.0 if hit else 0.0


def citation_precision(citations: Sequence[CitationLike], fact_groups: Sequence[Sequence[str]],
                       sources: Sequence[dict[str, Any]]) -> float | None:
    """Share of citations that support the answer.

    A citation supports it when its quote contains an alternative of some fact group, or when it
    points at a gold source. None when there are no citations or nothing to judge them by.
    """
    if not citations or (not fact_groups and not sources):
        return None
    good = sum(
        1 for c in citations
        if any(contains_group(c.quote, g) for g in fact_groups)
        or any(source_matches(s, c.doc_title, c.locator) for s in sources)
    )
    return good / len(citations)


def refusal_precision(refused: Sequence[bool], should_refuse: Sequence[bool]) -> float | None:
    """Of the refusals, the share on questions that should be refused; None without refusals."""
    _same_length(refused, should_refuse)
    n = sum(refused)
    if n == 0:
        return None
    return sum(1 for r, s in zip(refused, should_refuse, strict=True) if r and s) / n


def refusal_recall(refused: Sequence[bool], should_refuse: Sequence[bool]) -> float | None:
    """Of the questions that should be refused, the share refused; None when there are none."""
    _same_length(refused, should_refuse)
    n = sum(should_refuse)
    if n == 0:
        return None
    return sum(1 for r, s in zip(refused, should_refuse, strict=True) if r and s) / n


def false_refusal_rate(refused: Sequence[bool], should_refuse: Sequence[bool]) -> float | None:
    """Of the answerable questions, the share refused; None when all should be refused."""
    _same_length(refused, should_refuse)
    n = sum(1 for s in should_refuse if not s)
    if n == 0:
        return None
    return sum(1 for r, s in zip(refused, should_refuse, strict=True) if r and not s) / n


def verdict_accuracy(predicted: str | None, gold: str | None) -> float | None:
    """1.0 when the verdict equals the gold one; None for questions without a gold verdict."""
    if gold is None:
        return None
    return 1.0 if predicted == gold else 0.0


# ---------------------------------------------------------------- aggregation


def percentile(values: Iterable[float], p: float) -> float | None:
    """The ``p``-th percentile (0-100) with linear interpolation, as numpy's default; None if empty."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    data = sorted(values)
    if not data:
        return None
    pos = (len(data) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def mean_defined(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def _same_length(a: Sequence[Any], b: Sequence[Any]) -> None:
    if len(a) != len(b):
        raise ValueError(f"lengths differ: {len(a)} refusals vs {len(b)} gold flags")
