"""BM25 over token lists (bm25s). The tokens come from the caller's tokenizer (jieba for Chinese, English stems);
only the token lists are persisted (JSON), the sparse matrix is rebuilt on load in milliseconds."""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import NamedTuple

import bm25s
import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)

METHODS = ("robertson", "lucene", "atire", "bm25l", "bm25+")


@dataclass(frozen=True)
class BM25Params:
    """bm25s's hyperparameters, saved with the index (a change rebuilds it)."""

    k1: float = 1.5
    b: float = 0.75
    method: str = "lucene"

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown BM25 method {self.method!r}; choose one of: {', '.join(METHODS)}")
        if not (self.k1 > 0 and 0 <= self.b <= 1):
            raise ValueError(f"BM25 needs k1 > 0 and 0 <= b <= 1 (got k1={self.k1}, b={self.b})")

    def to_dict(self) -> dict:
        return asdict(self)


class BM25Index(NamedTuple):
    retriever: bm25s.BM25
    vocabulary: frozenset[str]
    size: int

    @classmethod
    def from_tokens(cls, corpus_tokens: list[list[str]], params: BM25Params | None = None) -> "BM25Index":
        p = params or BM25Params()
        retriever = bm25s.BM25(k1=p.k1, b=p.b, method=p.method)
        # bm25s needs at least one token per document; an empty unit gets a placeholder that no query holds.
        retriever.index([toks or ["\u2205"] for toks in corpus_tokens] or [["\u2205"]], show_progress=False)
        return cls(retriever, frozenset(t for toks in corpus_tokens for t in toks), len(corpus_tokens))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every unit; all zeros when no query token occurs in the corpus."""
        known = [t for t in query_tokens if t in self.vocabulary]
        if not known or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)[: self.size]
