"""The Briefing tab in Debian's chromium: a note on a topic, a citation opening the source panel, the .md download."""
import re
from pathlib import Path

import pytest

from playwright.sync_api import expect

from tests.ui.conftest import ARTIFACTS, settled

pytestmark = pytest.mark.browser


def open_tab_and_brief(page, topic: str):
    page.click("#brief-tab-button")
    page.locator("#brief-topic textarea").wait_for()
    page.fill("#brief-topic textarea", topic)
    page.click("#brief-btn")


def test_note_citation_and_download(page):
    open_tab_and_brief(page, "调解")
    cites = page.locator("#brief-note a.brief-cite")
    cites.first.wait_for()
    assert page.locator("#brief-note .brief-sec").count() >= 2
    assert cites.count() == page.locator("#brief-note li.brief-point").count() >= 2
    assert "调解" in page.inner_text("#brief-note .brief-topic")

    # the note opens its first point in the panel; clicking the second point must show that one instead
    second = page.locator("#brief-note li.brief-point").nth(1)
    label = second.locator("a.brief-cite").inner_text()
    quote = second.locator(".brief-text").inner_text().strip("“”")
    words = label.split()  # "S/2017/105 §4.2 … ¶1": the document, then its unit (issue 19)
    section, para = next(w for w in words if w.startswith("§")), words[-1]
    assert section.startswith("§") and para.startswith("¶")
    second.locator("a.brief-cite").click()
    page.locator("#source-panel .panel-label", has_text=f"{section} {para}").wait_for()
    # both points may come from one paragraph (the label is already there): wait for the panel to mark this one
    expect(page.locator("#source-panel .panel-text mark").first).to_have_text(quote)
    settled(page)
    assert "简报 Briefing · 调解" in page.inner_text("#source-panel .panel-q")

    with page.expect_download() as info:
        page.click("#brief-download")
    download = info.value
    assert download.suggested_filename == "briefing-调解.md"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "调解" in text
    assert re.search(r"§\d+(\.\d+)? .*¶\d+", text)
    assert quote in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "briefing.png"), full_page=True)


def test_unaddressed_and_bad_topics(page):
    open_tab_and_brief(page, "nuclear weapons")
    page.locator("#brief-note .not-found").wait_for()
    assert "does not address" in page.inner_text("#brief-note .not-found")
    assert page.locator("#brief-note a.brief-cite").count() == 0
    assert not page.locator("#brief-download").is_visible()

    page.fill("#brief-topic textarea", "")
    page.click("#brief-btn")
    page.locator("#brief-note .ask-error").wait_for()
    assert "empty" in page.inner_text("#brief-note .ask-error")

    open_tab_and_brief(page, "funding")  # the app keeps serving
    page.locator("#brief-note a.brief-cite").first.wait_for()
    page.locator("#brief-download").wait_for(state="visible")
