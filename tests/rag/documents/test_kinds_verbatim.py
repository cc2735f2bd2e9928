"""Verbatim records (S/PV) in both layouts: the cover, the agenda, the turns and their speakers, ids that align."""
import re
from pathlib import Path

import pytest

from rag.documents.kinds import parse_text
from rag.types import DocumentVersions, Speaker

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def en():
    return parse_text(read("pv_9001_en.txt"))


@pytest.fixture(scope="module")
def zh():
    return parse_text(read("pv_9001_zh.txt"))


def turns(doc):
    return [s for s in doc.sections if s.part == "turn"]


def test_kind_symbol_date_language(en, zh):
    for parsed, language in ((en, "en"), (zh, "zh")):
        d = parsed.document
        assert (d.kind, d.id, d.date, d.language, d.meeting) == ("verbatim_record", "S/PV.9001", "2024-05-14",
                                                                 language, "9001")
        assert parsed.warnings == []


def test_cover_president_and_members(en, zh):
    assert en.document.president == Speaker("Ms. Larsen", "Norway")
    assert zh.document.president == Speaker("拉森女士", "挪威")
    assert len(en.document.members) == len(zh.document.members) == 8
    assert en.document.members[4] == Speaker("Dame Ashby", "United Kingdom of Great Britain and Northern Ireland")
    assert en.document.members[6] == Speaker("Mr. Ramírez", "Bolivarian Republic of Venezuela")
    assert zh.document.members[1] == Speaker("魏先生", "中国")


def test_agenda_without_the_record_note(en, zh):
    assert en.document.agenda[0] == "Maintenance of international peace and security"
    assert en.document.agenda[1].endswith("addressed to the Secretary-General (S/2024/350)")
    assert zh.document.agenda == ("维持国际和平与安全", "2024 年 5 月 1 日挪威常驻联合国代表给秘书长的信(S/2024/350)")
    assert not any("This record contains" in p.text or "本记录" in p.text for p in en.document.passages() + zh.document.passages())


def test_thirteen_turns_with_their_speakers(en, zh):
    e, z = turns(en.document), turns(zh.document)
    assert [s.number for s in e] == [f"t{k}" for k in range(1, 14)] == [s.number for s in z]
    speakers_en = [s.paragraphs[0].speaker for s in e]
    speakers_zh = [s.paragraphs[0].speaker for s in z]
    assert speakers_en[1] == Speaker("The Secretary-General", None, "French")
    assert speakers_en[5] == Speaker("Mr. Volkov", "Russian Federation", "Russian")
    assert speakers_en[11] == Speaker("Mr. Novak", "European Union", "English")
    assert speakers_zh[4] == Speaker("莫罗女士", "法国", "French")
    assert speakers_zh[3] == Speaker("魏先生", "中国", "Chinese")
    # the speech languages agree across the versions: a note in one, the record's own language in the other
    assert [s.language for s in speakers_en] == [s.language for s in speakers_zh]
    assert len({s.country for s in speakers_en if s.country}) >= 9


def test_the_president_speaking_for_a_country(en, zh):
    assert turns(en.document)[0].paragraphs[0].speaker == Speaker("The President", None, "English")
    assert turns(en.document)[-1].paragraphs[0].speaker == Speaker("The President", "Norway", "English")
    assert turns(zh.document)[-1].paragraphs[0].speaker == Speaker("主席", "挪威", "English")


def test_units_and_labels(en, zh):
    russia = turns(en.document)[5].paragraphs
    assert [p.unit for p in russia] == ["· Russian Federation ¶1", "· Russian Federation ¶2"]
    assert russia[1].label == "S/PV.9001 · Russian Federation ¶2"
    assert turns(zh.document)[5].paragraphs[0].label == "S/PV.9001 · 俄罗斯联邦 ¶1"
    assert turns(en.document)[0].paragraphs[0].unit == "· The President ¶1"


def test_a_turn_runs_over_the_page_break_without_the_furniture(en, zh):
    cut_en = turns(en.document)[5].paragraphs[0].text
    assert "is cut by the page break in the middle of its sentence." in cut_en
    cut_zh = turns(zh.document)[5].paragraphs[0].text
    assert "这段话一直延续到下一页，在句子中间被分页打断。" in cut_zh
    for d in (en.document, zh.document):
        text = " ".join(p.text for p in d.passages())
        assert "24-01234" not in text and "2/3" not in text and "14/05/2024" not in text
        assert "2401234" not in text


