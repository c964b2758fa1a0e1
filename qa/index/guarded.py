"""A Chroma collection whose failures are ``IndexError_``: a stopped ``chroma run`` server or a
collection removed underneath a reader must not leak httpx / chromadb exceptions out of ``ask()``.

The wrapped client reconnects by itself, so once the server is back the next query succeeds.
"""

from __future__ import annotations

import logging
from typing import Any

from qa.errors import IndexError_

log = logging.getLogger(__name__)


class GuardedCollection:
    """Delegates to a Chroma collection; ``query`` failures become ``IndexError_`` naming the fix."""

    def __init__(self, collection: Any, chroma_url: str | None) -> None:
        self._collection = collection
        self._chroma_url = chroma_url

    def query(self, **kwargs: Any) -> Any:
        try:
            return self._collection.query(**kwargs)
        except Exception as exc:  # httpx, chromadb and Rust binding errors alike
            log.warning("Chroma query on %s failed: %r", self._collection.name, exc)
            if self._chroma_url:
                raise IndexError_(f"向量库服务器 {self._chroma_url} 暂时无法访问（{type(exc).__name__}）；"
                                  "请确认 chroma run 仍在运行，恢复后即可继续提问") from exc
            raise IndexError_(f"向量库集合 {self._collection.name} 无法读取（{type(exc).__name__}）；"
                              "请运行 python ingest.py --rebuild 重建索引") from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)
