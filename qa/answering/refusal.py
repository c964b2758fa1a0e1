"""When to refuse: the checks that decide the documents do not answer a question.

Two moments, both returning a Chinese reason (shown in the refusal) or None:

    before_answer  places without documents, a year after every document, another country or the
                   future, a service detail the documents never give (几点下班, 网址), thin
                   evidence (support)
    after_evidence the chosen sentences do not state the figure the question asks for (多少钱 → 元)

``refusal_text`` turns a reason into the reply, naming the closest documents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qa.answering import compose as composer
from qa.answering.query import Query, short_name, synonym_covers
from qa.answering.titles import ARTICLE_WORDS
from qa.text.segment import nouns
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


# Service details that policy documents do not give: (what, asked by, stated by).
_SERVICE_DETAILS = tuple(
    (name, re.compile(asked, re.IGNORECASE), re.compile(stated, re.IGNORECASE))
    for name, asked, stated in (
        ("办公时间",
         r"几点|周末|双休|节假日|假期.{0,4}(?:上班|办公|开门)|[上下]班时间|开门|关门|营业时间|办公时间",
         r"\d{1,2}\s*[:：点时]|周[一二三四五六日末]|星期|节假日|办公时间"),
        ("联系电话",
         r"(?:哪个|什么|多少)(?:电话|号码)|(?:电话|号码)(?:号码)?(?:是)?(?:多少|几号)|热线|打电话|咨询电话|联系电话",
         r"\d{3,4}-?\d{7,8}|热线|1\d{4}(?!\d)"),
        # A web address is a URL; a system's name (积分管理信息系统) or "政府网站" is not one.
        ("网址", r"网址|网站(?:地址|链接)|网页链接|(?:是|在)哪个网站", r"https?://|www\.|\.(?:cn|com)(?![a-z])"),
        ("手机应用",
         r"(?<![a-z])app(?![a-z])|小程序|公众号|支付宝|微信",
         r"(?<![a-z])app(?![a-z])|客户端|小程序|公众号|支付宝|微信"),
        ("办理地点的地址", r"哪条[街路]|什么[街路]|门牌|(?:详细|具体|什么)地址|地址(?:在哪|是(?:什么|哪|多少))|地址和电话",
         r"[路街道]\s*\d+\s*号|地址[:：]"),
        ("排队等候的时间", r"排[^，。？?]{0,4}队|等号|等多久", r"排队|等候"),
    ))


# Countries other than China: the documents are Chinese regulations (美国绿卡, 日本的在留卡).
_FOREIGN_COUNTRY = re.compile(r"美国|日本|韩国|朝鲜|英国|法国|德国|意大利|西班牙|俄罗斯|加拿大|澳大利亚|澳洲|新西兰|新加坡"
                              r"|马来西亚|泰国|越南|印度|菲律宾|印尼|巴西|欧盟")
# A future the documents cannot know (明年…会有什么变化); years after every document are checked apart.
# 以后 alone also means "after" (办了居住证以后会有什么好处), so it counts only before 会不会 + a change.
_FUTURE = re.compile(r"明年|后年|下一年|未来几年|今后几年|下一步.{0,6}会|(?:将来|今后|未来)(?:会不会|还会|是否会|会)"
                     r"|以后(?:还)?会不会(?:放宽|取消|调整|降低|提高|改|变)|什么时候会|何时会|哪年会")


def out_of_scope(question: str, hits: list[RetrievedChunk]) -> str | None:
    """A reason when the question is about another country or the future, unless a hit speaks of it."""
    seen = " ".join(h.chunk.text for h in hits[:10])
    country = _FOREIGN_COUNTRY.search(question)
    if country and country.group() not in seen:
        return f"文件库只有中国的规定，没有关于{country.group()}的内容"
    future = _FUTURE.search(question)
    if future and future.group() not in seen:
        return "文件只写了已经出台的规定，不能回答以后会怎样变化"
    return None


# "Can the permit be used for X" (居住证能用来办信用卡吗, 拿居住证能买彩票吗): the documents list what a
# permit gives; an X they never mention is not on the list.
_PERMIT_USE = re.compile(r"居住证[^，。？！,?!]{0,12}?(?:能|可以|可不可以|能不能|能否)"
                         r"|(?:能|可以|能不能|能否)[^，。？！,?!]{0,3}(?:用|凭|拿|持)[^，。？！,?!]{0,3}居住证")
_MODAL = ("能", "可", "会", "要", "想", "该")  # 能交, 能积: a verb phrase jieba tagged as a noun


def unmentioned_use(question: str, corpus_text: str, skip: set[str]) -> str | None:
    """A noun of a "can the permit be used for X" question that no document contains, or None.

    ``skip``: words the question's places, synonyms or titles already account for.
    """
    use = _PERMIT_USE.search(question)
    if use is None:
        return None
    for noun in nouns(question[use.end():]):  # what the permit would be used for follows 能/可以
        if noun in skip or noun.startswith(_MODAL) or noun in corpus_text or synonym_covers(noun, question):
            continue
        return noun
    return None


def missing_service_detail(question: str, hits: list[RetrievedChunk]) -> str | None:
    """The kind of service detail (opening hours, phone, website…) the question asks for and no
    retrieved chunk states, or None."""
    for name, asked, stated in _SERVICE_DETAILS:
        if asked.search(question) and not any(stated.search(h.chunk.text) for h in hits[:10]):
            return name
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


def before_answer(q: Query, hits: list[RetrievedChunk], weights: dict[str, float], scorer: composer.Scorer,
                  newest_year: int, min_support: float = DEFAULT_MIN_SUPPORT,
                  regions: frozenset[str] | None = None, corpus_text: str = "") -> Verdict:
    """Refuse before composing: a place without documents, a year after every document, thin evidence.

    ``regions`` are the regions the index has documents of: a city without documents whose province
    has none either (东莞 → 广东省) has nothing to stand in for it. ``corpus_text`` (all chunk text)
    tells which things no document mentions.
    """
    with_documents = [p for p in q.places if p != "全国" and (regions is None or p in regions)]
    if q.unknown_places and not with_documents:
        return Verdict(f"文件库中没有{'、'.join(q.unknown_places)}的规定")
    year = unsupported_year(q.text, hits, newest_year)
    if year is not None:
        return Verdict(f"文件库中的文件截至{newest_year}年，没有{year}年的规定或数据")
    scope = out_of_scope(q.text, hits)
    if scope is not None:
        return Verdict(scope)
    detail = missing_service_detail(q.text, hits)
    if detail is not None:
        return Verdict(f"文件中没有写明{detail}")
    if corpus_text:
        skip = {w for p in q.places + q.unknown_places for w in (p, short_name(p))} | set(q.place_aliases) | set(ARTICLE_WORDS)
        use = unmentioned_use(q.text, corpus_text, skip)
        if use is not None:
            return Verdict(f"文件列出的居住证用途和待遇中没有提到“{use}”")
    # Words no document uses (打零工, 城中村) cannot be covered by any chunk: they would only lower
    # every chunk's support alike.
    known = {t: w for t, w in weights.items() if t in scorer.idf}
    strength = support(known or weights, hits, scorer)
    if not hits or strength < min_support:
        return Verdict("检索到的内容与问题关系不大", strength)
    return Verdict(None, strength)


def after_evidence(q: Query, evidence: list[composer.Evidence]) -> str | None:
    """Refuse after choosing sentences: none found, or none states the figure the question asks for."""
    if not evidence:
        return "没有找到相关句子"
    unit = composer.asked_unit(q.text)
    if unit is not None and not composer.gives_figure(unit, [e.sentence for e in evidence]):
        shown = {"钱": "元", "块": "元", "周岁": "岁", "成": "%"}.get(unit, unit)
        return f"文件中没有给出以“{shown}”计的具体数字"
    return None
