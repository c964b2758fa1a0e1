"""End-to-end tests of the web UI in a real browser: Playwright driving Debian's Chromium.

The app is the real entry point (``python ui.py --port <free port>``) over an index it builds
from corpus/ on start. Each test saves a screenshot under test-artifacts/. Without Chromium
the tests skip with the reason; under QA_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead.
(docs/screenshots/ holds the same views taken over the full index: corpus/ plus the document pack.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_ui_api import start_ui, stop_ui

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# An answer takes well under a second; on a 2-core machine busy with other test processes the first
# answers of a fresh UI (rule data, speller) have been seen to take over 30 s.
TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def app_url(browser, tmp_path_factory: pytest.TempPathFactory):
    """ui.py on a free local port (requested after the browser, so a missing Chromium skips first)."""
    base = tmp_path_factory.mktemp("ui-browser")
    proc, url = start_ui(base / "index", base / "ui.log")
    yield url
    stop_ui(proc)


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.goto(app_url)
    pg.wait_for_selector("#qa-question textarea")
    yield pg
    context.close()


def shot(page, name: str) -> None:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def ask(page, question: str) -> None:
    """Type a question and press Enter; wait until the streamed answer is final."""
    before = page.locator("#qa-chatbot [data-testid='bot']").count()
    box = page.locator("#qa-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        """([n]) => {
            const bots = document.querySelectorAll("#qa-chatbot [data-testid='bot']");
            if (bots.length === 0) return false;
            const last = bots[bots.length - 1].innerText;
            return bots.length > n && !last.includes("▌") && !last.includes("正在检索");
        }""",
        arg=[before],
    )


def last_answer(page):
    return page.locator("#qa-chatbot [data-testid='bot']").last


def test_chat_answer_shows_numbered_sources_with_locators(page):
    ask(page, "深圳申领居住证需要什么条件？")
    answer = last_answer(page)
    assert "[1]" in answer.inner_text()
    source = answer.locator("details.qa-source").first
    summary = source.locator("summary").inner_text()
    assert re.search(r"\[1\] 《.+》 (第.+条|表\d .+|.+)", summary), summary
    assert any("表1 深圳市" in text for text in answer.locator("details.qa-source summary").all_inner_texts())
    quote = source.locator(".qa-quote")
    assert not quote.is_visible()  # collapsed until clicked
    source.locator("summary").click()
    assert quote.is_visible() and len(quote.inner_text()) > 10
    shot(page, "chat-answer")


def test_chat_follow_up_keeps_context_and_clear_resets(page):
    ask(page, "深圳申领居住证需要什么条件？")
    ask(page, "那上海呢？")
    summaries = "".join(last_answer(page).locator("details.qa-source summary").all_inner_texts())
    assert "上海市" in summaries
    shot(page, "chat-follow-up")
    page.click("#qa-clear")
    page.wait_for_function("() => document.querySelectorAll(\"#qa-chatbot [data-testid='bot']\").length === 0")


def test_chat_refusal_is_shown_as_such(page):
    ask(page, "量子计算机的原理是什么？")
    answer = last_answer(page)
    assert answer.locator(".qa-refusal").is_visible()
    assert "无法根据现有文件回答" in answer.inner_text()
    assert answer.locator("details.qa-source").count() == 0
    shot(page, "chat-refusal")


def test_chat_eligibility_question_shows_verdict_card(page):
    ask(page, "我在上海居住了8个月，有劳动合同，社保交了7个月，有租房合同登记备案，能办居住证吗？")
    card = last_answer(page).locator(".qa-verdict")
    assert card.locator(".qa-verdict__label").inner_text() == "可以申领"
    assert card.locator("table.qa-trace tbody tr").count() >= 3
    shot(page, "chat-verdict")


def test_example_question_click_asks_it(page):
    page.locator(".qa-example", has_text="深圳和上海").click()
    page.wait_for_selector("#qa-chatbot [data-testid='bot'] details.qa-source")
    assert "深圳和上海" in page.locator("#qa-chatbot [data-testid='user']").last.inner_text()


def fill_form(page, place: str, target: str, numbers: dict[str, int], yes: tuple[str, ...]) -> None:
    page.get_by_role("tab", name="资格自测").click()
    page.locator("#qa-place input").click()
    page.get_by_role("option", name=place, exact=True).click()
    page.locator("#qa-target label", has_text=target).click()
    for name, value in numbers.items():
        page.locator(f"#fact-{name} input, #fact-{name} textarea").first.fill(str(value))
    for name in yes:
        page.locator(f"#fact-{name} label", has_text=re.compile(r"^\s*是\s*$")).click()
    page.click("#qa-check")


def test_eligibility_form_known_cases(page):
    fill_form(page, "上海市", "居住证", {"residence_months": 8, "social_insurance_months": 7},
              ("employed", "housing_proof"))
    label = page.locator("#qa-verdict .qa-verdict__label")
    label.wait_for()
    assert label.inner_text() == "可以申领"
    result = page.locator("#qa-verdict")
    assert result.locator("table.qa-trace tbody tr").count() >= 3
    assert "第九条" in result.inner_text()  # the rule's article is cited
    assert result.locator("details.qa-source").count() >= 1
    shot(page, "check-eligible")

    fill_form(page, "深圳市", "居住证", {"residence_months": 6, "social_insurance_months": 6}, ("employed",))
    page.wait_for_function("() => document.querySelector('#qa-verdict .qa-verdict__label')?.innerText === '暂不符合'")
    assert "还差6个月" in page.locator("#qa-verdict").inner_text()
    shot(page, "check-ineligible")


def test_open_a_document_shows_chunks_with_locators(page):
    page.get_by_role("tab", name="文件").click()
    table = page.locator("#qa-docs")
    table.get_by_text("居住证制度改革").filter(visible=True).first.click()
    page.locator("#qa-doc-view .qa-chunk").first.wait_for()
    locators = page.locator("#qa-doc-view .qa-chunk__loc").all_inner_texts()
    assert any(loc.startswith("表1 深圳市") for loc in locators), locators[:10]
    assert "施行" in page.locator("#qa-doc-view").inner_text()
    shot(page, "documents")


def test_note_lists_documents_and_says_not_legal_advice(page):
    note = page.locator("#qa-note")
    assert "不构成法律意见" in note.inner_text()
    note.locator("summary").click()
    assert note.locator("li").count() >= 1


def test_phone_width_layout_and_enter_submits(browser, app_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    try:
        pg.goto(app_url)
        pg.wait_for_selector("#qa-question textarea")
        ask(pg, "深圳申领居住证需要什么条件？")
        assert last_answer(pg).locator("details.qa-source").count() >= 1
        overflow = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page is {overflow}px wider than a phone screen"
        shot(pg, "phone-chat")
    finally:
        context.close()
