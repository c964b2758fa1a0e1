"""The web UI through its API (gradio_client) and its render helpers.

The server is the real entry point: ``python ui.py --port <free port>`` with QA_INDEX_DIR set to
an empty folder, so it first builds the index from corpus/ (the cleaned article), then serves.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from qa.types import Answer, Citation, TraceStep

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen | None, timeout: float, log_path: Path | None = None) -> None:
    """Poll ``url`` until it answers 200; fail early if ``proc`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            output = log_path.read_text(encoding="utf-8", errors="replace") if log_path else ""
            pytest.fail(f"ui.py exited with {proc.returncode} before serving:\n{output[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout}s")


def start_ui(index_dir: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    """Start ``python ui.py`` on a free port with QA_INDEX_DIR=index_dir; return the process and URL."""
    port = free_port()
    env = dict(os.environ, QA_INDEX_DIR=str(index_dir), GRADIO_ANALYTICS_ENABLED="False",
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop_ui
    proc = subprocess.Popen([sys.executable, "ui.py", "--port", str(port), "--build"], cwd=REPO_ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    proc._qa_log = log  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_http(url, proc, START_TIMEOUT_S, log_path)
    except BaseException:
        stop_ui(proc)
        raise
    return proc, url


def stop_ui(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc._qa_log.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory: pytest.TempPathFactory):
    """ui.py serving an index it had to build itself (the folder starts empty)."""
    base = tmp_path_factory.mktemp("ui-api")
    log_path = base / "ui.log"
    proc, url = start_ui(base / "index", log_path)
    yield {"url": url, "index_dir": base / "index", "log": log_path}
    stop_ui(proc)


@pytest.fixture(scope="module")
def client(ui_server):
    from gradio_client import Client

    return Client(ui_server["url"], verbose=False)


# -- entry point ----------------------------------------------------------------------------
def test_ui_builds_missing_index_with_progress_then_serves(ui_server):
    log = ui_server["log"].read_text(encoding="utf-8", errors="replace")
    assert "未找到索引" in log and "建立索引" in log  # the message and the progress bar
    assert (ui_server["index_dir"]).is_dir()
    assert "127.0.0.1" in log and "gradio.live" not in log


def test_ui_defaults_to_localhost_and_keeps_flag_names():
    out = subprocess.run([sys.executable, "ui.py", "--help"], cwd=REPO_ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0
    assert "--host" in out.stdout and "--port" in out.stdout and "127.0.0.1" in out.stdout


def test_ui_reports_a_bad_index_as_a_message(tmp_path):
    """A QAError at start-up is printed in Chinese, not as a traceback."""
    (tmp_path / "CURRENT").write_text("{not json", encoding="utf-8")  # a damaged pointer
    env = dict(os.environ, QA_INDEX_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "ui.py", "--port", str(free_port())], cwd=REPO_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr[-2000:]
    assert "错误：" in out.stderr and "Traceback" not in out.stderr


# -- API endpoints --------------------------------------------------------------------------
def test_api_lists_stable_endpoints(client):
    names = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/ask", "/check", "/chat", "/check_form"} <= set(names)


def test_api_ask_answers_with_located_citations(client):
    data = client.predict("深圳申领居住证需要什么条件？", [], api_name="/ask")
    assert data["refused"] is False
    assert data["citations"], data
    assert any(c["locator"] == "表1 深圳市" for c in data["citations"])
    assert "[1]" in data["text"]
    assert '<details class="qa-source">' in data["markdown"]


@pytest.mark.parametrize("question", ["拉萨市申领居住证需要什么条件？", "量子计算机的原理是什么？"])
def test_api_ask_refuses_the_unanswerable(client, question):
    data = client.predict(question, [], api_name="/ask")
    assert data["refused"] is True
    assert data["citations"] == []
    assert "无法根据现有文件回答" in data["markdown"]


def test_api_ask_follow_up_keeps_context(client):
    first = client.predict("深圳申领居住证需要什么条件？", [], api_name="/ask")
    second = client.predict("那上海呢？", [["深圳申领居住证需要什么条件？", first["text"]]], api_name="/ask")
    assert second["refused"] is False
    assert any(c["locator"] == "表1 上海市" for c in second["citations"])


def test_api_ask_eligibility_question_has_verdict_and_trace(client):
    question = "我在上海居住了8个月，有劳动合同，社保交了7个月，有租房合同登记备案，能办居住证吗？"
    data = client.predict(question, [], api_name="/ask")
    assert data["verdict"] == "eligible" and data["verdict_label"] == "可以申领"
    assert data["trace"] and all({"condition", "outcome"} <= set(step) for step in data["trace"])
    assert "qa-verdict--eligible" in data["markdown"]


@pytest.mark.parametrize(("place", "target", "facts", "verdict", "label"), [
    ("上海市", "residence_permit",
     {"residence_months": 8, "social_insurance_months": 7, "employed": True, "housing_proof": True},
     "eligible", "可以申领"),
    ("深圳市", "居住证", {"residence_months": 6, "employed": True, "social_insurance_months": 6},
     "ineligible", "暂不符合"),
    ("上海市", "residence_permit", {}, "insufficient_info", "信息不足"),
])
def test_api_check_returns_rule_verdicts(client, place, target, facts, verdict, label):
    data = client.predict(place, target, facts, api_name="/check")
    assert data["verdict"] == verdict
    assert data["verdict_label"] == label
    assert data["trace"] and data["citations"]
    assert data["citations"][0]["locator"]


def test_api_check_unknown_target_is_an_error_message(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="无法检查"):
        client.predict("上海市", "养老", {}, api_name="/check")


def test_api_check_place_without_rules_falls_back_to_national(client):
    data = client.predict("拉萨市", "residence_permit", {}, api_name="/check")
    assert data["jurisdiction"] == "全国" and data["notes"]


def test_api_chat_shows_searching_then_the_answer_with_sources(client):
    """Without an LLM the answer is shown as soon as it is composed (LLM streaming: test_streaming.py)."""
    job = client.submit("深圳申领居住证需要什么条件？", api_name="/chat")
    texts = []
    for output in job:
        last = output[0][-1]
        texts.append(last["content"] if isinstance(last["content"], str) else last["content"][0]["text"])
    assert texts[0] == "正在检索文件……" and len(texts) == 2
    assert "qa-source" in texts[-1] and "表1 深圳市" in texts[-1]


# -- concurrency ----------------------------------------------------------------------------
class SlowBot:
    """The real PolicyQA with a fixed delay on ask(), to see whether requests overlap."""

    def __init__(self, bot, delay: float) -> None:
        self._bot, self.delay = bot, delay

    def ask(self, question, history=None):
        time.sleep(self.delay)
        return self._bot.ask(question, history=history)

    def documents(self):
        return self._bot.documents()

    def chunks_of(self, doc_id):
        return self._bot.chunks_of(doc_id)


def test_queue_serves_several_users_at_once(ui_server):
    from gradio_client import Client

    from qa.answering.pipeline import PolicyQA
    from qa.app.webui import build_app, launch_app

    delay = 3.0  # one after another, the 4 requests below would need at least 4 * delay
    app = build_app(SlowBot(PolicyQA(index_dir=ui_server["index_dir"]), delay), concurrency=4)
    port = free_port()
    launch_app(app, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_http(url, None, 60)
        clients = [Client(url, verbose=False) for _ in range(4)]
        started = time.monotonic()
        slow = clients[0].submit("居住证的有效期是多久？", [], api_name="/ask")
        time.sleep(0.3)
        # A slow question must not hold up a quick eligibility check.
        clients[1].predict("上海市", "residence_permit", {}, api_name="/check")
        assert time.monotonic() - started < delay
        with ThreadPoolExecutor(3) as pool:
            results = list(pool.map(lambda c: c.predict("深圳申领居住证需要什么条件？", [], api_name="/ask"),
                                    clients[1:]))
        slow.result()
        elapsed = time.monotonic() - started
        assert all(not r["refused"] for r in results)
        assert elapsed < 2 * delay + 2, f"4 slow requests took {elapsed:.1f}s: they ran one after another"
    finally:
        app.close()


# -- render helpers -------------------------------------------------------------------------
CITE = Citation(doc_title="居住证暂行条例", locator="第九条", quote="<script>alert(1)</script> 证明材料*重要*",
                region="全国", effective="2016-01-01", source="national/tiaoli.md")


def test_render_answer_numbers_sources_and_escapes_document_text():
    from qa.app.webui import render_answer

    html = render_answer(Answer(question="q", text="需要证明材料<b>。[1]", citations=(CITE,)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;" in html
    assert "[1] 《居住证暂行条例》 第九条 · 全国 · 2016-01-01 施行" in html
    assert html.count("<details") == 1


def test_render_refusal_and_verdict_card():
    from qa.app.webui import render_answer

    refused = render_answer(Answer(question="q", text="抱歉，没有依据。", refused=True))
    assert "无法根据现有文件回答" in refused
    step = TraceStep(condition="居住满6个月", fact="residence_months", required=">= 6个月", given=4,
                     outcome="fail", citation=CITE, gap="还差2个月")
    card = render_answer(Answer(question="q", text="暂不符合。[1]", citations=(CITE,), verdict="ineligible",
                                trace=(step,)))
    assert "暂不符合" in card and "≥ 6个月" in card and "4个月" in card and "还差2个月" in card
    assert card.count("<details") == 1  # the trace's citation is the answer's [1], not a new source


@pytest.mark.parametrize(("value", "expected"), [("", None), (" 12 ", 12), ("１２", 12), ("十二", 12),
                                                 ("8个月", 8), ("不清楚", None)])
def test_form_numbers_accept_chinese_and_blank(value, expected):
    from qa.app.webui import _to_fact
    from qa.rules import FACTS

    assert _to_fact(FACTS["residence_months"], value) == expected


def test_form_rejects_a_non_number_with_chinese_message():
    from qa.app.webui import _to_fact
    from qa.rules import FACTS

    with pytest.raises(ValueError, match="应填写整数"):
        _to_fact(FACTS["residence_months"], "很久")
