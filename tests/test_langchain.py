"""LangChain integration: the retriever, the embeddings wrapper and the checked LCEL chain.

Real index (corpus/ + the document pack) and the real default embedder; only the chat model is
a LangChain fake (no LLM can run here).
"""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import InMemoryVectorStore

from qa.integrations.langchain import (
    PolicyEmbeddings,
    PolicyRetriever,
    answer_chain,
    document_from_hit,
    hit_from_document,
)
from qa.types import Answer

QUESTION = "深圳申领居住证需要什么条件？"


class _Prompts(BaseCallbackHandler):
    """Records the messages each chat model call received."""

    def __init__(self) -> None:
        self.messages: list[list] = []

    def on_chat_model_start(self, serialized, messages, **kwargs):
        self.messages.extend(messages)


@pytest.fixture(scope="module")
def retriever(bot) -> PolicyRetriever:
    return PolicyRetriever(qa=bot, k=5)


def test_retriever_returns_documents_with_citation_metadata(retriever, bot) -> None:
    docs = retriever.invoke(QUESTION)
    hits = bot.retrieve(QUESTION, k=5)
    assert isinstance(retriever, BaseRetriever) and len(docs) == 5
    assert [d.metadata["chunk_id"] for d in docs] == [h.chunk.chunk_id for h in hits]
    for doc, hit in zip(docs, hits, strict=False):
        assert doc.page_content == hit.chunk.quote
        meta = doc.metadata
        assert (meta["doc_title"], meta["locator"], meta["region"], meta["effective"], meta["source"]) == (
            hit.chunk.doc_title, hit.chunk.locator, hit.chunk.region, hit.chunk.effective, hit.chunk.source)
        assert meta["score"] == pytest.approx(hit.score)
    assert any(d.metadata["locator"] == "表1 深圳市" or "深圳" in d.metadata["doc_title"] for d in docs)


def test_documents_round_trip_to_the_chunks_they_cite(retriever, bot) -> None:
    hit = bot.retrieve(QUESTION, k=1)[0]
    back = hit_from_document(document_from_hit(hit))
    assert back.chunk.chunk_id == hit.chunk.chunk_id and back.chunk.quote == hit.chunk.quote
    assert back.chunk.locator == hit.chunk.locator and back.score == pytest.approx(hit.score)
    with pytest.raises(ValueError, match="PolicyRetriever"):
        hit_from_document(Document(page_content="别处的文本", metadata={"source": "x"}))


def test_chain_answer_cites_a_retrieved_chunk_with_its_locator(retriever) -> None:
    docs = retriever.invoke(QUESTION)
    model = FakeListChatModel(responses=["深圳申领居住证的条件见相关规定[2]，并以第一条资料为补充[1]。"])
    prompts = _Prompts()
    answer = answer_chain(retriever, model).invoke(QUESTION, config={"callbacks": [prompts]})
    assert isinstance(answer, Answer) and not answer.refused
    assert answer.meta["generator"] == "llm"
    assert answer.text == "深圳申领居住证的条件见相关规定[1]，并以第一条资料为补充[2]。"  # renumbered by first use
    assert [c.chunk_id for c in answer.citations] == [docs[1].metadata["chunk_id"], docs[0].metadata["chunk_id"]]
    assert all(c.locator for c in answer.citations)
    assert answer.citations[0].quote == docs[1].page_content
    # The model saw the question and exactly the retrieved documents, numbered in retrieval order.
    human = prompts.messages[0][-1].content
    assert QUESTION in human
    for n, doc in enumerate(docs, start=1):
        assert f"[{n}] 《{doc.metadata['doc_title']}》{doc.metadata['locator'] or ''}" in human
    assert "[6]" not in human


def test_chain_rejects_a_citation_of_a_chunk_not_retrieved(retriever, bot) -> None:
    model = FakeListChatModel(responses=["深圳要求连续居住满一年[9]。"])  # only [1]..[5] were given
    answer = answer_chain(retriever, model).invoke(QUESTION)
    assert answer.meta["llm_rejected"] and answer.meta["llm_removed_markers"] == [9]
    own = retriever.extractive_answer(QUESTION)  # the product's own answer replaces it
    assert answer.text == own.text and "[9]" not in answer.text and "满一年" not in answer.text
    assert [c.chunk_id for c in answer.citations] == [c.chunk_id for c in own.citations]


def test_chain_drops_an_invented_marker_but_keeps_the_valid_one(retriever) -> None:
    model = FakeListChatModel(responses=["需要居住半年以上[1]，另需缴费五百元[0]。"])
    answer = answer_chain(retriever, model).invoke(QUESTION)
    assert answer.meta["generator"] == "llm" and answer.meta["llm_removed_markers"] == [0]
    assert "[0]" not in answer.text and len(answer.citations) == 1


def test_chain_over_another_retriever_refuses_an_uncited_reply(retriever) -> None:
    """Without a PolicyQA behind the retriever there is no extractive answer: the reply is refused."""
    docs = retriever.invoke(QUESTION)

    class Fixed(BaseRetriever):
        def _get_relevant_documents(self, query, *, run_manager):
            return docs

    answer = answer_chain(Fixed(), FakeListChatModel(responses=["大概需要一年吧。"])).invoke(QUESTION)
    assert answer.refused and answer.meta["llm_rejected"] and not answer.citations
    assert len(answer.retrieved) == len(docs)


def test_embeddings_match_the_index_vectors(bot) -> None:
    embeddings = PolicyEmbeddings()  # the default embedder (USE multilingual)
    stored = bot.retriever.stored
    assert embeddings.embedder.name == stored.generation.embedder
    texts = [stored.chunks[i].text for i in (0, 100)]
    vectors = np.asarray(embeddings.embed_documents(texts))
    assert vectors.shape == (2, stored.vectors.shape[1])
    np.testing.assert_allclose(vectors, stored.vectors[[0, 100]], atol=1e-5)
    query = np.asarray(embeddings.embed_query("居住证有效期"))
    assert query.shape == (stored.vectors.shape[1],) and abs(np.linalg.norm(query) - 1.0) < 1e-4


def test_embeddings_work_in_a_langchain_vector_store(bot) -> None:
    chunks = [c for c in bot.retriever.stored.chunks if c.doc_title == "居住证暂行条例"]
    store = InMemoryVectorStore.from_texts([c.quote for c in chunks], embedding=PolicyEmbeddings(),
                                           metadatas=[{"locator": c.locator} for c in chunks])
    target = next(c for c in chunks if c.locator == "第十四条")  # the article on the validity period
    found = store.similarity_search(target.quote, k=1)[0]
    assert found.metadata["locator"] == "第十四条"
