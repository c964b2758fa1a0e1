"""The document catalog: lookup by hash and by name, and the facts it holds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from qa.corpus.article import ARTICLE_PATH
from qa.corpus.catalog import DOCUMENT_FIELDS, load_catalog
from qa.errors import CorpusError
from qa.types import Document

CATALOG = load_catalog()


def _pack_files(pack_dir: Path) -> list[Path]:
    return [pack_dir / line.split(maxsplit=1)[1] for line in (pack_dir / "SHA256SUMS").read_text().splitlines()
            if line.strip()]


@pytest.mark.pack
def test_every_pack_file_is_found_by_hash(pack_dir: Path) -> None:
    files = _pack_files(pack_dir)
    assert len(files) == 45
    for path in files:
        data = path.read_bytes()
        entry = CATALOG.entry_for(Path("renamed.bin"), data)  # no help from the name
        assert entry is not None, path.name
        assert entry.file == path.name
        assert entry.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.pack
def test_catalog_matches_the_manifest(pack_dir: Path) -> None:
    manifest = {Path(e["file"]).name: e for e in json.loads((pack_dir / "manifest.json").read_text("utf-8"))}
    for path in _pack_files(pack_dir):
        meta = CATALOG.metadata_for(path, path.read_bytes())
        assert meta is not None
        assert {k: meta[k] for k in DOCUMENT_FIELDS} == {k: manifest[path.name][k] for k in DOCUMENT_FIELDS}


@pytest.mark.pack
def test_renamed_copy_is_found_by_hash(pack_dir: Path, tmp_path: Path) -> None:
    source = pack_dir / "national" / "juzhuzheng_zanxing_tiaoli_2015.md"
    copy = tmp_path / "whatever_name.txt"
    copy.write_bytes(source.read_bytes())
    meta = CATALOG.metadata_for(copy, copy.read_bytes())
    assert meta is not None
    assert (meta["title"], meta["doc_number"], meta["effective"]) == ("居住证暂行条例", "国务院令第663号", "2016-01-01")


def test_unknown_file_returns_none(tmp_path: Path) -> None:
    assert CATALOG.metadata_for(tmp_path / "notes.txt", "不在目录中的文件".encode()) is None


def test_name_is_the_fallback_when_bytes_differ() -> None:
    meta = CATALOG.metadata_for(Path("/elsewhere/shenzhen_juzhuzheng_tiaoli_2015.txt"), b"edited copy")
    assert meta is not None and meta["title"] == "深圳经济特区居住证条例"


def test_metadata_fits_document() -> None:
    meta = CATALOG.metadata_for(Path("shenzhen_juzhuzheng_tiaoli_2015.txt"), b"")
    assert meta is not None
    doc = Document(doc_id="x", source="s", text="t", **meta)
    assert doc.region == "深圳市" and doc.extra == {"province": "广东省"}


@pytest.mark.parametrize(("old", "new"), [
    ("shanghai_juzhuzheng_zanxing_guiding_2004.txt", "shanghai_juzhuzheng_guanli_banfa_2013.docx"),
    ("chengdu_juzhuzheng_guiding_2011.txt", "chengdu_juzhuzheng_shishi_banfa_2016.docx"),
    ("tianjin_juzhuzheng_zanxing_banfa_2014.txt", "tianjin_juzhuzheng_guanli_banfa_2015.docx"),
])
def test_supersession_links_both_ways(old: str, new: str) -> None:
    by_name = {e.file: e for e in CATALOG.entries}
    assert by_name[old].superseded_by == new
    assert by_name[new].supersedes == old


def test_article_entry() -> None:
    data = ARTICLE_PATH.read_bytes()
    meta = CATALOG.metadata_for(ARTICLE_PATH, data)
    assert meta is not None
    assert meta["title"] == "居住证制度改革（国家行政学院学报2015年第5期）"
    assert (meta["level"], meta["kind"], meta["region"]) == ("article", "article", "全国")
    assert meta["adopted"] is None and meta["effective"] is None and meta["issuer"] is None
    extra = meta["extra"]
    assert (extra["published"], extra["journal"], extra["issue"], extra["section"]) == (
        "2015", "国家行政学院学报", "2015年第5期", "公共管理与行政改革")
    text = data.decode("utf-8")
    assert extra["sections"][0] == "一、居住证制度改革的内涵与主要内容"
    assert all(f"\n{heading}\n" in text for heading in extra["sections"])
    # found by hash, i.e. the catalog's sha256 is that of the committed file
    assert CATALOG.entry_for(Path("x"), data) is not None


def test_regions() -> None:
    regions = CATALOG.regions()
    assert {"全国", "上海市", "深圳市", "广东省", "江苏省", "四川省", "内蒙古自治区"} <= set(regions)


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot be read"),
    ("{not json", "not valid JSON"),
    ('{"file": "a"}', "JSON list"),
    ('[{"file": "a", "sha256": "0", "title": "t", "region": "全国", "level": "national", "colour": 1}]',
     "entry 0 \\('a'\\) is malformed"),
])
def test_load_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "catalog.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_catalog(path)
