"""Live index swap: a running PolicyQA (and the UI) follows a re-ingest without a failed request.

The re-ingest is the real command (``python ingest.py`` in another process) over real pack
documents plus one written here; it changes a document and adds one. The hash embedder stands in
for the model only to keep the ingests quick (every other part is the product's own).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from qa.answering.pipeline import PolicyQA
from qa.config import Settings
from qa.index import leases
from qa.index.build import build_index
from qa.index.store import Generation, chroma_client, read_pointer, write_pointer
from tests.conftest import copy_pack_files

REPO = Path(__file__).resolve().parent.parent
PACK_FILES = [
    "national/juzhuzheng_zanxing_tiaoli_2015.md",
    "regions/guangdong/shenzhen_juzhuzheng_tiaoli_2015.txt",
    "regions/shaanxi/xian_juzhuzheng_shishi_banfa_2016.txt",
]
ADDED_LATER = "regions/beijing/beijing_juzhuzheng_banfa_2016.html"
# A user's own document; its card's name changes between the two ingests.
OWN_DOC = """星河市居住证办理办法

第一条　为了规范星河市居住证的申领和管理，制定本办法。
第二条　在星河市居住满三个月，并有合法稳定就业的，可以申领星河市居住证。
第三条　申领星河市居住证，应当提交{card}和身份证。
"""
QUESTIONS = ["居住证的有效期是多久？", "深圳申领居住证需要什么条件？", "申领居住证要提交蓝鲸卡吗？",
             "申领居住证要提交白鹭卡吗？"]


@pytest.fixture()
def corpus(pack_dir: Path, tmp_path: Path) -> Path:
    folder = copy_pack_files(pack_dir, tmp_path / "corpus", PACK_FILES)
    (folder / "xinghe.txt").write_text(OWN_DOC.format(card="蓝鲸卡"), encoding="utf-8")
    return folder


def change_documents(corpus: Path, pack_dir: Path) -> None:
    """The second ingest's input: the user's document edited, one more pack document."""
    (corpus / "xinghe.txt").write_text(OWN_DOC.format(card="白鹭卡"), encoding="utf-8")
    copy_pack_files(pack_dir, corpus, [ADDED_LATER])


def ingest(corpus: Path, index_dir: Path) -> None:
    """The real command in its own process, as an operator would run it next to a running app."""
    env = dict(os.environ, QA_EMBEDDER="hash", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "ingest.py", "--corpus", str(corpus), "--index", str(index_dir), "--quiet"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-3000:]


def quotes(citations: list) -> str:
    return "\n".join(c["quote"] if isinstance(c, dict) else c.quote for c in citations)


class Hammer:
    """Threads asking questions in a loop until stopped; every exception is a failed request."""

    def __init__(self, ask: Callable[[str], object], threads: int = 4) -> None:
        self.ask = ask
        self.stop = threading.Event()
        self.failures: list[str] = []
        self.done = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, offset: int) -> None:
        i = offset
        while not self.stop.is_set():
            try:
                self.ask(QUESTIONS[i % len(QUESTIONS)])
                with self.lock:
                    self.done += 1
            except Exception as exc:  # noqa: BLE001 - counted, reported by the test
                with self.lock:
                    self.failures.append(repr(exc))
            i += 1

    def __enter__(self) -> Hammer:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def count(self) -> int:
        with self.lock:
            return self.done


def test_policyqa_keeps_answering_through_a_reingest_that_changes_documents(corpus: Path, pack_dir: Path,
                                                                           tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    ingest(corpus, index_dir)
    bot = PolicyQA(index_dir=index_dir)
    first = bot.live.generation
    assert "蓝鲸卡" in quotes(bot.ask("申领居住证要提交蓝鲸卡吗？").citations)

    change_documents(corpus, pack_dir)
    with Hammer(bot.ask) as hammer:
        time.sleep(1.0)
        before = hammer.count()
        ingest(corpus, index_dir)
        during = hammer.count() - before
        time.sleep(2.0)  # requests after the new generation was committed
    assert hammer.failures == [], hammer.failures[:5]
    assert during > 0 and hammer.done > during  # requests ran while the ingest did, and after it

    assert bot.live.generation == read_pointer(index_dir).name != first
    after = bot.ask("申领居住证要提交白鹭卡吗？")
    assert not after.refused and "白鹭卡" in quotes(after.citations)
    assert "蓝鲸卡" not in quotes(bot.ask("申领居住证要提交蓝鲸卡吗？").citations)
    assert any(d["source"].endswith("beijing_juzhuzheng_banfa_2016.html") for d in bot.documents())


def test_a_request_in_flight_finishes_on_its_generation_which_the_sweep_keeps(corpus: Path, pack_dir: Path,
                                                                             tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash")
    build_index(settings)
    bot = PolicyQA(settings=settings)
    old = read_pointer(settings.index_dir)
    client = chroma_client(settings.index_dir, None)

    with bot.live.request():  # a request that started before the ingest and is still running
        change_documents(corpus, pack_dir)
        build_index(settings)
        assert read_pointer(settings.index_dir).name != old.name
        assert (settings.index_dir / old.name).is_dir()  # kept: this request still uses it
        assert old.collection in [c if isinstance(c, str) else c.name for c in client.list_collections()]
        # The rest of the request reads the old generation, dense search (Chroma) included.
        hits = bot.retrieve("申领居住证要提交蓝鲸卡吗？", k=3)
        assert "蓝鲸卡" in "".join(h.chunk.quote for h in hits)
        assert bot.live.generation == old.name

    answer = bot.ask("申领居住证要提交白鹭卡吗？")  # the next request switches
    assert bot.live.generation != old.name and "白鹭卡" in quotes(answer.citations)
    assert old.name not in leases.held(settings.index_dir)  # given up once no request used it

    (corpus / "xinghe.txt").write_text(OWN_DOC.format(card="红隼卡"), encoding="utf-8")
    build_index(settings)  # the next ingest sweeps the generation nobody holds
    assert not (settings.index_dir / old.name).exists()
    assert old.collection not in [c if isinstance(c, str) else c.name for c in client.list_collections()]
    assert bot.ask("申领居住证要提交红隼卡吗？").citations


def test_a_lease_of_a_dead_process_past_the_grace_period_or_copied_does_not_hold_a_generation(tmp_path: Path) -> None:
    folder = tmp_path / leases.LEASE_DIR
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    host = __import__("socket").gethostname()
    (folder / f"g000001.{dead.stdout.strip()}.a").write_text(
        json.dumps({"pid": int(dead.stdout), "host": host, "index": str(tmp_path.resolve())}))
    old = leases.Lease(tmp_path, "g000002")
    past = time.time() - leases.GRACE_S - 60
    os.utime(old.path, (past, past))
    fresh = leases.Lease(tmp_path, "g000003")
    copied = tmp_path / "copy"
    shutil.copytree(tmp_path, copied)  # an index folder copied with a live reader's lease in it
    assert leases.held(copied) == set()

    assert leases.held(tmp_path) == {"g000003"}
    assert sorted(p.name.split(".")[0] for p in folder.iterdir()) == ["g000003"]  # stale ones removed
    fresh.release()
    assert leases.held(tmp_path) == set()


def test_a_new_generation_that_cannot_be_opened_leaves_the_old_one_serving(corpus: Path, tmp_path: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash")
    build_index(settings)
    bot = PolicyQA(settings=settings)
    good = read_pointer(settings.index_dir)
    broken = Generation(**{**good.__dict__, "name": "g000099", "collection": "policy_chunks_g000099"})
    write_pointer(settings.index_dir, broken)  # points at a generation whose files do not exist

    answer = bot.ask("申领居住证要提交蓝鲸卡吗？")
    assert "蓝鲸卡" in quotes(answer.citations) and bot.live.generation == good.name
    assert "g000099 cannot be served" in caplog.text

    write_pointer(settings.index_dir, good)  # repaired: nothing to switch, still answering
    assert bot.ask("申领居住证要提交蓝鲸卡吗？").citations


def test_the_ui_keeps_answering_through_a_reingest(corpus: Path, pack_dir: Path, tmp_path: Path) -> None:
    from gradio_client import Client

    from tests.test_ui_api import start_ui, stop_ui

    index_dir = tmp_path / "index"
    ingest(corpus, index_dir)
    proc, url = start_ui(index_dir, tmp_path / "ui.log")
    try:
        local = threading.local()

        def ask(question: str) -> dict:
            if not hasattr(local, "client"):
                local.client = Client(url, verbose=False)
            return local.client.predict(question, [], api_name="/ask")

        assert "蓝鲸卡" in quotes(ask("申领居住证要提交蓝鲸卡吗？")["citations"])
        change_documents(corpus, pack_dir)
        with Hammer(ask) as hammer:
            time.sleep(1.0)
            before = hammer.count()
            ingest(corpus, index_dir)
            during = hammer.count() - before
            time.sleep(2.0)
        assert hammer.failures == [], hammer.failures[:5]
        assert during > 0 and hammer.done > during

        after = ask("申领居住证要提交白鹭卡吗？")
        assert not after["refused"] and "白鹭卡" in quotes(after["citations"])
        assert "用户添加，未经核实" in after["markdown"]  # the user's own document is labelled as such
        assert "蓝鲸卡" not in quotes(ask("申领居住证要提交蓝鲸卡吗？")["citations"])
    finally:
        stop_ui(proc)
    log = (tmp_path / "ui.log").read_text(encoding="utf-8", errors="replace")
    assert "index switched from" in log
