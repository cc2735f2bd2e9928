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
    for q in ["How many peacekeepers are deployed?", "how much support did it get", "What is the number of missions?",
              "多少个国家支持？", "联合国系统有几个支柱？"]:
        assert expected_answer(q) == "quantity", q
    for q in ["What did speakers say about mediation?", "几乎所有会员国都说了什么？", "Who bears the responsibility?",
              "讲习班讨论了哪些风险？请列举几项。", "举几个例子说明调解的作用。"]:  # name a few: no count asked
        assert expected_answer(q) != "quantity", q
    assert expected_answer("讲习班提出了几项建议？") == "quantity"


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
    for text in ["辩论持续了三个小时。", "过去 10 年", "the meeting lasted two hours", "it began at 10.30 a.m.",
                 "下午 3 时 45 分散会。", "上午 9 时宣布开会。", "会议于 11 时 30 分结束"]:  # a time of day, as Chinese writes it
        assert holds_answer("duration", [(text,)], question), text
    for text in ["2017 年 1 月 10 日举行的公开辩论", "会员国欢迎 2015 年开展的全面和平审查。", "the debate of 10 January 2017",
                 "此时，会员国表示支持。"]:
        assert not holds_answer("duration", [(text,)], question), text  # a year is not a span of years
    assert expected_answer("会议是几点结束的？") == "duration"


def test_an_agenda_item_is_named_by_its_quoted_title():
    question = "Under which agenda item did the Council meet?"
    assert expected_answer(question) == "item" and expected_answer("安理会在哪个议程项目下开会？") == "item"
    for text in ['in connection with the item entitled "Threats to peace: early warning"', "在审议题为“预防冲突”的项目时"]:
        assert holds_answer("item", [(text,)], question), text
        # a quoted item is no document: "which statement…?" is not answered by the item it was made under
        assert not holds_answer("document", [(text,)], "Which statement did the Council adopt?"), text
    assert not holds_answer("item", [("The Council discussed several items of its agenda.",)], question)


def test_a_meetings_ordinal_is_no_count():
    question = "How many votes were cast?"
    for text in ["Adopted by the Security Council at its 9530th meeting, on 4 May 2099", "2099 年 5 月 4 日安全理事会第 9530 次会议通过"]:
        assert not holds_answer("quantity", [(text,)], question), text
    assert holds_answer("quantity", [("The resolution was adopted by 13 votes to none.",)], question)
    # a question that asks for the number in order is answered by the ordinal
    assert holds_answer("quantity", [("2099 年 5 月 4 日安全理事会第 9530 次会议通过",)], "决议是在第几次会议上通过的？")


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


def test_a_sum_of_money_is_asked_and_only_a_currency_answers_it():
    for q in ["How much money did the donors pledge?", "How much did the new office cost?", "调解机制需要多少经费？",
              "What was the euro figure the harbour fund reached?", "How many dollars went to the locust response?"]:
        assert expected_answer(q) == "money", q
    question = "How much money did the donors pledge?"
    assert holds_answer("money", [("The donors pledged US$ 40 million.",)], question)
    assert holds_answer("money", [("捐助方认捐了 4000 万美元。",)], question)
    assert not holds_answer("money", [("Some 40 donors pledged support.", "约 40 个捐助方表示支持。")], question)



def test_a_document_asked_for_by_name_needs_a_symbol_or_a_title():
    for q in ["Which reports did the panel draw on?", "What resolution was adopted afterwards?",
              "理事会随后发表了哪份主席声明？", "专家组参考了哪几份报告？", "各方签署了哪项协定？"]:
        assert expected_answer(q) == "document", q
    assert expected_answer("哪些国家支持这份报告？") == "place"  # the countries are asked for, not the report
    question = "专家组参考了哪几份报告？"
    for text in ["专家组参考了《海洋治理报告》。", "The panel drew on S/2031/77.", "They cited the Lagos Water Agreement."]:
        assert holds_answer("document", [(text,)], question), text
    assert not holds_answer("document", [("专家组参考了多份报告。", "The panel drew on several reports.")], question)
    # a title the question names already is no answer to it
    assert not holds_answer("document", [("《海洋治理报告》很有用。",)], "《海洋治理报告》之后又发表了哪份报告？")
    # another title that shares a number with the question's is another document all the same
    assert holds_answer("document", [("《2040 年海洋发展议程》和两项决议",)], "与《2040年议程》相结合的是哪些决议？")


