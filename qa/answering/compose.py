"""Grounded, extractive answer composer (the default: offline and deterministic).

It never writes a fact of its own: the answer is built from whole sentences of the retrieved
chunks, each followed by the [n] marker of the chunk it comes from, so every number, date and
condition in the text is inside a cited quote. When the best evidence covers too little of the
question, it refuses and names the closest documents instead of guessing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from qa.answering.authority import ARTICLE_KINDS, EvidencePolicy
from qa.answering.query import PLACE_NAME_RE
from qa.types import Chunk, Citation, RetrievedChunk

# Sentence ends inside a quote; a table row's cells (；) are kept together with the row.
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
# Pure question words: dropped from the BM25 query, where their high IDF (documents never ask
# questions) would otherwise outweigh the words that carry the topic.
QUESTION_WORDS = frozenset(
    "什么 哪些 哪个 哪里 哪儿 怎么 怎样 怎么样 如何 需要 可以 能 能不能 会 会不会 吗 呢 吧 啊 多少 多久 多长 几"
    " 是否 我 我们 你 他 她 请问 一下 现在 目前 什么时候 时候 哪一年 哪年 为什么 干嘛 到底"
    " 具体 一般 还 也 就 才 算 搞 弄 想 知道 问 这个 那个 要 有没有 没有 了 的 满足"
    # colloquial adverbs the documents hardly use: rare, so they would weigh as if they were the topic
    " 已经 还是 一直 其实 真的 究竟 大概 差不多 然后 是不是 一共 总共".split())
# Words that appear in nearly every question of this domain: they say little about relevance.
GENERIC_WORDS = QUESTION_WORDS | frozenset(
    "居住证 居住 证 申领 办理 办 规定 条件 几年 几个 有 人 和 与 及 开始 出现 说 讲 提 提出 都"
    " 地方 当地 国家 文件 政策".split())
MAX_SENTENCE_CHARS = 260
# The share of its IDF a generic word weighs in a question.
GENERIC_SHARE = 0.2


@dataclass(frozen=True)
class Evidence:
    """A sentence picked for the answer, with the chunk it comes from."""

    sentence: str
    hit: RetrievedChunk
    score: float


_LIST_ITEM = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")
MAX_LIST_CHARS = 420


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` as exact substrings (whitespace-trimmed), in order.

    A sentence that ends with a colon keeps the list items that follow it (（一）… （二）…), so
    "提供下列基本公共服务：" never stands without its list.
    """
    spans = _unwrapped([(m.start(), m.end()) for m in _SENTENCE.finditer(text)], text)
    out = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        if text[start:end].rstrip().endswith(("：", ":")):
            while (i + 1 < len(spans) and _LIST_ITEM.match(text, spans[i + 1][0])
                   and spans[i + 1][1] - start <= MAX_LIST_CHARS):
                i += 1
                end = spans[i][1]
        sentence = text[start:end].strip()
        if len(sentence) >= 4:
            out.append(sentence)
        i += 1
    return out


# A hard-wrapped line (…设置和确定积分指标⏎体系，对…) runs on into the next one: the line is long, ends
# without punctuation, and the next line starts no item, article or heading.
_WRAPPED_MIN_CHARS = 12
_STARTS_BLOCK = re.compile(r"[（(【]|第[一二三四五六七八九十百零〇\d]+[条章节]|[一二三四五六七八九十]+、|\d+[.．、]")


