"""Which document is the authority for a question, and what role a clause plays in it.

Every document has an authority level, from its catalog entry (level and kind):

    national_regulation  national laws and State Council regulations (居住证暂行条例, 户口登记条例)
    national_policy      national policy documents and ministry notices (国发〔2014〕25号, 公安部通知)
    interpretation       interviews and explanations of a rule (法制办负责人答记者问)
    province / city      a province's or a city's own rules and policy documents
    commentary           the journal article: it explains and compares, it does not enact

With no place asked, the national rule in force answers first; commentary explains but does not
stand in for a regulation that states the rule; a superseded version answers only when the
question names it. Clause roles (施行, 过渡, 处罚 …) come from qa/data/question_cues.yaml: a clause
whose role the question does not ask about is demoted (see ``Question.wanted_roles``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qa.answering.understand import clause_roles
from qa.types import Chunk

LEVELS = ("national_regulation", "national_policy", "interpretation", "province", "city", "commentary")
# How much a sentence of each level counts when a general question (no place) picks its evidence.
# A regulation states the rule; a notice or an interview restates or explains it; a local rule
# ranks below the national one (OFF_PLACE_PRIOR in compose applies on top for local documents).
GENERAL_PRIOR = {"national_regulation": 1.0, "national_policy": 0.8, "interpretation": 0.75,
                 "province": 1.0, "city": 1.0, "commentary": 1.0}
# The journal article's sentences when the question asks what a rule says (conditions, fees, …):
# it explains and compares, and does not stand in for the regulation that states the rule.
COMMENTARY_RULE_PRIOR = 0.7
# A clause whose role the question does not ask about (施行前已发放的居住证继续有效 for 有效期多久).
OFF_ROLE_PRIOR = 0.3
# A national text's sentences when the question asks what one place's rule says: the place's own rule
# answers first, then its province's, then the national one (a notice leaves 材质 to 各地).
NATIONAL_FOR_PLACE_PRIOR = 0.5
# An article of a rule when the question asks why: rules state, they rarely argue (their purpose
# clause aside); the commentary, interviews and policy papers give the reasons.
RULE_FOR_REASON_PRIOR = 0.6
# A superseded version's sentences when the question does not name that version.
SUPERSEDED_PRIOR = 0.6
# Chunks that are one article of a regulation: their sentences share the article's role.
ARTICLE_KINDS = frozenset({"article", "clause"})


def authority_of(document: dict[str, Any]) -> str:
    """The authority level of one document (a ``documents.json`` / catalog entry)."""
    level = document.get("level") or ""
    kind = document.get("kind") or ""
    if level == "article" or kind == "article":
        return "commentary"
    if kind == "interpretation":
        return "interpretation"
    if level == "national":
        return "national_regulation" if kind in ("regulation", "law") else "national_policy"
    return "province" if level == "provincial" else "city"


class Authorities:
    """Authority levels, superseded versions and clause roles of one index's documents and chunks."""

    def __init__(self, documents: Iterable[dict[str, Any]]) -> None:
        documents = list(documents)
        self.level = {d["doc_id"]: authority_of(d) for d in documents}
        by_source = {str(d.get("source") or "").rsplit("/", 1)[-1]: d for d in documents}
        # superseded_by names the newer version's file (a base name); only versions present in the index count.
        self.successor: dict[str, dict[str, Any]] = {d["doc_id"]: by_source[d["superseded_by"]] for d in documents
                                                     if d.get("superseded_by") in by_source}
        self.superseded = set(self.successor)
        self._roles: dict[str, frozenset[str]] = {}

    def roles(self, key: str, text: str) -> frozenset[str]:
        """The roles of a clause (cached by ``key``, e.g. a chunk id or a sentence)."""
        found = self._roles.get(key)
        if found is None:
            found = self._roles[key] = clause_roles(text)
        return found

    def off_role(self, key: str, text: str, wanted: frozenset[str]) -> bool:
        """Whether the clause plays a role the question does not ask about."""
        return bool(self.roles(key, text) - wanted)

    def rank(self, doc_id: str) -> int:
        """0 for the highest authority (a national regulation) … 5 for commentary."""
        return LEVELS.index(self.level.get(doc_id, "city"))

    def prior(self, doc_id: str, general: bool, version_named: bool) -> float:
        """How much a sentence of this document counts as evidence."""
        prior = GENERAL_PRIOR.get(self.level.get(doc_id, "city"), 1.0) if general else 1.0
        if doc_id in self.superseded and not version_named:
            prior *= SUPERSEDED_PRIOR
        return prior


class EvidencePolicy:
    """How one question weighs evidence by authority, version and clause role (for ``pick_evidence``)."""

    def __init__(self, authorities: Authorities, wanted_roles: frozenset[str], general: bool,
                 version_named: bool, asks_rule: bool = False, local: bool = False,
                 named: frozenset[str] = frozenset(), reasons: bool = False) -> None:
        self.authorities = authorities
        self.reasons = reasons
        self.local = local
        self.named = named
        self.wanted_roles = wanted_roles
        self.general = general
        self.version_named = version_named
        self.asks_rule = asks_rule

    def chunk_prior(self, doc_id: str) -> float:
        prior = self.authorities.prior(doc_id, self.general, self.version_named)
        if doc_id in self.named:  # a document the question names is what it asks about, whatever its level
            return prior
        level = self.authorities.level.get(doc_id, "")
        if level == "commentary" and (self.asks_rule or self.named):
            prior *= COMMENTARY_RULE_PRIOR  # nor for a document the question names (条例图的是什么)
        if self.local and level.startswith("national"):
            prior *= NATIONAL_FOR_PLACE_PRIOR
        return prior

    def outranks(self, doc_id: str, other: str) -> bool:
        """Whether ``doc_id`` is the better authority to state a rule both documents state."""
        return self.general and self.authorities.rank(doc_id) < self.authorities.rank(other)

    def sentence_prior(self, sentence: str, chunk: Chunk) -> float:
        """OFF_ROLE_PRIOR for a sentence playing a role the question does not ask about, or, playing none
        itself, standing in an article that does (the items of 第二十条's list of officials' misconduct
        inherit its role; a transition sentence asked about keeps its weight beside 本办法自…起施行)."""
        own = self.authorities.roles(sentence, sentence)
        if own:
            off = bool(own - self.wanted_roles)
        elif chunk.kind in ARTICLE_KINDS:
            off = self.authorities.off_role(chunk.chunk_id, chunk.quote, self.wanted_roles)
        else:
            off = False
        prior = OFF_ROLE_PRIOR if off else 1.0
        if self.reasons and chunk.kind in ARTICLE_KINDS and "purpose" not in own:
            prior *= RULE_FOR_REASON_PRIOR
        return prior
