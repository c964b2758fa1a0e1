"""Count the hand-written patterns, word tables and numeric weights of the answering code.

    python -m qa.eval.patterns [--rev GIT_REV] [--compare GIT_REV] [--json]

Files counted (``SCOPE``): every ``.py`` file under ``qa/answering/``, ``qa/rules/facts.py``,
``qa/rules/facts_registration.py`` and ``qa/rules/slots.py`` (the fact parser, its household-registration
part and its concept-word reader), the gazetteer ``qa/text/places.py``, the
misspelling mender ``qa/text/spelling.py``, the reader of elapsed days ``qa/text/elapsed.py``, and
every data file under ``qa/data/`` and under ``qa/answering/`` (any non-Python file, e.g. question-cue
tables). ``--rev`` reads them from a git revision (``git show REV:path``) instead of the working
tree; ``--compare REV`` prints REV (before) next to the working tree or ``--rev`` (after).

The rules, applied to the source text alone (``ast`` and ``tokenize``, so they are deterministic):

(a) pattern lines, Python: a line counts when a string literal lies on it and it is inside a
    *pattern region*. Pattern regions are the pattern argument (first positional or ``pattern=``)
    of every call ``re.compile / search / match / fullmatch / sub / subn / findall / finditer /
    split``, and, followed transitively from every name used in such a region: the iterable of the
    comprehension or ``for`` loop that binds the name, and the value of each assignment to the name
    in the enclosing function or at module level. Continuation lines of a pattern are counted
    because the whole span of the argument is a region.
(b) table lines, Python: a line counts when a string literal lies on it and it is inside a set,
    tuple, list or dict literal whose own elements (dict keys and values) include at least two
    string constants holding a CJK character, or inside a call ``"<words>".split()`` or
    ``set("<characters>")`` / ``frozenset(...)`` on a string holding a CJK character. A line that
    is both (a) and (b) counts as (b) only.
    Data files: every line that is neither blank nor a comment (first non-space character ``#``);
    in a YAML cue file a line holding a regular expression (``pattern``/``asked``/``stated``/
    ``states``) is a pattern line, and entry names, descriptions (``captures``) and the examples its
    tests check (``examples``, ``counter``) are not counted.
(c) numeric weights, Python: each module-level assignment of an int or float literal (optionally
    negated, not a bool) to an UPPER_CASE name (leading underscores allowed), plus every other
    float literal anywhere in the file except 0.0 and 1.0 (function bodies, default arguments,
    tables). Integers inside functions (indices, counts, lengths) are not counted.
    Data files: every decimal number with a fractional part (``0.35``) on a counted line.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import subprocess
import sys
import tokenize
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.config import REPO_ROOT
from qa.errors import QAError

# Folders and files whose text is counted, relative to the repository root.
SCOPE = ("qa/answering", "qa/rules/facts.py", "qa/rules/facts_registration.py", "qa/rules/slots.py",
         "qa/text/places.py", "qa/text/spelling.py", "qa/text/elapsed.py",
         "qa/data")
RE_FUNCTIONS = frozenset({"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"})
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UPPER = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
_DATA_FLOAT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


@dataclass(frozen=True)
class Counts:
    """What one file holds."""

    patterns: int = 0
    tables: int = 0
    weights: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.patterns + other.patterns, self.tables + other.tables, self.weights + other.weights)


# -- Python sources ------------------------------------------------------------------------------
def _string_lines(source: str) -> set[int]:
    """Line numbers on which a string literal (or a part of an f-string) lies."""
    lines: set[int] = set()
    kinds = {tokenize.STRING} | {getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
                                  if hasattr(tokenize, n)}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in kinds:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def _span(node: ast.AST) -> set[int]:
    return set(range(node.lineno, (node.end_lineno or node.lineno) + 1))


def _is_cjk_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_CJK.search(node.value))


def _is_re_call(node: ast.AST) -> bool:
    func = getattr(node, "func", None)
    return (isinstance(node, ast.Call) and isinstance(func, ast.Attribute) and func.attr in RE_FUNCTIONS
            and isinstance(func.value, ast.Name) and func.value.id == "re")


def _pattern_argument(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    return next((kw.value for kw in call.keywords if kw.arg == "pattern"), None)


def _bound_names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


class _Resolver:
    """Follows the names used in a pattern region to the expressions that give them their value."""

    def __init__(self, tree: ast.Module) -> None:
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.tree = tree

    def _assigned_values(self, scope: ast.AST, name: str) -> list[ast.AST]:
        """Values assigned to ``name`` directly in ``scope``'s body (not in nested functions)."""
        values = []
        stack = list(getattr(scope, "body", []))
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            if ((isinstance(node, ast.Assign) and any(name in _bound_names(t) for t in node.targets))
                    or (isinstance(node, ast.AnnAssign) and node.value is not None
                        and name in _bound_names(node.target))):
                values.append(node.value)
            stack.extend(ast.iter_child_nodes(node))
        return values

    def sources(self, name: ast.Name) -> list[ast.AST]:
        """Expressions that give ``name`` its value: a binding comprehension's or loop's iterable,
        else assignments in the enclosing function, else module-level assignments."""
        node: ast.AST | None = name
        function = None
        while node is not None:
            node = self.parent.get(node)
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                for gen in node.generators:
                    if name.id in _bound_names(gen.target):
                        return [gen.iter]
            elif isinstance(node, (ast.For, ast.AsyncFor)) and name.id in _bound_names(node.target):
                return [node.iter]
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and function is None:
                function = node
                found = self._assigned_values(node, name.id)
                if found:
                    return found
        return self._assigned_values(self.tree, name.id)

    def regions(self, start: ast.AST) -> list[ast.AST]:
        """``start`` and every expression reached from the names in it."""
        out, seen, todo = [], set(), [start]
        while todo:
            expr = todo.pop()
            if id(expr) in seen:
                continue
            seen.add(id(expr))
            out.append(expr)
            for node in ast.walk(expr):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    todo.extend(self.sources(node))
        return out