def _unwrapped(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            prev_start, prev_end = out[-1]
            line = text[prev_start:prev_end]
            if (text[prev_end:start] == "\n" and len(line.strip()) >= _WRAPPED_MIN_CHARS
                    and not re.search(r"[。！？!?；;：:，,、]\s*$", line) and not _STARTS_BLOCK.match(text, start)):
                out[-1] = (prev_start, end)
                continue
        out.append((start, end))
    return out


def _trim(sentence: str) -> str:
    """Cut an over-long sentence at a clause boundary (the result stays a substring)."""
    if len(sentence) <= MAX_SENTENCE_CHARS or "\n" in sentence:  # a colon with its list stays whole
        return sentence
    cut = max(sentence.rfind(mark, 0, MAX_SENTENCE_CHARS) for mark in "；，：")
    return sentence[: cut + 1] if cut > 40 else sentence[:MAX_SENTENCE_CHARS]


# Token sets of scored texts kept per scorer: at most ~40 MB (a sentence's set is 1–2 KB).
TOKEN_SET_CACHE = 20_000


class Scorer:
    """IDF-weighted overlap between question tokens and a text's tokens."""

    def __init__(self, idf: dict[str, float], tokenize) -> None:
        self.idf = idf
        self.tokenize = tokenize
        self.default_idf = max(idf.values(), default=1.0)
        # The same chunk sentences are scored for many questions: their token sets are kept.
        self._token_set = lru_cache(maxsize=TOKEN_SET_CACHE)(lambda text: frozenset(tokenize(text)))

    def weights(self, tokens: list[str], expansions: list[str] = ()) -> dict[str, float]:
        """Token weights: IDF, damped for generic words; synonym expansions count half."""
        # dict.fromkeys, not set: a fixed summation order keeps scores (and ties) identical across runs.
        out = {t: 0.5 * max(self.idf.get(t, self.default_idf), 0.1)
               for t in dict.fromkeys(expansions) if t not in GENERIC_WORDS}
        out.update({t: (GENERIC_SHARE if t in GENERIC_WORDS else 1.0) * max(self.idf.get(t, self.default_idf), 0.1)
                    for t in dict.fromkeys(tokens)})
        return out

    def coverage(self, weights: dict[str, float], text: str) -> float:
        """Share of the question's token weight that ``text`` contains (0..1)."""
        total = sum(weights.values())
        if not total:
            return 0.0
        tokens = self._token_set(text)
        # A question word of two or more characters that no document uses as a word (再补 of 再补签) may
        # still stand inside the documents' words: it counts where the text contains it. Single characters
        # do not (手 of 拿到手 is inside every 手续).
        found, idf = 0, self.idf
        for t, w in weights.items():  # a loop, not sum() over a generator: the same additions, faster
            if t in tokens or (len(t) > 1 and t not in idf and t in text):
                found += w
        return found / total


# Kinds of chunk that state rules; for rule questions they outrank commentary paragraphs.
RULE_KINDS = frozenset({"article", "clause", "table_row"})
COMMENTARY_PRIOR = 0.8


# A sentence about other places than the ones asked about (or about particular places when the
# question is general) is worth less: 上海和深圳均要求… does not answer a national question.
OFF_PLACE_PRIOR = 0.6
FOLLOW_CHARS = 80
# A further sentence must score at least this share of the best one to be added.
MIN_RELATIVE_SCORE = 0.25


_NUMBER_WORD = re.compile(r"\d|[一二三四五六七八九十百]+[个年月日]")
# Sentence units whose reading is kept (a few per chunk of the pack).
UNIT_FACTS_CACHE = 16_384


@lru_cache(maxsize=UNIT_FACTS_CACHE)
def _unit_facts(unit: str) -> tuple[bool, str, frozenset[str], bool]:
    """What ``pick_evidence`` reads of a sentence unit whatever the question: whether it is a question
    of its own (not a heading), the unit cut to length (``_trim``), the place names in the cut unit,
    and whether it states a number. Chunks' sentences recur from question to question."""
    asks = unit.rstrip().endswith(("？", "?")) and not _HEADING.match(unit)
    sentence = _trim(unit)
    return (asks, sentence, frozenset(PLACE_NAME_RE.findall(sentence)),
            _NUMBER_WORD.search(sentence) is not None)


def _with_following(candidates: list[Evidence], max_sentences: int, follow: int,
                    neighbour: Callable[[Chunk, int], Chunk | None] | None = None) -> list[Evidence]:
    """The best sentence with the one before it and the ``follow`` after it, in its chunk (a "why" answer).

    An argument states its point and then its reasons: the reasons rarely repeat the question's
    words, so they are taken by position rather than by score.
    """
    if not candidates or candidates[0].score <= 0:
        return []
    best = candidates[0]
    # A numbered point (第三，应降低…) nearly as good as the best sentence anchors the answer: its
    # reasons follow it, and the best sentence is usually among them.
    point = next((e for e in candidates[:4] if _HEADING.match(e.sentence) and e.score >= HEADING_ANCHOR * best.score
                  and e.hit.chunk.kind in ("paragraph", "section")), None)
    if point is not None:
        return _with_heading_bodies([point, *_second_source(candidates, point, best.score)[:1]],
                                    HEADING_BODY_CHARS + follow * FOLLOW_CHARS)
    sentences = split_sentences(best.hit.chunk.quote)
    start = next((i for i, sentence in enumerate(sentences) if best.sentence in sentence), 0)
    # One sentence before too: a conclusion (因此…) follows its reasons.
    # After it, sentences up to about ``follow`` × 80 characters: reasons are long or short.
    end, budget = start + 1, follow * FOLLOW_CHARS
    while end < len(sentences) and budget > 0:
        budget -= len(sentences[end])
        end += 1
    window = sentences[max(0, start - 1):end]
    chosen = [Evidence(_trim(sentence), best.hit, best.score) for sentence in window]
    before = neighbour(best.hit.chunk, -1) if neighbour and start == 0 else None
    if before is not None and before.locator == best.hit.chunk.locator and split_sentences(before.quote):
        # The point starts a chunk: the sentence before it ends the previous chunk of the section.
        chosen.insert(0, Evidence(_trim(split_sentences(before.quote)[-1]), RetrievedChunk(before, best.score),
                                  best.score))
    missing = follow - (end - start - 1) if budget > 0 else 0
    following = neighbour(best.hit.chunk, 1) if neighbour and missing > 0 else None
    if following is not None and following.locator == best.hit.chunk.locator:
        # The argument runs on into the next chunk of the same section: cite that chunk too.
        hit = RetrievedChunk(following, best.score)
        chosen += [Evidence(_trim(sentence), hit, best.score)
                   for sentence in split_sentences(following.quote)[:missing]]
    if len(chosen) < max_sentences + follow:
        # a second source that is a point or an interview's question brings what it says
        chosen += _with_heading_bodies(_second_source(candidates, best, best.score)[:1])
    return chosen


def _second_source(candidates: list[Evidence], first: Evidence, best_score: float) -> list[Evidence]:
    """Candidates from other chunks than ``first``'s that score at least MIN_RELATIVE_SCORE of the best."""
    return [e for e in candidates if e.hit.chunk.chunk_id != first.hit.chunk.chunk_id
            and e.score >= MIN_RELATIVE_SCORE * best_score]


# A sentence stating what the question's kind asks for (a date for 什么时候, a duration for 多久, a
# cause for 为什么: ``Question.answer_cue``) gets this bonus: a topical sentence without the date
# does not answer "when".
ANSWER_CUE_BONUS = 0.2


# An article's label (第九条) and its caption (（一票否决指标）).
ARTICLE_LABEL = r"第[一二三四五六七八九十百零〇\d]+条"
_CAPTION = r"[（(][^（）()]{1,20}[）)]"
# The two on a line of their own say nothing by themselves.
_CAPTION_ONLY = re.compile(rf"^({ARTICLE_LABEL})?\s*{_CAPTION}\s*[。]?$")


# Chunks whose sentence units are kept: a chunk is split the same way for every question that
# retrieves it (the pack has ~1,600 chunks; the units hold about the text of the chunks kept).
QUOTE_UNITS_CACHE = 4096


@lru_cache(maxsize=QUOTE_UNITS_CACHE)
def _with_captions(quote: str) -> tuple[str, ...]:
    """The sentences of ``quote``, an article's label-and-caption line joined to the sentence after it.

    第九条（一票否决指标） alone says nothing, but it says what the next sentence is about.
    """
    sentences = split_sentences(quote)
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(sentences):
        start = quote.find(sentences[i], pos)
        if _CAPTION_ONLY.match(sentences[i]) and i + 1 < len(sentences):
            nxt = quote.find(sentences[i + 1], start + len(sentences[i]))
            end = nxt + len(sentences[i + 1])
            out.append(quote[start:end])
            pos, i = end, i + 2
            continue
        out.append(sentences[i])
        pos, i = start + len(sentences[i]), i + 1
    return tuple(out)


def _rank_prior(rank: int) -> float:
    """How much a sentence of the chunk at retrieval ``rank`` (0 = first) counts: gently less further down."""
    return 1.0 / (1.0 + 0.2 * rank)


# A sentence is first about the question (its share of the question's words); only then does
# stating what the kind asks for (a figure, a date, a cause) count, and only for sentences at least
# this share as much about the question as the best one: a bare 本条例自2016年1月1日起施行 states a
# date but answers no question about 签注.
ON_TOPIC_SHARE = 0.5
# A sentence stating a figure in the asked unit (多少分 → 120分) is the answer even when it shares few
# of the question's words: any sentence on the topic at all gets this bonus.
FIGURE_BONUS = 1.0


def _ranked(scored: list[tuple[str, RetrievedChunk, float, float, float, float]], per_chunk: int) -> list[Evidence]:
    """The best ``per_chunk`` sentences of each chunk, scored relative to the best coverage anywhere."""
    best = max((coverage for _, _, coverage, _, _, _ in scored), default=0.0)
    if best <= 0:
        return []
    by_chunk: dict[str, list[Evidence]] = {}
    for sentence, hit, coverage, bonus, figure, prior in scored:
        if coverage <= 0:
            continue
        relative = coverage / best
        score = (relative + figure + (bonus if relative >= ON_TOPIC_SHARE else 0.0)) * prior
        by_chunk.setdefault(hit.chunk.chunk_id, []).append(Evidence(sentence, hit, score))
    candidates: list[Evidence] = []
    for sentences in by_chunk.values():
        sentences.sort(key=lambda e: -e.score)
        candidates.extend(sentences[:per_chunk])
    return candidates


def pick_evidence(hits: list[RetrievedChunk], weights: dict[str, float], scorer: Scorer, max_sentences: int,
                  per_chunk: int = 2, unit: str | None = None, prefer_rules: bool = False,
                  cue: re.Pattern[str] | None = None, place_names: tuple[str, ...] | None = None,
                  avoid_names: tuple[str, ...] = (), follow: int = 0,
                  neighbour: Callable[[Chunk, int], Chunk | None] | None = None,
                  min_relative: float = MIN_RELATIVE_SCORE, policy: EvidencePolicy | None = None,
                  by_rank: bool = True) -> list[Evidence]:
    """Best sentences across the top chunks, favouring higher-ranked chunks.

    ``policy``: the question's weighing of authority, superseded versions and clause roles
    (``qa.answering.authority.EvidencePolicy``): the national regulation before a notice restating
    it, a transition clause below the clause that answers.

    ``unit`` (元, 分, 天…): the question asks for a figure; sentences stating one are preferred.
    ``cue``: what an answering sentence states for this question's kind (``Question.answer_cue``).
    ``prefer_rules``: a question about what the rules say (conditions, deadlines, dates) prefers
    sentences of 条/款/table rows over the article's commentary.
    ``place_names``: short names of the places asked about (empty = a general question); None
    turns the place check off (comparisons pick per place themselves).
    ``avoid_names``: sentences naming any of these places are skipped (a comparison row keeps to
    its own place; sentences comparing several go under the table).
    ``min_relative``: a further sentence must score at least this share of the best one.
    A chosen sentence of an article of at most SHORT_ARTICLE_CHARS brings the article's other sentences.
    ``by_rank``: higher-ranked chunks count more (off for one part of a question with several: the
    chunks were ranked for the whole question, mostly for its first part).
    ``follow``: take the best sentence with the sentences after it in its chunk (see
    ``_with_following``) instead of the best sentences anywhere.
    """
    # (sentence, hit, coverage, bonus, figure bonus, prior) of every sentence, scored once the best coverage is known.
    scored: list[tuple[str, RetrievedChunk, float, float, float]] = []
    for rank, hit in enumerate(hits):
        prior = _rank_prior(rank) if by_rank else 1.0
        if policy is not None:
            prior *= policy.chunk_prior(hit.chunk.doc_id)
        if prefer_rules and hit.chunk.kind not in RULE_KINDS:
            prior *= COMMENTARY_PRIOR
        if place_names == () and hit.chunk.region != "全国":
            prior *= OFF_PLACE_PRIOR  # a general question: a province's copy of the national rule ranks below it
        # A table row is about the place in its locator (表1 深圳市).
        if (place_names is not None and hit.chunk.locator and hit.chunk.kind == "table_row"
                and not any(name in hit.chunk.locator for name in place_names)):
            prior *= OFF_PLACE_PRIOR
        # A comparison row (one place asked) takes from national text and the article only the
        # sentences that name its place: "各地规定比较一致" says nothing about 上海 in particular.
        row_needs_name = (avoid_names and place_names and hit.chunk.region == "全国"
                          and hit.chunk.kind != "table_row" and place_names[0] != "全国")
        for sentence in _with_captions(hit.chunk.quote):
            if any(name in sentence for name in avoid_names) or sentence.rstrip("。 ") == hit.chunk.doc_title:
                continue  # another compared place's sentence, or the bare title
            if row_needs_name and not any(name in sentence for name in place_names):
                continue
            asks, sentence, named, has_number = _unit_facts(sentence)
            if asks:
                continue  # the article's own question (这一制度是如何演变而来的？) answers nothing
            coverage = scorer.coverage(weights, sentence)
            if policy is not None:
                coverage *= policy.sentence_prior(sentence, hit.chunk)
            if place_names is not None and named and not any(name in sentence for name in place_names):
                coverage *= OFF_PLACE_PRIOR  # it names only other places
            # Sentences that carry numbers usually carry the answer to 多久/多少 questions.
            bonus = 0.05 if has_number else 0.0
            if cue is not None and cue.search(sentence):
                bonus += ANSWER_CUE_BONUS
            figure = unit is not None and gives_figure(unit, [sentence])
            scored.append((sentence, hit, coverage, bonus, FIGURE_BONUS if figure else 0.0, prior))
    candidates = _ranked(scored, per_chunk)
    candidates.sort(key=lambda e: -e.score)
    chosen: list[Evidence] = []
    if follow:
        return _with_following(candidates, max_sentences, follow, neighbour)
    for evidence in candidates:
        if evidence.score <= 0 or len(chosen) >= max_sentences:
            break
        if chosen and evidence.score < min_relative * chosen[0].score:
            break  # far weaker than the best sentence: noise, not support
        same = next((i for i, c in enumerate(chosen) if near_duplicate(evidence.sentence, c.sentence)), None)
        if same is not None:
            # Many documents repeat the national clause: say it once, from the highest authority.
            if policy is not None and policy.outranks(evidence.hit.chunk.doc_id, chosen[same].hit.chunk.doc_id):
                chosen[same] = evidence
            continue
        chosen.append(evidence)
    return _with_short_articles(_with_heading_bodies(chosen), lambda text: scorer.coverage(weights, text) > 0
                                or (cue is not None and cue.search(text) is not None))


# An article this short is quoted whole: its other sentences are usually the rest of the answer
# (纸质的3个工作日 next to IC卡的10个工作日; 本办法自…起施行 next to …同时废止). As long as a comparison row.
SHORT_ARTICLE_CHARS = 300


def _with_short_articles(chosen: list[Evidence], on_topic: Callable[[str], bool]) -> list[Evidence]:
    """Each chosen sentence of a short article, then the article's other sentences that are ``on_topic``
    (share the question's words, or state what its kind asks for: 本办法自…起施行 for 什么时候废止)."""
    out: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    for evidence in chosen:
        chunk = evidence.hit.chunk
        sentences = [evidence.sentence]
        if chunk.kind in ARTICLE_KINDS and len(chunk.quote) <= SHORT_ARTICLE_CHARS:
            # The same sentence units pick_evidence scored (a caption joined to its sentence), so the
            # chosen one is recognised among them and not quoted twice.
            sentences += [s for s in map(_trim, _with_captions(chunk.quote))
                          if s != evidence.sentence and on_topic(s)]
        for sentence in sentences:
            if (chunk.chunk_id, sentence) not in seen:
                seen.add((chunk.chunk_id, sentence))
                out.append(Evidence(sentence, evidence.hit, evidence.score))
    return out


# A numbered point of an argument ("2. 各地居住证承载的福利与国家相关规定的衔接问题。", "首先，各地应通过
# 多种措施提高居住证覆盖范围。") or an interview's question (问：为什么要制定该条例？) names the point;
# the sentences after it say what it is.
_HEADING = re.compile(r"^(?:问[:：]|\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、"
                      r"|(?:[^，。]{2,12}，)?(?:首先|其次|再次|最后|一是|二是|三是|四是|第[一二三四五六七八九十]+)，?)"
                      r"\s*[^。；]{2,40}[。？?]?$")
HEADING_BODY_CHARS = 160
HEADING_ANCHOR = 0.8


def _with_heading_bodies(chosen: list[Evidence], body_chars: int = HEADING_BODY_CHARS) -> list[Evidence]:
    """Each chosen heading sentence of commentary followed by its body (up to ``body_chars``)."""
    out: list[Evidence] = []
    taken = {(e.hit.chunk.chunk_id, e.sentence) for e in chosen}
    for evidence in chosen:
        out.append(evidence)
        if evidence.hit.chunk.kind not in ("paragraph", "section") or not _HEADING.match(evidence.sentence):
            continue
        sentences = split_sentences(evidence.hit.chunk.quote)
        start = next((i for i, sentence in enumerate(sentences) if sentence.startswith(evidence.sentence)), None)
        budget = body_chars
        for sentence in sentences[start + 1:] if start is not None else ():
            if budget <= 0 or _HEADING.match(sentence):
                break  # the body ends where the next point starts
            budget -= len(sentence)
            if (evidence.hit.chunk.chunk_id, sentence) not in taken:
                out.append(Evidence(_trim(sentence), evidence.hit, evidence.score))
                taken.add((evidence.hit.chunk.chunk_id, sentence))
    return out


NEAR_DUPLICATE = 0.7
WHOLE_CHUNK_CHARS = 600


def whole_chunk(hit: RetrievedChunk, max_chars: int = WHOLE_CHUNK_CHARS) -> list[Evidence]:
    """The sentences of one chunk in order (up to ``max_chars``): an article quoted whole."""
    out, used = [], 0
    for sentence in split_sentences(hit.chunk.quote):
        if used and used + len(sentence) > max_chars:
            break
        out.append(Evidence(sentence, hit, hit.score))
        used += len(sentence)
    return out


@lru_cache(maxsize=UNIT_FACTS_CACHE)
def _bigram_set(sentence: str) -> frozenset[str]:
    # The chosen sentences are compared with each other for every question that picks them.
    return frozenset(sentence[i:i + 2] for i in range(len(sentence) - 1))


def answer_first(evidence: list[Evidence], cue: re.Pattern[str] | None, words: Iterable[str] = (),
                 unit: str | None = None) -> list[Evidence]:
    """The evidence with the first source that states what the question asks for (``cue``: a figure,
    a fee, a date) moved ahead, when the best-scored source only shares the question's words
    (施行前已发放的居住证，在有效期内继续有效 names 有效期 but states no period).

    ``words``: the question's words. When given, what the sentence states must be about one of them:
    a question word stands before the stated form (居住证是…凭证 for 居住证算个啥, not 连续就读，是指…
    for 梯度赋权是啥意思). ``unit``: the figure asked for (年, 元); a sentence states it only with a number
    in that unit (几年内不能再申请 is answered by 3年内, not by 20个工作日内)."""
    if cue is None or not evidence:
        return evidence
    subjects = [w for w in words if len(w) > 1 and w not in QUESTION_WORDS]

    def stated(sentence: str) -> re.Match[str] | None:
        """Where the sentence states the form, when it does so in the asked unit."""
        match = cue.search(sentence)
        return match if match is not None and (unit is None or gives_figure(unit, [sentence])) else None

    def about_the_question(sentence: str) -> bool:
        match = stated(sentence)
        return match is not None and (not subjects or any(w in sentence[:match.end()] for w in subjects))

    if stated(evidence[0].sentence):  # the best-scored sentence keeps the lead when it states the form at all
        return evidence
    stating = next((e for e in evidence if about_the_question(e.sentence)), None)
    if stating is None:
        return evidence
    chunk_id = stating.hit.chunk.chunk_id
    return [e for e in evidence if e.hit.chunk.chunk_id == chunk_id] + [
        e for e in evidence if e.hit.chunk.chunk_id != chunk_id]


def near_duplicate(a: str, b: str) -> bool:
    """One sentence contains the other, or they share at least 70% of their character bigrams."""
    if a in b or b in a:
        return True
    grams_a, grams_b = _bigram_set(a), _bigram_set(b)
    return bool(grams_a and grams_b) and len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) >= NEAR_DUPLICATE


