"""When to refuse: the checks that decide the documents do not answer a question.

Two moments, both returning a Chinese reason (shown in the refusal) or None:

    before_answer  places without documents, a year after every document, another country or the
                   future, a service detail the documents never give (几点下班, 网址), thin
                   evidence (support)
    after_evidence the chosen sentences do not state the figure the question asks for (多少钱 → 元),
                   or the leading one leaves what is asked to a later rule (具体办法另行制定)

``refusal_text`` turns a reason into the reply, naming the closest documents.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container
from dataclasses import dataclass

from qa.answering import compose as composer
from qa.answering import query as query_mod
from qa.answering.query import short_name, synonym_covers
from qa.answering.titles import ARTICLE_WORDS
from qa.answering.understand import Question, cues
from qa.text.places import province_of
from qa.text.segment import nouns, tokenize
from qa.types import Chunk, RetrievedChunk

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


def unsupported_year(q: Question, hits: list[RetrievedChunk], newest_year: int) -> int | None:
    """A year the question names that is later than every document and in none of the hits."""
    for year in q.years:
        if year > newest_year and not any(str(year) in h.chunk.quote for h in hits):
            return year
    return None


def out_of_scope(q: Question, hits: list[RetrievedChunk]) -> str | None:
    """A reason when the question is about another country or the future, unless a hit speaks of it."""
    seen = " ".join(h.chunk.text for h in hits[:10])
    if q.foreign_country and q.foreign_country not in seen:
        return f"文件库只有中国的规定，没有关于{q.foreign_country}的内容"
    if q.future and q.future not in seen:
        return "文件只写了已经出台的规定，不能回答以后会怎样变化"
    if q.task_request:
        return ("本系统依据文件回答政策问题，不代写或填写文书，不代为计算分数，也不提供个人意见或建议；"
                "文件中的相关规定可以换个问法查询")
    return None


_MODAL = ("能", "可", "会", "要", "想", "该")  # 能交, 能积: a verb phrase jieba tagged as a noun


def unmentioned_use(q: Question, corpus_text: str, skip: set[str]) -> str | None:
    """A noun of a "can the permit be used for X" question that no document contains, or None.

    The documents list what a permit gives; an X they never mention (信用卡, 彩票) is not on the list.
    ``skip``: words the question's places, synonyms or titles already account for.
    """
    if q.permit_use is None:
        return None
    for noun in nouns(q.permit_use):  # what the permit would be used for follows 能/可以
        if noun in skip or noun.startswith(_MODAL) or noun in corpus_text or synonym_covers(noun, q.text):
            continue
        # 多长时间 of 居住证一次能管多长时间, 干嘛 of 能用来干嘛 ask; they are not a use
        if noun in composer.QUESTION_WORDS or cues().cues["asks"].search(noun):
            continue
        return noun
    return None


# Characters before 费 that make a verb of it (交费, 收费, 免费), not the name of a fee.
_FEE_VERBS = "交缴收免付花退减扣取消经话要"
# A fee named in a question: 费 with the one or two characters before it (年费 of 交年费, 快递费).
_FEE_NAME = re.compile(rf"(?=([\u4e00-\u9fff]?([^\W\d_{_FEE_VERBS}]费)))")


def unmentioned_fee(q: Question, corpus_text: str) -> str | None:
    """A fee the question names that no document mentions (年费, 快递费, 考试费), or None: the documents
    cannot say what it costs or whether it is charged. 邮费 is mentioned as 邮寄费用: one character may
    stand between the fee's name and 费."""
    for longer, fee in _FEE_NAME.findall(q.text):
        name = fee[:-1]
        if longer not in corpus_text and not re.search(rf"{name}[\u4e00-\u9fff]?费", corpus_text):
            return fee if longer[0] in _FEE_VERBS else longer  # 交年费 names 年费; 快递费 is three characters
    return None


