"""Resolutions, presidential statements, reports, letters and unrecognised text; the one error for what cannot be
read."""
import json
from pathlib import Path

import pytest

from rag.documents.kinds import OTHER_WARNING, UnreadableDocument, parse_file, parse_text
from rag.documents.parse import ParseError, parse_document
from rag.types import DocumentVersions

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def sentences_are_verbatim(doc):
    for p in doc.passages():
        assert p.sentences, p.id
        assert all(0 <= s < e <= len(p.text) and p.text[s:e].strip() == p.text[s:e] for s, e in p.sentences)


@pytest.mark.parametrize("name", ["res_2999_en.txt", "res_2999_zh.txt"])
def test_resolution(name):
    parsed = parse_text(read(name))
    d = parsed.document
    assert (d.kind, d.id, d.date, d.meeting) == ("resolution", "S/RES/2999 (2024)", "2024-06-20", "9050")
    assert d.title in ("Resolution 2999 (2024)", "第 2999(2024)号决议")
    adopted, pre, op = d.sections
    # the adoption line is a passage of its own: it answers at which meeting and on what date
    (line,) = adopted.paragraphs
    assert (adopted.number, adopted.part, line.unit, line.label) == ("adopted", "intro", "adoption",
                                                                     "S/RES/2999 (2024) adoption")
    assert "9050" in line.text and ("20 June 2024" in line.text or "2024 年 6 月 20 日" in line.text)
    assert (pre.number, pre.part, op.number, op.part) == ("pre", "preamble", "op", "operative")
    assert [p.unit for p in pre.paragraphs] == ["pp. 1", "pp. 2", "pp. 3"]
    assert [(p.paragraph, p.unit) for p in op.paragraphs] == [(1, "op. 1"), (2, "op. 2"), (3, "op. 3"), (4, "op. 4")]
    (items,) = op.sections
    assert items.number == "op2" and [p.unit for p in items.paragraphs] == ["op. 2 (a)", "op. 2 (b)", "op. 2 (c)"]
    assert items.paragraphs[2].id == "S_RES_2999_2024:op2:3"
    assert not op.paragraphs[0].text.startswith("1.")  # the label is in the unit, not the text
    assert "24-05678" not in " ".join(p.text for p in d.passages())
    assert op.paragraphs[2].text.endswith(("dialogue;", "继续对话；"))  # a wrapped line joined
    assert items.paragraphs[0].label == "S/RES/2999 (2024) op. 2 (a)"
    sentences_are_verbatim(d)


def test_resolution_versions_align():
    en, zh = parse_text(read("res_2999_en.txt")).document, parse_text(read("res_2999_zh.txt")).document
    assert [p.id for p in en.passages()] == [p.id for p in zh.passages()]
    DocumentVersions(en, (zh,))


def test_presidential_statement():
    d = parse_text(read("prst_2024_5_en.txt")).document
    assert (d.kind, d.id, d.date, d.meeting) == ("presidential_statement", "S/PRST/2024/5", "2024-05-14", "9001")
    assert d.agenda == ("Maintenance of international peace and security",)
    intro, body = d.sections
    assert intro.paragraphs[0].unit == "intro" and intro.paragraphs[0].text.startswith("At the 9001st meeting")
    assert [p.unit for p in body.paragraphs] == ["¶1", "¶2", "¶3"]
    assert all("The Security Council" in p.text for p in body.paragraphs)
    sentences_are_verbatim(d)


def test_chinese_presidential_statement():
    text = ("联合国 S/PRST/2024/5\n安全理事会\n\n安全理事会主席的声明\n\n"
            "2024 年 5 月 14 日，安全理事会第 9001 次会议在审议题为“维持国际和平与安全”的项目时，"
            "安全理事会主席代表安理会发表如下声明：\n\n“安全理事会重申其首要责任。\n\n“安全理事会强调预防的重要性。”\n")
    d = parse_text(text).document
    assert (d.kind, d.date, d.meeting, d.agenda) == ("presidential_statement", "2024-05-14", "9001",
                                                     ("维持国际和平与安全",))
    assert [p.id for p in d.passages()] == ["S_PRST_2024_5:intro:1", "S_PRST_2024_5:body:1", "S_PRST_2024_5:body:2"]