class CitationList:
    """Numbers citations in order of first use, one per chunk."""

    def __init__(self, numbered_from: int = 1) -> None:
        self.citations: list[Citation] = []
        self._by_chunk: dict[str, int] = {}
        self._first = numbered_from

    def marker(self, hit: RetrievedChunk) -> str:
        chunk = hit.chunk
        if chunk.chunk_id not in self._by_chunk:
            self.citations.append(Citation.from_chunk(chunk))
            self._by_chunk[chunk.chunk_id] = len(self.citations) + self._first - 1
        return f"[{self._by_chunk[chunk.chunk_id]}]"


def source_label(hit: RetrievedChunk) -> str:
    chunk = hit.chunk
    title = chunk.doc_title
    return f"《{title}》{chunk.locator}" if chunk.locator and not title.endswith(chunk.locator) else f"《{title}》"


def _without_label(text: str, locator: str | None) -> str:
    """``第二条 公民离开…`` → ``公民离开…`` when the source label already says 第二条 (its caption goes too)."""
    label = re.match(ARTICLE_LABEL, locator or "")
    if label and text.startswith(label.group(0)):
        text = text[len(label.group(0)):].lstrip()
        text = re.sub(rf"^{_CAPTION}\s*。?", "", text).lstrip() or text  # the caption: 第五条（积分指标体系）
    return text


