"""The eligibility inventory: every entitlement a pack document sets conditions for, modelled or not.

    corpus/eligibility.yaml ─┐
    corpus/rules/*.yaml ─────┼─ build() ─▶ [Row] ─ render() ─▶ docs/eligibility.md
    corpus/catalog.json ─────┘                └─ unmodelled(place, target) ─▶ for the checker's answer

``python -m qa.rules.inventory`` writes docs/eligibility.md; ``--check`` exits 1 when the committed
file differs from what the data gives (the test suite runs the same comparison).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qa.config import DEFAULT_CORPUS_DIR, DEFAULT_RULES_DIR
from qa.errors import RuleError
from qa.rules.engine import load_rules
from qa.rules.model import ARTICLE_FILE, TARGETS, UNMODELLED_TARGETS
from qa.yamlfile import parse_yaml

INVENTORY_FILE = DEFAULT_CORPUS_DIR / "eligibility.yaml"
CATALOG_FILE = DEFAULT_CORPUS_DIR / "catalog.json"
DOC_FILE = Path(__file__).resolve().parents[2] / "docs" / "eligibility.md"
ALL_TARGETS = {**TARGETS, **UNMODELLED_TARGETS}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entitlement(_Strict):
    target: str
    locator: str
    rules: list[str] = Field(default_factory=list)  # rules of other documents that carry it
    note: str | None = None
    reason: str | None = None  # why it is not (fully) modelled


class DocumentEntry(_Strict):
    file: str
    entitlements: list[Entitlement]


@dataclass(frozen=True)
class Row:
    """One line of the inventory table."""

    title: str
    region: str
    file: str
    target: str
    locator: str
    rules: tuple[str, ...]  # "id (version)" of the rules that model it
    reason: str | None
    note: str | None

    @property
    def modelled(self) -> bool:
        return bool(self.rules) and self.reason is None


@lru_cache(maxsize=4)
def _entries(path: Path) -> tuple[DocumentEntry, ...]:
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
        return tuple(DocumentEntry.model_validate(item) for item in raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RuleError(f"invalid eligibility inventory {path}: {exc}") from exc


def _catalog() -> dict[str, dict]:
    """Catalog entries by pack path (catalog.json keys files by name; the inventory by pack path)."""
    try:
        return {item["file"]: item for item in json.loads(CATALOG_FILE.read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"cannot read the catalog {CATALOG_FILE}: {exc}") from exc


def build(inventory: Path | None = None, rules_dir: Path | None = None) -> list[Row]:
    """The inventory rows, checked against the rule data and the catalog.

    Raises:
        RuleError: an unknown target or rule id, an entitlement without rules or reason, a rule
            missing from the inventory, or a catalog document the inventory leaves out.
    """
    entries = _entries(Path(inventory or INVENTORY_FILE))
    book = load_rules(rules_dir or DEFAULT_RULES_DIR)
    by_id = {rule.id: (f, rule) for f in book.files.values() for rule in f.rules}
    catalog = _catalog()
    rows: list[Row] = []
    covered: set[str] = set()
    for entry in entries:
        name = Path(entry.file).name
        meta = catalog.get(name) if entry.file != ARTICLE_FILE else next(
            (m for m in catalog.values() if m.get("kind") == "article"), None)
        if meta is None:
            raise RuleError(f"inventory names {entry.file}, which corpus/catalog.json does not list")
        for item in entry.entitlements:
            if item.target not in ALL_TARGETS:
                raise RuleError(f"{entry.file}: unknown target {item.target!r}; expected one of {sorted(ALL_TARGETS)}")
            own = [rule.id for f, rule in by_id.values() if rule.target == item.target
                   and any(d.file == entry.file for key, d in f.documents.items() if key == rule.doc)]
            for rule_id in item.rules:
                if rule_id not in by_id:
                    raise RuleError(f"{entry.file}: unknown rule id {rule_id!r}")
            ids = list(dict.fromkeys(own + item.rules))
            if not ids and item.reason is None:
                raise RuleError(f"{entry.file}: {item.target} ({item.locator}) has no rule and no reason")
            covered.update(ids)
            rows.append(Row(title=meta["title"], region=meta.get("region", "全国"), file=entry.file,
                            target=item.target, locator=item.locator,
                            rules=tuple(f"{i} ({by_id[i][1].version})" for i in ids),
                            reason=item.reason, note=item.note))
    missing_rules = sorted(set(by_id) - covered)
    if missing_rules:
        raise RuleError(f"rules missing from the inventory: {missing_rules}")
    listed = {Path(e.file).name for e in entries}
    left_out = sorted(n for n, m in catalog.items() if m.get("kind") != "article" and n not in listed)
    if left_out:
        raise RuleError(f"catalog documents missing from the inventory: {left_out}")
    return rows


def counts(rows: list[Row]) -> tuple[int, int, int]:
    """(documents, modelled entitlements, unmodelled entitlements)."""
    return (len({r.file for r in rows}), sum(r.modelled for r in rows), sum(not r.modelled for r in rows))


def render(rows: list[Row]) -> str:
    """docs/eligibility.md: counts, then one table row per document and entitlement."""
    documents, modelled, unmodelled = counts(rows)
    lines = [
        "# Eligibility inventory",
        "",
        "Generated by `python -m qa.rules.inventory` from `corpus/eligibility.yaml` (what each document",
        "attaches conditions to), the rule data in `corpus/rules/` and `corpus/catalog.json`. Do not edit",
        "by hand; a test checks this file equals the generated one.",
        "",
        f"{documents} documents; {modelled + unmodelled} conditional entitlements: {modelled} modelled, "
        f"{unmodelled} not (or not fully) modelled.",
        "A row is modelled when a rule decides it; when some of its conditions are not modelled, the row",
        "names the rule and says what is left out. The checker answers a question about an unmodelled",
        "entitlement with 文件对此规定了条件，但尚未建模 and the article.",
        "",
        "| document | region | entitlement | articles | modelled by (rule, version) | not modelled: reason / note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        rules = "<br>".join(row.rules) if row.rules else "–"
        why = row.reason or (f"（{row.note}）" if row.note else "")
        status = "" if row.modelled else "**not modelled** "
        lines.append(f"| {row.title} | {row.region} | {ALL_TARGETS[row.target]} (`{row.target}`) | "
                     f"{row.locator} | {rules} | {status + why if status else why} |")
    return "\n".join(lines) + "\n"


def unmodelled(places: list[str], target: str) -> list[Row]:
    """Unmodelled rows for ``target`` from documents of any of ``places`` (e.g. [深圳市, 全国])."""
    try:
        rows = _default_rows()
    except RuleError:
        return []
    return [r for r in rows if r.target == target and r.reason is not None and r.region in places]


@lru_cache(maxsize=1)
def _default_rows() -> tuple[Row, ...]:
    # The packaged inventory, rules and catalog do not change while the product runs, and a person's
    # case may look here for each place of its chain: the rows are built once (a failure is not kept).
    return tuple(build())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or --check) docs/eligibility.md.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is stale")
    parser.add_argument("--out", type=Path, default=DOC_FILE)
    args = parser.parse_args(argv)
    try:
        text = render(build())
    except RuleError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale; run python -m qa.rules.inventory", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    documents, modelled, unmodelled_count = counts(build())
    print(f"{args.out}: {documents} documents, {modelled} modelled, {unmodelled_count} not modelled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
