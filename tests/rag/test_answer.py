"""The refusal rule and sentence selection, on hand-made retrievals (no models)."""
from rag.answer import cite, refusal_reason, select_sentences
from rag.config import Settings
from rag.retrieve import Retrieval, SentenceHit
from rag.types import Hit, Passage

P1 = Passage("D:1:1", "D", "1", ("导言",), 1, "甲说和平很重要。乙说预防很重要。")
P2 = Passage("D:2:1", "D", "2", ("结论",), 1, "丙说别的。")


LOW = [SentenceHit(P2, 0, 5, "丙说别的。", 0.0)] * 4  # the typical, unrelated sentence


def retrieval(**kw):
    base = dict(question="q", language="zh", hits=[Hit(P1, 2.0), Hit(P2, 1.0)],
                sentences=[SentenceHit(P1, 0, 8, "甲说和平很重要。", 3.0), SentenceHit(P1, 8, 16, "乙说预防很重要。", 2.9),
                           SentenceHit(P2, 0, 5, "丙说别的。", 0.0)] + LOW,
                query_terms=["和平"], best_use=0.5, unknown_names=[], matched_words=["和平", "重要"],
                best_cooccurrence=2, content_words=2)
    base.update(kw)
    return Retrieval(**base)


def test_on_topic_question_is_not_refused():
    assert refusal_reason(retrieval(), Settings()) is None


def test_unknown_name_is_refused_and_named():
    assert "冈比亚" in refusal_reason(retrieval(unknown_names=["冈比亚"]), Settings())


def test_off_topic_by_similarity_unless_words_meet_in_a_paragraph():
    assert refusal_reason(retrieval(best_use=0.1, best_cooccurrence=1), Settings()) is not None
    assert refusal_reason(retrieval(best_use=0.1, best_cooccurrence=2), Settings()) is None


def test_words_that_never_meet_are_refused():
    reason = refusal_reason(retrieval(language="en", best_cooccurrence=1, matched_words=["sweden", "capital"]), Settings())
    assert "never together" in reason


def test_quantity_question_needs_a_number_in_the_quoted_sentences():
    reason = refusal_reason(retrieval(question="How many peacekeepers does the UN deploy?", language="en"), Settings())
    assert "number" in reason
    figures = [SentenceHit(P1, 0, 12, "90 多个国家表示支持。", 3.0)] + LOW
    assert refusal_reason(retrieval(question="How many countries gave support?", language="en", sentences=figures),
                          Settings()) is None
    assert refusal_reason(retrieval(question="多少个国家表示支持？", sentences=figures), Settings()) is None


def test_close_second_sentence_joins_and_quotes_are_verbatim():
    chosen = select_sentences(retrieval(), Settings())
    assert [s.text for s in chosen] == ["甲说和平很重要。", "乙说预防很重要。"]
    text, citations = cite(chosen)
    assert text == "甲说和平很重要。[1]乙说预防很重要。[2]"
    assert all(c.quote in c.passage.text for c in citations)


def test_distant_second_sentence_stays_out():
    r = retrieval(sentences=[SentenceHit(P1, 0, 8, "甲说和平很重要。", 3.0), SentenceHit(P1, 8, 16, "乙说预防很重要。", 0.5),
                             SentenceHit(P2, 0, 5, "丙说别的。", 0.0)] + LOW)
    assert len(select_sentences(r, Settings())) == 1
