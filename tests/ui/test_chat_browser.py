"""The chat page an analyst uses every day (issue 21), in Debian's chromium at 1400x900 and on a 390x844 phone:
follow-ups that move on, the newest answer in view, one card per cited paragraph, the page's first view, the
outline scrolling in its box, one language per answer, history across a reload, copy and export without internal
ids, quoted answers whole at once, an empty question that changes nothing, suggested next questions, and
accessibility (labelled controls, headings, keyboard order, axe-core with no serious or critical violation).
The questions are made up for these tests."""
from __future__ import annotations

import re

import pytest

from tests.ui.conftest import ARTIFACTS, settled, without_motion

pytestmark = pytest.mark.browser

WAR_EN = "Did the Secretary-General say war is inevitable?"
WAR_ZH = "秘书长说战争是不可避免的吗？"
CJK = re.compile(r"[\u4e00-\u9fff]")
INTERNAL_ID = re.compile(r"S_2017_105:")


def ask(page, question: str, turn: int):
    """Ask and wait for the answer of turn `turn` (0-based)."""
    page.fill("#question-box textarea", question)
    page.click("#ask-btn")
    try:
        page.locator(f"#chat .turn-{turn}").wait_for()
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failed_turn_{turn}.png"))
        raise


def quotes_of(page, turn: int) -> set[str]:
    return set(page.locator(f"#chat .turn-{turn} .src-text mark").all_inner_texts())


@pytest.mark.parametrize("first,more", [(WAR_EN, "What else did he say?"), (WAR_ZH, "还有呢？")])
def test_a_followup_that_asks_for_more_moves_on(desktop, first, more):
    ask(desktop, first, 0)
    ask(desktop, more, 1)
    a, b = quotes_of(desktop, 0), quotes_of(desktop, 1)
    assert a and b and not a & b  # new sentences, not the first answer again
    assert desktop.inner_text("#chat .turn-1 .answer-text") != desktop.inner_text("#chat .turn-0 .answer-text")


def test_the_newest_answer_is_in_view_and_a_paragraph_has_one_card(screen):
    ask(screen, WAR_EN, 0)  # cites several sentences of one paragraph
    ask(screen, "What else did he say?", 1)
    first_line = screen.locator("#chat .turn-1 .answer-text").bounding_box()
    height = screen.viewport_size["height"]
    assert 0 <= first_line["y"] < height - 20, (screen.viewport_name, first_line)
    chat = screen.evaluate("(() => { const e = document.querySelector('#chat .turn-1');"
                           " let b = e.parentElement; while (b && !(b.scrollHeight > b.clientHeight + 1 &&"
                           " /(auto|scroll)/.test(getComputedStyle(b).overflowY))) b = b.parentElement;"
                           " const r = e.getBoundingClientRect(), s = b ? b.getBoundingClientRect() : {top: 0, bottom: 1e9};"
                           " return [r.top, s.top, s.bottom]; })()")
    assert chat[1] - 1 <= chat[0] < chat[2], chat  # inside the chat's own scroller too
    labels = screen.locator("#chat .turn-0 .src-card a.src-open").all_inner_texts()
    assert len(labels) == len(set(labels)) == 1  # the citations of ¶4, one card with all their markers
    markers = set(screen.locator("#chat .turn-0 .answer-text a.cite-marker").all_inner_texts())
    assert len(markers) >= 2 and screen.locator("#chat .turn-0 .src-card a.src-n").count() == len(markers)
    ARTIFACTS.mkdir(exist_ok=True)
    screen.screenshot(path=str(ARTIFACTS / f"chat_followup_{screen.viewport_name}.png"))


def test_first_view_shows_the_question_box_and_examples_and_the_phone_opens_at_the_top(screen):
    screen.wait_for_timeout(500)  # let Gradio finish laying out (no timing is measured)
    height = screen.viewport_size["height"]
    if screen.viewport_name == "phone":
        assert screen.evaluate("window.scrollY") == 0
        assert screen.locator("h1").bounding_box()["y"] >= 0
        return
    box = screen.locator("#question-box textarea").bounding_box()
    assert box["y"] + box["height"] <= height
    examples = screen.locator("#examples button")
    assert examples.count() >= 6
    for i in range(examples.count()):
        b = examples.nth(i).bounding_box()
        assert b["y"] + b["height"] <= height, i


def test_the_outline_scrolls_inside_its_box(desktop):
    for section in "12345":
        desktop.locator(f"#outline-box details[data-section='{section}'] > summary").click()
    last = desktop.locator("#outline-box details[data-section='5'] > summary")
    last.scroll_into_view_if_needed()
    box = desktop.locator("#outline-box").bounding_box()
    item = last.bounding_box()
    assert box["y"] - 1 <= item["y"] and item["y"] + item["height"] <= box["y"] + box["height"] + 1
    assert desktop.evaluate("(() => { const b = document.querySelector('#outline-box');"
                            " return b.scrollHeight > b.clientHeight; })()")  # the text stays in the box
    para = desktop.locator("#outline-box details[data-section='5'] a.outline-para").last
    para.scroll_into_view_if_needed()  # §5's last paragraph can be reached inside the box, and opened
    p = para.bounding_box()
    assert box["y"] - 1 <= p["y"] and p["y"] + p["height"] <= box["y"] + box["height"] + 1
    para.click()
    desktop.locator("#source-panel .panel-label", has_text="§5").wait_for()


