"""Understand a question once: one typed :class:`Question` that routing, retrieval, composition
and refusal read, so that none of them matches the raw question text again.

    raw text + history ─▶ query.understand (simplified, numerals, synonyms, places, follow-ups)
                      ─▶ cues of qa/data/question_cues.yaml (kind, parts, asked details, …)
                      ─▶ qa.rules.facts (the person's facts, the rule target)
                      ─▶ Question

The cues are data (one file, each entry with what it captures and examples that tests check).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from qa.answering import query as query_mod
from qa.answering.cues import cues
from qa.answering.query import History, Query
from qa.answering.titles import TitleIndex
from qa.rules import facts as facts_mod
from qa.text.elapsed import DaySpan, days_left, days_since, days_until

# The issue-level answer kinds: the kinds of the cues file plus the personal eligibility case.
KINDS = ("eligibility_case", "comparison", "reason", "document", "fee", "consequence", "materials", "where", "agent",
         "time_limit", "procedure", "duration", "conditions", "benefits", "history", "definition", "count",
         "value")
# Kinds whose answer has a form a sentence either states or not (a period, a fee, a date, a count, a
# penalty, a definition, an office), unlike conditions or benefits, whose cue words also name the topic.
FORM_KINDS = frozenset({"duration", "time_limit", "fee", "count", "consequence", "definition", "history", "where",
                        "agent"})
# The fact that is a target's own outcome: a person who states it has already qualified.
OUTCOME_FACTS = {"points": "points_standard_reached"}
# The figures a person's case may ask for (还差几个月): periods and ages the checker works out. A
# question asking points, money or a share (能积几分, 要交多少钱) asks the documents for an amount.
CHECKED_UNITS = frozenset({None, "个月", "月", "年", "天", "日", "个工作日", "工作日", "岁", "周岁"})
# Facts that alone say nothing a permit rule could judge (holding a permit, being a minor or under
# retirement age, a school level, no unlawful births): 不满16岁的小孩可以让爸妈代办吗 asks about procedure.
PROCEDURE_FACTS = frozenset({"holds_permit", "below_retirement_age", "under_16", "no_unlawful_births",
                             "high_school_or_above"})
_CLAUSE_END = re.compile(r"[？?！!]+|[，,；;。]|\s+and\s+", re.IGNORECASE)
# The figure units people ask in (多少钱, 几块) as the documents write them.
_UNIT_AS_WRITTEN = {"钱": "元", "块": "元"}
# Each kind's family as retrieval and composition weigh it (the chunk cue that lifts, how wide an
# answer is, whether rule text or the article's argument answers): derived from the kind, so one
# reading of the question decides both.
_FAMILY = {"document": "which_document", "comparison": "comparison", "reason": "why",
           "duration": "how_long", "time_limit": "how_long", "history": "when", "conditions": "conditions",
           "materials": "conditions", "procedure": "conditions", "benefits": "list", "definition": "list",
           "eligibility_case": "eligibility"}


def family(kind: str) -> str:
    """The retrieval family of a kind: which_document, comparison, why, how_long, when, conditions,
    list, eligibility or factual."""
    return _FAMILY.get(kind, "factual")


@dataclass(frozen=True)
class Part:
    """One question of a question with several (北京居住证在哪里办，办公时间是几点)."""

    text: str
    kind: str
    unit: str | None = None  # the figure it asks for: 元, 分, 天 … (see compose.asked_unit)
    detail: str | None = None  # a service detail it asks for (办公时间, 联系电话 …)
    expansions: tuple[str, ...] = ()  # its synonym terms

    @property
    def qtype(self) -> str:
        return family(self.kind)

    @property
    def answer_cue(self) -> re.Pattern[str] | None:
        return cues().states(self.kind)


@dataclass(frozen=True)
class Question:
    """Everything the answering code needs to know about a question, computed once."""

    query: Query
    kind: str
    parts: tuple[Part, ...]
    topic: str = "value"  # the kind asked about inside a comparison or a reason (conditions, fee …)
    unit: str | None = None
    details: tuple[str, ...] = ()  # service details asked anywhere in the question
    facts: facts_mod.ParsedQuestion = field(default_factory=facts_mod.ParsedQuestion)
    case: bool = False  # a person's case for the rule checker (not a question about the rule)
    personal: bool = False
    reading: bool = False  # how a rule is read or counted (从哪天算, 算不算)
    counting: bool = False  # how a period or amount is counted (怎么算, 算不算), not what a thing is
    amount: bool = False  # asks a figure in no unit of its own (总数是多少, 多大面积): a number answers it
    after_expiry: bool = False  # what came after a document ended (到期以后换成什么)
    uses_permit: bool = False  # what a permit the asker holds gives (凭居住证能…)
    judging: bool = False  # which place is stricter / easier
    versions_compared: bool = False  # one place's old and new rule
    enactment: bool = False  # how a document was enacted (公布, 施行, 文号)
    portability: bool = False  # a permit of one place used in another (两地 named, not compared)
    foreign_country: str | None = None
    future: str | None = None
    task_request: bool = False  # 帮我写一份委托书: asks for a paper to be written, not for what a rule says
    years: tuple[int, ...] = ()
    permit_use: str | None = None  # what follows "can the permit be used for" (办信用卡)
    named_documents: frozenset[str] = frozenset()  # doc ids of the documents it names by title
    permit_only: bool = False  # about the 居住证, not the 暂住证
    # Whether the asker's own act is inside a time limit (五天前搬家，现在去改地址算及时吗), with the time
    # since the event they state and the days until the date they name (满一年是下个月15号，今天20号).
    on_time: bool = False
    days_since: DaySpan | None = None
    days_until: DaySpan | None = None

    # The language layer's results, read through.
    @property
    def original(self) -> str:
        return self.query.original

    @property
    def text(self) -> str:
        return self.query.text

    @property
    def search_text(self) -> str:
        return self.query.search_text

    @property
    def places(self) -> tuple[str, ...]:
        return self.query.places

    @property
    def unknown_places(self) -> tuple[str, ...]:
        return self.query.unknown_places

    @property
    def place_aliases(self) -> tuple[str, ...]:
        return self.query.place_aliases

    @property
    def qtype(self) -> str:
        """The retrieval family of the question's kind (see ``family``)."""
        return family(self.kind)

    @property
    def version_year(self) -> int | None:
        return self.query.version_year

    @property
    def version_word(self) -> str | None:
        """The year naming a version (天津2014年那会儿, 2004年的暂行规定) as a word that is not the topic:
        the version is preferred by its dates, not by chunks saying 2014. None when there is none, or
        when the question asks when or which document (the year is then what it is about)."""
        if self.version_year is None or self.kind in ("history", "document"):
            return None
        return str(self.version_year)

    @property
    def expansions(self) -> tuple[str, ...]:
        return self.query.expansions

    @property
    def across_places(self) -> bool:
        return self.query.across_places

    @property
    def earlier_version(self) -> bool:
        return self.query.earlier_version

    @property
    def is_followup(self) -> bool:
        return self.query.is_followup

    @property
    def problem(self) -> str | None:
        return self.query.problem

    @property
    def local_places(self) -> list[str]:
        """The places asked about, the national level aside."""
        return [p for p in self.places if p != "全国"]

    @property
    def place_levels(self) -> dict[str, str]:
        """Each place with its level: national, province or city."""
        return {p: place_level(p) for p in self.places + self.unknown_places}

    @property
    def answer_cue(self) -> re.Pattern[str] | None:
        """What a sentence answering this question's kind states (None: no particular cue)."""
        return cues().states(self.kind)

    @property
    def lead_cue(self) -> re.Pattern[str] | None:
        """What the first sentence of the answer must state (a period, a fee, a date), for the kinds
        whose answer has such a form; of the first part when the question has several."""
        kind = self.parts[0].kind if self.parts else self.kind
        if kind == "comparison":  # each row states the compared topic's form (要几天 → 5个工作日内)
            kind = self.topic
        return cues().states(kind) if kind in FORM_KINDS else None

    @property
    def wanted_roles(self) -> frozenset[str]:
        """Clause roles that may answer this question (others are demoted)."""
        kind = cues().kind(self.kind)
        roles = set(kind.roles) if kind else set()
        if self.enactment or self.kind in ("history", "document"):
            roles |= {"effective", "transition", "repeal", "purpose"}
        if self.kind == "reason":
            roles.add("purpose")
        # A question in a role's own words asks about it (居住证被注销了，积分还算吗; 旧证还继续有效吗).
        return frozenset(roles) | clause_roles(self.text)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (for an answer's meta and the tests)."""
        return {"text": self.text, "kind": self.kind, "qtype": self.qtype, "places": list(self.places),
                "unknown_places": list(self.unknown_places), "version_year": self.version_year,
                "unit": self.unit, "parts": [p.__dict__ for p in self.parts], "case": self.case,
                "target": self.facts.target, "details": list(self.details), "on_time": self.on_time,
                "days_since": self.days_since and [self.days_since.low, self.days_since.high],
                "days_until": self.days_until and [self.days_until.low, self.days_until.high]}


def place_level(place: str) -> str:
    """national / province / city for a canonical place name."""
    if place == "全国":
        return "national"
    if place in facts_mod.PROVINCES or place in facts_mod.AUTONOMOUS_REGIONS or place.endswith(("省", "自治区")):
        return "province"
    return "city"


def _leading_kind(text: str) -> str | None:
    """The first leading kind whose cue matches (document, comparison, reason), or None."""
    return next((k.name for k in cues().kinds if k.leads and k.asked.search(text)), None)


def _kind_of(text: str, leading: bool = True, latest: str | None = None) -> str:
    """The kind ``text`` asks for; ``latest``: what ``_kind_of(text, leading=False)`` gave, if known."""
    consequence = cues().kind("consequence")
    lead = _leading_kind(text) if leading else None
    # 有什么后果 is a consequence, though its wording reads as a reason.
    if lead is not None and not (lead == "reason" and consequence and consequence.asked.search(text)):
        return lead
    # 哪边发得快 compares, whatever it compares (its topic, read with leading=False, is the time limit).
    if leading and any(k.name == "comparison" and k.asked.search(text) for k in cues().kinds):
        return "comparison"
    if latest is not None:
        return latest
    # The kind whose cue matches latest: the question word comes last (签注一次管多久 asks a duration).
    best, best_end = "value", -1
    for kind in cues().kinds:
        # What is compared (哪边发得快: a time limit) is the topic, not the comparing itself (a
        # comparison asked returned above when ``leading``).
        if kind.leads or kind.name == "comparison":
            continue
        ends = [m.end() for m in kind.asked.finditer(text)]
        if ends and ends[-1] > best_end:
            best, best_end = kind.name, ends[-1]
    return best


def _asked_details(text: str) -> tuple[str, ...]:
    return tuple(name for name, asked, _ in cues().details if asked.search(text))


def clauses(text: str) -> list[str]:
    """The questions asked in ``text``: pieces ending in ？, or ，-separated pieces that each ask."""
    asks = cues().cues["asks"]
    pieces = [p.strip() for p in _CLAUSE_END.split(text) if p and p.strip()]
    clauses: list[str] = []
    for piece in pieces:
        if clauses and not asks.search(clauses[-1]):
            clauses[-1] += "，" + piece  # background before the question joins it
        else:
            clauses.append(piece)
    return [c for c in clauses if asks.search(c) and len(c) >= 3]


def _unit(text: str) -> str | None:
    from qa.answering.compose import asked_unit  # the figure units live with the figure check

    unit = asked_unit(text)
    return _UNIT_AS_WRITTEN.get(unit, unit) if unit else None


def _part(clause: str, case: bool) -> Part:
    own = query_mod.understand(clause)
    kind = "eligibility_case" if case else _kind_of(clause)
    return Part(clause, kind, _unit(clause), next(iter(_asked_details(clause)), None), own.expansions)


def _is_case(query: Query, parsed: facts_mod.ParsedQuestion, personal: bool, reading: bool,
             uses_permit: bool, future: bool, unit: str | None, amount: bool = False) -> bool:
    """Whether the question is a person's case that the rule checker decides (``unit``: the figure it
    asks for, see ``_unit``; ``amount``: it asks a figure in no unit of its own)."""
    if reading or future or (parsed.target == "residence_permit" and uses_permit):
        return False
    if unit not in CHECKED_UNITS or amount:  # 租房住满一年能积几分, 积分能加多少 ask for an amount, not whether
        return False
    # Procedure facts alone do not route; but holding a permit is what a hukou rule asks first.
    ignored = PROCEDURE_FACTS - {"holds_permit"} if parsed.target == "hukou" else PROCEDURE_FACTS
    own = {k: v for k, v in parsed.facts.items() if k not in ignored}
    stated_numbers = any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in own.values())
    if unit is not None and not stated_numbers:
        return False  # 我是农村的，在城区打工要几年才能落户: the rule's figure, not a gap in one's own
    return bool(parsed.is_eligibility and parsed.target and own
                and (_asks_eligibility(query.text) or (stated_numbers and personal)))


