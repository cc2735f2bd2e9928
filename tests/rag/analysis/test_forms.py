"""Other forms of a name, a number or a reference (rag/analysis/forms.py), on a made-up document: a refusal names
only what is absent in every form."""
from rag.analysis.forms import (absent_names, document_words, english_forms_present, name_initials, reference_forms,
                                references)
from rag.analysis.query import analyze
from rag.analysis.text import squash, tokenize_en

DOC = ("The meeting in Norway was opened by the Minister for Foreign Affairs; she gave a frank account. "
       "Under Chapter IV and Article 12 the Council acts. 挪威代表团介绍了根据第十二条采取的行动和第四章。")
SQUASHED = squash(DOC).lower()
WORDS = document_words(DOC)
STEMS = frozenset(tokenize_en(DOC))


def test_an_adjective_finds_its_country_among_the_documents_names():
    assert english_forms_present("Norwegian", WORDS)
    assert not english_forms_present("Francia", WORDS)  # "frank" is a common word, not a name: no match
    assert not english_forms_present("Denmark", WORDS)


def absent(question: str) -> list[str]:
    return absent_names(analyze(question), SQUASHED, WORDS, STEMS)


def test_a_refusal_names_only_what_no_form_of_it_is_there():
    assert absent("What did the Norwegian minister say?") == []
    assert absent("What did the Danish minister say?") == ["Danish"]
    assert absent("挪威的代表团说了什么？") == []


def test_numbers_and_references_in_any_spelling():
    assert absent("第12条说了什么？") == [] and absent("What does Article 12 allow?") == []
    assert absent("第四十三条说了什么？") == ["第四十三条"]
    assert absent("What about Chapter IV?") == [] and absent("第4章讲了什么？") == []
    assert "Chapter IX" in absent("What about Chapter IX?")
    assert references("Chapters VI and Article 5") == [("Chapters VI", "chapter", 6), ("Article 5", "article", 5)]
    assert "chaptervi" in reference_forms("chapter", 6) and "第六章" in reference_forms("chapter", 6)


def test_the_subject_a_question_is_about_must_be_in_the_document():
    stems = frozenset({"water", "road", "meet", "minist"})
    q = analyze("What did the minister say about desalination plants?")
    assert q.about == ("desalination", "plants")
    assert absent_names(q, SQUASHED, WORDS, stems) == ["desalination", "plants"]
    assert absent_names(analyze("What did the minister say about water, and roads?"), SQUASHED, WORDS, stems) == []
    assert absent_names(analyze("会议提到了沙漠吗？"), SQUASHED, WORDS, stems) == ["沙漠"]
    assert absent_names(analyze("会议提到了挪威代表团吗？"), SQUASHED, WORDS, stems) == []


def test_a_word_in_capitals_is_there_as_the_initials_of_a_name():
    """"The document never mentions: un." was said of the United Nations."""
    initials = name_initials(DOC + " The Harbour Development Board of the Region met.")
    assert {"MFA", "HDB", "HDBR"} <= initials and "MF" in initials
    q = analyze("What did they say about the HDB and its ports?")
    assert absent_names(q, SQUASHED, WORDS, STEMS, initials) == ["ports"]
    assert "hdb" in absent_names(q, SQUASHED, WORDS, STEMS)  # without the initials it is absent
    # in lower case it is a word, not initials
    assert "hdb" in absent_names(analyze("What did they say about hdb?"), SQUASHED, WORDS, STEMS, initials)


def test_a_name_the_tagger_made_of_common_words_is_there_when_its_words_are_together():
    """jieba's dictionary tags 加大力度 (step up efforts) as a place; the text writes 加大外交力度."""
    from rag.analysis.forms import chinese_forms_present

    text = squash("秘书长呼吁加大外交力度。非洲和欧洲的联盟。").lower()
    assert chinese_forms_present("加大力度", text)
    far = squash("秘书长呼吁加大投入，并且指出各方都应当参与其中。会议讨论的力度。").lower()
    assert not chinese_forms_present("加大力度", far)  # far apart
    assert not chinese_forms_present("非洲联盟", text)  # a name inside it: a real name, looked for whole
    assert not chinese_forms_present("斯德哥尔摩", text)


