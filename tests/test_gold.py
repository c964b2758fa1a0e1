"""The committed gold files, and the loader's handling of malformed lines."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from qa.eval.gold import CATEGORIES, GoldFormatError, load_gold, parse_question

GOLD_DIR = Path(__file__).parent / "gold"
FILES = ("dev.jsonl", "test.jsonl")
# Tuning sets outside the dev/test split: checked for format and against the pack like the split.
ELIG_WORDS = ("elig_words_dev.jsonl", "elig_words_dev2.jsonl", "elig_words_dev3.jsonl", "elig_words_dev4.jsonl",
              "elig_words_dev5.jsonl", "elig_words_dev6.jsonl", "elig_words_dev7.jsonl",
              "elig_words_dev8.jsonl", "elig_words_dev9.jsonl", "elig_words_dev10.jsonl")
EXTRA_FILES = ("plain_dev2.jsonl", "plain_dev3.jsonl", "plain_dev4.jsonl", "plain_dev5.jsonl", "plain_dev6.jsonl",
               "plain_dev7.jsonl", "plain_dev8.jsonl", "plain_dev9.jsonl", "plain_dev10.jsonl", "plain_dev11.jsonl",
               "plain_dev12.jsonl",
               *ELIG_WORDS)


@pytest.fixture(scope="module")
def gold():
    return {name: load_gold(GOLD_DIR / name) for name in FILES}


@pytest.mark.parametrize("name", FILES)
def test_gold_file_parses_without_errors(gold, name):
    assert [str(e) for e in gold[name].errors] == []
    assert gold[name].questions


def test_gold_size_categories_and_unanswerable_share(gold):
    questions = [q for g in gold.values() for q in g.questions]
    assert len(questions) >= 150
    assert len({q.id for q in questions}) == len(questions), "ids must be unique across splits"
    for name, g in gold.items():
        cats = Counter(q.category for q in g.questions)
        assert set(cats) == set(CATEGORIES), f"{name} lacks {set(CATEGORIES) - set(cats)}"
        assert cats["unanswerable"] / len(g.questions) >= 0.10, name
    assert len(gold["dev.jsonl"].questions) > len(gold["test.jsonl"].questions)


@pytest.mark.parametrize("name", EXTRA_FILES)
def test_extra_gold_file_parses_with_verdicts_and_short_notes(name):
    extra = load_gold(GOLD_DIR / name)
    assert [str(e) for e in extra.errors] == []
    assert extra.questions
    for q in extra.questions:
        assert (q.verdict is not None) == (q.category == "eligibility"), q.id
        assert len(q.notes) < 40, q.id


def test_eligibility_words_ids_unique_across_files():
    ids = [q.id for name in ELIG_WORDS for q in load_gold(GOLD_DIR / name).questions]
    assert len(set(ids)) == len(ids)


def test_eligibility_questions_carry_verdicts(gold):
    for g in gold.values():
        for q in g.questions:
            assert (q.verdict is not None) == (q.category == "eligibility"), q.id
            assert len(q.notes) < 40, q.id


@pytest.mark.pack
def test_gold_facts_verified_against_pack(pack_dir):
    """Every locator exists and every fact group occurs near it (tests/gold/verify.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gold_verify", GOLD_DIR / "verify.py")
    verify = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(verify)
    article = pack_dir.parent / "seed" / "article.txt"
    if not article.is_file():
        pytest.skip(f"seed article not found at {article}")
    texts = verify.load_pack(pack_dir, article)
    problems = []
    for name in FILES + EXTRA_FILES:
        for line in (GOLD_DIR / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            problems += [f"{row['id']}: {p}" for p in verify.check(row, texts)]
    assert problems == []


GOOD = {"id": "x1", "question": "居住证多久签注一次", "category": "national",
        "answer_facts": [["每年"]], "sources": [{"doc": "居住证暂行条例", "locator": "第十条"}],
        "verdict": None, "notes": "每年签注1次"}


def test_malformed_file_reports_line_numbers_and_keeps_good_lines(tmp_path):
    lines = [
        json.dumps(GOOD, ensure_ascii=False),
        "{not json",
        json.dumps({**GOOD, "id": "x2", "category": "weather"}),
        "",
        json.dumps({**GOOD, "id": "x3", "answer_facts": ["每年"]}, ensure_ascii=False),
        json.dumps({k: v for k, v in GOOD.items() if k != "question"} | {"id": "x4"}),
        json.dumps({**GOOD, "id": "x5", "extra_field": 1}, ensure_ascii=False),
        json.dumps(GOOD, ensure_ascii=False),  # duplicate id
        json.dumps({**GOOD, "id": "x6", "category": "unanswerable"}, ensure_ascii=False),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold = load_gold(path)
    assert [q.id for q in gold.questions] == ["x1", "x5"]
    errors = {e.line: e.message for e in gold.errors}
    assert set(errors) == {2, 3, 5, 6, 8, 9}
    assert "invalid JSON" in errors[2]
    assert "'category' must be one of" in errors[3] and "'weather'" in errors[3]
    assert "wrap it in a list" in errors[5]
    assert "missing key(s): question" in errors[6]
    assert "duplicate id 'x1' (first on line 1)" in errors[8]
    assert "unanswerable question must have answer_facts []" in errors[9]
    assert str(gold.errors[0]).startswith(f"{path}:2: ")


@pytest.mark.parametrize("change, message", [
    ({"verdict": "maybe"}, "'verdict' must be null or one of"),
    ({"sources": [{"locator": "第十条"}]}, "'sources'[0] must be an object with 'doc'"),
    ({"sources": [{"doc": "x", "locator": 10}]}, "'sources'[0].locator must be a string or null"),
    ({"answer_facts": [[]]}, "'answer_facts'[0] must be a non-empty list"),
    ({"answer_facts": [], "verdict": None}, "needs answer_facts or a verdict"),
    ({"id": ""}, "'id' must be a non-empty string"),
])
def test_parse_question_errors(change, message):
    with pytest.raises(GoldFormatError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_question({**GOOD, **change})


def test_unreadable_file_raises(tmp_path):
    with pytest.raises(GoldFormatError, match="cannot read gold file"):
        load_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "latin.jsonl"
    bad.write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(GoldFormatError, match="is not UTF-8"):
        load_gold(bad)
