"""Screenshots of the chat for docs/ and the README: an English and a Chinese conversation with a follow-up, the
refusal panel, and the phone view. Run against a served page: `python scripts/chat_screenshots.py URL`.

Written by hand: a short Playwright script on Debian's chromium (as tests/ui); the questions are the README's."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parents[1] / "docs"
log = logging.getLogger("screenshots")


def conversation(page, questions: list[str]) -> None:
    for i, q in enumerate(questions):
        page.fill("#question-box textarea", q)
        page.click("#ask-btn")
        page.locator(f"#chat .turn-{i}").wait_for()
    page.locator(f"#chat .turn-{len(questions) - 1} a.cite-marker").first.click()
    page.wait_for_timeout(800)


def main(url: str) -> None:
    shots = [
        ("chat_english.png", {"width": 1400, "height": 900},
         ["Did the Secretary-General say war is inevitable?", "What else did he say?"]),
        ("chat_chinese.png", {"width": 1400, "height": 900}, ["秘书长说战争是不可避免的吗？", "还有呢？"]),
        ("chat_phone.png", {"width": 390, "height": 844}, ["What role can women play in preventing conflict?", "more"]),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for name, viewport, questions in shots:
            page = browser.new_page(viewport=viewport)
            page.set_default_timeout(90_000)
            page.goto(url)
            page.wait_for_selector("#question-box textarea")
            conversation(page, questions)
            if name == "chat_phone.png":  # the reader's view: the newest answer's first line
                page.locator(f"#chat .turn-{len(questions) - 1}").scroll_into_view_if_needed()
            page.screenshot(path=str(DOCS / name))
            log.info("wrote %s", DOCS / name)
            page.close()
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.wait_for_selector("#question-box textarea")
        page.fill("#question-box textarea", "What is the population of China?")
        page.click("#ask-btn")
        page.locator("#chat .turn-0 .nf-closest a").first.click()
        page.wait_for_timeout(800)
        page.screenshot(path=str(DOCS / "chat_refusal.png"))
        browser.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7860/")
