"""Query understanding: cleaning, places, synonyms, question types, versions, follow-ups, odd input."""

from __future__ import annotations

import json

import pytest

from qa.answering.query import KNOWN_REGIONS, MAX_CHARS, Query, province_of, short_name, understand

PREV = [("深圳申领居住证需要什么条件？", "根据《深圳经济特区居住证条例》……")]


# --- cleaning -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text"), [
    ("深圳申領居住證需要什麼條件？", "深圳申领居住证需要什么条件？"),  # traditional → simplified
    ("居住證有效期為１２個月嗎", "居住证有效期为12个月吗"),  # full-width digits
    ("ＡＢＣ　居住证", "ABC 居住证"),  # full-width letters and ideographic space
    ("  深圳   居住证\n\t条件 ", "深圳居住证条件"),  # whitespace collapsed, CJK letter-spacing removed
    ("居住证👍怎么办？😀", "居住证怎么办？"),  # emoji dropped
    ("一目瞭然的規定", "一目了然的规定"),  # phrase-level conversion (瞭 alone is not traditional)
])
def test_clean(question: str, text: str) -> None:
    q = understand(question)
    assert q.text == text
    assert q.original == question
    assert q.problem is None


def test_numbers_normalised_in_search_text_only() -> None:
    q = understand("在深圳居住满十二个月能申领居住证吗")
    assert "十二个月" in q.text
    assert "12个月" in q.search_text


# --- places ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "places"), [
    ("深圳市居住证怎么办", ("深圳市",)),
    ("鹏城的居住证", ("深圳市",)),
    ("魔都落户难吗", ("上海市",)),
    ("申城积分落户", ("上海市",)),
    ("在沪工作满七年可以落户吗", ("上海市",)),
    ("沪上居住证积分", ("上海市",)),
    ("江浙沪户口", ("江苏省", "浙江省", "上海市")),
    ("帝都的居住证", ("北京市",)),
    ("来京务工人员办居住证", ("北京市",)),
    ("我是京籍", ("北京市",)),
    ("来穗人员积分入户", ("广州市",)),
    ("蓉城居住证", ("成都市",)),
    ("在渝办理居住证", ("重庆市",)),
    ("在津居住满半年", ("天津市",)),
    ("金陵的户口", ("南京市",)),
    ("在苏工作", ("江苏省",)),
    ("来豫务工", ("河南省",)),
    ("在闽居住", ("福建省",)),
    ("在川申领居住证", ("四川省",)),
    ("内蒙古居住证", ("内蒙古自治区",)),
    ("国务院居住证暂行条例", ("全国",)),
    ("国家规定和深圳规定有什么不同", ("全国", "深圳市")),
    ("上海和深圳和北京", ("上海市", "深圳市", "北京市")),  # order of mention
    ("京津冀的户籍改革", ("北京市", "天津市", "河北省")),
    ("广东省居住证", ("广东省",)),
    ("郑州、杭州、武汉、西安", ("郑州市", "杭州市", "武汉市", "西安市")),
    ("How to get a residence permit in Shanghai", ("上海市",)),
])
def test_places(question: str, places: tuple[str, ...]) -> None:
    assert understand(question).places == places


@pytest.mark.parametrize("question", [
    "京剧演员需要居住证吗",  # 京 alone is not Beijing
    "他刚苏醒过来",  # nor 苏 Jiangsu
    "沪",  # an abbreviation with no context
    "存在津贴问题",  # 在津 followed by 贴
    "全部变成都市户口",  # 变成 + 都市, not 成都
    "确保定期更新",  # 确保 + 定期, not 保定
    "上海南京路派出所",  # a road, not 南京市 (上海 is still found)
    "我在本市逛超市",  # generic 市 words are not cities
    "两地的规定大同小异吗",  # 大同小异, not 大同市
    "我在东方明珠旁边上班",  # 东方, not 东方市
])
def test_place_false_positives(question: str) -> None:
    q = understand(question)
    assert not {"北京市", "江苏省", "天津市", "成都市", "南京市"} & set(q.places)
    assert q.unknown_places == ()


@pytest.mark.parametrize(("question", "unknown", "places"), [
    ("拉萨居住证怎么办", ("拉萨市",), ()),
    ("乌鲁木齐和哈尔滨", ("乌鲁木齐市", "哈尔滨市"), ()),
    ("石家庄市积分落户", ("石家庄市",), ("河北省",)),  # no 石家庄 document: 河北's rules stand in
    ("苏州市居住证", ("苏州市",), ("江苏省",)),  # 苏州 is not 江苏 itself, but 江苏's rules apply
    ("兰州和深圳", ("兰州市",), ("甘肃省", "深圳市")),
    ("我在鄂州市工作", ("鄂州市",), ()),  # any XX市 not in the tables
    ("湖北省居住证", ("湖北省",), ()),
    ("遵义居住证过期了咋补签", ("遵义市",), ()),  # every prefecture-level city is in the gazetteer
    ("克拉玛依外地人办居住证要带什么材料", ("克拉玛依市",), ()),
    ("大同市积分落户", ("大同市",), ()),  # 大同 names the city only with 市
])
def test_unknown_places(question: str, unknown: tuple[str, ...], places: tuple[str, ...]) -> None:
    q = understand(question)
    assert q.unknown_places == unknown
    assert q.places == places


