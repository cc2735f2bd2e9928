"""Language versions: the shipped English version of S/2017/105 is aligned with the Chinese text, keeps every
number, date and symbol, renders names consistently, and says what it is; aligned files round-trip; a file that no
longer matches the corpus keeps its aligned paragraphs and leaves out only the others, one that cannot be aligned
is refused."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace

import pytest

from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.library import align
from rag.types import AlignmentError, DocumentVersions, aligned_part
from rag.documents.versions import (aligned_path, load_versions, original_span, read_aligned, read_aligned_dict, sentence_units,
                          title_units, to_aligned)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ROMAN = {6: "VI", 8: "VIII"}


def cn_number(text: str) -> int:
    """九十九 -> 99, 六 -> 6, 十 -> 10."""
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(units, 0) if units else 0)
    return CN_DIGITS[text]


@pytest.fixture(scope="module")
def original():
    s = Settings()
    return load_document(s.corpus, s.metadata)


@pytest.fixture(scope="module")
def english(original):
    return read_aligned(aligned_path(Settings().corpus, original.id, "en"), original)


def test_english_version_has_the_same_structure(original, english):
    assert english.language == "en" and english.provenance == "unofficial"
    assert "Chinese text is authoritative" in english.note
    assert [s.number for s in english.walk()] == [s.number for s in original.walk()]
    a, b = original.passages(), english.passages()
    assert [p.id for p in a] == [p.id for p in b] and len(a) == 32
    assert [len(p.sentences) for p in a] == [len(p.sentences) for p in b]
    assert sum(len(p.sentences) for p in b) == 89
    assert len(english.signature) == len(original.signature) == 3
    for p in b:
        assert p.language == "en"
        for span in p.spans():  # spans are verbatim, non-empty, in order
            assert span.text and span.text == p.text[span.start:span.end] and span.text == span.text.strip()


def test_every_number_date_and_symbol_survives_translation(original, english):
    zh, en = sentence_units(original), sentence_units(english)
    zh.update({k: v for k, v in title_units(original).items()})
    en.update({k: v for k, v in title_units(english).items()})
    checked = 0
    for uid, source in zh.items():
        target = en[uid]
        for m in re.finditer(r"(\d+)\s*年\s*(\d+)\s*月\s*(\d+)\s*日", source):  # 2017 年 1 月 31 日 -> 31 January 2017
            assert f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}" in target, (uid, target)
            checked += 1
        rest = re.sub(r"(\d+)\s*年\s*(\d+)\s*月\s*(\d+)\s*日", " ", source)
        for m in re.finditer(r"(\d+)\s*月份", rest):  # 1 月份 -> January
            assert MONTHS[int(m.group(1)) - 1] in target, (uid, target)
            rest = rest.replace(m.group(0), " ")
        for symbol in re.findall(r"[A-Z]+/[A-Z]+\.\d+", rest):
            assert symbol in target, (uid, symbol)
            rest = rest.replace(symbol, " ")
        for number in re.findall(r"\d+", rest):
            assert re.search(rf"\b{number}\b", target), (uid, number, target)
            checked += 1
        for m in re.finditer(r"第([一二两三四五六七八九十]+)条", rest):
            assert f"Article {cn_number(m.group(1))}" in target, (uid, target)
            checked += 1
        for m in re.finditer(r"第([一二三四五六七八九十]+)章", rest):
            assert ROMAN[cn_number(m.group(1))] in target, (uid, target)
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("zh,en", [("古特雷斯", "Guterres"), ("瓦尔斯特伦", "Wallström"), ("斯科格", "Olof Skoog"),
                                   ("瑞典", "Sweden"), ("建设和平委员会", "Peacebuilding Commission"),
                                   ("斡旋", "good offices"), ("前景扫描", "horizon-scanning")])
def test_names_and_terms_are_rendered_consistently(original, english, zh, en):
    zh_units, en_units = sentence_units(original) | title_units(original), sentence_units(english) | title_units(english)
    with_name = [uid for uid, text in zh_units.items() if zh in text]
    assert with_name
    for uid in with_name:
        assert en in en_units[uid], (uid, en_units[uid])


def test_aligned_form_round_trips(original, english):
    data = json.loads(json.dumps(to_aligned(original, english), ensure_ascii=False))
    again = read_aligned_dict(data, original)
    assert again == english


def test_a_file_that_no_longer_matches_the_corpus_keeps_its_aligned_paragraphs(original, english, caplog):
    data = to_aligned(original, english)
    stale = data["sentences"][5]
    stale["zh"] = "一句不同的原文。"
    edited = stale["id"].split("#")[0]
    with caplog.at_level("WARNING"):
        partial = read_aligned_dict(data, original)
    assert edited in caplog.text and "left out" in caplog.text
    assert [p.id for p in partial.passages()] == [p.id for p in original.passages() if p.id != edited]
    assert DocumentVersions(original, (partial,)).left_out("en") == [edited]
    kept = {p.id: p.text for p in english.passages() if p.id != edited}
    assert {p.id: p.text for p in partial.passages()} == kept  # the other paragraphs' English, unchanged
    missing = to_aligned(original, english)
    last = missing["sentences"].pop()["id"].split("#")[0]
    assert [p.id for p in read_aligned_dict(missing, original).passages()] == \
        [p.id for p in original.passages() if p.id != last]


def test_a_file_that_cannot_be_aligned_is_refused(original, english):
    with pytest.raises(AlignmentError, match="translates"):
        read_aligned_dict({**to_aligned(original, english), "symbol": "S/2099/1"}, original)
    title = to_aligned(original, english)
    title["titles"][0]["zh"] = "另一个标题"
    with pytest.raises(AlignmentError, match="title"):
        read_aligned_dict(title, original)
    everything = to_aligned(original, english)
    for row in everything["sentences"]:
        row["zh"] = "改动过的句子。"
    with pytest.raises(AlignmentError, match="any paragraph"):
        read_aligned_dict(everything, original)


def test_a_one_character_edit_of_the_corpus_leaves_out_only_that_paragraph(tmp_path, original, english):
    """The issue's case: one character of the Chinese text changed; the English version keeps every other
    paragraph (all 89 sentences were dropped before)."""
    s = Settings()
    corpus = tmp_path / s.corpus.name
    text = s.corpus.read_text(encoding="utf-8")
    assert text.count("此外，秘书长强调") == 1
    corpus.write_text(text.replace("此外，秘书长强调", "此外，秘书长指出"), encoding="utf-8")
    shutil.copy(aligned_path(s.corpus, original.id, "en"), aligned_path(corpus, original.id, "en"))
    edited = load_document(corpus, s.metadata)
    versions = load_versions(edited, corpus)
    assert versions.languages == ("zh", "en")
    assert versions.left_out("en") == ["S_2017_105:2:4"]
    kept = versions.passages("en")
    assert len(kept) == len(original.passages()) - 1 == 31
    assert sum(len(p.sentences) for p in kept) == 89 - len(next(p for p in original.passages()
                                                                if p.id == "S_2017_105:2:4").sentences)
    assert {p.id: p.text for p in kept} == {p.id: p.text for p in english.passages() if p.id != "S_2017_105:2:4"}


def test_a_stale_file_beside_the_corpus_is_left_out(tmp_path, original, english):
    corpus = tmp_path / "S_2017_105_zh.txt"
    data = to_aligned(original, english)
    data["titles"][0]["zh"] = "改动过的标题"
    aligned_path(corpus, original.id, "en").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    versions = load_versions(original, corpus)
    assert versions.languages == ("zh",)


def test_versions_must_align(original, english):
    broken = replace(english, sections=english.sections[:-1])
    with pytest.raises(AlignmentError, match="not aligned"):
        DocumentVersions(original, (broken,))
    versions = DocumentVersions(original, (english,))
    assert versions.languages == ("zh", "en") and versions.version("en") is english and versions.version("fr") is None
    assert versions.left_out("en") == [] and len(versions.left_out("fr")) == 32
    first = english.sections[0]
    assert len(first.paragraphs) > 1
    reordered = replace(english, sections=(replace(first, paragraphs=first.paragraphs[::-1]), *english.sections[1:]))
    with pytest.raises(AlignmentError, match="paragraph ids"):
        DocumentVersions(original, (reordered,))
    fewer = replace(english, sections=(replace(first, paragraphs=first.paragraphs[1:]), *english.sections[1:]))
    assert DocumentVersions(original, (fewer,)).left_out("en") == [first.paragraphs[0].id]


def test_a_version_whose_sentences_differ_in_some_paragraphs_keeps_the_others(original, english, caplog):
    """An added version (rag add) with the original's paragraphs, one of which splits its sentences otherwise."""
    target = english.passages()[3]
    merged = replace(target, sentences=((0, len(target.text)),)) if len(target.sentences) > 1 else \
        replace(target, sentences=target.sentences * 2)

    def swap(section):
        return replace(section, paragraphs=tuple(merged if p.id == target.id else p for p in section.paragraphs),
                       sections=tuple(swap(x) for x in section.sections))

    odd = replace(english, sections=tuple(swap(x) for x in english.sections))
    part, dropped = aligned_part(original, odd)
    assert dropped == [target.id] and len(part.passages()) == 31
    with caplog.at_level("WARNING"):
        versions = align(original, [odd])
    assert versions.left_out("en") == [target.id] and target.id in caplog.text
    assert aligned_part(original, replace(english, sections=english.sections[:-1])) == (None, [])


def test_original_span_maps_a_translated_sentence_to_its_original(original, english):
    zh = next(p for p in original.passages() if p.id == "S_2017_105:2:4")
    en = next(p for p in english.passages() if p.id == "S_2017_105:2:4")
    s, e = en.sentences[2]
    span = original_span(zh, en, s, e)
    assert span.text == zh.spans()[2].text and "和平也同样并非必然" in span.text
    both = original_span(zh, en, en.sentences[1][0], en.sentences[2][1])
    assert both.text == zh.text[zh.sentences[1][0]:zh.sentences[2][1]]