def missing_service_details(q: Question, hits: list[RetrievedChunk]) -> list[str]:
    """The service details (opening hours, phone, website…) the question asks for and no retrieved
    chunk of the asked place, its province or the nation states (上海's online system says nothing
    of 武汉's)."""
    stated_by = {name: stated for name, _, stated in cues().details}
    places = {p for p in q.places if p != "全国"}
    allowed = places | {province_of(p) for p in places} | {"全国"}
    own = [h for h in hits[:10] if not places or h.chunk.region in allowed]
    return [name for name in q.details if not any(stated_by[name].search(h.chunk.text) for h in own)]


# A question's single characters that the documents almost never use alone (去, 得, 带, 拿) are its
# verbs and particles: their IDF is high only because documents write in compounds (前往, 携带).
FUNCTION_CHARACTER_IDF = 6.0


def _function_character(token: str, idf: dict[str, float]) -> bool:
    return len(token) == 1 and query_mod.has_chinese(token) and idf.get(token, 0.0) >= FUNCTION_CHARACTER_IDF


def support(weights: dict[str, float], hits: list[RetrievedChunk], scorer: composer.Scorer) -> float:
    """How well the best retrieved chunk covers the question (0..1), blended with dense similarity."""
    best = 0.0
    for hit in hits[:5]:
        coverage = scorer.coverage(weights, hit.chunk.text)
        dense = hit.signals.get("dense")
        blended = coverage if dense is None else 0.7 * coverage + 0.3 * max(0.0, dense)
        best = max(best, blended)
    return best if math.isfinite(best) else 0.0


def before_answer(q: Question, hits: list[RetrievedChunk], weights: dict[str, float], scorer: composer.Scorer,
                  newest_year: int, min_support: float = DEFAULT_MIN_SUPPORT,
                  regions: frozenset[str] | None = None, corpus_text: str = "",
                  superseded: Container[str] = ()) -> Verdict:
    """Refuse before composing: a place without documents, a year after every document, thin evidence.

    ``regions`` are the regions the index has documents of: a city without documents whose province
    has none either (东莞 → 广东省) has nothing to stand in for it. ``corpus_text`` (all chunk text)
    tells which things no document mentions. ``superseded``: the documents a newer version in the
    index replaces; what came after any other document ended, no document says.
    """
    with_documents = [p for p in q.places if p != "全国" and (regions is None or p in regions)]
    if q.unknown_places and not with_documents:
        return Verdict(f"文件库中没有{'、'.join(q.unknown_places)}的规定")
    if q.after_expiry and q.named_documents and not any(d in superseded for d in q.named_documents):
        return Verdict("文件库中没有这份文件到期或失效以后的新规定")
    year = unsupported_year(q, hits, newest_year)
    if year is not None:
        return Verdict(f"文件库中的文件截至{newest_year}年，没有{year}年的规定或数据")
    scope = out_of_scope(q, hits)
    if scope is not None:
        return Verdict(scope)
    missing = missing_service_details(q, hits)
    covered = [part for part in q.parts if part.detail is None or part.detail not in missing]
    if missing and not covered:
        return Verdict(f"文件中没有写明{'、'.join(missing)}")
    if corpus_text:
        skip = ({w for p in q.places + q.unknown_places for w in (p, short_name(p))}
                | set(q.place_aliases) | set(ARTICLE_WORDS))
        use = unmentioned_use(q, corpus_text, skip)
        if use is not None:
            return Verdict(f"文件列出的居住证用途和待遇中没有提到“{use}”")
        fee = unmentioned_fee(q, corpus_text) if len(q.parts) <= 1 else None
        if fee is not None:
            return Verdict(f"文件中没有提到“{fee}”")
    # Words no document uses (打零工, 城中村) cannot be covered by any chunk: they would only lower
    # every chunk's support alike.
    known = {t: w * (composer.GENERIC_SHARE if _function_character(t, scorer.idf) else 1.0)
             for t, w in weights.items() if t in scorer.idf}
    strength = support(known or weights, hits, scorer)
    if not hits or strength < min_support:
        return Verdict("检索到的内容与问题关系不大", strength)
    return Verdict(None, strength)


# A fee clause saying nothing is charged (首次申领居住证，免收证件工本费; 签注不得收取费用).
_NO_CHARGE = re.compile(r"免收|免费|免予收取|不得收取|不收取|不予收取|不收费")
_PIECE = re.compile(r"[^，,。；;]+")


