"""BM25 over token lists (bm25s). The tokens come from the caller's tokenizer (jieba for Chinese, English stems);
only the token lists are persisted (JSON), the sparse matrix is rebuilt on load in milliseconds.

A term's weight in BM25 (its IDF) comes from the collection an index is built over, so the scores of indexes built
apart do not compare: a word in most paragraphs of a long document weighs little there, and much in a short
document that uses it once. `collection_idf` gives the terms' weights over several indexes as one collection, and
`scores(tokens, idf)` scores an index's units with them: each term's part of a unit's score keeps the unit's own
term frequency and length normalisation (relative to its own document's units) and takes the collection's weight.
"""
from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Callable, Mapping, NamedTuple, Sequence

import bm25s
import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)

METHODS = ("robertson", "lucene", "atire", "bm25l", "bm25+")

# IDF of a term in `df` of `n` units, per method, as bm25s computes it (Kamphuis et al., ECIR 2020).
IDF: dict[str, Callable[[int, int], float]] = {
    "robertson": lambda df, n: math.log(max(1.0, (n - df + 0.5) / (df + 0.5))),
    "lucene": lambda df, n: math.log(1 + (n - df + 0.5) / (df + 0.5)),
    "atire": lambda df, n: math.log(n / df),
    "bm25l": lambda df, n: math.log((n + 1) / (df + 0.5)),
    "bm25+": lambda df, n: math.log((n + 1) / df),
}


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
    doc_freqs: Mapping[str, int] = {}  # term -> how many units hold it
    params: BM25Params = BM25Params()

    @classmethod
    def from_tokens(cls, corpus_tokens: list[list[str]], params: BM25Params | None = None) -> "BM25Index":
        p = params or BM25Params()
        retriever = bm25s.BM25(k1=p.k1, b=p.b, method=p.method)
        # bm25s needs at least one token per document; an empty unit gets a placeholder that no query holds.
        retriever.index([toks or ["\u2205"] for toks in corpus_tokens] or [["\u2205"]], show_progress=False)
        freqs = Counter(t for toks in corpus_tokens for t in set(toks))
        return cls(retriever, frozenset(freqs), len(corpus_tokens), dict(freqs), p)

    def idf(self, term: str) -> float:
        """The term's weight in this index alone."""
        return IDF[self.params.method](self.doc_freqs.get(term, 0), max(1, self.size))

    def scores(self, query_tokens: list[str], idf: Mapping[str, float] | None = None) -> np.ndarray:
        """BM25 score of every unit; all zeros when no query token occurs in the corpus. `idf`: the terms' weights
        to use instead of this index's own (`collection_idf`); a term whose own weight is 0 (Robertson's IDF of a
        term in more than half of the units) adds nothing either way."""
        known = [t for t in query_tokens if t in self.vocabulary]
        if not known or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        if idf is None:
            return np.asarray(self.retriever.get_scores(known), dtype=np.float32)[: self.size]
        out = np.zeros(self.size, dtype=np.float64)
        for term in known:  # a repeated token counts twice, as it does in bm25s
            own = self.idf(term)
            if own > 0:
                weight = idf.get(term, own) / own  # a term `idf` lacks keeps its own weight
                out += np.asarray(self.retriever.get_scores([term]), dtype=np.float64)[: self.size] * weight
        return out.astype(np.float32)


def collection_idf(indexes: Sequence[BM25Index], terms: Sequence[str],
                   params: BM25Params | None = None) -> dict[str, float]:
    """The weight of each of `terms` over the units of all `indexes` taken as one collection."""
    method = (params or (indexes[0].params if indexes else BM25Params())).method
    units = max(1, sum(i.size for i in indexes))
    freqs = {t: sum(i.doc_freqs.get(t, 0) for i in indexes) for t in dict.fromkeys(terms)}
    return {t: IDF[method](df, units) for t, df in freqs.items() if df}  # a term no unit holds scores nothing