def test_proceedings_are_not_turns(en, zh):
    proc = next(s for s in en.document.sections if s.number == "proc")
    assert proc.paragraphs[0].text == "The meeting was called to order at 10.05 a.m."
    assert proc.paragraphs[-1].text == "The meeting rose at 11.40 a.m."
    assert all("meeting rose" not in p.text for s in turns(en.document) for p in s.paragraphs)
    zh_proc = next(s for s in zh.document.sections if s.number == "proc")
    assert [p.text for p in zh_proc.paragraphs][-1] == "上午 11 时 40 分散会。"


def test_ids_and_sentences_align_across_the_versions(en, zh):
    assert [p.id for p in en.document.passages()] == [p.id for p in zh.document.passages()]
    DocumentVersions(en.document, (zh.document,))  # raises AlignmentError when ids or sentence counts differ
    for p in en.document.passages() + zh.document.passages():
        assert p.sentences and all(p.text[s:e] and p.text[s:e] in p.text for s, e in p.sentences)
        assert p.text[p.sentences[0][0]:p.sentences[-1][1]].strip() == p.text.strip()


def test_the_seeds_double_spaced_shape_reads_the_same(zh):
    """Every printed line followed by an empty line, a trailing space where a block ends (data/S_2017_105_zh.txt)."""
    blocks = read("pv_9001_zh.txt").split("\n\n")
    seed = " \n\n".join("\n\n".join(b.splitlines()) for b in blocks) + " \n"
    doc = parse_text(seed).document
    assert [(p.id, p.text) for p in doc.passages()] == [(p.id, p.text) for p in zh.document.passages()]


def test_other_hands_layout_variants():
    text = """United Nations   S/PV.8123 (Resumption 1)
Security Council
8123rd meeting
Monday, 2 October 2023, 3 p.m.

President:   Sir Peter Hale ...... (United Kingdom of Great Britain and Northern Ireland)
Members:     Bolivia (Plurinational State of) ............ Mr. Quispe
Ecuador ……………… Mrs. Vega

Agenda
The situation in the placeholder region

The meeting was resumed at 3.05 p.m.

The President :  I give the floor to the representative of Bolivia.

Mr. Quispe  (Bolivia (Plurinational State of))  (spoke in Spanish):  Placeholder words.

Mrs. Vega (Ecuador) (spoke in Spanish): Placeholder words of Ecuador.
More of the same paragraph? No: a second paragraph.
"""
    d = parse_text(text).document
    assert (d.id, d.date, d.meeting) == ("S/PV.8123 (Resumption 1)", "2023-10-02", "8123")
    assert d.president == Speaker("Sir Peter Hale", "United Kingdom of Great Britain and Northern Ireland")
    assert d.members == (Speaker("Mr. Quispe", "Bolivia (Plurinational State of)"), Speaker("Mrs. Vega", "Ecuador"))
    speakers = [s.paragraphs[0].speaker for s in d.sections if s.part == "turn"]
    assert speakers == [Speaker("The President", None, "English"),
                        Speaker("Mr. Quispe", "Bolivia (Plurinational State of)", "Spanish"),
                        Speaker("Mrs. Vega", "Ecuador", "Spanish")]
    assert d.passages()[0].id == "S_PV.8123_Resumption_1:agenda:1"


def test_chinese_half_width_brackets_and_honorifics():
    text = ("联合国 S/PV.8200\n安全理事会\n第 8200 次会议\n2023 年 3 月 1 日星期三上午 10 时\n\n"
            "主席: 某甲先生 ....... (巴西)\n成员: 法国 ....... 某乙夫人\n\n议程\n占位议题\n\n"
            "上午 10 时 05 分宣布开会。\n\n主席(以葡萄牙语发言): 我请法国代表发言。\n\n"
            "某乙夫人（法国）（以法语发言）： 占位发言。\n\n某丙女士(中国): 中国的占位发言。\n")
    d = parse_text(text).document
    assert d.president == Speaker("某甲先生", "巴西") and d.members == (Speaker("某乙夫人", "法国"),)
    speakers = [s.paragraphs[0].speaker for s in d.sections if s.part == "turn"]
    assert speakers == [Speaker("主席", None, "Portuguese"), Speaker("某乙夫人", "法国", "French"),
                        Speaker("某丙女士", "中国", "Chinese")]