def _fee_statements(sentence: str, states_fee: re.Pattern[str]) -> list[str]:
    """The sentence cut after each comma piece that speaks of a fee, so that each statement keeps its
    subject: 首次申领居住证，免收证件工本费 | 换领、补领应当缴纳工本费."""
    out, pending = [], ""
    for piece in _PIECE.findall(sentence):
        if piece.startswith("\n"):
            pending = ""  # an item of a list is a statement of its own ((六)申请免费婚前健康检查)
        pending += piece + "，"
        if states_fee.search(piece):
            out.append(pending.rstrip("，"))
            pending = ""
    return out


def no_charge_answers(q: Question, evidence: list[composer.Evidence], vocabulary: Container[str]) -> bool:
    """Whether a fee clause of the evidence says nothing is charged for the case the question names:
    办居住证要多少钱 and 签注要多少钱 are answered by 首次申领…免收 and 签注…不得收取费用; 补办要多少钱 (补领
    is charged), 拍证件照要多少钱 or 领多少钱补贴 (no clause names them) are not."""
    fee, states_fee = cues().kind("fee"), cues().states("fee")
    if fee is None or states_fee is None:
        return False
    places = {p for p in q.places if p != "全国"}
    # A place's own rule on fees, where the evidence has one, stands for it (上海…按收费标准收取工本费).
    own = [e for e in evidence if e.hit.chunk.region in places and states_fee.search(e.sentence)]
    clauses = [c for e in own or evidence for c in _fee_statements(e.sentence, states_fee) if _NO_CHARGE.search(c)]
    if not clauses:
        return False
    # The question without its fee words names the case: each of its words (or their synonyms) must
    # be in the clause. Its words are its nouns (证件照, 补贴) and the words the documents use (补办,
    # 签注), not jieba's leftovers (次办 of 第一次办); generic words (办, 居住证) and places name no case.
    case = fee.asked.sub("", q.text)
    place_words = {w for p in places for w in (p, short_name(p))}
    words = [t for t in dict.fromkeys([t for t in tokenize(case) if t in vocabulary] + nouns(case))
             if len(t) > 1 and t not in composer.GENERIC_WORDS and not any(t in w for w in place_words)]

    forms = [(w, *query_mod.understand(w).expansions) for w in words]  # each word with its synonyms
    if not forms:
        # A case said only in words the documents do not use (丢了补一张) is named by their synonyms
        # (补领, 丢失…): without them every no-charge clause would seem to answer it.
        synonyms = query_mod.understand(case).expansions
        named = tuple(t for t in synonyms if not any(t in w or w in t for w in place_words))
        forms = [named] if named else []
    return any(all(any(form in clause for form in group) for group in forms) for clause in clauses)


def money_pieces(question: str, sentences: list[str]) -> list[str]:
    """The comma pieces of ``sentences`` that can state the sum asked: a fine's pieces (罚) for a fine
    asked, the others for a fee (工本费是多少 is not answered by 处五十元以下罚款)."""
    fine = "罚" in question
    return [piece for sentence in sentences for piece in _PIECE.findall(sentence) if ("罚" in piece) == fine]


# A number with what it counts (20万人, 三十日, 50%, 两倍): what answers a figure asked in no unit of its
# own (总数是多少). Article and item numbers (第三条, （一）) are not figures.
_STATED_NUMBER = re.compile(r"(?<![第（(\d])(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千万两半]+)\s*"
                            r"(?:%|％|平方米|工作日|[个名人户万亿元岁年月日天项次倍成米分])")


# A clause leaving the details to a rule not yet made (具体办法另行制定, 由市人民政府另行规定) or to a list
# another office draws up and publishes (紧缺急需专业目录，由市人力资源社会保障局…制定后向社会公布).
_DELEGATED = re.compile(r"另行(?:制定|规定|公布|确定)|(?:具体|实施)(?:办法|细则|标准)由[^。；，]{1,12}制定"
                        r"|由[^。；]{1,40}(?:制定|拟定)(?:后|，?并)向社会公布")


