"""Question analysis: language, tokens in the question's own language, topic words, names and numbers."""
from rag.analysis.query import analyze, english_topic_words, keyword_subjects, presumed_words


def test_english_question_gets_stemmed_tokens_without_stop_words():
    q = analyze("What did participants reaffirm at the end of the debate?")
    assert q.language == "en"
    assert "reaffirm" in q.tokens and "particip" in q.tokens and "the" not in q.tokens and "what" not in q.tokens
    assert q.words == ("particip", "reaffirm", "end", "debat")


def test_chinese_question_gets_jieba_tokens_and_content_words():
    q = analyze("秘书长说战争是不可避免的吗？")
    assert q.language == "zh" and "战争" in q.tokens and "秘书长" in q.words and "吗" not in q.words


def test_names_and_numbers():
    assert analyze("What did the Russian delegation say in 2018?").names == ("Russian",)
    assert analyze("What did the Russian delegation say in 2018?").numbers == ("2018",)
    assert "冈比亚" in analyze("安理会在2017年1月通过了关于冈比亚的决议吗？").names
    assert analyze("Who spoke?").names == ()  # a capital that opens the sentence is no name


def test_quantity_questions():
    assert analyze("How many countries supported the Secretary-General?").expects == "quantity"
    assert analyze("有多少个国家表示支持？").expects == "quantity"
    assert analyze("Who chaired the meeting?").expects != "quantity"


def test_topic_words_are_stems_once_each():
    assert english_topic_words("Funding, funds and the funding of prevention") == ["fund", "prevent"]


def test_analysis_cost_is_bounded_in_the_question_length():
    """Only the start of a long Chinese question is tagged for names: the cost stays flat whatever is pasted."""
    from rag.config import Settings

    MAX_TAGGED_CHARS = Settings().retrieval.max_tagged_chars
    early = analyze("冈比亚" + "和平" * 1000)
    late = analyze("和平" * 1000 + "冈比亚")
    assert "冈比亚" in early.names and "冈比亚" not in late.names
    assert MAX_TAGGED_CHARS <= 500


def test_a_chinese_question_names_the_organisations_it_asks_about():
    from rag.analysis.query import analyze

    assert "非洲联盟" in analyze("非洲联盟在会上说了什么？").names
    assert analyze("区域组织发挥了什么作用？").names == ()  # a kind of organisation names none


def test_the_subject_a_question_names_in_other_phrasings():
    """"About X" is not the only way to name the subject: "recommendations … on X", a topic before a dash or a
    colon, 论述X问题. A date after "on" is no subject."""
    assert analyze("What proposals did the panel make on desert locusts?").about == ("desert", "locusts")
    assert analyze("desert locusts - what did the panel propose?").about == ("desert", "locusts")
    assert analyze("Desert locusts: what did the panel say?").about == ("desert", "locusts")
    assert analyze("报告怎么论述沙漠蝗虫问题？").about == ("沙漠", "蝗虫")
    assert analyze("What did the panel say on 3 May?").about == ()
    assert analyze("What did the panel say on May 3?").about == ()
    assert analyze("desert locusts").about == ("desert", "locusts")  # a keyword query: each term a subject


def test_a_question_that_presumes_someone_opposed_something_needs_the_document_to_say_so():
    """"Why did X reject Y?" presumes the rejection: its verb must be in the document in some form."""
    from rag.analysis.forms import absent_names
    from rag.analysis.text import squash, tokenize_en

    doc = "Two delegations rejected the proposal for a new fund. 两个代表团反对设立新基金。"
    forms = (squash(doc).lower(), frozenset(), frozenset(tokenize_en(doc)))
    assert analyze("Why did the panel reject the fund?").about == ("reject",)
    assert analyze("哪些代表团反对设立新基金？").about == ("反对",)
    assert analyze("Which delegations voted against the fund?").about == ("voted",)
    assert analyze("What did speakers question about the fund?").about == ("fund",)  # a doubt, not an opposition
    assert absent_names(analyze("Why did the panel reject the fund?"), *forms) == []  # "rejected" is a form of it
    assert absent_names(analyze("哪些代表团反对设立新基金？"), *forms) == []
    assert absent_names(analyze("Why did the panel refuse the fund?"), *forms) == ["refuse"]
    assert absent_names(analyze("哪些代表团批评了新基金？"), *forms) == ["批评"]


def test_the_subject_of_a_discussion_is_what_a_question_is_about():
    """"Any discussion of X?", "did they address X?", "how was X discussed?", 讨论了X, 涉及X name the subject too; a
    question word after them asks for it (涉及哪些领域) and names none."""
    assert analyze("Was there any discussion of desert locusts?").about == ("desert", "locusts")
    assert analyze("Did the panel address desert locusts at all?").about == ("desert", "locusts")
    assert analyze("How were desert locusts addressed by the ministers?").about == ("desert", "locusts")
    assert analyze("Was it discussed?").about == ()
    assert analyze("会议是怎样讨论沙漠蝗虫问题的？").about == ("沙漠", "蝗虫", "问题")
    assert analyze("报告涉及哪些领域？").about == ()
    assert analyze("Which topics did they discuss?").about == ()
    assert "腐败" in analyze("关于腐败，会员国提出了什么？").about  # jieba tags 腐败 an adjective used as a noun


