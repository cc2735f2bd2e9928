"""The library on the chat page (ui/library.py) and what the page shows of a document other than S/2017/105: the
document list, the filter's choices, a source panel naming the document and the speaker, source cards and other
retrieved passages naming their documents, a briefing note grouped by document. Made-up records from the tests'
fixtures, no models."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.brief import BriefingNote, BriefingPoint, BriefingSection, DocumentInfo
from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.library import align
from rag.documents.navigate import versions_of
from rag.documents.reader import read_document
from rag.documents.versions import load_versions
from rag.types import Answer, Citation, Hit
from ui import briefing, library, panel, render

FIXTURES = Path(__file__).resolve().parents[1] / "rag" / "documents" / "fixtures"


def _read(name: str):
    return read_document((FIXTURES / name).read_text(encoding="utf-8")).document


@pytest.fixture(scope="module")
def shelf():
    s = Settings()
    project = load_versions(load_document(s.corpus, s.metadata), s.corpus)
    record = align(_read("pv_9001_en.txt"), [_read("pv_9001_zh.txt")])
    resolution = align(_read("res_2999_en.txt"), [])
    return {v.id: v for v in (project, record, resolution)}


def _turn(shelf, country: str):
    return next(p for p in shelf["S/PV.9001"].original.passages() if p.speaker and p.speaker.country == country)


def test_the_list_shows_every_document_with_kind_languages_and_provenance(shelf):
    html = library.library_html(shelf)
    assert html.count('<tr class="lib-doc"') == 3 and "3 documents" in html
    row = html[html.index('data-symbol="S/PV.9001"'):].split("</tr>")[0]
    assert "逐字记录 Verbatim record" in row and "2024-05-14" in row
    assert "English" in row and "Chinese" in row and "(official)" in row
    project = html[html.index('data-symbol="S/2017/105"'):].split("</tr>")[0]
    assert "(unofficial)" in project and "信函 Letter" in project


def test_the_filter_offers_every_symbol_and_keeps_only_known_ones(shelf):
    choices = library.document_choices(shelf, title_chars=20)
    assert [v for _, v in choices] == list(shelf)
    assert all(len(label) <= len(v) + 3 + 20 for label, v in choices)
    assert library.searched(shelf, ["S/PV.9001", "S/9999/1"]) == ["S/PV.9001"]
    assert library.searched(shelf, []) is None and library.searched(shelf, None) is None


def test_a_passage_id_finds_its_document(shelf):
    assert versions_of(shelf, "S_PV.9001:t2:1").id == "S/PV.9001"
    assert versions_of(shelf, "S_2017_105:3.3:1").id == "S/2017/105"
    assert versions_of(shelf, "S_9999_1:1:1") is None


def test_the_source_panel_names_the_document_and_the_speaker(shelf):
    p = _turn(shelf, "Russian Federation")
    html = panel.passage_panel_html(shelf["S/PV.9001"], p.id, p.text[:30])
    assert "S/PV.9001 · Russian Federation ¶" in html
    assert 'class="panel-speaker"' in html and p.speaker.name in html and "(Russian Federation)" in html
    assert render.esc(shelf["S/PV.9001"].original.title) in html
    zh = panel.passage_panel_html(shelf["S/PV.9001"], p.id, language="zh")  # the Chinese version of the same turn
    assert "panel-speaker" in zh and "俄罗斯联邦" in zh
    letter = panel.passage_panel_html(shelf["S/2017/105"], "S_2017_105:3.3:1")
    assert "panel-speaker" not in letter  # a summary attributes nothing to anybody


def test_cards_name_their_documents_when_an_answer_cites_several(shelf):
    turn = _turn(shelf, "Russian Federation")
    letter = shelf["S/2017/105"].original.passages()[3]
    one = render.sources_html([Citation(1, turn, turn.text[:20])], 0)
    assert "Sources · S/PV.9001" in one
    both = render.sources_html([Citation(1, turn, turn.text[:20]), Citation(2, letter, letter.text[:10])], 0)
    assert "S/PV.9001, S/2017/105" in both
    assert "S/PV.9001 · Russian Federation ¶" in both and "S/2017/105 " in both.split("S/PV.9001, S/2017/105")[1]


def test_other_retrieved_and_closest_passages_name_their_documents(shelf):
    turn = _turn(shelf, "Brazil")
    op = shelf["S/RES/2999 (2024)"].original.passages()[-1]
    html = render.retrieved_html([Hit(turn, 1.0), Hit(op, 0.5)], set(), shelf, "zh", limit=5)
    assert "S/PV.9001 · 巴西" in html  # the record's Chinese version names the speaker in Chinese
    assert f"S/RES/2999 (2024) · {op.unit.lstrip('· ')}" in html  # no Chinese version: the English one
    refused = Answer("What did Brazil say?", "en", "not_found", "No paragraph answers this.", "extractive",
                     closest=[Hit(turn, 0.4)])
    assert "S/PV.9001 · Brazil ¶" in render.answer_html(refused, 0, shelf)


def test_a_note_across_documents_is_grouped_by_document(shelf):
    turn, letter = _turn(shelf, "Brazil"), shelf["S/2017/105"].original.passages()[3]

    def section(p, document):
        point = BriefingPoint(p.text[:20], p.text[:20], p.id, p.label, p.paragraph, 0, 1.0)
        return BriefingSection(p.section, " › ".join(p.section_path), (point,), document)

    note = BriefingNote("early warning", "en", DocumentInfo("S/2017/105", "t", "d"),
                        (section(letter, "S/2017/105"), section(turn, "S/PV.9001")))
    html = briefing.briefing_html(note)
    assert html.count('class="brief-doc-title"') == 2 and "2 documents" in html
    assert html.index(">S/2017/105</h3>") < html.index(">S/PV.9001</h3>")
    assert "Brazil" in briefing.point_panel_html(shelf, note, 1)  # the second point opens the record's turn
