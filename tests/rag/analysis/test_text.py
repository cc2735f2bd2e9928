from rag.analysis.text import content_words, detect_language, expected_answer, has_quantity, holds_answer, sentence_spans, squash


def test_sentence_spans_are_verbatim_and_cover_the_text():
    text = "他说，战争不是不可避免的；他还强调，和平也并非必然。因此，“要预防”。最后一句"
    spans = sentence_spans(text)
    assert [s.text for s in spans] == ["他说，战争不是不可避免的；", "他还强调，和平也并非必然。", "因此，“要预防”。", "最后一句"]
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_detect_language():
    assert detect_language("秘书长说战争是不可避免的吗？") == "zh"
    assert detect_language("Did the Secretary-General say war is inevitable?") == "en"
    assert detect_language("What is 安理会?") == "zh"  # the Chinese term carries the question


def test_squash_removes_all_whitespace():
    assert squash(" 2017 年\n1 月 ") == "2017年1月"


def test_content_words_drop_question_words():
    words = content_words("秘书长承诺与安理会建立什么样的关系？")
    assert "秘书长" in words and "安理会" in words and "什么" not in words


def test_quantity_questions():
    for q in ["How many peacekeepers are deployed?", "how much does it cost", "What is the number of missions?",
              "多少个国家支持？", "联合国系统有几个支柱？"]:
        assert expected_answer(q) == "quantity", q
    for q in ["What did speakers say about mediation?", "几乎所有会员国都说了什么？", "Who bears the responsibility?"]:
        assert expected_answer(q) != "quantity", q


def test_quantities_in_chinese_text():
    for text in ["90 多个国家和区域组织表示支持。", "联合国系统所有三个支柱", "过去两年", "一百名",
                 "2017 年 1 月 10 日，90 多个国家发言。", "15,000 peacekeepers", "任期 3 个月"]:
        assert has_quantity(text), text
    for text in ["会员国呼吁达成一致。", "整个联合国系统的优先事项应该是预防。",  # 一 as in 一致, 统一: no figure
                 "2017 年 1 月 10 日举行的公开辩论", "安全理事会 1 月份主席瑞典", "会员国欢迎 2015 年开展的全面和平审查。", "根据第九十九条所赋特权",
                 "完整纪录可在网站上查阅(见 S/PV.7857)。", "the debate of 10 January 2017"]:  # dates, ordinals, symbols
        assert not has_quantity(text), text


def test_durations_and_times_but_not_years():
    question = "How long did the debate last?"
    assert expected_answer(question) == "duration"
    for text in ["辩论持续了三个小时。", "过去 10 年", "the meeting lasted two hours", "it began at 10.30 a.m."]:
        assert holds_answer("duration", [(text,)], question), text
    for text in ["2017 年 1 月 10 日举行的公开辩论", "会员国欢迎 2015 年开展的全面和平审查。", "the debate of 10 January 2017"]:
        assert not holds_answer("duration", [(text,)], question), text  # a year is not a span of years


def test_a_title_or_an_initial_ends_no_sentence():
    text = ("Sierra Leone thanks Ms. Keita for her briefing. H.E. Mr. Fu agreed with the U.S. delegation. "
            "See Chapter VII.")
    assert [s.text for s in sentence_spans(text)] == [
        "Sierra Leone thanks Ms. Keita for her briefing.", "H.E. Mr. Fu agreed with the U.S. delegation.",
        "See Chapter VII."]


def test_a_share_is_asked_and_only_a_share_answers_it():
    for q in ["What share of the delegates backed the plan?", "What percentage of funds goes to mediation?",
              "援助中有百分之几用于调解？", "妇女在调解人中占多少？"]:
        assert expected_answer(q) == "share", q
    assert expected_answer("How many delegates backed the plan?") == "quantity"
    question = "What share of the delegates backed the plan?"
    for text in ["Some 40 per cent of delegates backed it.", "A majority of delegates backed it.", "三分之二的代表支持。",
                 "Half of the speakers agreed."]:
        assert holds_answer("share", [(text,)], question), text
    for text in ["More than 90 delegates backed the plan.", "90 多个代表团表示支持。"]:
        assert not holds_answer("share", [(text,)], question), text  # a count of them is no share of them


def test_the_councils_permanent_and_elected_members_are_countries():
    for q in ["Did any permanent member oppose the plan?", "Which of the permanent members abstained?",
              "哪些常任理事国支持这项计划？", "是否有非常任理事国反对？"]:
        assert expected_answer(q) == "place", q
    assert expected_answer("What did the permanent representative say?") != "place"