def _table_nodes(tree: ast.Module) -> list[ast.AST]:
    tables = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            elements = node.elts
        elif isinstance(node, ast.Dict):
            elements = [*node.keys, *node.values]
        elif isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "split" and _is_cjk_str(node.func.value))
                or (isinstance(node.func, ast.Name) and node.func.id in ("set", "frozenset")
                    and len(node.args) == 1 and _is_cjk_str(node.args[0]))):
            tables.append(node)
            continue
        else:
            continue
        if sum(_is_cjk_str(e) for e in elements) >= 2:
            tables.append(node)
    return tables


def _weights(tree: ast.Module) -> int:
    counted: set[int] = set()
    total = 0
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            names, value = [t for t in stmt.targets if isinstance(t, ast.Name)], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            names, value = [stmt.target], stmt.value
        else:
            continue
        number = value.operand if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub) else value
        if (any(_UPPER.match(n.id) for n in names) and isinstance(number, ast.Constant)
                and isinstance(number.value, (int, float)) and not isinstance(number.value, bool)):
            total += 1
            counted.add(id(number))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and type(node.value) is float and node.value not in (0.0, 1.0)
                and id(node) not in counted):
            total += 1
    return total


def _parse(source: str) -> tuple[ast.Module, set[int]]:
    try:
        return ast.parse(source), _string_lines(source)
    except (SyntaxError, tokenize.TokenError) as exc:
        raise QAError(f"无法解析 Python 源码：{exc}") from exc


def classify_python(source: str) -> tuple[set[int], set[int]]:
    """The line numbers counted as (a) pattern lines and (b) table lines of one Python source text.

    Raises:
        QAError: the text is not valid Python.
    """
    tree, strings = _parse(source)
    resolver = _Resolver(tree)
    pattern_lines: set[int] = set()
    for node in ast.walk(tree):
        if _is_re_call(node) and (argument := _pattern_argument(node)) is not None:
            for region in resolver.regions(argument):
                pattern_lines |= _span(region)
    table_lines: set[int] = set()
    for node in _table_nodes(tree):
        table_lines |= _span(node)
    table_lines &= strings
    return (pattern_lines & strings) - table_lines, table_lines


def count_python(source: str) -> Counts:
    """Pattern lines, table lines and numeric weights of one Python source text (rules in the module doc).

    Raises:
        QAError: the text is not valid Python.
    """
    patterns, tables = classify_python(source)
    return Counts(len(patterns), len(tables), _weights(_parse(source)[0]))


