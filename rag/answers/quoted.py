"""The quoted composer: the document's own sentences, the ones the decide stage selected, quoted in the question's
language when the document has a version in it, each citing the original. No model, no network; instant."""
from __future__ import annotations

from typing import Iterator, Sequence

from langchain_core.language_models import BaseChatModel

from rag.types import Answer, Citation, Decision, SentenceHit, cite_sentence

# An answer that can only quote the original (the document has no version in the question's language) says so.
ORIGINAL_ONLY = {"en": "The document (Chinese text) says: ", "zh": "文件原文（英文）写道："}


def as_answer_sentence(text: str) -> str:
    """A quoted sentence as it reads on its own: a capital first letter, and a full stop where a semicolon ended it
    in the middle of its paragraph (the quote itself stays verbatim in the citation)."""
    text = text.strip()
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text[:-1] + "." if text.endswith(";") else text


def cite(sentences: Sequence[SentenceHit], language: str | None = None) -> tuple[str, list[Citation]]:
    """Answer text in `language` (default: the document's) with one [n] per sentence, and one citation per
    sentence: the original's sentence as the quote, its wording in `language` as the translation."""
    citations: list[Citation] = []
    parts = []
    for s in sentences:
        n = len(citations) + 1
        citation = cite_sentence(n, s, language or s.passage.language)
        citations.append(citation)
        shown = as_answer_sentence(citation.translation.quote) if citation.translation else citation.quote
        parts.append(f"{shown}[{n}]")
    joined = "".join(parts) if all(not p[0].isascii() for p in parts) else " ".join(parts)
    return joined, citations


class QuotedComposer:
    """Quotes the selected sentences: no model, no network, every claim verbatim."""

    generative = False
    backend = "extractive"

    def __init__(self, mode: str = "extractive", unavailable: str | None = None):
        self.mode = mode  # "extractive", or what it stands in for ("extractive (fallback: …)")
        self.unavailable = unavailable  # why the generative backend it stands in for is not there

    def warm_up(self) -> None:
        """Nothing to load."""

    def chat_model(self) -> BaseChatModel | None:
        return None

    def answer(self, decision: Decision) -> Answer:
        """The quoted answer for an answerable decision."""
        retrieval = decision.retrieval
        text, citations = cite(decision.selected, retrieval.language)
        if any(c.translation is None and c.passage.language != retrieval.language for c in citations):
            text = ORIGINAL_ONLY[retrieval.language] + text
        return Answer(question=retrieval.question, language=retrieval.language, status="answered", answer=text,
                      mode=self.mode, citations=citations, retrieved=retrieval.retrieved)

    def compose(self, decision: Decision) -> Iterator[str | Answer]:
        """No words to stream: the final answer at once."""
        yield self.answer(decision)
