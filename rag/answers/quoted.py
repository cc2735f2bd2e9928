"""The extractive answerer: the document's own sentences, quoted, in the question's language when the document has
a version in it, each citing the original. No model, no network; instant."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from rag.answers.composer import not_found
from rag.config import Settings
from rag.answers.decide import decide
from rag.types import Answer, Citation, Retrieval, SentenceHit, cite_sentence

CANDIDATE_PASSAGES = 3
# An answer that can only quote the original (the document has no version in the question's language) says so.
ORIGINAL_ONLY = {"en": "The document (Chinese text) says: ", "zh": "文件原文（英文）写道："}


def select_sentences(retrieval: Retrieval, settings: Settings) -> list[SentenceHit]:
    """The best sentence of the top passages, plus up to two more that score nearly as well.

    "Nearly as well" is measured against the typical sentence: a sentence joins when its lift over the median
    sentence score is at least `extra_sentence_ratio` of the best sentence's lift.
    """
    allowed = {h.passage.id for h in retrieval.hits[:CANDIDATE_PASSAGES]}
    pool = [s for s in retrieval.sentences if s.passage.id in allowed]
    if not pool:
        return []
    median = float(np.median([s.score for s in retrieval.sentences]))
    best = pool[0]
    lift = best.score - median
    chosen = [best]
    for s in pool[1:]:
        if len(chosen) >= settings.max_answer_sentences:
            break
        if lift > 0 and (s.score - median) >= settings.extra_sentence_ratio * lift:
            chosen.append(s)
    return chosen


def as_answer_sentence(text: str) -> str:
    """A quoted sentence as it reads on its own: a capital first letter, and a full stop where a semicolon ended it
    in the middle of its paragraph (the quote itself stays verbatim in the citation)."""
    text = text.strip()
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text[:-1] + "." if text.endswith(";") else text


def cite(sentences: list[SentenceHit], language: str | None = None) -> tuple[str, list[Citation]]:
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


class ExtractiveAnswerer:
    """Quotes the document's own sentences: no model, no network, every claim verbatim."""

    generative = False

    def __init__(self, settings: Settings, mode: str = "extractive", unavailable: str | None = None):
        self.settings = settings
        self.mode = mode  # "extractive", or what it stands in for ("extractive (fallback: …)")
        self.unavailable = unavailable  # why the generative backend it stands in for is not there

    def warm_up(self) -> None:
        """Nothing to load."""

    def answer(self, retrieval: Retrieval) -> Answer:
        top_k = self.settings.top_k
        sentences = select_sentences(retrieval, self.settings)
        refusal = decide(retrieval, sentences, self.settings.answerability)
        if refusal:
            return not_found(retrieval, self.mode, refusal, top_k)
        text, citations = cite(sentences, retrieval.language)
        if any(c.translation is None and c.passage.language != retrieval.language for c in citations):
            text = ORIGINAL_ONLY[retrieval.language] + text
        return Answer(
            question=retrieval.question,
            language=retrieval.language,
            status="answered",
            answer=text,
            mode=self.mode,
            citations=citations,
            retrieved=retrieval.hits[:top_k],
        )

    def stream(self, retrieval: Retrieval) -> Iterator[str | Answer]:
        """No words to stream: the final answer at once."""
        yield self.answer(retrieval)
