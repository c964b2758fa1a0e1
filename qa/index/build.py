"""Build or update the index from corpus folders: load → chunk → tokenise → embed → store.

Incremental by design: a file whose bytes did not change keeps its chunks, tokens and vectors;
a chunk whose text did not change keeps its vector; a removed file simply is not carried over;
two files with identical cleaned text are ingested once. Nothing changed → nothing is written.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from qa.index import store
from qa.corpus.catalog import load_catalog
from qa.corpus.chunking import chunk_document
from qa.config import Settings
from qa.index.embedders import CountingEmbedder, Embedder, make_embedder
from qa.errors import CorpusError
from qa.corpus.loaders import discover, load_document
from qa.text.segment import tokenize_units
from qa.types import Chunk, content_hash

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

# Code and data whose change alters the chunks: when any differs from the live index's, every file
# is loaded and chunked again (vectors of unchanged chunk texts are still reused).
_PIPELINE_FILES = ("index/build.py", "index/store.py", "corpus/loaders.py", "text/textclean.py", "corpus/chunking.py",
                   "text/segment.py", "data/policy_terms.txt")


def pipeline_fingerprint() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for name in _PIPELINE_FILES:
        digest.update((package / name).read_bytes())
    catalog = package.parent / "corpus" / "catalog.json"
    if catalog.is_file():
        digest.update(catalog.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class BuildReport:
    """What a build did, for the ingest summary and the benchmarks."""

    documents: int = 0
    chunks: int = 0
    files_seen: int = 0
    reused_documents: int = 0
    new_or_changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same as file)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    texts_embedded: int = 0
    changed: bool = False
    generation: str | None = None
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"文档 {self.documents} 个，分块 {self.chunks} 个（扫描文件 {self.files_seen} 个，用时 {self.seconds:.1f} 秒）",
            f"新增或变更 {len(self.new_or_changed)} 个，沿用 {self.reused_documents} 个，删除 {len(self.removed)} 个，"
            f"重复 {len(self.duplicates)} 个；本次向量化 {self.texts_embedded} 段文本",
        ]
        lines.append(f"索引版本：{self.generation}" if self.changed else "内容无变化，索引保持不变")
        for name, reason in self.skipped:
            lines.append(f"已跳过 {name}：{reason}")
        for name, same in self.duplicates:
            lines.append(f"重复文件 {name} 与 {same} 内容相同，只收录一次")
        return "\n".join(lines)


def corpus_roots(settings: Settings, extra: Iterable[str | Path] = ()) -> list[Path]:
    """The built-in corpus folder plus each extra path; a missing path is an error."""
    roots = [settings.corpus_dir]
    for path in extra:
        path = Path(path).expanduser()
        if not path.exists():
            raise CorpusError(f"语料路径不存在：{path}")
        roots.append(path)
    return roots


def _file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _display_source(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve())) if root.is_dir() else path.name
    except ValueError:
        return path.name


class _Previous:
    """The live generation's content, indexed for reuse."""

    def __init__(self, settings: Settings, embedder_name: str, fingerprint: str, reuse: bool = True) -> None:
        """Load the live generation for reuse; with ``reuse`` False (a rebuild) only its pointer."""
        self.documents: dict[str, dict[str, Any]] = {}
        self.chunks_by_doc: dict[str, list[int]] = {}
        self.vector_by_hash: dict[str, np.ndarray] = {}
        self.chunks: list[Chunk] = []
        self.tokens: list[list[list[str]]] = []
        self.embedder_matches = False
        self.generation = store.read_pointer(settings.index_dir)
        if self.generation is None or not reuse:
            return
        try:
            old = store.StoredIndex.open(settings.index_dir, settings.chroma_url, with_collection=False)
        except Exception as exc:  # noqa: BLE001 - a damaged index is rebuilt from scratch
            log.warning("previous index unusable, rebuilding: %s", exc)
            return
        self.chunks, self.tokens = old.chunks, old.tokens
        self.embedder_matches = old.generation.embedder == embedder_name
        # Documents are reusable only when the same code chunked them.
        if old.generation.pipeline == fingerprint:
            self.documents = {d["path"]: d for d in old.documents}
        for i, chunk in enumerate(old.chunks):
            self.chunks_by_doc.setdefault(chunk.doc_id, []).append(i)
            if self.embedder_matches:
                self.vector_by_hash[content_hash(chunk.text)] = old.vectors[i]


def build_index(settings: Settings, corpus_paths: Iterable[str | Path] = (), *, rebuild: bool = False,
                progress: Progress | None = None, embedder: Embedder | None = None) -> BuildReport:
    """Ingest ``settings.corpus_dir`` plus ``corpus_paths`` into ``settings.index_dir``.

    Args:
        settings: index location, Chroma server, embedder spec.
        corpus_paths: extra files or folders to ingest.
        rebuild: ignore the previous index and embed everything again.
        progress: called as ``progress(done, total, file_name)`` after each file.
        embedder: overrides ``settings.embedder`` (tests inject a counting one).

    Returns:
        A BuildReport; ``changed`` is False when nothing had to be rewritten.

    Raises:
        CorpusError: a corpus path does not exist.
        IndexError_: Chroma cannot be reached or written.
    """
    started = time.perf_counter()
    roots = corpus_roots(settings, corpus_paths)
    counting = CountingEmbedder(embedder or make_embedder(settings.embedder))
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time per index folder
        report = _build_locked(settings, roots, rebuild, progress, counting)
    report.texts_embedded = counting.texts_embedded
    report.seconds = time.perf_counter() - started
    log.info("build: %d documents, %d chunks, %d embedded, changed=%s, %.1fs",
             report.documents, report.chunks, report.texts_embedded, report.changed, report.seconds)
    return report