def test_a_name_of_several_words_is_there_whole_or_in_one_sentence():
    """Its words in two sentences make no name; its capitalised words (in any form) in one sentence do."""
    from rag.analysis.forms import english_run_present
    from rag.analysis.text import sentence_spans

    doc = ("The President opened the meeting. The Harbour Assembly met later. "
           "The Minister for Foreign Affairs of Norway spoke.")
    sentences = tuple(document_words(s.text) for s in sentence_spans(doc))
    squashed = squash(doc).lower()
    assert english_run_present("Harbour Assembly", squashed, sentences)
    assert not english_run_present("President of the Harbour Assembly", squashed, sentences)
    assert english_run_present("Norwegian Foreign Minister", squashed, sentences)
    q = analyze("Why did the President of the Harbour Assembly speak?")
    assert absent_names(q, squashed, document_words(doc), frozenset(tokenize_en(doc)), frozenset(), sentences) \
        == ["President of the Harbour Assembly"]


def test_a_number_is_there_only_as_a_number_of_its_own():
    """20 is not in 2017, nor 二十 in 二十一: "the 20 per cent cut" is no number of a text dated 2017."""
    from rag.analysis.forms import number_present

    text = squash("会议于 2017 年 1 月 10 日举行，二十一个国家发言。").lower()
    assert not number_present("20", text) and number_present("10", text) and number_present("2017", text)
    assert number_present("21", text)  # in Chinese numerals
    assert not number_present("12", squash("第一百二十条").lower()) and number_present("99", "第九十九条")
    assert "20" in absent_names(analyze("How will the 20 per cent cut be spent?"), text, frozenset(), frozenset())


def test_a_chinese_abbreviation_is_there_written_out():
    """维和 is how 维持和平 is shortened (the first character of each word), 安理会 of 安全理事会; 人员 is not in 人权委员会."""
    from rag.analysis.forms import abbreviated_in, chinese_forms_present

    assert chinese_forms_present("维和", squash("代表们支持维持和平行动。").lower())
    assert abbreviated_in("安理会", "安全理事会成员") and not abbreviated_in("人员", "人权委员会")
    assert not abbreviated_in("网络安全", "网络和安全")


def test_what_names_a_document_is_part_of_it():
    """Its symbol, meeting and date as either language writes them: "the 9812th meeting", "the October 2099
    resolution" and S/2099/402 are not absent from the document they name (the date was glued to the symbol)."""
    from rag.analysis.forms import document_forms, written_dates
    from rag.types import Document, DocumentVersions

    assert written_dates("2099-10-24") == ("24 October 2099", "2099年10月24日")
    assert written_dates("") == () and written_dates("2099-13-01") == ()
    doc = Document(id="S/2099/402", title="Early warning", date="2099-10-24", language="en", kind="report",
                   meeting="9812")
    forms = document_forms(DocumentVersions(doc))
    for question in ("Which resolution does S/2099/402 invoke?", "What did the October 2099 report say?",
                     "第 9812 次会议是几点结束的？", "2099年10月24日的报告说了什么？"):
        assert absent_names(analyze(question), forms.squashed, forms.words, forms.stems) == [], question
    assert absent_names(analyze("What did the March 2099 report say?"), forms.squashed, forms.words,
                        forms.stems) == ["March"]


def test_the_chinese_subject_stops_at_the_question_word():
    """What follows a question word is what is asked, not the subject the document must treat: 关于X的报告涵盖哪段
    时间 is about X; 提到哪些… asks which, naming no subject."""
    about = analyze("关于沙漠治理的报告涵盖哪段时间？").about
    assert "沙漠" in about and "报告" in about and not any("时间" in w for w in about)
    assert analyze("概念说明提到哪些区域组织设立了预警机制？").about == ()
    assert analyze("会议提到了沙漠吗？").about == ("沙漠",)
