"""BM25 tokenisation."""

from __future__ import annotations

import pytest

from qa.segment import tokenize


@pytest.mark.parametrize("term", ["居住证", "暂住证", "积分落户", "合法稳定住所", "合法稳定就业", "随迁子女",
                                  "住房公积金", "公共租赁住房", "特大城市", "签注", "持证人"])
def test_dictionary_terms_stay_whole(term: str) -> None:
    assert term in tokenize(f"关于{term}的规定")


def test_long_words_add_sub_words() -> None:
    tokens = tokenize("申领居住证")
    assert "居住证" in tokens and "居住" in tokens


@pytest.mark.parametrize("a, b", [("居住满十二个月", "居住满12个月"), ("缴纳社会保险一年半", "缴纳社会保险18个月"),
                                  ("１２个月", "12个月")])
def test_numbers_normalised(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b)


def test_punctuation_whitespace_and_stop_words_dropped() -> None:
    tokens = tokenize("居住证的申领条件是什么？  （一）合法稳定就业；\n“ABC”")
    assert not any(t in tokens for t in ("的", "是", "？", "（", "；", "“", " ", "\n"))
    assert "abc" in tokens and "申领" in tokens


def test_article_labels_kept() -> None:
    assert tokenize("第十六条") == tokenize("第十六条")
    assert tokenize("") == []
