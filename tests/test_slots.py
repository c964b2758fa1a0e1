"""Concept words (qa/data/fact_concepts.yaml, read by qa.rules.slots): amounts and negations find their fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.errors import RuleError
from qa.rules import slots
from qa.rules.facts import parse_question
from qa.rules.model import FACTS, Between, Under


def test_every_concept_names_known_facts_and_no_word_twice() -> None:
    table = slots.load_concepts()
    seen: dict[str, str] = {}
    for name, concept in table.concepts.items():
        for fact in (concept.duration, concept.also, concept.flag):
            assert fact is None or fact in FACTS, (name, fact)
        for word in (*concept.words, *concept.weak):
            assert word not in seen, f"{word} is in {seen.get(word)} and {name}"
            seen[word] = name
    assert not set(table.negations) & set(table.not_negations)


def test_a_broken_table_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "concepts.yaml"
    bad.write_text("concepts:\n  x:\n    captures: c\n    words: [住]\n    colour: red\n"
                   "negations: []\nnot_negations: []\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"concepts\.yaml"):
        slots.load_concepts(bad)


def _read(text: str) -> list[tuple[str, str, bool]]:
    return [(m.concept, text[m.start:m.end], m.negated) for m in slots.mentions(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # the longest word wins: 居住证 is a permit, not 居住 + 证
    ("居住证办了三年", [("permit", "居住证", False)]),
    # a negation governs the concept word after it …
    ("没有劳动合同", [("contract", "劳动合同", True)]),
    # … or, when only a verb follows it, the word before it
    ("合同还没签", [("contract", "合同", True)]),
    ("暂住登记一直没去办", [("registration", "暂住登记", True)]),
    # 公司没有集体户口: the negation is of the 集体户口, not of the job
    ("公司没有集体户口", [("work", "公司", False), ("collective_hukou", "集体户口", True)]),
    # 没在 (a negated place) reaches what is done there, to the clause end
    ("我也没在人力资源中介机构挂集体户", [("residence", "在", False), ("collective_hukou", "集体户", True)]),
    # question forms and shortfalls are no negation
    ("有没有劳动合同", [("contract", "劳动合同", False)]),
    ("社保没断过", [("social_insurance", "社保", False)]),
    # a negation never reaches into another clause
    ("没有房子，在工厂上班", [("housing", "有房", True), ("residence", "在", False), ("work", "工厂", False),
                             ("work", "上班", False)]),
])
def test_mentions_and_their_negations(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(("text", "amount", "concept"), [
    ("社保交了一年", "一年", "social_insurance"),          # the word before it
    ("一年半的社保", "一年半", "social_insurance"),          # a word joined by 的
    ("打算在这住两年", "两年", "plan"),                      # a plan wins over the nearer 住
    ("住了一年社保交了半年有劳动合同", "半年", "social_insurance"),  # before it, not the contract after it
    ("公司给交了一年半的社保", "一年半", "social_insurance"),   # joined to the 社保, not the 公司 before it
    ("在深圳两年了", "两年", "residence"),                   # only a weak word: 在
    ("合同签了三年", "三年", "contract"),                    # a contract's length, no time lived
])
def test_an_amount_goes_to_the_nearest_concept(text: str, amount: str, concept: str) -> None:
    found = slots.mentions(text)
    start = text.index(amount)
    near = slots.nearest(found, start, start + len(amount), 0, len(text), text)
    assert near is not None and near.concept == concept


@pytest.mark.parametrize(("text", "expected"), [
    ("有劳动合同", {"employed": True}),
    ("在工厂打工，没签合同", {"employed": False}),       # the "no" wins over the plain mention
    ("失业了", {"employed": False}),                     # a concept whose plain statement is "no"
    ("没有犯罪记录", {"clean_record": True}),             # … negated: "yes"
    ("没买房，住在爸妈买的房子里", {"housing_proof": True}),  # 没买房: one way among several, says nothing
    ("没在杭州住了", {"still_resident": False}),          # read only when negated
    ("在杭州住了一年", {}),
])
def test_flags(text: str, expected: dict[str, bool]) -> None:
    assert {fact: value for fact, (value, _) in slots.flags(text).items()} == expected


# Phrasings read by the concept table (each checked with the facts it must give).
PHRASINGS = [
    ("一年半的社保，两年的居住，深圳居住证能办吗", {"social_insurance_months": 18, "residence_months": 24}),
    ("我在广州已经有两年了，公司给交了一年半的社保，能办居住证吗",
     {"residence_months": 24, "social_insurance_months": 18}),
    ("保险交了八个月，住了十个月，深圳居住证能办吗", {"social_insurance_months": 8, "residence_months": 10}),
    ("来郑州快两年了，合同签了三年，能办居住证吗", {"residence_months": 23, "employed": True}),
    ("在杭州工作满一年了，公司没给交社保，可以办居住证吗",
     {"residence_months": 12, "social_insurance_months": 0, "social_insurance_paid": False}),
    ("我在西安没有签劳动合同，住了一年，能办居住证吗", {"employed": False, "residence_months": 12}),
    ("我没有社保，在深圳呆了两年，能办深圳居住证吗", {"social_insurance_months": 0, "residence_months": 24}),
    ("我在苏州住了半年，合同也签了，能领居住证吗", {"residence_months": 6, "employed": True}),
    ("我在上海住了一年，但合同还没签，能办居住证吗", {"employed": False, "residence_months": 12}),
    ("我不上班也不上学，在成都住了一年，能办居住证吗", {"employed": False, "residence_months": 12}),
    ("在泉州开了个小店，暂住登记一直没去办，来了一年多了，能办居住证吗",
     {"residence_registered": False, "residence_months": Between(12, 23)}),
    ("我已经结婚三年了，户口在外地，能投靠南京的父母落户吗", {"unmarried": False}),
    ("前年被治安拘留过一次，现在能办居住证转户口吗", {"clean_record": False}),
    ("我失业半年了，在深圳住了两年，能办居住证吗", {"employed": False, "residence_months": 24}),
    ("居住证积分已经核定到130分了，孩子能在上海参加高考吗", {"points_score": 130}),
    ("居住证积分能到120分吗", {}),
    ("我的武汉居住证到期两个月了才去办延期，还能签注吗", {"renewal_overdue_days": Between(59, 62)}),
    ("居住证再过50天就满一年了，现在能先申办签注吗", {"months_to_renewal_date": 1.67}),
    ("在广州上班社保交了三年半，能积分入户吗",
     {"social_insurance_months": 42, "social_insurance_months_total": 42}),
    ("社保连续交了三年半，能积分入户吗", {"social_insurance_months": 42}),
    ("还没住满半年，社保交了五个月，在广州能办居住证吗", {"residence_months": Under(6)}),
    ("我从老家过来探亲，打算在武汉待两个月，能办居住证吗", {"not_visiting": False, "intended_stay_months": 2}),
    ("我不是来旅游的，是来武汉打工，打算住两个月，能办居住证吗", {"not_visiting": True, "employed": True}),
    # years married count for 上海 积分 only with a spouse of local hukou
    ("我老婆是上海户口，我们结婚整5年，我的积分能到标准分值吗", {"local_spouse_marriage_years": 5}),
    ("我结婚三年了，老婆是外地户口，积分够吗", {"local_spouse_marriage_years": 0}),
    ("我已经结婚两年了，户口在外地，能投靠父母落户吗", {"local_spouse_marriage_years": None, "unmarried": False}),
]


@pytest.mark.parametrize(("question", "facts"), PHRASINGS, ids=[p[0][:14] for p in PHRASINGS])
def test_phrasings_read_by_concepts(question: str, facts: dict) -> None:
    parsed = parse_question(question).facts
    assert {k: parsed.get(k) for k in facts} == facts, parsed
    if "社保连续" in question:
        assert "social_insurance_months_total" not in parsed  # 连续: only the unbroken run is known


@pytest.mark.parametrize(("question", "target"), [
    # a permit already held is a circumstance; the question is about the child's school
    ("我办了郑州市居住证，在郑州上班，孩子今年该上一年级了，能在郑州入学吗", "compulsory_education"),
    ("我还没办居住证，孩子能在上海上小学吗", "compulsory_education"),
    ("我在郑州上班，能办居住证吗", "residence_permit"),
])
def test_a_permit_held_or_lacked_is_a_circumstance(question: str, target: str) -> None:
    assert parse_question(question).target == target


def test_past_year_without_a_break_is_the_whole_year() -> None:
    facts = parse_question("我的深圳居住证快满一年了，能签注吗？过去一年居住登记和社保都没断过。").facts
    assert facts["residence_months_last_12"] == 12 and facts["social_insurance_months_last_12"] == 12
