"""The chat page over a library of documents, in Debian's chromium (issue 19): the real server started on a library
of its own (a made-up verbatim record in English with its Chinese version, and a made-up resolution, added with
`python -m rag add` as a user adds them): the document list, an answer filtered to the record citing a speaker, the
source panel naming the document and the speaker, and the record's outline."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import DESKTOP, ROOT, open_page, running_server, settled

pytestmark = pytest.mark.browser

FIXTURES = ROOT / "tests" / "rag" / "documents" / "fixtures"
RECORD = "S/PV.9001"


@pytest.fixture(scope="module")
def library_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui-library")
    index = root / "index"
    if (ROOT / "index").is_dir():  # S/2017/105's index as built for the other tests: not built again
        shutil.copytree(ROOT / "index", index)
    env = {**os.environ, "RAG_LIBRARY_DIR": str(root / "library"), "RAG_INDEX_DIR": str(index),
           "RAG_MACHINE_TRANSLATION": "0"}
    files = [FIXTURES / n for n in ("pv_9001_en.txt", "pv_9001_zh.txt", "res_2999_en.txt")]
    added = subprocess.run([sys.executable, "-m", "rag", "add", *map(str, files)], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    assert added.returncode == 0, added.stderr
    with running_server(env=env, log_name="server_library.log") as url:
        yield url


@pytest.fixture
def lib_page(browser, library_url):
    context, pg = open_page(browser, library_url, DESKTOP)
    yield pg
    context.close()


def choose(page, box: str, text: str) -> None:
    """Pick the option containing `text` in the Gradio dropdown `box`, as a person does: open it, click it."""
    page.click(f"{box} input")
    page.locator('[role="option"]', has_text=text).first.click()


def test_the_document_list_shows_every_document(lib_page):
    lib_page.locator("#library").get_by_text("3 documents").first.click()
    rows = lib_page.locator("#library-list tr.lib-doc")
    expect(rows).to_have_count(3)
    record = lib_page.locator(f'#library-list tr.lib-doc[data-symbol="{RECORD}"]')
    assert "Verbatim record" in record.inner_text() and "Chinese" in record.inner_text()
    assert "Resolution" in lib_page.inner_text("#library-list")


def test_a_filtered_answer_cites_the_speaker_and_the_panel_names_both(lib_page):
    lib_page.locator("#library").get_by_text("3 documents").first.click()
    choose(lib_page, "#doc-filter", RECORD)
    lib_page.keyboard.press("Escape")
    lib_page.fill("#question-box textarea", "What did the Russian Federation say?")
    lib_page.click("#ask-btn")
    lib_page.locator("#chat .turn-0").wait_for()
    assert lib_page.locator("#chat .turn-0 .not-found").count() == 0
    title = lib_page.inner_text("#chat .turn-0 .sources-title")
    assert RECORD in title and "S/2017/105" not in title
    labels = lib_page.locator("#chat .turn-0 .src-card a.src-open").all_inner_texts()
    assert labels and all("Russian Federation" in x for x in labels), labels
    lib_page.locator("#chat .turn-0 a.cite-marker").first.click()
    expect(lib_page.locator("#source-panel .panel-speaker")).to_contain_text("Russian Federation")
    assert RECORD in lib_page.inner_text("#source-panel .panel-label")
    settled(lib_page)


def test_the_outline_of_another_document(lib_page):
    choose(lib_page, "#outline-doc", RECORD)
    expect(lib_page.locator("#outline-box")).to_contain_text("俄罗斯联邦")  # the record's Chinese version first
    assert "安全理事会的作用" not in lib_page.inner_text("#outline-box")  # no longer S/2017/105's outline
    lib_page.locator("#outline-language").get_by_text("English").click()
    expect(lib_page.locator("#outline-box")).to_contain_text("Mr. Volkov (Russian Federation)")
    lib_page.locator("#outline-box summary", has_text="Russian Federation").click()
    lib_page.locator("#outline-box a.outline-para:visible").first.click()
    expect(lib_page.locator("#source-panel .panel-speaker")).to_contain_text("Russian Federation")
