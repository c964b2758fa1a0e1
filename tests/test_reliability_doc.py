"""docs/reliability.md stays true: every row names tests, and every named test exists."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "reliability.md"
_REF = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]`]*\])?`")
_CASE = re.compile(r"`(tests/[\w/]+\.py::\w+\[[^`]*\])`")


def _rows() -> list[tuple[str, list[str]]]:
    """(section, cells) for every data row of every table (header and separator rows excluded)."""
    rows, section, in_format = [], "", False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section, in_format = line[3:].strip(), False
        if line.startswith("Row format"):
            in_format = True  # the example table above the first section
        if not line.startswith("|") or in_format:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "input or fault" or set("".join(cells)) <= set("- :"):
            continue
        rows.append((section, cells))
    return rows


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")}


def test_every_row_has_three_cells_and_a_test() -> None:
    rows = _rows()
    assert rows, "docs/reliability.md has no rows"
    for section, cells in rows:
        assert len(cells) == 3, f"[{section}] row needs 3 cells: {cells}"
        assert cells[0] and cells[1], f"[{section}] empty input or behaviour: {cells}"
        assert _REF.search(cells[2]), f"[{section}] row names no test as `tests/x.py::test_y`: {cells}"


def test_every_named_test_exists() -> None:
    missing = []
    cache: dict[str, set[str]] = {}
    for section, cells in _rows():
        for file, name in _REF.findall(cells[2]):
            path = REPO / file
            if not path.is_file():
                missing.append(f"[{section}] {file} (no such file)")
                continue
            names = cache.setdefault(file, _test_names(path))
            if name not in names:
                missing.append(f"[{section}] {file}::{name}")
    assert not missing, "tests named in docs/reliability.md do not exist:\n" + "\n".join(missing)


def test_every_named_parametrized_case_exists() -> None:
    """A reference to one case (``test_x[id]``) must match a collected test id."""
    cases = {ref for _, cells in _rows() for ref in _CASE.findall(cells[2])}
    if not cases:
        return
    files = sorted({ref.split("::")[0] for ref in cases})
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    collected = set(proc.stdout.split())
    missing = sorted(cases - collected)
    assert not missing, "test cases named in docs/reliability.md are not collected:\n" + "\n".join(missing)