def test_an_organisation_asked_for_by_name_needs_its_name():
    for q in ["Which regional organizations took part?", "哪些区域组织参加了讲习班？", "What organizations sent observers?"]:
        assert expected_answer(q) == "organisation", q
    assert expected_answer("What did speakers say about regional organizations?") is None
    question = "Which regional organizations took part?"
    for text in ["The African Union took part.", "阿拉伯国家联盟参加了讲习班。",
                 "The Economic Community of Central African States sent observers."]:
        assert holds_answer("organisation", [(text,)], question), text
    for text in ["Several regional organizations took part.", "多个区域和次区域组织参加了讲习班。", "The Council met."]:
        assert not holds_answer("organisation", [(text,)], question), text
    assert not holds_answer("organisation", [("The African Union spoke.",)], "Which organizations besides the African Union spoke?")

def test_a_person_asked_for_as_one_needs_a_name_or_an_office():
    for q in ["Which officials briefed the Council?", "是哪位代表提出了这一建议？", "Who exactly drafted the text?"]:
        assert expected_answer(q) == "person", q
    assert expected_answer("Who bears the primary responsibility?") is None  # a State or a group answers it
    question = "是哪位代表提出了这一建议？"
    for text in ["会议由挪威外交大臣英格丽·松德主持。", "Ms. Keita made the proposal.",
                 "The proposal came from Hanna Berg, Minister of Justice."]:
        assert holds_answer("person", [(text,)], question), text
    for text in ["与会者提出了这一建议。", "Several speakers made the proposal."]:
        assert not holds_answer("person", [(text,)], question), text


def test_another_country_answers_which_country_in_either_language_but_not_the_one_asked_about():
    question = "Which countries other than Norway spoke?"
    assert holds_answer("place", [("Chile and Norway spoke.",)], question)
    assert holds_answer("place", [("智利发了言。",)], question)
    assert not holds_answer("place", [("Norway spoke.", "挪威发了言。")], question)
    assert not holds_answer("place", [("Member States noted the enormous cost of missions.",)], question)  # no Costa Rica
    assert holds_answer("place", [("The debate was organized by Norway, President of the Council.",)],
                        "Which country held the Council presidency in March?")  # "Council" names no place


def test_when_asks_for_a_date_only_where_a_date_answers_it():
    for q in ["When was the commission established?", "该机制是什么时候设立的？", "该办事处成立于何时？"]:
        assert expected_answer(q) == "date", q
    for q in ["When does the Council act?", "安理会往往要等到什么时候才采取行动？"]:  # "after conflict has broken out"
        assert expected_answer(q) is None, q



def test_a_date_the_question_gives_already_is_no_answer_however_it_is_spaced():
    """The PDF's text writes 2040 年 where people type 2040年; the day is what "which day" asks for."""
    q = "《2040年海洋议程》是哪一年通过的？"
    assert not holds_answer("date", [("他们提到《2040 年海洋议程》。", "They cited the 2040 Ocean Agenda.")], q)
    assert holds_answer("date", [("《2040 年海洋议程》于 2031 年通过。",)], q)
    q = "讲习班于2033年5月哪一天举行？"
    assert holds_answer("date", [("讲习班于 2033 年 5 月 12 日举行。",)], q)
    assert not holds_answer("date", [("讲习班于 2033 年 5 月举行。",)], q)
    q = "On which day in May 2033 was the workshop held?"
    assert holds_answer("date", [("The workshop was held on 12 May 2033.",)], q)
    assert not holds_answer("date", [("The workshop was held in May 2033.",)], q)

def test_who_did_what_only_a_person_or_a_country_does_needs_one():
    for q in ["Who chaired the workshop?", "这份报告是由谁起草的？", "会议由谁主持？"]:
        assert expected_answer(q) == "agent", q
    question = "Who chaired the workshop?"
    for text in ["The workshop was chaired by Ms. Keita.", "由挪威主持。", "It was chaired by Norway."]:
        assert holds_answer("agent", [(text,)], question), text
    for text in ["Member States welcomed the workshop.", "与会者欢迎这次讲习班。"]:
        assert not holds_answer("agent", [(text,)], question), text


def test_which_several_is_no_count():
    assert expected_answer("哪几个机构参与了评估？") is None
    assert expected_answer("有几个机构参与了评估？") == "quantity"


