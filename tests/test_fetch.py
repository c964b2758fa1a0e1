"""``ingest --fetch``: download the catalog's documents from a copy of the pack served over HTTP on
127.0.0.1, verify each sha256, reject a tampered file, and change nothing without a network."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.corpus.catalog import load_catalog
from qa.corpus.fetch import FetchError, fetch_documents, source_for

REPO = Path(__file__).resolve().parent.parent
CATALOG = load_catalog()
TAMPERED = "national/guofa_2014_25_huji_gaige_yijian.txt"
MISSING = "regions/hainan/hainan_juzhuzheng_tongzhi_2016.txt"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture()
def mirror(pack_dir: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the pack (one file tampered with, one missing) served on a random local port."""
    root = tmp_path / "mirror"
    shutil.copytree(pack_dir, root)
    with open(root / TAMPERED, "ab") as fh:
        fh.write("第九十九条 本条为篡改内容。\n".encode())
    (root / MISSING).unlink()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    """A local port nothing listens on (connections are refused, as without a network)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.pack
def test_catalog_records_each_pack_files_path_source_and_sha256(pack_dir: Path) -> None:
    manifest = json.loads((pack_dir / "manifest.json").read_text(encoding="utf-8"))
    sums = dict(reversed(line.split(maxsplit=1)) for line in (pack_dir / "SHA256SUMS").read_text().splitlines()
                if line.strip())
    by_path = {e.path: e for e in CATALOG.downloadable()}
    assert set(by_path) == {m["file"] for m in manifest} and len(by_path) == 45
    for m in manifest:
        entry = by_path[m["file"]]
        assert entry.source_url == m["source_url"] and entry.source_url.startswith("https://")
        assert entry.sha256 == sums[m["file"]] == hashlib.sha256((pack_dir / m["file"]).read_bytes()).hexdigest()


def test_source_is_the_recorded_url_unless_a_mirror_is_given() -> None:
    entry = next(e for e in CATALOG.downloadable() if e.path == TAMPERED)
    assert source_for(entry) == entry.source_url
    assert source_for(entry, "http://127.0.0.1:9/pack/") == f"http://127.0.0.1:9/pack/{TAMPERED}"


@pytest.mark.pack
def test_fetch_verifies_every_file_and_rejects_the_tampered_one(mirror: tuple[str, Path], pack_dir: Path,
                                                                tmp_path: Path) -> None:
    url, _ = mirror
    dest = tmp_path / "documents"
    result = fetch_documents(dest, mirror=url)
    rejected = dict(result.rejected)
    assert set(rejected) == {TAMPERED, MISSING}
    assert "sha256" in rejected[TAMPERED] and "404" in rejected[MISSING]
    assert len(result.downloaded) == 43 and not result.present
    assert not (dest / TAMPERED).exists() and not (dest / MISSING).exists()
    for path in result.downloaded:  # byte-identical to the pack
        assert (dest / path).read_bytes() == (pack_dir / path).read_bytes()
    assert TAMPERED in result.summary() and MISSING in result.summary()
    # A second run keeps the verified files without downloading them again.
    again = fetch_documents(dest, mirror=url)
    assert len(again.present) == 43 and not again.downloaded and set(dict(again.rejected)) == {TAMPERED, MISSING}


def test_without_a_network_nothing_is_written(tmp_path: Path) -> None:
    dest = tmp_path / "documents"
    with pytest.raises(FetchError, match=r"网络不可用.*未做任何更改"):
        fetch_documents(dest, mirror=f"http://127.0.0.1:{_closed_port()}")
    assert not dest.exists()


def _ingest(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QA_DATA_DIR=str(data_dir), QA_EMBEDDER="hash")
    return subprocess.run([sys.executable, "ingest.py", "--quiet", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.pack
@pytest.mark.slow
def test_ingest_fetch_ingests_the_verified_files_and_names_the_rejected(mirror: tuple[str, Path],
                                                                        tmp_path: Path) -> None:
    url, _ = mirror
    index = tmp_path / "index"
    proc = _ingest(["--fetch", "--mirror", url, "--index", str(index)], tmp_path / "data")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert TAMPERED in proc.stderr and MISSING in proc.stderr
    assert "新下载并校验 43 个" in proc.stdout
    assert "文档 44 个" in proc.stdout  # the bundled article + the 43 verified documents
    documents = (tmp_path / "data" / "documents")
    assert len([p for p in documents.rglob("*") if p.is_file()]) == 43


def test_ingest_fetch_without_a_network_changes_nothing(tmp_path: Path) -> None:
    index, data = tmp_path / "index", tmp_path / "data"
    assert _ingest(["--index", str(index)], data).returncode == 0  # the bundled corpus only
    before = {p: p.read_bytes() for p in index.rglob("*") if p.is_file()}
    proc = _ingest(["--fetch", "--mirror", f"http://127.0.0.1:{_closed_port()}", "--index", str(index)], data)
    assert proc.returncode == 2
    assert "网络不可用" in proc.stderr and "--corpus" in proc.stderr and "Traceback" not in proc.stderr
    assert {p: p.read_bytes() for p in index.rglob("*") if p.is_file()} == before
    assert not (data / "documents").exists()
