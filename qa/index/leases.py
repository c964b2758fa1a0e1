"""Leases: which generations running readers still use, so that an ingest does not sweep them.

    index_dir/leases/g000007.<pid>.<token>    one file per (reader, generation), JSON {pid, host, index}

A reader (``qa.index.live``) writes its lease *before* it confirms that ``CURRENT`` still names the
generation it is about to open, and touches it whenever a request starts on it. An ingest sweeps
only after it has swapped ``CURRENT``, so any reader that confirmed the old pointer is visible to
the sweep by then. The sweep keeps every generation with a *held* lease: one whose process is alive
(checked on this host; another host's lease counts as alive) and which was touched within the
grace period. A dead process's lease, one older than the grace period, or one copied along with
the index folder (its ``index`` names another folder) is removed.

A read-only index folder cannot hold leases; readers then serve without one (no ingest can write
there either).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import time
import uuid
import weakref
from pathlib import Path

log = logging.getLogger(__name__)

LEASE_DIR = "leases"
# A request that has not finished after 10 minutes is stuck; its generation may go.
GRACE_S = 600.0
# Touching the lease file at most this often keeps the per-request cost to one clock read.
TOUCH_EVERY_S = 10.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


class Lease:
    """A reader's claim on one generation; ``path`` is None when the folder is read-only."""

    def __init__(self, index_dir: Path, generation: str) -> None:
        self.generation = generation
        self._owner = {"pid": os.getpid(), "host": socket.gethostname(), "index": str(index_dir.resolve())}
        self.path: Path | None = index_dir / LEASE_DIR / f"{generation}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
        self._touched = time.monotonic()
        try:
            self.path.parent.mkdir(exist_ok=True)
            self._write()
        except OSError as exc:
            log.debug("no lease for %s (%s): serving without one", generation, exc)
            self.path = None
        # A reader dropped without close() (or the process exiting) gives its lease up too.
        self._finalizer = weakref.finalize(self, _remove, self.path)

    def _write(self) -> None:
        """Write the lease whole (temp file + rename), so a sweep never reads half of one."""
        assert self.path is not None
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps(self._owner), encoding="utf-8")
        os.replace(tmp, self.path)

    def touch(self) -> None:
        """Mark the generation as in use now (throttled to one write per TOUCH_EVERY_S)."""
        now = time.monotonic()
        if self.path is None or now - self._touched < TOUCH_EVERY_S:
            return
        self._touched = now
        try:
            os.utime(self.path)
        except OSError:  # removed as stale by a sweep: write it again
            with contextlib.suppress(OSError):
                self._write()

    def release(self) -> None:
        self._finalizer()
        self.path = None


def _remove(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def held(index_dir: Path, grace_s: float | None = None) -> set[str]:
    """Names of the generations some live reader holds; stale lease files are removed on the way.

    Args:
        grace_s: how long a lease stays valid after its last touch (default ``GRACE_S``).
    """
    grace_s = GRACE_S if grace_s is None else grace_s
    folder = index_dir / LEASE_DIR
    if not folder.is_dir():
        return set()
    names: set[str] = set()
    host = socket.gethostname()
    here = str(index_dir.resolve())
    now = time.time()
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue  # a lease being written
        generation = path.name.split(".", 1)[0]
        try:
            age = now - path.stat().st_mtime
            owner = json.loads(path.read_text(encoding="utf-8"))
            alive = owner.get("index") == here and (owner.get("host") != host or _alive(int(owner["pid"])))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # being written or removed right now: the next sweep decides
        if alive and age <= grace_s:
            names.add(generation)
        else:
            log.info("removing stale lease %s (process alive: %s, age %.0f s)", path.name, alive, age)
            path.unlink(missing_ok=True)
    return names