_INTERVIEW_QUESTION = re.compile(r"^\s*问[:：].*[？?]\s*$")
_ANSWER_MARK = re.compile(r"^\s*答[:：]\s*")


def quoted_body(items: list[Evidence]) -> str:
    """The sentences of one chunk as quoted after its label: in the document's order, a list item on
    its own line, without the 第X条 label (and caption) the source label already gives."""
    chunk = items[0].hit.chunk
    items = sorted(items, key=lambda e: chunk.quote.find(e.sentence))
    # An interview's question (问：…？) anchored the choice of its answer; the answer says it.
    said = [e for e in items if not _INTERVIEW_QUESTION.match(e.sentence)] or items
    body = "".join(("\n" if i and _LIST_ITEM.match(e.sentence) else "")  # a list item starts its own line
                   + _ANSWER_MARK.sub("", e.sentence)
                   + ("" if e.sentence[-1] in "。！？!?；：:" else "。") for i, e in enumerate(said))
    body = re.sub(r"\n\s*\n", "\n", body)  # a list keeps one item per line
    return _without_label(body, chunk.locator)


def compose_extractive(evidence: list[Evidence], superseded: frozenset[str] = frozenset(),
                       numbered_from: int = 1) -> tuple[str, list[Citation]]:
    """Answer text grouped by source: 根据《…》第X条[1]：sentence sentence。

    ``superseded``: doc ids of versions a newer document replaced; their label says so.
    ``numbered_from``: the first citation's number (the text follows other numbered sources).
    """
    cites = CitationList(numbered_from)
    groups: dict[str, list[Evidence]] = {}
    for item in evidence:
        groups.setdefault(item.hit.chunk.chunk_id, []).append(item)
    parts = []
    for items in groups.values():
        hit = items[0].hit
        marker = cites.marker(hit)
        body = quoted_body(items)
        lead = "根据" if not parts else "另据"
        old = "（已被新版本取代）" if hit.chunk.doc_id in superseded else ""
        parts.append(f"{lead}{source_label(hit)}{old}{marker}：{body}")
    return "\n".join(parts), cites.citations


