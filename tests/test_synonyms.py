"""The synonym table qa/data/synonyms.tsv: it loads, its triggers compile, its terms are specific,
and plain questions get the drafting words the documents use."""

from __future__ import annotations

import re

import pytest

from qa.answering.query import SYNONYMS_PATH, _load_synonyms, understand

# One-character triggers kept on purpose: each is a whole word in a question (娃 child, 罚 fine, 够 enough).
SHORT_OK = {"娃", "罚", "够"}
# Words in (nearly) every document: as expansion terms they match everything and dilute the query.
UBIQUITOUS = {"居住证", "居住", "办理", "规定", "申领", "条例"}


def _rows() -> list[tuple[int, str, list[str]]]:
    rows = []
    for number, line in enumerate(SYNONYMS_PATH.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            trigger, _, terms = line.partition("\t")
            rows.append((number, trigger, terms.split()))
    return rows


def _top_level_alternatives(trigger: str) -> list[str]:
    """The alternatives of ``a|b(?:c|d)|e`` at depth 0: a, b(?:c|d), e."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(trigger):
        if ch == "(" and (i == 0 or trigger[i - 1] != "\\"):
            depth += 1
        elif ch == ")" and (i == 0 or trigger[i - 1] != "\\"):
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(trigger[start:i])
            start = i + 1
    parts.append(trigger[start:])
    return parts


def test_table_loads() -> None:
    table = _load_synonyms()
    assert len(table) == len(_rows()) > 50
    assert all(isinstance(p, re.Pattern) and terms for p, terms in table)


@pytest.mark.parametrize(("number", "trigger", "terms"), _rows())
def test_line_is_well_formed(number: int, trigger: str, terms: list[str]) -> None:
    re.compile(trigger)
    assert terms, f"line {number}: no expansion terms"
    assert not UBIQUITOUS & set(terms), f"line {number}: ubiquitous expansion term"
    assert not re.search(trigger, ""), f"line {number}: trigger matches the empty string"
    for alternative in _top_level_alternatives(trigger):  # one character fires on too many questions
        assert len(alternative) >= 2 or alternative in SHORT_OK, f"line {number}: {alternative!r} too short"


@pytest.mark.parametrize(("question", "expected"), [
    ("房东要帮租客登记吗", ["房屋出租人"]),
    ("孩子没满十六岁能办居住证吗", ["未满十六周岁", "监护人"]),
    ("单位要不要帮忙办居住证", ["协助"]),
    ("居住证是哪个部门发的", ["签发", "公安机关"]),
    ("南京居住证是哪一级公安发的", ["签发"]),
    ("居住证归哪个部门管", ["负责", "主管"]),
    ("办居住证要带哪些东西", ["提交", "证明材料"]),
    ("居住证卡面上印着哪些信息", ["登载"]),
    ("在这边能换身份证吗", ["居民身份证"]),
    ("派出所乱收费怎么办", ["收取费用", "违反有关规定"]),
    ("派出所不给办怎么办", ["拒绝受理"]),
    ("以前办的旧证还能用吗", ["继续有效", "有效期"]),
    ("这个办法什么时候开始实行", ["施行"]),
    ("具体办法谁来定", ["制定"]),
    ("服务的钱从哪里出", ["财政", "预算", "经费"]),
    ("居住证坏了看不清", ["损坏", "难以辨认", "换领"]),
    ("武汉居住证弄脏了怎么换", ["污损"]),
    ("第一次办要钱吗", ["首次", "工本费"]),
    ("签注要不要交钱", ["收取费用"]),
    ("小孩生下来多久要上户口", ["出生登记"]),
    ("改名字去哪办", ["变更姓名"]),
    ("户口迁走要办什么手续", ["迁出"]),
    ("在外面打工超过三个月户口怎么办", ["外出", "暂住"]),
    ("郑州居住证能当银行卡用吗", ["金融服务"]),
    ("警察能查我的居住证吗", ["查验"]),
    ("搬家后几天内要去登记", ["日内"]),
])
def test_plain_question_gets_drafting_words(question: str, expected: list[str]) -> None:
    q = understand(question)
    for term in expected:
        assert term in q.expansions or term in q.text, (question, q.expansions)


@pytest.mark.parametrize(("question", "absent"), [
    ("北京居住证在哪些情况下会被注销", ["居住证受理点"]),  # 在哪些 is not 在哪 (a place)
    ("郑州租客搬走了房东要干嘛", ["死亡登记"]),  # 搬走了 is not a death
    ("上海积分落户要几年社保", ["户口迁入"]),  # a drafting word needs no four siblings
])
def test_no_false_trigger(question: str, absent: list[str]) -> None:
    q = understand(question)
    for term in absent:
        assert term not in q.expansions, (question, q.expansions)
