"""Who said what (rag/retrieval/speakers.py, rag/analysis/entities.py) on a made-up verbatim record's passages and
hand-made retrievals (no models): a speaker question keeps that speaker's turns and no other speaker's (other
documents' passages stay), a delegation that did not speak is a refusal naming the record, and other questions are
left alone."""
from __future__ import annotations

from rag.analysis.entities import Entities
from rag.analysis.query import analyze
from rag.answers.decide import refuse
from rag.config import Settings
from rag.retrieval.speakers import Speakers
from rag.types import Hit, Passage, Retrieval, SentenceHit, Speaker, Span, VersionSentence

RECORD = "S/PV.9001"
TURNS = [("Ms. Amaral", "Brazil"), ("Mr. Volkov", "Russian Federation"), ("Mr. Okafor", "Nigeria"),
         ("The President", None)]


def passage(k: int, name: str, country: str | None, text: str, doc: str = RECORD) -> Passage:
    return Passage(f"S_PV.9001:t{k}:1", doc, f"t{k}", (country or name,), 1, text, ((0, len(text)),), "en",
                   unit=f"· {country or name} ¶1", speaker=Speaker(name, country, "English"))


PASSAGES = [passage(k, n, c, f"{n} spoke about early warning and river basins, turn {k}.")
            for k, (n, c) in enumerate(TURNS, 1)]
LETTER = Passage("S_2099_7:1:1", "S/2099/7", "1", ("Intro",), 1, "Speakers discussed early warning.", ((0, 33),))


def retrieval(question: str, passages=PASSAGES + [LETTER], documents=(RECORD, "S/2099/7")) -> Retrieval:
    hits = [Hit(p, 1.0 - i / 10) for i, p in enumerate(reversed(passages))]
    sents = [SentenceHit(p, 0, len(p.text), p.text, 1.0 - i / 10, i,
                         (VersionSentence("en", "official", p, Span(0, len(p.text), p.text)),))
             for i, p in enumerate(reversed(passages))]
    q = analyze(question)
    return Retrieval(query=q, hits=hits, sentences=sents, matched_words=list(q.words),
                     best_cooccurrence=len(q.words), documents=tuple(documents))


def test_one_entity_whatever_name_the_question_uses():
    e = Entities(["俄罗斯联邦", "Russian Federation"])
    names = {x.key for q in ["What did Russia say?", "the Russian delegate", "俄罗斯代表说了什么？", "俄罗斯联邦的立场"]
             for x in e.in_text(q)[:1]}
    assert names == {"RUS"}
    assert e.resolve("俄罗斯联邦").key == e.resolve("Russian Federation").key == "RUS"
    assert e.in_text("What did the Secretary-General say about mediation?") == []


def test_a_speaker_question_keeps_that_speakers_turns_only():
    s = Speakers(PASSAGES)
    for q in ["What did the Russian delegate say about early warning?", "What did Russia say about river basins?",
              "俄罗斯代表对预警说了什么？"]:
        r = s.attribute(retrieval(q))
        assert {h.passage.speaker.country for h in r.hits if h.passage.speaker} == {"Russian Federation"}, q
        assert all(x.passage.speaker.country == "Russian Federation" for x in r.sentences if x.passage.speaker)
        assert LETTER in [h.passage for h in r.hits]  # another document's summary is nobody's words


def test_a_speaker_named_by_name():
    r = Speakers(PASSAGES).attribute(retrieval("What did Mr. Okafor say?"))
    assert {h.passage.speaker.name for h in r.hits if h.passage.speaker} == {"Mr. Okafor"}


def test_a_delegation_that_did_not_speak_is_refused_naming_the_record():
    r = Speakers(PASSAGES).attribute(retrieval("What did France say about early warning?"))
    assert r.no_statement == ("France", (RECORD,))
    refusal = refuse(r, r.sentences[:1], Settings().answerability.model)
    assert refusal.reason == "no_statement" and refusal.message == f"{RECORD} records no statement by France."
    zh = Speakers(PASSAGES).attribute(retrieval("法国代表说了什么？"))
    assert refuse(zh, zh.sentences[:1], Settings().answerability.model).message == f"{RECORD} 中没有法国的发言记录。"


def test_a_delegation_another_document_mentions_is_no_refusal_and_no_turn_answers_for_it():
    r = Speakers(PASSAGES).attribute(retrieval("What did France say about early warning?"), lambda e: e.key == "FRA")
    assert r.no_statement is None and [h.passage for h in r.hits] == [LETTER]


AGENDA = Passage("S_PV.9001:agenda:1", RECORD, "agenda", (), 1, "Maintenance of international peace and security",
                ((0, 47),), "en")


def test_which_delegations_keeps_the_speaker_turns_of_the_records_and_the_other_documents():
    r = Speakers(PASSAGES).attribute(retrieval("Which delegations supported early warning?",
                                               passages=PASSAGES + [AGENDA, LETTER]))
    assert {h.passage for h in r.hits} == set(PASSAGES) | {LETTER}  # the record's agenda goes, the letter stays
    signed = Speakers(PASSAGES).attribute(retrieval("信末签名的常驻代表是谁？"))
    assert LETTER in [h.passage for h in signed.hits] and LETTER in [s.passage for s in signed.sentences]


def test_questions_that_ask_no_speaker_and_documents_without_records_are_left_alone():
    s = Speakers(PASSAGES)
    r = retrieval("What is early warning?")
    assert s.attribute(r) is r
    only_letter = retrieval("What did Russia say?", documents=("S/2099/7",))
    assert s.attribute(only_letter) is only_letter
