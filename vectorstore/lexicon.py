"""A cross-lingual lexicon: English words of a question mapped to the document's own Chinese terms.

BM25 cannot match an English question against Chinese text. Each term of the document's vocabulary is embedded
once (both encoders); an English word is mapped to the few terms nearest to it in both spaces, and only where
both encoders agree it is close. The mapped terms then feed BM25 like a Chinese question's tokens would.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

# Thresholds read off the development questions' words: content words map to their translation above them
# (e.g. responsibility→责任 0.91/0.89), while words with no counterpart in the text stay below (Russian→瑞典 0.83/0.49).
MIN_E5 = 0.84
MIN_USE = 0.60
CANDIDATES = 2


class Translation(NamedTuple):
    word: str
    terms: tuple[str, ...]  # document terms the word maps to (empty: the document has no counterpart)
    best_use: float  # USE cosine of the nearest document term: how sure we are the word has a counterpart
    in_dictionary: bool = False  # CC-CEDICT knows the word (vectorstore/dictionary.py): no terms then means none exist


class Lexicon(NamedTuple):
    terms: tuple[str, ...]
    e5: np.ndarray  # (n_terms, d) L2-normalised
    use: np.ndarray

    def translate(self, words: list[str], e5_vectors: np.ndarray, use_vectors: np.ndarray) -> list[Translation]:
        out = []
        if not self.terms:
            return [Translation(w, (), 0.0) for w in words]
        for word, qe, qu in zip(words, e5_vectors, use_vectors):
            s_e5, s_use = self.e5 @ qe, self.use @ qu
            best = np.argsort(-(s_e5 + s_use))[:CANDIDATES]
            terms = tuple(self.terms[i] for i in best if s_e5[i] >= MIN_E5 and s_use[i] >= MIN_USE)
            out.append(Translation(word, terms, float(s_use.max())))
        return out
