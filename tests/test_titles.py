"""Documents named by title in a question (qa.answering.titles) on the pack's real titles."""

from __future__ import annotations

import pytest

from qa.answering.titles import TitleIndex

DOCS = [
    {"doc_id": "tiaoli", "title": "居住证暂行条例", "region": "全国", "level": "national"},
    {"doc_id": "hukou", "title": "中华人民共和国户口登记条例", "region": "全国", "level": "national"},
    {"doc_id": "gab", "title": "公安部关于认真做好《居住证暂行条例》贯彻实施工作的通知", "region": "全国",
     "level": "national"},
    {"doc_id": "sz", "title": "深圳经济特区居住证条例", "region": "深圳市", "level": "municipal"},
    {"doc_id": "shjf", "title": "上海市居住证积分管理办法", "region": "上海市", "level": "municipal"},
    {"doc_id": "shbf", "title": "上海市居住证管理办法", "region": "上海市", "level": "municipal"},
    {"doc_id": "art", "title": "居住证制度改革（国家行政学院学报2015年第5期）", "region": "全国", "level": "article"},
]
SHENZHEN = (frozenset({"深圳市", "广东省"}),)
SHANGHAI = (frozenset({"上海市"}),)


@pytest.mark.parametrize(("question", "places", "named"), [
    ("居住证条例什么时候开始实施的", (), {"tiaoli"}),
    ("户口登记条例里小孩出生多久要登记", (), {"hukou"}),
    ("公安部的通知对暂住证怎么说", (), {"gab"}),
    ("那篇文章的作者怎么看积分制", (), {"art"}),
    ("深圳条例规定居住证有效期多久", SHENZHEN, {"sz"}),
    ("上海积分办法规定标准分值是多少", SHANGHAI, {"shjf"}),
    ("申领居住证要满足什么条件", (), set()),  # no title named
    ("上海积分办法规定标准分值是多少", (), set()),  # a local title only counts where its place is asked
])
def test_named_documents(question: str, places: tuple, named: set[str]) -> None:
    assert TitleIndex(DOCS).named(question, places) == frozenset(named)


def test_title_words_of_named_documents() -> None:
    index = TitleIndex(DOCS)
    assert index.words(frozenset({"shjf"})) >= {"积分管理"} and index.words(frozenset()) == set()