def test_report():
    parsed = parse_text(read("report_2024_400_en.txt"))
    d = parsed.document
    assert (d.kind, d.id, d.date) == ("report", "S/2024/400", "2024-05-30")
    assert "Report of the Secretary-General" in d.title
    assert [(s.number, s.title) for s in d.walk()] == [
        ("I", "Introduction"), ("II", "Political developments"), ("II.A", "Placeholder dialogue"),
        ("II.B", "Placeholder elections"), ("III", "Observations"), ("fn", "Footnotes")]
    body = [p for p in d.passages() if p.section != "fn"]
    assert [p.paragraph for p in body] == [1, 2, 3, 4, 5] and [p.unit for p in body][:2] == ["¶1", "¶2"]
    assert body[2].text.endswith("agreed to meet again in the next period.")  # joined over the page and footnote
    note = d.passages()[-1]
    assert (note.section, note.unit, note.text) == ("fn", "fn. 1", "See S/2024/100.")
    assert body[1].section_path == ("Political developments", "Placeholder dialogue")
    sentences_are_verbatim(d)


def test_footnotes_under_a_rule_are_notes_of_their_own_and_their_marks_leave_the_text():
    """A text layer that keeps the rule above the notes as underscores and runs the notes on without empty lines:
    each note is a passage of its own, the paragraph before them ends where it ends, and the superscript marks the
    text layer flattened ("… regions. 1 Dams …") are gone; other numbers stay."""
    text = ("United Nations" + " " * 40 + "S/2026/777\nSecurity Council\n\nReport of the Secretary-General on harbours"
            "\n\nI. Introduction\n\n    1.  Some 12 ports were surveyed across regions. 1 Dams were not\n"
            "surveyed.\n\n    2.  Pilots need training under the code of conduct. 2\n\n\n__________________\n"
            "  1 Harbour survey of 2025.\n  2 Code of conduct for pilots, art. 4.\n\n26-07770 (E)\n")
    d = parse_text(text).document
    body = {p.paragraph: p.text for p in d.passages() if p.section != "fn"}
    assert body == {1: "Some 12 ports were surveyed across regions. Dams were not surveyed.",
                    2: "Pilots need training under the code of conduct."}
    notes = [(p.unit, p.text) for p in d.passages() if p.section == "fn"]
    assert notes == [("fn. 1", "Harbour survey of 2025."), ("fn. 2", "Code of conduct for pilots, art. 4.")]


def test_chinese_report_headings_take_the_same_keys():
    text = ("联合国 S/2024/400\n安全理事会\n2024 年 5 月 30 日\n\n秘书长的报告\n\n一. 导言\n\n1. 本报告是根据第 2999(2024)号决议提交的。\n\n"
            "二. 政治动态\n\nA. 占位对话\n\n2. 在本报告所述期间，占位对话继续进行。\n")
    d = parse_text(text).document
    assert d.kind == "report" and [p.id for p in d.passages()] == ["S_2024_400:I:1", "S_2024_400:II.A:2"]


def test_the_seed_letter_reads_as_today():
    text = (ROOT / "data" / "S_2017_105_zh.txt").read_text(encoding="utf-8")
    meta = json.loads((ROOT / "data" / "S_2017_105_zh.meta.json").read_text(encoding="utf-8"))
    parsed = parse_text(text, symbol="S/2017/105", meta={"top_level_headings": meta["top_level_headings"]})
    today = parse_document(text, meta)
    d = parsed.document
    assert (d.kind, d.id, d.date, d.language) == ("letter", "S/2017/105", "2017-01-31", "zh")
    assert [(p.id, p.text, p.sentences) for p in d.passages()] == [(p.id, p.text, p.sentences) for p in today.passages()]
    assert d.signature == today.signature and parsed.warnings == []


def test_a_letter_in_another_shape():
    text = ("United Nations S/2024/350\nSecurity Council\nDistr.: General\n2 May 2024\n\n"
            "Letter dated 1 May 2024 from the Permanent Representative of Norway to the United Nations addressed "
            "to the Secretary-General\n\nI have the honour to transmit the placeholder note (see annex).\n\n"
            "I should be grateful if the present letter could be circulated as a document of the Council.\n\n"
            "(Signed) Placeholder Name\n\nAnnex to the letter dated 1 May 2024\n\nBackground\n\n"
            "The placeholder background. It has two sentences.\n\nConclusion\n\nThe placeholder conclusion.\n")
    d = parse_text(text).document
    assert (d.kind, d.id, d.date) == ("letter", "S/2024/350", "2024-05-01")
    assert [(s.number, s.part) for s in d.sections] == [("0", "letter"), ("1", "annex"), ("2", "annex")]
    assert d.signature == ("(Signed) Placeholder Name",) and d.annex_title.startswith("Annex to the letter")
    assert [s.title for s in d.sections[1:]] == ["Background", "Conclusion"]


def test_unrecognised_text_falls_back_with_a_warning():
    parsed = parse_text(read("other_en.txt"), symbol="X/1")
    d = parsed.document
    assert d.kind == "other" and OTHER_WARNING in parsed.warnings
    assert OTHER_WARNING == "not recognised as a UN document kind; read as headings and paragraphs"
    assert [(s.number, s.title, len(s.paragraphs)) for s in d.sections] == [
        ("0", "Notes for a placeholder workshop", 0), ("1", "Purpose", 1), ("2", "Programme", 1)]
    assert d.passages()[0].label == "X/1 §1 Purpose ¶1"  # main: labels name the document first


