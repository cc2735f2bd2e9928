"""The offline extractive answerer and the refusal rule it shares with every other answerer."""
from __future__ import annotations

from typing import Protocol

import numpy as np

from rag.config import Settings
from rag.text import has_quantity
from rag.types import Answer, Citation, Retrieval, SentenceHit, cite_sentence

NOT_FOUND = {
    "zh": "文件中没有提到这一点。",
    "en": "The document does not say.",
}
NOT_FOUND_WHY = {
    "names": {"zh": "文件从未提及：{names}。", "en": "The document never mentions: {names}."},
    "off_topic": {"zh": "文件中没有与这个问题相关的段落。", "en": "No passage of the document is about this question."},
    "scattered": {"zh": "文件虽提到{words}，但从未在同一段落中一并论及。",
                  "en": "The document mentions {words}, but never together in one paragraph."},
    "no_figure": {"zh": "问题问的是数量，但相关段落中没有任何数字。",
                  "en": "The question asks for a number, and the passages about it give none."},
}
CANDIDATE_PASSAGES = 3
# An answer that can only quote the original (the document has no version in the question's language) says so.
ORIGINAL_ONLY = {"en": "The document (Chinese text) says: ", "zh": "文件原文（英文）写道："}


class Answerer(Protocol):
    """Anything that turns a retrieval into an answer (extractive here; LLM backends elsewhere)."""

    mode: str

    def answer(self, retrieval: Retrieval) -> Answer: ...


def refusal_reason(retrieval: Retrieval, settings: Settings) -> str | None:
    """Why the document cannot answer this question, or None when it can.

    The rule, calibrated on the development questions (21 answerable, 8 not):
    1. the question names someone, somewhere or a number (jieba's name tags; capitalised English words; any
       number of two or more digits), or uses an English word that CC-CEDICT translates into nothing the document
       holds, that the document never mentions: "冈比亚", "2018", "Russian", "nuclear" (rag/retrieve.py);
    2. or no sentence of the document is on topic: the best USE-m3 cosine between the question and any sentence
       is below `min_use_similarity` (0.2), and no paragraph holds two of the question's words, or its only one (a
       question whose words meet in one paragraph, "What did Guterres say about mediation?", is on topic whatever
       USE says). Answerable questions scored 0.29 to 0.59; off-topic ones such as
       "Write me a poem about the ocean" or "古特雷斯是哪个国家的人？" 0.08 to 0.16. The e5 scores do not separate the
       two groups (every question scores 0.75 to 0.94 against its best sentence), so they are not used here;
    3. or the question has two or more topic words but no paragraph holds two of them together ("What is the
       capital of Sweden?": Sweden appears, a capital city never does). Every answerable development question
       had at least two of its words in its gold paragraph;
    4. or the question asks for a quantity ("How many peacekeepers…", "多少…") and the sentences the answer would
       quote (`select_sentences`) state no count or amount (a date, a year or an article number is none): quoting
       them would answer a different question.
    """
    lang = retrieval.language
    if retrieval.unknown_names:
        return NOT_FOUND_WHY["names"][lang].format(names=", ".join(retrieval.unknown_names))
    # The question's words meet in one paragraph: two of them, or its only one ("What does the paper say about
    # mediation?").
    together = retrieval.best_cooccurrence >= min(2, max(1, retrieval.content_words))
    if retrieval.best_use < settings.min_use_similarity and not together:
        return NOT_FOUND_WHY["off_topic"][lang]
    if retrieval.content_words >= 2 and not together:
        if len(retrieval.matched_words) >= 2:
            sep = "、" if lang == "zh" else ", "
            return NOT_FOUND_WHY["scattered"][lang].format(words=sep.join(retrieval.matched_words))
        return NOT_FOUND_WHY["off_topic"][lang]
    if retrieval.query.asks_quantity and not any(has_quantity(s.text) for s in select_sentences(retrieval, settings)):
        return NOT_FOUND_WHY["no_figure"][lang]
    return None


def not_found(retrieval: Retrieval, mode: str, reason: str, top_k: int) -> Answer:
    return Answer(
        question=retrieval.question,
        language=retrieval.language,
        status="not_found",
        answer=f"{NOT_FOUND[retrieval.language]} {reason}",
        mode=mode,
        retrieved=retrieval.hits[:top_k],
    )


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

    mode = "extractive"
    unavailable: str | None = None  # set when this answerer stands in for a generative backend that is not there

    def __init__(self, settings: Settings):
        self.settings = settings

    def answer(self, retrieval: Retrieval) -> Answer:
        top_k = self.settings.top_k
        reason = refusal_reason(retrieval, self.settings)
        if reason:
            return not_found(retrieval, self.mode, reason, top_k)
        sentences = select_sentences(retrieval, self.settings)
        if not sentences:
            return not_found(retrieval, self.mode, NOT_FOUND_WHY["off_topic"][retrieval.language], top_k)
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
