import re
from dataclasses import replace

import pytest

from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.versions import load_versions
from rag.types import Answer, Citation, Hit, QuoteTranslation
from ui import panel, render

QUOTE = "他说，战争从来都不是不可避免的，战争是一种选择；"


@pytest.fixture(scope="module")
def doc():
    s = Settings()
    return load_document(s.corpus, s.metadata)


@pytest.fixture(scope="module")
def versions(doc):
    return load_versions(doc, Settings().corpus)


@pytest.fixture(scope="module")
def answer(doc):
    p = next(p for p in doc.passages() if QUOTE in p.text)
    return Answer("秘书长说战争是不可避免的吗？", "zh", "answered", f"{QUOTE}[1]", "extractive",
                  citations=[Citation(1, p, QUOTE)], retrieved=[Hit(x, 1.0) for x in doc.passages()[:6]])


def test_highlight_marks_the_verbatim_quote_and_escapes():
    assert render.highlight("a <b> c. Quote here. d", "Quote here.") == "a &lt;b&gt; c. <mark>Quote here.</mark> d"
    assert render.highlight("no match <x>", "zzz") == "no match &lt;x&gt;"
    assert render.highlight("text", None) == "text"


def test_answer_html_has_clickable_markers_and_sources(answer):
    out = render.answer_html(answer, turn=2)
    assert '<a class="cite-marker" href="#cite-2-1"' in out
    assert f"<mark>{QUOTE}</mark>" in out
    assert "§2 秘书长对前景的设想 ¶4" in out
    assert "来源" in out  # Chinese question, Chinese UI words


def test_markers_without_a_citation_stay_plain_text(answer):
    out = render.answer_text_html("x [1] y [7]", answer.citations, 0)
    assert "#cite-0-1" in out and "[7]" in out and "#cite-0-7" not in out


def test_not_found_answer_looks_different_and_has_no_sources():
    out = render.answer_html(Answer("What is the population of China?", "en", "not_found",
                                    "The document does not say. No passage of the document is about this question.",
                                    "extractive"), turn=0)
    assert 'class="not-found' in out and "Not in the document" in out
    assert "src-card" not in out and "cite-marker" not in out and "nf-closest" not in out


def test_not_found_lists_the_closest_passages_as_links(doc, versions):
    p = next(p for p in doc.passages() if p.id == "S_2017_105:1:3")
    p = replace(p, section_path=("导言 <b>",))
    out = render.answer_html(Answer("哪些国家发了言？", "zh", "not_found", "文件中没有提到这一点。",
                                    "extractive", closest=[Hit(p, 0.5)]), turn=0)
    assert "最接近的段落" in out and 'href="#para-S_2017_105:1:3@zh"' in out and "&lt;b&gt;" in out
    # an English question: the closest passage in the English version (label and one-line preview), opening in it
    en = render.answer_html(Answer("Which countries spoke?", "en", "not_found", "The document does not say.",
                                   "extractive", closest=[Hit(p, 0.5)]), turn=0, library={versions.id: versions})
    english = next(x for x in versions.version("en").passages() if x.id == p.id)
    assert 'href="#para-S_2017_105:1:3@en"' in en and render.esc(english.text) in en
    assert "§1 Introduction ¶3" in en and "导言" not in en


def test_user_and_error_text_is_escaped_and_shortened():
    assert render.user_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    long = render.user_html("x" * 100_000)
    assert len(long) < 600 and "100,000 characters" in long
    assert "&lt;b&gt;" in render.error_html("<b>")


def test_markdown_snippet_has_question_answer_and_quoted_sources(answer, doc):
    md = render.answer_markdown(answer, doc)
    assert md.startswith("**Q:** 秘书长说战争是不可避免的吗？")
    assert f"**A:** {QUOTE}[1]" in md
    assert f"[1] S/2017/105 §2 秘书长对前景的设想 ¶4 — “{QUOTE}”" in md
    nf = render.answer_markdown(Answer("Q?", "en", "not_found", "The document does not say.", "extractive"), doc)
    assert "Sources" not in nf and "does not say" in nf


def test_outline_lists_every_section_and_keeps_the_two_council_sections_apart(doc):
    html = panel.outline_html(doc)
    assert html.count("<details") == sum(1 for _ in doc.walk())
    council = re.findall(r'data-section="([\d.]+)"><summary><span class="secnum">§[\d.]+</span> 安全理事会的作用', html)
    assert council == ["3.3", "4.2"]
    for p in doc.passages():
        assert f'href="#para-{p.id}"' in html


def test_header_shows_symbol_date_and_title(doc, versions):
    html = panel.header_html(versions)
    assert "S/2017/105" in html and doc.date in html and render.esc(doc.title) in html
    assert "Letter dated 31 January 2017" in html and "unofficial English translation" in html


