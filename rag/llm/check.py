"""The local model as a check of the decision (`AnswerabilitySettings.llm_check`): do the sentences an answer would
quote state what the question asks? The lexical decision (rag/answers/decide.py) answers when every word of a
question is in the document; a question about an uncovered fact of a covered topic, or one that takes for granted
what the document does not say, passes it. The check shows the model the sentences (in the question's language:
an answer quoting a sentence with no version in it is not checked) and the question, with a verbatim record's
speaker before their turn, reads the log probabilities of its first token, and refuses a
decided answer when P(yes) / (P(yes) + P(no)) is below `llm_check_threshold` (calibrated on the development and
read question sets for the packaged Qwen model: README, "The local model as a check").

It only ever turns an answer into a refusal, never the reverse, and it never stands in the way: a model that is
not prepared, busy past `llm.first_token_timeout`, failing (its circuit breaker open) or giving no yes/no
probability leaves the lexical decision as it is, with a logged warning.

Written by hand: a yes/no reading of a chat model's log probabilities; the model is LangChain's `BaseChatModel`
(the in-process llama.cpp model, rag/llm/xllama.py, or any backend whose replies carry OpenAI-style logprobs).
"""
from __future__ import annotations

import logging
import math
from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from rag.types import Decision, Refusal, SentenceHit

if TYPE_CHECKING:  # pragma: no cover
    from rag.config import Settings

log = logging.getLogger(__name__)

YES = frozenset({"yes", "是"})
NO = frozenset({"no", "否"})
NOT_STATED = {
    "zh": "找到的段落没有说明问题所问的内容。",
    "en": "The passages found do not state what the question asks.",
}


class CheckError(RuntimeError):
    """The model gave no reading of yes or no (it failed, or its reply carries no log probabilities)."""


def yes_probability(logprobs: dict | None) -> float:
    """P(yes) / (P(yes) + P(no)) over the first token's top alternatives (OpenAI's logprobs layout); raises
    CheckError when neither word is among them."""
    content = (logprobs or {}).get("content") or []
    if not content:
        raise CheckError("the reply carries no log probabilities")
    top = content[0].get("top_logprobs") or [content[0]]
    yes = sum(math.exp(t["logprob"]) for t in top if t["token"].strip().lower() in YES)
    no = sum(math.exp(t["logprob"]) for t in top if t["token"].strip().lower() in NO)
    if yes + no == 0:
        raise CheckError("neither yes nor no is among the reply's likeliest first tokens")
    return yes / (yes + no)


def passage_of(decision: Decision) -> str:
    """The sentences the answer would quote, in the question's language where they have it, in their order; a
    verbatim record's turn opens with its speaker ("Mr. Nebenzia (Russian Federation): …"), who is named in no
    sentence of it: "What did Russia say about X?" is answered by who says it as much as by what is said."""
    language = decision.language
    out, speaker = [], None
    for s in decision.selected:
        said_by = s.passage.speaker
        if said_by is not None and said_by != speaker:
            out.append(f"{said_by.name} ({said_by.country}):" if said_by.country else f"{said_by.name}:")
        speaker = said_by
        out.append(_wording(s, language))
    return " ".join(out)


def in_question_language(decision: Decision) -> bool:
    """Whether every sentence the answer would quote has a version in the question's language: the check was
    calibrated on such pairs only. Across languages (a record in one language, a partly aligned version) the
    small model refused speakers' own turns ("巴西…" for "How did Brazil view sanctions…?"), and the lexical
    decision already weighs what crosses languages with a model of its own (rag/answers/crosslingual.py)."""
    return all(s.version(decision.language) is not None for s in decision.selected)


def _wording(sentence: SentenceHit, language: str) -> str:
    own = sentence.version(language)
    return (own.span.text if own is not None else sentence.text).strip()


class AnswerCheck:
    """Refuses a decided answer whose sentences, by the model's reading, do not state what is asked."""

    def __init__(self, model: BaseChatModel, threshold: float = 0.35, top_logprobs: int = 10):
        if not 0 < threshold < 1:
            raise ValueError(f"the check's threshold must be between 0 and 1 (got {threshold})")
        if top_logprobs < 2:
            raise ValueError(f"top_logprobs must be at least 2 (got {top_logprobs})")
        self.model = model
        self.threshold = threshold
        self.top_logprobs = top_logprobs

    def messages(self, question: str, passage: str) -> list:
        return [SystemMessage(content=prompts.load("check_system")),
                HumanMessage(content=prompts.render("check", passage=passage, question=question))]

    def probability(self, question: str, passage: str) -> float:
        """The model's P(yes) that `passage` answers `question`; raises CheckError when there is no reading."""
        try:
            reply = self.model.invoke(self.messages(question, passage), max_tokens=1, temperature=0.0,
                                      logprobs=True, top_logprobs=self.top_logprobs)
        except Exception as e:  # the backend's own errors: connection, timeout, llama.cpp
            raise CheckError(f"the model failed: {e}") from e
        return yes_probability(reply.response_metadata.get("logprobs"))

    def review(self, decision: Decision) -> Decision:
        """`decision` unchanged, or refused (reason "not_stated", the model's probability) when the check reads
        below the threshold. Raises CheckError when the model gives no reading."""
        if not decision.answerable or not decision.selected or not in_question_language(decision):
            return decision
        p = self.probability(decision.retrieval.question, passage_of(decision))
        if p >= self.threshold:
            return decision
        lang = decision.language if decision.language in NOT_STATED else "en"
        return replace(decision, refusal=Refusal("not_stated", NOT_STATED[lang], p))


def check_decision(decision: Decision, settings: "Settings", check: AnswerCheck | None = None) -> Decision:
    """The decision after the check (`check`, else one over the local model when `settings.answerability.llm_check`),
    or unchanged when the check is off or cannot be made (logged): the lexical decision then stands."""
    if not decision.answerable:
        return decision
    from rag.llm.backends import BackendUnavailable, ModelBusy, breaker_for, generation_lock, make_chat_model

    if check is None and not settings.answerability.llm_check:
        return decision
    breaker = breaker_for("check", settings)  # its own: a failing check does not stop answers
    if not breaker.allow():
        return decision
    try:
        if check is None:
            check = AnswerCheck(make_chat_model("local", settings), settings.answerability.llm_check_threshold)
        with generation_lock(check.model, settings.llm.first_token_timeout):
            reviewed = check.review(decision)
    except ModelBusy as e:  # writing another answer: no failure of the model's
        log.warning("the answer check was not made (%s): the decision stands", e)
        return decision
    except (BackendUnavailable, CheckError, TimeoutError) as e:
        log.warning("the answer check was not made (%s): the decision stands", e)
        breaker.failure()
        return decision
    breaker.success()
    return reviewed


__all__: Sequence[str] = ("AnswerCheck", "CheckError", "NOT_STATED", "check_decision", "in_question_language",
                          "passage_of", "yes_probability")