def test_language_and_symbol_overrides():
    parsed = parse_text(read("other_en.txt"), language="zh", symbol="S/2024/1/Rev.1")
    assert parsed.document.language == "zh" and parsed.document.id == "S/2024/1/Rev.1"
    assert parsed.document.passages()[0].id.startswith("S_2024_1_Rev.1:")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\x00\x01\x02binary\x00\xff" * 20])
def test_empty_whitespace_and_binary_files_are_one_line_errors(tmp_path, content):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as e:
        parse_file(path)
    assert "\n" not in str(e.value) and isinstance(e.value, ParseError)


def test_binary_text_is_an_error():
    with pytest.raises(UnreadableDocument, match="binary"):
        parse_text("\x00\x01\x02\x03" * 50)


def test_a_missing_symbol_says_to_pass_it():
    with pytest.raises(UnreadableDocument, match="--symbol"):
        parse_text(read("other_en.txt"))


def test_a_resolution_whose_text_layer_lost_its_empty_lines():
    text = ("S/RES/3001 (2025)\nResolution 3001 (2025)\nAdopted by the Security Council at its 9101st meeting, on "
            "6 March 2025\nThe Security Council,\nRecalling its resolution 2999 (2024),\nWelcoming the placeholder "
            "progress,\n1. Decides that:\n(a) The first placeholder;\n(b) The second placeholder, including:\n"
            "(i) a nested point;\n(ii) another nested point;\n(c) The third placeholder;\n2. Requests the "
            "Secretary-General to report\nby 1 June 2025;\n")
    d = parse_text(text).document
    assert (d.title, d.date, d.meeting) == ("Resolution 3001 (2025)", "2025-03-06", "9101")
    assert [p.unit for p in d.passages()] == ["adoption", "pp. 1", "pp. 2", "op. 1", "op. 2", "op. 1 (a)",
                                              "op. 1 (b)", "op. 1 (c)"]
    assert d.passages()[0].text == "Adopted by the Security Council at its 9101st meeting, on 6 March 2025"
    assert d.passages()[6].text == "The second placeholder, including: (i) a nested point; (ii) another nested point;"
    assert d.passages()[4].text == "Requests the Secretary-General to report by 1 June 2025;"


def test_a_chinese_report_with_full_width_numbers_and_no_empty_lines():
    text = ("S/2025/50\n安全理事会\n2025 年 1 月 20 日\n\n秘书长的报告\n\n一、导言\n1．本报告是根据决议提交的。\n2．第二段。\n\n"
            "二、观察\n3．我欢迎占位进展，\n并鼓励各方。\n")
    d = parse_text(text).document
    assert (d.kind, d.date, d.title) == ("report", "2025-01-20", "秘书长的报告")
    assert [(p.id, p.text) for p in d.passages()] == [
        ("S_2025_50:I:1", "本报告是根据决议提交的。"), ("S_2025_50:I:2", "第二段。"), ("S_2025_50:II:3", "我欢迎占位进展，并鼓励各方。")]


def test_a_chinese_letter_keeps_its_signature_lines():
    text = ("联合国 S/2024/351\n安全理事会\n\n2024 年 5 月 1 日挪威常驻联合国代表给秘书长的信\n\n谨随函转递占位说明(见附件)。\n\n"
            "常驻代表\n某某(签名)\n\n2024 年 5 月 1 日挪威常驻联合国代表给秘书长的信的附件\n\n背景\n\n占位背景。\n")
    d = parse_text(text).document
    assert (d.kind, d.date, d.signature) == ("letter", "2024-05-01", ("常驻代表", "某某(签名)"))
    assert [p.id for p in d.passages()] == ["S_2024_351:0:1", "S_2024_351:0:2", "S_2024_351:0:3", "S_2024_351:1:1"]
    assert d.sections[0].paragraphs[-1].text == "2024 年 5 月 1 日挪威常驻联合国代表给秘书长的信"  # its dated heading
    assert d.sections[1].title == "背景" and d.annex_title.endswith("的信的附件")


@pytest.mark.parametrize("written,symbol", [
    ("S/PV.7857", "S/PV.7857"), ("S/PV.7857 (Resumption 1)", "S/PV.7857 (Resumption 1)"),
    ("S/PV.7857（续会 1）", "S/PV.7857 (Resumption 1)"), ("S/RES/2334（2016）", "S/RES/2334 (2016)"),
    ("S/PRST/2017/2", "S/PRST/2017/2"), ("S/2017/105/Rev.1", "S/2017/105/Rev.1"),
    ("S/PV.7857/Corr.1", "S/PV.7857/Corr.1")])