def test_aliases_recorded_and_canonical_in_search_text() -> None:
    q = understand("魔都和在沪的区别")
    assert q.place_aliases == ("魔都", "沪")
    assert q.places == ("上海市",)
    assert "上海市" in q.search_text


@pytest.mark.parametrize(("region", "province"), [
    ("深圳市", "广东省"), ("广州市", "广东省"), ("南京市", "江苏省"), ("成都市", "四川省"),
    ("郑州市", "河南省"), ("杭州市", "浙江省"), ("武汉市", "湖北省"), ("西安市", "陕西省"),
    ("苏州市", "江苏省"), ("上海市", None), ("江苏省", None), ("全国", None), ("火星市", None),
])
def test_province_of(region: str, province: str | None) -> None:
    assert province_of(region) == province


def test_known_regions_cover_manifest_regions() -> None:
    manifest_regions = {"全国", "上海市", "深圳市", "南京市", "北京市", "广州市", "成都市", "河南省", "天津市",
                        "重庆市", "福建省", "四川省", "郑州市", "江苏省", "武汉市", "西安市", "浙江省", "杭州市",
                        "河北省", "甘肃省", "江西省", "吉林省", "内蒙古自治区", "海南省", "辽宁省"}
    assert manifest_regions <= set(KNOWN_REGIONS)
    assert short_name("内蒙古自治区") == "内蒙古" and short_name("深圳市") == "深圳"


# --- synonyms -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "terms"), [
    ("深圳社保要交多久", ["社会保险"]),
    ("入户深圳要什么条件", ["落户", "常住户口"]),
    ("娃在上海上学怎么办", ["随迁子女", "义务教育"]),
    ("租房合同能当证明吗", ["住所证明", "房屋租赁"]),
    ("买了房能落户吗", ["合法稳定住所", "房屋所有权"]),
    ("在深圳打工能办证吗", ["合法稳定就业", "申领居住证"]),
    ("公积金有什么要求", ["住房公积金"]),
    ("孩子能在北京高考吗", ["招生考试", "随迁子女"]),
    ("暂住证还有用吗", ["暂住"]),
    ("上海积分怎么算", ["积分落户"]),
    # a plain refusal is drafted as 不予 / 不得; 不给办 is a refused application (拒绝受理)
    ("啥情况下不给积分落户", ["不予", "不得"]),
    ("单位要看我居住证，我能不给吗", ["拒绝"]),
    ("为啥打零工的人办不了居住证", ["无法", "难以"]),
])
def test_synonyms(question: str, terms: list[str]) -> None:
    q = understand(question)
    for term in terms:
        assert term in q.search_text.split() or term in q.text
    assert set(q.expansions).isdisjoint({""})


@pytest.mark.parametrize(("question", "places"), [
    ("杭州那个《浙江省居住证》申请门槛是什么", ("杭州市",)),            # the city's own provincial card
    ("深圳和《上海市居住证管理办法》有什么区别", ("深圳市", "上海市")),  # another place: still compared
    ("《浙江省居住证》怎么办", ("浙江省",)),
    ("杭州以前办浙江省居住证要住满几年？国家现在的规定呢", ("杭州市", "全国")),  # the card the city issues
    ("在苏州办江苏居住证要什么材料", ("江苏省",)),  # 苏州 has no documents: its province answers
    ("深圳和广东居住证有什么不同", ("深圳市", "广东省")),  # joined by 和: two places compared
])
def test_a_province_in_a_title_is_the_document_not_a_second_place(question: str, places: tuple) -> None:
    assert understand(question).places == places


# --- version year ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "year"), [
    ("按照2011年的成都规定，居住证有效期多久", 2011),
    ("2004年版上海居住证暂行规定", 2004),
    ("上海2004年那版居住证有效期有几种", 2004),
    ("南京2004年那会儿买房能落户吗", 2004),
    ("根据二〇一三年的郑州办法", 2013),
    ("2016年以后来深圳的人能办吗", None),  # a date in the question, not a version
    ("居住证有效期多久", None),
])
def test_version_year(question: str, year: int | None) -> None:
    assert understand(question).version_year == year