def test_a_few_with_another_question_word_is_no_count():
    """几 before another question word is "a few": the other word asks."""
    assert expected_answer("据几位专家说，港口关闭的原因是什么？") is None
    assert expected_answer("有几位专家发了言？") == "quantity"


def test_a_deadline_or_a_timeline_asks_for_a_date_and_which_number_for_a_symbol():
    for q in ["By what deadline must the panel report?", "What timeline did the board set?", "报告的截止日期是哪天？",
              "改革的时间表是怎样的？"]:
        assert expected_answer(q) == "date", q
    assert expected_answer("港口委员会通过的是哪几号决议？") == "symbol"
    assert expected_answer("Give the resolution numbers of the harbour texts.") == "symbol"  # plural as singular
    assert expected_answer("会议是几号开的？") == "date"


def test_the_date_of_a_letter_is_asked_for():
    for q in ["What is the date of the covering letter?", "When was the letter written?", "When was this note sent?"]:
        assert expected_answer(q) == "date", q


def test_the_office_a_question_names_is_no_person_it_asks_for_in_either_language():
    # made up: a Chinese sentence and its English version, neither naming anyone but the office the question names
    versions = ("理事会请秘书长加强斡旋能力。", "The Council asked the Secretary-General to strengthen good offices.")
    assert not holds_answer("person", [versions], "秘书长任命了哪位特使？")
    assert not holds_answer("person", [versions], "Which envoy did the Secretary-General appoint?")
    named = ("秘书长任命张伟先生为特使。", "The Secretary-General appointed Mr. Wei Zhang as envoy.")
    assert holds_answer("person", [named], "秘书长任命了哪位特使？")
    assert holds_answer("person", [versions], "Who was asked to strengthen good offices?")  # the office is the answer


def test_a_class_asked_for_by_its_members_names_needs_their_names():
    """"Which specific countries…", 哪几个会员国, a class named first and then asked to be listed (那些国家具体都有哪些,
    区域组织分别是哪些): the answer names the members, and "more than 40 countries" names none."""
    for q in ["Which specific countries backed the plan?", "Which particular delegations objected?",
              "具体是哪几个会员国支持这项计划？", "支持计划的那40多个国家具体都有哪些？", "发言的代表团分别是哪些？"]:
        assert expected_answer(q) == "place", q
    for q in ["参加讲习班的区域组织分别是哪些？", "这些组织具体都有哪些？"]:
        assert expected_answer(q) == "organisation", q
    assert expected_answer("What did the 40 countries say specifically?") is None
    question = "支持计划的那40多个国家具体都有哪些？"
    assert holds_answer("place", [("挪威和智利支持这项计划。",)], question)
    assert not holds_answer("place", [("40 多个国家表示支持这项计划。", "More than 40 countries backed the plan.")],
                            question)


def test_a_judgement_of_the_assistants_own_or_a_forecast_no_sentence_answers():
    for q in ["In your opinion, was the workshop a success?", "Do you think the plan will work?",
              "Will the Council actually raise the budget next year?", "你认为这项计划最终能够成功吗？",
              "在你看来，讲习班开得怎么样？", "调解机制将来会不会扩大？"]:
        assert expected_answer(q) == "judgement", q
    for q in ["How did speakers assess the workshop?", "What will the panel report on?", "发言者如何评价讲习班？",
              "What did the delegates think of the plan?"]:
        assert expected_answer(q) != "judgement", q
    assert not holds_answer("judgement", [("The workshop was a great success.", "讲习班非常成功。")],
                            "In your opinion, was the workshop a success?")


def test_a_vote_count_is_a_count_and_when_a_meeting_is_held_a_date():
    for q in ["What was the vote count on the draft?", "What was the voting tally?", "草案的票数是多少？"]:
        assert expected_answer(q) == "quantity", q
    for q in ["When was the workshop held?", "When will the panel be convened?", "委员会决定于何时召开下一次会议？",
              "讲习班何时举行？"]:
        assert expected_answer(q) == "date", q
    assert expected_answer("Who held the chair?") != "date"
    assert expected_answer("What did the panel count as progress?") is None
    assert not holds_answer("quantity", [("The draft was adopted without a vote.",)], "What was the vote count?")
    assert holds_answer("date", [("The workshop was held on 3 May 2024.",)], "When was the workshop held?")
