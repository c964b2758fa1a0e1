"""Live index: a long-lived reader follows ``CURRENT`` and switches generations between requests.

    request ─▶ LiveIndex.request()
                 ├─ CURRENT changed? ─▶ this request loads the new generation (leased first, see
                 │                      qa.index.leases); requests running meanwhile keep the old one
                 ├─ pin the current state to this thread: the whole request reads one generation
                 └─ unpin; a replaced generation gives up its lease when its last request ends,
                    and the next ingest's sweep removes it

The state is whatever the reader derives from a ``StoredIndex`` (``PolicyQA``: its retriever,
scorer, regions…); it is built once per generation by the ``derive`` callable and swapped whole,
so no request ever mixes two generations. A new generation that cannot be loaded is logged and
the old one kept; the next change of ``CURRENT`` is tried again.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from qa.errors import IndexError_, QAError
from qa.index import leases
from qa.index.guarded import GuardedCollection
from qa.index.store import POINTER, StoredIndex, read_pointer

log = logging.getLogger(__name__)

State = dict[str, Any]
F = TypeVar("F", bound=Callable[..., Any])
# Each try loses only to an ingest that swapped CURRENT while this reader was opening it.
_OPEN_TRIES = 5


@dataclass(eq=False)
class _Loaded:
    generation: str
    state: State
    lease: leases.Lease
    refs: int = 0
    retired: bool = False


class LiveIndex:
    """The generation a reader serves, followed across re-ingests.

    Args:
        index_dir: the index folder.
        chroma_url: a Chroma server, or None for the embedded store.
        derive: builds the reader's state from an opened generation (its collection is guarded).

    Raises:
        IndexNotBuiltError, IndexError_: as ``StoredIndex.open`` (no index, or a damaged one).
    """

    def __init__(self, index_dir: Path, chroma_url: str | None, derive: Callable[[StoredIndex], State]) -> None:
        self.index_dir = Path(index_dir)
        self.chroma_url = chroma_url
        self.derive = derive
        self._lock = threading.Lock()  # guards _current and every _Loaded.refs
        self._load_lock = threading.Lock()  # one loader at a time; others keep serving
        self._pinned = threading.local()
        self._seen = self._stamp()
        self._current = self._open()

    @property
    def generation(self) -> str:
        """The generation new requests are served from."""
        return self._current.generation

    def state(self) -> State:
        """The state of this thread's request, or the current one outside a request."""
        loaded = getattr(self._pinned, "loaded", None)
        return (loaded or self._current).state

    @contextmanager
    def request(self) -> Iterator[State]:
        """Serve one request from one generation (after switching to a new one if CURRENT moved)."""
        if getattr(self._pinned, "loaded", None) is not None:  # a nested call of the same request
            yield self._pinned.loaded.state
            return
        self.follow()
        with self._lock:
            loaded = self._current
            loaded.refs += 1
        loaded.lease.touch()
        self._pinned.loaded = loaded
        try:
            yield loaded.state
        finally:
            self._pinned.loaded = None
            with self._lock:
                loaded.refs -= 1
                done = loaded.retired and loaded.refs == 0
            if done:
                loaded.lease.release()

    def follow(self) -> bool:
        """Switch to the generation CURRENT names if it changed; True when a switch happened.

        Cheap when nothing changed (one ``stat``). While one request loads the new generation,
        concurrent requests do not wait: they are served from the old one.
        """
        if self._stamp() == self._seen or not self._load_lock.acquire(blocking=False):
            return False
        try:
            stamp = self._stamp()
            if stamp == self._seen:
                return False
            self._seen = stamp  # a failed load is not retried until CURRENT changes again
            try:
                pointer = read_pointer(self.index_dir)
            except QAError as exc:
                log.error("index pointer unreadable, still serving %s: %s", self._current.generation, exc)
                return False
            if pointer is None or pointer.name == self._current.generation:
                return False
            try:
                fresh = self._open()
            except QAError as exc:
                log.error("generation %s cannot be served, still serving %s: %s",
                          pointer.name, self._current.generation, exc)
                return False
            with self._lock:
                old, self._current = self._current, fresh
                old.retired = True
                done = old.refs == 0
            if done:
                old.lease.release()
            log.info("index switched from %s to %s", old.generation, fresh.generation)
            return True
        finally:
            self._load_lock.release()

    def close(self) -> None:
        """Give up the lease (the generation may then be swept by the next ingest)."""
        self._current.lease.release()

    # -- internals --------------------------------------------------------------------------
    def _stamp(self) -> tuple[int, int, int] | None:
        """What changes when CURRENT is replaced (os.replace gives it a new inode)."""
        try:
            st = os.stat(self.index_dir / POINTER)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def _open(self) -> _Loaded:
        """Lease, confirm and open the generation CURRENT names, and derive the state from it."""
        for _ in range(_OPEN_TRIES):
            pointer = read_pointer(self.index_dir)
            if pointer is None:
                StoredIndex.open(self.index_dir, self.chroma_url)  # raises IndexNotBuiltError with the fix
            lease = leases.Lease(self.index_dir, pointer.name)
            try:
                # Confirmed after the lease exists: a sweep that could remove this generation runs
                # after CURRENT moved on, so it either sees the lease or we see the new pointer.
                confirmed = read_pointer(self.index_dir)
                if confirmed is not None and confirmed.name == pointer.name:
                    stored = StoredIndex.open(self.index_dir, self.chroma_url)
                    if stored.generation.name == pointer.name:
                        if stored.collection is not None:
                            stored.collection = GuardedCollection(stored.collection, self.chroma_url)
                        return _Loaded(pointer.name, self.derive(stored), lease)
            except QAError:
                lease.release()
                again = read_pointer(self.index_dir)
                if again is None or again.name == pointer.name:
                    raise  # the generation itself is damaged, not replaced meanwhile
                continue
            except BaseException:
                lease.release()
                raise
            lease.release()
        raise IndexError_(f"索引 {self.index_dir} 在读取期间被反复更新，{_OPEN_TRIES} 次都未能打开；请稍后再试")


class Pinned:
    """A class attribute that reads ``obj.live.state()[name]``: the value of the generation the
    running request is pinned to (see ``LiveIndex.request``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.live.state()[self.name]


def serving(method: F) -> F:
    """Run a reader's method as one request on one generation (``self.live.request()``)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self.live.request():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
