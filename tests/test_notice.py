"""A new user learns what the index knows: with the article alone, answers, the CLI and the UI say
so and say how to add the official documents; once the pack is ingested the notice is gone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from qa.answering import coverage
from qa.answering.pipeline import PolicyQA
from qa.config import Settings
from qa.index.build import build_index
from qa.types import Answer

REPO = Path(__file__).resolve().parent.parent
QUESTION = "居住证有效期多久"
ARTICLE = {"doc_id": "a", "title": "居住证制度改革", "level": "article"}
REGULATION = {"doc_id": "r", "title": "居住证暂行条例", "level": "national"}


@pytest.mark.parametrize(("documents", "expected"), [
    ([ARTICLE], True), ([ARTICLE, REGULATION], False), ([REGULATION], False), ([], False)])
def test_article_only_means_no_official_document(documents, expected) -> None:
    assert coverage.article_only(documents) is expected
    assert (coverage.notice(documents) is not None) is expected


def test_annotate_adds_a_last_line_and_json_fields() -> None:
    answer = coverage.annotate(Answer(question="q", text="回答[1]"), [ARTICLE])
    assert answer.text.startswith("回答[1]\n\n提示：") and answer.text.endswith(answer.meta["notice"])
    data = json.loads(answer.to_json())
    assert data["meta"]["article_only"] is True
    notice = data["meta"]["notice"]
    assert "python ingest.py --corpus" in notice and "python ingest.py --fetch" in notice
    plain = Answer(question="q", text="回答[1]")
    assert coverage.annotate(plain, [ARTICLE, REGULATION]) is plain


@pytest.fixture(scope="module")
def article_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of corpus/ alone: what a fresh clone has before any official document is added."""
    index_dir = tmp_path_factory.mktemp("article-index")
    build_index(replace(Settings(), index_dir=index_dir))
    return index_dir


def test_ask_on_the_article_alone_says_so(article_index: Path) -> None:
    answer = PolicyQA(index_dir=article_index).ask(QUESTION)
    assert answer.meta["article_only"] is True
    assert answer.text.endswith(answer.meta["notice"])
    assert "居住证制度改革" in answer.meta["notice"] and "--corpus" in answer.meta["notice"]


def test_ask_with_the_pack_has_no_notice(bot) -> None:
    answer = bot.ask(QUESTION)
    assert "article_only" not in answer.meta and "notice" not in answer.meta and "提示：当前索引" not in answer.text


def test_streamed_llm_answer_keeps_the_notice(article_index: Path) -> None:
    bot = PolicyQA(index_dir=article_index, chat_model=FakeListChatModel(responses=["居住证制度在改革中[1]。"]))
    items = list(bot.ask_stream(QUESTION))
    final = items[-1]
    assert final.meta["generator"] == "llm" and final.text.startswith("居住证制度在改革中[1]。")
    assert final.text.endswith(final.meta["notice"]) and "".join(items[:-1]) == final.text


def test_cli_says_so_in_text_and_json(article_index: Path) -> None:
    env = dict(os.environ)
    plain = subprocess.run([sys.executable, "-m", "qa", "ask", QUESTION, "--index", str(article_index)], cwd=REPO,
                           env=env, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0, plain.stderr[-2000:]
    assert "当前索引只收录了研究文章" in plain.stdout and "python ingest.py --corpus" in plain.stdout
    as_json = subprocess.run([sys.executable, "-m", "qa", "ask", QUESTION, "--index", str(article_index), "--json"],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    data = json.loads(as_json.stdout)
    assert data["meta"]["article_only"] is True and "--fetch" in data["meta"]["notice"]


# -- in the browser --------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.slow
def test_ui_notice_shows_for_the_article_alone_and_goes_once_the_pack_is_ingested(
        chromium_path: Path, pack_dir: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.test_ui_api import start_ui, stop_ui
    from tests.test_ui_browser import CHROMIUM_ARGS, TIMEOUT_MS, ask, last_answer, shot

    index_dir = tmp_path / "index"  # empty: ui.py builds it from corpus/, as on a fresh clone
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        proc, url = start_ui(index_dir, tmp_path / "ui-1.log")
        try:
            page.goto(url)
            notice = page.locator("#qa-coverage .qa-coverage")
            notice.wait_for(state="visible")
            text = notice.inner_text()
            assert "尚未收录官方文件" in text
            assert "python ingest.py --corpus" in text and "python ingest.py --fetch" in text
            ask(page, QUESTION)
            assert "当前索引只收录了研究文章" in last_answer(page).inner_text()
            shot(page, "notice-article-only")
        finally:
            stop_ui(proc)

        ingest = subprocess.run([sys.executable, "ingest.py", "--corpus", str(pack_dir), "--index", str(index_dir),
                                 "--quiet"], cwd=REPO, capture_output=True, text=True, timeout=900)
        assert ingest.returncode == 0, ingest.stderr[-2000:]

        # The server is started again on the same index folder (it reads the index when it starts).
        proc, url = start_ui(index_dir, tmp_path / "ui-2.log")
        try:
            page.goto(url)
            page.wait_for_selector("#qa-question textarea")
            ask(page, QUESTION)
            assert page.locator("#qa-coverage .qa-coverage").count() == 0
            assert "尚未收录官方文件" not in page.locator("body").inner_text()
            assert "当前索引只收录了研究文章" not in last_answer(page).inner_text()
            shot(page, "notice-gone-with-pack")
        finally:
            stop_ui(proc)
            browser.close()
