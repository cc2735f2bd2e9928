"""Normalising what people type (rag/analysis/normalise.py) and the question that has no word in it (clean)."""
import pytest

from rag.analysis.clean import QuestionError, clean_question
from rag.analysis.normalise import from_chinese_numeral, normalise, number_forms, to_chinese_numeral
from rag.analysis.query import analyze


def test_traditional_chinese_is_read_as_simplified_and_the_typed_question_is_kept():
    assert normalise("會議討論了預防衝突嗎？") == "会议讨论了预防冲突吗？"
    q = analyze("會議討論了預防衝突嗎？")
    assert q.text == "会议讨论了预防冲突吗？" and q.typed == "會議討論了預防衝突嗎？"
    assert q.words == analyze("会议讨论了预防冲突吗？").words


def test_full_width_forms_fold_but_chinese_punctuation_stays():
    assert normalise("第４２条说了什么？") == "第42条说了什么？"
    assert normalise("ＵＮ　budget？") == "UN budget？"
    assert "42" in analyze("第４２条说了什么？").numbers


@pytest.mark.parametrize("n,zh", [(7, "七"), (10, "十"), (16, "十六"), (42, "四十二"), (105, "一百零五"),
                                  (2019, "二千零一十九"), (3000, "三千")])
def test_numerals_both_ways(n, zh):
    assert to_chinese_numeral(n) == zh
    assert from_chinese_numeral(zh) == n


def test_a_number_is_also_searched_in_its_other_spelling():
    assert "四十二" in number_forms("第42条") and "42" in number_forms("第四十二条")
    q = analyze("第42条授权谁？")
    assert any("四十二" in t for t in q.tokens)
    assert from_chinese_numeral("一致") is None


@pytest.mark.parametrize("text", ["🤔🌍🕊️❓", "？？！！。。，，……", "?!.,;:()"])
def test_a_question_without_a_word_is_a_clear_error(text):
    with pytest.raises(QuestionError, match="ask a question about the document"):
        clean_question(text, 2000)


def test_a_short_real_question_is_not_refused_as_empty():
    assert clean_question("否决权？", 2000) == "否决权？"
    assert clean_question("veto?", 2000) == "veto?"
