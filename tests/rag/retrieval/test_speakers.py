"""Who said what (rag/retrieval/speakers.py, rag/analysis/entities.py) on a made-up verbatim record's passages and
hand-made retrievals (no models): a speaker question keeps that speaker's turns and no other passage, a delegation
that did not speak is a refusal naming the record, and other questions are left alone."""
from __future__ import annotations

from dataclasses import replace

from rag.analysis.entities import Entities
from rag.analysis.query import analyze
from rag.answers.decide import refuse
from rag.config import Settings
from rag.retrieval.speakers import Speakers
from rag.types import DocumentEvidence, Hit, Passage, Retrieval, SentenceHit, Speaker, Span, VersionSentence

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
        assert LETTER not in [h.passage for h in r.hits]  # another document's summary is not the speaker's words
        assert r.speaker_turns


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
    r = Speakers(PASSAGES).attribute(retrieval("Which delegations said they supported early warning?",
                                               passages=PASSAGES + [AGENDA, LETTER]))
    delegations = {p for p in PASSAGES if p.speaker.country}  # the President's turn is the Council's business
    assert {h.passage for h in r.hits} == delegations | {LETTER}  # the record's agenda goes, the letter stays
    signed = Speakers(PASSAGES).attribute(retrieval("信末签名的常驻代表是谁？"))
    assert LETTER in [h.passage for h in signed.hits] and LETTER in [s.passage for s in signed.sentences]


def test_questions_that_ask_no_speaker_and_documents_without_records_are_left_alone():
    s = Speakers(PASSAGES)
    r = retrieval("What is early warning?")
    assert s.attribute(r) is r
    only_letter = retrieval("What did Russia say?", documents=("S/2099/7",))
    assert s.attribute(only_letter) is only_letter


def test_a_speaking_delegation_named_without_a_verb_of_speech_is_asked_about_its_turns():
    for q in ["Brazil and river basins?", "巴西怎么看流域问题？"]:
        r = Speakers(PASSAGES).attribute(retrieval(q))
        assert {h.passage.speaker.country for h in r.hits} == {"Brazil"}, q
    assert Speakers(PASSAGES).attribute(retrieval("法国怎么看预警？")).no_statement == ("法国", (RECORD,))


def test_a_surname_is_a_whole_word_and_an_office_is_named_in_either_language():
    turns = PASSAGES + [passage(5, "Mr. Fu", "China", "Funding matters."), passage(6, "秘书长", None, "预警很重要。")]
    s = Speakers(turns)
    r = s.attribute(retrieval("What did Nigeria say about funding?", turns))
    assert {h.passage.speaker.name for h in r.hits} == {"Mr. Okafor"}
    r = s.attribute(retrieval("What did the Secretary-General say about early warning?", turns))
    assert {h.passage.speaker.name for h in r.hits} == {"秘书长"}
    assert s.named("What did the Deputy Secretary-General say?") == []  # another office


def test_the_words_that_name_the_speaker_are_found_in_its_turns():
    r = retrieval("What did the Russian Federation say about early warning?")
    r = Speakers(PASSAGES).attribute(replace(r, unknown_names=["Russian", "Federation"], matched_words=["earli"]))
    assert r.unknown_names == [] and {"russian", "feder", "earli"} <= set(r.matched_words)


def test_what_a_named_speaker_is_asked_about_must_be_in_their_turns():
    """The document holding a word elsewhere (here: every turn but Russia's, and the letter) does not make the
    speaker's turns answer for it; the words that name the speaker or ask what they said are no such word."""
    turns = [passage(1, "Ms. Amaral", "Brazil", "Brazil spoke about river basins and population growth."),
             passage(2, "Mr. Volkov", "Russian Federation", "The Russian Federation spoke about early warning.")]
    model = Settings().answerability.model
    s = Speakers(turns)
    asked = s.attribute(retrieval("What did the Russian delegation say about early warning?", turns + [LETTER]))
    assert asked.asked_of_speakers == ("earli", "warn")
    assert refuse(asked, asked.sentences[:1], model) is None
    for q in ["What is the population of Russia?", "What did the Russian delegate say about river basins?"]:
        r = s.attribute(retrieval(q, turns + [LETTER]))
        assert r.speaker_turns and r.asked_of_speakers, q
        refusal = refuse(r, r.sentences[:1], model)
        assert refusal is not None and refusal.reason == "no_passage", q
    bare = s.attribute(retrieval("What did Russia say?", turns))
    assert bare.asked_of_speakers == () and refuse(bare, bare.sentences[:1], model) is None


