"""Build or update the index from corpus folders: load → chunk → tokenise → embed → store.

Incremental by design: a file whose bytes did not change keeps its chunks, tokens and vectors;
a chunk whose text did not change keeps its vector; a removed file simply is not carried over;
two files with identical cleaned text are ingested once. Nothing changed → nothing is written.

Nothing is lost silently: the extra corpus folders are recorded in the index, and a build given
none updates from the recorded ones; a build that would drop documents the index holds stops with
:class:`~qa.errors.PruneRequiredError` listing them unless ``prune`` is set. Each bad file is
skipped with a reason and never aborts the build. ``rebuild`` recovers from any damaged index:
an unreadable pointer or generation is ignored, and a Chroma store that cannot be used is replaced
by a fresh one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from qa.config import Settings
from qa.corpus.catalog import CATALOG_PATH, load_catalog
from qa.corpus.chunking import chunk_document
from qa.corpus.loaders import load_document, read_limited, scan
from qa.errors import CorpusError, IndexError_, PruneRequiredError
from qa.index import store
from qa.index.embedders import CountingEmbedder, Embedder, make_embedder
from qa.index.progress import Progress
from qa.text.segment import tokenize_units
from qa.types import Chunk, content_hash

log = logging.getLogger(__name__)

# Texts per embedding call: each batch reports progress (USE encodes 64 at a time anyway).
EMBED_BATCH = 64

# Code and data whose change alters the chunks: when any differs from the live index's, every file
# is loaded and chunked again (vectors of unchanged chunk texts are still reused).
_PIPELINE_FILES = ("index/build.py", "index/store.py", "corpus/loaders.py", "text/textclean.py", "corpus/chunking.py",
                   "text/segment.py", "data/policy_terms.txt")


def pipeline_fingerprint() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for name in _PIPELINE_FILES:
        digest.update((package / name).read_bytes())
    catalog = CATALOG_PATH
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
    corpus: list[str] = field(default_factory=list)  # the extra corpus folders read (recorded in the index)
    notes: list[str] = field(default_factory=list)  # recoveries: damaged index ignored, fresh store, leftovers
    texts_embedded: int = 0
    changed: bool = False
    generation: str | None = None
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"文档 {self.documents} 个，分块 {self.chunks} 个"
            f"（扫描文件 {self.files_seen} 个，用时 {self.seconds:.1f} 秒）",
            f"新增或变更 {len(self.new_or_changed)} 个，沿用 {self.reused_documents} 个，删除 {len(self.removed)} 个，"
            f"重复 {len(self.duplicates)} 个；本次向量化 {self.texts_embedded} 段文本",
        ]
        lines.append(f"索引版本：{self.generation}" if self.changed else "内容无变化，索引保持不变")
        lines.append("语料目录：" + ("、".join(self.corpus) if self.corpus else "仅内置 corpus/"))
        lines.extend(self.notes)
        for name in self.removed:
            lines.append(f"已从索引删除 {name}")
        for name, reason in self.skipped:
            lines.append(f"已跳过 {name}：{reason}")
        for name, same in self.duplicates:
            lines.append(f"重复文件 {name} 与 {same} 内容相同，只收录一次")
        return "\n".join(lines)


def corpus_roots(settings: Settings, extra: Iterable[str | Path] = ()) -> list[Path]:
    """The built-in corpus folder plus each extra folder.

    Raises:
        CorpusError: a path is empty, does not exist or is not a folder.
    """
    return [settings.corpus_dir, *(_corpus_folder(path) for path in extra)]


def _corpus_folder(path: str | Path) -> Path:
    # An empty string would mean the current folder: reports, caches and package data.
    if not str(path).strip():
        raise CorpusError("语料路径为空（--corpus \"\"）；请给出语料文件夹的路径")
    folder = Path(path).expanduser()
    if not folder.exists():
        raise CorpusError(f"语料路径不存在：{folder}")
    if not folder.is_dir():
        raise CorpusError(f"语料路径 {folder} 不是文件夹；--corpus 需要一个放语料文件的文件夹"
                          "（单个文件请放进一个文件夹）")
    return folder.resolve()


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
        """Load the live generation for reuse; with ``reuse`` False (a rebuild) only what it held.

        A damaged index is never an error here: what cannot be read is simply not reused.
        """
        self.documents: dict[str, dict[str, Any]] = {}  # reusable: same code chunked them
        self.held: dict[str, dict[str, Any]] = {}  # every document of the live generation, by path
        self.chunks_by_doc: dict[str, list[int]] = {}
        self.vector_by_hash: dict[str, np.ndarray] = {}
        self.chunks: list[Chunk] = []
        self.tokens: list[list[list[str]]] = []
        self.embedder_matches = False
        self.problem: str | None = None
        self.recovered: store.Generation | None = None  # read from its folder when CURRENT is damaged
        try:
            self.generation = store.read_pointer(settings.index_dir)
        except IndexError_ as exc:
            # CURRENT is unreadable: the newest committed generation still tells which corpus
            # folders and documents the index held.
            self.generation, self.problem = None, str(exc)
            self.recovered = store.latest_committed(settings.index_dir)
            if self.recovered is not None:
                try:
                    docs = json.loads((settings.index_dir / self.recovered.name / "documents.json").read_text("utf-8"))
                    self.held = {d["path"]: d for d in docs}
                except (OSError, ValueError, TypeError, KeyError):
                    pass
            return
        if self.generation is None:
            return
        try:
            old = store.StoredIndex.open(settings.index_dir, settings.chroma_url, with_collection=False)
        except Exception as exc:  # noqa: BLE001 - a damaged index is rebuilt from scratch
            log.warning("previous index unusable, rebuilding: %s", exc)
            self.problem = str(exc)
            return
        self.held = {d["path"]: d for d in old.documents}
        if not reuse:
            return
        self.chunks, self.tokens = old.chunks, old.tokens
        self.embedder_matches = old.generation.embedder == embedder_name
        # Documents are reusable only when the same code chunked them.
        if old.generation.pipeline == fingerprint:
            self.documents = dict(self.held)
        for i, chunk in enumerate(old.chunks):
            self.chunks_by_doc.setdefault(chunk.doc_id, []).append(i)
            if self.embedder_matches:
                self.vector_by_hash[content_hash(chunk.text)] = old.vectors[i]


def build_index(settings: Settings, corpus_paths: Iterable[str | Path] | None = None, *, rebuild: bool = False,
                prune: bool = False, progress: Progress | None = None,
                embedder: Embedder | None = None) -> BuildReport:
    """Ingest ``settings.corpus_dir`` plus the extra corpus folders into ``settings.index_dir``.

    Args:
        settings: index location, Chroma server, embedder spec, file size limits.
        corpus_paths: extra corpus folders; None = the ones recorded in the live index (none for
            a new index).
        rebuild: ignore the previous index and embed everything again; recovers a damaged index.
        prune: allow the build to drop documents the index holds (files deleted, or folders no
            longer given).
        progress: called as ``progress(stage, done, total, detail)`` for loading files, embedding
            and writing Chroma (see ``qa.index.progress``).
        embedder: overrides ``settings.embedder`` (tests inject a counting one).

    Returns:
        A BuildReport; ``changed`` is False when nothing had to be rewritten.

    Raises:
        CorpusError: a corpus path is empty, missing or not a folder.
        PruneRequiredError: documents would be removed and ``prune`` is False (nothing written).
        IndexError_: the index folder cannot be written, or Chroma cannot be reached or written.
    """
    started = time.perf_counter()
    extra = None if corpus_paths is None else [_corpus_folder(p) for p in corpus_paths]
    store.check_writable(settings.index_dir)
    counting = CountingEmbedder(embedder or make_embedder(settings.embedder))
    try:
        with open(settings.index_dir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time per index folder
            report = _build_locked(settings, extra, rebuild, prune, progress, counting)
    except OSError as exc:  # a disk that fills up or turns read-only half way
        raise IndexError_(f"写入索引目录 {settings.index_dir} 失败：{exc.strerror or exc}；"
                          "已有索引保持不变，请检查磁盘空间与权限后重试") from exc
    report.texts_embedded = counting.texts_embedded
    report.seconds = time.perf_counter() - started
    log.info("build: %d documents, %d chunks, %d embedded, changed=%s, %.1fs",
             report.documents, report.chunks, report.texts_embedded, report.changed, report.seconds)
    return report


def _recorded_roots(generation: store.Generation | None, prune: bool, report: BuildReport) -> list[Path]:
    """The extra corpus folders the live index was built from; a vanished one needs ``prune``."""
    roots = []
    for recorded in generation.corpus if generation else ():
        folder = Path(recorded)
        if folder.is_dir():
            roots.append(folder)
        elif prune:
            report.notes.append(f"索引记录的语料目录 {folder} 已不存在，其文档将被删除（--prune）")
        else:
            raise CorpusError(f"索引记录的语料目录 {folder} 已不存在。若它搬了家，请用 --corpus 指定新位置"
                              "（每个目录一个 --corpus）；若要从索引删除它的文档，请加 --prune")
    return roots


def _build_locked(settings: Settings, extra: list[Path] | None, rebuild: bool, prune: bool,
                  progress: Progress | None, embedder: CountingEmbedder) -> BuildReport:
    report = BuildReport()
    fingerprint = pipeline_fingerprint()
    previous = _Previous(settings, embedder.name, fingerprint, reuse=not rebuild)
    if previous.problem:
        log.warning("previous index damaged: %s", previous.problem)
        report.notes.append("原索引已损坏，本次全部重新建立")
    if extra is None:
        extra = _recorded_roots(previous.generation or previous.recovered, prune, report)
        if previous.problem and previous.generation is None and previous.recovered is None:
            report.notes.append("无法得知原索引的语料目录；本次只用内置 corpus/（其他语料请用 --corpus 指定）")
    # The same folder named twice, or the built-in corpus named again, is read once.
    extra = [p for p in dict.fromkeys(extra) if p != settings.corpus_dir.resolve()]
    report.corpus = [str(p) for p in extra]
    catalog = load_catalog()
    files: list[tuple[Path, Path]] = []
    for root in [settings.corpus_dir, *extra]:
        found, skipped = scan(root) if root.is_dir() else ([], [])
        files.extend((path, root) for path in found)
        report.skipped.extend(skipped)
    report.files_seen = len(files)

    documents: list[dict[str, Any]] = []
    chunks: list[Chunk] = []
    tokens: list[list[list[str]]] = []
    seen_docs: dict[str, str] = {}
    for done, (path, root) in enumerate(files):
        key = str(path.resolve())
        source = _display_source(path, root)
        if progress:  # before the file: the bar names the file being read, skipped ones count too
            progress("load", done, len(files), source)
        try:
            loaded = _load(path, root, key, previous, catalog, settings)
        except CorpusError as exc:
            report.skipped.append((source, str(exc)))
            continue
        except Exception as exc:  # one bad file never aborts the ingest
            log.exception("%s: unexpected error while loading", source)
            report.skipped.append((source, f"读取时出错（{type(exc).__name__}: {exc}）"))
            continue
        doc_entry, doc_chunks, doc_tokens, reused = loaded
        if reused:
            report.reused_documents += 1
        else:
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
        progress("load", len(files), len(files), "")

    # A held document is removed when neither its file nor its text is in the new set: an edited
    # file (same path) or a moved folder (same text) is an update, not a loss.
    kept_paths, kept_ids = {d["path"] for d in documents}, {d["doc_id"] for d in documents}
    report.removed = sorted(d["source"] for p, d in previous.held.items()
                            if p not in kept_paths and d["doc_id"] not in kept_ids)
    if report.removed and not prune:
        raise PruneRequiredError(_removal_message(report), report.removed)
    report.documents, report.chunks = len(documents), len(chunks)
    recorded = tuple(report.corpus)
    unchanged = (previous.generation is not None and not rebuild and not previous.problem
                 and previous.embedder_matches and previous.generation.pipeline == fingerprint
                 and not report.new_or_changed and not report.removed
                 and len(documents) == len(previous.documents) and previous.generation.corpus == recorded)
    if unchanged:
        report.generation = previous.generation.name
        _sweep_leftovers(settings, previous.generation, report)
        return report

    vectors = _vectors_for(chunks, previous, embedder, progress)
    generation = _write_generation(settings, previous, rebuild, embedder.name, chunks, tokens, vectors, documents,
                                   fingerprint, recorded, report, progress)
    report.changed, report.generation = True, generation.name
    return report


def _load(path: Path, root: Path, key: str, previous: _Previous, catalog: Any, settings: Settings
          ) -> tuple[dict[str, Any], list[Chunk], list[list[list[str]]], bool]:
    """One file's document entry, chunks and tokens: reused when its bytes did not change."""
    data = read_limited(path, settings.max_file_bytes)
    file_hash = _file_hash(data)
    old = previous.documents.get(key)
    if old is not None and old["file_hash"] == file_hash and old["doc_id"] in previous.chunks_by_doc:
        rows = previous.chunks_by_doc[old["doc_id"]]
        return old, [previous.chunks[i] for i in rows], [previous.tokens[i] for i in rows], True
    document = load_document(path, root=root, metadata=catalog.metadata_for(path, data), raw=data,
                             max_bytes=settings.max_file_bytes, max_paragraph=settings.max_paragraph_chars)
    doc_chunks = chunk_document(document)
    if not doc_chunks:
        raise CorpusError("没有可用的正文")
    doc_tokens = [tokenize_units(c.text) for c in doc_chunks]
    doc_entry = {"path": key, "source": document.source, "file_hash": file_hash, "doc_id": document.doc_id,
                 "title": document.title, "region": document.region, "level": document.level,
                 "kind": document.kind, "issuer": document.issuer, "doc_number": document.doc_number,
                 "adopted": document.adopted, "effective": document.effective,
                 "superseded_by": document.extra.get("superseded_by")}
    return doc_entry, doc_chunks, doc_tokens, False