def count_data(text: str) -> Counts:
    """Table lines and decimal weights of one data file: lines that are neither blank nor ``#`` comments."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return Counts(0, len(lines), sum(len(_DATA_FLOAT.findall(line)) for line in lines))


# Keys of a YAML cue file whose value is a regular expression, and keys that only document an entry
# or hold the examples its test checks (neither is a pattern nor a table).
_YAML_PATTERN_KEY = re.compile(r"^\s*(?:-\s*)?(?:pattern|asked|stated|states)\s*:")
_YAML_DOC_KEY = re.compile(r"^\s*(?:-\s*)?(?:captures|examples|counter|kind)\s*:|^\s*[\w\u4e00-\u9fff]+\s*:\s*$")


def count_yaml(text: str) -> Counts:
    """Pattern lines of a YAML cue file: the lines holding a regular expression; other content lines
    (role lists) are table lines; entry names, descriptions and test examples are not counted."""
    patterns = tables = 0
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _YAML_PATTERN_KEY.match(line):
            patterns += 1
        elif not _YAML_DOC_KEY.match(line):
            tables += 1
    return Counts(patterns, tables, 0)


def count_file(path: str, text: str) -> Counts:
    if path.endswith(".py"):
        return count_python(text)
    return count_yaml(text) if path.endswith((".yaml", ".yml")) else count_data(text)


# -- reading the files ----------------------------------------------------------------------------
def _in_scope(path: str) -> bool:
    if "__pycache__" in path.split("/"):
        return False
    if path in SCOPE or path.startswith("qa/data/"):
        return True
    return path.startswith("qa/answering/")


def _git(args: list[str], repo: Path) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise QAError(f"git {' '.join(args)} 失败：{proc.stderr.strip()}；请给出存在的提交（如 08d7f92 或 HEAD）")
    return proc.stdout


def read_files(rev: str | None = None, repo: Path = REPO_ROOT) -> dict[str, str]:
    """The texts of the files in ``SCOPE``, from the working tree or from git revision ``rev``.

    Raises:
        QAError: ``rev`` is not a revision of the repository.
    """
    if rev is None:
        paths = []
        for entry in SCOPE:
            root = repo / entry
            candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
            paths += [p.relative_to(repo).as_posix() for p in candidates]
        return {p: (repo / p).read_text(encoding="utf-8") for p in paths if _in_scope(p)}
    names = _git(["ls-tree", "-r", "--name-only", rev, "--", *SCOPE], repo).splitlines()
    return {p: _git(["show", f"{rev}:{p}"], repo) for p in sorted(names) if _in_scope(p)}


def count_files(files: dict[str, str]) -> dict[str, Counts]:
    return {path: count_file(path, text) for path, text in sorted(files.items())}


def total(counts: dict[str, Counts]) -> Counts:
    return sum(counts.values(), Counts())


# -- command line -----------------------------------------------------------------------------------
def _table(counts: dict[str, Counts], label: str) -> str:
    rows = [f"{'file (' + label + ')':<34} {'patterns':>9} {'tables':>7} {'weights':>8}"]
    for path, c in counts.items():
        rows.append(f"{path:<34} {c.patterns:>9} {c.tables:>7} {c.weights:>8}")
    t = total(counts)
    rows.append(f"{'total':<34} {t.patterns:>9} {t.tables:>7} {t.weights:>8}")
    rows.append(f"pattern + table lines: {t.patterns + t.tables}; numeric weights: {t.weights}")
    return "\n".join(rows)


def _comparison(before: dict[str, Counts], after: dict[str, Counts], labels: tuple[str, str]) -> str:
    def cell(c: Counts | None, field: str) -> str:
        return "-" if c is None else str(getattr(c, field))

    rows = [f"before = {labels[0]}, after = {labels[1]}",
            f"{'file':<34} {'patterns':>13} {'tables':>13} {'weights':>13}"]
    for path in sorted(set(before) | set(after)):
        b, a = before.get(path), after.get(path)
        rows.append(f"{path:<34} " + " ".join(f"{cell(b, f):>5} → {cell(a, f):<5}"
                                              for f in ("patterns", "tables", "weights")))
    tb, ta = total(before), total(after)
    rows.append(f"{'total':<34} " + " ".join(f"{getattr(tb, f):>5} → {getattr(ta, f):<5}"
                                             for f in ("patterns", "tables", "weights")))
    rows.append(f"pattern + table lines: {tb.patterns + tb.tables} → {ta.patterns + ta.tables}; "
                f"numeric weights: {tb.weights} → {ta.weights}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.eval.patterns",
                                     description="Count pattern lines, word-table lines and numeric weights "
                                                 "of the answering code (rules: the module docstring).")
    parser.add_argument("--rev", help="read the files from this git revision instead of the working tree")
    parser.add_argument("--compare", metavar="REV", help="print REV (before) next to the working tree or --rev")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    try:
        after = count_files(read_files(args.rev))
        before = count_files(read_files(args.compare)) if args.compare else None
    except QAError as exc:
        print(exc, file=sys.stderr)
        return 2
    label = args.rev or "working tree"
    if args.json:
        data = {"after" if before is not None else label: {p: asdict(c) for p, c in after.items()}}
        if before is not None:
            data["before"] = {p: asdict(c) for p, c in before.items()}
        print(json.dumps(data, indent=1))
    elif before is not None:
        print(_comparison(before, after, (args.compare, label)))
    else:
        print(_table(after, label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