def test_a_refusal_speaks_the_question_language_and_the_letter_has_one_name(desktop):
    ask(desktop, "What is the population of China?", 0)
    refusal = desktop.locator("#chat .turn-0.not-found")
    links = refusal.locator(".nf-closest a")
    assert links.count() >= 1
    assert not CJK.search(refusal.inner_text())  # labels, previews, hints: all English
    assert refusal.locator(".nf-preview").count() == links.count()
    links.first.click()
    desktop.locator("#source-panel .panel-text[lang='en']").wait_for()  # opened in English, with the Chinese under it
    assert desktop.locator("#source-panel .panel-original[lang='zh']").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    desktop.screenshot(path=str(ARTIFACTS / "chat_refusal.png"))
    ask(desktop, "Who signed the letter?", 1)  # cites the cover letter
    assert "Letter" in desktop.inner_text("#chat .turn-1 .src-card")
    assert "§0" not in desktop.inner_text("body")


def test_history_survives_a_reload_and_a_new_conversation_clears_it(desktop):
    ask(desktop, WAR_ZH, 0)
    ask(desktop, "还有呢？", 1)
    before = desktop.inner_text("#chat .turn-1 .answer-text")
    desktop.reload(wait_until="domcontentloaded")
    desktop.locator("#chat .turn-1").wait_for()
    assert desktop.inner_text("#chat .turn-1 .answer-text") == before
    assert "还有呢" in desktop.inner_text("#chat")
    desktop.click("#clear-btn")
    desktop.wait_for_function("document.querySelectorAll('#chat .turn').length === 0")
    desktop.reload(wait_until="domcontentloaded")
    desktop.wait_for_selector("#question-box textarea")
    desktop.wait_for_timeout(1500)  # a restore would have arrived by now; nothing may come back
    assert desktop.locator("#chat .turn").count() == 0


def test_copy_and_export_carry_citations_without_internal_ids(desktop):
    ask(desktop, WAR_EN, 0)
    quote = desktop.locator("#chat .turn-0 .src-text mark").first.inner_text()
    desktop.click("#chat .turn-0 button.copy-answer")
    desktop.wait_for_function("document.querySelector('#chat .turn-0 button.copy-answer').textContent === 'Copied'")
    copied = desktop.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(desktop.inner_text("#chat .turn-0 .answer-text").strip()[:30])
    assert re.search(r"^\[1\] S/2017/105, §2 .*¶4: “", copied, re.M) and quote in copied
    with desktop.expect_download() as download:
        desktop.click("#export-btn")
    text = open(download.value.path(), encoding="utf-8").read()
    assert WAR_EN.replace("?", "") in text and "[^1]: S/2017/105, §2" in text and quote in text
    for shown in (copied, text, desktop.inner_text("body")):
        assert not INTERNAL_ID.search(shown)


def test_a_quoted_answer_appears_whole_and_an_empty_question_changes_nothing(desktop):
    desktop.evaluate("window.__typed = false; new MutationObserver(() => {"
                     " if (document.querySelector('#chat').innerText.includes('▌')) window.__typed = true; })"
                     ".observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true})")
    ask(desktop, WAR_ZH, 0)
    assert desktop.evaluate("window.__typed") is False  # never typed out character by character
    desktop.fill("#question-box textarea", "   ")
    desktop.click("#ask-btn")
    desktop.wait_for_timeout(1000)  # an answer or a bubble would have appeared by now
    assert desktop.locator("#chat .message").count() == desktop.locator("#chat .message").count()
    assert desktop.locator("#chat .ask-error, #chat .searching").count() == 0
    assert desktop.locator("#chat .turn").count() == 1
    assert desktop.locator(".toast-wrap .toast-body").count() == 0


def test_suggested_next_questions_are_in_the_question_language_and_ask(desktop):
    ask(desktop, WAR_ZH, 0)
    nexts = desktop.locator("#chat .turn-0 button.next-q")
    assert 2 <= nexts.count() <= 3
    assert all(CJK.search(t) for t in nexts.all_inner_texts())
    nexts.first.click()
    desktop.locator("#chat .turn-1").wait_for()
    assert quotes_of(desktop, 1) and not quotes_of(desktop, 1) & quotes_of(desktop, 0)


def test_controls_are_labelled_the_page_has_headings_and_the_keyboard_order_is_sensible(desktop):
    assert desktop.get_by_role("textbox", name=re.compile("Question")).count() == 1
    assert desktop.get_by_role("heading", level=1).count() == 1
    headings = " ".join(desktop.get_by_role("heading", level=2).all_inner_texts())
    assert "Source" in headings and "Document outline" in headings
    desktop.click("#settings > button")
    desktop.get_by_role("radiogroup", name=re.compile("Answer mode")).wait_for()  # named by the page script
    desktop.focus("#question-box textarea")
    desktop.keyboard.type(WAR_EN)
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.id") == "ask-btn"
    desktop.keyboard.press("Enter")
    desktop.locator("#chat .turn-0").wait_for()


def test_no_serious_or_critical_accessibility_violation(screen):
    from axe_playwright_python.sync_playwright import Axe

    without_motion(screen)
    ask(screen, WAR_EN, 0)
    screen.locator("#chat a.cite-marker").first.click()
    screen.locator("#source-panel .panel-label").wait_for()
    settled(screen)
    result = Axe().run(screen)
    bad = [(v["id"], v["impact"], [(n["target"], n.get("failureSummary", "")[-160:]) for n in v["nodes"]][:3])
           for v in result.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad
