"""Index building: incremental, atomic under kill, missing/bad input, and Chroma server mode."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from qa.answering.pipeline import PolicyQA
from qa.config import Settings
from qa.errors import CorpusError, PruneRequiredError
from qa.index.build import build_index
from qa.index.embedders import CountingEmbedder, HashEmbedder
from qa.index.store import StoredIndex, read_pointer
from tests.conftest import copy_pack_files

REPO = Path(__file__).resolve().parent.parent
PACK_FILES = [
    "national/juzhuzheng_zanxing_tiaoli_2015.md",
    "regions/guangdong/shenzhen_juzhuzheng_tiaoli_2015.txt",
    "regions/shaanxi/xian_juzhuzheng_shishi_banfa_2016.txt",
    "regions/beijing/beijing_juzhuzheng_banfa_2016.html",
]


@pytest.fixture()
def small_corpus(pack_dir: Path, tmp_path: Path) -> Path:
    """A few pack files copied into a temp folder (copies live only for the test)."""
    return copy_pack_files(pack_dir, tmp_path / "corpus", PACK_FILES)


def _settings(tmp_path: Path, corpus: Path, **kw) -> Settings:
    return replace(Settings(), index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash", **kw)


def test_incremental_ingest_embeds_only_what_changed(small_corpus: Path, tmp_path: Path) -> None:
    settings = _settings(tmp_path, small_corpus)
    first = CountingEmbedder(HashEmbedder())
    report = build_index(settings, embedder=first)
    assert report.changed and report.documents == 4 and first.texts_embedded == report.chunks > 40

    again = CountingEmbedder(HashEmbedder())
    report2 = build_index(settings, embedder=again)
    assert again.calls == 0 and again.texts_embedded == 0
    assert not report2.changed and report2.reused_documents == 4

    xian = small_corpus / PACK_FILES[2]
    xian.write_text(xian.read_text(encoding="utf-8").replace("第一条", "第一条　（修订）", 1), encoding="utf-8")
    edited = CountingEmbedder(HashEmbedder())
    report3 = build_index(settings, embedder=edited)
    assert report3.changed and report3.new_or_changed == [PACK_FILES[2]]
    xian_chunks = next(d["chunks"] for d in StoredIndex.open(settings.index_dir, None).documents
                       if d["source"] == PACK_FILES[2])
    assert 1 <= edited.texts_embedded <= xian_chunks

    (small_corpus / PACK_FILES[3]).unlink()
    with pytest.raises(PruneRequiredError, match="--prune") as refused:
        build_index(settings, embedder=CountingEmbedder(HashEmbedder()))
    assert refused.value.removed == [PACK_FILES[3]]
    report4 = build_index(settings, prune=True, embedder=CountingEmbedder(HashEmbedder()))
    assert report4.removed == [PACK_FILES[3]] and report4.documents == 3


def test_identical_duplicate_is_ingested_once(small_corpus: Path, tmp_path: Path) -> None:
    shutil.copyfile(small_corpus / PACK_FILES[0], small_corpus / "copy_of_tiaoli.md")
    report = build_index(_settings(tmp_path, small_corpus), embedder=HashEmbedder())
    assert report.documents == 4 and len(report.duplicates) == 1


def test_bad_files_are_reported_and_skipped(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    report = build_index(_settings(tmp_path, small_corpus), embedder=HashEmbedder())
    skipped = dict(report.skipped)
    assert set(skipped) == {"empty.txt", "binary.txt"}
    assert report.documents == 4
    assert "empty.txt" in report.summary()


def test_missing_corpus_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="不存在"):
        build_index(_settings(tmp_path, REPO / "corpus"), [tmp_path / "nowhere"], embedder=HashEmbedder())
    proc = subprocess.run([sys.executable, "ingest.py", "--corpus", str(tmp_path / "nowhere"), "--index",
                           str(tmp_path / "i")], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 2 and "nowhere" in proc.stderr


SLOW_BUILD = """
import sys, time
from dataclasses import replace
from pathlib import Path
from qa.index.build import build_index
from qa.config import Settings
from qa.index.embedders import HashEmbedder

class Slow(HashEmbedder):
    def embed(self, texts):
        Path(sys.argv[3]).write_text("embedding")
        time.sleep(60)
        return super().embed(texts)

settings = replace(Settings(), index_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]), embedder="hash")
build_index(settings, embedder=Slow())
"""


def test_killed_ingest_leaves_previous_index_usable(small_corpus: Path, tmp_path: Path) -> None:
    settings = _settings(tmp_path, small_corpus)
    build_index(settings, embedder=HashEmbedder())
    before = read_pointer(settings.index_dir)
    answer_before = PolicyQA(settings=settings).retrieve("居住证的有效期", k=3)
    assert answer_before

    (small_corpus / "new.txt").write_text("第一条　为了测试中断的导入，本条是新增的内容，共十个字以上。\n",
                                          encoding="utf-8")
    marker = tmp_path / "marker"
    child = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(settings.index_dir), str(small_corpus),
                              str(marker)], cwd=REPO)
    deadline = time.time() + 60
    while not marker.exists() and time.time() < deadline and child.poll() is None:
        time.sleep(0.1)
    assert marker.exists(), "the child build never reached the embedding step"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    assert read_pointer(settings.index_dir) == before
    bot = PolicyQA(settings=settings)
    assert [h.chunk.chunk_id for h in bot.retrieve("居住证的有效期", k=3)] == [h.chunk.chunk_id for h in answer_before]
    report = build_index(settings, embedder=HashEmbedder())  # the next run recovers
    assert report.changed and "new.txt" in report.new_or_changed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def chroma_server(tmp_path: Path):
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    if not Path(exe).exists():
        if os.environ.get("QA_REQUIRE_SERVER") == "1":
            pytest.fail("the `chroma` command is missing (QA_REQUIRE_SERVER=1)")
        pytest.skip("the `chroma` command is missing")
    port = _free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import chromadb

    deadline = time.time() + 60
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:  # noqa: BLE001 - not up yet
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("chroma server did not start")
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.server
def test_server_mode_ingests_and_searches_through_a_real_chroma_server(small_corpus: Path, tmp_path: Path,
                                                                       chroma_server: str) -> None:
    settings = _settings(tmp_path, small_corpus, chroma_url=chroma_server)
    report = build_index(settings, embedder=HashEmbedder())
    assert report.changed
    assert not (settings.index_dir / "chroma").exists()  # vectors went to the server
    import chromadb

    port = int(chroma_server.rsplit(":", 1)[1])
    collections = chromadb.HttpClient(host="127.0.0.1", port=port).list_collections()
    names = [c if isinstance(c, str) else c.name for c in collections]
    assert read_pointer(settings.index_dir).collection in names
    hits = PolicyQA(settings=settings, mode="dense").retrieve("居住证有效期", k=3)
    assert hits and all(h.chunk.chunk_id for h in hits)