def _build_locked(settings: Settings, roots: list[Path], rebuild: bool, progress: Progress | None,
                  embedder: CountingEmbedder) -> BuildReport:
    report = BuildReport()
    fingerprint = pipeline_fingerprint()
    previous = _Previous(settings, embedder.name, fingerprint, reuse=not rebuild)
    catalog = load_catalog()
    files = [(path, root) for root in roots for path in discover([root])]
    report.files_seen = len(files)

    documents: list[dict[str, Any]] = []
    chunks: list[Chunk] = []
    tokens: list[list[list[str]]] = []
    seen_docs: dict[str, str] = {}
    for done, (path, root) in enumerate(files, start=1):
        key = str(path.resolve())
        source = _display_source(path, root)
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.skipped.append((source, f"无法读取：{exc.strerror or exc}"))
            continue
        file_hash = _file_hash(data)
        old = previous.documents.get(key)
        if old is not None and old["file_hash"] == file_hash and old["doc_id"] in previous.chunks_by_doc:
            doc_entry = old
            doc_chunks = [previous.chunks[i] for i in previous.chunks_by_doc[old["doc_id"]]]
            doc_tokens = [previous.tokens[i] for i in previous.chunks_by_doc[old["doc_id"]]]
            report.reused_documents += 1
        else:
            try:
                document = load_document(path, root=root, metadata=catalog.metadata_for(path, data))
            except CorpusError as exc:
                report.skipped.append((source, str(exc)))
                continue
            doc_chunks = chunk_document(document)
            if not doc_chunks:
                report.skipped.append((source, "没有可用的正文"))
                continue
            doc_tokens = [tokenize_units(c.text) for c in doc_chunks]
            doc_entry = {"path": key, "source": document.source, "file_hash": file_hash, "doc_id": document.doc_id,
                         "title": document.title, "region": document.region, "level": document.level,
                         "kind": document.kind, "issuer": document.issuer, "doc_number": document.doc_number,
                         "adopted": document.adopted, "effective": document.effective,
                         "superseded_by": document.extra.get("superseded_by")}
            report.new_or_changed.append(source)
        if doc_entry["doc_id"] in seen_docs:
            report.duplicates.append((source, seen_docs[doc_entry["doc_id"]]))
            if source in report.new_or_changed:
                report.new_or_changed.remove(source)
            continue
        seen_docs[doc_entry["doc_id"]] = source
        documents.append({**doc_entry, "chunks": len(doc_chunks)})
        chunks.extend(doc_chunks)
        tokens.extend(doc_tokens)
        if progress:
            progress(done, len(files), source)

    kept = {d["path"] for d in documents}
    report.removed = [d["source"] for p, d in previous.documents.items() if p not in kept]
    report.documents, report.chunks = len(documents), len(chunks)
    unchanged = (previous.generation is not None and not rebuild and previous.embedder_matches
                 and previous.generation.pipeline == fingerprint and not report.new_or_changed and not report.removed
                 and len(documents) == len(previous.documents))
    if unchanged:
        report.generation = previous.generation.name
        return report

    vectors = _vectors_for(chunks, previous, embedder)
    client = store.chroma_client(settings.index_dir, settings.chroma_url)
    writer = store.GenerationWriter(settings.index_dir, client, settings.collection, embedder.name)
    try:
        writer.write(chunks, tokens, vectors, documents)
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        generation = writer.commit(created, len(documents), len(chunks), int(vectors.shape[1]) if len(vectors) else 0,
                                   fingerprint)
    except BaseException:
        writer.abort()
        raise
    store.sweep(settings.index_dir, client, settings.collection, keep=generation.name)
    report.changed, report.generation = True, generation.name
    return report


def _vectors_for(chunks: list[Chunk], previous: _Previous, embedder: CountingEmbedder) -> np.ndarray:
    """Vectors for ``chunks``: reuse by content hash, embed only texts never embedded before."""
    # Keyed by the hash of the embedded text (not the quote): a context prefix change re-embeds.
    hashes = [content_hash(c.text) for c in chunks]
    missing = sorted({h: c.text for h, c in zip(hashes, chunks) if h not in previous.vector_by_hash}.items())
    fresh: dict[str, np.ndarray] = {}
    if missing:
        vectors = embedder.embed([text for _, text in missing])
        fresh = {h: vectors[i] for i, (h, _) in enumerate(missing)}
    if not chunks:
        return np.zeros((0, 1), dtype=np.float32)
    rows = [fresh[h] if h in fresh else previous.vector_by_hash[h] for h in hashes]
    return np.vstack(rows).astype(np.float32)


def index_summary(settings: Settings) -> dict[str, Any]:
    """Pointer contents of the live index, or an empty dict when none is built."""
    generation = store.read_pointer(settings.index_dir)
    return json.loads(json.dumps(generation.to_dict())) if generation else {}
