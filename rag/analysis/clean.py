"""clean: the question as the later stages read it, or a `QuestionError` for the person asking."""
from __future__ import annotations

import re

from rag.analysis.text import strip_control

LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str, a surrogate is always a lone one
NO_CONTENT = {"question": "Please ask a question about the document (this one has no words in it). 请就文件提出问题。",
              "topic": "Please give a topic from the document (this one has no words in it). 请给出文件中的主题。"}


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long, not text). `kind` says which, for callers that word
    the message in another language: "not_text", "not_utf8", "empty", "no_content" or "too_long"."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


def clean_question(question: str | None, max_chars: int, what: str = "question") -> str:
    """The question with whitespace and control characters folded; raises QuestionError, with a message for the
    person asking, when it is empty, holds no word (punctuation or emoji only), too long or not text. `what`:
    "question" or "topic", as the message says."""
    if question is not None and not isinstance(question, str):
        raise QuestionError(f"The {what} must be text.", "not_text")
    text = " ".join(strip_control(question or "").split())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: undecodable bytes that reached us as text
        raise QuestionError(f"The {what} holds bytes that are not UTF-8 text; please type it again.",
                            "not_utf8") from None
    if not text:
        raise QuestionError(f"Please type a {what} (the {what} was empty).", "empty")
    if not re.search(r"\w", text):  # only punctuation, symbols or emoji: nothing to look for
        raise QuestionError(NO_CONTENT.get(what, NO_CONTENT["question"]), "no_content")
    if len(text) > max_chars:
        raise QuestionError(
            f"The {what} is too long ({len(text):,} characters; the limit is {max_chars:,}). "
            "Ask about one point at a time.", "too_long")
    return text


def echo(question: object, limit: int) -> str:
    """What an error object repeats of a question it could not ask: its start, when it is text (a lone surrogate,
    which no JSON encoder can write as UTF-8, becomes U+FFFD)."""
    if not isinstance(question, str):
        return ""
    return LONE_SURROGATE.sub("\ufffd", question[:limit])
