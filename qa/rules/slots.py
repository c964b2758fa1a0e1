"""Concept words of a clause: which fact an amount or a negation in a question speaks of.

    "住了一年社保交了半年"  →  一年 → residence, 半年 → social_insurance (the nearest word wins)
    "合同还没签"           →  contract negated (employed: False)

The words live in ``qa/data/fact_concepts.yaml`` (plain words, no regular expressions); this module
finds them in a clause, longest word first, and answers two questions for ``qa.rules.facts``: the
concept nearest to an amount, and the value each yes/no concept is stated with. Plain string
scanning only, so the reading does not depend on one phrasing per fact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from qa.errors import RuleError

CONCEPTS_PATH = Path(__file__).resolve().parents[1] / "data" / "fact_concepts.yaml"
# Clause ends: a concept word speaks only within its clause.
CLAUSE_ENDS = frozenset("，,。；;！!？?\n")
# A negation reaches the concept word after it across a few characters (没有正式的劳动合同) and the
# word before it across fewer (合同还没签, 社保一直没交): people put the negation before the verb.
REACH_AFTER = 6
ASIDE_ENDS = frozenset(")）]】")
REACH_BEFORE = 5
TAIL_AFTER_BACKWARD = 2
# What may stand between an amount and the concept word after it that it belongs to (一年半的社保).
JOINERS = frozenset("的了多许左右以上")


class Concept(BaseModel):
    """One entry of the concept table (see the file's header for what each key means)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    captures: str
    words: tuple[str, ...]
    weak: tuple[str, ...] = ()
    duration: str | None = None
    also: str | None = None
    flag: str | None = None
    value: bool = True
    one_way: bool = False
    negated_only: bool = False
    negated: float | None = None
    plan: bool = False
    not_of_child: bool = False
    subject: bool = False


class ConceptTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    concepts: dict[str, Concept]
    negations: tuple[str, ...]
    not_negations: tuple[str, ...]
    same_as: dict[str, str] = {}


@dataclass(frozen=True)
class Mention:
    """A concept word found in a text: where it is and whether a negation governs it."""

    concept: str
    start: int
    end: int
    weak: bool = False
    negated: bool = False


@lru_cache(maxsize=4)
def load_concepts(path: Path = CONCEPTS_PATH) -> ConceptTable:
    """The concept table.

    Raises:
        RuleError: the file is missing or does not match the schema.
    """
    import yaml

    from qa.yamlfile import parse_yaml

    try:
        raw: Any = parse_yaml(path.read_text(encoding="utf-8"))
        return ConceptTable.model_validate(raw)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise RuleError(f"概念词表 {path} 无法读取或格式不对：{exc}；请按文件开头的说明修正") from exc


def _scan(text: str, ordered: Iterable[tuple[str, str, bool]]) -> list[Mention]:
    """Non-overlapping occurrences of the ``ordered`` words, each word claiming text in turn (longest
    first: 居住证 before 居住 before 住)."""
    taken = [False] * len(text)
    found: list[Mention] = []
    for word, concept, weak in ordered:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                found.append(Mention(concept, start, end, weak))
            start = text.find(word, start + 1)
    return sorted(found, key=lambda m: m.start)


class _Lexicon:
    """Words longest first (the order they claim text in), indexed by first character: a question is
    scanned for the few words that can start in it, not for all of them, in the same order."""

    def __init__(self, words: list[tuple[str, str, bool]]) -> None:
        self.by_first: dict[str, list[tuple[int, tuple[str, str, bool]]]] = defaultdict(list)
        for rank, entry in enumerate(sorted(words, key=lambda w: -len(w[0]))):
            self.by_first[entry[0][0]].append((rank, entry))

    def spans(self, text: str) -> list[Mention]:
        by_first = self.by_first
        candidates = sorted(item for ch in set(text) if ch in by_first for item in by_first[ch])
        return _scan(text, (entry for _, entry in candidates))


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The start and end of the clause around ``pos`` (clauses end at CLAUSE_ENDS)."""
    start = pos
    while start > 0 and text[start - 1] not in CLAUSE_ENDS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in CLAUSE_ENDS:
        end += 1
    return start, end


def negation_spans(text: str, table: ConceptTable | None = None) -> list[tuple[int, int]]:
    """Where a negation word stands (question forms such as 有没有 and shortfalls such as 不到 excluded)."""
    marks = _lexicons(table or load_concepts())[1].spans(text)
    return [(m.start, m.end) for m in marks if m.concept == "no"]


_LEXICONS_OF: dict[int, tuple[ConceptTable, _Lexicon, _Lexicon]] = {}


def _lexicons(table: ConceptTable) -> tuple[_Lexicon, _Lexicon]:
    """The concept words (strong words first) and the negation words of ``table`` ready to scan,
    built once per table: a question is read several times (its durations, its flags)."""
    kept = _LEXICONS_OF.get(id(table))
    if kept is None or kept[0] is not table:
        words = [(w, name, False) for name, c in table.concepts.items() for w in c.words]
        words += [(w, name, True) for name, c in table.concepts.items() for w in c.weak]
        negations = [(w, "-", False) for w in table.not_negations] + [(w, "no", False) for w in table.negations]
        kept = _LEXICONS_OF[id(table)] = (table, _Lexicon(words), _Lexicon(negations))
    return kept[1], kept[2]


def mentions(text: str, table: ConceptTable | None = None) -> list[Mention]:
    """Every concept word of ``text``, each marked negated when a negation of its clause governs it.

    A negation governs the nearest concept word after it within ``REACH_AFTER`` characters, else the
    nearest before it within ``REACH_BEFORE`` (合同还没签); never one in another clause.
    """
    return list(_mentions(text, _Table(table or load_concepts())))


@dataclass(frozen=True, eq=False)
class _Table:
    """A concept table as a cache key: by identity (the table itself holds unhashable dicts)."""

    table: ConceptTable

    def __hash__(self) -> int:
        return id(self.table)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Table) and other.table is self.table


# The parser reads one question's concept words several times (its durations, its flags, its home):
# the last few texts' mentions are kept.
RECENT_TEXTS = 8


@lru_cache(maxsize=RECENT_TEXTS)
def _mentions(text: str, key: _Table) -> tuple[Mention, ...]:
    table = key.table
    found = _lexicons(table)[0].spans(text)
    negated: set[int] = set()
    for start, end in negation_spans(text, table):
        low, high = clause_bounds(text, start)
        within = [i for i, m in enumerate(found) if m.start < end and start < m.end  # 没有房: 有房 negated
                  and not m.weak]  # the 在 of 没在 is the negation's own
        # 没在人力资源中介机构挂集体户: a negated place (没在 / 不在) negates what is done there, to the clause end.
        reach = high if text[start:end].endswith("在") else end + REACH_AFTER
        # 地级市（不是省会）的厂里: a negation inside an aside does not reach past its closing bracket.
        after = [i for i, m in enumerate(found) if end <= m.start <= reach and m.start < high
                 and not found[i].weak and not set(text[end:m.start]) & ASIDE_ENDS]
        # Back to the word before only when little follows the negation (合同还没签, 社保一直没去交);
        # 公司没有集体户口 negates the 集体户口, not the 公司.
        before = [i for i, m in enumerate(found) if start - REACH_BEFORE <= m.end <= start and m.end > low
                  and not found[i].weak] if high - end <= TAIL_AFTER_BACKWARD else []
        if within or after:
            negated.add((within or after)[0])
        elif before:
            negated.add(before[-1])
    return tuple(Mention(m.concept, m.start, m.end, m.weak, i in negated) for i, m in enumerate(found))


def nearest(found: list[Mention], start: int, end: int, low: int, high: int, text: str = "") -> Mention | None:
    """The concept an amount at ``text[start:end]`` speaks of, from the words within ``[low, high)``.

    A plan word before the amount wins (打算在这住两年); then a word joined to the amount by nothing
    but 的/了 (一年半的社保, 交了一年社保); then the nearest word before it (社保交了一年,
    住了一年社保交了半年有劳动合同: 半年 is the 社保's), else the nearest after it; a weak word (在,
    来) only when no other word is in reach.
    """
    table = load_concepts()
    near = [m for m in found if low <= m.start and m.end <= high and (m.end <= start or m.start >= end)
            and not table.concepts[m.concept].subject]
    plans = [m for m in near if table.concepts[m.concept].plan and m.end <= start]
    if plans:
        return plans[-1]
    strong = [m for m in near if not m.weak] or near
    joined = [m for m in strong if m.start >= end and set(text[end:m.start]) <= JOINERS]
    if joined:
        return joined[0]
    before = [m for m in strong if m.end <= start]
    if before:
        return before[-1]
    return min(strong, key=lambda m: m.start, default=None)


def flags(text: str, skip: frozenset[int] = frozenset()) -> dict[str, tuple[bool, Mention]]:
    """The yes/no facts the concept words state: ``{fact: (value, mention)}``.

    A mention states its concept's ``value`` (有合同 → employed, 失业 → not employed), the opposite
    when negated (没有合同, 没有犯罪记录). Of several mentions of one fact the first stating "no"
    wins: 在工厂打工，没签合同 has no labour contract. Mentions starting at ``skip`` positions (asked
    for, not stated) are left out.
    """
    table = load_concepts()
    out: dict[str, tuple[bool, Mention]] = {}
    for m in mentions(text, table):
        concept = table.concepts[m.concept]
        fact = concept.flag
        if (fact is None or m.start in skip or m.weak or (concept.one_way and m.negated)
                or (concept.negated_only and not m.negated)):
            continue
        value = concept.value != m.negated
        if fact not in out or (out[fact][0] and not value):
            out[fact] = (value, m)
    return out
