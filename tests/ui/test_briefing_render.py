"""The Briefing tab's pure helpers (ui/briefing.py): note -> HTML, point -> source panel, the #brief-<i> pick."""
import re
import tempfile
from pathlib import Path

import pytest

from rag.brief import BriefingNote, BriefingPoint, BriefingSection, DocumentInfo
from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.versions import load_versions
from ui import briefing, render


@pytest.fixture(scope="module")
def doc():
    s = Settings()
    return load_document(s.corpus, s.metadata)


def _point(p, quote: str) -> BriefingPoint:
    return BriefingPoint(text=quote, quote=quote, passage_id=p.id, label=p.label, paragraph=p.paragraph,
                         start=max(0, p.text.find(quote)), score=1.0)


@pytest.fixture(scope="module")
def note(doc):
    """A note with two sections (the first with two points)."""
    by_id = {p.id: p for p in doc.passages()}
    a, b, c = by_id["S_2017_105:2:3"], by_id["S_2017_105:4.2:1"], by_id["S_2017_105:4.2:2"]
    first = a.text.split("。")[0] + "。"
    return BriefingNote(
        topic="调解 <b>&", language="zh", document=DocumentInfo(doc.id, doc.title, doc.date),
        sections=(
            BriefingSection("2", "秘书长对前景的设想", (_point(a, first), _point(a, "x < y & <i>z</i>"))),
            BriefingSection("4.2", "政策建议 › 安全理事会的作用",
                            (_point(b, b.text.split("。")[0] + "。"), _point(c, c.text.split("。")[0] + "。"))),
        ))


def test_one_citation_link_per_point_in_section_order(note):
    html = briefing.briefing_html(note)
    links = re.findall(r'<a class="brief-cite" href="#brief-(\d+)">([^<]*)</a>', html)
    assert [int(i) for i, _ in links] == [0, 1, 2, 3]
    assert [label for _, label in links] == [render.esc(p.label) for p in briefing.points(note)]
    assert html.index('data-section="2"') < html.index('data-section="4.2"')
    assert html.count('class="brief-point"') == 4
    assert "4 个要点 · 2 个章节" in html
    assert "S/2017/105" in html and note.document.date in html


def test_text_and_topic_are_escaped(note):
    html = briefing.briefing_html(note)
    assert "<i>z</i>" not in html and "x &lt; y &amp; &lt;i&gt;z&lt;/i&gt;" in html
    assert "<b>&" not in html and "调解 &lt;b&gt;&amp;" in html


def test_a_topic_the_document_does_not_address(doc):
    note = BriefingNote(topic="nuclear weapons", language="en", document=DocumentInfo(doc.id, doc.title, doc.date),
                        status="not_addressed", message="The document does not address this topic.")
    html = briefing.briefing_html(note)
    assert 'class="not-found"' in html and "does not address" in html and "nuclear weapons" in html
    assert "brief-cite" not in html and "brief-point" not in html


def test_parse_pick_reads_the_briefing_fragment():
    assert render.parse_pick("#brief-0|1712345") == ("brief", (0,))
    assert render.parse_pick("#brief-12") == ("brief", (12,))
    assert render.parse_pick("#brief-|1") is None
    assert render.parse_pick("#brief-x") is None
    assert render.parse_pick("#cite-2-1|9") == ("cite", (2, 1))  # the old kinds still parse
    assert render.parse_pick("#para-S_2017_105:3.3:1") == ("para", ("S_2017_105:3.3:1", None))


def test_a_point_opens_its_paragraph_with_the_quote_marked(doc, note):
    versions = load_versions(doc, Settings().corpus)
    pt = briefing.points(note)[2]
    html = briefing.point_panel_html({versions.id: versions}, note, 2)
    assert "§4.2 ¶1" in html
    assert f"<mark>{render.esc(pt.quote)}</mark>" in html
    assert "简报 Briefing · 调解 &lt;b&gt;&amp;" in html
    assert "panel-empty" in briefing.point_panel_html({versions.id: versions}, note, 4)
    assert "panel-empty" in briefing.point_panel_html({versions.id: versions}, None, 0)


def test_markdown_file_name_and_place():
    assert briefing.safe_name("role of the Security Council") == "role-of-the-Security-Council"
    assert briefing.safe_name("调解/../妇女?") == "调解-妇女"
    assert briefing.safe_name("  ///  ") == "topic"
    path = Path(briefing.write_markdown("# 简报: 调解\n", "调解"))
    assert path.name == "briefing-调解.md"
    assert path.read_text(encoding="utf-8") == "# 简报: 调解\n"
    assert path.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())  # a path Gradio may serve


def test_the_download_of_a_note_on_a_tagged_topic_carries_no_live_tag(note):
    """The probe's `调解<i>` in the Briefing tab: the .md the download serves is escaped."""
    from rag.brief import to_markdown
    from tests.rag.brief.test_markdown import NOTE_TAGS, rendered

    tagged = BriefingNote(
        topic="调解<i>", language=note.language, document=note.document, sections=note.sections)
    path = Path(briefing.write_markdown(to_markdown(tagged), tagged.topic))
    text = path.read_text(encoding="utf-8")
    assert "调解&lt;i&gt;" in text and set(rendered(text).tags) <= NOTE_TAGS