# A sentence that judges places against each other (最为严苛, 较为宽松, 门槛相对较高).
_JUDGING = re.compile(r"最为|较为|更为|更加|相对|相较|严苛|严格|宽松|较高|较低|最高|最低|门槛")
JUDGING_BONUS = 0.2


def _names_one(sentence: str, place_names: tuple[str, ...]) -> bool:
    return sum(name in sentence for name in place_names) == 1


def cross_place_evidence(hits: list[RetrievedChunk], weights: dict[str, float], scorer: Scorer,
                         place_names: tuple[str, ...], judging: bool = False) -> Evidence | None:
    """The best passage that names two or more of the compared places (上海市、深圳市等均要求…), or None.

    Such a passage compares the places itself, which the per-place rows of a table cannot do. It is
    one sentence, or two in a row that each name one place (上海市的条件要求最为严苛…。相较而言，深圳市…较为宽松。).
    ``judging``: the question asks which place is stricter or easier; a passage that judges wins.
    """
    best: Evidence | None = None
    for rank, hit in enumerate(hits):
        sentences = split_sentences(hit.chunk.quote)
        passages = list(sentences)
        passages += [a + b for a, b in itertools.pairwise(sentences)
                     if _names_one(a, place_names) and _names_one(b, place_names) and a + b in hit.chunk.quote]
        for passage in passages:
            if sum(name in passage for name in place_names) < 2:
                continue
            passage = passage if len(passage) <= MAX_SENTENCE_CHARS else _trim(passage)
            score = scorer.coverage(weights, passage)
            if judging and _JUDGING.search(passage):
                score += JUDGING_BONUS
            score *= _rank_prior(rank)
            if score > 0 and (best is None or score > best.score):
                best = Evidence(passage, hit, score)
    return best


