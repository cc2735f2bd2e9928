"""Chinese-aware BM25 (bm25s over jieba tokens). Only the token lists are persisted (JSON); the sparse
matrix is rebuilt on load in milliseconds."""
from __future__ import annotations

from typing import NamedTuple

import logging

import bm25s

logging.getLogger("bm25s").setLevel(logging.WARNING)
import numpy as np


class BM25Index(NamedTuple):
    retriever: bm25s.BM25
    vocabulary: frozenset[str]
    size: int

    @classmethod
    def from_tokens(cls, corpus_tokens: list[list[str]]) -> "BM25Index":
        retriever = bm25s.BM25()
        # bm25s needs at least one token per document; an empty unit gets a placeholder that no query holds.
        retriever.index([toks or ["\u2205"] for toks in corpus_tokens], show_progress=False)
        return cls(retriever, frozenset(t for toks in corpus_tokens for t in toks), len(corpus_tokens))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every unit; all zeros when no query token occurs in the corpus."""
        known = [t for t in query_tokens if t in self.vocabulary]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)
