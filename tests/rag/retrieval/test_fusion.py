"""Fusion on hand-made score arrays: weights, modes, missing signals, passages by their best sentence."""
import numpy as np
import pytest

from rag.retrieval.fusion import (SIGNALS, FusionWeights, Signals, crossing_only, fuse_passages, fuse_sentences,
                                  lead_document_prior, place_missing, share_of_max, zscore)


def only(**weights) -> FusionWeights:
    """Weights with every signal at 0 but those given."""
    return FusionWeights(**({name: 0.0 for name in SIGNALS} | weights))


def test_weighted_mode_is_the_weighted_sum_of_the_signals():
    s = Signals(dense_same_e5=np.array([1.0, 0.0, -1.0]), lexical=np.array([0.0, 1.0, 0.5]))
    assert np.allclose(fuse_sentences(s, only(dense_same_e5=2.0, lexical=1.0)), [2.0, 1.0, -1.5])
    # a heavier lexical weight lets the BM25 match win
    assert int(np.argmax(fuse_sentences(s, only(dense_same_e5=1.0, lexical=3.0)))) == 1


def test_a_missing_signal_counts_as_zero():
    s = Signals(dense_other_e5=np.array([0.5, 2.0]))  # no version in the question's language: no same-language signals
    assert np.allclose(fuse_sentences(s, only(dense_same_e5=5.0, dense_other_e5=1.0)), [0.5, 2.0])


def test_negative_weights_push_down():
    s = Signals(dense_same_use=np.array([1.0, 0.0]), dense_same_e5=np.array([0.5, 0.5]))
    assert np.allclose(fuse_sentences(s, only(dense_same_e5=1.0, dense_same_use=-1.0)), [-0.5, 0.5])


def test_rrf_mode_fuses_ranks_and_ignores_a_lexical_signal_that_matched_nothing():
    dense = np.array([0.9, 0.1, 0.5])
    w = only(mode="rrf", dense_same_e5=1.0, lexical=1.0, rrf_k=1)
    out = fuse_sentences(Signals(dense_same_e5=dense, lexical=np.zeros(3)), w)
    assert np.allclose(out, [1 / 2, 1 / 4, 1 / 3])  # ranks 1, 3, 2 of the dense signal alone
    out = fuse_sentences(Signals(dense_same_e5=dense, lexical=np.array([0.0, 1.0, 0.0])), w)
    assert np.argmax(out) in (0, 1) and out[1] > 1 / 4


def test_crossing_only_keeps_the_signals_that_cross_languages():
    s = Signals(**{name: np.ones(2) for name in SIGNALS})
    kept = crossing_only(s)
    assert [n for n, x in zip(SIGNALS, kept) if x is not None] == ["dense_other_e5", "dense_other_use",
                                                                   "paragraph_other"]


def test_left_out_sentences_score_like_the_aligned_ones_that_stand_where_they_do_across_languages():
    """A partly aligned version's left-out sentences (no same-language signals) are placed among the aligned ones
    by their cross-lingual standing: between them by quantiles, beyond them at the ratio of the spreads."""
    scores = np.array([1.0, 2.0, 3.0, -9.0, -9.0, -9.0])  # the last three: no version in the question's language
    crossing = np.array([10.0, 20.0, 30.0, 25.0, 40.0, 0.0])
    missing = np.array([False, False, False, True, True, True])
    out = place_missing(scores, crossing, missing)
    assert np.allclose(out, [1.0, 2.0, 3.0, 2.5, 4.0, 0.0])  # spreads 0.816 / 8.16: 0.1 per crossing point
    assert int(np.argmax(out)) == 4  # the best across languages is the best
    assert place_missing(scores, crossing, np.zeros(6, dtype=bool)) is scores
    assert place_missing(scores, crossing, np.ones(6, dtype=bool)) is scores  # no version at all: as it was


def test_passages_score_their_best_sentence():
    owner = np.array([0, 0, 1, 2])
    scores = fuse_passages(np.array([0.2, 0.9, 0.5, -1.0]), owner, 4)  # passage 3 has no sentence
    assert np.allclose(scores, [0.9, 0.5, -1.0, -1.0])


def test_weights_are_validated():
    with pytest.raises(ValueError, match="unknown fusion mode"):
        FusionWeights(mode="max")
    with pytest.raises(ValueError, match="finite"):
        FusionWeights(lexical=float("nan"))
    with pytest.raises(ValueError, match="positive"):
        only()
    with pytest.raises(ValueError, match="rrf_k"):
        FusionWeights(rrf_k=0)


def test_weights_round_trip_through_a_vector():
    w = FusionWeights()
    assert FusionWeights.from_vector(w.vector()) == w
    assert list(w.to_dict())[1:-1] == list(SIGNALS)


def test_scalers():
    assert np.allclose(zscore(np.array([1.0, 2.0, 3.0])), [-1.2247, 0.0, 1.2247], atol=1e-4)
    assert np.allclose(share_of_max(np.array([0.0, 2.0, 1.0])), [0.0, 1.0, 0.5])
    assert np.allclose(share_of_max(np.zeros(3)), 0.0)


def test_the_leading_documents_passages_keep_their_scores_and_the_others_lose_the_penalty():
    # passages 0-2 are document 0's, 3-4 document 1's; one sentence per passage
    owner = np.arange(5)
    documents = np.array([0, 0, 0, 1, 1])
    scores = np.array([5.0, 4.0, 4.0, 6.0, 1.0])  # document 1 has the best passage, document 0 the best three
    out = lead_document_prior(scores, owner, documents, depth=3, penalty=1.0)
    assert out.tolist() == [5.0, 4.0, 4.0, 5.0, 0.0]
    assert lead_document_prior(scores, owner, documents, depth=1, penalty=1.0).tolist() == [4.0, 3.0, 3.0, 6.0, 1.0]


def test_one_document_or_no_penalty_leaves_the_scores_alone():
    scores = np.array([3.0, 1.0, 2.0])
    owner = np.array([0, 0, 1])
    assert lead_document_prior(scores, owner, np.array([0, 0]), 3, 1.0) is scores
    assert lead_document_prior(scores, owner, np.array([0, 1]), 3, 0.0) is scores


def test_a_document_whose_section_titles_the_question_names_leads():
    owner = np.arange(5)
    documents = np.array([0, 0, 0, 1, 1])
    scores = np.array([5.0, 4.0, 4.0, 6.0, 1.0])  # document 0 would lead by its three best passages
    assert lead_document_prior(scores, owner, documents, 3, 1.0, titled=[0, 1]).tolist() == [4.0, 3.0, 3.0, 6.0, 1.0]
    # no title named, or as many in both: the passages decide
    for titled in ([0, 0], [1, 1]):
        assert lead_document_prior(scores, owner, documents, 3, 1.0, titled).tolist() == [5.0, 4.0, 4.0, 5.0, 0.0]
