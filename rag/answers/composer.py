"""The answerer contract: what every backend (quoted sentences, a local model, a remote endpoint) offers the
pipeline, the chat and the CLI, and the not-found answer they all give the same way.

    answerer.mode         how answers are made, as shown to users and in the JSON ("extractive", "local", …)
    answerer.generative   whether it writes its own words (and so streams them, and may rewrite follow-ups)
    answerer.unavailable  why its backend cannot be used here (then every answer is the quoted one), or None
    answerer.warm_up()    load whatever is heavy now rather than on the first question
    answerer.answer(r)    the final Answer for a retrieval
    answerer.stream(r)    text chunks while it writes, then the final Answer (only that one is verified)
"""
from __future__ import annotations

from typing import Iterator, Protocol, runtime_checkable

from rag.answers.decide import NOT_FOUND, Refusal
from rag.types import Answer, Retrieval

CLOSEST_PASSAGES = 3


@runtime_checkable
class Answerer(Protocol):
    mode: str
    generative: bool
    unavailable: str | None

    def warm_up(self) -> None: ...

    def answer(self, retrieval: Retrieval) -> Answer: ...

    def stream(self, retrieval: Retrieval) -> Iterator[str | Answer]: ...


def not_found(retrieval: Retrieval, mode: str, refusal: Refusal | None, top_k: int, message: str | None = None) -> Answer:
    """The document does not answer: says so (and why), and lists the closest passages for the reader to judge."""
    lang = retrieval.language if retrieval.language in NOT_FOUND else "en"
    text = message or (f"{NOT_FOUND[lang]} {refusal.message}" if refusal else NOT_FOUND[lang])
    return Answer(
        question=retrieval.question,
        language=retrieval.language,
        status="not_found",
        answer=text,
        mode=mode,
        retrieved=retrieval.hits[:top_k],
        closest=retrieval.hits[:CLOSEST_PASSAGES],
        answerable=refusal.probability if refusal else None,
    )
