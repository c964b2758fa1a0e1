"""UI hardening: no uploads, a request size limit, internal errors as a short Chinese message with
details in the log only, provenance shown, and no index built quietly where nobody asked for one.

The servers are the real app (``python ui.py`` or ``launch_app``) on a free local port.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from qa.app.limits import MAX_BODY_BYTES
from qa.app.webui import (
    UNAVAILABLE,
    USER_ADDED,
    build_app,
    documents_table,
    launch_app,
    render_answer,
)
from qa.errors import IndexError_
from qa.types import Answer, Citation
from tests.test_ui_api import REPO_ROOT, free_port, start_ui, stop_ui, wait_http

SECRET = f"/srv/secret-{uuid.uuid4().hex[:8]}/chroma.sqlite3"


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory):
    """ui.py over an index of corpus/ it builds when told to (--build)."""
    base = tmp_path_factory.mktemp("ui-hardening")
    proc, url = start_ui(base / "index", base / "ui.log")
    yield {"url": url, "port": int(url.rsplit(":", 1)[1].strip("/")), "index_dir": base / "index"}
    stop_ui(proc)


def _post(port: int, path: str, body: bytes, headers: dict[str, str] | None = None,
          chunked: bool = False) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        if chunked:
            conn.putrequest("POST", path)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            step = 16 * 1024
            try:
                for i in range(0, len(body), step):
                    part = body[i:i + step]
                    conn.send(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                conn.send(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer and close before the whole body is sent
        else:
            conn.request("POST", path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


# -- uploads and request size ---------------------------------------------------------------------
def test_the_upload_route_is_closed(ui: dict) -> None:
    boundary = "qa-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n").encode()
    status, text = _post(ui["port"], "/gradio_api/upload", body,
                         {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 403 and "不接受上传" in text
    assert "x.txt" not in text and "/tmp" not in text  # no stored path comes back


def test_a_body_over_the_limit_is_refused_with_413(ui: dict) -> None:
    question = "居" * (MAX_BODY_BYTES // 2)  # 3 bytes a character in UTF-8: over the limit
    body = json.dumps({"data": [question, []]}, ensure_ascii=False).encode("utf-8")
    assert len(body) > MAX_BODY_BYTES
    status, text = _post(ui["port"], "/gradio_api/call/ask", body, {"Content-Type": "application/json"})
    assert status == 413 and "请求过大" in text
    status, text = _post(ui["port"], "/gradio_api/call/ask", body, {"Content-Type": "application/json"}, chunked=True)
    assert status == 413 and "请求过大" in text
    # A normal request still goes through.
    from gradio_client import Client

    assert Client(ui["url"], verbose=False).predict("居住证的有效期是多久？", [], api_name="/ask")["text"]


# -- errors ----------------------------------------------------------------------------------------
class FailingBot:
    """A bot whose ask() fails the way a broken index or a bug does; documents() from the real index."""

    def __init__(self, bot, error: Exception) -> None:
        self._bot, self.error = bot, error

    def ask(self, question, history=None):
        raise self.error

    def documents(self):
        return self._bot.documents()

    def chunks_of(self, doc_id):
        return self._bot.chunks_of(doc_id)


@pytest.mark.parametrize("error", [IndexError_(f"索引文件损坏（{SECRET}）：Expecting value"),
                                   RuntimeError(f"httpx.ConnectError at {SECRET}")], ids=["qaerror", "bug"])
def test_internal_errors_reach_the_visitor_as_a_short_message_and_the_log_in_full(
        ui: dict, error: Exception, caplog: pytest.LogCaptureFixture) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from qa.answering.pipeline import PolicyQA

    app = build_app(FailingBot(PolicyQA(index_dir=ui["index_dir"]), error))
    port = free_port()
    caplog.set_level(logging.INFO)
    launch_app(app, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_http(url, None, 60)
        client = Client(url, verbose=False)
        with pytest.raises(AppError) as caught:
            client.predict("居住证的有效期是多久？", [], api_name="/ask")
        assert UNAVAILABLE in str(caught.value) and SECRET not in str(caught.value)
        outputs = list(client.submit("居住证的有效期是多久？", api_name="/chat"))
        last = outputs[-1][0][-1]["content"]
        shown = last if isinstance(last, str) else last[0]["text"]
        assert UNAVAILABLE in shown and SECRET not in shown
    finally:
        app.close()
    assert SECRET in caplog.text  # the operator still sees what happened


def test_a_rule_checker_crash_is_a_short_message(ui: dict) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(ui["url"], verbose=False)
    try:
        data = client.predict("上海市", "residence_permit", {"residence_months": 10**30}, api_name="/check")
    except AppError as exc:  # refused: either the checker's own message or the short one
        assert "Traceback" not in str(exc) and "CancelledError" not in str(exc)
        assert str(exc).startswith(("无法检查", UNAVAILABLE)), str(exc)
    else:
        assert data["verdict"] in ("eligible", "ineligible", "insufficient_info")


# -- start-up ----------------------------------------------------------------------------------
def test_a_missing_index_outside_the_default_folder_is_not_built_quietly(tmp_path: Path) -> None:
    mistyped = tmp_path / "indx"
    env = dict(os.environ, QA_INDEX_DIR=str(mistyped))
    out = subprocess.run([sys.executable, "ui.py", "--port", str(free_port())], cwd=REPO_ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 2, out.stderr[-2000:]
    assert "没有索引" in out.stderr and "--build" in out.stderr and "QA_INDEX_DIR" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (mistyped / "CURRENT").exists()


def test_a_fresh_clone_builds_its_default_index_on_first_run_and_says_so(tmp_path: Path) -> None:
    """A copy of the product without ./index: the first start builds it there, announcing it."""
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copytree(REPO_ROOT / "qa", clone / "qa", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO_ROOT / "corpus", clone / "corpus")
    shutil.copy(REPO_ROOT / "ui.py", clone / "ui.py")
    env = {k: v for k, v in os.environ.items() if k not in ("QA_INDEX_DIR", "QA_CHROMA_URL")}
    env.update(PYTHONPATH=str(clone), QA_EMBEDDER="hash", QA_DATA_DIR=str(tmp_path / "data"),
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    port = free_port()
    log_path = tmp_path / "ui.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "ui.py", "--port", str(port)], cwd=clone, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            wait_http(f"http://127.0.0.1:{port}/", proc, 240, log_path)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert "首次运行：未找到索引" in text
    assert (clone / "index" / "CURRENT").is_file()


# -- provenance --------------------------------------------------------------------------------
def test_user_added_sources_are_labelled_in_the_answer_and_the_document_list() -> None:
    user = Citation(doc_title="星河市居住证办理办法", locator="第三条", quote="应当提交蓝鲸卡", region="全国",
                    effective=None, source="xinghe.txt", official=False)
    official = Citation(doc_title="居住证暂行条例", locator="第九条", quote="申领居住证", region="全国",
                        effective="2016-01-01", source="national/tiaoli.md", official=True)
    html = render_answer(Answer(question="q", text="……[1][2]", citations=(user, official)))
    first, second = html.split('<details class="qa-source">')[1:]
    assert USER_ADDED in first and USER_ADDED not in second
    rows = documents_table([{"title": "星河", "official": False}, {"title": "条例", "official": True}])
    assert rows[0][-1] == USER_ADDED and rows[1][-1] == "官方文件目录"
