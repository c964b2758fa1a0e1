"""Download the official documents the catalog lists and keep only the files whose sha256 matches.

    catalog entry (path, source_url, sha256) ──download──▶ bytes ──sha256──▶ <dest>/<path>

Each file comes from its ``source_url`` (a raw file at a full commit of a public repository), or,
with ``mirror``, from ``<mirror>/<path>``: any copy of the document pack in the same layout (an
HTTP server, a ``file://`` folder). A file already in ``dest`` with the right sha256 is not
downloaded again, so a second run needs no network. A download whose bytes do not match the
catalog is rejected and named; the other files are still kept. When the network cannot be reached
at all, nothing is written and ``FetchError`` says so (the index is then left as it was).
"""

from __future__ import annotations

import hashlib
import logging
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qa.corpus.catalog import Catalog, CatalogEntry, load_catalog
from qa.errors import CorpusError

__all__ = ["FetchError", "FetchResult", "fetch_documents", "source_for"]

log = logging.getLogger(__name__)

# Seconds to wait for one server response; the largest document is about 100 KB.
TIMEOUT_S = 30.0
Progress = Callable[[int, int, str], None]


class FetchError(CorpusError):
    """The documents cannot be downloaded at all (no network, or the mirror is unreachable)."""


@dataclass
class FetchResult:
    """What ``fetch_documents`` did; ``folder`` holds every verified file in the pack's layout."""

    folder: Path
    downloaded: list[str] = field(default_factory=list)  # pack paths fetched and verified now
    present: list[str] = field(default_factory=list)  # pack paths already there with the right sha256
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (pack path, reason)

    def summary(self) -> str:
        lines = [f"官方文件：新下载并校验 {len(self.downloaded)} 个，已有 {len(self.present)} 个，"
                 f"拒收 {len(self.rejected)} 个（保存在 {self.folder}）"]
        lines += [f"已拒收 {path}：{reason}" for path, reason in self.rejected]
        return "\n".join(lines)


def source_for(entry: CatalogEntry, mirror: str | None = None) -> str:
    """The address to download ``entry`` from: ``<mirror>/<path>``, or its recorded ``source_url``."""
    if mirror:
        return mirror.rstrip("/") + "/" + urllib.parse.quote(entry.path or entry.file)
    return entry.source_url or ""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _target(dest: Path, entry: CatalogEntry) -> Path:
    """Where ``entry`` is stored under ``dest``; a path escaping ``dest`` is a catalog error."""
    target = (dest / (entry.path or entry.file)).resolve()
    if not target.is_relative_to(dest.resolve()):
        raise CorpusError(f"catalog entry {entry.file!r} has a path outside the download folder: {entry.path!r}")
    return target


def _download(url: str) -> bytes:
    """The body at ``url``; HTTPError for a server's refusal, FetchError when nothing answers."""
    request = urllib.request.Request(url, headers={"User-Agent": "juzhuzheng-qa"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return response.read()
    except urllib.error.HTTPError:
        raise
    except (urllib.error.URLError, OSError) as exc:  # DNS failure, refused connection, timeout
        reason = getattr(exc, "reason", exc)
        host = urllib.parse.urlsplit(url).netloc or url
        raise FetchError(f"无法连接 {host}（{reason}）：网络不可用或地址有误，未做任何更改。"
                         "离线时可用 --corpus PATH 添加已有的文件包，或用 --mirror URL 指定可访问的副本") from exc


def fetch_documents(dest: Path | str, *, mirror: str | None = None, catalog: Catalog | None = None,
                    progress: Progress | None = None) -> FetchResult:
    """Download the catalog's official documents into ``dest`` (pack layout), verifying each sha256.

    Args:
        dest: download folder; created when missing.
        mirror: base URL of another copy of the pack in the same layout (None: each ``source_url``).
        catalog: the document catalog (default ``corpus/catalog.json``).
        progress: called as ``progress(done, total, path)`` after each file.

    Returns:
        A ``FetchResult``; files that failed verification or returned an HTTP error are in ``rejected``.

    Raises:
        FetchError: the network or the mirror cannot be reached; nothing was written.
    """
    dest = Path(dest).expanduser()
    entries = (catalog or load_catalog()).downloadable()
    result = FetchResult(folder=dest)
    verified: list[tuple[Path, bytes, str]] = []
    # Download everything first and write afterwards, so that losing the network half-way changes nothing.
    for done, entry in enumerate(entries, start=1):
        target = _target(dest, entry)
        if target.is_file() and _sha256(target.read_bytes()) == entry.sha256.lower():
            result.present.append(entry.path or entry.file)
        else:
            url = source_for(entry, mirror)
            try:
                data = _download(url)
            except urllib.error.HTTPError as exc:
                result.rejected.append((entry.path or entry.file, f"下载失败（HTTP {exc.code}，{url}）"))
            else:
                digest = _sha256(data)
                if digest == entry.sha256.lower():
                    verified.append((target, data, entry.path or entry.file))
                else:
                    result.rejected.append((entry.path or entry.file,
                                            f"sha256 不符（应为 {entry.sha256[:12]}…，实为 {digest[:12]}…），未保存"))
        if progress is not None:
            progress(done, len(entries), entry.path or entry.file)
    for target, data, name in verified:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        result.downloaded.append(name)
    log.info("fetch: %d downloaded, %d present, %d rejected into %s",
             len(result.downloaded), len(result.present), len(result.rejected), dest)
    return result
