"""The answerability decision (rag/answers/decide.py, rag/answers/answerability.py) on hand-made evidence and
retrievals (no models): the model's arithmetic and validation, what a refusal may name, and the answer-type check;
the cross-lingual model (rag/answers/crosslingual.py) when the quoted sentences have no version in the question's
language."""
import math
from dataclasses import replace

import pytest

from rag.analysis.query import analyze
from rag.answers.answerability import FEATURES, AnswerabilityModel, Evidence, evidence, names_apart
from rag.answers.crosslingual import CrossEvidence, CrossLingualModel, cross_evidence, crosses_languages
from rag.answers.decide import refuse
from rag.types import CrossLingual, DocumentEvidence, Hit, Passage, Retrieval, SentenceHit, Span, Speaker, VersionSentence

MODEL = AnswerabilityModel()
P = Passage("D:1:1", "D", "1", ("导言",), 1, "90 多个国家和区域组织表示支持秘书长的想法。", ((0, 22),))
DATE = Passage("D:1:2", "D", "1", ("导言",), 2, "会议于 2017 年 1 月 10 日举行。", ((0, 21),))


def hit(p: Passage) -> SentenceHit:
    s, e = p.sentences[0]
    return SentenceHit(p, s, e, p.text[s:e], 1.0, 0, (VersionSentence("zh", "official", p, Span(s, e, p.text[s:e])),))


def retrieval(question: str, passage: Passage = P, **kw) -> Retrieval:
    q = analyze(question)
    base = dict(query=q, hits=[Hit(passage, 1.0)], sentences=[hit(passage)],
                unknown_names=[], matched_words=list(q.words), best_cooccurrence=len(q.words))
    return Retrieval(**(base | kw))


def test_probability_is_a_logistic_regression_over_standardised_evidence():
    m = AnswerabilityModel(weights=(1.0, 0, 0), intercept=0.0, means=(0.5, 0, 0), scales=(0.1, 1, 1), threshold=0.5)
    assert m.probability(Evidence(0.5, 0, 0)) == pytest.approx(0.5)
    assert m.probability(Evidence(0.6, 0, 0)) == pytest.approx(1 / (1 + math.exp(-1)))
    assert m.probability(Evidence(1e9, 0, 0)) == pytest.approx(1.0)  # no overflow


def test_the_model_is_validated():
    with pytest.raises(ValueError, match="needs 3"):
        AnswerabilityModel(weights=(1.0,))
    with pytest.raises(ValueError, match="threshold"):
        AnswerabilityModel(threshold=1.5)
    with pytest.raises(ValueError, match="scales"):
        AnswerabilityModel(scales=(0.0,) * len(FEATURES))


def test_the_fitted_model_leans_the_right_way():
    """More of the question's words found make an answer likelier; a name the document never mentions or a missing
    kind of answer makes it less likely."""
    base = Evidence(0.7, 0.0, 0.0)
    p = MODEL.probability(base)
    assert MODEL.probability(base._replace(coverage=1.0)) > p
    assert MODEL.probability(base._replace(unknown_names=1.0)) < p
    assert MODEL.probability(base._replace(answer_missing=1.0)) < p


def test_a_refusal_names_only_names_and_numbers_the_document_never_mentions():
    r = refuse(retrieval("What did the Russian delegation say in 2018?", unknown_names=["Russian", "2018"],
                         matched_words=[]), [hit(P)], MODEL)
    assert r.reason == "names" and r.message == "The document never mentions: Russian, 2018."
    r = refuse(retrieval("What is the weather in the ocean today?", matched_words=[]),
               [hit(P)], MODEL)
    assert r.reason == "no_passage" and "weather" not in r.message and "ocean" not in r.message


def test_a_question_asking_for_a_kind_of_answer_the_quotes_lack_is_refused_and_says_so():
    ev = evidence(retrieval("这次会议是哪一年举行的？"), [hit(P)])  # asks for a year; the quote has none
    assert ev.answer_missing == 1.0
    assert evidence(retrieval("这次会议是哪一年举行的？", DATE), [hit(DATE)]).answer_missing == 0.0
    assert evidence(retrieval("有多少国家表示支持？"), [hit(P)]).answer_missing == 0.0  # 90 is a count
    r = refuse(retrieval("这次会议是哪一年举行的？"), [hit(P)], MODEL)
    assert r is not None and r.reason == "answer_missing" and "日期" in r.message
    r = refuse(retrieval("支持秘书长想法的国家发表了哪份声明？"), [hit(P)], MODEL)  # P names no statement
    assert r is not None and r.reason == "answer_missing" and "具体文件" in r.message