def _removal_message(report: BuildReport) -> str:
    skipped = dict(report.skipped)
    shown = [f"  {name}" + (f"（本次跳过：{skipped[name]}）" if name in skipped else "")
             for name in report.removed[:30]]
    more = [f"  ……另有 {len(report.removed) - 30} 个"] if len(report.removed) > 30 else []
    return "\n".join([
        f"本次导入会从索引中删除 {len(report.removed)} 个文档：", *shown, *more,
        ("索引未改动。确认删除请加 --prune；若只是漏写了语料目录，请把原来的 --corpus 一并给出"
         "（不写 --corpus 时使用索引记录的目录）。"),
    ])


def _write_generation(settings: Settings, previous: _Previous, rebuild: bool, embedder_name: str,
                      chunks: list[Chunk], tokens: list[list[list[str]]], vectors: np.ndarray,
                      documents: list[dict[str, Any]], fingerprint: str, corpus: tuple[str, ...],
                      report: BuildReport, progress: Progress | None = None) -> store.Generation:
    """Write and commit a new generation, then sweep the old ones.

    A rebuild whose embedded Chroma store cannot be opened or written starts a fresh store folder
    (the pointer names it) instead of failing, so ``--rebuild`` recovers from a damaged database.
    """
    live = previous.generation or previous.recovered
    store_name = live.store if live else store.CHROMA_DIR
    try:
        generation, client = _write_into(settings, store_name, embedder_name, chunks, tokens, vectors, documents,
                                         fingerprint, corpus, progress)
    except IndexError_ as exc:
        if not rebuild or settings.chroma_url:
            raise
        fresh = f"{store.CHROMA_DIR}-{store.new_generation_name(settings.index_dir)}"
        log.warning("Chroma store %s unusable (%s); starting a fresh one in %s", store_name, exc, fresh)
        report.notes.append(f"Chroma 存储 {store_name} 无法使用，已新建 {fresh}")
        generation, client = _write_into(settings, fresh, embedder_name, chunks, tokens, vectors, documents,
                                         fingerprint, corpus, progress)
    store.sweep(settings.index_dir, client, settings.collection, keep=generation.name)
    if not settings.chroma_url:
        store.sweep_stores(settings.index_dir, keep=generation.store)
    return generation


