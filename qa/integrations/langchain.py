"""LangChain adapters: the product as a retriever, its embedder as ``Embeddings``, and a checked chain.

    from qa import PolicyQA
    from qa.integrations.langchain import PolicyEmbeddings, PolicyRetriever, answer_chain

    retriever = PolicyRetriever(qa=PolicyQA(), k=5)
    docs = retriever.invoke("居住证有效期多久")      # langchain Documents: the exact quote + citation metadata
    docs[0].metadata["doc_title"], docs[0].metadata["locator"]   # 居住证暂行条例, 第十四条

    chain = answer_chain(retriever, chat_model)     # any LangChain chat model (ChatOpenAI, ChatOllama …)
    answer = chain.invoke("居住证有效期多久")         # a qa.types.Answer
    answer.text, [(c.doc_title, c.locator) for c in answer.citations]

``answer_chain`` is plain LCEL — retriever → prompt → chat model → citation check::

    {"question": RunnablePassthrough(), "documents": retriever}
    | RunnablePassthrough.assign(reply=prompt_inputs | PROMPT | chat_model | StrOutputParser())
    | RunnableLambda(check)

The check is ``qa.answering.llm.check_reply``, the same one ``PolicyQA.ask`` applies to LLM
output: markers must point at a retrieved document ([1]…[n] in retrieval order); others are
removed; a reply with none left is rejected and the extractive answer of the retriever's
``PolicyQA`` (or, for another retriever, a refusal) is returned instead, with
``meta["llm_rejected"]``.

``PolicyEmbeddings`` wraps the embedder the index is built with (``QA_EMBEDDER``, default USE
multilingual v3), so LangChain vector stores can hold vectors comparable with the index's own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough
from pydantic import Field

from qa.answering import llm
from qa.index.embedders import Embedder, make_embedder
from qa.types import Answer, Chunk, RetrievedChunk

__all__ = ["PROMPT", "PolicyEmbeddings", "PolicyRetriever", "answer_chain", "document_from_hit", "hit_from_document"]

# The prompt PolicyQA itself sends (same system text, same numbered sources).
PROMPT = ChatPromptTemplate.from_messages([("system", llm.SYSTEM_PROMPT), ("human", llm.HUMAN_TEMPLATE)])
REJECTED_TEXT = "模型的回答没有引用检索到的文件（或引用了不存在的编号），未予采用。"
# Chunk fields carried in Document.metadata; ``quote`` is the page content.
_META_FIELDS = ("chunk_id", "doc_id", "doc_title", "source", "region", "level", "effective", "locator", "chapter",
                "kind", "start", "end", "content_hash")


def document_from_hit(hit: RetrievedChunk) -> Document:
    """A langchain Document: the chunk's exact quote, with what a citation needs as metadata.

    Metadata: doc_title, locator (第十四条, 表1 深圳市), region, effective (ISO date or None),
    source (file), chunk_id, doc_id, score, and the chunk's other fields (level, chapter, kind,
    start, end, content_hash), so ``hit_from_document`` can rebuild the chunk.
    """
    chunk = hit.chunk
    return Document(page_content=chunk.quote, id=chunk.chunk_id,
                    metadata={**{name: getattr(chunk, name) for name in _META_FIELDS}, "score": hit.score})


def hit_from_document(document: Document) -> RetrievedChunk:
    """The RetrievedChunk a ``document_from_hit`` Document came from (its text is the quote)."""
    meta = document.metadata
    missing = [name for name in _META_FIELDS if name not in meta]
    if missing:
        raise ValueError(f"Document metadata lacks {missing}: only documents from PolicyRetriever can be cited")
    chunk = Chunk(**{name: meta[name] for name in _META_FIELDS}, text=document.page_content,
                  quote=document.page_content)
    return RetrievedChunk(chunk, float(meta.get("score") or 0.0))


class PolicyRetriever(BaseRetriever):
    """``PolicyQA.retrieve`` as a LangChain retriever (hybrid BM25 + dense, place-aware).

    Args:
        qa: a loaded ``qa.PolicyQA``.
        k: documents per query.
    """

    qa: Any = Field(description="a loaded qa.PolicyQA")
    k: int = Field(default=5, ge=1)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [document_from_hit(hit) for hit in self.qa.retrieve(query, k=self.k)]

    def extractive_answer(self, question: str) -> Answer:
        """The product's own extractive answer (no LLM, whatever ``qa`` is configured with)."""
        plain = self.qa.with_mode(self.qa.mode)
        plain.chat_model = None
        return plain.ask(question, k=self.k)


class PolicyEmbeddings(Embeddings):
    """The index's embedder as LangChain ``Embeddings`` (L2-normalised vectors as lists of floats).

    Args:
        embedder: an embedder from ``qa.index.embedders``; default: ``make_embedder(spec)``.
        spec: ``use`` (default), ``st:<local model folder>`` or ``hash``; ignored with ``embedder``.
    """

    def __init__(self, embedder: Embedder | None = None, spec: str = "use") -> None:
        self.embedder = embedder or make_embedder(spec)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed([text])[0].tolist()


def _prompt_inputs(state: dict[str, Any]) -> dict[str, str]:
    hits = [hit_from_document(d) for d in state["documents"]]
    return {"sources": llm.format_sources(hits), "question": state["question"]}


def answer_chain(retriever: BaseRetriever, chat_model: Runnable, *,
                 fallback: Callable[[str], Answer] | None = None) -> Runnable:
    """retriever → prompt → chat model → citation check, as an LCEL chain from a question to an ``Answer``.

    Args:
        retriever: a ``PolicyRetriever`` (or any retriever whose Documents carry its metadata).
        chat_model: any LangChain chat model.
        fallback: the answer to give when the model's reply cites no retrieved document; default:
            the retriever's extractive answer (``PolicyRetriever``), else a refusal.

    Returns:
        A Runnable: ``chain.invoke("问题")`` → ``Answer`` with checked citations.
    """
    if fallback is None and isinstance(retriever, PolicyRetriever):
        fallback = retriever.extractive_answer

    def check(state: dict[str, Any]) -> Answer:
        hits: Sequence[RetrievedChunk] = [hit_from_document(d) for d in state["documents"]]
        rejected = Answer(question=state["question"], text=REJECTED_TEXT, refused=True, retrieved=tuple(hits),
                          meta={"generator": "langchain"})
        answer = llm.check_reply(state["reply"], hits, rejected)
        if "llm_rejected" in answer.meta and fallback is not None:
            own = fallback(state["question"])
            flags = {k: answer.meta[k] for k in ("llm_rejected", "llm_removed_markers") if k in answer.meta}
            answer = replace(own, meta={**own.meta, **flags})
        return answer

    generate = RunnableLambda(_prompt_inputs) | PROMPT | chat_model | StrOutputParser()
    return ({"question": RunnablePassthrough(), "documents": retriever}
            | RunnablePassthrough.assign(reply=generate)
            | RunnableLambda(check)).with_config(run_name="policy_answer")