def test_an_on_topic_question_is_answered():
    assert refuse(retrieval("有多少国家表示支持秘书长的想法？"), [hit(P)], MODEL) is None
    assert refuse(retrieval("有多少国家表示支持秘书长的想法？"), [], MODEL) is not None  # nothing to quote


TURN = Passage("S_PV.9:t3:1", "S/PV.9", "t3", ("Mr. Fu (China)",), 1, "Transitions should be gradual and orderly.",
               ((0, 42),), "en", unit="· China ¶1", speaker=Speaker("Mr. Fu", "China", "Chinese"))


def english(p: Passage) -> SentenceHit:
    s, e = p.sentences[0]
    return SentenceHit(p, s, e, p.text[s:e], 1.0, 0, (VersionSentence("en", "official", p, Span(s, e, p.text[s:e])),))


def test_a_speakers_turns_in_another_language_answer_what_the_question_asks_them():
    """The question's words cannot be looked up across languages: the speaker's own turns answer, unless they lack
    a number the question names; the same question without the narrowing to the speaker is refused."""
    kw = dict(passage=TURN, sentences=[english(TURN)], unknown_names=["中国", "过渡"], matched_words=[])
    asked = retrieval("中国代表对特派团过渡说了什么？", **kw)
    assert refuse(replace(asked, speaker_turns=True), [english(TURN)], MODEL) is None
    assert refuse(asked, [english(TURN)], MODEL) is not None
    numbered = retrieval("中国代表对第 2719 号决议说了什么？", **kw)
    assert refuse(replace(numbered, speaker_turns=True), [english(TURN)], MODEL) is not None


def test_a_turn_names_the_delegation_a_which_question_asks_for():
    r = retrieval("Which delegations called for gradual transitions?", passage=TURN, sentences=[english(TURN)])
    assert r.query.expects == "place"
    assert evidence(r, [english(TURN)]).answer_missing == 0.0
    assert evidence(retrieval("Which countries called for it?"), [hit(P)]).answer_missing == 1.0


def test_a_delegation_no_searched_record_gives_a_turn_is_refused_naming_the_records():
    r = retrieval("What did Germany say?", no_statement=("Germany", ("S/PV.1", "S/PV.2")))
    assert refuse(r, [hit(P)], MODEL).message == "S/PV.1, S/PV.2 record no statement by Germany."


# -- over a library: the evidence of the document the answer would quote ---------------------------------------
OTHER = Passage("E:1:1", "E", "1", ("Intro",), 1, "France spoke on 3 May 2024 about the veto.", ((0, 42),), "en")


def test_over_a_library_the_evidence_is_the_answering_documents_own():
    """Words and names only another document holds do not make the quoted document answer."""
    q = "Did France call for restraint in the use of the veto?"
    words = analyze(q).words
    by_doc = {"D": DocumentEvidence(words[:1], ("France",)), "E": DocumentEvidence(words, ())}
    union = retrieval(q, matched_words=list(words), unknown_names=[], by_document=by_doc)
    from_d = evidence(union, [hit(P)])
    assert from_d == Evidence(coverage=1 / len(words), unknown_names=1.0, answer_missing=0.0)
    assert refuse(union, [hit(P)], MODEL) is not None  # D alone cannot answer it
    assert evidence(union, [hit(OTHER)]) == Evidence(coverage=1.0, unknown_names=0.0, answer_missing=0.0)
    # the answering document is the best quoted sentence's, whatever comes first
    best_other = hit(OTHER)._replace(score=2.0)
    assert evidence(union, [hit(P), best_other]).unknown_names == 0.0
    # without per-document evidence (one document, or a hand-made retrieval) the union's is used
    assert evidence(retrieval(q, matched_words=list(words)), [hit(P)]).coverage == 1.0