# The rest of a clause after its ability word, and the mark that ends the clause.
_CLAUSE_REST = re.compile(r"[^，,。；;？?！!]*([，,。；;？?！!]?)")
_QUESTION_PARTICLE = re.compile(r"吗|么|呢|不|没|否|[？?]")


def _asks_eligibility(text: str) -> bool:
    """Whether the question asks if someone can (我…能吗), unless it asks why, compares or asks for a source.

    An ability said in a clause that a comma closes without a question particle is told, not asked
    (我明明符合条件，…工作人员会受什么处理): then the last clause must ask the verdict.
    """
    found = cues().cues["eligibility"].search(text)
    if _leading_kind(text) is not None or found is None:
        return False
    clause_start = max(text.rfind(mark, 0, found.end()) for mark in "，,。；;？?！!") + 1
    rest = _CLAUSE_REST.match(text, found.end())
    assert rest is not None  # the pattern matches the empty string
    told = rest.group(1) in ("，", ",", "；", ";") and not _QUESTION_PARTICLE.search(text[clause_start:rest.end()])
    return not told or facts_mod.asks_verdict(text)


def understand(question: str, history: History = None, titles: TitleIndex | None = None,
               mend: Callable[[str], str] | None = None) -> Question:
    """The one reading of ``question`` (with the conversation's earlier questions in ``history``).

    ``titles``: the index's document titles, to tell which documents the question names
    (居住证条例 → 居住证暂行条例); without it no document counts as named. ``mend``: mends misspelt
    words against the indexed documents (登计 → 登记; ``qa.text.spelling``).
    """
    query = query_mod.understand(question or "", history, mend)
    text = query.text
    c = cues().cues
    if not text:
        return Question(query=query, kind="value", parts=())
    parsed = facts_mod.parse_question(text)
    personal = c["personal"].search(text) is not None
    # 暂住证的时间算不算: a question about how a rule counts, even when the asker gives facts.
    # A case the facts module recognises (facts + 能办吗/够条件吗, with or without 我) is one.
    told = facts_mod.question_kind(text, parsed)
    reading = told.kind == "reading" or (
        (c["reading"].search(text) is not None or cues().kind("definition").asked.search(text) is not None)
        and not told.is_case)
    uses_permit = c["uses_permit"].search(text) is not None
    future = c["future"].search(text)
    # 合同签到明年年底，能办吗: a future date among the circumstances leaves the question a case.
    stripped = text.rstrip("？?。.！! ")
    future_asked = future is not None and not (
        told.is_case and future.start() < len(stripped) - len(facts_mod.last_clause(stripped)))
    unit, details = _unit(text), _asked_details(text)
    amount = c["amount"].search(text) is not None
    # 我能不给吗 asks a right, 能找人代办吗 a procedure, not a verdict
    declines = c["declines"].search(text) is not None or c["manner"].search(text) is not None
    # 积分达标了，老婆能跟着参加社保吗: the outcome the checker would decide is given; what follows is asked.
    reached = parsed.target is not None and parsed.facts.get(OUTCOME_FACTS.get(parsed.target, "")) is True
    # 在南京再办还能免工本费吗: the question ends asking a fee, which no rule of the checker decides
    # (社保缴费 is a condition the checker reads, not a fee asked).
    fee = cues().kind("fee")
    asks_fee = fee is not None and any(m.group() != "缴费" for m in fee.asked.finditer(facts_mod.last_clause(stripped)))
    case = not (declines or reached or asks_fee) and (
        _is_case(query, parsed, personal, reading, uses_permit, future_asked, unit, amount)
        or (told.is_case and not (reading or future_asked or uses_permit)))
    # What the question asks of its topic, whatever leads: read once for the kind and the topic.
    topic = _kind_of(text, leading=False)
    judging = c["judging"].search(text) is not None
    if judging and topic == "value":
        topic = "conditions"  # which place is harder (比别的地方难) is a question of conditions
    kind = "eligibility_case" if case else _kind_of(text, latest=topic)
    asked = clauses(text)
    if len(asked) > 1:
        # The case is the clause that carries the person's facts (我在深圳住了一年，能办吗？去哪里办？).
        case_clause = (next((clause for clause in asked if facts_mod.parse_question(clause).facts), None)
                       if case else None)
        parts = tuple(_part(clause, clause == case_clause) for clause in asked)
    else:
        parts = (Part(text, kind, unit, next(iter(details), None), query.expansions),)
    permit_use = c["permit_use"].search(text)
    named: frozenset[str] = frozenset()
    if titles is not None:
        related = tuple(frozenset({p, query_mod.province_of(p)} - {None}) for p in query.places if p != "全国")
        named = titles.named(text, related)
    country = c["foreign_country"].search(text)
    on_time = c["on_time"].search(text) is not None
    normalized = facts_mod.normalize(text) if on_time else ""
    until = (days_until(text) or days_left(normalized)) if on_time else None
    since = days_since(normalized) if on_time else None
    if until is not None:
        # two dates said (满一年是七月三十号，今天六月五号) give the days until one, not a time spent;
        # a date already past (上个月10号搬的家，今天5号) is the time since it
        since = DaySpan(-until.high, -until.low) if until.high < 0 else None
    return Question(
        query=query, kind=kind, parts=parts, topic=topic, unit=unit, details=details,
        facts=parsed, case=case, personal=personal, reading=reading, uses_permit=uses_permit,
        counting=c["counting"].search(text) is not None,
        amount=amount,
        after_expiry=c["after_expiry"].search(text) is not None,
        judging=judging,
        versions_compared=c["versions_compared"].search(text) is not None,
        enactment=c["enactment"].search(text) is not None,
        portability=c["portability"].search(text) is not None,
        foreign_country=country.group() if country else None,
        future=future.group() if future and future_asked else None,
        task_request=c["task_request"].search(text) is not None,
        years=tuple(int(m.group()) for m in c["year"].finditer(text)),
        # the rest of its clause only: 上海和重庆都行吗 after 能申请公租房吗 names places, not a use
        permit_use=_CLAUSE_END.split(text[permit_use.end():])[0] if permit_use else None,
        named_documents=named, permit_only="居住证" in text and "暂住" not in text,
        on_time=on_time,
        days_since=since,
        days_until=until,
    )


def clause_roles(text: str) -> frozenset[str]:
    """The roles (effective, transition, penalty …) a clause's text plays (see the cues file)."""
    return frozenset(name for name, pattern in cues().roles.items() if pattern.search(text))
