"""clean: the question as the later stages read it, or a `QuestionError` for the person asking."""
from __future__ import annotations

import re

from rag.analysis.text import strip_control

NO_CONTENT = {"question": "Please ask a question about the document (this one has no words in it). 请就文件提出问题。",
              "topic": "Please give a topic from the document (this one has no words in it). 请给出文件中的主题。"}


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long, not text)."""


def clean_question(question: str | None, max_chars: int, what: str = "question") -> str:
    """The question with whitespace and control characters folded; raises QuestionError, with a message for the
    person asking, when it is empty, holds no word (punctuation or emoji only), too long or not text. `what`:
    "question" or "topic", as the message says."""
    if question is not None and not isinstance(question, str):
        raise QuestionError(f"The {what} must be text.")
    text = " ".join(strip_control(question or "").split())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: undecodable bytes that reached us as text
        raise QuestionError(f"The {what} holds bytes that are not UTF-8 text; please type it again.") from None
    if not text:
        raise QuestionError(f"Please type a {what} (the {what} was empty).")
    if not re.search(r"\w", text):  # only punctuation, symbols or emoji: nothing to look for
        raise QuestionError(NO_CONTENT.get(what, NO_CONTENT["question"]))
    if len(text) > max_chars:
        raise QuestionError(
            f"The {what} is too long ({len(text):,} characters; the limit is {max_chars:,}). "
            "Ask about one point at a time."
        )
    return text


def echo(question: object, limit: int) -> str:
    """What an error object repeats of a question it could not ask: its start, when it is text."""
    return question[:limit] if isinstance(question, str) else ""