def _write_into(settings: Settings, store_name: str, embedder_name: str, chunks: list[Chunk],
                tokens: list[list[list[str]]], vectors: np.ndarray, documents: list[dict[str, Any]],
                fingerprint: str, corpus: tuple[str, ...], progress: Progress | None = None
                ) -> tuple[store.Generation, Any]:
    client = store.chroma_client(settings.index_dir, settings.chroma_url, store_name)
    writer = store.GenerationWriter(settings.index_dir, client, settings.collection, embedder_name, store_name)
    try:
        writer.write(chunks, tokens, vectors, documents,
                     progress=(lambda done, total: progress("write", done, total)) if progress else None)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        generation = writer.commit(created, len(documents), len(chunks), int(vectors.shape[1]) if len(vectors) else 0,
                                   fingerprint, corpus)
    except BaseException:
        writer.abort()
        raise
    return generation, client


def _sweep_leftovers(settings: Settings, live: store.Generation, report: BuildReport) -> None:
    """Clean what interrupted builds left behind, on a build that otherwise writes nothing."""
    try:
        client = store.chroma_client(settings.index_dir, settings.chroma_url, live.store)
    except IndexError_:
        return
    removed = store.sweep_orphans(settings.index_dir, client, settings.collection, live.name)
    if removed:
        report.notes.append(f"已清理中断的导入留下的 {len(removed)} 项：{', '.join(removed)}")


