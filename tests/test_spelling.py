"""Misspelt words mended by their sound against the documents' words (qa.text.spelling)."""

from __future__ import annotations

import pytest

from qa.text.spelling import Speller

DOCUMENT_TEXT = ("居住证持有人应当办理签注手续。流动人口应当申报居住登记。公示期满后注销居住证。"
                 "首次申领居住证免收工本费。可以申请公租房。国家机关和有关单位。当事人的结婚证。")
COMMON_WORDS = ["居住证", "签注", "登记", "居住登记", "注销", "工本费", "公租房", "国家", "公示", "结婚证",
                "以下", "指导", "近年"]


def _speller() -> Speller:
    pairs = {DOCUMENT_TEXT[i:i + 2] for i in range(len(DOCUMENT_TEXT) - 1)}
    return Speller(COMMON_WORDS, pairs)


@pytest.mark.parametrize(("question", "mended"), [
    ("武汉不办居住登计会罚多少", "武汉不办居住登记会罚多少"),
    ("天津办居住征要带户口本吗", "天津办居住证要带户口本吗"),
    ("上海居住证超过多少天不签注会被注消", "上海居住证超过多少天不签注会被注销"),
    ("深圳居住证签住要满足什么条件", "深圳居住证签注要满足什么条件"),
    ("能申请公阻房吗", "能申请公租房吗"),
    ("那制证的公本费谁出", "那制证的工本费谁出"),
])
def test_a_homophone_misspelling_becomes_the_documents_word(question: str, mended: str) -> None:
    assert _speller().mend(question) == mended


@pytest.mark.parametrize("question", [
    "今年能办居住证吗",            # 今年 is a word of the language, not a misspelt 近年
    "暂住登记一来就办了",          # numbers stay: 一来 is not 以来
    "想问一下能不能办",            # 一下 is not 以下
    "我在同一个市里换了个区住",    # function characters stay: 个区 is no 各区
    "一直没搬过家",                # 过家 is no 国家
    "老公是本地户口",              # 公是 starts inside the word 老公: no 公示
    "我们结婚整5年了",             # an amount word stays: no 结婚证
    "居住证丢了怎么补办",          # nothing misspelt
])
def test_words_that_only_sound_like_the_documents_words_are_left_alone(question: str) -> None:
    assert _speller().mend(question) == question


def test_an_empty_vocabulary_mends_nothing() -> None:
    assert Speller([], set()).mend("武汉不办居住登计会罚多少") == "武汉不办居住登计会罚多少"
