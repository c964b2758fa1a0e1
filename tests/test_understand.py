"""The understanding step: every cue of qa/data/question_cues.yaml matches its examples and not its
counter-examples, and understand() fills the Question the rest of the pipeline reads."""

from __future__ import annotations

import pytest

from qa.answering.authority import Authorities, authority_of
from qa.answering.query import understand as normalise
from qa.answering.understand import KINDS, cues, family, understand


def _entries() -> list[tuple[str, str, object, list[str], list[str]]]:
    """(section, name, compiled pattern, examples, counter-examples) of every cue."""
    raw = cues().raw
    out = []
    for name, entry in raw["cues"].items():
        out.append(("cues", name, cues().cues[name], entry["examples"], entry["counter"]))
    for name, entry in raw["service_details"].items():
        asked = next(a for n, a, _ in cues().details if n == name)
        out.append(("service_details", name, asked, entry["examples"], entry["counter"]))
    # A kind may have an entry in both lists (comparison: 有什么区别 first, 哪个简单 by position).
    for entry, kind in zip(raw["leading_kinds"] + raw["kinds"], cues().kinds, strict=True):
        out.append(("kinds", entry["kind"], kind.asked, entry["examples"], entry["counter"]))
    for name, entry in raw["clause_roles"].items():
        out.append(("clause_roles", name, cues().roles[name], entry["examples"], entry["counter"]))
    return out


def test_every_cue_says_what_it_captures_and_has_examples() -> None:
    raw = cues().raw
    for section in ("cues", "service_details", "clause_roles"):
        for name, entry in raw[section].items():
            if section != "service_details":
                assert entry.get("captures"), f"{section}.{name} has no 'captures'"
            assert entry.get("examples") and entry.get("counter"), f"{section}.{name} needs examples and counter"
    for entry in raw["leading_kinds"] + raw["kinds"]:
        assert entry["kind"] in KINDS and entry.get("captures") and entry.get("examples") and entry.get("counter")


@pytest.mark.parametrize(("section", "name", "pattern", "examples", "counter"), _entries(),
                         ids=[f"{s}.{n}" for s, n, *_ in _entries()])
def test_cue_matches_its_examples_and_not_its_counter_examples(section, name, pattern, examples, counter) -> None:
    # Questions are matched after normalisation (simplified characters, numerals); clauses as written.
    read = (lambda text: text) if section == "clause_roles" else (lambda text: normalise(text).text)
    for text in examples:
        assert pattern.search(read(text)), f"{section}.{name} should match {text!r}"
    for text in counter:
        assert not pattern.search(read(text)), f"{section}.{name} should not match {text!r}"


@pytest.mark.parametrize("entry", cues().raw["leading_kinds"] + cues().raw["kinds"], ids=lambda e: e["kind"])
def test_a_kind_example_is_understood_as_that_kind(entry: dict) -> None:
    """The first-match order of the kinds list does not hide a kind behind an earlier one."""
    for text in entry["examples"]:
        assert understand(text).kind == entry["kind"], text


@pytest.mark.parametrize(("question", "qtype"), [
    ("居住证暂行条例哪一条规定了有效期", "which_document"),
    ("这个规定出自哪个文件", "which_document"),
    ("深圳和上海的居住证有什么区别", "comparison"),
    ("北京积分落户和上海比哪个更容易", "comparison"),
    ("为什么要实行居住证制度", "why"),
    ("有的城市办居住证条件定得太高，会带来什么问题？", "why"),  # a consequence at large, not the conditions
    ("作者认为居住证门槛应该按什么原则设计", "why"),
    ("没有按时签注会有什么后果", "factual"),  # a breach's consequence: rule text, not the article's argument
    ("我在深圳工作了两年，能办居住证吗", "eligibility"),
    ("居住满6个月可以申领居住证吗", "eligibility"),
    ("在西安上学一年了，能申领居住证吗", "eligibility"),  # Chinese numerals count too
    ("居住证有效期多久", "how_long"),
    ("办理居住证要几个工作日", "how_long"),
    ("How long is the residence permit valid?", "how_long"),
    ("居住证暂行条例什么时候施行", "when"),
    ("居住证从哪天开始施行", "when"),
    ("深圳申领居住证需要什么条件", "conditions"),
    ("办居住证要带什么材料", "conditions"),
    ("居住证丢了怎么补办", "conditions"),
    ("居住证持有人享有哪些公共服务", "list"),
    ("合法稳定住所是指什么", "list"),
    ("居住证由哪个部门发放", "factual"),
])
def test_the_retrieval_family_follows_the_kind(question: str, qtype: str) -> None:
    """One reading decides both: the family retrieval and composition weigh is the kind's."""
    q = understand(question)
    assert q.qtype == qtype == family(q.kind)
    assert all(part.qtype == family(part.kind) for part in q.parts)