def _vectors_for(chunks: list[Chunk], previous: _Previous, embedder: CountingEmbedder,
                 progress: Progress | None = None) -> np.ndarray:
    """Vectors for ``chunks``: reuse by content hash, embed only texts never embedded before (in batches)."""
    # Keyed by the hash of the embedded text (not the quote): a context prefix change re-embeds.
    hashes = [content_hash(c.text) for c in chunks]
    missing = sorted({h: c.text for h, c in zip(hashes, chunks, strict=True)
                      if h not in previous.vector_by_hash}.items())
    fresh: dict[str, np.ndarray] = {}
    if progress and missing:
        progress("embed", 0, len(missing))
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        vectors = embedder.embed([text for _, text in batch])
        fresh.update((h, vectors[i]) for i, (h, _) in enumerate(batch))
        if progress:
            progress("embed", start + len(batch), len(missing))
    if not chunks:
        return np.zeros((0, 1), dtype=np.float32)
    rows = [fresh[h] if h in fresh else previous.vector_by_hash[h] for h in hashes]
    return np.vstack(rows).astype(np.float32)


def index_summary(settings: Settings) -> dict[str, Any]:
    """Pointer contents of the live index, or an empty dict when none is built."""
    generation = store.read_pointer(settings.index_dir)
    return json.loads(json.dumps(generation.to_dict())) if generation else {}
