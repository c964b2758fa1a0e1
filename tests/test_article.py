"""The cleaned source article: the committed file, the cleaner, and the table spec check."""

from __future__ import annotations

import re

import pytest

from qa.corpus import article
from qa.errors import CorpusError

TEXT = article.ARTICLE_PATH.read_text(encoding="utf-8")
LINES = [line for line in TEXT.split("\n") if line]
TABLE_LINE = re.compile(r"^(?:表\d+ |【[^】]+】|注：|资料来源：)")
CJK = r"[\u4e00-\u9fff]"
need_seed = pytest.mark.skipif(not article.SEED_PATH.is_file(), reason=f"seed not at {article.SEED_PATH}")


def _row(table: int, place: str) -> str:
    start = next(i for i, line in enumerate(LINES) if line.startswith(f"表{table} "))
    return next(line for line in LINES[start:] if line.startswith(f"【{place}】"))


def test_layout_is_one_paragraph_per_line_with_blank_lines_between() -> None:
    assert TEXT.endswith("\n") and not TEXT.endswith("\n\n")
    assert "\n\n\n" not in TEXT
    assert all(line.strip() == line for line in LINES)
    assert TEXT.split("\n\n")[0].startswith("摘要：")


@pytest.mark.parametrize("pattern", [r"·\s*\d+\s*·", r"国家行政学院学报\s*2015", r"^公共管理与行政改革$",
                                     r"［\d+］", r"\[\d{1,2}\]"])
def test_no_page_furniture_or_reference_markers(pattern: str) -> None:
    assert not [line for line in LINES if re.search(pattern, line)]


def test_no_spaces_inside_chinese_text() -> None:
    body = "\n".join(line for line in LINES if not re.match(r"^表\d+ ", line))  # 表1 caption keeps its space
    assert not re.search(f"{CJK} +{CJK}", body)
    assert not re.search(rf"{CJK} +\d|\d +{CJK}", body)
    assert not re.search(r"[(;?]|: ", body)  # half-width punctuation left in Chinese text


def test_no_line_broken_mid_sentence() -> None:
    broken = [line for line in LINES
              if not (article.is_heading(line) or TABLE_LINE.match(line) or re.search(r"[。！？：；）]$", line))]
    assert broken == []


def test_structure_markers() -> None:
    assert "一、居住证制度改革的内涵与主要内容" in LINES
    assert "（一）户籍制度与居住证制度的改革演进历程" in LINES
    assert any(line.startswith("1. 部分地区申领条件偏高。提高对") for line in LINES)
    assert any(line.startswith("第一阶段：") for line in LINES)
    assert any(line.startswith("第二阶段：") for line in LINES)


def test_tables_follow_the_paragraph_that_introduces_them() -> None:
    for number, intro in [(1, "首先，如表1所示"), (2, "从表2来看"), (3, "（详见表3）")]:
        caption = next(i for i, line in enumerate(LINES) if line.startswith(f"表{number} "))
        assert intro in LINES[caption - 1]


def test_table_rows() -> None:
    assert "表1 五个省市居住证的申领条件及未达到申领条件的政策安排的比较" in LINES
    shenzhen = _row(1, "深圳市")
    assert "12个月" in shenzhen and "18个月" in shenzhen
    assert shenzhen.startswith("【深圳市】居住要求：合法稳定居住满12个月；就业和缴纳社会保险要求：有合法稳定职业")
    assert shenzhen.endswith("未达到申领居住证要求的政策安排：申报居住登记")
    assert "满7年" in _row(3, "上海市")
    assert _row(2, "成都市").startswith("【成都市】说明：除标明外，均为持《成都市临时居住证》即可享受；子女教育：")
    assert "使用住房公积金：见注①" in _row(2, "上海市")
    assert sum(line.startswith("资料来源：") for line in LINES) == 3


@need_seed
def test_check_passes() -> None:
    assert article.check()