def test_symbols_as_the_cover_writes_them(written, symbol):
    text = f"United Nations {written}\nSecurity Council\n\nSome placeholder heading\n\nA placeholder paragraph.\n"
    assert parse_text(text).document.id == symbol


def test_a_symbol_inside_a_sentence_is_not_the_documents():
    with pytest.raises(UnreadableDocument, match="--symbol"):
        parse_text("A placeholder note\n\nThe full record is online (see S/PV.7857).\n")


def test_a_kind_reader_that_fails_falls_back_to_other(monkeypatch):
    from rag.documents.kinds import reader

    def broken(text, header):
        raise IndexError("boom")

    monkeypatch.setitem(reader.READERS, "resolution", broken)
    parsed = parse_text(read("res_2999_en.txt"))
    assert parsed.document.kind == "other" and parsed.document.passages()
    assert "could not be read as one" in parsed.warnings[0] and any(OTHER_WARNING in w for w in parsed.warnings)


def test_a_page_break_between_preambular_paragraphs_keeps_them_apart():
    text = read("res_2999_en.txt").replace("situation,\n\nReaffirming", "situation,\n24-05678 2/2\nS/RES/2999 (2024)\n\n"
                                                                        "Reaffirming")
    pre = parse_text(text).document.sections[1].paragraphs  # after the adoption line
    assert [p.text.split()[0] for p in pre] == ["Recalling", "Reaffirming", "Expressing"]


@pytest.mark.parametrize("stem", ["prst_2024_5", "report_2024_400"])
def test_statement_and_report_versions_align(stem):
    en, zh = parse_text(read(f"{stem}_en.txt")).document, parse_text(read(f"{stem}_zh.txt")).document
    assert (en.id, en.kind, en.date) == (zh.id, zh.kind, zh.date) and zh.language == "zh"
    assert [p.id for p in en.passages()] == [p.id for p in zh.passages()]
    assert [p.unit for p in en.passages()] == [p.unit for p in zh.passages()]
    DocumentVersions(en, (zh,))
    sentences_are_verbatim(zh)


def seed_shape(text: str) -> str:
    """The text as the seed's extract has it: every printed line followed by an empty line, a paragraph's first
    line indented by one space, a trailing space where a block ends."""
    out = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        lines = [(" " + line if i == 0 else line) for i, line in enumerate(lines)]
        lines[-1] += " "
        out.append("\n\n".join(lines))
    return "\n\n".join(out) + "\n"


@pytest.mark.parametrize("name", ["pv_9001_en.txt", "pv_9001_zh.txt", "res_2999_zh.txt", "prst_2024_5_en.txt",
                                  "report_2024_400_zh.txt"])
def test_every_kind_reads_the_same_in_the_seeds_double_spaced_shape(name):
    text = read(name)
    plain, seed = parse_text(text).document, parse_text(seed_shape(text)).document
    assert [(p.id, p.text) for p in seed.passages()] == [(p.id, p.text) for p in plain.passages()]
    assert (seed.date, seed.title, seed.kind) == (plain.date, plain.title, plain.kind)


def test_the_title_that_comes_first_decides_the_kind():
    text = ("United Nations S/2024/360\nSecurity Council\n\nLetter dated 3 May 2024 from the Permanent Representative "
            "of Norway to the United Nations addressed to the Secretary-General\n\nI transmit the text below.\n\n"
            "(Signed) A. Name\n\nAnnex to the letter dated 3 May 2024\n\nReport of the Secretary-General\n\n"
            "1. A placeholder paragraph.\n")
    assert parse_text(text).document.kind == "letter"
    assert parse_text(text.replace("Letter dated 3 May 2024 from", "Note from")).document.kind == "report"


def test_a_resolution_without_its_council_line_still_has_a_preamble():
    d = parse_text(read("res_2999_en.txt").replace("The Security Council,\n\n", "")).document
    assert [p.unit for p in d.sections[1].paragraphs] == ["pp. 1", "pp. 2", "pp. 3"]
    assert d.sections[1].paragraphs[0].text.startswith("Recalling")


def test_a_reports_summary_before_its_first_heading_is_kept():
    text = read("report_2024_400_en.txt").replace(
        "I. Introduction", "Summary\n\nThe present report covers the placeholder period. It has two sentences.\n\n"
                           "I. Introduction")
    d = parse_text(text).document
    assert [s.number for s in d.sections] == ["summary", "I", "II", "III", "fn"]
    first = d.passages()[0]
    assert (first.id, first.unit, first.section_path) == ("S_2024_400:summary:1", "summary ¶1", ("Summary",))