def test_passage_panel_shows_path_highlight_and_neighbours(doc, versions):
    html = panel.passage_panel_html(versions, "S_2017_105:3.3:1", quote=None)
    assert "保持和平的艰巨工作 › 安全理事会的作用" in html and "§3.3 ¶1" in html
    assert 'href="#para-S_2017_105:3.3:2"' in html  # the next paragraph, for context
    p = doc.passages()[5]
    sentence = p.text[: max(1, len(p.text) // 3)]
    assert f"<mark>{render.esc(sentence)}</mark>" in panel.passage_panel_html(versions, p.id, quote=sentence)
    assert "Unknown passage" in panel.passage_panel_html(versions, "nope")
    assert "authoritative" not in html.lower()  # the original alone: no translation label


def test_a_paragraph_a_partly_aligned_version_leaves_out_is_shown_in_the_original(versions):
    english = versions.version("en")
    first = english.sections[0]
    left_out = first.paragraphs[0].id
    partial = replace(versions, translations=(replace(english, sections=(replace(first, paragraphs=first.paragraphs[1:]),
                                                                         *english.sections[1:])),))
    html = panel.passage_panel_html(partial, left_out, language="en")
    assert "Unknown passage" not in html and versions.original.passages()[0].text[:20] in html
    assert "authoritative" not in html.lower()  # the original alone
    assert "authoritative" in panel.passage_panel_html(partial, first.paragraphs[1].id, language="en").lower()


def test_translated_citation_shows_both_versions_with_both_quotes_marked(versions):
    zh = next(p for p in versions.original.passages() if p.id == "S_2017_105:2:4")
    en = next(p for p in versions.version("en").passages() if p.id == "S_2017_105:2:4")
    citation = Citation(1, zh, zh.spans()[1].text,
                        QuoteTranslation("en", en.spans()[1].text, en.text, "unofficial", en.label))
    html = panel.citation_panel_html(versions, citation, "Did the Secretary-General say war is inevitable?")
    assert f"<mark>{render.esc(en.spans()[1].text)}</mark>" in html  # the English paragraph, its quote marked
    assert f"<mark>{render.esc(zh.spans()[1].text)}</mark>" in html  # the authoritative Chinese, its quote marked
    assert html.index(render.esc(en.spans()[1].text)) < html.index(zh.spans()[1].text)
    assert "unofficial English translation — the Chinese text is authoritative" in html
    assert "The Secretary-General&#x27;s vision" in html  # the English section path
    card = render.source_card_html([citation], 0)
    assert f"<mark>{render.esc(en.spans()[1].text)}</mark>" in card and zh.spans()[1].text in card
    assert "§2 The Secretary-General&#x27;s vision ¶4" in card


def test_outline_reads_in_either_language(versions):
    zh = panel.outline_html(versions.original, "zh")
    en = panel.outline_html(versions.version("en"), "zh")
    ids = re.findall(r'href="#para-([^"]+)"', zh)
    assert ids == re.findall(r'href="#para-([^"]+)"', en) and len(ids) == 32
    assert "Introduction" in en and "导言" in zh and "unofficial English translation" in en


def test_parse_pick_reads_link_fragments():
    assert render.parse_pick("#cite-3-2|1712345") == ("cite", (3, 2))
    assert render.parse_pick("#para-S_2017_105:4.2:1|99") == ("para", ("S_2017_105:4.2:1", None))
    assert render.parse_pick("#para-S_2017_105:4.2:1@en|99") == ("para", ("S_2017_105:4.2:1", "en"))
    assert render.parse_pick("") is None and render.parse_pick("#evil") is None


def test_retrieved_list_skips_cited_passages_and_respects_the_limit(answer, versions):
    cited = {answer.citations[0].passage.id}
    html = render.retrieved_html(answer.retrieved, cited, {versions.id: versions}, "en", limit=3)
    assert 1 <= html.count("<li>") <= 3
    assert f"#para-{next(iter(cited))}" not in html
    assert "S/2017/105 · Letter ¶" in html and "@en" in html  # each label names its document, in the English version


@pytest.mark.parametrize("question", ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1)) ?", "调解<i>？",
                                      "<script>alert(1)</script>"])
def test_markdown_snippet_of_a_hostile_question_renders_no_live_tag(answer, doc, question):
    """The snippet, rendered by an HTML-enabled Markdown renderer, holds no tag or link the asker typed."""
    from tests.rag.brief.test_markdown import NOTE_TAGS, rendered

    for a in (replace(answer, question=question),
              Answer(question, "en", "not_found", f"The document never mentions {question}.", "extractive")):
        html = rendered(render.answer_markdown(a, doc))
        assert set(html.tags) <= NOTE_TAGS and not any("javascript:" in v for v in html.attrs), html.tags
