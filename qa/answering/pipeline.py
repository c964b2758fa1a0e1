"""PolicyQA: the Python API over the built index — retrieve, answer with citations, or refuse.

    question ─▶ understand (t2s, numbers, synonyms, place, follow-up)
             ├─▶ eligibility with facts?  ─▶ rules.check ─▶ explained verdict + rule citations
             └─▶ hybrid retrieval ─▶ support check ─▶ extractive answer with [n] markers | refusal
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.answering import compose as composer
from qa.answering import contract, coverage, deadline, llm, provenance, refusal
from qa.answering import query as query_mod
from qa.answering.authority import EvidencePolicy
from qa.answering.retrieve import MODES, HybridRetriever, PlaceScope
from qa.answering.understand import Part, Question, cues, understand
from qa.config import Settings
from qa.errors import NoRuleError, QAError
from qa.index import live
from qa.index.embedders import Embedder, make_embedder
from qa.index.store import StoredIndex
from qa.text.segment import tokenize
from qa.types import Answer, Chunk, RetrievedChunk

log = logging.getLogger(__name__)

History = list[tuple[str, str]] | None
COMPARISON_SECOND_SENTENCE = 0.6
# How much of a place's rule article a comparison row quotes (enough for 深圳 第十九条's two conditions).
COMPARISON_ROW_CHARS = 300
TITLE_WORD_WEIGHT = 0.3
# How many retrieved chunks single answers choose sentences from (measured: 5 → 7 lifts dev fact
# accuracy 0.873 → 0.882 and the answer probes 98 → 100 of 115; 10 starts finding stray figures).
EVIDENCE_POOL = 7
# Sentences considered for each further part of a question with several (the first not yet quoted answers it).
PART_CANDIDATES = 3
# Kinds whose answer a rule states: the journal article's commentary does not stand in for it.
RULE_KINDS = frozenset({"fee", "consequence", "materials", "where", "agent", "time_limit", "procedure", "duration",
                        "conditions", "benefits", "definition"})
# Kinds that a place named with the national rule does not turn into a comparison: a person's case
# is judged by the place's rule, history and documents are asked about, not compared.
NOT_COMPARED_KINDS = frozenset({"eligibility_case", "history", "document", "definition", "count"})
# How much the first clause's words count when picking a later clause's sentence (they carry its subject).
CLAUSE_CONTEXT_WEIGHT = 0.3


def _shown_fact(value: Any) -> Any:
    """A parsed fact as JSON shows it: 不到半年 as {"under": 6}, 两三个月 as {"between": [2, 3]}, not
    as the number the checker compares (5.99, 2)."""
    from qa.rules.model import Between, Under  # local import: the rule package loads on first eligibility question

    if isinstance(value, Under):
        return {"under": value.bound}
    if isinstance(value, Between):
        return {"between": [value.low, value.high]}
    return value


def _refused(question: str, reason: str, hits: list[RetrievedChunk], meta: dict[str, Any]) -> Answer:
    """The refusal answer: the reason and the closest documents (``refusal.refusal_text``)."""
    return Answer(question=question, text=refusal.refusal_text(reason, hits), refused=True,
                  retrieved=tuple(hits), meta=meta)


def _query_tokens(q: Question) -> list[str]:
    """BM25 tokens of a query: the expanded search text without pure question words, nor the year that
    names a version (天津2014年那会儿: the version is preferred by its dates, not by chunks saying 2014)."""
    return [t for t in tokenize(q.search_text) if t not in composer.QUESTION_WORDS and t != q.version_word]


def _speaks_for(chunk: Chunk, scope: PlaceScope, retriever: HybridRetriever) -> bool:
    """Whether a chunk may fill a comparison row for ``scope``: the national row takes national
    rules (not the article's commentary); a place's row takes its own documents, or national text
    and the article only where they name it."""
    if scope.place == "全国":
        return chunk.region == "全国" and chunk.level != "article"
    if retriever.is_other_place(chunk, scope):
        return False
    return chunk.region in scope.related or scope.short in chunk.quote or scope.short in (chunk.locator or "")


def _place_tokens(places: list[str]) -> set[str]:
    """BM25 tokens of the places' names, full and short (深圳市 深圳)."""
    return set(tokenize(" ".join(places + [query_mod.short_name(p) for p in places])))


def _without_place_words(weights: dict[str, float], places: list[str]) -> dict[str, float]:
    """Sentence weights without the asked places' names: retrieval already keeps to the place, and a
    place's own law rarely writes its name (深圳条例 says 特区), while tables and transitional
    clauses repeat it."""
    place_tokens = _place_tokens(places)
    return {t: w for t, w in weights.items() if t not in place_tokens} or weights


def _warm_up(embedder: Embedder) -> None:
    tokenize("预热")
    embedder.embed(["预热"])


class PolicyQA:
    """Answers Chinese questions on 居住证 / 户籍 policy from the built index.

    Args:
        index_dir: the index folder (default: QA_INDEX_DIR or ``<repo>/index``).
        settings: full settings (overrides ``index_dir``).
        mode: retrieval mode, ``hybrid`` (default), ``bm25`` or ``dense``.
        embedder: inject an embedder (default: the one the index was built with).
        min_support: refuse below this evidence support (0..1).
        chat_model: a LangChain chat model for optional generation (default: from QA_LLM_* settings).

    Raises:
        IndexNotBuiltError: no index at the folder (run ``python ingest.py``).
    """

    # What is derived from the index lives in ``self.live`` (qa.index.live): a re-ingest is picked
    # up between requests, and each request reads one generation's values (see _index_state).
    retriever = live.Pinned()
    scorer = live.Pinned()
    newest_year = live.Pinned()
    regions = live.Pinned()
    corpus_text = live.Pinned()
    official = live.Pinned()  # doc ids of catalog documents (qa.answering.provenance)

    def __init__(self, index_dir: str | Path | None = None, *, settings: Settings | None = None,
                 mode: str = "hybrid", embedder: Embedder | None = None,
                 min_support: float = refusal.DEFAULT_MIN_SUPPORT, chat_model: Any = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {MODES}")
        self.settings = settings or Settings.from_env(index_dir=index_dir)
        self.mode = mode
        self.min_support = min_support
        self.embedder = embedder
        self.live = live.LiveIndex(self.settings.index_dir, self.settings.chroma_url, self._index_state)
        # Optional LLM generation (QA_LLM_PROVIDER or an injected LangChain chat model).
        self.chat_model = chat_model if chat_model is not None else llm.make_chat_model(self.settings)

    def _index_state(self, stored: StoredIndex) -> dict[str, Any]:
        """Everything derived from one index generation (built again for each new generation)."""
        if self.embedder is None:
            spec = stored.generation.embedder
            self.embedder = make_embedder("use" if spec == "use-multilingual-v3" else spec)
        if self.embedder.name != stored.generation.embedder:
            raise QAError(f"索引由向量模型 {stored.generation.embedder} 建立，"
                          f"当前模型为 {self.embedder.name}；请重建索引")
        # Model weights and the jieba dictionary load lazily on first use (~1.5 s + 0.6 s); start
        # both now so they overlap with building BM25 and opening Chroma.
        warm = threading.Thread(target=_warm_up, args=(self.embedder,), daemon=True)
        warm.start()
        retriever = HybridRetriever(stored, self.embedder, self.settings)
        dates = [d.get(k) or "" for d in stored.documents for k in ("adopted", "effective")]
        return {
            "retriever": retriever,
            "newest_year": max((int(x[:4]) for x in dates if x[:4].isdigit()), default=2016),
            "regions": frozenset(d.get("region") or "全国" for d in stored.documents),
            # Every chunk's text, to tell what no document mentions (refusal.unmentioned_use).
            "corpus_text": "\n".join(c.quote for c in stored.chunks),
            "scorer": composer.Scorer(retriever.idf(), tokenize),
            "official": provenance.official_doc_ids(stored.documents),
        }

    def with_mode(self, mode: str) -> PolicyQA:
        """A PolicyQA sharing this one's loaded index but retrieving with ``mode``."""
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {MODES}")
        other = object.__new__(PolicyQA)
        other.__dict__.update(self.__dict__)
        other.mode = mode
        return other

    # -- retrieval --------------------------------------------------------------------------
    def _scopes(self, places: tuple[str, ...]) -> tuple[PlaceScope, ...]:
        return tuple(self.retriever.place_scope(p, query_mod.province_of(p)) for p in places if p != "全国")

    def _search(self, q: Question, k: int) -> list[RetrievedChunk]:
        tokens = _query_tokens(q)
        scopes = self._scopes(q.places)
        prefer_national = not scopes and not q.unknown_places and not q.across_places
        return self.retriever.search(q, tokens, k, self.mode, scopes, q.version_year, prefer_national,
                                     earlier_version=q.earlier_version, across_places=q.across_places,
                                     focus=self._focus(q, scopes),
                                     national_rules=prefer_national and self._asks_rule(q))

    def _policy(self, q: Question, national_row: bool = False) -> EvidencePolicy:
        """How this question weighs evidence: authority, superseded versions, clause roles.

        ``national_row``: the national row of a comparison, weighed like a question naming no place
        (the national regulation before a notice restating it)."""
        general = national_row or (not q.local_places and not q.unknown_places and not q.across_places)
        return EvidencePolicy(self.retriever.authorities, q.wanted_roles, general,
                              # a history question asks about the versions before the one in force
                              version_named=q.version_year is not None or q.earlier_version or q.kind == "history",
                              asks_rule=self._asks_rule(q),
                              local=(not national_row and len(q.local_places) == 1 and not q.across_places
                                     and q.kind not in ("history", "reason", "document")),
                              named=q.named_documents, reasons=q.kind == "reason")

    @staticmethod
    def _asks_rule(q: Question) -> bool:
        """Whether the question asks what a rule says (a fee, conditions, a duration …), which a
        regulation states, rather than history or reasons, which the commentary tells."""
        return (q.topic if q.kind in ("comparison", "eligibility_case") else q.kind) in RULE_KINDS

    def _named_title_words(self, q: Question) -> set[str]:
        """The distinctive words of the titles the question names (积分, 暂行规定…)."""
        return self.retriever.titles.words(q.named_documents)

    def _focus(self, q: Question, scopes: tuple[PlaceScope, ...], n: int = 3) -> tuple[str, ...]:
        """The question's own rarest topic words (年龄 in 北京积分落户年龄能加几分): not question words,
        generic words, place names or words of a title it names."""
        place_words = _place_tokens(list(q.places))
        if q.version_word is not None:
            place_words.add(q.version_word)
        title_words = self._named_title_words(q)
        idf = self.scorer.idf
        own = [t for t in dict.fromkeys(tokenize(q.text)) if t in idf and t not in composer.QUESTION_WORDS
               and t not in composer.GENERIC_WORDS and t not in place_words and not any(t in w for w in title_words)
               and len(t) > 1]
        return tuple(sorted(own, key=lambda t: -idf[t])[:n])

    @contract.public
    @live.serving
    def retrieve(self, question: str, k: int = 5, history: History = None) -> list[RetrievedChunk]:
        """The ``k`` best chunks for ``question`` (with .text, .doc_title, .locator, .score)."""
        question, history, k = contract.ask_arguments(question, history, k)
        q = understand(question, history, self.retriever.titles, self.retriever.speller().mend)
        if not q.text:
            return []
        k = k or self.settings.top_k
        return self._search(q, k)

    # -- answering --------------------------------------------------------------------------
    @contract.public
    @live.serving
    @provenance.marked
    def ask(self, question: str, history: History = None, k: int | None = None) -> Answer:
        """Answer ``question`` with citations, a rule verdict, or an honest refusal.

        Raises:
            InputError: ``history`` is not a list of (question, answer) pairs, or ``k`` is not 1..50.
            QAError: the index cannot be used (e.g. the Chroma server is down); never anything else.
        """
        question, history, k = contract.ask_arguments(question, history, k)
        started = time.perf_counter()
        q = understand(question or "", history, self.retriever.titles, self.retriever.speller().mend)
        meta: dict[str, Any] = {"query": q.text, "places": list(q.places), "qtype": q.qtype, "kind": q.kind,
                                "mode": self.mode}
        if q.is_followup:
            meta["rewritten"] = q.text
        if not q.text:
            return Answer(question=question, text=q.problem or "请输入一个关于居住证或户籍政策的问题。",
                          refused=True, meta=meta)
        k = k or self.settings.top_k
        hits = self._search(q, max(k, 10))
        ans = self._on_time(q, question, hits, meta) if q.on_time else None
        if ans is None:
            ans = self._eligibility(q, question, hits, meta)
        if ans is None:
            ans = self._answer(q, question, hits, k, meta)
            if "checker_declined" in meta and not ans.refused:
                # A person's case no rule decides: the documents answer, and the verdict says so.
                note = f"说明：{meta['checker_declined']}，无法自动判断你的情况，请以上述条文为准。"
                ans = replace(ans, verdict="insufficient_info", text=f"{ans.text}\n\n{note}")
            if self.chat_model is not None and not ans.refused:
                ans = llm.generate(self.chat_model, q.text, hits[:k], fallback=ans)
        if q.problem:
            ans = replace(ans, text=f"{q.problem}\n\n{ans.text}")
        ans = coverage.annotate(ans, self.retriever.stored.documents)  # says so when only the article is indexed
        ans.meta["ms"] = round((time.perf_counter() - started) * 1000, 1)
        return ans

    def ask_stream(self, question: str, history: History = None, k: int | None = None) -> Iterator[str | Answer]:
        """``ask()`` streamed: yields text pieces as they are produced (LLM tokens), then the final Answer.

        Without a chat model the whole text comes as one piece. The final Answer is what counts:
        when its ``meta`` has ``llm_rejected`` or ``llm_error`` it replaces the streamed text.
        """
        plain = self.with_mode(self.mode)
        plain.chat_model = None  # the extractive answer: what the model rewords, and its fallback
        yield from llm.stream_answer(self.chat_model, plain.ask(question, history, k), k or self.settings.top_k)

    def _on_time(self, q: Question, question: str, hits: list[RetrievedChunk],
                 meta: dict[str, Any]) -> Answer | None:
        """A person's act against the time limit of the article governing it (``qa.answering.deadline``)."""
        if q.days_since is None and q.days_until is None:
            return None
        scopes = self._scopes(q.places)
        authorities = self.retriever.authorities
        version_named = q.version_year is not None or bool(q.named_documents)

        def governs(chunk: Chunk) -> bool:
            if q.named_documents:
                return chunk.doc_id in q.named_documents
            if (chunk.doc_id in authorities.superseded and not version_named) or chunk.level == "article":
                return False
            return chunk.region == "全国" or any(chunk.region in scope.related for scope in scopes)

        # The documents the search found for the place, every article of them: the one setting the
        # limit may use other words than the question (换了住处 / 住址发生变更).
        found = [h for h in hits if governs(h.chunk)]
        seen = {h.chunk.chunk_id for h in found}
        rest = [RetrievedChunk(c, 0.0) for doc_id in dict.fromkeys(h.chunk.doc_id for h in found)
                for c in self.chunks_of(doc_id) if c.chunk_id not in seen]
        decision = deadline.decide(q.days_since, q.days_until, found + rest,
                                   _without_place_words(self._weights(q), list(q.places)))
        if decision is None:
            return None
        hit = decision.limit.hit
        cites = composer.CitationList()
        marker = cites.marker(hit)
        basis = f"{composer.source_label(hit)}{marker}：{decision.limit.sentence}"
        text = f"结论：{decision.conclusion}。\n依据：{basis}\n理由：{decision.reasoning}"
        meta.update(rule="deadline", target="on_time")
        return Answer(question=question, text=text, citations=tuple(cites.citations), refused=False,
                      verdict=decision.verdict, retrieved=tuple([hit, *[h for h in hits if h is not hit][:9]]),
                      meta=meta)

    def _eligibility(self, q: Question, question: str, hits: list[RetrievedChunk],
                     meta: dict[str, Any]) -> Answer | None:
        """Route a personal eligibility question to the rule checker."""
        from qa import rules

        parsed = q.facts
        if not q.case:
            return None
        if refusal.out_of_scope(q, hits) is not None:
            return None  # 以后会不会放宽到6个月 asks about a future rule: refused, not checked
        # A city without rules of its own (保定) still goes by name: the checker falls back to its province.
        place = parsed.place or next(iter(q.places + q.unknown_places), "全国")
        as_of = None
        if parsed.version_year:
            import datetime as dt

            as_of = dt.date(parsed.version_year, 12, 31)
        try:
            result = rules.check(place, parsed.target, parsed.facts, as_of=as_of, version_year=parsed.version_year)
        except NoRuleError as exc:
            log.info("rule checker declined: %s", exc)
            meta["checker_declined"] = f"资料库中没有适用于{exc.place}的“{exc.entitlement}”规则"
            return None
        except QAError as exc:
            log.info("rule checker declined: %s", exc)
            return None
        meta.update(rule=result.rule, facts={k: _shown_fact(v) for k, v in parsed.facts.items()},
                    target=parsed.target)
        # What the verdict rests on leads the retrieved list: the articles the rule cites, then the search's hits.
        cited, number = [], {}
        for n, citation in enumerate(result.citations, start=1):
            chunk = self.retriever.chunk_at(citation.source, citation.locator, citation.quote)
            if chunk is not None and all(c.chunk.chunk_id != chunk.chunk_id for c in cited):
                cited.append(RetrievedChunk(chunk, 1.0))
                number[chunk.chunk_id] = n
        rest = [h for h in hits if all(c.chunk.chunk_id != h.chunk.chunk_id for c in cited)]
        text, citations = rules.explain(result), list(result.citations)
        # The article the verdict rests on, in its own words: the sentences that speak to this case.
        own_words = composer.pick_evidence(cited[:1], self._weights(q), self.scorer, max_sentences=2, per_chunk=2)
        if own_words:
            hit = own_words[0].hit
            said = composer.quoted_body(own_words).replace("\n", "")
            text += f"\n\n原文：{composer.source_label(hit)}[{number[hit.chunk.chunk_id]}]：{said}"
        # The question's other parts (…能办吗？要住多久？去哪办？) are answered from the documents after the verdict.
        others = [part for part in q.parts if part.kind != "eligibility_case"]
        extra = self._clause_evidence(q, hits, q.local_places, [], parts=others) if len(q.parts) > 1 else []
        if extra:
            more, more_citations = composer.compose_extractive(extra, frozenset(self.retriever.authorities.superseded),
                                                               numbered_from=len(citations) + 1)
            asked = "、".join(f"“{part.text.rstrip('？?。')}”" for part in others)
            text += f"\n\n关于{asked}：{more}"
            citations += more_citations
        return Answer(question=question, text=text, citations=tuple(citations),
                      refused=False, verdict=result.verdict, trace=tuple(result.trace),
                      retrieved=tuple((cited + rest)[:10]), meta=meta)

    def _weights(self, q: Question) -> dict[str, float]:
        """The question's token weights for choosing sentences (synonym expansions count half)."""
        if query_mod.has_chinese(q.text):
            return self.scorer.weights(tokenize(q.text), tokenize(" ".join(q.expansions)))
        # An English question: its Chinese terms are all in the expansions.
        return self.scorer.weights(tokenize(" ".join(q.expansions)))

    def _answer(self, q: Question, question: str, hits: list[RetrievedChunk], k: int,
                meta: dict[str, Any]) -> Answer:
        weights = self._weights(q)
        check = refusal.before_answer(q, hits, weights, self.scorer, self.newest_year, self.min_support,
                                      regions=self.regions, corpus_text=self.corpus_text,
                                      superseded=self.retriever.authorities.superseded)
        if check.support is not None:
            meta["support"] = round(check.support, 3)
        if check.reason:
            return _refused(question, check.reason, hits, meta)
        places = [p for p in q.places if p != "全国"]
        versions = self._versions_compared(q, places, hits)
        if versions:
            return self._compare_versions(q, question, places[0], versions, weights, hits, meta)
        # A place and the national rule named together (国家条例和深圳条例有什么区别, 辽宁跟国家规定一样要收
        # 工本费吗, 深圳为啥比国家规定难) compare the two: the national rule is a row too.
        against_national = "全国" in q.places and len(places) == 1 and q.kind not in NOT_COMPARED_KINDS
        if against_national:
            places.insert(0, "全国")
        # Two or more places named ("北京跟天津分别…") is a comparison whatever the wording, unless the
        # question asks why: 为啥北上广这种特大城市… names examples of an argument, not rows.
        if len(places) >= 2 and (q.qtype != "why" or against_national) and not q.portability:
            # One search per place, scoped to it, so each row of the table comes from that place's
            # own documents (or the article's row about it), not from whatever ranked first overall.
            tokens = _query_tokens(q)
            names = tuple(query_mod.short_name(p) for p in places)
            row_weights = _without_place_words(weights, places)
            per_place = {}
            for place in places:
                scope = self.retriever.place_scope(place, query_mod.province_of(place))
                # The other places' names (and 国家, the national row's word) say nothing about this row.
                others = _place_tokens([p for p in places if p != place]) | set(tokenize("国家"))
                row_tokens = [t for t in tokens if t not in others] or tokens
                scoped = [h for h in self.retriever.search(q, row_tokens, 6, self.mode, (scope,), q.version_year)
                          if _speaks_for(h.chunk, scope, self.retriever)]
                # Conditions compared: each row leads with the article the place's rule cites for them.
                article = self._rule_article(q, place) if q.topic == "conditions" else None
                if article is not None:
                    scoped = [article] + [h for h in scoped if h.chunk.chunk_id != article.chunk.chunk_id]
                # A table row stays short: a second sentence only when it is nearly as good as the first.
                if article is not None:  # the conditions as the place's rule states them, in its order
                    per_place[place] = composer.whole_chunk(article, COMPARISON_ROW_CHARS)
                    continue
                per_place[place] = composer.pick_evidence(scoped[:4], row_weights, self.scorer, max_sentences=2,
                                                          per_chunk=1, place_names=(query_mod.short_name(place),),
                                                          unit=q.unit, cue=q.lead_cue or q.answer_cue,
                                                          avoid_names=tuple(n for n in names
                                                                            if n != query_mod.short_name(place)),
                                                          min_relative=COMPARISON_SECOND_SENTENCE,
                                                          policy=self._policy(q, national_row=place == "全国"))
            # The sentence comparing the places is searched for apart: text that names places is lifted,
            # and same-section paragraphs are not crowded out of the top ten by the rows' own hits.
            comparing = self.retriever.search(q, tokens, 20, self.mode, (), q.version_year,
                                              across_places=True)
            summary = composer.cross_place_evidence(comparing, weights, self.scorer, names,
                                                    judging=q.judging)
            text, citations = composer.compose_comparison(per_place, summary)
        else:
            wide = q.qtype in ("conditions", "list", "why")
            unit = q.unit
            stated: list[composer.Evidence] = []
            if (q.kind == "conditions" and not q.across_places and (rule_article := self._rule_article(q)) is not None
                    and (not q.named_documents or rule_article.chunk.doc_id in q.named_documents)):
                # The article the rule checker cites for these conditions (深圳条例第十九条) answers a
                # "what are the conditions" question even when a shorter text outranks it: it is
                # quoted whole, and the best other sentences follow. A question naming another document
                # (文章里上海居转户…) asks what that one says.
                hits = [rule_article] + [h for h in hits if h.chunk.chunk_id != rule_article.chunk.chunk_id]
                stated = composer.whole_chunk(rule_article)
            topic_weights = self._topic_weights(q, weights, places)
            # Sentences come from a few more chunks than are cited by default: an item of a long list (年龄
            # 加20分) often ranks just below the top k, and the rank prior keeps the first chunks ahead.
            pool = max(k, EVIDENCE_POOL)
            candidates = self._national_first(q, hits[1:pool] if stated else hits[:pool])
            if len(places) == 1:  # another place's rules never answer for this one (天津's 积分 for 西安)
                scope = self.retriever.place_scope(places[0], query_mod.province_of(places[0]))
                candidates = [h for h in candidates
                              if not self.retriever.is_other_place(h.chunk, scope) or scope.short in h.chunk.text]
            evidence = composer.pick_evidence(candidates, topic_weights, self.scorer,
                                              max_sentences=(2 if stated else 4) if wide else 3,
                                              per_chunk=3 if wide else 2, unit=unit,
                                              prefer_rules=q.qtype in ("conditions", "how_long", "when"),
                                              cue=q.answer_cue,
                                              place_names=tuple(query_mod.short_name(p) for p in places),
                                              follow=2 if q.qtype == "why" else 0,
                                              neighbour=self.retriever.neighbour, policy=self._policy(q))
            evidence = [e for e in evidence if not any(composer.near_duplicate(e.sentence, s.sentence) for s in stated)]
            if q.qtype != "why":
                evidence += self._clause_evidence(q, hits[:pool], places, stated + evidence)
            # The first part's answer leads, wherever it was found (郑州…要钱吗？换了住址几天内要去改).
            evidence = stated + composer.answer_first(evidence, q.lead_cue, topic_weights,
                                                         unit if len(q.parts) <= 1 else None)
            reason = (refusal.after_evidence(q, evidence, self.scorer.idf)
                      or self._only_commentary_elsewhere(q, places, evidence))
            if reason:
                return _refused(question, reason, hits, meta)
            text, citations = composer.compose_extractive(evidence, frozenset(self.retriever.authorities.superseded))
        missing = refusal.missing_service_details(q, hits)
        if missing:  # a part of the question the documents do not cover is named, not guessed at
            text += f"\n\n另：文件中没有写明{'、'.join(missing)}，请向当地受理机构咨询。"
            meta["not_covered"] = missing
        stand_ins = {u: query_mod.province_of(u) for u in q.unknown_places
                     if query_mod.province_of(u) in q.places and query_mod.province_of(u) in self.regions}
        if stand_ins:
            text = (f"文件库中没有{'、'.join(stand_ins)}自己的文件，以下依据"
                    f"{'、'.join(dict.fromkeys(stand_ins.values()))}的规定作答。\n\n{text}")
        elif len(places) == 1 and q.kind != "comparison" and citations and self._national_rule(citations[0].doc_id):
            # The place's own documents do not lead: say which rule applies.
            text = f"以下依据国家规定作答（同样适用于{places[0]}）。\n\n{text}"
        return Answer(question=question, text=text, citations=tuple(citations), refused=False,
                      retrieved=tuple(hits), meta=meta)

    @staticmethod
    def _only_commentary_elsewhere(q: Question, places: list[str], evidence: list[composer.Evidence]) -> str | None:
        """A reason to refuse when a question about one place's rules finds only commentary that does
        not name the place (西安积分落户怎么打分 → the article's remarks on 积分落户 elsewhere), or None:
        a place's question is answered from its own, its province's or the national rules, or from
        text that names it. History and reasons are the commentary's own subject.
        """
        if len(places) != 1 or q.kind in ("history", "reason"):
            return None
        name = query_mod.short_name(places[0])
        if any(e.hit.chunk.level != "article" or name in e.sentence or name in (e.hit.chunk.locator or "")
               for e in evidence):
            return None
        return f"文件库中{places[0]}的文件和国家规定都没有谈到这个问题"

    def _national_rule(self, doc_id: str) -> bool:
        return self.retriever.authorities.level.get(doc_id, "") in ("national_regulation", "national_policy")

    def _national_first(self, q: Question, hits: list[RetrievedChunk]) -> list[RetrievedChunk]:
        """The chunks a question naming no place is answered from: the national documents' when a
        national rule is among them (local documents answer only when the question asks which places
        differ or no national document speaks to it)."""
        if not self._policy(q).general or q.kind == "comparison" or not self._asks_rule(q):
            return hits
        level = self.retriever.authorities.level
        if not any(level.get(h.chunk.doc_id, "").startswith("national") for h in hits):
            return hits
        return [h for h in hits if h.chunk.region == "全国"]

    def _clause_evidence(self, q: Question, hits: list[RetrievedChunk], places: list[str],
                         chosen: list[composer.Evidence], parts: list[Part] | None = None) -> list[composer.Evidence]:
        """For a question of two or more questions (哪年开始实施的，国务院第几号令？): the best sentence for
        each further clause that the chosen sentences do not already answer.

        The whole question's sentences favour its longest clause; a clause's own words (第几号令, 依据什么
        文件) pick the sentence that answers it. The first clause's words still count a little: they
        carry the subject a later clause leaves out (国务院第几号令 is about the 条例).
        ``parts``: the clauses to answer (default: all of the question's).
        """
        if len(q.parts) < 2:
            return []
        out: list[composer.Evidence] = []
        subject: dict[str, float] = {}
        for part in q.parts if parts is None else parts:
            if part.detail is not None:
                continue  # a service detail no chunk states is named as not covered, not guessed at
            own = self.scorer.weights(tokenize(part.text), tokenize(" ".join(part.expansions)))
            clause_weights = {t: w * CLAUSE_CONTEXT_WEIGHT for t, w in subject.items() if t not in own} | own
            subject = subject or own
            ranked = composer.pick_evidence(hits, self._topic_weights(q, clause_weights, places), self.scorer,
                                            max_sentences=PART_CANDIDATES, per_chunk=2, unit=part.unit,
                                            cue=part.answer_cue,
                                            place_names=tuple(query_mod.short_name(p) for p in places),
                                            policy=self._policy(q), by_rank=False)
            # The part's best sentence not already quoted: the earlier parts' words weigh in as context
            # (落户后孩子能一块迁吗 is about 积分落户), so their sentence often scores first again.
            # Not near_duplicate: two short promulgation lines share most bigrams but state different facts.
            best = next((e for e in ranked if not any(e.sentence in c.sentence or c.sentence in e.sentence
                                                      for c in chosen + out)), None)
            if best is not None:
                out.append(best)
        return out

    def _versions_compared(self, q: Question, places: list[str],
                           hits: list[RetrievedChunk]) -> list[dict[str, Any]] | None:
        """The old and the new version of one place's rule when the question compares them
        (天津2014暂行办法和2015办法有啥区别, 上海老居住证和2013年新办法): documents linked by ``superseded_by``."""
        if q.qtype != "comparison" or len(places) != 1 or not q.versions_compared:
            return None
        successor = self.retriever.authorities.successor
        chains = [[d, successor[d["doc_id"]]] for d in self.retriever.stored.documents
                  if d.get("region") == places[0] and d["doc_id"] in successor]
        if not chains:
            return None
        # Several chains in one place: the one whose documents the search ranked first.
        rank = {h.chunk.doc_id: i for i, h in reversed(list(enumerate(hits)))}
        return min(chains, key=lambda chain: min(rank.get(d["doc_id"], len(hits)) for d in chain))

    def _compare_versions(self, q: Question, question: str, place: str, versions: list[dict[str, Any]],
                          weights: dict[str, float], hits: list[RetrievedChunk], meta: dict[str, Any]) -> Answer:
        """A table with one row per version of the place's rule, each from that document alone."""
        scope = self.retriever.place_scope(place, query_mod.province_of(place))
        tokens = _query_tokens(q)
        row_weights = _without_place_words(weights, [place])
        rows: dict[str, list[composer.Evidence]] = {}
        for document in versions:
            # People name a version by the year it was issued (天津2015办法 took effect on 2016-01-01).
            date = document.get("adopted") or document.get("effective") or ""
            year = int(date[:4]) if date[:4].isdigit() else None
            label = f"{year}年《{document['title']}》" if year else f"《{document['title']}》"
            # Conditions compared: each version's row is the article its rule version cites for them.
            article = (self._rule_article(q, place, as_of=document.get("effective"))
                       if q.topic == "conditions" else None)
            if article is not None and article.chunk.doc_id == document["doc_id"]:
                rows[label] = composer.whole_chunk(article, COMPARISON_ROW_CHARS)
                continue
            own = self.retriever.search(q, tokens, 4, self.mode, (scope,), year,
                                        within=frozenset({document["doc_id"]}))
            # Each row on the asked topic (条件, 时限…): what it states, not the version's 施行 or 过渡 clauses.
            rows[label] = composer.pick_evidence(own, row_weights, self.scorer, max_sentences=2, per_chunk=1,
                                                 unit=q.unit, cue=cues().states(q.topic),
                                                 min_relative=COMPARISON_SECOND_SENTENCE, policy=self._policy(q))
        if not any(rows.values()):
            return _refused(question, "没有找到相关句子", hits, meta)
        text, citations = composer.compose_comparison(rows, heading="按版本对比如下：", column="版本")
        meta["versions"] = [d["title"] for d in versions]
        return Answer(question=question, text=text, citations=tuple(citations), refused=False,
                      retrieved=tuple(hits), meta=meta)

    def _topic_weights(self, q: Question, weights: dict[str, float], places: list[str]) -> dict[str, float]:
        """Sentence weights on the question's topic: without the asked places' names, the year of a
        version it names, and the words of a title it names (上海2004年的居住证暂行规定…孩子能上学吗 asks
        about schooling, not about sentences that cite the 暂行规定 or its year)."""
        # A city standing in for its province (厦门 → 福建省's documents) is no topic word either; beside the
        # named province it is (福建除了福州厦门… names the cities a rule leaves out).
        standing_in = list(q.unknown_places) if not q.place_aliases else []
        kept = _without_place_words(weights, places + list(q.place_aliases) + standing_in)
        if q.version_word is not None:
            kept = {t: w for t, w in kept.items() if t != q.version_word} or kept
        title_words = self._named_title_words(q)
        # Damped, not dropped: a title word can be the topic too (北京积分落户办法一年申请几次).
        return {t: w * (TITLE_WORD_WEIGHT if any(t in word for word in title_words) else 1.0) for t, w in kept.items()}

    def _rule_article(self, q: Question, place: str | None = None,
                      as_of: str | None = None) -> RetrievedChunk | None:
        """The chunk of the article a rule cites for the conditions asked about, or None.

        The rule data (corpus/rules) records, per place and version in force, which article states
        the conditions for a residence permit, hukou or a child's schooling. ``place``: one row of a
        comparison (default: the question's one place, or the national rule). ``as_of``: the date whose
        version counts (default today).
        """
        from qa import rules

        target = q.facts.target
        if target is None or (place is None and len([p for p in q.places if p != "全国"]) > 1):
            return None
        place = place or next(iter(q.places), "全国")
        try:
            result = rules.check(place, target, {}, as_of)
        except QAError:
            return None
        if not result.citations or result.rule == "unmodelled" or (place != "全国" and result.jurisdiction == "全国"):
            return None  # the national fallback says less about a place than its own documents
        chunk = self.retriever.chunk_at(result.citations[0].source, result.citations[0].locator)
        return RetrievedChunk(chunk, 1.0) if chunk is not None else None

    # -- documents --------------------------------------------------------------------------
    @live.serving
    def documents(self) -> list[dict[str, Any]]:
        """The ingested documents with title, region, level, dates, source, chunk count and
        ``official`` (False: added by a user, not in the official catalog)."""
        return [{**{k: d.get(k) for k in ("doc_id", "title", "region", "level", "kind", "effective", "adopted",
                                          "doc_number", "source", "chunks")}, "official": d["doc_id"] in self.official}
                for d in self.retriever.stored.documents]

    @live.serving
    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """The chunks of one document, in document order."""
        return sorted((c for c in self.retriever.chunks if c.doc_id == doc_id), key=lambda c: c.start)