def test_how_a_period_is_counted_is_not_a_when_question() -> None:
    assert understand("这半年从哪天开始算").qtype != "when"


def test_a_question_of_two_parts_keeps_each_part_and_its_detail() -> None:
    q = understand("北京居住证在哪里办，办公时间是几点")
    assert [p.kind for p in q.parts] == ["where", "value"]
    assert [p.detail for p in q.parts] == [None, "办公时间"]
    assert q.details == ("办公时间",) and q.places == ("北京市",)


def test_a_personal_case_is_routed_and_a_reading_question_is_not() -> None:
    case = understand("我在深圳住了十个月，社保交了一年，能办居住证吗")
    assert case.case and case.kind == "eligibility_case" and case.facts.target == "residence_permit"
    reading = understand("居住半年从哪天开始算")
    assert not reading.case and reading.reading


def test_traditional_characters_and_english_are_read() -> None:
    assert understand("居住證可以享受哪些公共服務").kind == "benefits"
    assert understand("How long is a residence permit valid in Shenzhen?").places == ("深圳市",)


def test_future_foreign_and_years_are_read_once() -> None:
    q = understand("美国绿卡和居住证一样吗")
    assert q.foreign_country == "美国"
    assert understand("以后会不会放宽到6个月").future
    assert understand("2030年的落户政策是什么").years == (2030,)


def test_empty_question_gives_an_empty_question() -> None:
    q = understand("   ")
    assert not q.text and q.parts == ()


def test_a_comparison_keeps_the_asked_topic() -> None:
    q = understand("深圳和上海的居住证条件有什么不同")
    assert q.kind == "comparison" and q.topic == "conditions"
    assert q.wanted_roles == frozenset()  # transition and cancellation clauses are not the answer


def test_a_comparison_of_a_form_leads_with_that_form() -> None:
    """Each row of 审核要几天？上海和天津比比 must state a time limit (5个工作日内), as a single place's
    answer would; a comparison of conditions has no form to lead with."""
    q = understand("材料交上去审核要几天？上海和天津比比")
    assert q.kind == "comparison" and q.topic == "time_limit"
    assert q.lead_cue is not None and q.lead_cue.search("自受理之日起5个工作日内完成审核")
    assert understand("深圳和上海的居住证条件有什么不同").lead_cue is None


def test_how_long_the_office_takes_is_a_time_limit_not_a_duration() -> None:
    """要几天/要多久 after what the office does (发, 审, 办下来) asks its time limit; after 住 or
    有效期 it asks a length of time."""
    for text in ("国家说居住证15天内发，天津要多久", "北京和上海居住证办下来各要几天", "落户申请审核要几天"):
        assert understand(text).topic == "time_limit", text
    for text in ("办居住证要住几天", "居住证有效期多久", "办下来以后有效期几年"):
        assert understand(text).topic == "duration", text


def test_roles_asked_for_by_kind() -> None:
    assert "penalty" in understand("用假材料办居住证会被罚多少").wanted_roles
    assert "effective" in understand("居住证条例什么时候实施的").wanted_roles
    assert "transition" not in understand("居住证的有效期是多久").wanted_roles
    # A question in a role's own words asks about that role.
    assert "cancellation" in understand("上海居住证被注销了，之前攒的积分还算吗").wanted_roles


@pytest.mark.parametrize(("entry", "level"), [
    ({"level": "national", "kind": "regulation"}, "national_regulation"),
    ({"level": "national", "kind": "normative_document"}, "national_policy"),
    ({"level": "national", "kind": "interpretation"}, "interpretation"),
    ({"level": "provincial", "kind": "rule"}, "province"),
    ({"level": "municipal", "kind": "regulation"}, "city"),
    ({"level": "article", "kind": "article"}, "commentary"),
])
def test_authority_level_of_a_document(entry: dict, level: str) -> None:
    assert authority_of(entry) == level


