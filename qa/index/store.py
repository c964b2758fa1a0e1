"""The on-disk index: chunks, BM25 tokens, vectors and a Chroma collection, as one generation.

Layout of ``index_dir``::

    CURRENT            JSON pointer to the live generation (replaced atomically with os.replace)
    chroma/            embedded Chroma data (absent in server mode)
    g000007/           one generation: chunks.jsonl, tokens.json (per chunk, per unit), vectors.npy,
                       documents.json
    ...

Every build writes a *new* generation folder and a *new* Chroma collection (``<name>_g000007``),
and only then swaps ``CURRENT``. A build killed at any point therefore leaves the previous
generation, and its collection, fully usable; leftovers of a killed build are swept by the next.
Unchanged chunks keep their vectors (looked up by content hash), so they cost no embedding work.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from qa.errors import IndexError_, IndexNotBuiltError
from qa.types import Chunk

log = logging.getLogger(__name__)

POINTER = "CURRENT"
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

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, **self.__dict__}


def read_pointer(index_dir: Path) -> Generation | None:
    path = index_dir / POINTER
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("format", None)
        return Generation(**data)
    except (ValueError, TypeError) as exc:
        raise IndexError_(f"索引指针文件损坏：{path}（{exc}）；请用 --rebuild 重建") from exc


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


def chroma_client(index_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma client: HTTP when ``chroma_url`` is set, else embedded under ``index_dir/chroma``.

    One client per location per process (Chroma dislikes two persistent clients on one path).
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = chroma_url or str((index_dir / "chroma").resolve())
    with _CLIENTS_LOCK:
        if key in _CLIENTS:
            return _CLIENTS[key]
        settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if chroma_url:
                url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
                client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                             ssl=url.scheme == "https", settings=settings)
                client.heartbeat()
            else:
                client = chromadb.PersistentClient(path=key, settings=settings)
        except Exception as exc:  # noqa: BLE001 - chromadb raises many kinds
            where = chroma_url or key
            raise IndexError_(f"无法连接 Chroma（{where}）：{exc}") from exc
        _CLIENTS[key] = client
        return client


def new_generation_name(index_dir: Path) -> str:
    numbers = [int(p.name[1:]) for p in index_dir.glob("g[0-9]*") if p.name[1:].isdigit()]
    return f"g{max(numbers, default=0) + 1:06d}"


class GenerationWriter:
    """Writes one new generation; nothing is visible until ``commit()`` swaps the pointer."""

    def __init__(self, index_dir: Path, client: Any, collection_prefix: str, embedder_name: str) -> None:
        self.index_dir = index_dir
        self.name = new_generation_name(index_dir)
        self.folder = index_dir / self.name
        self.folder.mkdir(parents=True)
        self.collection_name = f"{collection_prefix}_{self.name}"
        self.embedder_name = embedder_name
        self.client = client
        self.collection = client.create_collection(
            self.collection_name, embedding_function=None, configuration={"hnsw": HNSW_CONFIG})

    def write(self, chunks: list[Chunk], tokens: list[list[list[str]]], vectors: np.ndarray,
              documents: list[dict[str, Any]]) -> None:
        """Store the chunks (same order in all files) and add their vectors to the collection."""
        if len(chunks) != len(tokens) or len(chunks) != len(vectors):
            raise IndexError_(f"内部错误：{len(chunks)} 个分块、{len(tokens)} 组词、{len(vectors)} 个向量数量不一致")
        with open(self.folder / "chunks.jsonl", "w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
        (self.folder / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
        np.save(self.folder / "vectors.npy", vectors.astype(np.float32))
        (self.folder / "documents.json").write_text(json.dumps(documents, ensure_ascii=False, indent=1), encoding="utf-8")
        batch = 1000
        for i in range(0, len(chunks), batch):
            part = chunks[i : i + batch]
            self.collection.add(
                ids=[c.chunk_id for c in part],
                embeddings=vectors[i : i + batch],
                metadatas=[{"doc_id": c.doc_id, "region": c.region, "level": c.level} for c in part],
            )

    def commit(self, created: str, documents: int, chunks: int, dim: int, pipeline: str = "") -> Generation:
        generation = Generation(self.name, self.collection_name, self.embedder_name, dim, documents, chunks, created,
                                pipeline)
        (self.folder / "COMPLETE").write_text("ok", encoding="utf-8")
        write_pointer(self.index_dir, generation)
        return generation

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.client.delete_collection(self.collection_name)
        except Exception:  # noqa: BLE001 - best effort cleanup
            pass


def sweep(index_dir: Path, client: Any, collection_prefix: str, keep: str | None) -> None:
    """Delete generations and collections other than ``keep`` (old ones and leftovers of killed builds)."""
    for folder in index_dir.glob("g[0-9]*"):
        if folder.is_dir() and folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)
    try:
        names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    except Exception:  # noqa: BLE001 - sweeping is best effort
        return
    for name in names:
        if name.startswith(f"{collection_prefix}_g") and (keep is None or not name.endswith(f"_{keep}")):
            try:
                client.delete_collection(name)
            except Exception:  # noqa: BLE001
                pass


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
        """Open the live generation.

        Raises:
            IndexNotBuiltError: no index has been built at ``index_dir``.
            IndexError_: the index is damaged or Chroma cannot be reached.
        """
        generation = read_pointer(index_dir)
        if generation is None:
            raise IndexNotBuiltError(f"索引尚未建立：{index_dir}。请先运行 python ingest.py")
        folder = index_dir / generation.name
        try:
            with open(folder / "chunks.jsonl", encoding="utf-8") as fh:
                chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
            tokens = json.loads((folder / "tokens.json").read_text(encoding="utf-8"))
            if tokens and any(isinstance(t, str) for chunk_tokens in tokens for t in chunk_tokens):
                tokens = [[chunk_tokens] for chunk_tokens in tokens]  # an index built before units: one unit each
            vectors = np.load(folder / "vectors.npy")
            documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexError_(f"索引文件损坏（{folder}）：{exc}；请用 --rebuild 重建") from exc
        collection = None
        if with_collection:
            client = chroma_client(index_dir, chroma_url)
            try:
                collection = client.get_collection(generation.collection, embedding_function=None)
            except Exception as exc:  # noqa: BLE001
                raise IndexError_(f"Chroma 中找不到集合 {generation.collection}：{exc}；请用 --rebuild 重建") from exc
        return cls(generation, chunks, tokens, vectors, documents, collection)
