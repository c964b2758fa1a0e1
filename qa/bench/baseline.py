"""A stock RAG retriever over the same documents as a built index, as the yardstick for ``ask()`` speed.

    index folder ──documents.json──▶ load_document() ──500/50 splitter──▶ Chunk
        question ──jieba──▶ BM25 top-n ┐
        question ──embedder──▶ dot product top-n ┴─ RRF (k = 60) ─▶ top 5 ─▶ first sentences of the top chunk

Built the way a tutorial builds one: langchain-text-splitters' ``RecursiveCharacterTextSplitter``
with its default separators (500 characters, 50 overlap), plain jieba tokens (its own dictionary,
not the project's), Okapi BM25 (``qa.index.bm25``: the rank_bm25 formula, same rankings), cosine
similarity over the L2-normalised vectors of the index's own embedder as one numpy product,
reciprocal-rank fusion and, so that it does comparable end-to-end work, an extractive answer made of
the top chunk's first sentences. No query rewriting, place scopes, reranking or refusal: the
difference in speed between this and ``PolicyQA.ask`` is the cost of those.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.corpus.catalog import load_catalog
from qa.corpus.loaders import load_document
from qa.errors import IndexError_, IndexNotBuiltError, QAError
from qa.index import store
from qa.index.bm25 import OkapiBM25
from qa.index.embedders import Embedder, make_embedder
from qa.types import Answer, Chunk, Citation, Document, RetrievedChunk, content_hash

CHUNK_SIZE = 500  # characters, the splitter's common default in RAG tutorials
CHUNK_OVERLAP = 50
TOP_K = 5
# Candidates each list hands to fusion; RRF needs some depth beyond k to reorder.
CANDIDATES = 20
# RRF constant from Cormack, Clarke & Büttcher (2009), the value most libraries ship.
RRF_K = 60
ANSWER_SENTENCES = 2

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_WORD = re.compile(r"\w")  # a jieba token with no letter, digit or CJK character is punctuation or space


def split_text(text: str, chunk_size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP) -> list[tuple[int, str]]:
    """``text`` cut by ``RecursiveCharacterTextSplitter`` into (start offset, piece) pairs.

    Raises:
        QAError: langchain-text-splitters is not installed.
    """
    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise QAError("缺少 langchain-text-splitters：pip install langchain-text-splitters") from exc
    splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap)
    pieces, cursor = [], 0
    for piece in splitter.split_text(text):
        # Pieces come in order and overlap by at most ``overlap`` characters, so search from there.
        start = text.find(piece, max(0, cursor - overlap - len(piece)))
        if start < 0:
            start = text.find(piece)
        pieces.append((start, piece))
        cursor = start + len(piece)
    return pieces


def chunk_documents(documents: list[Document]) -> list[Chunk]:
    """Every document cut into plain 500/50 character chunks that still know their source and span."""
    chunks = []
    for doc in documents:
        for start, piece in split_text(doc.text):
            chunks.append(Chunk(
                chunk_id=content_hash(f"{doc.doc_id}:{start}:{len(piece)}"), doc_id=doc.doc_id, doc_title=doc.title,
                source=doc.source, region=doc.region, level=doc.level, effective=doc.effective, locator=None,
                chapter=None, kind="paragraph", text=piece, quote=piece, start=start, end=start + len(piece),
                content_hash=content_hash(piece)))
    return chunks


def jieba_tokens(text: str) -> list[str]:
    """Plain jieba (default dictionary, precise mode) without punctuation and whitespace tokens."""
    import jieba

    return [t for t in jieba.lcut(text) if _WORD.search(t)]


def index_documents(index_dir: Path) -> list[Document]:
    """The documents a built index holds, loaded again from their files through the corpus loader.

    Raises:
        IndexNotBuiltError: no index at ``index_dir``.
        IndexError_: a file was removed or changed since the index was built.
    """
    generation = store.read_pointer(index_dir)
    if generation is None:
        raise IndexNotBuiltError(f"索引尚未建立：{index_dir}。请先运行 python ingest.py")
    entries = json.loads((index_dir / generation.name / "documents.json").read_text(encoding="utf-8"))
    catalog = load_catalog()
    documents = []
    for entry in entries:
        path = Path(entry["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IndexError_(f"索引中的文件已不存在：{path}（{exc.strerror}）；请重新运行 python ingest.py") from exc
        doc = load_document(path, metadata=catalog.metadata_for(path, data))
        if doc.doc_id != entry["doc_id"]:
            raise IndexError_(f"文件 {path} 在建立索引后已改变；请重新运行 python ingest.py")
        documents.append(Document(doc_id=doc.doc_id, title=entry["title"], source=entry["source"], text=doc.text,
                                  region=entry["region"], level=entry["level"], effective=entry.get("effective")))
    return documents


def index_embedder(index_dir: Path) -> Embedder:
    """The embedder the index at ``index_dir`` was built with (the same rule as ``PolicyQA``)."""
    generation = store.read_pointer(index_dir)
    if generation is None:
        raise IndexNotBuiltError(f"索引尚未建立：{index_dir}。请先运行 python ingest.py")
    spec = generation.embedder
    return make_embedder("use" if spec == "use-multilingual-v3" else spec)


@dataclass
class BaselineRAG:
    """Hybrid BM25 + dense retrieval with RRF over plain character chunks, and a first-sentences answer."""

    chunks: list[Chunk]
    embedder: Embedder
    bm25: OkapiBM25
    vectors: np.ndarray  # (len(chunks), dim), L2-normalised rows
    build_seconds: float = 0.0

    @classmethod
    def build(cls, documents: list[Document], embedder: Embedder) -> BaselineRAG:
        """Split, tokenise and embed ``documents``.

        Raises:
            QAError: no document has any text to split.
        """
        started = time.perf_counter()
        chunks = chunk_documents(documents)
        if not chunks:
            raise QAError(f"基线检索器没有可用的文本：{len(documents)} 个文档切分后为空")
        bm25 = OkapiBM25([jieba_tokens(c.text) for c in chunks])
        vectors = np.asarray(embedder.embed([c.text for c in chunks]), dtype=np.float32)
        return cls(chunks, embedder, bm25, vectors, time.perf_counter() - started)

    @classmethod
    def from_index(cls, index_dir: str | Path, embedder: Embedder | None = None) -> BaselineRAG:
        """Build over the documents of the index at ``index_dir`` with its embedder (or ``embedder``)."""
        index_dir = Path(index_dir)
        return cls.build(index_documents(index_dir), embedder or index_embedder(index_dir))

    def retrieve(self, question: str, k: int = TOP_K) -> list[RetrievedChunk]:
        """The ``k`` best chunks for ``question`` by reciprocal-rank fusion of BM25 and dense ranks."""
        n = min(CANDIDATES, len(self.chunks))
        lexical = self.bm25.get_scores(jieba_tokens(question))
        dense = self.vectors @ self.embedder.embed([question])[0]
        ranks: dict[int, dict[str, int]] = {}
        for name, scores in (("bm25", lexical), ("dense", dense)):
            top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
            for rank, i in enumerate(sorted(top.tolist(), key=lambda j: (-scores[j], j)), start=1):
                if name == "bm25" and scores[i] <= 0:
                    break  # no query term in the chunk: not a lexical match at all
                ranks.setdefault(i, {})[name] = rank
        fused = {i: sum(1.0 / (RRF_K + r) for r in by.values()) for i, by in ranks.items()}
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        return [RetrievedChunk(self.chunks[i], fused[i], ranks[i],
                               {"bm25": float(lexical[i]), "dense": float(dense[i])}) for i in best]

    def ask(self, question: str, k: int = TOP_K) -> Answer:
        """Retrieve, then answer with the top chunk's first sentences, cited as [1]."""
        hits = self.retrieve(question, k)
        if not hits:
            return Answer(question=question, text="", refused=True)
        top = hits[0].chunk
        sentences = [s.strip() for s in _SENTENCE_END.split(top.quote) if s.strip()]
        text = "".join(sentences[:ANSWER_SENTENCES]) + "[1]"
        citations = tuple(Citation.from_chunk(h.chunk) for h in hits)
        return Answer(question=question, text=text, citations=citations, retrieved=tuple(hits),
                      meta={"system": "baseline"})
