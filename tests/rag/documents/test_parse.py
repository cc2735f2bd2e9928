"""The recovered outline is exactly the document's, and each pitfall of the PDF text is handled."""
import json
import re
from pathlib import Path

import pytest

from rag.documents.corpus import CorpusError, load_document
from rag.documents.parse import ParseError, parse_document
from rag.analysis.text import squash

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "data" / "S_2017_105_zh.txt"
META = ROOT / "data" / "S_2017_105_zh.meta.json"

EXPECTED = [  # (number, title, paragraphs)
    ("0", "2017 年 1 月 31 日瑞典常驻联合国代表给秘书长的信", 5),  # three paragraphs, the signature, the heading
    ("1", "导言", 4),
    ("2", "秘书长对前景的设想", 4),
    ("3", "保持和平的艰巨工作", 1),
    ("3.1", "各种威胁和挑战的新性质", 2),
    ("3.2", "联合国系统内的条块分割", 2),
    ("3.3", "安全理事会的作用", 2),
    ("4", "政策建议", 1),
    ("4.1", "联合国、秘书处和联合国系统的作用", 3),
    ("4.2", "安全理事会的作用", 3),
    ("4.3", "会员国的作用", 2),
    ("5", "结论", 3),
]


@pytest.fixture(scope="module")
def doc():
    return load_document(CORPUS, META)


def test_outline_is_exactly_the_documents(doc):
    assert [(s.number, s.title, len(s.paragraphs)) for s in doc.walk()] == EXPECTED
    assert [s.number for s in doc.sections] == ["0", "1", "2", "3", "4", "5"]
    assert [s.number for s in doc.sections[3].sections] == ["3.1", "3.2", "3.3"]
    assert [s.number for s in doc.sections[4].sections] == ["4.1", "4.2", "4.3"]
    assert doc.sections[0].part == "letter" and all(s.part == "annex" for s in doc.sections[1:])


def test_document_header_and_signature(doc):
    assert doc.id == "S/2017/105" and doc.date == "2017-01-31" and doc.language == "zh"
    assert doc.annex_title.endswith("的信的附件")
    assert doc.annex_subtitle == "2017 年 1 月 10 日安全理事会关于“预防冲突和保持和平”专题公开辩论的非正式文件"
    assert doc.signature == ("常驻代表", "特命全权大使", "奥洛夫·斯科格(签名)")
    # the signature and the dated heading are the letter's last passages too, so that "who signed the letter?" and
    # "when was it written?" can find them
    assert doc.sections[0].paragraphs[-2].text == "常驻代表 特命全权大使 奥洛夫·斯科格(签名)"
    assert doc.sections[0].paragraphs[-1].text == "2017 年 1 月 31 日瑞典常驻联合国代表给秘书长的信"


def test_every_passage_has_its_sentences(doc):
    for p in doc.passages():
        spans = p.spans()
        assert spans and all(sp.text == p.text[sp.start:sp.end] for sp in spans)
        assert squash("".join(sp.text for sp in spans)) == squash(p.text)  # nothing lost between sentences


def test_two_security_council_subsections_stay_distinct(doc):
    both = [s for s in doc.walk() if s.title == "安全理事会的作用"]
    assert [s.number for s in both] == ["3.3", "4.2"]
    assert both[0].paragraphs[0].section_path == ("保持和平的艰巨工作", "安全理事会的作用")
    assert both[1].paragraphs[0].section_path == ("政策建议", "安全理事会的作用")
    ids = [p.id for p in doc.passages()]
    assert len(ids) == len(set(ids)) == 32


def test_every_passage_is_a_span_of_the_source(doc):
    source = CORPUS.read_text(encoding="utf-8")
    without_links = "\n".join(line for line in source.splitlines() if not re.match(r"\s*https?://", line))
    flat = squash(without_links)
    for p in doc.passages():
        assert squash(p.text) in flat, p.id
        assert "http" not in p.text


def test_paragraph_text_is_clean(doc):
    by_id = {p.id: p.text for p in doc.passages()}
    # page break leaves a leading space on a continuation line: joined, not split
    assert "发言者强调了调解的重要性，并鼓励加强此方面的投入。" in by_id["S_2017_105:4.2:1"]
    # a paragraph goes on after a line ending in 。 with no leading space
    assert "所掌握的工具。他强调指出" in by_id["S_2017_105:2:3"]
    # the hyperlink in the middle of a sentence is dropped
    assert "这包括开展人道主义活动" in by_id["S_2017_105:2:2"]


META_SMALL = {"symbol": "X/1", "top_level_headings": ["导言", "结论"]}


def small(body: str) -> str:
    return "   一封信 \n\n 第一段。 \n\n   一封信的附件 \n\n" + body


def test_leading_space_after_unfinished_sentence_continues_the_paragraph():
    d = parse_document(small("导言 \n\n 甲乙丙，\n\n 丁戊己。 \n\n"), META_SMALL)
    assert [p.text for p in d.sections[1].paragraphs] == ["甲乙丙，丁戊己。"]


def test_line_without_leading_space_after_full_stop_continues():
    d = parse_document(small("导言 \n\n 甲乙丙。\n\n丁戊己。 \n\n 庚辛。 \n\n"), META_SMALL)
    assert [p.text for p in d.sections[1].paragraphs] == ["甲乙丙。丁戊己。", "庚辛。"]


def test_hyperlink_line_inside_a_sentence_is_dropped():
    line = "联合国应该采取全组织办法执行议程，目标是消除冲突根源。这包括开展人道主"  # a full printed line
    d = parse_document(small(f"导言 \n\n {line}\n\nhttp://undocs.org/ch/S/PV.1\n 义活动。 \n\n"), META_SMALL)
    assert [p.text for p in d.sections[1].paragraphs] == [line + "义活动。"]


def test_heading_levels_and_duplicate_titles():
    body = "导言 \n\n 一。 \n\n 作用 \n\n 二。 \n\n结论 \n\n 三。 \n\n作用 \n\n 四。 \n\n"
    d = parse_document(small(body), META_SMALL)
    assert [(s.number, s.title, len(s.paragraphs)) for s in d.walk()] == [
        ("0", "一封信", 1), ("1", "导言", 1), ("1.1", "作用", 1), ("2", "结论", 1), ("2.1", "作用", 1)]
    assert len({p.id for p in d.passages()}) == 5


def test_trailing_spaces_stripped_file_still_parses():
    """Without the trailing-space and blank-line hints (an editor stripped them), punctuation and indents suffice."""
    text = CORPUS.read_text(encoding="utf-8")
    stripped = "\n".join(line.rstrip() for line in text.splitlines())
    d = parse_document(stripped, json.loads(META.read_text(encoding="utf-8")))
    assert [(s.number, s.title, len(s.paragraphs)) for s in d.walk()] == EXPECTED


def test_no_title_is_a_clear_error():
    with pytest.raises(ParseError, match="title"):
        parse_document("甲乙丙。\n", {})


def test_non_utf8_corpus_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("导言".encode("gb18030") + b"\xff\xfe")
    with pytest.raises(CorpusError, match="not UTF-8"):
        load_document(bad, META)
