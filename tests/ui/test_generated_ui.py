"""The chat with a generative backend, end to end: the real server (`python -m rag serve --backend ollama`) talking
to an Ollama stand-in on a real socket (tests/rag/llm/ollama_stub.py) that streams slowly, driven from gradio_client and
from Chromium. The model's words must appear while it writes, then the verified, cited answer replaces them."""
from __future__ import annotations

import re

import pytest

from tests.rag.llm.ollama_stub import OllamaStub
from tests.ui.conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.server

QUESTION = "妇女在预防冲突中可以担任什么角色？"


@pytest.fixture(scope="module")
def stub():
    with OllamaStub(chunk_chars=2, delay_s=0.15) as s:
        yield s


@pytest.fixture(scope="module")
def generated_url(stub):
    with running_server("--backend", "ollama", env={"RAG_OLLAMA_URL": stub.url, "RAG_LLM_REWRITE": "false"},
                        log_name="server_generated.log") as url:
        yield url


def test_api_answer_is_generated_and_verified(generated_url, stub):
    from gradio_client import Client

    a = Client(generated_url, verbose=False).predict(QUESTION, api_name="/ask")
    assert a["mode"] == "ollama" and a["status"] == "answered" and "notice" not in a, a
    assert a["citations"] and all(c["quote"] in c["text"] for c in a["citations"])
    assert a["verified"][0]["supported"] and stub.replies[-1].endswith("[1]")


@pytest.mark.browser
def test_words_stream_in_then_the_verified_answer(browser, generated_url, stub):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(generated_url, wait_until="domcontentloaded")
        page.wait_for_selector("#question-box textarea")
        assert "ollama" in page.inner_text("#mode-status")
        page.fill("#question-box textarea", QUESTION)
        page.click("#ask-btn")
        writing = page.locator("#chat .writing-label")
        writing.wait_for()  # the model's words, before any citation is checked
        partial = page.locator("#chat .answer-text").last.inner_text()
        assert partial.endswith("▌")
        marker = page.locator("#chat a.cite-marker").first
        marker.wait_for()
        assert writing.count() == 0 and "▌" not in page.locator("#chat .answer-text").last.inner_text()
        assert stub.replies[-1].startswith(partial.rstrip("▌").strip())  # the partial text was the model's own words
        assert page.locator("#chat .src-card mark").first.inner_text() in page.inner_text("#source-panel .panel-text")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "browser_generated.png"))
    finally:
        context.close()


@pytest.mark.browser
def test_the_mode_in_use_and_its_wait_are_shown_and_follow_a_switch(browser, generated_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(generated_url, wait_until="domcontentloaded")
        page.wait_for_selector("#question-box textarea")
        hint = page.inner_text("#mode-status")
        assert "Generated" in hint and re.search(r"\d+–\d+ s", hint)  # the mode and the wait to expect
        page.click("#settings > button")
        page.locator("#answer-mode label").last.click()  # the quoted answers
        page.wait_for_function("!document.querySelector('#mode-status').innerText.includes('Generated')")
        assert "Quoted" in page.inner_text("#mode-status")
    finally:
        context.close()
