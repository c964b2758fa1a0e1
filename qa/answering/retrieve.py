"""Hybrid retrieval: BM25 over jieba tokens + dense search in Chroma, fused with RRF.

BM25 runs twice: over whole chunks, and over their units (sentences and list items) with each
chunk scored by its best unit, so one item of a long list (（八）乘坐市内公共交通工具的优惠服务) is
not diluted by the other nine.

A question that names a place adds place-restricted candidate lists (the place's own documents,
its province's, the national baseline and the article's rows about it), so a city's rule is not
drowned by the 44 other documents; chunks of *other* specific places are demoted. Beyond three
chunks of one document each further chunk counts half as much, so one long document cannot crowd
out the rest unless it clearly wins (a soft cap: a hard one lost 深圳条例第三十一条 to three weaker
chunks of the same law).
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from qa.answering.authority import ARTICLE_KINDS, Authorities
from qa.answering.compose import ARTICLE_LABEL
from qa.answering.query import PLACE_NAME_RE, short_name
from qa.answering.titles import TitleIndex
from qa.answering.understand import Question
from qa.config import Settings
from qa.index.bm25 import OkapiBM25
from qa.index.embedders import Embedder
from qa.index.store import StoredIndex
from qa.text.segment import tokenize
from qa.text.spelling import MIN_CHUNKS, Speller
from qa.types import Chunk, RetrievedChunk

log = logging.getLogger(__name__)

MODES = ("hybrid", "bm25", "dense")
# Score multiplier for a chunk that belongs to another specific place than the one asked about.
OTHER_PLACE_PENALTY = 0.35
# Text before the first 条 / heading (title, covering 通知, signature) repeats every keyword of the
# title but rarely answers anything: it ranks below the articles it introduces.
PREAMBLE_PENALTY = 0.7
# ...except when the question asks how a document it names was enacted (哪年由哪个机构通过, 哪个国务院令
# 公布的, 什么时候施行): its promulgation lines are the answer.
ENACTMENT_BOOST = 1.5
# The clause roles of an article that dates its document: when it starts, until when, what it repeals.
DATING_ROLES = frozenset({"effective", "repeal"})
# Weight of the focus-words list in the fusion (measured on dev: 0.5 and 1.0 both lift Recall@5
# 0.951 → 0.971 by our count; 0.5 keeps the retrieval probes at 0.957, 1.0 drops them to 0.950).
FOCUS_WEIGHT = 0.5
# Weight of the headings list in the fusion: a question often paraphrases the heading or numbered
# point that a section argues under ("条件定得太高会带来什么问题" ↔ "1. 部分地区申领条件偏高").
HEADING_WEIGHT = 0.5
# A question that names no place asks about the national rule: local copies of the same clause
# (many local 办法 repeat the 条例 word for word) rank below the national documents and the article.
LOCAL_WHEN_NO_PLACE = 0.6
# A superseded version (上海 2004, 成都 2011, 天津 2014) answers only when its year, or an earlier
# version (最早那版), is asked for.
SUPERSEDED_PENALTY = 0.6
# What a chunk must say to answer a question of each type; a match lifts it (×1.4). These are
# generic cues of Chinese legal drafting, not words of any particular question.
QTYPE_CUES = {
    # Chunks that *state* conditions, not those that merely refer to "符合…条件".
    "conditions": re.compile(r"下列条件|条件之一|应当具备|同时符合|同时满足|申领居住证要求|符合以下"),
    "how_long": re.compile(r"有效期|\d+\s*[个]?[日月年天]|[一二三四五六七八九十]+[个]?[日月年]"),
    "when": re.compile(r"起施行|施行|生效|实施"),
    # 包括哪些: the clause that defines the term (本办法所称合法稳定住所，是指…).
    "list": re.compile(r"所称|是指"),
}
QTYPE_CUE_BOOST = 1.4
# The list of clauses defining one of a definition question's words votes this many times: the defining
# clause shares few other words with the question (居住证在法律上算个啥 ↔ 居住证是…的法定凭证).
DEFINING_WEIGHT = 3.0
DOC_REPEAT_DECAY = 0.7
# A question about what the rules require (conditions, durations) is answered by rule text; the
# journal article's own paragraphs discuss and compare the rules, so they rank a little lower.
RULE_QTYPES = frozenset({"conditions", "how_long"})
COMMENTARY_PENALTY = 0.8
# A why question (为什么, 会带来什么问题) is answered by the journal article's argument, not by rule
# text that shares its words (measured: 1.5 → 2.0 lifts the fresh probes' reasoning 0.40 → 0.48;
# boosting every document's paragraphs, not just the article's, gained nothing).
ARGUMENT_BOOST = 2.0


# 哪些地方/哪个城市…: a question asking which places do something wants text that names places.
ACROSS_PLACES_BOOST = 1.5
# A question about the 居住证 is not answered by a rule of the 暂住证 it replaced.
OTHER_CARD_PENALTY = 0.5
# A question that names a document by its title (qa.answering.titles) wants that document.
TITLE_MENTION_BOOST = 1.5


# Weight of a BM25 list over character bigrams: it does not depend on jieba's segmentation, so
# 偏高会 (one jieba word) still meets 偏高 and 落实下去 meets 落实. Measured over the gold dev/test sets and
# two fresh probe sets at 0.3 / 0.5 / 0.7 / 1.0: 0.3 gained 3 facts and 1 refusal in 437 questions
# and lost nothing elsewhere; higher weights cost dev answers.
BIGRAM_WEIGHT = 0.3
# Question embeddings kept (2 KB each): enough for the searches of the last few questions.
QUERY_VECTOR_CACHE = 64
# Up to this many chunks the whole index is searched exactly in memory rather than in Chroma's HNSW
# graph: one product over 10,000 × 512 float32 rows takes ~1.7 ms, about one Chroma query.
EXACT_DENSE_LIMIT = 10_000
# BM25 score arrays kept (8 bytes a chunk or unit): the lists of the last few searches.
SCORE_CACHE = 32
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _bigrams(text: str) -> list[str]:
    """The character bigrams of the Chinese runs of ``text`` (punctuation and digits break a run)."""
    return [run[i:i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]


_ARTICLE_LABEL = re.compile(ARTICLE_LABEL)
# 五（一）, or with the heading's title after it (五（一）准确把握居住证申领条件).
_HEADING_PATH = re.compile(r"^([一二三四五六七八九十]+)[（(]([一二三四五六七八九十]+)[）)]")
# Words that name the asked quantity rather than its topic (落户分值线是多少分 asks for 分值).
QUANTITY_WORDS = frozenset("分值 分数 分数线 积分 总分 费用 金额 收费 价格 钱 时间 期限 年限 比例 人数 数量".split())
# Chunks whose locator is a heading in words (notices, the article, an interview's questions), not 第X条.
HEADED_KINDS = frozenset({"paragraph", "section"})
# An item heading inside an article: "(七)年龄指标及分值" on a line of its own.
_ITEM_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[）)][^。；;：:\n]{2,28}$", re.MULTILINE)


def _heading_of(chunk: Chunk) -> str | None:
    """The heading a chunk sits under (prose), or the item headings it holds (an article's list)."""
    if chunk.kind in HEADED_KINDS:
        return chunk.locator
    items = [m.group().strip() for m in _ITEM_HEADING.finditer(chunk.quote)]
    return " ".join(items) or None


def _best(values: np.ndarray, n: int) -> np.ndarray:
    """Positions of the ``n`` largest ``values``, largest first and ties in position order: what
    ``np.argsort(-values, kind="stable")[:n]`` gives, without sorting the values that are not chosen."""
    if n <= 0:
        return np.empty(0, dtype=np.int64)
    if n >= len(values):
        return np.argsort(-values, kind="stable")
    threshold = np.partition(values, len(values) - n)[len(values) - n]  # the n-th largest
    chosen = np.flatnonzero(values >= threshold)
    return chosen[np.argsort(-values[chosen], kind="stable")[:n]]


def _top(scores: np.ndarray, n: int, allowed: np.ndarray | None = None,
         kind: str = "stable") -> list[tuple[int, float]]:
    """The ``n`` best (index, score) pairs with a positive finite score, within ``allowed`` if given.

    ``kind``: the sort whose order of tied scores the list keeps (numpy's ``argsort`` kinds).
    """
    # Only positive scores can be returned: choosing among them alone, ties in index order, gives
    # the same list as a stable sort of all of them, at a fraction of the cost.
    positive = np.flatnonzero(scores > 0 if allowed is None else (scores > 0) & allowed)
    candidates = scores[positive]
    chosen = _best(candidates, n)
    top, values = positive[chosen], candidates[chosen]
    if kind != "stable" and len(values) > 0 and (
            bool(np.any(values[1:] == values[:-1]))
            or (len(top) == n and np.count_nonzero(candidates == values[-1]) > 1)):
        # Tied scores among the chosen or at the cut: another sort orders ties its own way.
        if allowed is not None:
            scores = np.where(allowed, scores, -np.inf)
        top = np.argsort(-scores, kind=kind)[:n]
        values = scores[top]
    # At most n pairs: kept in Python rather than through four more array operations.
    return [(i, value) for i, value in zip(top.tolist(), values.tolist(), strict=True)
            if value > 0 and math.isfinite(value)]


@dataclass(frozen=True)
class _Preferences:
    """What ``_adjust`` weighs besides the fused rank (see ``search``)."""

    places: tuple[PlaceScope, ...]
    prefer_national: bool
    cue: re.Pattern[str] | None
    year: int | None
    earlier_version: bool
    rule_question: bool
    named_docs: frozenset[str]
    across_places: bool = False
    permit_only: bool = False  # the question is about 居住证, not 暂住证
    argument_question: bool = False  # 为什么 / 会带来什么问题: reasons are argued, not enacted
    enactment_question: bool = False  # how a named document was enacted (通过, 公布, 施行…)


class _Ranked:
    """One retriever's list in a search: chunk indexes best first, their scores, and the signal
    (``RetrievedChunk.signals``) the scores are."""

    __slots__ = ("ids", "scores", "signal")

    def __init__(self, hits: list[tuple[int, float]], signal: str) -> None:
        self.ids = np.array([i for i, _ in hits], dtype=np.int64)
        self.scores = [score for _, score in hits]
        self.signal = signal


@dataclass(frozen=True)
class PlaceScope:
    """Which chunks count as being about the asked place."""

    place: str  # canonical, e.g. 深圳市
    related: frozenset[str]  # the place and its province
    short: str  # 深圳


class HybridRetriever:
    """Ranks the chunks of one loaded index for a query."""

    def __init__(self, stored: StoredIndex, embedder: Embedder, settings: Settings) -> None:
        self.stored = stored
        self.chunks: list[Chunk] = stored.chunks
        self.embedder = embedder
        self.settings = settings
        self.use_tokens(stored.tokens)
        self._id_to_idx = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.titles = TitleIndex(stored.documents)
        self.authorities = Authorities(stored.documents)
        self._doc_region = {d["doc_id"]: d.get("region") or "全国" for d in stored.documents}
        # Each chunk's document as a small integer, to widen a chunk mask to whole documents at numpy speed.
        doc_number: dict[str, int] = {}
        self._chunk_doc = np.array([doc_number.setdefault(c.doc_id, len(doc_number)) for c in self.chunks],
                                   dtype=np.int64)
        self._doc_count = len(doc_number)
        self._national_rules = np.array([self.authorities.level.get(c.doc_id, "").startswith("national")
                                         for c in self.chunks], dtype=bool)
        superseded = self.authorities.superseded
        # What ``_adjust`` weighs, one flag per chunk, so a search weighs its candidates in a few array
        # products instead of a Python call per chunk.
        self._flags = {name: np.array([test(c) for c in self.chunks], dtype=bool) for name, test in {
            # The article's table rows and notes describe particular places, so they are local too.
            "local": lambda c: c.region != "全国" or c.kind in ("table_row", "table_note"),
            "preamble": lambda c: c.kind == "section" and c.locator is None,
            # The article that dates its document (自…起施行，有效期至…; …同时废止); its roles go into the
            # authorities' cache, which the evidence step reads again.
            "dates_document": lambda c: (c.kind in ARTICLE_KINDS
                                         and bool(self.authorities.roles(c.chunk_id, c.quote) & DATING_ROLES)),
            "article": lambda c: c.level == "article",
            # A document's purpose clause (第一条 为了…，制定本条例).
            "purpose": lambda c: (c.kind in ARTICLE_KINDS
                                  and "purpose" in self.authorities.roles(c.chunk_id, c.quote)),
            "commentary": lambda c: c.level == "article" and c.kind in ("paragraph", "section"),
            "superseded": lambda c: c.doc_id in superseded,
            # Chunks that say which places do what: table rows about a place, text naming two or more places.
            "names_places": lambda c: c.kind == "table_row" or len(set(PLACE_NAME_RE.findall(c.quote))) >= 2,
            # Rules of the old 暂住证 regime that say nothing of the 居住证 (深圳 2005: 暂住证…有效期限最长为两年,
            # 劳动保障卡可作为暂住人员享有以下权利的凭证).
            "temporary_permit_only": lambda c: "暂住" in c.quote and "居住证" not in c.quote,
        }.items()}
        self._effective_year = np.array([(c.effective or "")[:4] for c in self.chunks], dtype="U4")
        # The year a newer version replaced a chunk's document ("9999": still in force).
        replaced = {doc_id: (newer.get("effective") or "")[:4] or "9999"
                    for doc_id, newer in self.authorities.successor.items()}
        self._replaced_year = np.array([replaced.get(c.doc_id, "9999") for c in self.chunks], dtype="U4")
        # The document a chunk counts for in a search's diversity decay: the journal article's sections
        # argue different things, so each counts as its own document.
        self._diversity_key = [f"{c.doc_id}#{c.locator}" if c.level == "article" else c.doc_id for c in self.chunks]
        ordered = self._ordered = sorted(self.chunks, key=lambda c: (c.doc_id, c.start))
        neighbours = [(a, b) for a, b in itertools.pairwise(ordered) if a.doc_id == b.doc_id]
        self._next = {a.chunk_id: b for a, b in neighbours}
        self._previous = {b.chunk_id: a for a, b in neighbours}
        # The first chunk of each (file, locator): where a rule's citation points in the index.
        self._at_locator: dict[tuple[str, str | None], Chunk] = {}
        self._locators: dict[str, list[str]] = defaultdict(list)  # per file, in document order
        for chunk in ordered:
            if (chunk.source, chunk.locator) not in self._at_locator and chunk.locator:
                self._locators[chunk.source].append(chunk.locator)
            self._at_locator.setdefault((chunk.source, chunk.locator), chunk)
            self._at_locator.setdefault((chunk.source, chunk.heading_path), chunk)  # as answers cite it
        self._lock = threading.Lock()
        self._masks: dict[object, np.ndarray] = {}
        self._subject_spans: dict[re.Pattern[str], list[str | None]] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._similarities: dict[bytes, np.ndarray] = {}

    def use_tokens(self, tokens: list[list[list[str]]]) -> None:
        """(Re)build both BM25 indexes from each chunk's tokens by unit (``qa.text.segment.tokenize_units``)."""
        self._scored: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}  # scores of the indexes replaced
        chunk_tokens = [[t for unit in units for t in unit] for units in tokens]
        # An all-empty chunk still needs a length: BM25 divides by the average.
        self._bm25 = OkapiBM25([t or ["∅"] for t in chunk_tokens]) if chunk_tokens else None
        # The same tokens by unit (sentence, list item): a chunk scores as its best unit.
        self._unit_chunk = np.array([i for i, units in enumerate(tokens) for _ in units], dtype=np.int64)
        self._units = OkapiBM25([u for units in tokens for u in units]) if len(self._unit_chunk) else None
        self._unit_start = np.flatnonzero(np.diff(self._unit_chunk, prepend=-1))  # each chunk's first unit
        self._unit_owner = self._unit_chunk[self._unit_start]
        self._headings = self._heading_index()
        self._bigram_index = OkapiBM25([_bigrams(c.text) or ["∅"] for c in self.chunks]) if self.chunks else None
        self._speller: Speller | None = None

    def speller(self) -> Speller:
        """Mends a question's misspelt words into the words these chunks use (登计 → 登记)."""
        if self._speller is None:
            n = len(self.chunks)
            # a word at least MIN_CHUNKS chunks use: its BM25 idf is at most that of MIN_CHUNKS
            common = math.log((n - MIN_CHUNKS + 0.5) / (MIN_CHUNKS + 0.5)) if n > 2 * MIN_CHUNKS else 0.0
            words = [w for w, idf in sorted(self._bm25.idf.items(), key=lambda item: item[1]) if idf <= common] \
                if self._bm25 else []  # most common first
            self._speller = Speller(words, self._bigram_index.idf if self._bigram_index else {})
        return self._speller

    def _heading_index(self) -> tuple[OkapiBM25, np.ndarray] | None:
        """BM25 over the headings of each chunk, with each chunk's heading: the locator prose chunks sit
        under, or the item headings inside an article ((七)年龄指标及分值)."""
        texts: dict[str, int] = {}
        of_chunk = np.array([texts.setdefault(heading, len(texts)) if (heading := _heading_of(c)) else -1
                             for c in self.chunks], dtype=np.int64)
        if not texts:
            return None
        return OkapiBM25([tokenize(text) or ["∅"] for text in texts]), of_chunk

    # -- single retrievers -------------------------------------------------------------------
    def _scores(self, index: str, tokens: list[str], score: Callable[[], np.ndarray]) -> np.ndarray:
        """``score()``, the scores of one BM25 ``index`` for ``tokens``, kept for the next lists: one
        search scores the same tokens over the whole index, the national rules and the named
        documents, and a comparison searches once per place with the same tokens."""
        return self._kept(self._scored, (index, tuple(tokens)), SCORE_CACHE, score)

    def _kept(self, cache: dict[Any, np.ndarray], key: Any, limit: int,
              compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``cache[key]``, computed on first use and kept read-only (shared between requests); at most
        ``limit`` entries, the oldest dropped first."""
        value = cache.get(key)
        if value is None:
            value = compute()
            value.setflags(write=False)
            with self._lock:
                if len(cache) >= limit:
                    del cache[next(iter(cache))]  # the oldest
                cache[key] = value
        return value

    def bm25(self, tokens: list[str], n: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        if self._bm25 is None or not tokens:
            return []
        return _top(self._scores("bm25", tokens, lambda: self._bm25.get_scores(tokens)), n, allowed, kind="quicksort")

    def bigram_search(self, text: str, n: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Chunks ranked by BM25 over character bigrams of ``text`` (the question as written)."""
        if self._bigram_index is None:
            return []
        bigrams = _bigrams(text)
        return _top(self._scores("bigrams", bigrams, lambda: self._bigram_index.get_scores(bigrams)), n, allowed)

    def headings(self, tokens: list[str], n: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Chunks ranked by how well the heading they sit under matches (prose chunks only)."""
        if self._headings is None or not tokens:
            return []
        index, of_chunk = self._headings

        def by_chunk() -> np.ndarray:
            by_heading = index.get_scores(tokens)
            return np.where(of_chunk >= 0, by_heading[np.maximum(of_chunk, 0)], 0.0)

        return _top(self._scores("headings", tokens, by_chunk), n, allowed)

    def bm25_units(self, tokens: list[str], n: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Chunks ranked by the BM25 score of their best unit (sentence or list item)."""
        if self._units is None or not tokens:
            return []

        def best_unit() -> np.ndarray:
            best = np.zeros(len(self.chunks))
            # Units are stored chunk by chunk, so each chunk's best unit is one reduceat over its run.
            best[self._unit_owner] = np.maximum(0.0, np.maximum.reduceat(self._units.get_scores(tokens),
                                                                         self._unit_start))
            return best

        return _top(self._scores("units", tokens, best_unit), n, allowed)

    def _doc_mask(self, doc_ids: frozenset[str]) -> np.ndarray:
        """Which chunks belong to these documents."""
        return self._cached_mask(("docs", doc_ids), lambda: np.array([c.doc_id in doc_ids for c in self.chunks]))

    def _cached_mask(self, key: object, build: Callable[[], np.ndarray]) -> np.ndarray:
        """A chunk mask built once per loaded index: the chunks do not change, and the scopes questions
        use are few (the places and documents of the corpus), so the cache stays small."""
        mask = self._masks.get(key)
        if mask is None:
            mask = build()
            mask.setflags(write=False)  # shared between requests
            self._masks[key] = mask
        return mask

    def dense(self, vector: np.ndarray, n: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Nearest chunks by cosine similarity: the ``n`` nearest of the documents that have a chunk in
        ``allowed``, then those in ``allowed`` (an article chunk about another place drops out).

        The generation's vectors are in memory already, and up to EXACT_DENSE_LIMIT of them one exact
        product costs less than an embedded Chroma query (~0.2 ms against 1.5-3 ms for the pack's
        1,579 chunks) and finds the true nearest, where the HNSW graph now and then misses one of the
        40. A larger index, or any index in server mode, is searched in Chroma (its HNSW graph): a
        server that stops answering is then reported as such (``qa.index.guarded``) rather than
        passed over. A scope (a place's, the national or the named documents) is always searched
        exactly, since a Chroma query filtered by document runs its filter in SQLite.
        """
        if not self.chunks:
            return []
        if allowed is not None:
            return self._dense_within(vector, n, allowed)
        if len(self.chunks) <= EXACT_DENSE_LIMIT and not self.settings.chroma_url:
            return self._nearest(vector, n)
        with self._lock:  # embedded Chroma queries are not re-entrant under heavy threading
            result = self.stored.collection.query(query_embeddings=[vector.tolist()],
                                                  n_results=min(n, len(self.chunks)), include=["distances"])
        out = []
        for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            idx = self._id_to_idx.get(chunk_id)
            if idx is not None:
                out.append((idx, 1.0 - float(distance)))
        return out

    def _dense_within(self, vector: np.ndarray, n: int, allowed: np.ndarray) -> list[tuple[int, float]]:
        documents = np.zeros(self._doc_count, dtype=bool)
        documents[self._chunk_doc[allowed]] = True
        rows = np.flatnonzero(documents[self._chunk_doc])
        return [(i, score) for i, score in self._nearest(vector, n, rows) if allowed[i]]

    def _nearest(self, vector: np.ndarray, n: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``n`` chunks (of ``rows``, default all) most similar to ``vector``, as (chunk index,
        cosine similarity)."""
        if rows is not None and not len(rows):
            return []
        if rows is None or len(self.chunks) <= EXACT_DENSE_LIMIT:
            # Every chunk's similarity once per question, for all its scopes: a row's product is the
            # same float whether computed alone or with the others.
            similarity = self._similarity(vector)
            if rows is not None:
                similarity = similarity[rows]
        else:
            similarity = self._product(self.stored.vectors[rows], vector)
        order = _best(similarity, n)
        chosen = order if rows is None else rows[order]
        return list(zip(chosen.tolist(), similarity[order].tolist(), strict=True))

    def _similarity(self, vector: np.ndarray) -> np.ndarray:
        """The cosine similarity of every chunk to ``vector`` (L2-normalised), kept for its next searches."""
        return self._kept(self._similarities, vector.tobytes(), QUERY_VECTOR_CACHE,
                          lambda: self._product(self.stored.vectors, vector))

    def _product(self, vectors: np.ndarray, vector: np.ndarray) -> np.ndarray:
        # einsum, not ``@``: a product of ~1,000 rows or more makes OpenBLAS wake its threads, which
        # costs milliseconds on a busy machine instead of a fraction of one.
        return np.einsum("ij,j->i", vectors, vector.astype(vectors.dtype))

    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of ``text``, kept for the next searches: a comparison or a question of several
        parts searches once per place or part with the same text."""
        return self._kept(self._vectors, text, QUERY_VECTOR_CACHE, lambda: self.embedder.embed([text])[0])

    def forget_queries(self) -> None:
        """Drop the kept question embeddings and BM25 scores (``qa.bench ask`` times each pass from empty)."""
        with self._lock:
            self._vectors.clear()
            self._similarities.clear()
            self._scored.clear()

    # -- scope ------------------------------------------------------------------------------
    def place_scope(self, place: str, province: str | None) -> PlaceScope:
        related = {place} | ({province} if province else set())
        return PlaceScope(place, frozenset(related), short_name(place))

    def about_place(self, scope: PlaceScope) -> np.ndarray:
        """Chunks of the place's (or its province's) documents, plus article chunks naming it.

        The national scope (a 全国 row of a comparison) is the national documents alone: the
        journal article is filed as national but compares places.
        """
        return self._cached_mask(("place", scope), lambda: self._place_mask(scope))

    def _place_mask(self, scope: PlaceScope) -> np.ndarray:
        mask = np.zeros(len(self.chunks), dtype=bool)
        for i, chunk in enumerate(self.chunks):
            if scope.place == "全国":
                mask[i] = chunk.region == "全国" and chunk.level != "article"
            elif (chunk.region in scope.related
                  or (chunk.level == "article" and scope.short in (chunk.locator or "") + chunk.quote[:40])):
                mask[i] = True
        return mask

    def neighbour(self, chunk: Chunk, step: int) -> Chunk | None:
        """The chunk after (``step`` 1) or before (``step`` -1) ``chunk`` in its document, or None."""
        return (self._next if step > 0 else self._previous).get(chunk.chunk_id)

    def chunk_at(self, source: str, locator: str | None, quote: str | None = None) -> Chunk | None:
        """The first chunk of file ``source`` at ``locator`` (a citation's target), or None.

        A 款 or 项 of an article (第十九条第一款第（一）项) is in the chunk of the longest locator that
        contains it (第十九条 when the article is one chunk), or else in the first chunk of its
        article (第六条第一款至第三款 when the article was split by 款). A notice's 五（一） is the first
        chunk of heading （一） under heading 五、.
        """
        exact = self._at_locator.get((source, locator))
        if exact is not None and quote and quote not in exact.text:
            # A file of several documents numbers articles anew in each (深圳 2005 配套文件): the one quoted.
            exact = next((c for c in self._chunks_of_source(source)
                          if c.locator == locator and quote in c.text), exact)
        if exact is not None or not locator:
            return exact
        if (heading := _HEADING_PATH.match(locator)) is not None:  # 五（一）: heading （一） under 五、
            return next((c for c in self._chunks_of_source(source)
                         if (c.chapter or "").startswith(f"{heading.group(1)}、")
                         and (c.locator or "").startswith(f"（{heading.group(2)}）")), None)
        if (article := _ARTICLE_LABEL.match(locator)) is None:
            return None
        known = self._locators.get(source, [])
        containing = [loc for loc in known if locator.startswith(loc)]
        within = [loc for loc in known
                  if loc.startswith(article.group()) and not loc[len(article.group()):][:1].isdigit()]
        best = max(containing, key=len) if containing else next(iter(within), None)
        return self._at_locator.get((source, best)) if best else None

    def _chunks_of_source(self, source: str) -> list[Chunk]:
        return [c for c in self._ordered if c.source == source]

    def idf(self) -> dict[str, float]:
        """BM25 inverse document frequencies of the indexed tokens (empty for an empty index)."""
        return dict(self._bm25.idf) if self._bm25 is not None else {}

    def is_other_place(self, chunk: Chunk, scope: PlaceScope) -> bool:
        """True when ``chunk`` belongs to a specific place other than ``scope`` (or its province)."""
        if chunk.region in scope.related or chunk.region == "全国":
            if chunk.level == "article" and chunk.kind == "table_row":
                return scope.short not in (chunk.locator or "")
            return False
        return True

    # -- fused ------------------------------------------------------------------------------
    def search(self, q: Question, tokens: list[str], k: int, mode: str = "hybrid",
               places: tuple[PlaceScope, ...] = (), year: int | None = None,
               prefer_national: bool = False, *, earlier_version: bool = False, across_places: bool = False,
               focus: tuple[str, ...] = (), within: frozenset[str] | None = None,
               national_rules: bool = False) -> list[RetrievedChunk]:
        """Top ``k`` chunks for a query.

        Args:
            q: the understood question (its text is embedded; its type, asked figure, named
                documents and enactment cue steer the lists and preferences).
            tokens: BM25 query tokens (expanded with synonyms).
            k: how many to return.
            mode: hybrid / bm25 / dense.
            places: scopes of the places the question names (empty = no preference).
            year: a version year named in the question (prefers documents effective that year).
            prefer_national: no place named: demote local documents below national ones.
            across_places: the question asks which places do something (哪些地方): chunks naming
                places are lifted.
            earlier_version: the question asks for an earlier version (最早那版): superseded
                documents are lifted instead of demoted.
            focus: the question's rarest own words (see ``PolicyQA._focus``); they vote once more,
                alone, with weight FOCUS_WEIGHT.
            within: doc ids to search alone (one version of a rule, for a row of a comparison).
            national_rules: a general question about what a rule says: the national documents also
                compete among themselves (their own lists), as a place's documents do for a place.
        """
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {MODES}")
        n = self.settings.candidates
        lists: dict[str, _Ranked] = {}
        search_text, qtype = q.text, q.qtype
        vector = self.query_vector(search_text) if mode in ("hybrid", "dense") else None

        def add(name: str, hits: list[tuple[int, float]], signal: str) -> None:
            lists[name] = _Ranked(hits, signal)

        inside = None if within is None else self._doc_mask(within)
        if mode in ("hybrid", "bm25"):
            add("bm25", self.bm25(tokens, n, inside), "bm25")
            add("units", self.bm25_units(tokens, n, inside), "units")
            add("bigrams", self.bigram_search(search_text, n, inside), "bigrams")
            if qtype == "why":  # the section arguing it
                add("headings", self.headings(tokens, n, inside), "headings")
            elif q.unit is not None or q.amount:  # 几分/多少钱/能加多少: the item of a points table
                # by the question's own topic words; the asked quantity (分值, 费用) and years are not a topic
                topic = [w for w in focus if not w.isdigit() and w not in QUANTITY_WORDS]
                add("headings", self.headings(topic, n, inside), "headings")
        if vector is not None:
            add("dense", self.dense(vector, n, inside), "dense")
        scope_masks = {}
        for scope in places:
            allowed = scope_masks[scope.place] = self.about_place(scope)
            if mode in ("hybrid", "bm25"):
                # Inside the place's own documents its name says nothing, and counting it would favour
                # chunks that repeat 《深圳市居住证》 over the article that states the rule.
                place_words = set(tokenize(f"{scope.place} {scope.short}"))
                scoped_tokens = [t for t in tokens if t not in place_words] or tokens
                add(f"bm25@{scope.place}", self.bm25(scoped_tokens, n, allowed), "bm25")
                add(f"units@{scope.place}", self.bm25_units(scoped_tokens, n, allowed), "units")
            if vector is not None:
                add(f"dense@{scope.place}", self.dense(vector, n, allowed), "dense")
        if national_rules and within is None:
            # No place named: the national rules compete among themselves too, as a place's documents
            # do for a place's question, so the regulation that states the rule is not outvoted by the
            # many local copies and commentaries sharing the question's words.
            allowed = self._national_rules
            if mode in ("hybrid", "bm25"):
                add("bm25@national", self.bm25(tokens, n, allowed), "bm25")
                add("units@national", self.bm25_units(tokens, n, allowed), "units")
            if vector is not None:
                add("dense@national", self.dense(vector, n, allowed), "dense")
        named = self._named(q, places)
        if qtype == "why":
            # Why a document was made is told by the documents about it (its interview, its
            # implementing notice) as much as by its own purpose clause.
            named |= self.titles.about(named)
        if named:  # the documents the question names by title compete among themselves too
            allowed = self._doc_mask(named)
            if mode in ("hybrid", "bm25"):
                add("bm25@title", self.bm25(tokens, n, allowed), "bm25")
                add("units@title", self.bm25_units(tokens, n, allowed), "units")
            if vector is not None:
                add("dense@title", self.dense(vector, n, allowed), "dense")

        if named and qtype == "why" and mode in ("hybrid", "bm25"):
            # Why a named document was made is said first by its purpose clause, which shares none of
            # the question's words but the title (条例图的是什么 → 为了促进新型城镇化…制定本条例).
            purpose = self._doc_mask(named) & self._flags["purpose"]
            add("purpose@title", [(int(i), 1.0) for i in np.flatnonzero(purpose)], "bm25")
        if named and q.enactment and qtype != "why" and mode in ("hybrid", "bm25"):
            # When a named document was made, starts or ends (管到哪一年, 什么时候失效) is said by its
            # preamble and its dating article, which share none of the question's words: they are candidates.
            dating = self._doc_mask(named) & (self._flags["dates_document"] | self._flags["preamble"])
            add("dating@title", [(int(i), 1.0) for i in np.flatnonzero(dating)], "bm25")
        if q.kind == "definition" and not q.counting and q.answer_cue is not None and mode in ("hybrid", "bm25"):
            # What a thing is (居住证在法律上算个啥) is said by a clause defining it, which shares few of the
            # question's words: the defining clauses (of the one place asked about) compete among themselves.
            # Only the clauses whose subject (what comes before 是) is one of the question's words.
            words = [t for t in tokens if len(t) > 1]
            defining = np.array([subject is not None and any(w in subject for w in words)
                                 for subject in self._subjects(q.answer_cue)], dtype=bool)
            if len(places) == 1:
                defining &= scope_masks[places[0].place]
            add("bm25@defining", self.bm25(tokens, n, defining), "bm25")
        if focus and mode in ("hybrid", "bm25"):
            # The question's rarest own words alone, over sentences and list items: one item of a long
            # points table (年龄…加20分) is otherwise outvoted by chunks matching the common words.
            allowed = scope_masks[places[0].place] if len(places) == 1 else None
            add("units@focus", self.bm25_units(list(focus), n, allowed), "units")
        weights = {name: self.settings.dense_weight for name in lists if name.startswith("dense")}
        if "units@focus" in lists:
            weights["units@focus"] = FOCUS_WEIGHT
        if "bigrams" in lists:
            weights["bigrams"] = BIGRAM_WEIGHT
        if "bm25@defining" in lists:
            weights["bm25@defining"] = DEFINING_WEIGHT
        if "headings" in lists:
            weights["headings"] = HEADING_WEIGHT
        fused, candidates = self._fuse(lists, weights)
        if inside is not None:  # the scoped lists (place, titles, focus) are not masked one by one
            candidates = candidates[inside[candidates]]
        # A definition is stated by a clause saying what its subject is (居住证是…的证明): the kind's own cue.
        # What an answer of the question's form states (a period, 日内/工作日, a fee, a date, a definition:
        # ``Question.lead_cue``), else what its family's answers state. A question of several parts
        # asks several forms: one part's form would push the other parts' chunks out of the list.
        form = q.lead_cue if len(q.parts) <= 1 or q.kind == "definition" else None
        cue = form or QTYPE_CUES.get(qtype or "")
        prefs = _Preferences(places, prefer_national, cue, year, earlier_version,
                             qtype in RULE_QTYPES, named, across_places,
                             permit_only=q.permit_only,
                             argument_question=qtype == "why",
                             # 为什么要制定 asks for reasons, not for the promulgation lines
                             enactment_question=qtype != "why" and q.enactment)
        adjusted = self._adjust(fused[candidates], candidates, prefs)
        # Best first; ties in the order the lists first named the chunks (a stable sort of the fused dict).
        order = np.lexsort((np.arange(len(candidates)), -adjusted))[: max(4 * k, 40)]
        ranked = list(zip(candidates[order].tolist(), adjusted[order].tolist(), strict=True))
        # Diversity: each chunk of a document beyond the first per_doc_cap weighs DOC_REPEAT_DECAY
        # less than the one before, so a long document cannot fill the list unless it clearly wins.
        per_doc: dict[str, int] = defaultdict(int)
        decayed = []
        for i, score in ranked:
            key = self._diversity_key[i]
            excess = per_doc[key] - self.settings.per_doc_cap + 1
            per_doc[key] += 1
            decayed.append((i, score * DOC_REPEAT_DECAY ** max(0, excess)))
        decayed.sort(key=lambda item: -item[1])
        return self._results(decayed[:k], lists)

    def _fuse(self, lists: dict[str, _Ranked], weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Reciprocal rank fusion: score = Σ w_list / (k + rank), as one array over the chunks (zero
        for chunks no list holds), and the chunks the lists hold in the order they first name them.

        Cormack, Clarke & Büttcher (SIGIR 2009), "Reciprocal Rank Fusion outperforms Condorcet and
        individual rank learning methods". k = 60 (``Settings.rrf_k``) is their constant: it keeps
        one list's first place from dominating items that several lists rank well. ``weights`` (by
        list name; default 1) lets a weaker retriever vote with less force (weighted RRF).
        """
        held = [(name, ranked.ids) for name, ranked in lists.items() if len(ranked.ids)]
        if not held:
            return np.zeros(len(self.chunks)), np.empty(0, dtype=np.int64)
        ids = np.concatenate([listed for _, listed in held])
        votes = np.concatenate([weights.get(name, 1.0) / (self.settings.rrf_k + np.arange(1, len(listed) + 1))
                                for name, listed in held])
        # One bincount adds each chunk's votes in list order, as adding list by list would: the same floats.
        fused = np.bincount(ids, weights=votes, minlength=len(self.chunks))
        chunks, first = np.unique(ids, return_index=True)
        return fused, chunks[np.argsort(first, kind="stable")]

    def _subjects(self, cue: re.Pattern[str]) -> list[str | None]:
        """Each chunk's first match of ``cue`` (a defining clause's subject: 第三条 居住证是), or None."""
        found = self._subject_spans.get(cue)
        if found is None:
            found = self._subject_spans[cue] = [m.group() if (m := cue.search(c.quote)) else None
                                                for c in self.chunks]
        return found

    def _says(self, cue: re.Pattern[str]) -> np.ndarray:
        """Which chunks' quotes match ``cue`` (one of the few QTYPE_CUES), found once per loaded index."""
        return self._cached_mask(("cue", cue), lambda: np.array([cue.search(c.quote) is not None
                                                                 for c in self.chunks], dtype=bool))

    def _named(self, q: Question, places: tuple[PlaceScope, ...]) -> frozenset[str]:
        """The documents the question names by title, kept to the searched places' documents."""
        if not places:  # a search of no place: the national documents it names
            return frozenset(d for d in q.named_documents if self._doc_region.get(d) == "全国")
        related = frozenset().union(*(scope.related for scope in places))
        return frozenset(d for d in q.named_documents if self._doc_region.get(d) in related)

    def _adjust(self, scores: np.ndarray, rows: np.ndarray, prefs: _Preferences) -> np.ndarray:
        """The fused ``scores`` of chunks ``rows`` after the document-level preferences (place,
        preamble, cue, version, title), multiplied in a fixed order so each is the same float as
        multiplying chunk by chunk."""
        scores = scores.copy()

        def times(factor: float, where: np.ndarray) -> None:
            scores[where[rows]] *= factor

        if prefs.places:
            times(OTHER_PLACE_PENALTY, np.logical_and.reduce([self._other_place(scope) for scope in prefs.places]))
        # The article's table rows and notes describe particular places, so they are local too.
        elif prefs.prefer_national:
            times(LOCAL_WHEN_NO_PLACE, self._flags["local"])
        preamble = self._flags["preamble"]
        if prefs.enactment_question and prefs.named_docs:
            named = self._doc_mask(prefs.named_docs)
            named_preamble = preamble & named
            times(ENACTMENT_BOOST, named_preamble | (named & self._flags["dates_document"]))
            times(PREAMBLE_PENALTY, preamble & ~named_preamble)
        else:
            times(PREAMBLE_PENALTY, preamble)
        if prefs.cue is not None:
            times(QTYPE_CUE_BOOST, self._says(prefs.cue))
        if prefs.rule_question:
            times(COMMENTARY_PENALTY, self._flags["commentary"])
        if prefs.argument_question:
            # Why a document the question names was made, its purpose clause says first; other whys the
            # commentary argues.
            times(ARGUMENT_BOOST, self._doc_mask(prefs.named_docs) & self._flags["purpose"] if prefs.named_docs
                  else self._flags["commentary"])
        if prefs.year is None:
            times(1 / SUPERSEDED_PENALTY if prefs.earlier_version else SUPERSEDED_PENALTY, self._flags["superseded"])
        else:
            year = str(prefs.year)
            times(1.5, self._effective_year == year)
            # A rule not in force that year (it began later, or a newer version had replaced it) does
            # not answer 2014年那会儿; the article's commentary has no term of force.
            not_in_force = (self._effective_year > year) | (self._replaced_year <= year)
            times(SUPERSEDED_PENALTY, not_in_force & ~self._flags["article"])
        if prefs.named_docs:
            times(TITLE_MENTION_BOOST, self._doc_mask(prefs.named_docs))
        if prefs.across_places:
            times(ACROSS_PLACES_BOOST, self._flags["names_places"])
        if prefs.permit_only:
            times(OTHER_CARD_PENALTY, self._flags["temporary_permit_only"])
        return scores

    def _other_place(self, scope: PlaceScope) -> np.ndarray:
        """``is_other_place`` of every chunk for ``scope``."""
        return self._cached_mask(("other", scope),
                                 lambda: np.array([self.is_other_place(c, scope) for c in self.chunks], dtype=bool))

    def _results(self, scored: list[tuple[int, float]], lists: dict[str, _Ranked]) -> list[RetrievedChunk]:
        """The chosen (chunk index, score) pairs with the rank each list gave them and the best raw
        score of each signal, read in one pass over the lists."""
        ranks: dict[int, dict[str, int]] = {i: {} for i, _ in scored}
        signals: dict[int, dict[str, float]] = {i: {} for i, _ in scored}
        for name, ranked in lists.items():
            for at, i in enumerate(ranked.ids.tolist()):
                if i in ranks:
                    ranks[i][name] = at + 1
                    best = signals[i]
                    best[ranked.signal] = max(ranked.scores[at], best.get(ranked.signal, -math.inf))
        return [RetrievedChunk(self.chunks[i], round(score, 6), ranks[i], signals[i]) for i, score in scored]
