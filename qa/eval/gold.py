"""Load a gold question file (JSON Lines) and validate every line.

A bad line never stops the load: it becomes a :class:`GoldLineError` (line number and what is
wrong) and the good lines are returned. The schema is described in ``tests/gold/README.md``::

    {"id": "...", "question": "...", "category": "history|…|unanswerable",
     "answer_facts": [["12个月", "十二个月"], ["18个月"]],
     "sources": [{"doc": "深圳经济特区居住证条例", "locator": "第十九条"}],
     "verdict": null, "notes": "…"}

Extra keys are allowed (other tools may add fields); missing or mistyped ones are errors.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import QAError

log = logging.getLogger(__name__)

CATEGORIES = ("history", "eligibility", "benefits", "hukou", "comparison", "national",
              "reasoning", "unanswerable")
VERDICTS = ("eligible", "ineligible", "insufficient_info")
REQUIRED = ("id", "question", "category", "answer_facts", "sources")


class GoldFormatError(QAError):
    """One gold line does not follow the schema (the message says what is wrong)."""


@dataclass(frozen=True)
class GoldQuestion:
    """One validated gold question."""

    id: str
    question: str
    category: str
    answer_facts: tuple[tuple[str, ...], ...]
    sources: tuple[dict[str, str | None], ...]
    verdict: str | None = None
    notes: str = ""
    line: int = 0

    @property
    def unanswerable(self) -> bool:
        return self.category == "unanswerable"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "category": self.category,
            "answer_facts": [list(g) for g in self.answer_facts],
            "sources": [dict(s) for s in self.sources],
            "verdict": self.verdict,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class GoldLineError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class GoldSet:
    """The questions that parsed and the errors of the lines that did not."""

    questions: list[GoldQuestion] = field(default_factory=list)
    errors: list[GoldLineError] = field(default_factory=list)

    def extend(self, other: GoldSet) -> None:
        seen = {q.id for q in self.questions}
        for q in other.questions:
            if q.id in seen:
                self.errors.append(GoldLineError("(merged)", q.line, f"duplicate id {q.id!r}"))
                continue
            seen.add(q.id)
            self.questions.append(q)
        self.errors.extend(other.errors)


def parse_question(data: Any, line: int = 0) -> GoldQuestion:
    """Validate one decoded JSON value.

    Raises:
        GoldFormatError: naming the first field that is missing or wrong.
    """
    if not isinstance(data, dict):
        raise GoldFormatError(f"expected a JSON object, got {type(data).__name__}")
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise GoldFormatError(f"missing key(s): {', '.join(missing)}")
    qid, question, category = data["id"], data["question"], data["category"]
    if not isinstance(qid, str) or not qid.strip():
        raise GoldFormatError(f"'id' must be a non-empty string, got {qid!r}")
    if not isinstance(question, str) or not question.strip():
        raise GoldFormatError(f"'question' must be a non-empty string, got {question!r}")
    if category not in CATEGORIES:
        raise GoldFormatError(f"'category' must be one of {'|'.join(CATEGORIES)}, got {category!r}")
    facts = _parse_facts(data["answer_facts"])
    sources = _parse_sources(data["sources"])
    verdict = data.get("verdict")
    if verdict is not None and verdict not in VERDICTS:
        raise GoldFormatError(f"'verdict' must be null or one of {'|'.join(VERDICTS)}, got {verdict!r}")
    notes = data.get("notes") or ""
    if not isinstance(notes, str):
        raise GoldFormatError(f"'notes' must be a string, got {type(notes).__name__}")
    if category == "unanswerable" and (facts or sources):
        raise GoldFormatError("an unanswerable question must have answer_facts [] and sources []")
    if category != "unanswerable" and not facts and verdict is None:
        raise GoldFormatError("an answerable question needs answer_facts or a verdict")
    return GoldQuestion(id=qid, question=question, category=category, answer_facts=facts,
                        sources=sources, verdict=verdict, notes=notes, line=line)


def _parse_facts(value: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        raise GoldFormatError(f"'answer_facts' must be a list of lists of strings, got {value!r}")
    groups = []
    for i, group in enumerate(value):
        if isinstance(group, str):
            raise GoldFormatError(
                f"'answer_facts'[{i}] is the string {group!r}; wrap it in a list: [{group!r}]")
        if not isinstance(group, list) or not group:
            raise GoldFormatError(f"'answer_facts'[{i}] must be a non-empty list, got {group!r}")
        if not all(isinstance(a, str) and a.strip() for a in group):
            raise GoldFormatError(f"'answer_facts'[{i}] must hold non-empty strings, got {group!r}")
        groups.append(tuple(group))
    return tuple(groups)


def _parse_sources(value: Any) -> tuple[dict[str, str | None], ...]:
    if not isinstance(value, list):
        raise GoldFormatError(f"'sources' must be a list of {{doc, locator}} objects, got {value!r}")
    out = []
    for i, src in enumerate(value):
        if not isinstance(src, dict) or "doc" not in src:
            raise GoldFormatError(f"'sources'[{i}] must be an object with 'doc', got {src!r}")
        doc, loc = src["doc"], src.get("locator")
        if not isinstance(doc, str) or not doc.strip():
            raise GoldFormatError(f"'sources'[{i}].doc must be a non-empty string, got {doc!r}")
        if loc is not None and (not isinstance(loc, str) or not loc.strip()):
            raise GoldFormatError(f"'sources'[{i}].locator must be a string or null, got {loc!r}")
        out.append({"doc": doc, "locator": loc})
    return tuple(out)


def parse_lines(lines: list[str], path: str = "<gold>") -> GoldSet:
    """Validate JSON Lines text; blank lines are skipped, bad lines recorded."""
    gold = GoldSet()
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            gold.errors.append(GoldLineError(path, lineno, f"invalid JSON: {exc.msg} (column {exc.colno})"))
            continue
        try:
            q = parse_question(data, lineno)
        except GoldFormatError as exc:
            gold.errors.append(GoldLineError(path, lineno, str(exc)))
            continue
        if q.id in seen:
            gold.errors.append(GoldLineError(path, lineno, f"duplicate id {q.id!r} (first on line {seen[q.id]})"))
            continue
        seen[q.id] = lineno
        gold.questions.append(q)
    return gold


def load_gold(path: str | Path) -> GoldSet:
    """Load one gold file.

    Raises:
        GoldFormatError: when the file cannot be read at all (missing, not UTF-8).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GoldFormatError(f"cannot read gold file {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise GoldFormatError(f"gold file {p} is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    gold = parse_lines(text.splitlines(), str(p))
    log.info("gold %s: %d questions, %d bad lines", p, len(gold.questions), len(gold.errors))
    return gold
