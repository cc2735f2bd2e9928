"""A subject said in other words: a term of a keyword query ("faster", 记录) that no searched document holds in any
form, but that a sentence the answer would quote says otherwise ("more quickly", 纪录). The word's multilingual-e5
vector is compared with the vectors of those sentences' own words, in every version; at `threshold` cosine or
above, the word is there. Written here because no library answers "is this term said in these sentences in other
words"; the encoder is the one retrieval already holds (vectorstore/embeddings.py).

Measured on the read question sets (README, "When the document does not say"): the words a document says otherwise
(faster / quickly, 记录 / 纪录, persons / people) sit at 0.908-0.915 from their closest word of the document; absent
subjects (famine, 网络安全, treaty, 移民) at 0.899 or less. Opposites sit close too (反对 / 支持): the acts a question
presumes are not looked for so (rag/retrieval/retriever.py).
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from rag.analysis.text import content_words, english_words
from rag.analysis.words import CJK, EN_STOPWORDS, STOPWORDS
from vectorstore.embeddings import Encoder


def sentence_words(texts: Iterable[str]) -> list[str]:
    """The distinct words of some sentences that could say a subject: Chinese content words, English words without
    stop words, of two letters or more."""
    words: list[str] = []
    for text in texts:
        if CJK.search(text):
            words += content_words(text)
        words += [w for w in english_words(text) if len(w) > 1 and not w.isdigit() and w not in EN_STOPWORDS
                  and w not in STOPWORDS]
    return list(dict.fromkeys(words))


class WordVectors:
    """The e5 vectors of single words, each computed once (a sentence's words recur across questions), up to
    `capacity` words; the oldest go first."""

    def __init__(self, encoder: Encoder, capacity: int = 50_000):
        self.encoder, self.capacity = encoder, capacity
        self._passage: dict[str, np.ndarray] = {}

    def queries(self, words: Sequence[str]) -> np.ndarray:
        return _unit(np.asarray(self.encoder.embed_queries(list(words)), dtype=np.float32))

    def passages(self, words: Sequence[str]) -> np.ndarray:
        new = [w for w in words if w not in self._passage]
        if new:
            for w, v in zip(new, _unit(np.asarray(self.encoder.embed_documents(new), dtype=np.float32))):
                self._passage[w] = v
            for old in list(self._passage)[:max(0, len(self._passage) - self.capacity)]:
                self._passage.pop(old, None)  # another thread may have dropped it
        known = [self._passage.get(w) for w in words]  # past capacity, a word may have gone again
        return np.stack([v if v is not None else
                         _unit(np.asarray(self.encoder.embed_documents([w]), dtype=np.float32))[0]
                         for w, v in zip(words, known)])


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def said_otherwise(subjects: Sequence[str], texts: Iterable[str], vectors: WordVectors, threshold: float) -> set[str]:
    """Which of `subjects` (words no document holds) the `texts` say in other words: a word of theirs within
    `threshold` cosine of the subject's e5 vector."""
    words = sentence_words(texts)
    if not subjects or not words:
        return set()
    best = (vectors.queries(subjects) @ vectors.passages(words).T).max(axis=1)
    return {s for s, b in zip(subjects, best) if b >= threshold}
