"""The on-disk index: chunks, BM25 tokens, vectors and a Chroma collection, as one generation.

Layout of ``index_dir``::

    CURRENT            JSON pointer to the live generation (replaced atomically with os.replace);
                       it also records the corpus folders the generation was built from
    chroma/            embedded Chroma data (absent in server mode; a rebuild that finds it
                       unreadable starts a fresh ``chroma-g000008/`` and the pointer names it)
    g000007/           one generation: chunks.jsonl, tokens.json (per chunk, per unit), vectors.npy,
                       documents.json
    ...

Every build writes a *new* generation folder and a *new* Chroma collection (``<name>_g000007``),
and only then swaps ``CURRENT``. A build killed at any point therefore leaves the previous
generation, and its collection, fully usable; leftovers of a killed build are swept by the next.
Unchanged chunks keep their vectors (looked up by content hash), so they cost no embedding work.

Opening a generation validates it (files present, counts and shapes agreeing with each other and
with the Chroma collection, a probe query finding stored vectors); any mismatch is an
:class:`~qa.errors.IndexError_` that names ``python ingest.py --rebuild``. An index folder that is
not writable is still readable: embedded Chroma opens its database for writing, so its folder is
copied to a temporary folder first (a few MB for the pack).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from qa.errors import IndexError_, IndexNotBuiltError
from qa.index import leases
from qa.types import Chunk

log = logging.getLogger(__name__)

POINTER = "CURRENT"
CHROMA_DIR = "chroma"
FORMAT_VERSION = 1
# One insertion thread makes the HNSW graph (and so the approximate neighbours) the same on every
# load; Chroma's default builds it with all cores, which made dense results vary between runs.
# ef 200 on a few thousand vectors keeps the search close to exact.
HNSW_CONFIG = {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32, "num_threads": 1}


@dataclass(frozen=True)
class Generation:
    """What CURRENT points to."""

    name: str  # g000007
    collection: str
    embedder: str
    dim: int
    documents: int
    chunks: int
    created: str
    pipeline: str = ""  # hash of the loading/chunking/tokenising code that produced the chunks
    # The extra corpus folders (absolute) it was built from: an ingest without --corpus reuses them.
    corpus: tuple[str, ...] = ()
    store: str = CHROMA_DIR  # the embedded Chroma folder under the index folder

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, **self.__dict__, "corpus": list(self.corpus)}


REBUILD_HINT = "请运行 python ingest.py --rebuild 重建（如有额外语料，加上 --corpus 路径）"
_GENERATION_NAME = re.compile(r"g\d{6,}")
_STORE_NAME = re.compile(r"chroma(-g\d{6,})?")


def read_pointer(index_dir: Path) -> Generation | None:
    """The generation CURRENT points to, or None when no index was built.

    Raises:
        IndexError_: CURRENT exists but is not a valid pointer.
    """
    path = index_dir / POINTER
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"应为 JSON 对象，实际为 {type(data).__name__}")
        data.pop("format", None)
        data["corpus"] = tuple(data.get("corpus") or ())
        generation = Generation(**data)
        if not _GENERATION_NAME.fullmatch(str(generation.name)) or not _STORE_NAME.fullmatch(str(generation.store)):
            raise ValueError(f"版本名 {generation.name!r} 或存储目录 {generation.store!r} 无效")
        for name in ("dim", "documents", "chunks"):
            if not isinstance(getattr(generation, name), int) or getattr(generation, name) < 0:
                raise ValueError(f"{name} 应为非负整数")
        return generation
    except (OSError, ValueError, TypeError) as exc:
        raise IndexError_(f"索引指针文件 {path} 损坏（{exc}）；{REBUILD_HINT}") from exc


def latest_committed(index_dir: Path) -> Generation | None:
    """The newest committed generation found by its folder (``generation.json``), for recovering
    from a damaged CURRENT; None when there is none or it cannot be read."""
    folders = sorted((p for p in index_dir.glob("g[0-9]*") if (p / "COMPLETE").is_file()
                      and (p / "generation.json").is_file()), key=lambda p: p.name, reverse=True)
    for folder in folders:
        try:
            data = json.loads((folder / "generation.json").read_text(encoding="utf-8"))
            data.pop("format", None)
            data["corpus"] = tuple(data.get("corpus") or ())
            return Generation(**data)
        except (OSError, ValueError, TypeError, AttributeError):
            continue
    return None


def write_pointer(index_dir: Path, generation: Generation) -> None:
    """Swap CURRENT atomically: write a temp file, fsync, rename over the old pointer."""
    tmp = index_dir / f".{POINTER}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(generation.to_dict(), fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / POINTER)


_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


def chroma_client(index_dir: Path, chroma_url: str | None, store: str = CHROMA_DIR, *, writable: bool = True) -> Any:
    """A Chroma client: HTTP when ``chroma_url`` is set, else embedded under ``index_dir/<store>``.

    One client per location per process (Chroma dislikes two persistent clients on one path).
    With ``writable`` False (reading only) an embedded store whose files cannot be written is
    opened from a temporary copy, because Chroma opens its SQLite database for writing.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = chroma_url or str((index_dir / store).resolve())
    with _CLIENTS_LOCK:
        if key in _CLIENTS:
            return _CLIENTS[key]
        settings = ChromaSettings(anonymized_telemetry=False)
        path = key
        try:
            if chroma_url:
                url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
                client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                             ssl=url.scheme == "https", settings=settings)
                client.heartbeat()
            else:
                if not writable and Path(key).is_dir() and not _can_write(Path(key)):
                    path = _read_only_copy(Path(key))
                client = chromadb.PersistentClient(path=path, settings=settings)
        except Exception as exc:  # chromadb raises many kinds
            where = chroma_url or key
            if "readonly" in str(exc):
                raise IndexError_(f"索引目录不可写（{where}）：{exc}；请检查目录权限") from exc
            raise IndexError_(f"无法打开 Chroma（{where}）：{exc}；{REBUILD_HINT}") from exc
        _CLIENTS[key] = client
        return client