def compose_comparison(per_place: dict[str, list[Evidence]], summary: Evidence | None = None,
                       heading: str = "按地区对比如下：", column: str = "地区") -> tuple[str, list[Citation]]:
    """A small Markdown table: one row per place (or version) with its best sentences and markers.

    ``summary``: a sentence comparing the places directly, added under the table.
    """
    cites = CitationList()
    rows = [f"| {column} | 文件规定 | 出处 |", "| --- | --- | --- |"]
    missing = []
    for place, items in per_place.items():
        if not items:
            missing.append(place)
            continue
        # One table row per place: a list's line breaks would end the Markdown row.
        text = " ".join(re.sub(r"\s*\n\s*", " ", e.sentence).replace("|", "｜") for e in items)
        markers = "".join(dict.fromkeys(cites.marker(e.hit) for e in items))
        sources = "；".join(dict.fromkeys(source_label(e.hit) for e in items))
        rows.append(f"| {place} | {text} {markers} | {sources} |")
    text = heading + "\n" + "\n".join(rows)
    if summary is not None:
        text += f"\n\n另据{source_label(summary.hit)}{cites.marker(summary.hit)}：{summary.sentence}"
    if missing:
        text += f"\n\n文件中未找到{'、'.join(missing)}的相应规定。"
    return text, cites.citations