def test_the_turns_are_ranked_for_the_question_and_for_it_without_the_speakers_name():
    asked = []

    def rank(text):
        asked.append(text)
        base = retrieval(text)
        return base.hits, [s._replace(score=-s.score) for s in base.sentences]  # the other way round

    r = Speakers(PASSAGES).attribute(retrieval("What did Russia say about early warning?"), rank=rank)
    assert asked == ["What did   say about early warning?"]
    assert {h.passage.speaker.country for h in r.hits} == {"Russian Federation"} and r.speaker_turns


def test_which_delegations_quotes_each_delegations_best_turn_first_and_no_office():
    turns = [passage(1, "秘书长", None, "Early warning, says the office."), passage(2, "Mr. Okafor", "Nigeria", "Yes."),
             passage(3, "Ms. Amaral", "Brazil", "Again."), passage(4, "Ms. Amaral", "Brazil", "Early warning first.")]
    r = Speakers(turns).attribute(retrieval("Which delegations supported early warning?", turns))  # best: t4, t3, t2
    assert [h.passage.section for h in r.hits] == ["t4", "t2", "t3"]
    assert [s.passage.section for s in r.sentences] == ["t4", "t2", "t3"]


def test_a_person_no_searched_record_gives_a_turn_is_refused_naming_them():
    other = passage(7, "秘书长", None, "预警很重要。", doc="S/PV.9002")
    s = Speakers(PASSAGES + [other])
    for q, shown in [("What did the Secretary-General say about early warning?", "the Secretary-General"),
                     ("常务副秘书长对预警说了什么？", "常务副秘书长")]:
        assert s.attribute(retrieval(q)).no_statement == (shown, (RECORD,)), q
    assert s.named("What did the Under-Secretary-General say?") == []  # another office
    assert s.named("副秘书长说了什么？") == []


def test_a_country_asked_as_the_subject_is_asked_what_it_said_whatever_the_verb():
    s = Speakers(PASSAGES)
    for q in ["How did France react to early warning?", "法国对预警持什么态度？", "法方就预警持何态度？"]:
        assert s.attribute(retrieval(q)).no_statement is not None, q
    for q in ["What is France's role in early warning?", "法国的局势如何？"]:  # a topic, not a speaker
        r = retrieval(q)
        assert s.attribute(r) is r, q


def test_which_countries_in_the_records_alone_asks_for_speakers_whatever_the_verb():
    r = Speakers(PASSAGES).attribute(retrieval("Which countries raised early warning?", documents=(RECORD,)))
    assert r.speaker_turns and all(h.passage.speaker is not None for h in r.hits)
    with_letter = retrieval("Which countries raised early warning?")  # no verb of speech, other documents
    assert Speakers(PASSAGES).attribute(with_letter) is with_letter


def test_a_summary_that_names_the_speaker_stays_beside_the_turns_and_one_that_does_not_goes():
    names = Passage("S_2099_7:1:2", "S/2099/7", "1", ("Intro",), 2, "The Russian Federation stressed early warning.",
                    ((0, 46),))
    names_zh = Passage("S_2099_7:1:3", "S/2099/7", "1", ("导言",), 3, "俄罗斯强调预警。", ((0, 8),))
    focus = Passage("S_2099_7:1:4", "S/2099/7", "1", ("Intro",), 4, "The focus was on early warning in Russian rivers.",
                    ((0, 49),))
    for q in ["What did the Russian delegate say about early warning?", "俄罗斯代表对预警说了什么？"]:
        r = Speakers(PASSAGES).attribute(retrieval(q, PASSAGES + [LETTER, names, names_zh, focus]))
        kept = {h.passage.id for h in r.hits}
        assert {names.id, names_zh.id, "S_PV.9001:t2:1"} <= kept, q  # the turns, and the summary reporting them
        assert LETTER.id not in kept and not any(h.passage.speaker and h.passage.speaker.country != "Russian Federation"
                                                 for h in r.hits)


