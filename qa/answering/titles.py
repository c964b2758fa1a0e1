"""Documents a question names by title: 居住证条例 → 居住证暂行条例, 上海积分办法 → 上海市居住证积分管理办法,
公安部的通知 → 公安部关于认真做好…的通知, 那篇文章/作者 → the journal article.

A title counts when the question has its kind word (条例, 办法, 通知, 文章…) and at least
TITLE_MATCH of the title's other words — or one word no other title has (公安部) — and the
document is about a place the question names (or is national, when it names none). Only the
best-matching titles are returned. The retriever searches those documents too and lifts them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from qa.answering.query import short_name
from qa.text.segment import tokenize

TITLE_MATCH = 0.5  # share of the title's words (place and kind words aside) the question must have
# Kind words that end a title, and the words people use for them. The journal article is 文章.
_KIND_WORDS = {"条例": ("条例",), "办法": ("办法",), "规定": ("规定",), "细则": ("细则",), "意见": ("意见",),
               "通知": ("通知",), "答记者问": ("答记者问", "答问", "记者")}
ARTICLE_WORDS = ("文章", "作者", "论文", "学报", "这篇", "那篇")


def _title_key(document: dict[str, Any]) -> tuple[tuple[str, ...], set[str], str, str]:
    """(kind words, title words without place and kind, region, level) of one document."""
    title = re.sub(r"[（(][^（）()]*[）)]$", "", document["title"])  # (试行), （国家行政学院学报…）
    level = document.get("level") or ""
    region = document.get("region") or ""
    if level == "article":
        kind_words = ARTICLE_WORDS
    else:
        kind = next((k for k in _KIND_WORDS if title.endswith(k)), None)
        kind_words = _KIND_WORDS.get(kind, ()) if kind else ()
    drop = set(tokenize(f"{region} {short_name(region)} {' '.join(kind_words)} 暂行 试行 实施 关于 人民政府"))
    words = {t for t in tokenize(title, sub_words=False) if t not in drop and len(t) > 1}
    return kind_words, words, region, level


def _number_pattern(doc_number: str | None) -> re.Pattern[str] | None:
    """What names a document by its number: 663号 for 国务院令第663号; a short number (25号) only
    with its year (国发〔2014〕25号 → 2014…25号)."""
    match = re.search(r"(\d+)\s*号", doc_number or "")
    if match is None:
        return None
    number = match.group(1)
    if len(number) >= 3:
        return re.compile(rf"(?<!\d){number}\s*号")
    year = re.search(r"(?:19|20)\d\d", doc_number or "")
    return re.compile(rf"{year.group()}\D{{0,4}}{number}\s*号") if year else None


class TitleIndex:
    """The titles of the indexed documents, ready to be matched against questions."""

    def __init__(self, documents: Iterable[dict[str, Any]]) -> None:
        documents = [d for d in documents if d.get("title")]
        self._titles = {d["doc_id"]: _title_key(d) for d in documents}
        self._raw_titles = {d["doc_id"]: d["title"] for d in documents}
        self._word_count = Counter(w for _, words, _, _ in self._titles.values() for w in words)
        # A document number names its document too (663号令 → 国务院令第663号).
        self._numbers = {d["doc_id"]: _number_pattern(d.get("doc_number")) for d in documents if d.get("doc_number")}
        # The retriever, the composer's topic weights and the focus words all ask about the same
        # question: its answer is kept rather than tokenised again.
        self.named = lru_cache(maxsize=256)(self._named)

    def words(self, doc_ids: frozenset[str]) -> set[str]:
        """The distinctive title words of these documents (place and kind words aside)."""
        return {w for doc_id in doc_ids if doc_id in self._titles for w in self._titles[doc_id][1]}

    def about(self, doc_ids: frozenset[str]) -> frozenset[str]:
        """Documents about these ones, from the same region: their titles quote one of them
        (公安部关于认真做好《居住证暂行条例》…的通知; a province's 实施《条例》办法 is its own rule, not about it)."""
        quoted = {(f"《{self._raw_titles[d]}》", self._titles[d][2]) for d in doc_ids if d in self._raw_titles}
        return frozenset(d for d, title in self._raw_titles.items()
                         if any(q in title and self._titles[d][2] == region for q, region in quoted))

    def _named(self, text: str, places: tuple[frozenset[str], ...] = ()) -> frozenset[str]:
        """Doc ids of the documents ``text`` names (see the module docstring).

        Args:
            text: the question.
            places: for each place the question names, the regions that count as it (深圳市, 广东省).
        """
        by_number = {doc_id for doc_id, pattern in self._numbers.items()
                     if pattern is not None and pattern.search(text)}
        if by_number:
            return frozenset(by_number)
        best: tuple[float, set[str]] = (0.0, set())
        query_words = {t for t in tokenize(text) if len(t) > 1}  # the question's own words, not synonyms
        for doc_id, (kind_words, title_words, region, level) in self._titles.items():
            if not any(word in text for word in kind_words):
                continue
            if level == "article":  # one journal article: 文章/作者 names it
                share = 1.0
            elif (places and not any(region in related for related in places)) or (not places and region != "全国"):
                continue
            else:
                # 积分 names 积分管理; the kind word itself (条例) does not name 暂行条例.
                words = query_words - set(kind_words)
                matched = [w for w in title_words if w in words or any(t in w for t in words)]
                share = len(matched) / len(title_words) if title_words else 1.0
                if any(self._word_count[w] == 1 for w in matched):
                    share = max(share, TITLE_MATCH)  # a word only this title has (公安部) names it
            if share >= TITLE_MATCH and share >= best[0]:
                best = (share, best[1] | {doc_id} if share == best[0] else {doc_id})
        # Equally good titles of a city and its province (杭州…条例, 浙江…条例): the one whose place is named.
        named_place = {d for d in best[1] if short_name(self._titles[d][2]) in text}
        return frozenset(named_place or best[1])
