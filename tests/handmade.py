"""Hand-made chunks and scorers for the composer and refusal tests (no index needed)."""

from __future__ import annotations

from qa.answering import compose as answer
from qa.text.segment import tokenize
from qa.types import Chunk, RetrievedChunk


def hit(quote: str, *, kind: str = "paragraph", region: str = "全国", chunk_id: str = "c1", locator: str = "第一条",
        dense: float | None = None) -> RetrievedChunk:
    """A retrieved chunk of a one-chunk test document: commentary (the article) for ``paragraph``,
    a national rule otherwise; ``dense`` sets its dense similarity signal."""
    chunk = Chunk(chunk_id=chunk_id, doc_id=f"d-{chunk_id}", doc_title="测试文件", source="t.txt", region=region,
                  level="article" if kind == "paragraph" else "national", effective=None, locator=locator,
                  chapter=None, kind=kind, text=quote, quote=quote, start=0, end=len(quote), content_hash="h")
    return RetrievedChunk(chunk, 1.0, signals={} if dense is None else {"dense": dense})


def flat_scorer(*texts: str) -> answer.Scorer:
    """A scorer in which every token of ``texts`` weighs the same."""
    return answer.Scorer({t: 1.0 for text in texts for t in tokenize(text)}, tokenize)
