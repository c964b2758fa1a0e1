"""The data types that flow through the whole pipeline.

    file ──loader──▶ Document ──chunker──▶ Chunk ──index──▶ RetrievedChunk ──composer──▶ Answer
                                                                         rules ──▶ RuleResult ─┘

All are frozen dataclasses with ``to_dict()``; nothing downstream turns them into loose dicts.
Offsets and quotes always refer to ``Document.text`` (the cleaned text of one source file), so a
``Chunk.quote`` / ``Citation.quote`` is by construction a substring of its source document.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any


def content_hash(text: str) -> str:
    """Stable short hash of a text (sha256, 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One source file after loading and cleaning.

    ``text`` is the cleaned text (boilerplate removed, whitespace normalised, characters kept);
    every chunk offset and every quote points into it.
    """

    doc_id: str  # content hash of ``text``: identical duplicates share it
    title: str
    source: str  # file name as ingested (relative to its corpus root where known)
    text: str
    region: str = "全国"  # 全国 / 上海市 / 江苏省 …
    level: str = "national"  # national / provincial / municipal / article
    kind: str | None = None  # regulation / rule / normative_document / interpretation / article
    issuer: str | None = None
    doc_number: str | None = None
    adopted: str | None = None  # ISO date YYYY-MM-DD
    effective: str | None = None  # ISO date YYYY-MM-DD
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. journal, issue, section

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# A top-level heading of a notice or of the article: 一、 … 十、
_NUMBERED_HEADING = re.compile(r"[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a document that knows exactly where it comes from.

    ``locator`` is what a citation shows: 第十四条, 第十四条第二款, 表1 深圳市, or a section
    heading of the article. ``chapter`` is the enclosing 章 / section path. ``text`` is what is
    embedded and indexed (it may carry a short context prefix such as the chapter or table
    caption); ``quote`` is the exact span ``Document.text[start:end]``.
    """

    chunk_id: str
    doc_id: str
    doc_title: str
    source: str
    region: str
    level: str
    effective: str | None
    locator: str | None
    chapter: str | None
    kind: str  # article (条) / clause (款) / section / paragraph / table_row / table_note
    text: str
    quote: str
    start: int
    end: int
    content_hash: str

    @property
    def heading_path(self) -> str | None:
        """The locator a citation shows: a heading under its section heading (三、… （二）…), since a
        notice or the article repeats （一）（二） in every section; an article (第X条) or a table row as is."""
        if (self.chapter and self.locator and self.kind in ("section", "paragraph")
                and not self.locator.startswith(self.chapter) and _NUMBERED_HEADING.match(self.chapter)):
            return f"{self.chapter} {self.locator}"
        return self.locator

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class RetrievedChunk:
    """A chunk with its retrieval score and the ranks each retriever gave it."""

    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # e.g. {"bm25": 1, "dense": 4}
    signals: dict[str, float] = field(default_factory=dict)  # raw scores, e.g. {"dense": 0.61, "bm25": 12.3}

    @property
    def text(self) -> str:
        return self.chunk.text

    @property
    def doc_title(self) -> str:
        return self.chunk.doc_title

    @property
    def locator(self) -> str | None:
        return self.chunk.locator

    def to_dict(self) -> dict[str, Any]:
        return {"chunk": self.chunk.to_dict(), "score": self.score, "ranks": dict(self.ranks),
                "signals": dict(self.signals)}


@dataclass(frozen=True)
class Citation:
    """One numbered source of an answer: the document, where in it, and the exact words."""

    doc_title: str
    locator: str | None
    quote: str
    region: str
    effective: str | None
    source: str
    doc_id: str = ""
    chunk_id: str = ""
    # True: the document is in the official catalog (corpus/catalog.json, matched by file hash);
    # False: a user added it and nobody verified it; None: not marked (qa.answering.provenance).
    official: bool | None = None

    @classmethod
    def from_chunk(cls, chunk: Chunk, quote: str | None = None) -> Citation:
        """Cite ``chunk``; ``quote`` may narrow it to a sentence that must lie inside the chunk."""
        if quote is not None and quote not in chunk.quote:
            raise ValueError(f"quote {quote[:30]!r} is not inside chunk {chunk.chunk_id}")
        return cls(
            doc_title=chunk.doc_title,
            locator=chunk.heading_path,
            quote=quote if quote is not None else chunk.quote,
            region=chunk.region,
            effective=chunk.effective,
            source=chunk.source,
            doc_id=chunk.doc_id,
            chunk_id=chunk.chunk_id,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TraceStep:
    """One condition of a rule as evaluated: what is required, what was given, and the outcome."""

    condition: str  # plain Chinese: 居住满12个月
    fact: str | None  # the fact name checked, e.g. residence_months
    required: str  # e.g. ">= 12"
    given: Any  # the value given, or None when unknown
    outcome: str  # pass / fail / unknown
    citation: Citation | None = None
    gap: str | None = None  # e.g. 还差2个月
    branch: str | None = None  # the enclosing any_of / all_of group, in plain Chinese
    assumed: bool = False  # True: the fact was not given and the route counts as not met

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["citation"] = self.citation.to_dict() if self.citation else None
        return data


@dataclass(frozen=True)
class RuleResult:
    """Outcome of applying one versioned rule to a person's facts."""

    verdict: str  # eligible / ineligible / insufficient_info
    jurisdiction: str
    target: str
    rule: str  # id of the rule version applied
    rule_title: str
    trace: tuple[TraceStep, ...]
    citations: tuple[Citation, ...] = ()
    missing: tuple[str, ...] = ()  # fact names still needed
    follow_up: str | None = None  # the question to ask next when info is missing
    notes: tuple[str, ...] = ()  # e.g. fell back to the national baseline
    gaps: tuple[str, ...] = ()  # how far from passing, e.g. 居住时间还差2个月
    as_of: str | None = None  # ISO date the rule version was chosen for
    version: int | None = None  # the year the applied document is known by
    effective_from: str | None = None  # ISO dates of the applied version's validity
    effective_to: str | None = None
    place: str | None = None  # the place asked about (may differ from ``jurisdiction`` on fallback)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "jurisdiction": self.jurisdiction,
            "target": self.target,
            "rule": self.rule,
            "rule_title": self.rule_title,
            "trace": [step.to_dict() for step in self.trace],
            "citations": [c.to_dict() for c in self.citations],
            "missing": list(self.missing),
            "follow_up": self.follow_up,
            "notes": list(self.notes),
            "gaps": list(self.gaps),
            "as_of": self.as_of,
            "version": self.version,
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "place": self.place,
        }


@dataclass(frozen=True)
class Answer:
    """What a person gets back: Chinese text with [n] markers and the sources they point to."""

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    refused: bool = False
    verdict: str | None = None  # eligible / ineligible / insufficient_info for eligibility questions
    trace: tuple[TraceStep, ...] | None = None
    retrieved: tuple[RetrievedChunk, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. place, rewritten query, timings

    def to_dict(self, with_retrieved: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "refused": self.refused,
            "verdict": self.verdict,
            "trace": [s.to_dict() for s in self.trace] if self.trace is not None else None,
            "meta": self.meta,
        }
        if with_retrieved:
            data["retrieved"] = [r.to_dict() for r in self.retrieved]
        return data

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(**kwargs), ensure_ascii=False, indent=2, default=str)