# The delegated part is all the details of what the clause grants (具体办法由市级相关部门另行制定).
_ALL_DETAILS = re.compile(r"(?:具体|实施)(?:办法|细则|标准|措施)")
_SPECIFICS_ASKED = re.compile(r"具体|详细")


def delegated_details(q: Question, evidence: list[composer.Evidence]) -> tuple[str, Chunk] | None:
    """The clause leaving what the question asks to a later rule or list, with its chunk, or None.

    The leading sentence's (西安积分落户具体怎么打分 → 具体办法另行制定); or a sentence of a chosen article
    whose subject ends in a word the question asks and shares another with it (创业人才积分具体条件，由市科委
    …制定后向社会公布 for 创业人才具体要满足啥条件; 创业人才能加多少分 is answered by 积120分 beside it).
    Whether such a scheme exists, whether one may apply, or who sets it, the clause answers.
    """
    if not evidence or not cues().cues["asks_details"].search(q.text):
        return None
    lead = evidence[0]
    found = next((piece.strip() for piece in _PIECE.findall(lead.sentence) if _DELEGATED.search(piece)), None)
    if found is not None:
        return found, lead.hit.chunk
    words = {t for t in tokenize(q.text) if len(t) > 1}
    asked = words - composer.GENERIC_WORDS
    chunks = {e.hit.chunk.chunk_id: e.hit.chunk for e in evidence}
    for chunk in chunks.values():
        if not _DELEGATED.search(chunk.quote):
            continue  # most articles leave nothing to another rule: no need to split them
        for sentence in composer.split_sentences(chunk.quote):
            delegated = _DELEGATED.search(sentence)
            before = [p.strip() for p in _PIECE.findall(sentence[:delegated.start()])] if delegated else []
            # 享有相关基本公共服务和便利，具体办法另行制定: the details of the whole clause before are left
            # (only when the question asks the specifics: 能享受哪些服务 is answered by the national list)
            whole = bool(before) and _SPECIFICS_ASKED.search(q.text) is not None and bool(
                _ALL_DETAILS.match(sentence[delegated.start():]) or _ALL_DETAILS.fullmatch(before[-1]))
            if whole and _ALL_DETAILS.fullmatch(before[-1]):
                before = before[:-1]
            subject = before[-1] if before else ""
            if ((whole or any(subject.endswith(t) for t in words))
                    and len(asked & set(tokenize(subject))) >= 2):
                return sentence.strip(), chunk
    return None


def after_evidence(q: Question, evidence: list[composer.Evidence], vocabulary: Container[str] = ()) -> str | None:
    """Refuse after choosing sentences: none found, or none states the figure the question asks for
    (a sum of money is also answered by a clause saying nothing is charged; ``vocabulary``: the
    documents' words, see ``no_charge_answers``)."""
    if not evidence:
        return "没有找到相关句子"
    delegated = delegated_details(q, evidence)
    if delegated is not None:
        clause, source = delegated
        return f"《{source.doc_title}》{source.locator or ''}只规定“{clause}”，文件库中没有这一具体办法"
    unit = q.unit
    # The answer comes first: the figure must be in the leading source's sentences. A question of several
    # parts asks its figure in one part only; the parts are answered one by one.
    leading_chunk = evidence[0].hit.chunk.chunk_id
    sentences = [e.sentence for e in evidence if e.hit.chunk.chunk_id == leading_chunk]
    if unit in composer.MONEY_UNITS and no_charge_answers(q, evidence, vocabulary):
        return None
    if unit in composer.MONEY_UNITS:
        sentences = money_pieces(q.text, sentences)
    if unit is not None and len(q.parts) <= 1 and not composer.gives_figure(unit, sentences):
        shown = {"钱": "元", "块": "元", "周岁": "岁", "成": "%"}.get(unit, unit)
        return f"文件中没有给出以“{shown}”计的具体数字"
    # A figure in no unit of its own may be stated by any source chosen (房子至少要多大: 60平方米 of the
    # second source), the first answering what else the question names.
    if (unit is None and q.amount and len(q.parts) <= 1
            and not any(_STATED_NUMBER.search(e.sentence) for e in evidence)):
        return "文件中没有给出所问的具体数字"
    return None