@need_seed
def test_cli_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert article.main(["check"]) == 0


@pytest.mark.parametrize(("raw", "clean"), [
    ("证与暂住证仅一字之差，但其含义却 有 很 大 不 同。", "证与暂住证仅一字之差，但其含义却有很大不同。"),
    ("公安部颁 布 了 《关 于 城 镇 暂 住", "公安部颁布了《关于城镇暂住"),
    ("( 建国初期至 1978 年之前) 。建国初期", "（建国初期至1978年之前）。建国初期"),
    ("( 一) 户籍制度与居住证制度的改革演进历程", "（一）户籍制度与居住证制度的改革演进历程"),
    ("第一阶段: 我国户籍制度", "第一阶段：我国户籍制度"),
    ("产生认同感和归属感; 且暂住证", "产生认同感和归属感；且暂住证"),
    ("内涵是什么? 在我国", "内涵是什么？在我国"),
    ("1. 部分地区申领条件偏高。", "1. 部分地区申领条件偏高。"),
    ("1.5 个月", "1.5个月"),
    (" ［摘 要］ 在国家性制度", "摘要：在国家性制度"),
    ("增强了城市外来人口的居民意识，［1］被赋", "增强了城市外来人口的居民意识，被赋"),
    ("起来。［3］1958 年，", "起来。1958年，"),
    ("城乡隔离现象愈加严重。［4］", "城乡隔离现象愈加严重。"),
    ("公通字[2015]38号", "公通字[2015]38号"),  # a bracketed year is not a reference marker
    ("see Art 5 here", "see Art 5 here"),
])
def test_clean_line(raw: str, clean: str) -> None:
    assert article.clean_line(raw) == clean


@pytest.mark.parametrize(("line", "expected"), [
    ("·55·", True), (" ·55· ", True), ("国家行政学院学报 2015. 5", True), ("公共管理与行政改革", True),
    ("公共管理与行政改革的思路", False), ("1958 年，", False),
])
def test_header_footer(line: str, expected: bool) -> None:
    assert article.is_header_footer(line) is expected


def test_join_paragraphs_uses_width_and_indent() -> None:
    lines = ["一、标题",
             "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬。", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁。",
             "甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛。",
             "1. 要点一。甲乙丙丁戊", "甲乙丙丁戊己庚辛壬癸"]
    assert article.join_paragraphs(lines) == [
        "一、标题",
        "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬。甲乙丙丁戊己庚辛壬癸甲乙丙丁。",
        "甲乙丙丁戊己庚辛甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛。",
        "1. 要点一。甲乙丙丁戊甲乙丙丁戊己庚辛壬癸",
    ]


@need_seed
def test_table_spec_typo_fails_loudly() -> None:
    table = article.load_tables()[0]
    raw = article.SEED_PATH.read_text(encoding="utf-8").splitlines()
    region = "\n".join(raw[slice(*article._table_region(raw, 1))])
    article.verify_table(table, region)
    rows = list(table.rows)
    rows[1] = rows[1].model_copy(update={"cells": ["合法稳定居住满21个月", *rows[1].cells[1:]]})
    with pytest.raises(CorpusError, match="表1 深圳市 / 居住要求"):
        article.verify_table(table.model_copy(update={"rows": rows}), region)
    rows[1] = table.rows[1].model_copy(update={"cells": ["合法稳定居住", *table.rows[1].cells[1:]]})
    with pytest.raises(CorpusError, match="left out"):
        article.verify_table(table.model_copy(update={"rows": rows}), region)


def test_render_table() -> None:
    table = article.Table(number=9, caption="示例", headers=["甲", "乙"], notes=["①说明"], source="同表1。",
                          rows=[article.TableRow(place="某市", remark="备注", cells=["一。", "见注①"])])
    assert article.render_table(table) == ["表9 示例", "【某市】说明：备注；甲：一；乙：见注①", "注：①说明",
                                           "资料来源：同表1。"]