# --- follow-ups -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("history", "question", "text", "places"), [
    (PREV, "那上海呢？", "上海申领居住证需要什么条件？", ("上海市",)),
    (PREV, "北京的呢", "北京申领居住证需要什么条件？", ("北京市",)),
    (PREV, "那如果是成都", "成都申领居住证需要什么条件？", ("成都市",)),
    (PREV, "换成江苏呢", "江苏申领居住证需要什么条件？", ("江苏省",)),
    (PREV, "那在沪呢", "上海申领居住证需要什么条件？", ("上海市",)),
    (PREV, "那沪上呢", "上海申领居住证需要什么条件？", ("上海市",)),
    (PREV, "那孩子上学呢？", "深圳孩子上学需要什么条件？", ("深圳市",)),  # topic switch, place kept
    (PREV, "那需要多久呢", "深圳申领居住证需要多久？", ("深圳市",)),  # question switch
    ([*PREV, ("那上海呢？", "……")], "北京呢", "北京申领居住证需要什么条件？", ("北京市",)),  # chained
    (PREV, "那拉萨呢", "拉萨申领居住证需要什么条件？", ()),
])
def test_followup_rewrite(history: list[tuple[str, str]], question: str, text: str,
                          places: tuple[str, ...]) -> None:
    q = understand(question, history)
    assert q.is_followup
    assert q.text == text
    assert q.places == places
    assert q.original == question


@pytest.mark.parametrize("question", [
    "上海申领居住证需要什么条件？",  # complete on its own
    "居住证有效期多久",  # has a topic and a question
    "什么是居住证？",
])
def test_standalone_with_history_is_not_followup(question: str) -> None:
    q = understand(question, PREV)
    assert not q.is_followup
    assert q.text == question


def test_followup_needs_history() -> None:
    q = understand("那上海呢？")
    assert not q.is_followup
    assert q.text == "那上海呢？"
    assert understand("那上海呢？", []).is_followup is False


def test_followup_keeps_personal_facts() -> None:
    q = understand("那如果我在深圳工作了两年呢", [("上海积分落户需要什么条件？", "")])
    assert q.is_followup
    assert q.text.startswith("如果我在深圳工作了两年，")
    assert "积分落户需要什么条件" in q.text


# --- odd input ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "problem_part"), [
    ("", "问题是空的"),
    ("   \n\t ", "问题是空的"),
    ("😀😀🎉", "没有识别到文字"),
    ("？？！……", "没有识别到文字"),
    ("12345", "没有识别到文字"),
    ("안녕하세요", "请用中文提问"),
])
def test_unusable_input(question: str, problem_part: str) -> None:
    q = understand(question)
    assert q.text == "" and q.search_text == ""
    assert q.problem is not None and problem_part in q.problem
    assert q.places == () and not q.is_followup


def test_english_is_still_searched() -> None:
    q = understand("What are the requirements for a residence permit in Shenzhen? hukou")
    assert q.problem is not None and "中文" in q.problem
    assert q.places == ("深圳市",)
    for term in ("居住证", "户口", "条件"):
        assert term in q.search_text


@pytest.mark.parametrize("question", ["居住证" * 4000, "深圳 " * 5000, "深圳申領居住證" * 2000])
def test_long_input_truncated(question: str) -> None:
    q = understand(question)
    assert q.truncated
    assert len(q.text) <= MAX_CHARS
    assert q.problem is not None and str(MAX_CHARS) in q.problem


def test_none_and_non_string_do_not_raise() -> None:
    assert understand(None).text == ""  # type: ignore[arg-type]
    assert understand("深圳", [("", "")]).text == "深圳"
    assert understand("那上海呢", [("😀", "")]).is_followup is False


def test_query_is_frozen_and_serialisable() -> None:
    q = understand("那上海呢？", PREV)
    assert isinstance(q, Query)
    with pytest.raises(AttributeError):
        q.text = "x"  # type: ignore[misc]
    data = json.loads(json.dumps(q.to_dict(), ensure_ascii=False))
    assert data["places"] == ["上海市"] and data["is_followup"] is True


def test_synonym_table_loads_and_reports_bad_lines(tmp_path) -> None:
    from qa.answering.query import _load_synonyms

    good = tmp_path / "ok.tsv"
    good.write_text("# comment\n\n公交|地铁\t公共交通 交通工具\n", encoding="utf-8")
    assert [(p.pattern, terms) for p, terms in _load_synonyms(good)] == [("公交|地铁", ("公共交通", "交通工具"))]
    bad = tmp_path / "bad.tsv"
    bad.write_text("公交 公共交通\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:1"):
        _load_synonyms(bad)
    bad.write_text("(公交\t公共交通\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad trigger"):
        _load_synonyms(bad)