# "多少钱 / 几天 / 多少分…": the question wants a figure in that unit; the evidence must give one.
# 多少年费 asks for money, not years: a unit followed by 费/金/薪… is part of a noun.
# 几个城市 is "several cities", not a count asked for: a bare 个 counts only after 多少.
_ASKED_QUANTITY = re.compile(r"(?:多少|几)\s*(钱|元|块|分|天|日|个工作日|工作日|个月|月|年|张|寸|周岁|岁|万|人|折|成|次"
                             r"|(?<=多少)个)"
                             r"(?![费金薪票卡龄级度底])"
                             r"|(?:(?:罚款?|费用?|工本费|年费|租金|金额|价格|收费)(?:是|要|为|大概|大约|一般|标准)?多少"
                             r"(?!天|日|个月|年)|多少(?=[\u4e00-\u9fff]{0,3}(?:费|租金|罚款)))()"
                             r"|(?:(?:比例|比率|百分比)(?:是|为|有)?多少|多少(?:比例|比率)|百分之几)()"
                             r"|(?:(?:分数线?|分值|分数|标准分|总分)(?:是|要|为|大概|一般)?多少"
                             # how points are scored (怎么算分, 积分怎么加) is answered by points stated
                             r"|(?:怎么|咋|如何|怎样)(?:算|加|打|积|计)分|积分(?:是)?(?:怎么|咋|如何|怎样)(?:算|计算|加|打))()")
