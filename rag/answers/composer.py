"""The composer contract: what every way of writing an answer (quoted sentences, a local model, a remote endpoint)
offers the pipeline, the chat and the CLI, and the not-found answer they all give the same way.

A composer writes the text and the citations for a retrieval that the decide stage has already judged answerable
(`rag.types.Decision`): it neither selects sentences nor decides again. The pipeline (rag/pipeline.py) runs it.

    composer.mode         how answers are made, as shown to users and in the JSON ("extractive", "local", …)
    composer.backend      the backend it uses ("extractive" for quoted answers, "local", "openai", "ollama")
    composer.generative   whether it writes its own words (and so streams them, and may rewrite follow-ups)
    composer.unavailable  why its backend cannot be used here (then every answer is the quoted one), or None
    composer.warm_up()    load whatever is heavy now rather than on the first question
    composer.chat_model() its LangChain chat model (follow-up rewrites use it), or None
    composer.compose(d)   text chunks while it writes, then the final Answer (only that one is verified)
"""
from __future__ import annotations

from typing import Iterator, Protocol, runtime_checkable

from langchain_core.language_models import BaseChatModel

from rag.answers.decide import NOT_FOUND
from rag.types import Answer, Decision


@runtime_checkable
class Composer(Protocol):
    mode: str
    backend: str
    generative: bool
    unavailable: str | None

    def warm_up(self) -> None: ...

    def chat_model(self) -> BaseChatModel | None: ...

    def compose(self, decision: Decision) -> Iterator[str | Answer]: ...


def is_generative(composer: Composer) -> bool:
    """The composer writes its own words and can run here."""
    return composer.generative and not composer.unavailable


def refusal_mode(composer: Composer) -> str:
    """The `mode` a refusal reports: a generative composer's backend (the question was refused before any
    generation, whether or not the backend is there), else the composer's mode."""
    return composer.backend if composer.generative else composer.mode


def not_found(decision: Decision, mode: str, closest: int, message: str | None = None) -> Answer:
    """The document does not answer: says so (and why), and lists the `closest` passages for the reader to judge."""
    retrieval, refusal = decision.retrieval, decision.refusal
    lang = retrieval.language if retrieval.language in NOT_FOUND else "en"
    text = message or (f"{NOT_FOUND[lang]} {refusal.message}" if refusal else NOT_FOUND[lang])
    return Answer(
        question=retrieval.question,
        language=retrieval.language,
        status="not_found",
        answer=text,
        mode=mode,
        retrieved=retrieval.retrieved,
        closest=retrieval.hits[:closest],
        answerable=refusal.probability if refusal else None,
    )