def forget_client(index_dir: Path, store: str) -> None:
    """Drop the cached client of an embedded store that is about to be deleted."""
    with _CLIENTS_LOCK:
        _CLIENTS.pop(str((index_dir / store).resolve()), None)


def _can_write(folder: Path) -> bool:
    """Whether this process can create files in ``folder`` and write its SQLite database."""
    database = folder / "chroma.sqlite3"
    return os.access(folder, os.W_OK) and (not database.exists() or os.access(database, os.W_OK))


def _read_only_copy(folder: Path) -> str:
    """Copy a read-only Chroma folder to a temporary folder (removed at exit) and return its path."""
    target = Path(tempfile.mkdtemp(prefix="qa-readonly-chroma-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    shutil.copytree(folder, target, dirs_exist_ok=True)
    for path in [target, *target.rglob("*")]:  # the copy keeps the modes; make it writable
        path.chmod(path.stat().st_mode | 0o700 if path.is_dir() else path.stat().st_mode | 0o600)
    log.info("index folder %s is read-only: reading Chroma from a copy in %s", folder, target)
    return str(target)


def check_writable(index_dir: Path) -> None:
    """Make sure ``index_dir`` is (or can be made) a folder this process can write into.

    Raises:
        IndexError_: the path is a file, lies under a file, or the folder cannot be written.
    """
    for parent in [index_dir, *index_dir.parents]:
        if parent.exists():
            if parent == index_dir and not parent.is_dir():
                raise IndexError_(f"索引路径 {index_dir} 是一个文件，不是文件夹；请用 --index 指定一个文件夹")
            if not parent.is_dir():
                raise IndexError_(f"索引路径 {index_dir} 位于文件 {parent} 之下，无法建立文件夹；"
                                  "请用 --index 指定一个文件夹")
            break
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=index_dir):
            pass
    except OSError as exc:
        raise IndexError_(f"索引目录 {index_dir} 不可写（{exc.strerror or exc}）；"
                          "请检查目录权限，或用 --index 指定另一个文件夹") from exc


def new_generation_name(index_dir: Path, taken: list[str] | tuple[str, ...] = ()) -> str:
    """The next generation name: above every generation folder and every name in ``taken``.

    A generation folder deleted by hand must not give its name (and so its still existing
    collection's name) to the next build.
    """
    names = [p.name for p in index_dir.glob("g[0-9]*")] + list(taken)
    numbers = [int(n[1:]) for n in names if _GENERATION_NAME.fullmatch(n)]
    return f"g{max(numbers, default=0) + 1:06d}"


class GenerationWriter:
    """Writes one new generation; nothing is visible until ``commit()`` swaps the pointer."""

    def __init__(self, index_dir: Path, client: Any, collection_prefix: str, embedder_name: str,
                 store: str = CHROMA_DIR) -> None:
        """Create the generation folder and its empty collection.

        Raises:
            IndexError_: Chroma cannot list or create collections (a damaged store).
        """
        self.index_dir = index_dir
        self.store = store
        self.client = client
        self.embedder_name = embedder_name
        try:
            taken = [name.rsplit("_", 1)[-1] for name in collection_names(client)]
        except Exception as exc:  # chromadb raises many kinds
            raise IndexError_(f"Chroma 存储无法读取：{exc}；{REBUILD_HINT}") from exc
        try:
            live = read_pointer(index_dir)
        except IndexError_:  # a damaged pointer is being replaced by this build
            live = None
        self.name = new_generation_name(index_dir, taken + ([live.name] if live else []))
        self.folder = index_dir / self.name
        self.folder.mkdir(parents=True)
        self.collection_name = f"{collection_prefix}_{self.name}"
        try:
            self.collection = client.create_collection(
                self.collection_name, embedding_function=None, configuration={"hnsw": HNSW_CONFIG})
        except Exception as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise IndexError_(f"无法在 Chroma 中建立集合 {self.collection_name}：{exc}；{REBUILD_HINT}") from exc

    def write(self, chunks: list[Chunk], tokens: list[list[list[str]]], vectors: np.ndarray,
              documents: list[dict[str, Any]], progress: Callable[[int, int], None] | None = None) -> None:
        """Store the chunks (same order in all files) and add their vectors to the collection.

        ``progress(done, total)`` is called after each batch added to the collection.
        """
        if len(chunks) != len(tokens) or len(chunks) != len(vectors):
            raise IndexError_(f"内部错误：{len(chunks)} 个分块、{len(tokens)} 组词、{len(vectors)} 个向量数量不一致")
        with open(self.folder / "chunks.jsonl", "w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
        (self.folder / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
        np.save(self.folder / "vectors.npy", vectors.astype(np.float32))
        (self.folder / "documents.json").write_text(json.dumps(documents, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")
        batch = 1000
        try:
            for i in range(0, len(chunks), batch):
                part = chunks[i : i + batch]
                self.collection.add(
                    ids=[c.chunk_id for c in part],
                    embeddings=vectors[i : i + batch],
                    metadatas=[{"doc_id": c.doc_id, "region": c.region, "level": c.level} for c in part],
                )
                if progress:
                    progress(i + len(part), len(chunks))
        except Exception as exc:  # chromadb raises many kinds
            raise IndexError_(f"向 Chroma 写入向量失败：{exc}；{REBUILD_HINT}") from exc

    def commit(self, created: str, documents: int, chunks: int, dim: int, pipeline: str = "",
               corpus: tuple[str, ...] = ()) -> Generation:
        generation = Generation(self.name, self.collection_name, self.embedder_name, dim, documents, chunks, created,
                                pipeline, tuple(corpus), self.store)
        # A copy of the pointer inside the folder lets a rebuild recover the corpus folders and the
        # document list when CURRENT itself is damaged.
        (self.folder / "generation.json").write_text(json.dumps(generation.to_dict(), ensure_ascii=False, indent=2),
                                                     encoding="utf-8")
        (self.folder / "COMPLETE").write_text("ok", encoding="utf-8")
        write_pointer(self.index_dir, generation)
        return generation

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(Exception):  # best effort cleanup
            self.client.delete_collection(self.collection_name)


def collection_names(client: Any) -> list[str]:
    return [c if isinstance(c, str) else c.name for c in client.list_collections()]


def sweep_orphans(index_dir: Path, client: Any, collection_prefix: str, live: str | None) -> list[str]:
    """Delete what interrupted builds left: generation folders never committed (no COMPLETE) and
    collections whose generation folder is missing or uncommitted, except the live one.

    Called under the build lock, so no other build is writing them. Returns what was removed.
    """
    removed = []
    for folder in index_dir.glob("g[0-9]*"):
        if folder.is_dir() and folder.name != live and not (folder / "COMPLETE").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    try:
        names = collection_names(client)
    except Exception:  # noqa: BLE001 - a damaged store is reported by the build itself
        return removed
    for name in names:
        generation = name[len(collection_prefix) + 1:]
        if (name.startswith(f"{collection_prefix}_g") and generation != live
                and not (index_dir / generation / "COMPLETE").is_file()):
            try:
                client.delete_collection(name)
                removed.append(name)
            except Exception:  # noqa: BLE001 - best effort
                pass
    if removed:
        log.info("removed leftovers of interrupted builds: %s", ", ".join(removed))
    return removed


def sweep_stores(index_dir: Path, keep: str) -> None:
    """Delete embedded Chroma folders other than ``keep`` (a damaged store replaced by a rebuild)."""
    for folder in index_dir.glob("chroma*"):
        if folder.is_dir() and folder.name != keep and _STORE_NAME.fullmatch(folder.name):
            forget_client(index_dir, folder.name)
            shutil.rmtree(folder, ignore_errors=True)


def sweep(index_dir: Path, client: Any, collection_prefix: str, keep: str | None) -> None:
    """Delete generations and collections other than ``keep`` (old ones and leftovers of killed builds).

    A generation that a running reader still serves (``qa.index.leases``) is kept for a later sweep.
    """
    spare = leases.held(index_dir) | {keep}
    for folder in index_dir.glob("g[0-9]*"):
        if folder.is_dir() and folder.name not in spare:
            shutil.rmtree(folder, ignore_errors=True)
    try:
        names = collection_names(client)
    except Exception:  # noqa: BLE001 - sweeping is best effort
        return
    for name in names:
        if name.startswith(f"{collection_prefix}_g") and name[len(collection_prefix) + 1:] not in spare:
            with contextlib.suppress(Exception):
                client.delete_collection(name)


@dataclass
class StoredIndex:
    """A loaded generation: chunks with their tokens and vectors, and the Chroma collection.

    ``tokens[i]`` holds chunk i's BM25 tokens by unit (sentence or list item, see
    ``qa.text.segment.tokenize_units``).
    """

    generation: Generation
    chunks: list[Chunk]
    tokens: list[list[list[str]]]
    vectors: np.ndarray
    documents: list[dict[str, Any]]
    collection: Any

    @classmethod
    def open(cls, index_dir: Path, chroma_url: str | None, with_collection: bool = True) -> StoredIndex:
        """Open and validate the live generation.

        Raises:
            IndexNotBuiltError: no index has been built at ``index_dir``.
            IndexError_: the index is damaged (each check names what disagrees) or Chroma cannot
                be reached.
        """
        generation = read_pointer(index_dir)
        if generation is None:
            raise IndexNotBuiltError(f"索引尚未建立：{index_dir}。请先运行 juzhuzheng-qa ingest（或 python ingest.py）")
        folder = index_dir / generation.name
        chunks, tokens, vectors, documents = _read_generation(folder, generation)
        collection = None
        if with_collection:
            client = chroma_client(index_dir, chroma_url, generation.store, writable=False)
            try:
                collection = client.get_collection(generation.collection, embedding_function=None)
            except Exception as exc:
                raise IndexError_(f"Chroma 中找不到集合 {generation.collection}：{exc}；{REBUILD_HINT}") from exc
            _check_collection(collection, chunks, vectors)
        return cls(generation, chunks, tokens, vectors, documents, collection)


def _damaged(folder: Path, what: str) -> IndexError_:
    return IndexError_(f"索引文件损坏（{folder}）：{what}；{REBUILD_HINT}")


def _read_generation(folder: Path, generation: Generation
                     ) -> tuple[list[Chunk], list[list[list[str]]], np.ndarray, list[dict[str, Any]]]:
    """Read a generation's files and check that they agree with each other and with the pointer."""
    if not folder.is_dir():
        raise _damaged(folder, "CURRENT 指向的版本目录不存在")
    missing = [n for n in ("chunks.jsonl", "tokens.json", "vectors.npy", "documents.json", "COMPLETE")
               if not (folder / n).is_file()]
    if missing:
        raise _damaged(folder, f"缺少文件 {', '.join(missing)}")
    chunks: list[Chunk] = []
    try:
        with open(folder / "chunks.jsonl", encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    chunks.append(Chunk.from_dict(json.loads(line)))
                except (ValueError, TypeError, AttributeError) as exc:
                    raise _damaged(folder, f"chunks.jsonl 第 {n} 行无效（{exc}）") from exc
    except OSError as exc:
        raise _damaged(folder, f"chunks.jsonl 无法读取（{exc}）") from exc
    name = "tokens.json"
    try:
        tokens = json.loads((folder / name).read_text(encoding="utf-8"))
        name = "vectors.npy"
        vectors = np.load(folder / name, allow_pickle=False)
        name = "documents.json"
        documents = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _damaged(folder, f"{name} 无法读取（{exc}）") from exc
    if not isinstance(tokens, list) or any(not isinstance(t, list) for t in tokens):
        raise _damaged(folder, "tokens.json 不是每个分块一组词的列表")
    if tokens and any(isinstance(t, str) for chunk_tokens in tokens for t in chunk_tokens):
        tokens = [[chunk_tokens] for chunk_tokens in tokens]  # an index built before units: one unit each
    elif any(not isinstance(unit, list) for chunk_tokens in tokens for unit in chunk_tokens):
        raise _damaged(folder, "tokens.json 的词组格式无效")
    if not isinstance(documents, list) or any(not isinstance(d, dict) for d in documents):
        raise _damaged(folder, "documents.json 应为文档记录的列表")
    for n, doc in enumerate(documents, start=1):
        absent = [k for k in _DOCUMENT_KEYS if k not in doc]
        if absent or not isinstance(doc.get("chunks"), int) or not isinstance(doc.get("doc_id"), str):
            raise _damaged(folder, f"documents.json 第 {n} 条记录缺少或错写字段 {', '.join(absent) or 'chunks/doc_id'}")
    checks = [
        (len(chunks) == generation.chunks, f"chunks.jsonl 有 {len(chunks)} 个分块，CURRENT 记录 {generation.chunks} "
                                           f"个"),
        (len(documents) == generation.documents,
         f"documents.json 有 {len(documents)} 个文档，CURRENT 记录 {generation.documents} 个"),
        (len(tokens) == len(chunks), f"tokens.json 有 {len(tokens)} 组，分块有 {len(chunks)} 个"),
        (sum(d["chunks"] for d in documents) == len(chunks), "documents.json 的分块数之和与 chunks.jsonl 不一致"),
        ({d["doc_id"] for d in documents} == {c.doc_id for c in chunks}, "documents.json 与 chunks.jsonl 的文档不一致"),
        (vectors.ndim == 2 and vectors.shape[0] == len(chunks) and (not chunks or vectors.shape[1] == generation.dim),
         f"vectors.npy 形状为 {vectors.shape}，应为 ({len(chunks)}, {generation.dim})"),
        (vectors.dtype.kind == "f" and bool(np.isfinite(vectors).all()), "vectors.npy 含非数值或无穷大"),
    ]
    for ok, what in checks:
        if not ok:
            raise _damaged(folder, what)
    return chunks, tokens, vectors, documents


_DOCUMENT_KEYS = ("path", "source", "file_hash", "doc_id", "title", "chunks")


def _check_collection(collection: Any, chunks: list[Chunk], vectors: np.ndarray) -> None:
    """The collection holds as many vectors as the generation, and a search finds stored ones.

    A probe searches with three stored vectors: each must come back as its own nearest neighbour
    (distance ~0). A deleted or stale HNSW segment folder answers with other vectors or fails.
    """
    name = getattr(collection, "name", "?")
    try:
        count = collection.count()
        if count != len(chunks):
            raise IndexError_(f"Chroma 集合 {name} 有 {count} 个向量，索引有 {len(chunks)} 个分块；{REBUILD_HINT}")
        if not chunks:
            return
        probes = sorted({0, len(chunks) // 2, len(chunks) - 1})
        result = collection.query(query_embeddings=[vectors[i].tolist() for i in probes],
                                  n_results=min(10, len(chunks)), include=["distances"])
    except IndexError_:
        raise
    except Exception as exc:  # chromadb raises many kinds
        raise IndexError_(f"Chroma 集合 {name} 无法检索（{exc}）；{REBUILD_HINT}") from exc
    for i, ids, distances in zip(probes, result["ids"], result["distances"], strict=True):
        if not any(d < 1e-3 for d in distances) or not ids:
            raise IndexError_(f"Chroma 集合 {name} 的向量与索引文件不一致（分块 {chunks[i].chunk_id} 查不到自身），"
                              f"向量段可能已损坏或被删除；{REBUILD_HINT}")
