"""The pattern / word-table / weight counter (``python -m qa.eval.patterns``) on small synthetic sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qa.errors import QAError
from qa.eval.patterns import (
    Counts,
    classify_python,
    count_data,
    count_files,
    count_python,
    count_yaml,
    read_files,
    total,
)

REPO = Path(__file__).resolve().parent.parent

PATTERNS = '''\
import re

_PLAIN = re.compile(r"居住证|暂住证")
_LONG = re.compile(r"(办|领)"
                   r"(居住证)"  # a continuation line of the same pattern
                   r"|暂住证")
_PART = r"[一二三]"
_BUILT = re.compile(_PART + r"年")


def f(text):
    word = "x"
    if re.search(r"落户|入户", text):
        return word
    return re.sub(r"\\s+", "", text)
'''

RULES = '''\
import re

_RULES = tuple((name, re.compile(p)) for name, p in (
    ("when", r"什么时候"),
    ("why", r"为什么"),
))
'''


def test_pattern_lines_are_regex_arguments_with_their_continuations_and_named_parts() -> None:
    patterns, tables = classify_python(PATTERNS)
    assert patterns == {3, 4, 5, 6, 7, 8, 13, 15}
    assert not tables
    assert count_python(PATTERNS) == Counts(8, 0, 0)


def test_patterns_reached_through_a_comprehension_are_counted() -> None:
    assert classify_python(RULES)[0] == {4, 5}


def test_word_tables_need_two_chinese_strings_and_win_over_patterns() -> None:
    source = '''\
_ALIASES = {
    "北京市": ("北京", "首都"),
    "上海市": ("上海",),
}
_ONE = ("居住证",)
_ASCII = ("a", "b", "c")
_WORDS = set("的了吗")
_SPLIT = ("什么 哪些 "
          "怎么").split()
QUESTION = "居住证的有效期是多久"
'''
    patterns, tables = classify_python(source)
    assert tables == {2, 3, 7, 8, 9} and not patterns
    mixed = 'import re\n_RE = re.compile("|".join(("居住证", "暂住证")))\n'
    assert classify_python(mixed) == (set(), {2})


def test_numeric_weights() -> None:
    source = '''\
BOOST = 1.5
_LIMIT = 30
NEGATIVE = -2
FLAG = True
lower_case = 0.7
NAME = "x"


def score(x, weight=0.25):
    if x > 10:
        return x * 0.3 + 1.0
    return 0.0
'''
    # BOOST, _LIMIT, NEGATIVE, lower_case's 0.7, the default 0.25 and the 0.3 (not 10, 1.0, 0.0 or True)
    assert count_python(source).weights == 6


def test_a_comment_or_docstring_is_never_counted() -> None:
    source = '"""re.compile(r"居住证") and BOOST = 0.5"""\n# _RE = re.compile("暂住证")  0.3\nX = 1\n'
    assert count_python(source) == Counts(0, 0, 1)


def test_data_files_count_content_lines_and_decimal_numbers() -> None:
    text = "# what the file holds\n\n居住证 12 n\n暂住证\t0.35\t1.5\n  # indented comment\n版本 v2.0.1\n"
    assert count_data(text) == Counts(0, 3, 2)


def test_invalid_python_names_the_problem() -> None:
    with pytest.raises(QAError, match="无法解析"):
        count_python("def broken(:\n")


def test_counts_of_the_answering_code_at_a_git_revision() -> None:
    if subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", "08d7f92^{commit}"], capture_output=True,
                      check=False).returncode != 0:
        pytest.skip("revision 08d7f92 is not in this checkout (a shallow clone)")
    files = read_files("08d7f92", REPO)
    assert "qa/answering/query.py" in files and "qa/rules/facts.py" in files and "qa/data/synonyms.tsv" in files
    assert not any(p.startswith("qa/index/") for p in files)
    counts = count_files(files)
    assert counts["qa/answering/query.py"].patterns > 0 and counts["qa/data/synonyms.tsv"].tables > 0
    assert total(counts).weights == sum(c.weights for c in counts.values())
    with pytest.raises(QAError, match="no-such-rev"):
        read_files("no-such-rev", REPO)


def test_command_line_prints_a_table_and_a_comparison() -> None:
    run = subprocess.run([sys.executable, "-m", "qa.eval.patterns"], capture_output=True, text=True, cwd=REPO,
                         check=False)
    assert run.returncode == 0 and "qa/answering/pipeline.py" in run.stdout and "numeric weights" in run.stdout
    bad = subprocess.run([sys.executable, "-m", "qa.eval.patterns", "--rev", "no-such-rev"], capture_output=True,
                         text=True, cwd=REPO, check=False)
    assert bad.returncode == 2 and "no-such-rev" in bad.stderr


def test_a_yaml_cue_file_counts_its_regular_expressions_not_its_examples() -> None:
    text = (
        "# comment\n"
        "cues:\n"
        "  asks:\n"
        "    captures: a clause that asks\n"
        "    pattern: '什么|哪'\n"
        "    examples: [在哪里办]\n"
        "    counter: [我在北京]\n"
        "kinds:\n"
        "  - kind: fee\n"
        "    pattern: '多少钱'\n"
        "    states: '元'\n"
        "    roles: [penalty]\n"
    )
    assert count_yaml(text) == Counts(3, 1, 0)
