"""Follow-ups that ask for more ("what else?", "还有呢？", "and?", "more"): the same topic, continued with the
sentences the conversation has not shown yet, or a plain "nothing more" when none of them answers.

Written by hand because it is the project's own rule over its own types: the topic is what the previous turn was
searched with (its `retrieval_query`, else its question), so a chain of "more" keeps to the first topic; the
retrieval for that topic is made again and every sentence already quoted in the conversation is taken out of it
(and the passages left with no sentence), so the decide stage selects the next best passages and decides once
more whether they answer. The cue lists are in rag/analysis/words.py (`MORE_ZH`, `MORE_EN`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from rag.analysis.words import MORE_EN, MORE_ZH
from rag.types import Answer, Retrieval, Turn

NOTHING_MORE = {
    "zh": "关于这个话题，文件中没有更多内容了：相关的句子都已在上面的回答中。",
    "en": "The document says nothing more on this: its sentences on the topic are all in the answers above.",
}


def asks_for_more(question: str) -> bool:
    """True for a question that only asks to go on ("What else did he say?", "还有呢？", "and?", "more")."""
    q = " ".join((question or "").split())
    return bool(q) and bool(MORE_ZH.search(q) or MORE_EN.search(q))


def topic_of(turn: Turn) -> str:
    """What a continuation of `turn` searches with: the topic the turn itself was searched with."""
    answer = turn.answer
    return (answer.retrieval_query if answer is not None and answer.retrieval_query else None) or turn.question


def shown_quotes(turns: Iterable[Turn]) -> set[str]:
    """Every sentence the conversation has quoted so far (original wording)."""
    return {q for t in turns if t.answer is not None for q in t.answer.quotes}


def remaining(retrieval: Retrieval, shown: set[str]) -> Retrieval:
    """The retrieval without the sentences already shown, and without the passages left with none."""
    sentences = [s for s in retrieval.sentences if s.text not in shown]
    left = {s.passage.id for s in sentences}
    return replace(retrieval, sentences=sentences, hits=[h for h in retrieval.hits if h.passage.id in left])


def continuation(turns: Sequence[Turn], question: str) -> tuple[str, set[str]] | None:
    """(topic, sentences shown) when `question` continues the last turn, else None. A continuation needs a previous
    turn with an answer in the same language that found something."""
    if not turns or not asks_for_more(question):
        return None
    last = turns[-1]
    if last.answer is None or not last.answer.answered:
        return None
    return topic_of(last), shown_quotes(turns)


def nothing_more(answer: Answer) -> Answer:
    """A refused continuation, saying that there is nothing more (rather than that the document never says)."""
    answer.answer = NOTHING_MORE.get(answer.language, NOTHING_MORE["en"])
    answer.closest = []
    return answer