def test_the_words_that_name_the_answering_document_do_not_count_as_covered():
    """"Does resolution 2805 (2025) say anything about X?": that the resolution holds its own number says nothing."""
    q = "Does resolution 9805 (2099) say anything about veto restraint?"
    words = analyze(q).words
    naming = tuple(w for w in words if w in analyze("resolution 9805 2099").words)
    r = retrieval(q, by_document={"D": DocumentEvidence(naming, (), naming)})
    assert len(naming) == 3 and evidence(r, [hit(P)]).coverage == 0.0
    assert refuse(r, [hit(P)], MODEL) is not None
    # the same words, when the question does not name the document by them, are topic words it holds
    unnamed = retrieval(q, by_document={"D": DocumentEvidence(naming, ())})
    assert evidence(unnamed, [hit(P)]).coverage == 3 / len(words)
    # a question all of whose words name the document asks nothing the document could lack
    whole = "What does resolution 9805 (2099) say?"
    assert evidence(retrieval(whole, by_document={"D": DocumentEvidence(naming, (), naming)}), [hit(P)]).coverage == 1.0


def test_the_kind_of_answer_is_looked_for_in_every_quoted_sentence():
    q = "On what date did France speak about the veto?"
    words = analyze(q).words
    r = retrieval(q, by_document={"D": DocumentEvidence(words, ()), "E": DocumentEvidence(words, ())})
    assert evidence(r, [hit(P)]).answer_missing == 1.0
    assert evidence(r, [hit(P)._replace(score=2.0), hit(OTHER)]).answer_missing == 0.0



def test_the_kind_of_answer_must_be_in_the_quoted_sentences_most_about_what_is_asked():
    """A date beside the answer is no answer: the sentence that names the asked-about thing must hold it."""
    body = Passage("E:2:1", "E", "2", ("Intro",), 1, "Members praised the Harbour Board for its work.", ((0, 47),), "en")
    dated = Passage("E:2:2", "E", "2", ("Intro",), 2, "The meeting took place on 4 June 2024.", ((0, 38),), "en")
    founded = Passage("E:2:3", "E", "2", ("Intro",), 3, "The Harbour Board was founded on 1 March 1990.",
                      ((0, 46),), "en")
    q = "When was the Harbour Board founded?"
    r = retrieval(q, body)
    assert evidence(r, [english(body), english(dated)]).answer_missing == 1.0
    assert refuse(r, [english(body), english(dated)], MODEL) is not None
    assert evidence(r, [english(founded), english(dated)]).answer_missing == 0.0
    # the best-scored sentence is about the question even when a sentence quoted beside it holds more of its words
    terse = Passage("E:2:4", "E", "2", ("Intro",), 4, "It was founded on 1 March 1990.", ((0, 31),), "en")
    wordy = Passage("E:2:5", "E", "2", ("Intro",), 5, "The Harbour Board, founded long ago, met.", ((0, 41),), "en")
    assert evidence(r, [english(terse)._replace(score=2.0), english(wordy)]).answer_missing == 0.0
    assert evidence(r, [english(wordy)._replace(score=2.0), english(terse)]).answer_missing == 1.0
    # when no quoted sentence holds the question's words, which one is about it is not known: each counts
    assert evidence(r, [english(dated)]).answer_missing == 0.0
    # with no version in the question's language, the words cannot be looked for: every quoted sentence counts
    assert evidence(retrieval("这次会议是哪一年举行的？", DATE), [english(dated)]).answer_missing == 0.0

def test_a_body_the_question_names_must_be_named_where_the_answer_comes_from():
    """The Harbour Board is in the document, but the paragraph on funding names no Board: it does not say what the
    Board's chair said about funding. One English name (a person) is left out: a summary names them once."""
    funding = Passage("E:3:1", "E", "3", ("Funding",), 1, "Speakers called for predictable funding.", ((0, 40),), "en")
    board = Passage("E:3:2", "E", "3", ("Funding",), 2, "The Harbour Board chair called for predictable funding.",
                    ((0, 55),), "en")
    q = "What did the chair of the Harbour Board say about funding?"
    r = retrieval(q, funding)
    assert names_apart(r.query, [english(funding)]) == ["Harbour Board", "chair"]  # neither body nor office
    assert evidence(r, [english(funding)]).unknown_names == 1.0
    refusal = refuse(r, [english(funding)], MODEL)
    assert refusal is not None and refusal.reason == "names_apart" and "Harbour Board" in refusal.message
    assert names_apart(r.query, [english(board)]) == [] and refuse(retrieval(q, board), [english(board)], MODEL) is None
    assert names_apart(analyze("What did Olsen say about funding?"), [english(funding)]) == []
    # a Chinese body's name, in the paragraph's Chinese version
    zh = Passage("D:3:1", "D", "3", ("资金",), 1, "发言者呼吁提供可预测的资金。", ((0, 14),))
    assert names_apart(analyze("港口管理委员会对资金说了什么？"), [hit(zh)]) == ["港口管理委员会"]


