"""One chat turn: the stand-alone question, then the answer, streamed (ui/app.py shows it; the `ask` API returns it).

Follow-ups. With a generative answerer, a follow-up ("她们还能做什么？") is rewritten by the chat model into a
stand-alone question before retrieval (rag/llm/rewrite.py: greetings and questions that need no context are never
sent to the model). Without one, or when the rewrite is unusable, the pure rule of ui/followup.py searches the
previous question together with the new one.

Answer modes. The settings accordion offers the pipeline's generative answerer (when its backend is there) and
the extractive one; `answer_modes` maps their labels to answerers.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Iterator

from rag.answerer import Answerer
from rag.extractive import ExtractiveAnswerer
from rag.pipeline import RagPipeline, clean_question
from ui.followup import retrieval_query

log = logging.getLogger(__name__)

EXTRACTIVE_LABEL = "摘录 Extractive (quoted sentences)"


def generated_label(backend: str) -> str:
    return f"生成 Generated ({backend} model, verified citations)"


def is_generative(answerer: Answerer) -> bool:
    """The answerer writes its own words and can run here."""
    return answerer.generative and not answerer.unavailable


def answer_modes(pipeline: RagPipeline) -> dict[str, Answerer]:
    """Label -> answerer, the default first: the pipeline's answerer, then the other kind when it can run here (the
    quoted answers always can; generated ones when the local model is prepared)."""
    main = pipeline.answerer
    if is_generative(main):
        return {generated_label(main.backend): main, EXTRACTIVE_LABEL: ExtractiveAnswerer(pipeline.settings)}
    modes: dict[str, Answerer] = {EXTRACTIVE_LABEL: main}
    from rag.llm.backends import check_backend

    if not main.unavailable and check_backend("local", pipeline.settings) is None:
        from rag.llm import make_answerer

        modes[generated_label("local")] = make_answerer("local", pipeline.settings, encoders=lambda: pipeline.encoders)
    return modes


def mode_status(pipeline: RagPipeline) -> tuple[str, str]:
    """(kind, sentence) describing how answers are made: kind is 'generated', 'extractive' or 'off' (extractive
    because the generative backend is not there)."""
    main = pipeline.answerer
    if is_generative(main):
        return "generated", (f"Answers are written by the {main.backend} model in the question's language; every "
                             "sentence is checked against the paragraph it cites. Switch to quotes in Settings.")
    why = main.unavailable
    if why:
        return "off", f"Answers quote the document (extractive): generated answers are off because {why}."
    return "extractive", ("Answers quote the document's own sentences, in your language (extractive mode, the "
                          "default: it finds more of the asked facts than the local model).")


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


def _quotes(answer: dict | None) -> set[str]:
    return {c["quote"] for c in (answer or {}).get("citations", [])}


def standalone_query(answerer: Answerer, question: str, turns: list[dict], rewrite_follow_ups: bool = True) -> tuple[str, dict]:
    """What to search with for `question` after `turns` ({"question", "answer"?}), and how it was decided."""
    from rag.llm.rewrite import is_greeting, rewrite

    previous = [t["question"] for t in turns]
    if is_greeting(question):  # "谢谢！" is short, but not a follow-up: never merge or rewrite it
        return question, {}
    if previous and is_generative(answerer) and rewrite_follow_ups:
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
                return r.question, r.to_dict()
    return retrieval_query(question, previous), {}


def stream_turn(pipeline: RagPipeline, question: str, turns: list[dict] | None = None,
                answerer: Any = None) -> Iterator[str | dict]:
    """Text chunks while a generative answerer writes, then the final answer as the JSON contract (a dict).
    Raises QuestionError for an empty or too-long question."""
    answerer = answerer or pipeline.answerer
    turns = list(turns or [])
    limit = pipeline.settings.max_question_chars
    cleaned = clean_question(question, limit)
    query, rewrite_info = standalone_query(answerer, cleaned, turns, pipeline.settings.llm_rewrite)
    if len(query) > limit:
        query, rewrite_info = cleaned, {}
    answer = None
    for item in pipeline.stream(query, answerer):
        if isinstance(item, str):
            yield item
        else:
            answer = item.to_dict()
    previous_answer = turns[-1].get("answer") if turns else None
    if (query != cleaned and not rewrite_info and not is_generative(answerer) and previous_answer
            and _quotes(answer) <= _quotes(previous_answer)):
        # The rule's combined search only repeated the previous answer ("他还说了什么？"): try the question alone.
        alone = pipeline.ask(cleaned, answerer).to_dict()
        if alone["status"] == "answered" and _quotes(alone) - _quotes(previous_answer):
            answer, query = alone, cleaned
    answer["question"] = cleaned
    if query != cleaned:
        answer["retrieval_query"] = query
    answer.update(rewrite_info)
    yield answer


def ask_turn(pipeline: RagPipeline, question: str, previous: list[str], answerer: Any = None,
             previous_answer: dict | None = None) -> dict:
    """The final answer of `stream_turn` for earlier questions `previous` (the API's history)."""
    turns = [{"question": q} for q in previous]
    if turns and previous_answer:
        turns[-1]["answer"] = previous_answer
    final = None
    for item in stream_turn(pipeline, question, turns, answerer):
        final = item
    return final
