"""One chat turn: the stand-alone question for a follow-up, then the pipeline's stages, then the typed `Turn`.

Follow-ups (the rule: rag/conversation/followup.py) are searched as stand-alone questions: rewritten by the chat
model when the composer generates (rag/llm/rewrite.py; a rewrite that is unusable is dropped), otherwise searched
together with the previous question; when that combined search only repeats the previous answer ("他还说了什么？"),
the question alone is tried. A follow-up that only asks for more ("what else?", "还有呢？") continues the previous
answer's topic with sentences not yet shown (rag/conversation/more.py), or says there is nothing more. Used by the
chat, the CLI and the APIs; no UI in here.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Iterator, Sequence

from rag.analysis.clean import clean_question
from rag.answers.composer import Composer, is_generative
from rag.conversation.followup import is_followup, retrieval_query
from rag.conversation.more import continuation, nothing_more, remaining
from rag.types import Answer, Rewrite, Turn

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

log = logging.getLogger(__name__)


def standalone_query(pipeline: "RagPipeline", composer: Composer, question: str,
                     turns: Sequence[Turn]) -> tuple[str, Rewrite | None]:
    """What to search with for `question` after `turns`, and the rewrite when the chat model made one."""
    from rag.llm.rewrite import rewrite

    settings = pipeline.settings
    previous = [t.question for t in turns]
    if not previous or not is_followup(question, previous[-1], settings.conversation):
        return question, None
    if is_generative(composer) and settings.llm.rewrite:
        history = []
        for t in turns[-2:]:
            history.append(("user", t.question))
            if t.answer is not None:
                history.append(("assistant", t.answer.answer))
        try:
            r = rewrite(question, history, composer.chat_model(), settings.conversation)
        except Exception as e:  # the model cannot be loaded: keep the rule below
            log.warning("follow-up rewrite skipped: %s", e)
        else:
            if r.rewritten:
                return r.question, r
    return retrieval_query(question, previous, settings.conversation), None


def stream_turn(pipeline: "RagPipeline", question: str, turns: Sequence[Turn] = (), composer: Composer | None = None,
                top_k: int | None = None, documents: Sequence[str] | None = None) -> Iterator[str | Turn]:
    """Text chunks while a generative composer writes, then the `Turn`, searching `documents` (default: the whole
    library). Raises QuestionError for an empty, too long or undecodable question, or a symbol the library lacks."""
    composer = composer or pipeline.composer
    limit = pipeline.settings.question.max_chars
    cleaned = clean_question(question, limit)
    more = continuation(turns, cleaned)
    if more is not None:
        yield from _continue(pipeline, cleaned, more, composer, top_k, documents)
        return
    query, rewrite = standalone_query(pipeline, composer, cleaned, turns)
    if len(query) > limit:
        query, rewrite = cleaned, None
    answer: Answer | None = None
    for item in pipeline.stream(query, composer, top_k, documents, parts=query == cleaned):  # a combined search is one question
        if isinstance(item, str):
            yield item
        else:
            answer = item
    previous = turns[-1].answer if turns else None
    if (query != cleaned and rewrite is None and not is_generative(composer) and previous is not None
            and answer.quotes <= previous.quotes):
        # The combined search only repeated the previous answer ("他还说了什么？"): try the question alone.
        alone = pipeline.ask(cleaned, composer, top_k, documents)
        if alone.answered and alone.quotes - previous.quotes:
            answer, query = alone, cleaned
    answer.question = cleaned
    answer.retrieval_query = query if query != cleaned else None
    answer.rewrite = rewrite
    yield Turn(cleaned, answer)


def _continue(pipeline: "RagPipeline", question: str, more: tuple[str, set[str]], composer: Composer,
              top_k: int | None, documents: Sequence[str] | None) -> Iterator[str | Turn]:
    """The previous topic searched again, without the sentences already shown; decided, composed and verified."""
    topic, shown = more
    retrieval = remaining(pipeline.retrieve(topic, top_k, documents=documents), shown)
    answer: Answer | None = None
    for item in pipeline.stream_from(retrieval, composer):
        if isinstance(item, str):
            yield item
        else:
            answer = item
    if not answer.answered or not (answer.quotes - shown):
        answer = nothing_more(answer)
        answer.status, answer.citations = "not_found", []
    answer.question = question
    answer.retrieval_query = topic
    yield Turn(question, answer)


def ask_turn(pipeline: "RagPipeline", question: str, previous: Sequence[str] = (), composer: Composer | None = None,
             previous_answer: Answer | None = None, top_k: int | None = None,
             documents: Sequence[str] | None = None) -> Turn:
    """The `Turn` of `stream_turn` after earlier questions `previous` (the API's history, whose last answer the
    client may not send: then follow-ups are judged on the questions alone)."""
    turns = [Turn(q, None) for q in previous]
    if turns and previous_answer is not None:
        turns[-1] = Turn(turns[-1].question, previous_answer)
    final = None
    for item in stream_turn(pipeline, question, turns, composer, top_k, documents):
        final = item
    return final
