"""Loading the real document pack: formats, encodings, boilerplate, errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qa.corpus.loaders import discover, load_document
from qa.errors import CorpusError

pytestmark = pytest.mark.pack


@pytest.fixture(scope="module")
def pack_docs(pack_dir: Path):
    started = time.perf_counter()
    docs, failures = {}, {}
    for path in discover([pack_dir]):
        try:
            docs[path.resolve().relative_to(pack_dir.resolve()).as_posix()] = load_document(path, root=pack_dir)
        except CorpusError as exc:
            failures[path.name] = str(exc)
    print(f"\nloaded {len(docs)} pack files in {time.perf_counter() - started:.2f}s; failures: {failures}")
    return docs, failures


def test_discover_skips_pack_metadata(pack_dir: Path) -> None:
    files = discover([pack_dir])
    names = {p.name for p in files}
    assert len(files) == 45
    assert not names & {"README.md", "manifest.json", "SHA256SUMS"}
    assert files == sorted(files)


def test_discover_missing_path_names_it(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="nowhere"):
        discover([tmp_path / "nowhere"])


def test_every_pack_file_loads(pack_docs) -> None:
    docs, failures = pack_docs
    assert len(docs) >= 44, failures
    for source, doc in docs.items():
        assert len(doc.text) > 500, source
        assert "\r" not in doc.text and "\u3000" not in doc.text and "\xa0" not in doc.text, source
        assert "\n\n\n" not in doc.text, source


def test_lawrefbook_info_block_becomes_a_preamble(pack_docs) -> None:
    doc = pack_docs[0]["national/juzhuzheng_zanxing_tiaoli_2015.md"]
    assert "INFO END" not in doc.text and "#" not in doc.text
    assert "国务院令第663号公布" in doc.text.split("第一条")[0]  # the promulgation record stays as the preamble
    assert "常务会议通过" in doc.text.split("第一条")[0]
    assert doc.text.startswith("居住证暂行条例")
    assert doc.title == "居住证暂行条例"
    assert (doc.adopted, doc.effective) == ("2015-10-21", "2016-01-01")


def test_html_boilerplate_removed(pack_docs) -> None:
    doc = pack_docs[0]["regions/beijing/beijing_juzhuzheng_banfa_2016.html"]
    for noise in ("责任编辑", "浏览次数", "北京频道首页", "视频访谈", "分享到", "打印"):
        assert noise not in doc.text, noise
    assert "第一条 为了推进城镇基本公共服务" in doc.text
    assert "第二十四条 本办法自2016年10月1日起施行" in doc.text


@pytest.mark.parametrize("source", [
    "regions/chongqing/chongqing_juzhuzheng_shishi_banfa_2016.html",
    "regions/fujian/fujian_juzhuzheng_shishi_banfa_2016.htm",
    "regions/liaoning/liaoning_shiyou_renkou_banfa_2013.html",
])
def test_other_html_pages_keep_body_only(pack_docs, source: str) -> None:
    text = pack_docs[0][source].text
    assert "第一条" in text and "第二十" in text
    for noise in ("版权所有", "ICP备", "网站导航", "设为首页", "当前位置"):
        assert noise not in text, noise


@pytest.mark.parametrize("source, phrase", [
    ("regions/beijing/beijing_huji_gaige_yijian_2016.html", "进一步推进户籍制度改革的实施意见"),  # gb2312
    ("regions/fujian/fujian_huji_gaige_yijian_2015.htm", "合法稳定住所"),  # gb2312
    ("regions/liaoning/liaoning_shiyou_renkou_banfa_2013.html", "省长陈政高"),  # gb18030, PUA pair
    ("regions/beijing/beijing_jifen_luohu_banfa_2016.html", "积分落户"),  # utf-8, meta says gb2312
    ("regions/hainan/hainan_juzhuzheng_tongzhi_2016.txt", "居住证暂行条例"),  # PUA char
])
def test_encoding_traps_decode(pack_docs, source: str, phrase: str) -> None:
    text = pack_docs[0][source].text
    assert phrase in text
    assert "\ufffd" not in text
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in text)
    assert "鍙" not in text and "锟" not in text  # typical UTF-8-as-GBK mojibake


def test_docx_table_cell_articles(pack_docs) -> None:
    text = pack_docs[0]["regions/sichuan/chengdu_juzhuzheng_shishi_banfa_2016.docx"].text
    assert "第十条" in text and "第二十一条 本办法自2016年1月1日起施行" in text


def test_docx_manual_line_breaks(pack_docs) -> None:
    text = pack_docs[0]["regions/jiangsu/nanjing_huji_zhunru_banfa_2004.docx"].text
    assert "\n第一条" in text and "\n第十三条" in text


def test_saved_web_page_markdown(pack_docs) -> None:
    text = pack_docs[0]["regions/guangdong/guangzhou_jifen_ruhu_banfa_2016.md"].text
    assert "Content-Type" not in text and "](" not in text and "**" not in text and "<" not in text
    assert "第一条 为加强来穗人员服务管理" in text and "第十六条" in text


def test_pdf_hard_wraps_joined(pack_docs) -> None:
    text = pack_docs[0]["regions/tianjin/tianjin_juzhuzheng_zanxing_banfa_2014.txt"].text
    assert "2015年12月31日废止" in text
    assert "规范本市人口服务管理，合理控制人口总量" in text


def test_metadata_fills_fields(pack_dir: Path) -> None:
    path = pack_dir / "regions/shaanxi/xian_juzhuzheng_shishi_banfa_2016.txt"
    doc = load_document(path, root=pack_dir, metadata={
        "title": "西安市居住证管理实施办法", "region": "西安市", "level": "municipal",
        "effective": "2016-05-25", "notes": "n"})
    assert (doc.title, doc.region, doc.level, doc.effective) == (
        "西安市居住证管理实施办法", "西安市", "municipal", "2016-05-25")
    assert doc.extra == {"notes": "n"}
    assert doc.source == "regions/shaanxi/xian_juzhuzheng_shishi_banfa_2016.txt"


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "为空"),
    ("blank.md", b"  \n\n ", "为空"),
    ("binary.txt", b"\x00\x01\x02\xff" * 100, "二进制"),
    ("bad.txt", bytes(range(0x80, 0x100)) * 4, "编码"),
    ("fake.docx", b"not a zip file at all", "docx"),
    ("broken.docx", b"PK\x03\x04garbage", "docx"),
])
def test_unusable_files_raise_corpus_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorpusError, match=reason) as info:
        load_document(path)
    assert name in str(info.value)
