"""The quoted composer on hand-made retrievals (no models), through the pipeline's decide -> compose -> verify:
sentence selection, citations in both versions, and the refusal every composer shares."""
from rag.analysis.query import analyze
from rag.answers.quoted import QuotedComposer, as_answer_sentence, cite
from rag.answers.select import select_sentences
from rag.config import Settings
from rag.pipeline import RagPipeline
from rag.types import Hit, Passage, Retrieval, SentenceHit, Span, VersionSentence

COMPOSING = Settings().composing

P1 = Passage("D:1:1", "D", "1", ("导言",), 1, "甲说和平很重要。乙说预防很重要。", ((0, 8), (8, 16)))
P2 = Passage("D:2:1", "D", "2", ("结论",), 1, "丙说别的。", ((0, 5),))
E1 = Passage("D:1:1", "D", "1", ("Introduction",), 1, "A said peace matters; b said prevention matters.",
             ((0, 21), (22, 48)), language="en")


def hit(p: Passage, k: int, score: float, english: Passage | None = None) -> SentenceHit:
    s, e = p.sentences[k]
    versions = (VersionSentence("zh", "official", p, Span(s, e, p.text[s:e])),)
    if english is not None:
        es, ee = english.sentences[k]
        versions += (VersionSentence("en", "unofficial", english, Span(es, ee, english.text[es:ee])),)
    return SentenceHit(p, s, e, p.text[s:e], score, k, versions)


LOW = [hit(P2, 0, 0.0)] * 4  # the typical, unrelated sentence


def retrieval(question="和平与预防重要吗？", sentences=None, **kw):
    base = dict(query=analyze(question), hits=[Hit(P1, 2.0), Hit(P2, 1.0)],
                sentences=sentences or [hit(P1, 0, 3.0, E1), hit(P1, 1, 2.9, E1), hit(P2, 0, 0.0)] + LOW,
                unknown_names=[], matched_words=["和平", "重要"], best_cooccurrence=2)
    base.update(kw)
    return Retrieval(**base)


def answer(r: Retrieval):
    return RagPipeline(Settings(), QuotedComposer()).answer_from(r)


def test_an_unanswerable_retrieval_gets_not_found_with_the_closest_passages():
    a = answer(retrieval("冈比亚的代表说了什么？", unknown_names=["冈比亚"]))
    assert a.status == "not_found" and "冈比亚" in a.answer and a.citations == []
    d = a.to_dict()
    assert [c["passage_id"] for c in d["closest"]] == ["D:1:1", "D:2:1"] and d["closest"][0]["label"]
    assert 0 <= d["answerable_probability"] < Settings().answerability.model.threshold


def test_an_answerable_retrieval_is_answered():
    a = answer(retrieval())
    assert a.status == "answered" and a.answerable is None and "closest" not in a.to_dict()


def test_close_second_sentence_joins_and_quotes_are_verbatim():
    chosen = select_sentences(retrieval(), COMPOSING)
    assert [s.text for s in chosen] == ["甲说和平很重要。", "乙说预防很重要。"]
    text, citations = cite(chosen)
    assert text == "甲说和平很重要。[1]乙说预防很重要。[2]"
    assert all(c.quote in c.passage.text and c.translation is None for c in citations)


def test_english_answer_quotes_the_english_version_and_cites_the_original():
    text, citations = cite(select_sentences(retrieval(), COMPOSING), "en")
    assert text == "A said peace matters.[1] B said prevention matters.[2]"  # read on its own: capital, full stop
    c = citations[1]
    assert c.quote == "乙说预防很重要。" and c.quote in c.passage.text
    assert c.translation.quote == "b said prevention matters." and c.translation.quote in c.translation.text
    assert c.to_dict()["translation"] == {"language": "en", "quote": "b said prevention matters.", "text": E1.text,
                                          "provenance": "unofficial", "label": E1.label}


def test_without_an_english_version_the_english_answer_says_it_quotes_the_chinese():
    r = retrieval("Is peace important?", sentences=[hit(P1, 0, 3.0), hit(P2, 0, 0.0)] + LOW)
    a = answer(r)
    assert a.status == "answered" and a.answer.startswith("The document (Chinese text) says: 甲说和平很重要。[1]")
    assert a.citations[0].translation is None


def test_distant_second_sentence_stays_out():
    r = retrieval(sentences=[hit(P1, 0, 3.0), hit(P1, 1, 0.5), hit(P2, 0, 0.0)] + LOW)
    assert len(select_sentences(r, COMPOSING)) == 1


def test_a_sentence_cut_at_a_semicolon_reads_on_its_own():
    assert as_answer_sentence("he also stressed that peace is not inevitable;") == "He also stressed that peace is not inevitable."
    assert as_answer_sentence("他说；") == "他说；"


def test_who_did_an_act_brings_the_sentence_that_says_the_act():
    """"Who chaired the meeting?": the best sentence says who organised it; the one that says who chaired it joins."""
    p = Passage("D:5:1", "D", "5", ("导言",), 1, "会议由港口局组织。会议由局长王明主持。", ((0, 9), (9, 19)))
    other = Passage("D:6:1", "D", "6", ("结论",), 1, "会议很成功。", ((0, 6),))
    sentences = [hit(p, 0, 3.0), hit(other, 0, 2.9), hit(p, 1, 0.5)] + LOW
    r = retrieval("会议由谁主持？", sentences=sentences, hits=[Hit(p, 3.0), Hit(other, 2.0)])
    assert "会议由局长王明主持。" in [s.text for s in select_sentences(r, COMPOSING)]
    # a question that asks no doer's act is left as it was
    r = retrieval("会议的情况如何？", sentences=sentences, hits=[Hit(p, 3.0), Hit(other, 2.0)])
    assert "会议由局长王明主持。" not in [s.text for s in select_sentences(r, COMPOSING)]
