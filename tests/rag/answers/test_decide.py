"""The answerability decision (rag/answers/decide.py, rag/answers/answerability.py) on hand-made evidence and
retrievals (no models): the model's arithmetic and validation, what a refusal may name, and the answer-type check."""
import math
from dataclasses import replace

import pytest

from rag.analysis.query import analyze
from rag.answers.answerability import FEATURES, AnswerabilityModel, Evidence, evidence
from rag.answers.decide import refuse
from rag.types import Hit, Passage, Retrieval, SentenceHit, Span, Speaker, VersionSentence

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
