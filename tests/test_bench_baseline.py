"""The stock baseline retriever of ``python -m qa.bench ask``: built over an index's documents, five sourced chunks."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from qa.bench.baseline import (
    CHUNK_OVERLAP,
    CHUNK_SIZE,
    BaselineRAG,
    index_documents,
    split_text,
)
from qa.config import Settings
from qa.errors import IndexError_, IndexNotBuiltError
from qa.index.build import build_index
from qa.index.embedders import HashEmbedder

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def article_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the repository's own corpus/ (the cleaned article), hash embedder."""
    tmp = tmp_path_factory.mktemp("baseline")
    corpus = tmp / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    build_index(replace(Settings(), index_dir=tmp / "index", corpus_dir=corpus, embedder="hash"))
    return tmp / "index"


@pytest.fixture(scope="module")
def baseline(article_index: Path) -> BaselineRAG:
    return BaselineRAG.from_index(article_index)


def test_split_text_pieces_are_spans_of_the_text() -> None:
    text = "。".join(f"第{i}句话说明居住证的申领条件和办理时限" for i in range(80)) + "。"
    pieces = split_text(text)
    assert len(pieces) > 3
    for start, piece in pieces:
        assert text[start:start + len(piece)] == piece and len(piece) <= CHUNK_SIZE
    # consecutive pieces overlap by at most the configured overlap and leave no gap
    for (a, pa), (b, _) in itertools.pairwise(pieces):
        assert a + len(pa) - CHUNK_OVERLAP <= b <= a + len(pa)


def test_baseline_is_built_over_the_index_documents(article_index: Path, baseline: BaselineRAG) -> None:
    documents = index_documents(article_index)
    assert documents and {c.doc_id for c in baseline.chunks} == {d.doc_id for d in documents}
    by_id = {d.doc_id: d for d in documents}
    for chunk in baseline.chunks:
        assert by_id[chunk.doc_id].text[chunk.start:chunk.end] == chunk.quote
        assert len(chunk.quote) <= CHUNK_SIZE
    assert baseline.vectors.shape == (len(baseline.chunks), HashEmbedder().dim)


def test_baseline_returns_five_sourced_chunks_and_finds_a_quoted_passage(baseline: BaselineRAG) -> None:
    target = max(baseline.chunks[5:], key=lambda c: len(c.quote))
    question = target.quote[100:140]
    hits = baseline.retrieve(question)
    assert len(hits) == 5
    assert all(h.chunk.source and h.chunk.doc_title for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert target.chunk_id in [h.chunk.chunk_id for h in hits[:2]]
    assert hits[0].ranks.get("bm25") is not None


def test_baseline_answer_is_the_top_chunks_first_sentences(baseline: BaselineRAG) -> None:
    answer = baseline.ask("居住证持有人享有哪些基本公共服务？")
    assert len(answer.citations) == 5 and len(answer.retrieved) == 5 and not answer.refused
    top = answer.retrieved[0].chunk.quote
    body = answer.text.removesuffix("[1]")
    assert answer.text.endswith("[1]") and body and top.startswith(body.strip()[:10])
    assert answer.citations[0].quote == top


def test_baseline_refuses_a_changed_or_missing_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "note.txt"
    doc.write_text("居住证的有效期为一年，期满可以签注延长。" * 5, encoding="utf-8")
    settings = replace(Settings(), index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash")
    with pytest.raises(IndexNotBuiltError, match="索引尚未建立"):
        BaselineRAG.from_index(settings.index_dir)
    build_index(settings)
    assert len(BaselineRAG.from_index(settings.index_dir).chunks) == 1
    doc.write_text("居住证的有效期为两年。" * 5, encoding="utf-8")
    with pytest.raises(IndexError_, match=r"note\.txt"):
        BaselineRAG.from_index(settings.index_dir)
