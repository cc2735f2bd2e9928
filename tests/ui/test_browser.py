"""The real page in Debian's chromium: ask, see the cited answer, open a source, check the highlighted quote."""
import pytest

from tests.ui.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def ask(page, question: str):
    page.fill("#question-box textarea", question)
    page.click("#ask-btn")


def test_answer_citation_and_source_panel(page):
    ask(page, "妇女在预防冲突中可以担任什么角色？")
    marker = page.locator("#chat a.cite-marker").first
    marker.wait_for()
    assert marker.inner_text() == "[1]"
    card = page.locator("#chat .src-card").first
    assert "¶" in card.locator(".src-label").inner_text()
    quotes = card.locator("mark").all_inner_texts()  # one card per paragraph: every quote of it marked
    assert any("妇女" in q for q in quotes)

    # open an outline paragraph first, so that clicking the marker visibly changes the panel
    page.locator("#outline-box details[data-section='3'] > summary").click()
    page.locator("#outline-box details[data-section='3.3'] > summary").click()
    page.locator("#outline-box a[href='#para-S_2017_105:3.3:1']").click()
    page.locator("#source-panel .panel-label", has_text="§3.3 ¶1").wait_for()
    assert "保持和平的艰巨工作 › 安全理事会的作用" in page.inner_text("#source-panel .panel-path")

    marker.click()
    page.locator("#source-panel .panel-label", has_text="[1]").wait_for()
    assert page.inner_text("#source-panel .panel-text mark") in quotes
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser_answer.png"))


def test_not_found_bad_input_and_clear(page):
    ask(page, "What is the population of China?")
    page.locator("#chat .not-found").wait_for()
    assert page.locator("#chat .src-card").count() == 0
    page.click("#clear-btn")
    page.wait_for_function("document.querySelectorAll('#chat .not-found, #chat .ask-error').length === 0")


def test_english_answer_reads_in_english_with_both_versions_in_the_source_panel(page):
    ask(page, "Did the Secretary-General say war is inevitable?")
    marker = page.locator("#chat a.cite-marker").first
    marker.wait_for()
    answer = page.inner_text("#chat .answer-text")
    assert "war is never inevitable" in answer and not any("\u4e00" <= ch <= "\u9fff" for ch in answer)
    card = page.locator("#chat .src-card").first
    assert "The Secretary-General's vision" in card.locator(".src-label").inner_text()
    assert "unofficial English translation" in card.inner_text()
    markers = page.locator("#chat a.cite-marker")
    seen = []
    for i in range(markers.count()):  # the sentence may come with the one before it, cited first
        markers.nth(i).click()
        n = markers.nth(i).inner_text()
        page.locator("#source-panel .panel-label", has_text=n).wait_for()
        marks = page.locator("#source-panel mark").all_inner_texts()
        assert len(marks) == 2  # the quote highlighted in the English paragraph and in the authoritative Chinese one
        seen.append(marks)
    assert any("war is never inevitable" in m[0] and "战争从来都不是不可避免的" in m[1] for m in seen), seen
    assert "unofficial English translation — the Chinese text is authoritative" in page.inner_text("#source-panel")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser_english_answer.png"))


def test_outline_switches_to_the_english_version(page):
    page.locator("#outline-language label", has_text="English").click()
    page.locator("#outline-box nav[lang='en']").wait_for()
    assert "Introduction" in page.inner_text("#outline-box")
    page.locator("#outline-box details[data-section='1'] > summary").click()
    page.locator("#outline-box a[href='#para-S_2017_105:1:1']").click()
    page.locator("#source-panel .panel-label", has_text="§1 ¶1").wait_for()
    assert "Margot Wallström" in page.inner_text("#source-panel .panel-text")
    assert "2017 年 1 月 10 日" in page.inner_text("#source-panel .panel-original")
