"""What leaves the page as text (ui/export.py), what the browser keeps (ui/store.py), the suggested next questions
(ui/suggest.py) and notices in plain words (ui/render.py), on made-up answers over the real document."""
import re

import pytest

from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.versions import load_versions
from rag.types import Answer, Citation, Fallback, Hit, QuoteTranslation, Turn
from ui import export, render, store
from ui.suggest import next_questions

INTERNAL_ID = re.compile(r"S_2017_105:")


@pytest.fixture(scope="module")
def versions():
    s = Settings()
    return load_versions(load_document(s.corpus, s.metadata), s.corpus)


def _answer(versions, pid: str, language: str = "zh", question: str = "问题*是<b>什么？") -> Answer:
    zh = next(p for p in versions.original.passages() if p.id == pid)
    en = next(p for p in versions.version("en").passages() if p.id == pid)
    tr = QuoteTranslation("en", en.spans()[0].text, en.text, "unofficial", en.label) if language == "en" else None
    text = (tr.quote if tr else zh.spans()[0].text) + "[1]"
    return Answer(question, language, "answered", text, "extractive",
                  citations=[Citation(1, zh, zh.spans()[0].text, tr)])


def test_copied_answer_has_its_citations_as_footnotes_and_no_ids(versions):
    a = _answer(versions, "S_2017_105:0:1", "en", "What does the letter transmit?")
    text = export.answer_text(a, versions.original)
    first, _, notes = text.partition("\n\n")
    assert first == a.answer
    assert notes.startswith("[1] S/2017/105, Letter ¶1: “") and a.citations[0].quote in notes
    assert "§0" not in text and not INTERNAL_ID.search(text)


def test_conversation_markdown_has_every_turn_footnotes_and_escapes(versions):
    turns = [Turn("问题*是<b>什么？", _answer(versions, "S_2017_105:2:4")), Turn("还有呢？", _answer(versions, "S_2017_105:2:3"))]
    md = export.conversation_markdown(turns, versions.original)
    assert md.startswith("# S/2017/105 · 对话记录")
    assert "## 问题\\*是\\<b\\>什么？" in md and "## 还有呢？" in md  # a question cannot inject Markdown or HTML
    assert md.count("[^1]:") == 2 and "§2 秘书长对前景的设想 ¶4" in md
    assert all(t.answer.citations[0].quote in md for t in turns)
    assert not INTERNAL_ID.search(md)


def test_the_browser_keeps_the_last_questions_only():
    saved = []
    for i in range(5):
        saved = store.remember(saved, f"q{i}", "mode", limit=3)
    assert store.questions(saved) == ["q2", "q3", "q4"]
    assert store.questions([{"q": 1}, "x", {"q": " "}, {"q": "ok"}]) == ["ok"] and store.questions(None) == []


def test_next_questions_are_two_or_three_in_the_answer_language(versions):
    zh = next_questions(_answer(versions, "S_2017_105:2:4"), versions)
    en = next_questions(_answer(versions, "S_2017_105:2:4", "en", "Did he say war is inevitable?"), versions)
    assert 2 <= len(zh) <= 3 and zh[0] == "还有呢？" and all(re.search(r"[\u4e00-\u9fff]", q) for q in zh)
    assert 2 <= len(en) <= 3 and en[0] == "What else?" and not any(re.search(r"[\u4e00-\u9fff]", q) for q in en)
    assert len(set(en)) == len(en)
    refused = Answer("Q?", "en", "not_found", "The document does not say.", "extractive",
                     closest=[Hit(versions.original.passages()[5], 0.3)])
    assert "What else?" not in next_questions(refused, versions)


def test_a_fallback_notice_is_in_plain_words_and_the_question_language():
    for lang in ("zh", "en"):
        a = Answer("Q", lang, "answered", "x", "extractive (fallback from local)",
                   notice="The local model did not answer (TimeoutError: the local model wrote nothing for 10 s)",
                   fallback=Fallback("error", "local", "TimeoutError: the local model wrote nothing for 10 s"))
        text = render.notice_text(a)
        assert "Error" not in text and "TimeoutError" not in render.answer_html(a, 0)
        assert bool(re.search(r"[\u4e00-\u9fff]", text)) == (lang == "zh")
