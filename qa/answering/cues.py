"""The question cues of qa/data/question_cues.yaml, compiled once: the one place that says what a
question asks (its kind, the details it asks for, the roles clauses play).

Both the language layer (qa.answering.query: where the question part of a follow-up starts) and the
understanding step (qa.answering.understand: the kind, parts and flags of a Question) read it, so no
other module keeps its own question words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

CUES_PATH = Path(__file__).resolve().parents[1] / "data" / "question_cues.yaml"
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Kind:
    """One answer kind of the cues file: how a question asks for it and what an answer states.

    ``leads``: the kind is decided before the others, in file order (a question asking why, for a
    comparison or for the source document is that kind whatever else it names).
    """

    name: str
    asked: re.Pattern[str]
    states: re.Pattern[str] | None
    roles: frozenset[str]
    leads: bool = False


@dataclass(frozen=True)
class Cues:
    """The compiled cues file."""

    cues: dict[str, re.Pattern[str]]
    details: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]  # (name, asked, stated)
    kinds: tuple[Kind, ...]  # the leading kinds first, in file order
    roles: dict[str, re.Pattern[str]]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    def kind(self, name: str) -> Kind | None:
        return next((k for k in self.kinds if k.name == name), None)

    def states(self, kind: str) -> re.Pattern[str] | None:
        """What a sentence answering a question of this kind states (None: nothing in particular)."""
        entry = self.kind(kind)
        return entry.states if entry is not None else None

    @cached_property
    def question_part(self) -> re.Pattern[str]:
        """Where the question part of 深圳申领居住证|需要什么条件 starts: a question word or any kind's
        cue (有效期, 为什么, 有什么区别)."""
        return re.compile("|".join([*(k.asked.pattern for k in self.kinds),
                                    self.cues["asks"].pattern]), _FLAGS)


def _pattern(value: str | list[str]) -> str:
    """A pattern written on one line, or as a list of alternatives (one line each)."""
    return "|".join(value) if isinstance(value, list) else value


def _kinds(entries: list[dict[str, Any]], leads: bool) -> tuple[Kind, ...]:
    return tuple(Kind(e["kind"], re.compile(_pattern(e["pattern"]), _FLAGS),
                      re.compile(e["states"], _FLAGS) if e.get("states") else None,
                      frozenset(e.get("roles", ())), leads) for e in entries)


@cache
def cues(path: Path = CUES_PATH) -> Cues:
    """The question cues (compiled once per process)."""
    from qa.yamlfile import parse_yaml

    raw = parse_yaml(path.read_text(encoding="utf-8"))
    return Cues(
        cues={name: re.compile(_pattern(entry["pattern"]), _FLAGS) for name, entry in raw["cues"].items()},
        details=tuple((name, re.compile(e["asked"], _FLAGS), re.compile(e["stated"], _FLAGS))
                      for name, e in raw["service_details"].items()),
        kinds=_kinds(raw["leading_kinds"], True) + _kinds(raw["kinds"], False),
        roles={name: re.compile(e["pattern"], re.MULTILINE) for name, e in raw["clause_roles"].items()},
        raw=raw,
    )