def test_the_meeting_and_a_proposal_are_not_what_a_speaker_is_asked_about():
    """"What did Russia suggest at the open debate?" asks nothing of Russia's turns but that they propose something:
    the meeting and the act of proposing are no topic words its turns must hold (in either language)."""
    turns = [passage(1, "Ms. Amaral", "Brazil", "Brazil spoke about river basins."),
             passage(2, "Mr. Volkov", "Russian Federation", "We propose a regional centre for water diplomacy.")]
    s = Speakers(turns)
    for q in ["What did the Russian delegate suggest at the open debate?", "俄罗斯代表在公开辩论中提出了什么建议？"]:
        asked = s.attribute(retrieval(q, turns + [LETTER]))
        assert asked.speaker_turns and asked.asked_of_speakers == (), q
    about = s.attribute(retrieval("What did the Russian delegate suggest at the meeting on water?", turns + [LETTER]))
    assert about.asked_of_speakers == ("water",)


def kept_countries(question: str) -> set[str]:
    return {h.passage.speaker.country for h in Speakers(PASSAGES).attribute(retrieval(question)).hits
            if h.passage.speaker}


def test_the_speaker_asked_about_is_the_one_named_first_not_one_inside_the_topic():
    for q in ["What did Brazil say about the Russian proposal on river basins?", "Did Brazil back the Nigerian plan?",
              "巴西对俄罗斯提出的流域方案怎么说？", "What was Brazil's position on river basins?"]:
        assert kept_countries(q) == {"Brazil"}, q
    assert kept_countries("What did Brazil and Nigeria say about river basins?") == {"Brazil", "Nigeria"}


def test_a_delegation_named_after_which_delegations_is_the_topic():
    assert kept_countries("Which delegations answered Brazil on river basins?") > {"Brazil"}  # every delegation's


def test_which_speakers_leaves_out_the_presidents_procedural_turns():
    r = Speakers(PASSAGES).attribute(retrieval("Which speakers spoke about river basins?"))
    speakers = {h.passage.speaker.name for h in r.hits if h.passage.speaker}
    assert "The President" not in speakers and {"Ms. Amaral", "Mr. Okafor"} <= speakers


def test_a_delegations_other_name_in_the_question_is_no_name_the_turns_must_mention():
    zh = [passage(1, "哈德森女士", "联合王国", "我们支持建立常设调查机制。"), passage(2, "瓦西里耶夫先生", "俄罗斯联邦", "我们反对。")]
    asked = retrieval("英国对调查机制怎么说？", zh + [LETTER])
    own = DocumentEvidence(matched_words=("调查", "机制"), unknown_names=("英国",))
    r = Speakers(zh).attribute(replace(asked, by_document={RECORD: own}, unknown_names=["英国"]))
    assert {h.passage.speaker.country for h in r.hits} == {"联合王国"}
    assert "英国" in r.speaker_names
    assert r.unknown_names == [] and r.by_document[RECORD].unknown_names == ()  # the record's own evidence too
    assert "英国" in r.by_document[RECORD].matched_words


def test_a_part_that_names_no_speaker_keeps_to_the_turns_of_the_whole_questions_speaker():
    from rag.retrieval.speakers import narrowed_as

    s = Speakers(PASSAGES)
    whole = s.attribute(retrieval("巴西是否支持流域方案？它提出了什么理由？"))
    part = s.attribute(retrieval("它提出了什么理由？"))
    assert part.asked_of_speakers is None and len({h.passage.speaker for h in part.hits if h.passage.speaker}) > 1
    kept = narrowed_as(part, whole)
    assert {h.passage.speaker.country for h in kept.hits} == {"Brazil"} and kept.speaker_turns
    own = s.attribute(retrieval("尼日利亚提出了什么理由？"))
    assert narrowed_as(own, whole) is own  # a part with a speaker of its own keeps them


def test_the_presidents_national_statement_is_named_by_the_office_too():
    turns = PASSAGES + [passage(9, "The President", "Chile", "Chile stresses river basins.")]
    r = Speakers(turns).attribute(retrieval("What did the Council President say, speaking for Chile?", turns))
    assert {h.passage.speaker.country for h in r.hits} == {"Chile"}
    assert "president" in r.speaker_names  # "Council President" names whose turn it is