def test_an_office_the_question_names_must_be_named_where_the_answer_comes_from():
    """"Why did the Secretary-General call for X?" is not answered by a paragraph in which speakers call for X and no
    Secretary-General appears; the office counts in any spelling, in either language (秘书长, Secretary General)."""
    speakers = Passage("E:4:1", "E", "4", ("Funding",), 1, "Speakers called for predictable funding.", ((0, 40),), "en")
    chief = Passage("E:4:2", "E", "4", ("Funding",), 2, "The Secretary General called for predictable funding.",
                    ((0, 54),), "en")
    q = "Why did the Secretary-General call for predictable funding?"
    r = retrieval(q, speakers)
    assert names_apart(r.query, [english(speakers)]) == ["Secretary-General"]
    refusal = refuse(r, [english(speakers)], MODEL)
    assert refusal is not None and refusal.reason == "names_apart" and "Secretary-General" in refusal.message
    assert names_apart(r.query, [english(chief)]) == []  # written without the hyphen, still the office
    zh = Passage("D:4:1", "D", "4", ("资金",), 1, "秘书长呼吁提供可预测的资金。", ((0, 14),))
    assert names_apart(analyze("Why did the Secretary-General call for predictable funding?"), [hit(zh)]) == []
    assert names_apart(analyze("What did speakers say about funding?"), [english(speakers)]) == []
    # an office of several words is one office: a Minister for Foreign Affairs is no Prime Minister, in either language
    minister = Passage("E:4:4", "E", "4", ("Funding",), 4, "The Minister for Foreign Affairs called for funding.",
                       ((0, 52),), "en")
    assert names_apart(analyze("What did the Prime Minister say about funding?"), [english(minister)]) == \
        ["Prime Minister"]
    assert names_apart(analyze("首相对资金说了什么？"), [english(minister)]) == ["首相"]
    assert names_apart(analyze("What did the Minister say about funding?"), [english(minister)]) == []


def test_a_question_asking_for_the_assistants_own_judgement_is_refused_and_says_so():
    """No sentence of a record is the assistant's opinion or a forecast, however on topic the quotes are."""
    r = retrieval("你认为秘书长的想法最终能够得到支持吗？")
    assert evidence(r, [hit(P)]).answer_missing == 1.0
    refusal = refuse(r, [hit(P)], MODEL)
    assert refusal is not None and refusal.reason == "answer_missing" and "评价或预测" in refusal.message
    funding = Passage("E:4:3", "E", "4", ("Funding",), 3, "Speakers called for predictable funding.", ((0, 40),),
                      "en")
    refusal = refuse(retrieval("In your opinion, will predictable funding help?", funding), [english(funding)], MODEL)
    assert refusal is not None and "a judgement or a forecast" in refusal.message
    assert refuse(retrieval("How did speakers view predictable funding?", funding), [english(funding)], MODEL) is None


# -- answers found across languages (rag/answers/crosslingual.py) ---------------------------------------------------
SUPPORT = "How many countries supported the Secretary-General's ideas?"


def crossing(**kw) -> CrossLingual:
    return CrossLingual(**({"cosine_e5": 0.8, "cosine_use": 0.5, "unknown_names": (), "sentences": 88} | kw))


def test_the_cross_lingual_model_is_validated_and_leans_the_right_way():
    with pytest.raises(ValueError, match="cross-lingual answerability model needs 3"):
        CrossLingualModel(weights=(1.0,))
    with pytest.raises(ValueError, match="threshold"):
        CrossLingualModel(threshold=0.0)
    m = CrossLingualModel()
    base = CrossEvidence(0.4, 0.0, 0.0)
    assert m.probability(base) >= m.threshold
    assert m.probability(base._replace(cosine_use=0.6)) > m.probability(base)
    assert m.probability(base._replace(unknown_names=1.0)) < m.threshold
    assert m.probability(base._replace(answer_missing=1.0)) < m.threshold


