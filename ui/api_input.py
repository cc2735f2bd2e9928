"""The API's inputs checked before any work: `ask` (question, history, top_k) and `brief` (topic).

One check for every way in: the Gradio handlers (ui/app.py `ChatHandlers.api_ask`, ui/briefing.py
`BriefingTab.api`) call it, and so does the HTTP guard (ui/api_guard.py), which answers a direct HTTP call with a
bad input with 422 before Gradio sees it. A bad input is an `ApiInputError`: its `to_dict()` is the documented
error object (`{"question"|"topic": the start of what was sent, "error": one line}`), in the question's language.

Written by hand: Gradio passes JSON values through as they came (a `top_k` of "abc", NaN or 1e400, a topic of 5),
and its own error path answers `{"error": null}`; the checks are a few lines per field, and the messages are ours.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from rag.analysis.clean import QuestionError, clean_question, echo
from rag.analysis.text import detect_language
from rag.conversation import previous_questions

MESSAGES = {
    "en": {
        "not_text": "The {what} must be text.",
        "not_utf8": "The {what} holds characters that are not UTF-8 text (a lone surrogate); please type it again.",
        "empty": "Please type a {what} (the {what} was empty).",
        "too_long": "The {what} is too long ({length:,} characters; the limit is {limit:,}). "
                    "Ask about one point at a time.",
        "history": "history must be a list of earlier questions (or a JSON string of one), not {type}.",
        "top_k": "top_k must be a whole number from 1 to {limit} (got {value}).",
        "arguments": "{name} takes at most {count} inputs ({names}); got {got}.",
    },
    "zh": {
        "not_text": "{what}必须是文字。",
        "not_utf8": "{what}含有不是 UTF-8 文字的字符（孤立的代理项），请重新输入。",
        "empty": "请输入{what}（{what}为空）。",
        "too_long": "{what}太长（{length:,} 个字符，上限为 {limit:,}）。请一次只问一点。",
        "history": "history 必须是先前问题的列表（或其 JSON 字符串），而不是 {type}。",
        "top_k": "top_k 必须是 1 到 {limit} 之间的整数（收到 {value}）。",
        "arguments": "{name} 最多接受 {count} 个输入（{names}），收到 {got} 个。",
    },
}
WHAT = {"en": {"question": "question", "topic": "topic"}, "zh": {"question": "问题", "topic": "主题"}}
ASK_INPUTS = ("question", "history", "top_k")
BRIEF_INPUTS = ("topic",)


@dataclass(frozen=True)
class AskInputs:
    question: str  # as sent (the pipeline cleans it again, as for every caller)
    history: list[str]
    top_k: int | None


class ApiInputError(ValueError):
    """An API input of the wrong type or value; `to_dict()` is the error object the API documents."""

    status = 422

    def __init__(self, key: str, shown: str, message: str) -> None:
        super().__init__(message)
        self.key, self.shown, self.message = key, shown, message

    def to_dict(self) -> dict:
        return {self.key: self.shown, "error": self.message}


def _language(shown: str) -> str:
    return detect_language(shown) if shown else "en"


def _message(language: str, kind: str, **values: Any) -> str:
    return MESSAGES[language][kind].format(**values)


def _text(value: Any, what: str, max_chars: int, echo_chars: int) -> str:
    """A question or topic as text, or ApiInputError worded in its own language."""
    shown = echo(value, echo_chars)
    lang = _language(shown)
    try:
        return clean_question(value, max_chars, what=what)
    except QuestionError as e:
        kind = e.kind if e.kind in MESSAGES[lang] else ""
        length = len(value) if isinstance(value, str) else 0
        message = _message(lang, kind, what=WHAT[lang][what], length=length, limit=max_chars) if kind else str(e)
        raise ApiInputError(what, shown, message) from None


def _whole_number(value: Any) -> int | None:
    """`value` as an int when it is one (3, 3.0), else None (bools, text, lists, NaN, infinities, fractions)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _shown_value(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def check_ask(question: Any, history: Any = None, top_k: Any = None, *, max_chars: int, max_top_k: int,
              echo_chars: int) -> AskInputs:
    """The `ask` endpoint's inputs, checked; raises ApiInputError (in the question's language)."""
    text = _text(question, "question", max_chars, echo_chars)
    shown, lang = echo(question, echo_chars), detect_language(text)
    if history is not None and not isinstance(history, (str, list)):
        raise ApiInputError("question", shown, _message(lang, "history", type=type(history).__name__))
    k = None
    if top_k is not None and top_k != "":
        k = _whole_number(top_k)
        if k is None or not 1 <= k <= max_top_k:
            raise ApiInputError("question", shown, _message(lang, "top_k", limit=max_top_k, value=_shown_value(top_k)))
    return AskInputs(question, previous_questions(history), k)


def check_topic(topic: Any, *, max_chars: int, echo_chars: int) -> str:
    """The `brief` endpoint's topic, checked; raises ApiInputError (in the topic's language)."""
    return _text(topic, "topic", max_chars, echo_chars)


def check_count(name: str, names: tuple[str, ...], data: list, shown: Any, echo_chars: int) -> None:
    """Too many positional inputs for an endpoint: ApiInputError. (Fewer are fine: the rest are optional.)"""
    if len(data) > len(names):
        key = names[0]
        text = echo(shown, echo_chars)
        lang = _language(text)
        raise ApiInputError(key, text, _message(lang, "arguments", name=name, count=len(names),
                                                names=", ".join(names), got=len(data)))


@dataclass(frozen=True)
class Endpoint:
    """One API endpoint's inputs, in order, and the check of them (raises ApiInputError)."""

    inputs: tuple[str, ...]
    check: Any  # Callable[..., object], called with the inputs by name

    def check_positional(self, name: str, data: list, echo_chars: int) -> None:
        check_count(name, self.inputs, data, data[0] if data else None, echo_chars)
        self.check(**dict(zip(self.inputs, data)))


def endpoints(settings) -> dict[str, Endpoint]:
    """The checked endpoints by API name, with the limits of `settings` (rag.config.Settings)."""
    q, r, b = settings.question, settings.retrieval, settings.briefing

    def ask(question: Any = None, history: Any = None, top_k: Any = None) -> AskInputs:
        return check_ask(question, history, top_k, max_chars=q.max_chars, max_top_k=r.max_top_k,
                         echo_chars=q.echo_chars)

    def topic(topic: Any = None) -> str:
        return check_topic(topic, max_chars=b.max_topic_chars, echo_chars=q.echo_chars)

    return {"ask": Endpoint(ASK_INPUTS, ask), "brief": Endpoint(BRIEF_INPUTS, topic)}
