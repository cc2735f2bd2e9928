"""Briefers asked for by their office (rag/retrieval/briefers.py): the offices the President's rule 39 invitation
gives the speakers without a country, in both of its wordings and both languages, and a question by office kept to
that briefer's turns and answered, on made-up passages."""
from __future__ import annotations

from rag.analysis.query import analyze
from rag.answers.decide import refuse
from rag.config import Settings
from rag.retrieval.briefers import briefer_offices
from rag.retrieval.speakers import Speakers
from rag.types import Hit, Passage, Retrieval, SentenceHit, Speaker, Span, VersionSentence


def turn(k: int, name: str, country: str | None, text: str, language: str = "en") -> Passage:
    return Passage(f"S_PV.9990:t{k}:1", "S/PV.9990", f"t{k}", (country or name,), 1, text, ((0, len(text)),),
                   language, unit=f"· {country or name} ¶1", speaker=Speaker(name, country))


INVITE_EN = ("In accordance with rule 39 of the Council's provisional rules of procedure, I invite the following "
             "briefers to participate in this meeting: Ms. Rosa Lind, Assistant Secretary-General for Harbours; and "
             "Mr. Omar Deng, Executive Director of the Port Pilots Network.")
EN = [turn(1, "The President", None, INVITE_EN), turn(2, "Ms. Lind", None, "Ports need dredging before the rains."),
      turn(3, "Mr. Deng", None, "Pilots need training."), turn(4, "Mr. Ruiz", "Chile", "Chile supports dredging.")]


def test_the_offices_of_the_invitation_in_both_wordings_and_languages():
    assert briefer_offices(EN) == {"Ms. Lind": ("Assistant Secretary-General", "助理秘书长"),
                                   "Mr. Deng": ("Executive Director", "执行主任")}
    one = [turn(1, "The President", None, "I invite Ms. Rosa Lind, Under-Secretary-General for Harbours, to "
                                          "participate in this meeting."), turn(2, "Ms. Lind", None, "Ports.")]
    assert briefer_offices(one) == {"Ms. Lind": ("Under-Secretary-General", "副秘书长")}
    zh = [turn(1, "主席", None, "根据安理会暂行议事规则第 39 条，我邀请以下通报人参加本次会议：负责港口事务副秘书长罗莎·林德女士；"
                                "以及引航员网络执行主任奥马尔·邓先生。", "zh"),
          turn(2, "林德女士", None, "港口需要疏浚。", "zh"), turn(3, "邓先生", None, "引航员需要培训。", "zh")]
    assert briefer_offices(zh) == {"林德女士": ("副秘书长", "Under-Secretary-General"), "邓先生": ("执行主任", "Executive Director")}
    assert briefer_offices(EN[1:]) == {}  # no invitation: no office


def retrieval(question: str, passages: list[Passage]) -> Retrieval:
    hits = [Hit(p, 1.0 - i / 10) for i, p in enumerate(passages)]
    sents = [SentenceHit(p, 0, len(p.text), p.text, 1.0 - i / 10, i,
                         (VersionSentence(p.language, "official", p, Span(0, len(p.text), p.text)),))
             for i, p in enumerate(passages)]
    q = analyze(question)
    return Retrieval(query=q, hits=hits, sentences=sents, matched_words=list(q.words), best_cooccurrence=len(q.words),
                     documents=("S/PV.9990",))


def test_a_briefer_asked_for_by_office_is_answered_from_their_turns():
    speakers = Speakers(EN)
    r = speakers.attribute(retrieval("What did the Assistant Secretary-General say about dredging?", EN))
    assert {h.passage.speaker.name for h in r.hits} == {"Ms. Lind"} and r.speaker_turns
    assert refuse(r, r.sentences[:1], Settings().answerability.model) is None  # the office names her, no turn says it
    zh = speakers.attribute(retrieval("执行主任对培训说了什么？", EN))
    assert {h.passage.speaker.name for h in zh.hits} == {"Mr. Deng"}
    other = speakers.attribute(retrieval("What did the Under-Secretary-General say about dredging?", EN))
    assert not any(h.passage.speaker.name in ("Ms. Lind", "Mr. Deng") for h in other.hits if other.speaker_turns)


def test_every_office_of_a_briefers_title_in_both_languages():
    en = [turn(1, "The President", None, "I invite Mr. Ivo Sand, Under-Secretary-General for Harbour Affairs and "
                                         "Emergency Dredging Coordinator, to participate in this meeting."),
          turn(2, "Mr. Sand", None, "Dredging cannot wait.")]
    assert briefer_offices(en)["Mr. Sand"][:2] == ("Under-Secretary-General", "副秘书长")
    assert "Emergency Dredging Coordinator" in briefer_offices(en)["Mr. Sand"]
    zh = [turn(1, "主席", None, "根据安理会暂行议事规则第 39 条，我邀请下列通报人参加本次会议：负责港口事务的副秘书长兼高级代表"
                                "伊沃·桑德先生；引航员网络执行主任奥马尔·邓先生。", "zh"),
          turn(2, "桑德先生", None, "疏浚刻不容缓。", "zh"), turn(3, "邓先生", None, "引航员需要培训。", "zh")]
    offices = briefer_offices(zh)
    assert {"副秘书长", "高级代表", "High Representative"} <= set(offices["桑德先生"])
    assert offices["邓先生"] == ("执行主任", "Executive Director")
    assert Speakers(zh).named("港口事务高级代表对疏浚怎么看？") == ["桑德先生"]


def test_an_office_qualified_by_another_body_is_not_this_briefers():
    """Two bodies have an Executive Director; the question says whose. Asked in the other script than the
    invitation's, whose cannot be told, and no briefer is taken for it."""
    speakers = Speakers(EN)
    assert speakers.named("What did the Executive Director of the Port Pilots Network say?") == ["Mr. Deng"]
    assert speakers.named("What did the Executive Director of the Harbour Fund say?") == []
    assert speakers.named("What did the Executive Director say about training?") == ["Mr. Deng"]
    assert speakers.named("港口基金执行主任说了什么？") == []  # an English invitation: whose cannot be told
    zh = [turn(1, "主席", None, "我邀请以下通报人参加本次会议：引航员网络执行主任奥马尔·邓先生。", "zh"),
          turn(2, "邓先生", None, "引航员需要培训。", "zh")]
    assert Speakers(zh).named("引航员网络执行主任说了什么？") == ["邓先生"]
    assert Speakers(zh).named("港口基金执行主任说了什么？") == []


def test_a_un_body_is_known_by_its_name_or_acronym_in_either_language():
    zh = [turn(1, "主席", None, "我邀请以下通报人参加本次会议：联合国儿童基金会执行主任奥马尔·邓先生。", "zh"),
          turn(2, "邓先生", None, "儿童需要保护。", "zh")]
    assert Speakers(zh).named("What did the Executive Director of UNICEF say about schools?") == ["邓先生"]
    assert Speakers(zh).named("What did the Executive Director of the World Food Programme say?") == []


def test_the_president_alone_is_the_councils_and_a_qualifier_before_the_office_counts():
    turns_ = [turn(1, "The President", None, "I invite Mr. Ivo Sand, President of the Harbour Pilots Guild, to "
                                             "participate in this meeting."), turn(2, "Mr. Sand", None, "Pilots.")]
    speakers = Speakers(turns_)
    assert speakers.named("What did the President say about pilots?") == []
    assert speakers.named("What did the Guild President say about pilots?") == ["Mr. Sand"]
    assert speakers.named("What did the Council President say about pilots?") == []