def test_a_name_of_several_capitalised_words_is_one_name():
    """"the President of the Assembly" is one name; a question word opening the sentence is no part of it."""
    from rag.analysis.query import name_runs

    assert name_runs("Why did the President of the Harbour Assembly speak?") == ["President of the Harbour Assembly"]
    assert name_runs("Which Member States spoke?") == ["Member States"]
    assert name_runs("Did Guterres speak?") == []
    assert name_runs("Summarize Norway's remarks.") == []  # the word opening a sentence is capitalised for its place
    assert "Harbour Board" in analyze("What did the Harbour Board say?").names


def test_a_chinese_question_names_a_body_the_dictionary_does_not_hold():
    """A run of nouns ending in the head word of a body (委员会, 法院…) is a body's name; 和 coordinates two
    names, 及 is inside one."""
    from rag.analysis.text import chinese_names

    assert "海洋渔业委员会" in chinese_names("海洋渔业委员会在会上说了什么？")
    assert "渔业及海洋委员会" in chinese_names("渔业及海洋委员会说了什么？")
    assert not any("和" in n for n in chinese_names("会员国和区域组织说了什么？"))


def test_retracting_is_presumed_like_opposing():
    assert analyze("Why did the board withdraw its plan?").about == ("withdraw",)
    assert analyze("Why did the board turn down the plan?").about == ("turn",)
    assert analyze("委员会为什么撤回了计划？").about == ("撤回",)


def test_the_subject_of_seeing_judging_or_linking_is_what_a_question_is_about():
    """"How do they see X?", "the debate's take on X", "link X to Y", "X — anything?", 怎么看X, 把X列为…,
    把X与Y联系起来, X在文件里有没有涉及, X——…吗: each names X as the subject (把X和Y结合 does not: X is no subject
    there)."""
    assert analyze("How do the ministers see desert locusts?").about == ("desert", "locusts")
    assert analyze("What was the panel's take on desert locusts?").about == ("desert", "locusts")
    assert analyze("Did speakers link desert locusts to hunger?").about == ("desert", "locusts")
    assert analyze("Desert locusts — anything?").about == ("desert", "locusts")
    assert analyze("与会者怎么看沙漠蝗虫？").about == ("沙漠", "蝗虫")
    assert analyze("报告是否把港口和航运结合起来？").about == ()
    assert analyze("报告是否把蝗虫列为饥荒根源？").about == ("蝗虫",)
    assert analyze("发言者是否把蝗虫与饥荒联系起来？").about == ("蝗虫",)
    assert analyze("蝗虫问题在文件里有没有涉及？").about == ("蝗虫", "问题")
    assert analyze("沙漠蝗虫——报告里有相关内容吗？").about == ("沙漠", "蝗虫")
    assert analyze("What did the panel say on 3 May?").about == ()


def test_stopping_is_presumed_like_opposing():
    assert analyze("Why did the board suspend its meetings?").about == ("suspend",)
    assert analyze("委员会为何推迟了会议？").about == ("推迟",)
    assert presumed_words("否决权问题") == ()  # the veto itself presumes no act


def test_walking_out_is_presumed_in_chinese_as_in_english():
    assert presumed_words("哪些代表团在会议中途退席？") == ("退席",)
    assert presumed_words("Which delegations walked out of the meeting?") == ("walked",)


def test_what_a_question_presumes_happened_must_be_in_the_document():
    """A clause that opens the question (After X, …; X之后，…) and the act asked the cause of (What prompted X to
    Y?) are presumed: their words must be there, like a subject's."""
    assert analyze("After the board approved the harbour plan, who paid?").about == ("board", "approved", "harbour",
                                                                                  "plan")
    assert analyze("What prompted the board to close the harbour?").about == ("close", "harbour")
    assert analyze("委员会批准港口计划之后，谁出了钱？").about == ("委员会", "港口", "计划")
    assert analyze("After the debate, what did they say?").about == ("debate",)


def test_each_term_of_a_keyword_query_is_a_subject_it_is_about():
    """Terms typed as a search are each a subject, like the X of "about X"; a sentence or a question is no keyword
    query, and the words of the kind of answer asked (a symbol, a date) name what is asked, not a subject."""
    assert keyword_subjects("harbour dredging budget", "en") == ("harbour", "dredging", "budget")
    assert set(analyze("harbour dredging budget").about) >= {"harbour", "dredging", "budget"}
    assert keyword_subjects("dredging vs fishing rights", "en") == ("dredging", "fishing", "rights")
    for text in ["What about harbour dredging?", "harbour dredging?", "Describe harbour dredging",
                 "港口疏浚有何进展", "港口疏浚是什么"]:
        assert keyword_subjects(text, "zh" if "港" in text else "en") == (), text
    assert set(keyword_subjects("港口 疏浚 预算", "zh")) == {"港口", "疏浚", "预算"}
    assert "编号" not in keyword_subjects("港口报告 文件编号", "zh")  # 编号 asks for a symbol