# How long an office takes to issue or decide (多久能拿到, 要审多久) is written in days (15日内, 10个工作日).
_PROCESSING_TIME = re.compile(r"(?:审|批|办好|办下来|办完|拿到|发下来|下证|出证|制证)[^，。？?]{0,4}(?:多久|多长时间)"
                              r"|(?:多久|多长时间)[^，。？?]{0,4}(?:审|批|办好|办下来|办完|拿到|发|下证|出证)")
_UNIT_FORMS = {"钱": "元", "块": "元", "天": "(?:[天日]|个?工作日)", "日": "(?:[天日]|个?工作日)",
               "个工作日": "个?工作日", "工作日": "个?工作日",
               "个月": "个?月", "月": "个?月", "岁": "周?岁", "周岁": "周?岁",
               # 300万, 1.7亿, 20人, 5名: the figure itself counts people (一步完善暂住人口 does not)
               "人": "(?![年月日天时分秒岁周元号条款项])(?:[万亿](?![元分])|[人名])",
               "成": "(?:成|%|％)", "个": "[个名人家所项]", "%": "(?:%|％|成)"}
MONEY_UNITS = frozenset({"元", "钱", "块"})
_NUMBER = r"[\d０-９一二三四五六七八九十百千万两半.．]+"


# The same asked figures in an English question (it is answered from the Chinese documents).
_ASKED_QUANTITY_EN = tuple((re.compile(pattern, re.IGNORECASE), unit) for pattern, unit in (
    (r"\bhow much\b|\bwhat(?:'s| is| are)? the (?:fee|cost|price|charge|fine)s?\b|\bhow expensive\b", "元"),
    (r"\bhow many (?:points|scores?)\b|\bwhat (?:score|points)\b", "分"),
    (r"\bhow many (?:working )?days\b", "天"),
    (r"\bhow many months\b", "个月"),
    (r"\bhow many years\b", "年"),
    (r"\bhow many (?:people|persons|residents|migrants)\b", "人"),
    (r"\bwhat (?:percentage|proportion|share|ratio)\b|\bhow many percent\b", "%"),
))


# 工本费是20块钱吗: a sum stated and asked to be confirmed asks for the sum as much as 多少钱 does.
# (一块 alone is "together": 块 counts as money after digits or before 钱.)
_CONFIRMED_SUM = re.compile(r"(?:[\d一二三四五六七八九十百千两]+\s*(?:元|块钱)|\d+\s*块)"
                            r"[^，。？?]{0,4}(?:吗|么|不|没)[？?]?$")


def asked_unit(question: str) -> str | None:
    """The unit of the figure a question asks for (元, 分, 天…), or None."""
    if _CONFIRMED_SUM.search(question.strip()):
        return "元"
    match = _ASKED_QUANTITY.search(question)
    if match is None and _PROCESSING_TIME.search(question):
        return "天"
    if match is None:
        return next((unit for pattern, unit in _ASKED_QUANTITY_EN if pattern.search(question)), None)
    if match.group(2) is not None:  # 罚款多少, 工本费是多少: money is in 元
        return "元"
    if match.group(4) is not None:  # 分数线是多少: points
        return "分"
    return "%" if match.group(3) is not None else match.group(1)


def gives_figure(unit: str, sentences: list[str]) -> bool:
    """True when some sentence states a number in ``unit`` (e.g. 200元, 15日, 120分).

    Ordinals and list numbers (第三十七条, （一）) are not figures, nor is 一个/一项 ("a", not a count).
    """
    pattern = re.compile(rf"(?<![（(第])(?<!{_NUMBER[:-1]})(" + _NUMBER + r")(?![）)])\s*"
                         + _UNIT_FORMS.get(unit, re.escape(unit)))
    return any(not (unit == "个" and m.group(1) == "一")
               for sentence in sentences for m in pattern.finditer(sentence))
