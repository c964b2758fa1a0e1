"""Structure-aware chunking over the real pack and the cleaned source article."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qa.corpus.chunking import MAX_CHARS, chunk_document
from qa.corpus.loaders import discover, load_document
from qa.types import Document, content_hash

ARTICLE = Path(__file__).resolve().parent.parent / "corpus" / "article" / "juzhuzheng_reform_2015.txt"
ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
            "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三"]


@pytest.fixture(scope="module")
def pack_chunks(pack_dir: Path):
    started = time.perf_counter()
    out = {}
    for path in discover([pack_dir]):
        doc = load_document(path, root=pack_dir)
        out[doc.source] = (doc, chunk_document(doc))
    total = sum(len(c) for _, c in out.values())
    print(f"\nloaded + chunked {len(out)} files into {total} chunks in {time.perf_counter() - started:.2f}s")
    return out


def _doc(text: str) -> Document:
    return Document(doc_id=content_hash(text), title="测试办法", source="t.txt", text=text)


@pytest.mark.pack
def test_national_regulation_articles(pack_chunks) -> None:
    _, chunks = pack_chunks["national/juzhuzheng_zanxing_tiaoli_2015.md"]
    articles = [c for c in chunks if c.kind == "article"]
    assert [c.locator for c in articles] == [f"第{n}条" for n in ORDINALS]
    assert chunks[0].kind == "section" and "居住证暂行条例" in chunks[0].quote
    art16 = next(c for c in articles if c.locator == "第十六条")
    assert "500万" in art16.quote and art16.quote.startswith("第十六条")


@pytest.mark.pack
@pytest.mark.parametrize("locator, chapter, phrase", [
    ("第一条", "第一章 总 则", "建立健全实际居住人口登记制度"),
    ("第七条", "第二章 居住登记", "申报义务人主动申报制度"),
    ("第五十五条", "第七章 附 则", "2015年6月1日起施行"),
])
def test_shenzhen_articles_under_chapters(pack_chunks, locator: str, chapter: str, phrase: str) -> None:
    _, chunks = pack_chunks["regions/guangdong/shenzhen_juzhuzheng_tiaoli_2015.txt"]
    chunk = next(c for c in chunks if c.locator == locator)
    assert chunk.chapter == chapter
    assert phrase in chunk.quote
    assert chapter in chunk.text  # context prefix for retrieval


@pytest.mark.pack
def test_quotes_are_exact_spans_and_ids_unique(pack_chunks) -> None:
    ids = set()
    for source, (doc, chunks) in pack_chunks.items():
        assert chunks, source
        for c in chunks:
            assert c.quote == doc.text[c.start:c.end] and c.quote == c.quote.strip(), source
            assert c.quote in c.text and c.doc_id == doc.doc_id and c.source == doc.source
            assert c.content_hash == content_hash(c.text)
            ids.add(c.chunk_id)
    assert len(ids) == sum(len(c) for _, c in pack_chunks.values())


@pytest.mark.pack
def test_chunk_sizes_mostly_in_range(pack_chunks) -> None:
    sizes = [len(c.quote) for _, chunks in pack_chunks.values() for c in chunks]
    assert sum(s <= MAX_CHARS for s in sizes) / len(sizes) > 0.97
    assert sorted(sizes)[len(sizes) // 2] > 80


@pytest.mark.pack
def test_long_article_split_by_clause(pack_chunks) -> None:
    _, chunks = pack_chunks["regions/shanghai/shanghai_juzhuzheng_jifen_banfa_2015.docx"]
    clauses = [c for c in chunks if c.locator and c.locator.startswith("第六条")]
    assert len(clauses) > 1 and all(c.kind == "clause" for c in clauses)
    assert clauses[0].locator.startswith("第六条第一款") and clauses[0].quote.startswith("第六条")
    assert all("第六条第" in c.text for c in clauses[1:])  # the 条 stays in the context


@pytest.mark.pack
def test_notice_split_by_headings(pack_chunks) -> None:
    _, chunks = pack_chunks["regions/beijing/beijing_huji_gaige_yijian_2016.html"]
    chunk = next(c for c in chunks if c.locator == "(五)实施积分落户制度")
    assert chunk.chapter == "二、完善户口迁移政策" and chunk.kind == "paragraph"


def test_synthetic_regulation_structure() -> None:
    long_clause = "申请人应当提交材料。" * 57
    text = ("某市居住证办法\n\n第一章 总则\n\n第一条 为了规范管理，制定本办法。\n\n第二章 申领\n\n"
            f"第二条 符合条件的，可以申领。\n\n{long_clause}\n\n"
            "有下列情形之一的，不予办理：\n\n（一）甲；\n\n（二）乙。\n\n"
            "第三条 本办法自2016年1月1日起施行。\n\n某市人民政府办公厅 2016年1月1日印发")
    chunks = chunk_document(_doc(text))
    got = [(c.kind, c.locator, c.chapter) for c in chunks]
    assert got[0] == ("section", None, None)
    assert ("article", "第一条", "第一章 总则") in got
    assert [loc for _, loc, _ in got if loc and loc.startswith("第二条")] == [
        "第二条第一款至第二款", "第二条第三款"]
    assert got[-2] == ("article", "第三条", "第二章 申领")
    assert got[-1][0] == "section" and "印发" in chunks[-1].quote


def test_synthetic_table_rows() -> None:
    text = ("一、比较\n\n表1 两市条件比较\n\n【甲市】居住要求：满12个月；社保：6个月\n\n"
            "【乙市】居住要求：满半年\n\n注：示例。\n\n资料来源：示例。\n\n后文段落。")
    chunks = chunk_document(_doc(text))
    rows = [c for c in chunks if c.kind == "table_row"]
    assert [c.locator for c in rows] == ["表1 甲市", "表1 乙市"]
    assert rows[0].quote == "【甲市】居住要求：满12个月；社保：6个月"
    assert rows[0].text.startswith("表1 两市条件比较｜甲市｜")
    note = next(c for c in chunks if c.kind == "table_note")
    assert note.locator == "表1 注" and "资料来源" in note.quote


def test_article_table_rows() -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} not written yet")
    doc = load_document(ARTICLE, root=ARTICLE.parent.parent)
    chunks = chunk_document(doc)
    row = next(c for c in chunks if c.locator == "表1 深圳市")
    assert row.kind == "table_row" and "12个月" in row.quote and "18个月" in row.quote
    assert row.text.startswith("表1 ") and "｜深圳市｜" in row.text
    assert row.quote == doc.text[row.start:row.end] and row.quote.startswith("【深圳市】")
    assert any(c.locator == "（二）地方性居住证制度的比较分析" for c in chunks)


def test_an_interviews_questions_are_locators() -> None:
    text = ("答记者问\n\n问：为什么要制定该条例？\n\n答：随着城镇化的推进，人口流动加速。"
            "\n\n问：条例对居住证是如何定位的？\n\n答：居住证是证明。")
    doc = Document(doc_id="qa", title="答记者问", source="qa.txt", text=text, region="全国", level="national",
                   kind="notice", effective=None)
    locators = [c.locator for c in chunk_document(doc)]
    assert "问：为什么要制定该条例？" in locators and "问：条例对居住证是如何定位的？" in locators


def test_an_item_heading_starts_the_clause_it_heads() -> None:
    body = "\n\n".join(["第四条 本办法适用于本市。", "第五条 积分落户指标体系由下列指标组成。" + "说明文字。" * 60,
                        "(一)合法稳定就业指标及分值", "每连续缴纳社会保险满1年积3分。" * 20,
                        "(二)年龄指标及分值", "申请人年龄不超过45周岁的，加20分。", "第六条 本办法自公布之日起施行。"])
    doc = Document(doc_id="jf", title="积分办法", source="jf.txt", text="积分办法\n\n" + body, region="北京市",
                   level="municipal", kind="regulation", effective=None)
    chunks = [c for c in chunk_document(doc) if c.locator and c.locator.startswith("第五条")]
    age = next(c for c in chunks if "45周岁" in c.quote)
    assert "(二)年龄指标及分值\n\n申请人年龄不超过45周岁" in age.quote
    assert not any(c.quote.rstrip().endswith("指标及分值") for c in chunks)


def test_every_chunk_of_a_numbered_point_names_the_point() -> None:
    """A long argument under "1. <title>。" is cut into several chunks; each cites the point, so the
    continuation ("然而，这些…") is still found by, and cited under, the point it argues."""
    point_one = "1. 部分地区申领条件偏高。" + "流动人口大多不签订就业合同。" * 30 + "然而，这些人口最需要服务。"
    text = "\n\n".join(["三、问题", "（一）问题分析", point_one, "2. 财政体制有待建立。地方财政压力大。"])
    doc = Document(doc_id="art", title="文章", source="a.txt", text=text, region="全国", level="article",
                   kind="article", effective=None)
    chunks = chunk_document(doc)
    first = [c for c in chunks if c.start < text.index("2. 财政")]
    assert len(first) >= 2
    assert all(c.locator == "（一）问题分析 1. 部分地区申领条件偏高" for c in first[1:])
    assert all("部分地区申领条件偏高" in c.text for c in first)
    second = next(c for c in chunks if "财政体制" in c.quote)
    assert second.locator == "（一）问题分析 2. 财政体制有待建立"
    assert all(c.quote == text[c.start:c.end] for c in chunks)
