"""HybridRetriever on the real article + pack: scoped dense search, kept question embeddings."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from qa.answering.pipeline import PolicyQA


def _chroma_within(bot: PolicyQA, vector: np.ndarray, n: int, allowed: np.ndarray) -> list[tuple[int, float]]:
    """The same scoped search as a Chroma query filtered by document, then kept to ``allowed``."""
    retriever = bot.retriever
    doc_ids = sorted({retriever.chunks[i].doc_id for i in np.flatnonzero(allowed)})
    where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": doc_ids}}
    result = retriever.stored.collection.query(query_embeddings=[vector.tolist()], n_results=n, where=where,
                                               include=["distances"])
    ids = {c.chunk_id: i for i, c in enumerate(retriever.chunks)}
    pairs = [(ids[cid], 1.0 - d) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]
    return [(i, score) for i, score in pairs if allowed[i]]


@pytest.mark.parametrize("question, scope", [
    ("深圳申领居住证需要什么条件？", ("深圳市", "广东省")),
    ("居住证可以享受哪些公共服务？", ("全国", None)),
    ("上海积分落户怎么算分", ("上海市", None)),
])
def test_scoped_dense_search_finds_what_a_filtered_chroma_query_finds(bot: PolicyQA, question: str,
                                                                       scope: tuple[str, str | None]) -> None:
    retriever = bot.retriever
    allowed = retriever.about_place(retriever.place_scope(*scope))
    assert 0 < allowed.sum() < len(retriever.chunks)
    vector = retriever.query_vector(question)
    exact = retriever.dense(vector, 40, allowed)
    chroma = _chroma_within(bot, vector, 40, allowed)
    assert [i for i, _ in exact] == [i for i, _ in chroma]
    assert all(abs(a - b) < 1e-5 for (_, a), (_, b) in zip(exact, chroma, strict=True))
    assert all(allowed[i] for i, _ in exact)


def test_a_document_scope_is_searched_within_its_documents(bot: PolicyQA) -> None:
    retriever = bot.retriever
    doc_id = retriever.chunks[0].doc_id
    mask = retriever._doc_mask(frozenset({doc_id}))
    hits = retriever.dense(retriever.query_vector("居住证有效期"), 5, mask)
    assert hits and all(retriever.chunks[i].doc_id == doc_id for i, _ in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_a_question_is_embedded_once_and_its_vector_cannot_be_changed(bot: PolicyQA) -> None:
    retriever = bot.retriever
    retriever.forget_queries()
    first = retriever.query_vector("居住证丢了怎么补办")
    assert retriever.query_vector("居住证丢了怎么补办") is first
    assert np.array_equal(first, retriever.embedder.embed(["居住证丢了怎么补办"])[0])
    with pytest.raises(ValueError):
        first[0] = 1.0
    retriever.forget_queries()
    assert retriever.query_vector("居住证丢了怎么补办") is not first


@pytest.mark.parametrize("question", ["居住证的有效期是多久？", "暂住证当年为啥被骂得那么厉害", "忘了签注会怎么样？"])
def test_the_whole_index_is_searched_exactly_and_no_worse_than_chroma(bot: PolicyQA, question: str) -> None:
    retriever = bot.retriever
    vector = retriever.query_vector(question)
    hits = retriever.dense(vector, 40)
    similarity = retriever.stored.vectors @ vector
    assert [i for i, _ in hits] == np.argsort(-similarity, kind="stable")[:40].tolist()
    assert all(abs(score - similarity[i]) < 1e-5 for i, score in hits)
    # Chroma's HNSW graph may miss a true neighbour, never find a nearer one.
    result = retriever.stored.collection.query(query_embeddings=[vector.tolist()], n_results=40,
                                               include=["distances"])
    nearest = sorted((1.0 - d for d in result["distances"][0]), reverse=True)
    assert all(chroma <= exact + 1e-5 for chroma, (_, exact) in zip(nearest, hits, strict=True))


def test_an_index_above_the_exact_limit_is_searched_in_chroma(bot: PolicyQA, monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.answering import retrieve

    retriever = bot.retriever
    vector = retriever.query_vector("居住证可以享受哪些公共服务？")
    queried = []
    query = retriever.stored.collection.query
    monkeypatch.setattr(retriever.stored, "collection", type("Spy", (), {
        "query": lambda self, **kwargs: queried.append(kwargs) or query(**kwargs)})())
    retriever.dense(vector, 10)
    assert not queried  # the pack is under the limit: searched in memory
    exact = np.argsort(-(retriever.stored.vectors @ vector), kind="stable")[:10].tolist()
    with monkeypatch.context() as patch:
        patch.setattr(retrieve, "EXACT_DENSE_LIMIT", len(retriever.chunks) - 1)
        hits = retriever.dense(vector, 10)
    assert len(queried) == 1 and len(hits) == 10
    assert len(set(exact) & {i for i, _ in hits}) >= 8  # HNSW: near, not necessarily exact
    # In server mode the server is asked, so that a server that stopped is reported (qa.index.guarded).
    monkeypatch.setattr(retriever, "settings", dataclasses.replace(retriever.settings, chroma_url="http://x"))
    retriever.dense(vector, 10)
    assert len(queried) == 2


def _reference_top(scores: np.ndarray, n: int, allowed: np.ndarray | None, kind: str) -> list[tuple[int, float]]:
    """The top-n of a whole sort of ``scores``, as ``_top`` is defined."""
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    top = np.argsort(-scores, kind=kind)[:n]
    return [(int(i), float(scores[i])) for i in top if 0 < scores[i] < np.inf]


@pytest.mark.parametrize("kind", ["stable", "quicksort"])
def test_choosing_the_best_scores_gives_what_a_whole_sort_gives(kind: str) -> None:
    from qa.answering.retrieve import _top

    rng = np.random.default_rng(7)
    for trial in range(400):
        size = int(rng.integers(1, 300))
        # Few distinct values, so that ties (and ties at the cut) are common; zeros and negatives too.
        scores = rng.integers(-3, 12 if trial % 2 else 400, size).astype(float) * 0.37
        allowed = rng.random(size) < 0.7 if trial % 3 == 0 else None
        n = int(rng.integers(0, 60))
        assert _top(scores, n, allowed, kind) == _reference_top(scores, n, allowed, kind), (trial, n)
