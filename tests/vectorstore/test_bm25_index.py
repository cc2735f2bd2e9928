"""BM25 term weights over several indexes (vectorstore/bm25_index.py) on made-up token lists: the collection's
IDF of one index is that index's own (every method), and over a long and a short index it ranks by the terms that
are rare in both rather than by the short index's own weights of words common to both."""
from __future__ import annotations

import numpy as np
import pytest

from vectorstore.bm25_index import METHODS, BM25Index, BM25Params, collection_idf

CORPUS = [["a", "b", "c"], ["a", "a", "d"], ["e"], ["b", "c", "c", "f"], []]


@pytest.mark.parametrize("method", METHODS)
def test_one_index_weighted_by_its_own_collection_scores_as_bm25s_does(method):
    index = BM25Index.from_tokens(CORPUS, BM25Params(method=method))
    query = ["a", "c", "c", "zz"]
    assert np.allclose(index.scores(query, collection_idf([index], query)), index.scores(query), rtol=1e-5)
    assert index.doc_freqs == {"a": 2, "b": 2, "c": 2, "d": 1, "e": 1, "f": 1}


def _filler(k: int) -> list[str]:
    return [f"w{k}a", f"w{k}b", f"w{k}c"]


def test_words_common_in_a_long_index_do_not_outweigh_its_rare_ones_in_a_short_one():
    # a long document: "secretary" and "council" in every unit, "aspects" in ten, "vision" in the gold unit only;
    # a short one: one unit with the three common words and no "vision"
    long_units = [["secretary", "council", *(["aspects"] if k < 10 else []), *_filler(k)] for k in range(30)]
    long_units[20] = ["secretary", "council", "vision", *_filler(20)]
    short_units = [["secretary", "council", "aspects", *_filler(100)], *([*_filler(k), *_filler(k + 50)] for k in range(101, 104))]
    long_ix, short_ix = BM25Index.from_tokens(long_units), BM25Index.from_tokens(short_units)
    query = ["secretary", "council", "aspects", "vision"]
    # each index's own weights: the short document's unit outscores the long one's gold unit
    assert short_ix.scores(query).max() > long_ix.scores(query)[20]
    idf = collection_idf([long_ix, short_ix], query)
    assert idf["vision"] > idf["aspects"] > idf["secretary"] > 0
    long_scores, short_scores = long_ix.scores(query, idf), short_ix.scores(query, idf)
    assert long_scores.argmax() == 20 and long_scores[20] > short_scores.max()


def test_terms_no_unit_holds_get_no_weight_and_a_missing_weight_is_the_own_one():
    index = BM25Index.from_tokens(CORPUS, BM25Params(method="atire"))  # atire's IDF divides by the frequency
    assert collection_idf([index], ["a", "nowhere"]) == {"a": pytest.approx(np.log(5 / 2))}
    assert np.allclose(index.scores(["a"], {}), index.scores(["a"]))
    assert not index.scores(["nowhere"], {}).any()
