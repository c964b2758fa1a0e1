"""Tables derived from installed libraries, kept in the cache folder for the next process.

Each file is named by what it was derived from (a library's version, its data file, the project's
terms), so a change to any of them makes a new one; a missing or unreadable file is rebuilt.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def read(path: Path) -> Any | None:
    """The value kept at ``path``, or None when there is none (or it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)  # our own cache file, written by ``keep``
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        return None


def keep(path: Path, value: Any) -> None:
    """Pickle ``value`` to ``path`` for the next process (written whole or not at all)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("%s not written (%s)", path, exc)
