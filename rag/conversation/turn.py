"""Conversations: which questions are follow-ups (one rule), what to search with for them, and one chat turn (the
stand-alone question, then the answer, streamed). Used by the chat and the `ask` API; no UI in here.

Follow-ups (the rule: rag/conversation/followup.py). A follow-up is searched as a stand-alone question: rewritten by the chat model when the
answerer generates (rag/llm/rewrite.py; a rewrite that is unusable is dropped), otherwise searched together with
the previous question; when that combined search only repeats the previous answer ("他还说了什么？"), the question
alone is tried.
"""
from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Iterator

from rag.answers.composer import Answerer
from rag.conversation.followup import is_followup, retrieval_query
from rag.pipeline import clean_question
from rag.types import Rewrite

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

log = logging.getLogger(__name__)


def previous_questions(history: Any) -> list[str]:
    """Earlier user questions from an API `history`: a list of questions, of chat messages ({role, content}),
    of [user, assistant] pairs, or the same as a JSON string; a plain string is one earlier question."""
    if history is None or history == "":
        return []
    if isinstance(history, str):
        try:
            history = json.loads(history)
        except ValueError:
            return [history]
        if isinstance(history, str):
            return [history]
    out: list[str] = []
    for item in history if isinstance(history, list) else []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and item.get("role") == "user" and isinstance(item.get("content"), str):
            out.append(item["content"])
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            out.append(item[0])
    return [q for q in out if q.strip()]


def is_generative(answerer: Answerer) -> bool:
    """The answerer writes its own words and can run here."""
    return answerer.generative and not answerer.unavailable


def _quotes(answer: dict | None) -> set[str]:
    return {c["quote"] for c in (answer or {}).get("citations", [])}


def standalone_query(answerer: Answerer, question: str, turns: list[dict],
                     rewrite_follow_ups: bool = True) -> tuple[str, Rewrite | None]:
    """What to search with for `question` after `turns` ({"question", "answer"?}), and the rewrite when the chat
    model made one."""
    from rag.llm.rewrite import rewrite

    previous = [t["question"] for t in turns]
    if not previous or not is_followup(question, previous[-1]):
        return question, None
    if is_generative(answerer) and rewrite_follow_ups:
        history = []
        for t in turns[-2:]:
            history.append(("user", t["question"]))
            if t.get("answer"):
                history.append(("assistant", t["answer"].get("answer", "")))
        try:
            r = rewrite(question, history, answerer.model)
        except Exception as e:  # the model cannot be loaded: keep the rule below
            log.warning("follow-up rewrite skipped: %s", e)
        else:
            if r.rewritten:
                return r.question, r
    return retrieval_query(question, previous), None


def stream_turn(pipeline: "RagPipeline", question: str, turns: list[dict] | None = None,
                answerer: Answerer | None = None) -> Iterator[str | dict]:
    """Text chunks while a generative answerer writes, then the final answer as the JSON contract (a dict).
    Raises QuestionError for an empty, too long or undecodable question."""
    answerer = answerer or pipeline.answerer
    turns = list(turns or [])
    limit = pipeline.settings.max_question_chars
    cleaned = clean_question(question, limit)
    query, rewrite = standalone_query(answerer, cleaned, turns, pipeline.settings.llm_rewrite)
    if len(query) > limit:
        query, rewrite = cleaned, None
    answer = None
    for item in pipeline.stream(query, answerer):
        if isinstance(item, str):
            yield item
        else:
            answer = item.to_dict()
    previous_answer = turns[-1].get("answer") if turns else None
    if (query != cleaned and rewrite is None and not is_generative(answerer) and previous_answer
            and _quotes(answer) <= _quotes(previous_answer)):
        # The combined search only repeated the previous answer ("他还说了什么？"): try the question alone.
        alone = pipeline.ask(cleaned, answerer).to_dict()
        if alone["status"] == "answered" and _quotes(alone) - _quotes(previous_answer):
            answer, query = alone, cleaned
    answer["question"] = cleaned
    if query != cleaned:
        answer["retrieval_query"] = query
    if rewrite is not None:
        answer.update(rewrite.to_dict())
    yield answer


def ask_turn(pipeline: "RagPipeline", question: str, previous: list[str], answerer: Answerer | None = None,
             previous_answer: dict | None = None) -> dict:
    """The final answer of `stream_turn` for earlier questions `previous` (the API's history)."""
    turns = [{"question": q} for q in previous]
    if turns and previous_answer:
        turns[-1]["answer"] = previous_answer
    final = None
    for item in stream_turn(pipeline, question, turns, answerer):
        final = item
    return final


__all__ = ["ask_turn", "is_generative", "previous_questions", "standalone_query", "stream_turn"]
