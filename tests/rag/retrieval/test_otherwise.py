"""A subject said in other words (rag/retrieval/otherwise.py), with a made-up encoder whose vectors are known."""
import numpy as np

from rag.retrieval.otherwise import WordVectors, said_otherwise, sentence_words

# made-up word vectors: "rapid" and "quick" point the same way, "famine" elsewhere
VECTORS = {"rapid": (1.0, 0.1, 0.0), "quick": (1.0, 0.0, 0.0), "famine": (0.0, 0.0, 1.0), "harbour": (0.0, 1.0, 0.0),
           "response": (0.3, 0.9, 0.1)}


class Encoder:
    def __init__(self):
        self.calls = 0

    def embed_queries(self, texts):
        self.calls += 1
        return [VECTORS.get(t, (0.5, 0.5, 0.5)) for t in texts]

    embed_documents = embed_queries


def test_the_words_of_sentences_drop_stop_words_and_keep_both_languages():
    words = sentence_words(["The harbour gave a quick response.", "港口作出了迅速反应。"])
    assert {"harbour", "quick", "response", "港口"} <= set(words) and "the" not in words and "a" not in words


def test_a_subject_is_there_when_a_sentence_says_it_in_other_words():
    enc = Encoder()
    vectors = WordVectors(enc)
    found = said_otherwise(["rapid", "famine"], ["The harbour gave a quick response."], vectors, threshold=0.95)
    assert found == {"rapid"}  # cos(rapid, quick) = 0.995; famine is near no word
    assert said_otherwise(["rapid"], ["The harbour gave a quick response."], vectors, threshold=0.999) == set()
    calls = enc.calls
    assert said_otherwise(["rapid"], [], vectors, 0.5) == set() and said_otherwise([], ["quick"], vectors, 0.5) == set()
    assert enc.calls == calls  # nothing to compare: the encoder is not called


def test_a_words_vector_is_computed_once_and_the_oldest_go_past_capacity():
    enc = Encoder()
    vectors = WordVectors(enc, capacity=2)
    vectors.passages(["quick", "harbour"])
    calls = enc.calls
    assert np.allclose(vectors.passages(["harbour", "quick"])[1], np.asarray(VECTORS["quick"]))
    assert enc.calls == calls  # both known: no encoding
    vectors.passages(["famine"])
    assert list(vectors._passage) == ["harbour", "famine"]
