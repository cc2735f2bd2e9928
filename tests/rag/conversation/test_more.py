"""Follow-ups that ask for more (rag/conversation/more.py): made-up conversations in both languages, on a stand-in
pipeline that retrieves a made-up topic and answers with its best remaining sentence, and on the real pipeline."""
from __future__ import annotations

import pytest

from rag.config import Settings
from rag.conversation import stream_turn
from rag.conversation.more import NOTHING_MORE, asks_for_more, remaining
from rag.types import Answer, Citation, Hit, Passage, Query, Retrieval, SentenceHit

SENTENCES = {
    "zh": ["妇女可以担任调解人。", "青年也应参与和平进程。", "宗教领袖可以发挥作用。"],
    "en": ["Women can serve as mediators.", "Young people should take part too.", "Religious leaders matter."],
}


def _retrieval(question: str, language: str) -> Retrieval:
    hits, sentences = [], []
    for i, text in enumerate(SENTENCES[language]):
        p = Passage(f"D:1:{i + 1}", "D", "1", ("导言",), i + 1, text, ((0, len(text)),), language)
        hits.append(Hit(p, 1.0 - i / 10))
        sentences.append(SentenceHit(p, 0, len(text), text, 1.0 - i / 10, i))
    return Retrieval(Query(question, language, (), (), (), ()), hits, sentences)


class _TopicPipeline:
    """Stands in for RagPipeline: retrieval of one made-up topic; the answer quotes the best remaining sentence, at
    most two of the three passages (the third never answers: a refusal once the first two are shown)."""

    def __init__(self):
        self.settings = Settings()
        self.composer = None
        self.retrieved: list[str] = []

    def retrieve(self, question, top_k=None, documents=None):
        self.retrieved.append(question)
        return _retrieval(question, "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in question) else "en")

    def stream(self, question, composer=None, top_k=None, documents=None, parts=True):
        yield from self.stream_from(self.retrieve(question, top_k), composer)

    def stream_from(self, retrieval, composer=None, started=None):
        usable = [s for s in retrieval.sentences if s.index < 2]
        lang = retrieval.language
        if not usable:
            yield Answer(retrieval.question, lang, "not_found", "—", "extractive")
            return
        s = usable[0]
        yield Answer(retrieval.question, lang, "answered", f"{s.text}[1]", "extractive",
                     citations=[Citation(1, s.passage, s.text)])


def _conversation(questions):
    fp, turns = _TopicPipeline(), []
    for q in questions:
        turns.append(list(stream_turn(fp, q, turns))[-1])
    return fp, [t.answer for t in turns]


@pytest.mark.parametrize("language,first,more", [
    ("zh", "妇女可以担任什么角色？", ["还有呢？", "他还说了什么？"]),
    ("en", "What role can women play?", ["What else did he say?", "and?"]),
])
def test_more_moves_on_then_says_there_is_nothing_more(language, first, more):
    fp, answers = _conversation([first, *more])
    a, b, c = answers
    assert a.answered and b.answered
    assert b.quotes and not (b.quotes & a.quotes)  # the follow-up moved on to a sentence not yet shown
    assert fp.retrieved == [first, first, first]  # each continuation searched the first question's topic
    assert b.retrieval_query == first and b.question == more[0]
    assert c.status == "not_found" and c.answer == NOTHING_MORE[language] and not c.citations


def test_a_new_question_is_not_a_continuation():
    fp, answers = _conversation(["What role can women play?", "Who chaired the meeting?"])
    assert fp.retrieved == ["What role can women play?", "Who chaired the meeting?"]
    assert answers[1].retrieval_query is None


def test_the_cues_ask_for_more_and_nothing_else():
    for q in ["还有呢？", "还有吗", "他还说了什么？", "其他呢？", "What else did he say?", "and?", "More", "more.",
              "Anything else?", "Tell me more", "What else does the document say?"]:
        assert asks_for_more(q), q
    for q in ["妇女可以担任什么角色？", "还有哪些国家参加了辩论？", "And what about women?", "more funding for what?",
              "What role can women play?", ""]:
        assert not asks_for_more(q), q


def test_remaining_drops_shown_sentences_and_the_passages_left_empty():
    r = remaining(_retrieval("q", "en"), {SENTENCES["en"][0]})
    assert [s.text for s in r.sentences] == SENTENCES["en"][1:]
    assert [h.passage.id for h in r.hits] == ["D:1:2", "D:1:3"]


@pytest.mark.slow
@pytest.mark.parametrize("first,more", [
    ("Did the Secretary-General say war is inevitable?", "What else did he say?"),
    ("秘书长说战争是不可避免的吗？", "还有呢？"),
])
def test_real_followups_that_ask_for_more_quote_new_sentences(pipeline, first, more):
    turns = []
    for q in (first, more, more):
        turns.append(list(stream_turn(pipeline, q, turns))[-1])
    quotes = [t.answer.quotes for t in turns]
    assert all(t.answer.answered for t in turns)
    assert quotes[1] and not quotes[1] & quotes[0]
    assert quotes[2] and not quotes[2] & (quotes[0] | quotes[1])
    assert turns[1].answer.language == turns[0].answer.language