def test_a_cover_on_separate_lines_and_a_three_line_page_header():
    d = parse_text(read("pv_9100_en.txt")).document
    assert d.president == Speaker("Mr. Dubois", "France")
    assert d.members[1] == Speaker("Sir Thomas Green", "United Kingdom of Great Britain and Northern Ireland")
    uk = next(s for s in d.sections if s.number == "t2").paragraphs
    assert [p.text for p in uk] == ["First paragraph of the United Kingdom that is long and runs on to the next page "
                                    "where it ends. Second sentence."]
    last = next(s for s in d.sections if s.number == "t4").paragraphs[0]
    assert last.speaker == Speaker("The President", "France", "French") and last.unit == "· France ¶1"
    assert d.agenda == ("The situation in the placeholder region",)


def test_a_vote_and_its_lists_are_proceedings_not_the_presidents_words():
    text = ("United Nations S/PV.9200\n9200th meeting\nMonday, 1 June 2026, 10 a.m.\nAgenda\n\nItem\n\n"
            "The President: I shall put the draft resolution to the vote now.\n\nA vote was taken by show of hands.\n\n"
            "In favour:\nAlgeria, China, France, Guyana\n\nAgainst:\nNone\n\n"
            "The President: The draft resolution has been adopted as resolution 3100 (2026).\n")
    d = parse_text(text).document
    proc = next(s for s in d.sections if s.number == "proc")
    assert [p.text for p in proc.paragraphs] == ["A vote was taken by show of hands.",
                                                 "In favour: Algeria, China, France, Guyana", "Against: None"]
    assert [len(s.paragraphs) for s in d.sections if s.part == "turn"] == [1, 1]


def test_indented_paragraphs_without_empty_lines():
    text = ("United Nations S/PV.9300\n9300th meeting\nMonday, 1 June 2026, 10 a.m.\nAgenda\n  Item one\n"
            "The meeting was called to order at 10 a.m.\n  The President: I open the meeting. I give the floor\n"
            "to Mr. Lee.\n  Mr. Lee (Republic of Korea): First paragraph of Korea.\nIt goes on here.\n"
            "  Second paragraph of Korea.\n  The meeting rose at 11 a.m.\n")
    d = parse_text(text).document
    korea = next(s for s in d.sections if s.number == "t2").paragraphs
    assert [p.text for p in korea] == ["First paragraph of Korea. It goes on here.", "Second paragraph of Korea."]
    assert d.sections[0].paragraphs[0].text == "Item one" and d.date == "2026-06-01"


def test_members_set_apart_by_spaces_instead_of_dot_leaders():
    text = ("联合国 S/PV.8300\n第 8300 次会议\n2023 年 4 月 3 日星期一上午 10 时\n\n主席：   某甲先生   （巴西）\n"
            "成员：   中国      某乙先生\n法国\t某丙女士\n\n议程\n占位议题\n\n主席：我宣布开会。\n")
    d = parse_text(text).document
    assert d.president == Speaker("某甲先生", "巴西")
    assert d.members == (Speaker("某乙先生", "中国"), Speaker("某丙女士", "法国"))


def test_the_outline_json_carries_the_cover(en):
    import json

    out = json.loads(json.dumps(en.document.to_dict(), ensure_ascii=False))
    assert out["kind"] == "verbatim_record" and out["meeting"] == "9001"
    assert out["president"] == {"name": "Ms. Larsen", "country": "Norway", "language": None}
    assert out["members"][1] == {"name": "Mr. Wei", "country": "China", "language": None}
    turn = next(s for s in out["sections"] if s["number"] == "t6")
    assert turn["paragraphs"][0]["speaker"]["country"] == "Russian Federation"
    assert turn["paragraphs"][0]["unit"] == "· Russian Federation ¶1"


def test_a_heading_between_the_opening_and_the_first_turn_is_kept_in_the_proceedings():
    text = ("United Nations S/PV.9400\n9400th meeting\nMonday, 1 June 2026, 10 a.m.\n\nAgenda\n\nItem\n\n"
            "The meeting was called to order at 10 a.m.\n\nExpression of thanks to the outgoing President\n\n"
            "The President: I thank my predecessor.\n")
    d = parse_text(text).document
    assert [p.text for p in d.sections[1].paragraphs] == ["The meeting was called to order at 10 a.m.",
                                                          "Expression of thanks to the outgoing President"]
    assert d.agenda == ("Item",) and d.sections[2].paragraphs[0].text == "I thank my predecessor."


