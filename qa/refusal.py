"""When to refuse: the checks that decide the documents do not answer a question.

Two moments, both returning a Chinese reason (shown in the refusal) or None:

    before_answer  places without documents, a year after every document, a word the documents
                   never use (``unmentioned_terms``), thin evidence (support)
    after_evidence the chosen sentences do not state the figure the question asks for (多少钱 → 元)

``refusal_text`` turns a reason into the reply, naming the closest documents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from qa import answer as composer
from qa import query as query_mod
from qa.query import Query
from qa.segment import tokenize
from qa.types import RetrievedChunk

# Below this support (0..1) the evidence is too thin to answer; calibrated on tests/gold/dev.jsonl.
DEFAULT_MIN_SUPPORT = 0.22


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: ``reason`` is None when the question may be answered."""

    reason: str | None
    support: float | None = None


def refusal_text(reason: str, closest: list[RetrievedChunk]) -> str:
    """The refusal reply: the reason and up to three closest documents."""
    names = list(dict.fromkeys(f"《{h.chunk.doc_title}》" for h in closest))[:3]
    tail = f"最接近的文件是：{'、'.join(names)}，可供参考，但其中没有直接回答这个问题的内容。" if names else ""
    return f"抱歉，现有文件中没有找到能回答这个问题的依据（{reason}）。{tail}"


def unsupported_year(question: str, hits: list[RetrievedChunk], newest_year: int) -> int | None:
    """A year the question names that is later than every document and in none of the hits."""
    for match in re.finditer(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", question):
        year = int(match.group(1))
        if year > newest_year and not any(match.group(1) in h.chunk.quote for h in hits):
            return year
    return None


def support(weights: dict[str, float], hits: list[RetrievedChunk], scorer: composer.Scorer) -> float:
    """How well the best retrieved chunk covers the question (0..1), blended with dense similarity."""
    best = 0.0
    for hit in hits[:5]:
        coverage = scorer.coverage(weights, hit.chunk.text)
        dense = hit.signals.get("dense")
        blended = coverage if dense is None else 0.7 * coverage + 0.3 * max(0.0, dense)
        best = max(best, blended)
    return best if math.isfinite(best) else 0.0


# What makes a word part of the question itself (几次, 哪些方面, 怎么办, 加多|少), not its topic.
_QUESTION_MORPHEME = re.compile(r"[几哪啥咋怎吗呢么]|多少|什么|多大|多久|多长")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
# Word classes of the tokenizer's dictionary that name things and times (n 名词, nz 其他专名, ns 地名,
# nt 机构, nr 人名, t 时间词, vn 名动词): an unnamed *thing* is what the documents cannot speak about;
# verbs, pronouns and adverbs (提前, 别人, 应该) are ways of asking that the documents word differently.
TOPIC_WORD_CLASSES = frozenset({"n", "nz", "ns", "nt", "nr", "t", "vn"})
# Nouns that ask what a text says rather than name a thing (作者的建议, 有什么作用, 共同点): the
# documents answer them in their own words, so their absence proves nothing.
DISCOURSE_WORDS = frozenset(
    "建议 看法 观点 想法 说法 主张 作用 意义 用处 用途 好处 坏处 优点 缺点 特点 共同点 区别 差别 关系 影响 情况 方面"
    " 内容 问题 措施 答案 解释 原因 结果 前景 趋势 现状 经验 教训 启示".split())


def _word_classes() -> dict[str, str]:
    """Word → part-of-speech tag of jieba's general dictionary (loaded once, ~0.3 s)."""
    global _WORD_CLASSES
    if _WORD_CLASSES is None:
        import jieba.posseg  # its dictionary of tags is read on import

        _WORD_CLASSES = jieba.posseg.dt.word_tag_tab
    return _WORD_CLASSES


_WORD_CLASSES: dict[str, str] | None = None


def preload() -> None:
    """Load the word-class table now (PolicyQA does it in its warm-up thread, off the first answer)."""
    _word_classes()


def _place_tokens(q: Query) -> set[str]:
    names = [*q.places, *q.unknown_places, *q.place_aliases]
    names += [query_mod.short_name(p) for p in names]
    return set(tokenize(" ".join(names))) | set(names)


def _topic_words(q: Query, sub_words: bool = True) -> list[str]:
    """The question's words that can name its topic: 2+ Chinese characters, not generic, not a place,
    not overlapping a question word (加多少 → 加多 is not a word of the topic)."""
    asking = [m.span() for m in _QUESTION_MORPHEME.finditer(q.text)]
    places = _place_tokens(q)
    out = []
    for token in dict.fromkeys(tokenize(q.text, sub_words=sub_words)):
        if (not _CJK_WORD.fullmatch(token) or token in composer._GENERIC or token in composer.QUESTION_WORDS
                or token in places or _QUESTION_MORPHEME.search(token)):
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(token), q.text)]
        if spans and all(any(s < e2 and s2 < e for s2, e2 in asking) for s, e in spans):
            continue
        out.append(token)
    return out