def test_a_superseded_version_counts_only_when_the_newer_one_is_indexed() -> None:
    documents = [{"doc_id": "old", "source": "x/old.docx", "level": "municipal", "kind": "rule",
                  "superseded_by": "new.docx"},
                 {"doc_id": "new", "source": "x/new.docx", "level": "municipal", "kind": "rule"},
                 {"doc_id": "lonely", "source": "y.docx", "level": "municipal", "kind": "rule",
                  "superseded_by": "absent.docx"}]
    authorities = Authorities(documents)
    assert authorities.superseded == {"old"}
    assert authorities.prior("old", general=False, version_named=False) < 1.0
    assert authorities.prior("old", general=False, version_named=True) == 1.0


def test_misspellings_are_corrected_when_a_question_is_read() -> None:
    from qa.answering.query import _TYPOS

    assert _TYPOS, "qa/data/typos.tsv is empty"
    for wrong, right in _TYPOS.items():
        assert right in understand(f"{wrong}怎么办").text and wrong not in understand(f"{wrong}怎么办").text
    q = understand("我在上海社宝交了两年，能办居住政吗")
    assert q.case and q.facts.facts.get("social_insurance_months") == 24


def test_no_misspelling_is_a_word_the_documents_use() -> None:
    from pathlib import Path

    from qa.answering.query import _TYPOS

    article = (Path(__file__).resolve().parent.parent / "corpus" / "article" / "juzhuzheng_reform_2015.txt").read_text(
        encoding="utf-8")
    assert not [wrong for wrong in _TYPOS if wrong in article]


def test_a_person_who_states_the_outcome_asks_what_follows_not_whether_they_qualify() -> None:
    q = understand("上海积分达标了，老婆能跟着参加上海社保吗")
    assert not q.case and q.facts.facts.get("points_standard_reached") is True
    assert understand("我天津积分够了，社保交了一年，能落户吗").case  # the outcome of another target


def test_which_place_is_harder_asks_about_conditions() -> None:
    q = understand("深圳办居住证为啥比别的地方难？跟国家规定差在哪")
    assert q.judging and q.topic == "conditions"  # not where (别的地方 after 比 names no office)
    assert understand("在别的地方能办吗").kind == "where"


def test_how_many_times_asks_a_count_not_a_verdict() -> None:
    """一年能申几次 asks how often the rule allows it; 单位报 is no fact of the asker to judge."""
    q = understand("北京积分落户一年能申几次？是自己去还是单位报")
    assert q.unit == "次" and not q.case


def test_whether_an_old_permit_still_works_is_not_a_new_application() -> None:
    # 河北 第十七条 decides whether a permit stays in use after a move: the permit_kept case
    q = understand("我在石家庄办的居住证，现在工作调到保定了，原来那个证还能接着用吗")
    assert q.case and q.facts.target == "permit_kept"
    assert understand("我在石家庄上班一年了，能办居住证吗").facts.target == "residence_permit"


def test_a_question_ending_on_a_fee_is_not_a_case_for_the_checker() -> None:
    """No rule of the checker decides a fee: 再办还能免工本费吗 is answered from the fee clauses, while
    社保缴费 stays a fact the checker reads."""
    assert not understand("我之前在苏州上班领过江苏的居住证，现在跳槽到南京，在南京再办还能免工本费吗").case
    assert understand("我在上海社保缴费两年半了，居住证积分里社保这项能加分吗").case


def test_an_amount_asked_is_not_a_case_for_the_checker() -> None:
    """积分能加多少 asks how many points a rule gives, not whether the asker qualifies."""
    q = understand("我老婆是上海户口，居住证积分能加多少")
    assert q.amount and not q.case
    assert understand("我在上海社保缴费两年半了，居住证积分里社保这项能加分吗").case


def test_who_acts_is_its_own_kind_and_where_or_who_may_keep_theirs() -> None:
    assert understand("各个城市的居住证实施办法由谁来定").kind == "agent"
    assert understand("离婚以后户口变动谁去派出所报").kind == "agent"
    assert understand("补办居住证找谁").kind == "where"
    assert understand("谁能办居住证").kind == "conditions"
