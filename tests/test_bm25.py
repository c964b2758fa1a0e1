"""qa.index.bm25 gives rank_bm25's BM25Okapi scores (its reference implementation) on real chunk tokens."""

from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from qa.index.bm25 import OkapiBM25
from qa.text.segment import tokenize

CORPUS = [
    ("第二条 公民离开常住户口所在地，到其他城市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，"
     "可以申领居住证。"),
    "第十二条 居住证持有人在居住地依法享受劳动就业，参加社会保险，缴存、提取和使用住房公积金的权利。",
    "（八）乘坐市内公共交通工具的优惠服务；",
    "（六）申请免费婚前健康检查；",
    "第二十一条 首次申领居住证，免收证件工本费。换领、补领居住证，应当缴纳证件工本费。",
    "居住证",
]


@pytest.mark.parametrize("query", ["居住证 申领 条件", "公共交通 优惠 居住证 居住证", "婚前健康检查", "不存在", ""])
def test_scores_match_rank_bm25(query: str) -> None:
    docs = [tokenize(text) for text in CORPUS]
    tokens = tokenize(query)
    ours, reference = OkapiBM25(docs), BM25Okapi(docs)
    assert np.allclose(ours.get_scores(tokens), reference.get_scores(tokens))
    assert ours.idf == pytest.approx(reference.idf)


def test_empty_corpus_is_an_explicit_error() -> None:
    with pytest.raises(ValueError):
        OkapiBM25([])


def test_scores_are_the_sum_term_by_term_in_query_order() -> None:
    """get_scores adds each document's term weights in query order (the same floats as a loop)."""
    docs = [tokenize(text) for text in CORPUS]
    index = OkapiBM25(docs)
    for query in (["居住证", "申领", "居住证", "条件"], ["工本费", "补领", "居住", "不存在"]):
        expected = np.zeros(len(docs))
        for term in query:
            if term in index._span:
                a, b = index._span[term]
                expected[index._docs[a:b]] += index._weights[a:b]
        assert np.array_equal(index.get_scores(query), expected)
