"""Score fusion: the retrieval signals of every aligned sentence combined into one score, and passages ranked by
their best sentence.

Signals, for a question in language L over a document with versions in L and in another language O; each is an
array over the document's sentences (a paragraph's signal is given to each of its sentences):
    dense_same_e5, dense_same_use    z(cosine) of the question and the L version's sentence, per encoder
    dense_other_e5, dense_other_use  the same against the O version's sentence (cross-lingual)
    lexical                          BM25 of the question's tokens over the L version's sentence, as a share of the
                                     best sentence's (0 where nothing matched: BM25 votes only where it found a term)
    paragraph_same, paragraph_other  mean z(cosine) of the whole paragraph, L and O versions
    paragraph_lexical                BM25 over the L version's paragraph, as a share of the best paragraph's
    coverage                         share of the question's topic words found in the paragraph (titles included)
    title                            share of the question's topic words found in the paragraph's section titles

Modes (`FusionMode`):
    weighted   score = Σ weight · signal (a linear model: the weights are fitted by logistic regression on the
               development questions, scripts/tune_fusion.py)
    rrf        reciprocal-rank fusion of the same signals: Σ weight / (rrf_k + rank), for signals with weight > 0

z() standardises a signal over the document, so that the encoders' different scales add up. A signal that does
not exist (the document has no version in the question's language) is zero. The weights live in
`rag.config.Settings.fusion` and are stored with the index (params.index.json).

Written by hand: a few lines of numpy over score arrays; no library fuses per aligned sentence.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from enum import Enum
from typing import NamedTuple, Sequence

import numpy as np


class FusionMode(str, Enum):
    WEIGHTED = "weighted"
    RRF = "rrf"


SIGNALS = ("dense_same_e5", "dense_same_use", "dense_other_e5", "dense_other_use", "lexical",
           "paragraph_same", "paragraph_other", "paragraph_lexical", "coverage", "title")


@dataclass(frozen=True)
class FusionWeights:
    """One weight per signal (see the module docstring) and the mode; validated on creation.

    Defaults: logistic regression on the 91 answerable development questions (scripts/tune_fusion.py, C=1.0), rounded."""

    mode: str = FusionMode.WEIGHTED.value
    dense_same_e5: float = 0.79
    dense_same_use: float = -0.7
    dense_other_e5: float = 1.49
    dense_other_use: float = 1.42
    lexical: float = 4.14
    paragraph_same: float = 0.65
    paragraph_other: float = -0.77
    paragraph_lexical: float = 3.58
    coverage: float = 1.27
    title: float = 1.74
    rrf_k: int = 60

    def __post_init__(self):
        modes = [m.value for m in FusionMode]
        if self.mode not in modes:
            raise ValueError(f"unknown fusion mode {self.mode!r}; choose one of: {', '.join(modes)}")
        for name in SIGNALS:
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"fusion weight {name} must be a finite number (got {value!r})")
        if not any(self.weight(name) > 0 for name in SIGNALS):
            raise ValueError("at least one fusion weight must be positive")
        if self.rrf_k < 1:
            raise ValueError(f"rrf_k must be >= 1 (got {self.rrf_k})")

    def weight(self, signal: str) -> float:
        return float(getattr(self, signal))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_vector(cls, weights, mode: str = FusionMode.WEIGHTED.value, digits: int = 2) -> "FusionWeights":
        """Weights in `SIGNALS` order (e.g. a fitted model's coefficients)."""
        return cls(mode=mode, **{name: round(float(w), digits) for name, w in zip(SIGNALS, weights)})

    def vector(self) -> np.ndarray:
        return np.asarray([self.weight(name) for name in SIGNALS], dtype=np.float64)


class Signals(NamedTuple):
    """Per-sentence signals, each an array over the same sentences (None: the signal does not exist here)."""

    dense_same_e5: np.ndarray | None = None
    dense_same_use: np.ndarray | None = None
    dense_other_e5: np.ndarray | None = None
    dense_other_use: np.ndarray | None = None
    lexical: np.ndarray | None = None
    paragraph_same: np.ndarray | None = None
    paragraph_other: np.ndarray | None = None
    paragraph_lexical: np.ndarray | None = None
    coverage: np.ndarray | None = None
    title: np.ndarray | None = None

    def size(self) -> int:
        return next((len(x) for x in self if x is not None), 0)

    def matrix(self) -> np.ndarray:
        """(sentences, signals) in `SIGNALS` order, zeros for a missing signal."""
        n = self.size()
        return np.stack([np.zeros(n) if x is None else np.asarray(x, dtype=np.float64) for x in self], axis=1)


def zscore(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean()) / (x.std() + 1e-9) if len(x) else x


def share_of_max(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    top = float(x.max()) if len(x) else 0.0
    return x / top if top > 0 else np.zeros_like(x)


def _ranks(x: np.ndarray) -> np.ndarray:
    """1-based ranks, best (highest) first; ties in position order."""
    order = np.argsort(-x, kind="stable")
    ranks = np.empty(len(x), dtype=np.float64)
    ranks[order] = np.arange(1, len(x) + 1)
    return ranks


def fuse_sentences(signals: Signals, w: FusionWeights) -> np.ndarray:
    """One score per sentence (higher is better)."""
    if w.mode == FusionMode.RRF.value:
        out = np.zeros(signals.size())
        for name, x in zip(SIGNALS, signals):
            if x is None or w.weight(name) <= 0 or not np.any(np.asarray(x) != np.asarray(x)[0]):
                continue  # absent, unweighted, or constant (BM25 that matched nothing: its ranks would be file order)
            out += w.weight(name) / (w.rrf_k + _ranks(np.asarray(x, dtype=np.float64)))
        return out
    return signals.matrix() @ w.vector()


SAME_LANGUAGE = ("dense_same_e5", "dense_same_use", "lexical", "paragraph_same", "paragraph_lexical", "coverage",
                 "title")


def crossing_only(signals: Signals) -> Signals:
    """The signals that cross languages alone: what a document with no version in the question's language has."""
    return signals._replace(**{name: None for name in SAME_LANGUAGE})


def place_missing(scores: np.ndarray, crossing_scores: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """One document's `scores` where its sentences with no version in the question's language (`missing`: the units a
    partly aligned version leaves out), which the same-language signals cannot see, are given the score of its
    aligned sentences that stand where they stand by the cross-lingual signals alone
    (`crossing_scores`): quantile mapping, extended beyond the aligned sentences' range at the ratio of the two
    scores' spreads. Unchanged when every sentence, or none, has a version in the question's language."""
    aligned = ~missing
    if not missing.any() or not aligned.any():
        return scores
    xs, ys = np.sort(crossing_scores[aligned]), np.sort(scores[aligned])
    x = crossing_scores[missing]
    ratio = ys.std() / (xs.std() + 1e-9)
    mapped = np.interp(x, xs, ys)
    mapped = np.where(x > xs[-1], ys[-1] + (x - xs[-1]) * ratio, mapped)
    mapped = np.where(x < xs[0], ys[0] + (x - xs[0]) * ratio, mapped)
    out = np.asarray(scores, dtype=np.float64).copy()
    out[missing] = mapped
    return out


def fuse_passages(sentence_scores: np.ndarray, owner: np.ndarray, n_passages: int) -> np.ndarray:
    """One score per passage: its best sentence's. `owner[i]` is the passage of sentence i; a passage without
    sentences gets the lowest sentence score."""
    best = np.full(n_passages, -np.inf)
    if len(sentence_scores):
        np.maximum.at(best, owner, sentence_scores)
    best[np.isinf(best)] = float(sentence_scores.min()) if len(sentence_scores) else 0.0
    return best


def lead_document_prior(sentence_scores: np.ndarray, owner: np.ndarray, passage_document: np.ndarray,
                        depth: int, penalty: float, titled: Sequence[int] | None = None,
                        named: Sequence[int] = ()) -> np.ndarray:
    """Sentence scores with the other documents' lowered by `penalty`, after the leading document: the one
    document the question names (`named`: positions, rag/retrieval/named.py; the others then all rank after it),
    else the one whose section titles hold more of the question's words than any other's (`titled[d]`: how many; "根据结论…", "the
    conclusion says…" name a part of one document), else the one whose `depth` best passages sum highest
    (`passage_document[j]`: the document of passage j). Over a library of documents on one theme, a question
    written about one of them finds its answer there more often than the single best-scoring passage says: a stray
    on-subject passage of another document (a resolution's 'requests the Secretary-General…') no longer comes between
    the leading document's own passages unless it is clearly better. Measured in the README ("S/2017/105 with other
    documents in the library"). One document, or `penalty` 0: unchanged."""
    documents = np.unique(passage_document)
    if penalty <= 0 or len(documents) < 2 or not len(sentence_scores):
        return sentence_scores
    if len(set(named)) == 1:  # a document the question names by symbol: its passages first, the others after
        lead, penalty = int(named[0]), penalty + float(np.ptp(sentence_scores))
    elif titled is not None and max(titled) > 0 and list(titled).count(max(titled)) == 1:
        lead = int(np.argmax(titled))
    else:
        passage = fuse_passages(sentence_scores, owner, len(passage_document))
        strength = [np.sort(passage[passage_document == d])[::-1][:depth].sum() for d in documents]
        lead = documents[int(np.argmax(strength))]
    return np.where(passage_document[owner] == lead, sentence_scores, sentence_scores - penalty)
