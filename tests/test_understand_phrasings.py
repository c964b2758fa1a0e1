"""How the understanding step reads users' phrasings (tests/understand_cases.yaml).

Each case checks only the fields it gives; the YAML's header says how each field is compared.
The document titles come from the repository's own catalog (corpus/catalog.json), so no pack is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from qa.answering.titles import TitleIndex
from qa.answering.understand import KINDS, understand

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "understand_cases.yaml"
CATALOG = HERE.parent / "corpus" / "catalog.json"

FIELDS = {"q", "history", "kind", "places", "unknown_places", "parts", "part_kinds", "part_details",
          "named", "named_include", "target", "facts", "case", "version_year", "unit", "why", "known_gap"}

CASES: list[dict] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
CATALOG_FILES = {entry["file"] for entry in json.loads(CATALOG.read_text(encoding="utf-8"))}


def _case_id(index: int, case: dict) -> str:
    return f"{index:03d}-{case['q'][:16]}"


@pytest.fixture(scope="module")
def titles() -> TitleIndex:
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    return TitleIndex([{**entry, "doc_id": entry["file"]} for entry in catalog])


def test_cases_file_is_well_formed() -> None:
    """A misspelt key or kind would silently check nothing, so the file itself is checked."""
    questions = [case["q"] for case in CASES]
    assert len(CASES) >= 160
    assert len(set(questions)) == len(questions), "a question appears twice"
    for case in CASES:
        assert set(case) <= FIELDS, f"{case['q']}: unknown keys {set(case) - FIELDS}"
        assert case.get("kind") in KINDS, f"{case['q']}: kind {case.get('kind')!r} is not in KINDS"
        for kind in case.get("part_kinds") or []:
            assert kind is None or kind in KINDS, f"{case['q']}: part kind {kind!r} is not in KINDS"
        for name in (case.get("named") or []) + (case.get("named_include") or []):
            assert name in CATALOG_FILES, f"{case['q']}: {name} is not in corpus/catalog.json"
        for key in ("part_kinds", "part_details"):
            if key in case:
                assert len(case[key]) == case.get("parts"), f"{case['q']}: {key} needs `parts`"


def _mismatches(case: dict, q) -> list[str]:
    """Every field the case gives that the reading gets wrong, as 'field: expected …, got …'."""
    bad: list[str] = []

    def check(field: str, ok: bool, expected, got) -> None:
        if not ok:
            bad.append(f"{field}: expected {expected!r}, got {got!r}")

    part_kinds = {k for k in case.get("part_kinds") or [] if k} | {case["kind"]}
    if case.get("parts", 1) > 1:
        # Nothing says which part's kind a question of several takes, so any of them will do.
        check("kind", q.kind in part_kinds, f"one of {sorted(part_kinds)}", q.kind)
    else:
        check("kind", q.kind == case["kind"], case["kind"], q.kind)
    if "places" in case:
        want, got = case["places"], tuple(q.places)
        if not want:
            check("places", got == (), (), got)
        elif len(want) == 1:
            check("places", bool(got) and got[0] == want[0] and set(want) <= set(got),
                  f"{want[0]} first (its province may follow)", got)
        else:
            check("places", set(want) <= set(got), f"all of {want} (any order)", got)
    if "unknown_places" in case:
        want, got = case["unknown_places"], tuple(q.unknown_places)
        check("unknown_places", set(want) <= set(got) if want else got == (),
              want if want else (), got)
    if "parts" in case:
        check("parts", len(q.parts) == case["parts"], case["parts"],
              [(p.text, p.kind) for p in q.parts])
        if len(q.parts) == case["parts"]:
            for key, attr in (("part_kinds", "kind"), ("part_details", "detail")):
                for i, want in enumerate(case.get(key) or []):
                    got = getattr(q.parts[i], attr)
                    if want is not None:
                        check(f"parts[{i}].{attr}", got == want, want, got)
    if "named" in case:
        check("named_documents", q.named_documents == frozenset(case["named"]),
              sorted(case["named"]), sorted(q.named_documents))
    if "named_include" in case:
        check("named_documents", set(case["named_include"]) <= q.named_documents,
              f"including {case['named_include']}", sorted(q.named_documents))
    if "target" in case:
        check("facts.target", q.facts.target == case["target"], case["target"], q.facts.target)
    for name, want in (case.get("facts") or {}).items():
        got = q.facts.facts.get(name, "<absent>")
        check(f"facts.facts[{name}]", got == want, want, got)
    if "case" in case:
        check("case", q.case == case["case"], case["case"], q.case)
    if "version_year" in case:
        check("version_year", q.version_year == case["version_year"], case["version_year"],
              q.version_year)
    if "unit" in case:
        check("unit", q.unit == case["unit"], case["unit"], q.unit)
    return bad


def _param(index: int, case: dict):
    """A case the understanding step is known to get wrong is a strict xfail: it fails loudly once fixed."""
    marks = [pytest.mark.xfail(reason=case["known_gap"], strict=True)] if case.get("known_gap") else []
    return pytest.param(case, id=_case_id(index, case), marks=marks)


@pytest.mark.parametrize("case", [_param(i, c) for i, c in enumerate(CASES)])
def test_phrasing(case: dict, titles: TitleIndex) -> None:
    history = [tuple(turn) for turn in case["history"]] if case.get("history") else None
    q = understand(case["q"], history=history, titles=titles)
    bad = _mismatches(case, q)
    assert not bad, f"{case['q']!r}\n  " + "\n  ".join(bad)