def test_a_cover_symbol_far_right_odd_page_headers_and_page_number_footers():
    """The cover's first line holds the symbol far to the right; odd pages put the date first and the symbol last;
    footers put the page number beside the job number. None of it is text of a turn, and the turn cut by the page
    is joined again; the agenda's reference to a letter is not the record's symbol."""
    text = ("United Nations" + " " * 50 + "S/PV.9450\nSecurity Council" + " " * 40 + "Provisional\n\n"
            "9450th meeting\nTuesday, 3 March 2026, 10 a.m.\nNew York\n\n"
            "President:    Ms. Ito ........ (Japan)\nMembers:      Chile ........ Mr. Soto\n\n"
            "Agenda\n\nLetter dated 1 March 2026 from Chile (S/2026/140)\n\n"
            "The President: I give the floor to the representative of Chile.\n\n"
            "Mr. Soto (Chile) (spoke in Spanish): Chile thanks the presidency. Harbour pilots in the region\n\n"
            "2" + " " * 30 + "26-04411\n\f\n"
            "03/03/2026" + " " * 10 + "Letter from Chile" + " " * 10 + "S/PV.9450\n\n"
            "need training, and Chile will fund it.\n\n"
            "The President: I now resume my statement.\n\n"
            "Mr. Soto (Chile) (spoke in Spanish): A second statement of Chile.\n\n"
            "26-04411" + " " * 30 + "3\n")
    d = parse_text(text).document
    assert d.id == "S/PV.9450"
    turns = [s for s in d.sections if s.part == "turn"]
    chile = turns[1].paragraphs
    assert [p.text for p in chile] == ["Chile thanks the presidency. Harbour pilots in the region need training, "
                                       "and Chile will fund it."]
    texts = " ".join(p.text for p in d.passages())
    assert "26-04411" not in texts and "03/03/2026" not in texts
    # a second statement numbers on from the first: each label names one paragraph
    assert (chile[0].unit, turns[3].paragraphs[0].unit) == ("· Chile ¶1", "· Chile ¶2")


def test_a_chinese_odd_page_header_ends_with_the_symbol():
    text = ("联 合 国" + " " * 40 + "S/PV.8450\n安全理事会\n第 8450 次会议\n2026 年 3 月 3 日星期二上午 10 时\n\n"
            "主席：   某甲女士   （日本）\n成员：   智利      某乙先生\n\n议程\n占位议题(S/2026/141)\n\n"
            "某乙先生(智利)(以西班牙语发言)：智利感谢主席。本区域的港口引航员\n\n"
            "2026 年 3 月 3 日" + " " * 8 + "占位议题" + " " * 8 + "S/PV.8450\n\n需要培训，智利将为此提供资金。\n")
    d = parse_text(text).document
    assert d.id == "S/PV.8450"
    turn = next(s for s in d.sections if s.part == "turn").paragraphs
    assert [p.text for p in turn] == ["智利感谢主席。本区域的港口引航员需要培训，智利将为此提供资金。"]


SPEAKER_SETS = Path(__file__).parents[2] / "eval" / "speakers"


@pytest.mark.parametrize("folder,symbol", [("another_hand", "S/PV.9777"), ("another_hand", "S/PV.9790"),
                                           ("another_hand2", "S/PV.9811"), ("another_hand2", "S/PV.9824")])
def test_records_written_by_another_hand_give_every_speaker_their_turns(folder, symbol):
    """Records a helper wrote from ../shared/reference/un-documents.md alone (not from this parser or its
    fixtures): every speaker its speakers.json lists for the record has a turn, page headers and footers are in
    no turn, and nobody speaks who is not listed (the President excepted)."""
    import json

    another_hand = SPEAKER_SETS / folder
    name, language = json.loads((another_hand / "records.json").read_text(encoding="utf-8"))[symbol]
    parsed = parse_text((another_hand / name).read_text(encoding="utf-8"))
    doc = parsed.document
    assert (doc.kind, doc.id, doc.language) == ("verbatim_record", symbol, language)
    speakers = [t.paragraphs[0].speaker for t in turns(doc)]
    spoken = {s.country or s.name for s in speakers}
    listed = json.loads((another_hand / "speakers.json").read_text(encoding="utf-8"))
    whos = [r[symbol].get("country") or r[symbol]["name"] for e, r in listed.items()
            if not e.startswith("_") and symbol in r]
    for who in whos:
        assert any(who in s for s in spoken), (who, spoken)
    assert all(any(w in s.country for w in whos) for s in speakers if s.country)
    job_number = re.compile(r"\b\d{2}-\d{5}\b")
    assert not any(job_number.search(p.text) for t in turns(doc) for p in t.paragraphs)