def unmentioned_terms(q: Query, vocabulary: dict[str, float] | set[str]) -> list[str]:
    """Words naming the question's topic that no document uses, nor any synonym of them (周末, 彩票, 网址).

    The documents cannot say anything about a thing they never name, however well the rest of the
    question matches: "派出所周末上班吗" retrieves 派出所 articles that say nothing about weekends.
    Only dictionary words of a naming class (``TOPIC_WORD_CLASSES``) count, so a typo (签柱), a
    fragment the segmenter guessed (第一次办 → 次办) or a verb or pronoun asked in everyday words
    (提前, 别人) never triggers a refusal. A word is mentioned when the documents contain it or an
    expansion of a synonym rule that matches it (小孩 → 子女).

    Args:
        q: the understood question.
        vocabulary: every token of the indexed documents (the BM25 IDF table).

    Returns:
        The unmentioned words in question order (empty: nothing to object to).
    """
    classes = _word_classes()
    rules = [(m, terms) for pattern, terms in query_mod._SYNONYM_RES for m in pattern.finditer(q.text)]
    out = []
    for token in _topic_words(q, sub_words=False):  # a sub-word (共同点 → 同点) is no word of its own
        if token in vocabulary or token in DISCOURSE_WORDS or classes.get(token) not in TOPIC_WORD_CLASSES:
            continue
        synonyms = [t for m, terms in rules if token in m.group(0) or m.group(0) in token for t in terms]
        if any(t in vocabulary for syn in synonyms for t in tokenize(syn)):
            continue
        out.append(token)
    return out


def before_answer(q: Query, hits: list[RetrievedChunk], weights: dict[str, float], scorer: composer.Scorer,
                  newest_year: int, min_support: float = DEFAULT_MIN_SUPPORT) -> Verdict:
    """Refuse before composing: a place without documents, a year after every document, thin evidence."""
    if q.unknown_places and not [p for p in q.places if p != "全国"]:
        return Verdict(f"文件库中没有{'、'.join(q.unknown_places)}的规定")
    year = unsupported_year(q.text, hits, newest_year)
    if year is not None:
        return Verdict(f"文件库中的文件截至{newest_year}年，没有{year}年的规定或数据")
    unmentioned = unmentioned_terms(q, scorer.idf)
    if unmentioned:
        return Verdict(f"文件中没有提到“{'、'.join(unmentioned[:3])}”")
    strength = support(weights, hits, scorer)
    if not hits or strength < min_support:
        return Verdict("检索到的内容与问题关系不大", strength)
    return Verdict(None, strength)


# How many topic words just before the asked quantity name what is counted (本科学历 in
# "积分表里本科学历加多少分"); a sentence giving the figure must name one of them.
FIGURE_SUBJECT_WORDS = 2


def figure_subject(q: Query) -> list[str]:
    """The topic words nearest before the asked quantity (多少分, 几天): what the figure is about."""
    match = composer._ASKED_QUANTITY.search(q.text)
    if match is None:
        return []
    before = q.text[:match.start()]
    words = _topic_words(replace(q, text=before), sub_words=False)
    words.sort(key=before.rfind)
    return words[-FIGURE_SUBJECT_WORDS:]


def after_evidence(q: Query, evidence: list[composer.Evidence]) -> str | None:
    """Refuse after choosing sentences: none found, none states the figure the question asks for, or
    the figures stated are about something else (the 100-point threshold for "本科学历加多少分")."""
    if not evidence:
        return "没有找到相关句子"
    unit = composer.asked_unit(q.text)
    if unit is None:
        return None
    shown = {"钱": "元", "块": "元"}.get(unit, unit)
    with_figure = [e.sentence for e in evidence if composer.gives_figure(unit, [e.sentence])]
    if not with_figure:
        return f"文件中没有给出以“{shown}”计的具体数字"
    subject = figure_subject(q)
    if subject and not any(word in sentence for word in subject for sentence in with_figure):
        return f"文件中给出的以“{shown}”计的数字不是关于“{subject[-1]}”的"
    return None
