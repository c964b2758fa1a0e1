"""BM25 tokenisation."""

from __future__ import annotations

import pytest

from qa.text import segment
from qa.text.segment import tokenize


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


@pytest.mark.parametrize("text", ["暂住证是哪一年开始的", "搬到同一个市的另一个区"])
def test_words_that_hold_no_number_are_not_read_as_one(text: str) -> None:
    # 哪一年 asks which year: read as 哪1年 it would match every "满1年" of the documents.
    assert "1" not in tokenize(text)


def test_punctuation_whitespace_and_stop_words_dropped() -> None:
    tokens = tokenize("居住证的申领条件是什么？  （一）合法稳定就业；\n“ABC”")
    assert not any(t in tokens for t in ("的", "是", "？", "（", "；", "“", " ", "\n"))
    assert "abc" in tokens and "申领" in tokens


def test_article_labels_kept() -> None:
    assert tokenize("第十六条") == tokenize("第十六条")
    assert tokenize("") == []


def test_units_split_sentences_and_list_items() -> None:
    text = "第三十一条 持证人可以享受下列权益：\n\n（一）申领机动车驾驶证；\n（二）申请免费婚前健康检查。其他。"
    units = segment.tokenize_units(text)
    assert len(units) == 4
    assert "婚前" in units[2] and "驾驶证" not in units[2]
    parts = ("第三十一条 持证人可以享受下列权益", "（一）申领机动车驾驶证", "（二）申请免费婚前健康检查", "其他")
    assert [t for unit in units for t in unit] == [t for part in parts for t in segment.tokenize(part)]
    assert segment.tokenize_units("") == [] and segment.tokenize_units("。；\n") == []


def test_nouns_work_as_the_first_call_of_a_process() -> None:
    """nouns() may be the first use of jieba in a process (it must not wait on its own lock)."""
    import subprocess
    import sys

    code = "from qa.text.segment import nouns; print(' '.join(nouns('拿居住证能在银行办信用卡吗')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert "信用卡" in out.stdout.split()


def _precise_mode_with_sub_words(text: str) -> list[str]:
    """The tokeniser as it was before it used jieba's search mode: precise-mode words, each followed
    by its 2- and 3-character dictionary sub-words (Chinese words of 3+ characters only)."""
    import unicodedata

    from qa.text.numbers import normalize_numbers

    tok = segment._get_tokenizer()
    out: list[str] = []
    for word in tok.cut(normalize_numbers(unicodedata.normalize("NFKC", text)).lower(), HMM=segment.USE_HMM):
        word = word.strip()
        if not word or word in segment.STOP_WORDS or not any(ch.isalnum() for ch in word):
            continue
        out.append(word)
        if len(word) >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
            out += [word[i : i + n] for n in (2, 3) if n < len(word) for i in range(len(word) - n + 1)
                    if tok.FREQ.get(word[i : i + n]) and word[i : i + n] not in segment.STOP_WORDS]
    return out


def test_search_mode_gives_the_same_token_bags_on_the_dev_questions() -> None:
    """jieba.cut_for_search replaced a hand-written equivalent: same tokens (as a bag) per question."""
    import json
    from collections import Counter
    from pathlib import Path

    gold = Path(__file__).parent / "gold" / "dev.jsonl"
    questions = [json.loads(line)["question"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(questions) >= 100
    differing = [q for q in questions if Counter(tokenize(q)) != Counter(_precise_mode_with_sub_words(q))]
    assert differing == []
    # The check has teeth: sub-words are really added, and dropping them would show.
    assert any(len(tokenize(q)) > len(tokenize(q, sub_words=False)) for q in questions)


def test_unknown_character_runs_are_not_guessed_into_words() -> None:
    """jieba's HMM would glue an unknown run into a word no document has (15天内发 → 天内发, 只住): the
    verb a question turns on must stay a token that chunks share."""
    assert "发" in tokenize("国家说居住证15天内发，天津要多久")
    assert "天内发" not in tokenize("国家说居住证15天内发，天津要多久")
    assert "住" in tokenize("在深圳只住十来天")
    # Dictionary words are still whole: only the guessing is off.
    assert "居住证" in tokenize("在深圳只住十来天，要办居住证吗")


def test_sub_words_precede_their_word_and_can_be_turned_off() -> None:
    assert tokenize("申领居住证") == ["申领", "居住", "居住证"]
    assert tokenize("申领居住证", sub_words=False) == ["申领", "居住证"]


def test_kept_tokens_are_the_tokens_and_a_fresh_list_each_time() -> None:
    question = "我在深圳住了十个月，社保交了一年，能办居住证吗？"
    first = tokenize(question)
    first.append("被调用方改掉")
    assert tokenize(question) == segment._tokens(question, True, segment._get_tokenizer(), segment.normalize_numbers)
    assert "被调用方改掉" not in tokenize(question)
    segment.forget_tokens()
    assert tokenize(question) == first[:-1]


@pytest.mark.parametrize("text", ["深圳申领居住证需要什么条件？ 深圳市", "居住证丢了怎么补办 补领 丢失\u3000遗失\n换领",
                                  "居住满 十二个月 ＡＢＣ 第十六条", "  "])
def test_a_short_text_cut_piece_by_piece_gives_the_tokens_of_a_whole_cut(text: str) -> None:
    """Short texts are cut between whitespace and their pieces kept: the tokens are the same as
    cutting the whole text at once (jieba never joins words across whitespace)."""
    tok = segment._get_tokenizer()
    for sub_words in (True, False):
        segment.forget_tokens()
        whole = segment._tokens(text, sub_words, tok, segment.normalize_numbers)
        assert tokenize(text, sub_words) == whole
        assert tokenize(text, sub_words) == whole  # from the cache