def test_an_english_question_without_an_english_version_is_decided_on_the_evidence_across_languages():
    """The issue's bug: English names looked for in the Chinese text, English words counted in no English version."""
    english_words = dict(unknown_names=["Secretary", "General"], matched_words=[])
    before = refuse(retrieval(SUPPORT, **english_words), [hit(P)], MODEL)
    assert before is not None and before.message == "The document never mentions: Secretary, General."
    r = retrieval(SUPPORT, crossing=crossing(), **english_words)
    assert crosses_languages(r, [hit(P)]) and cross_evidence(r, [hit(P)]) == CrossEvidence(0.5, 0.0, 0.0)
    assert refuse(r, [hit(P)], MODEL) is None
    assert refuse(r, [hit(P)], MODEL, CrossLingualModel(threshold=0.99)) is not None  # the settings' model decides


def test_across_languages_a_refusal_names_only_what_can_be_looked_for_in_any_language():
    r = refuse(retrieval("What is the population of China?", unknown_names=["China"], matched_words=[],
                         crossing=crossing(unknown_names=("China",), cosine_use=0.16)), [hit(P)], MODEL)
    assert r.reason == "names" and r.message == "The document never mentions: China."
    r = refuse(retrieval("How many peacekeepers does the UN deploy?", DATE, matched_words=[], crossing=crossing()),
               [hit(DATE)], MODEL)  # asks for a count; the quote holds only a date
    assert r.reason == "answer_missing" and "a number" in r.message


def test_a_quote_with_a_version_in_the_question_language_is_decided_as_before():
    s, e = P.sentences[0]
    en = replace(P, text="More than 90 countries supported the ideas.", sentences=((0, 44),), language="en")
    both = SentenceHit(P, s, e, P.text[s:e], 1.0, 0, (hit(P).versions[0],
                                                    VersionSentence("en", "unofficial", en, Span(0, 44, en.text))))
    r = retrieval(SUPPORT, crossing=crossing(unknown_names=("China",)))  # some other sentence has no English
    assert not crosses_languages(r, [both]) and crosses_languages(r, [hit(P)])
    assert not crosses_languages(retrieval(SUPPORT), [hit(P)])  # no crossing measured: every sentence has one


def test_a_turn_names_the_person_a_which_speakers_question_asks_for():
    r = retrieval("Which speakers called for gradual transitions?", passage=TURN, sentences=[english(TURN)])
    assert r.query.expects == "person"
    assert evidence(r, [english(TURN)]).answer_missing == 0.0
    assert evidence(retrieval("Which speakers called for it?", passage=DATE), [hit(DATE)]).answer_missing == 1.0


ZH_TURN = Passage("S_PV.8:t2:1", "S/PV.8", "t2", ("张先生 (中国)",), 1, "我们重视港口的疏浚工作。", ((0, 12),), "zh",
                  unit="· 中国 ¶1", speaker=Speaker("张先生", "中国", None))


def test_a_speaker_in_two_records_is_answered_from_the_record_whose_turn_answers():
    """The turn in the question's language ranks first and says nothing of what is asked; the speaker's turn in
    the other record answers it. Without the narrowing to the speaker, the first record's refusal stands."""
    from rag.answers.decide import decide
    from rag.config import Settings

    first = hit(ZH_TURN)._replace(score=2.0)
    q = "中国代表对特派团过渡持什么立场？"
    r = retrieval(q, passage=ZH_TURN, hits=[Hit(ZH_TURN, 2.0), Hit(TURN, 1.0)], sentences=[first, english(TURN)],
                  matched_words=[], unknown_names=[], documents=("S/PV.8", "S/PV.9"), speaker_turns=True)
    settings = Settings.from_env()
    answered = decide(r, settings)
    assert answered.refusal is None
    assert {s.passage.doc_symbol for s in answered.selected} == {"S/PV.9"}
    assert decide(replace(r, speaker_turns=False), settings).refusal is not None
