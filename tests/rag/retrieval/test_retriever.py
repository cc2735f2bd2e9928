"""The library's retriever (rag/retrieval/retriever.py) on made-up documents standing in for indexed ones (no
models). BM25 over the searched documents together (`Scope.lexical`): one document keeps its own BM25, a document
without the question's language gets None, and a short document no longer outranks a long one on the words both
use everywhere. The decision's evidence (`HybridRetriever.evidence`): the union's, and each document's own."""
from __future__ import annotations

import numpy as np

from rag.analysis.forms import DocumentForms, document_words
from rag.analysis.query import analyze
from rag.analysis.text import squash, tokenize_en
from rag.config import RetrievalSettings
from rag.retrieval.retriever import HybridRetriever, Scope
from rag.types import DocumentEvidence, Passage
from vectorstore.bm25_index import BM25Index


class Doc:
    """What Scope reads of a DocumentIndex: passages, sentence owners, aligned sentences, BM25 per version."""

    def __init__(self, units: dict[str, list[list[str]]], symbol: str = "D"):
        self.id = symbol
        self.indexes = {lang: BM25Index.from_tokens(toks) for lang, toks in units.items()}
        n = max(len(t) for t in units.values())
        self.passages, self.sentence_owner, self.aligned = [None] * n, np.arange(n), [()] * n

    def bm25(self, language: str, unit: str) -> BM25Index | None:
        return self.indexes.get(language)

    def placed(self, language: str, unit: str, values):  # every version complete: the values where they are
        return values


def _filler(k: int) -> list[str]:
    return [f"w{k}a", f"w{k}b", f"w{k}c"]


# A long document with "secretary" and "council" in every sentence and "vision" in one; a short one whose first
# sentence has the common words and "aspects" (rare in it), and no "vision".
LONG = [["secretary", "council", *(["aspects"] if k < 10 else []), *_filler(k)] for k in range(30)]
LONG[20] = ["secretary", "council", "vision", *_filler(20)]
SHORT = [["secretary", "council", "aspects", *_filler(100)], *([*_filler(k), *_filler(k + 50)] for k in range(101, 104))]
QUERY = analyze("What vision did the Secretary-General set out to the Council, in which aspects?")._replace(
    tokens=("secretary", "council", "aspects", "vision"))


def test_one_document_keeps_its_own_bm25():
    doc = Doc({"en": LONG})
    (scores,) = Scope([doc]).lexical(QUERY, "sentence")
    assert np.array_equal(scores, doc.indexes["en"].scores(list(QUERY.tokens)))


def test_a_document_without_the_questions_language_has_no_lexical_signal_and_no_weight():
    zh_only = Doc({"zh": [["秘书长"]] * 3})
    long, short = Doc({"en": LONG}), Doc({"en": SHORT})
    with_zh = Scope([long, zh_only, short]).lexical(QUERY, "sentence")
    without = Scope([long, short]).lexical(QUERY, "sentence")
    assert with_zh[1] is None
    assert np.array_equal(with_zh[0], without[0]) and np.array_equal(with_zh[2], without[1])


def test_words_common_to_both_documents_weigh_little_in_the_short_one_too():
    long, short = Doc({"en": LONG}), Doc({"en": SHORT})
    apart = [d.indexes["en"].scores(list(QUERY.tokens)) for d in (long, short)]
    assert apart[1].max() > apart[0][20]  # each document's own IDF: the short one's sentence wins
    together = Scope([long, short]).lexical(QUERY, "sentence")
    assert together[0].argmax() == 20 and together[0][20] > together[1].max()


def test_the_evidence_of_the_union_and_of_each_document():
    query = analyze("Did France call for restraint in the use of the veto?")
    texts = {"S/2017/105": "Participants called for restraint in the use of the veto.",
             "S/PV.9412": "France spoke about mediation."}
    docs = [Doc({"en": [["x"]]}, symbol) for symbol in texts]
    retriever = HybridRetriever(docs, {}, RetrievalSettings())
    retriever.__dict__["_forms_cache"] = {symbol: DocumentForms(squash(t).lower(), document_words(t),
                                                                frozenset(tokenize_en(t))) for symbol, t in texts.items()}
    words = query.words
    hits = np.asarray([[w in tokenize_en(t) for w in words] for t in texts.values()])  # one paragraph each
    matched, unknown, by_document = retriever.evidence(query, Scope(docs), hits)
    assert unknown == [] and set(matched) == {w for w in words if w in tokenize_en(" ".join(texts.values()))}
    assert by_document["S/2017/105"] == DocumentEvidence(tuple(w for w in words if w != "franc"), ("France",))
    assert by_document["S/PV.9412"] == DocumentEvidence(("franc",), ())


def test_a_country_of_several_words_must_be_named_whole():
    """"United Kingdom": its words are in "United Nations" and "the Kingdom of Norway", in one sentence; that
    document names no United Kingdom in any of its names. The other does."""
    query = analyze("What did the United Kingdom propose?")
    texts = {"S/1": "The United Nations and the Kingdom of Norway met.",
             "S/2": "The United Kingdom of Great Britain and Northern Ireland proposed a fund."}
    docs = [Doc({"en": [["x"]]}, symbol) for symbol in texts]
    retriever = HybridRetriever(docs, {}, RetrievalSettings())
    retriever.__dict__["_forms_cache"] = {symbol: DocumentForms(squash(t).lower(), document_words(t),
                                                                frozenset(tokenize_en(t))) for symbol, t in texts.items()}
    hits = np.zeros((2, len(query.words)), dtype=bool)
    _, unknown, by_document = retriever.evidence(query, Scope(docs), hits)
    assert "United Kingdom" in by_document["S/1"].unknown_names
    assert "United Kingdom" not in by_document["S/2"].unknown_names and "United Kingdom" not in unknown


def test_a_heading_repeated_as_a_paragraph_comes_last_unless_a_date_is_asked():
    """A letter's dated heading ("Letter dated 1 May 2024 from …") adds only its date to its section's title: its
    words (the sender, the addressee) must not outrank the paragraphs that answer a question about the letter."""
    from types import SimpleNamespace

    heading = Passage("L:0:3", "L", "0", ("Letter dated 1 May 2024 from Norway",), 3,
                      "Letter dated 1 May 2024 from Norway", ((0, 35),), "en")
    body = Passage("L:0:1", "L", "0", ("Letter dated 1 May 2024 from Norway",), 1, "Norway asks for a debate.",
                   ((0, 25),), "en")
    scope = Scope([SimpleNamespace(passages=[body, heading], sentence_owner=np.asarray([0, 1]), aligned=[])])
    assert list(scope.heading) == [False, True]
    scores = np.asarray([1.0, 2.0])
    assert HybridRetriever._headings_last(analyze("What did Norway's letter ask for?"), scope, scores).argmax() == 0
    assert HybridRetriever._headings_last(analyze("What is the date of Norway's letter?"), scope, scores).argmax() == 1
    assert HybridRetriever._headings_last(analyze("What is the date of the debate?"), scope, scores).argmax() == 0


def test_a_keyword_querys_term_said_in_other_words_by_the_best_sentences_is_there():
    """Only a keyword query's terms are looked for in other words; an act a question presumes ("oppose") is not,
    since the encoder puts opposites close together."""
    from rag.types import SentenceHit, Span, VersionSentence

    vectors = {"rapid": (1.0, 0.1, 0.0), "quick": (1.0, 0.0, 0.0), "oppose": (0.0, 1.0, 0.0),
               "backed": (0.0, 1.0, 0.05)}

    class Encoder:
        def embed_queries(self, texts):
            return [vectors.get(t, (0.0, 0.0, 1.0)) for t in texts]

        embed_documents = embed_queries

    text = "The board backed a quick reply."
    p = Passage("E:1:1", "E", "1", ("Board",), 1, text, ((0, len(text)),), "en")
    sentence = SentenceHit(p, 0, len(text), text, 1.0, 0, (VersionSentence("en", "official", p, Span(0, len(text), text)),))
    retriever = HybridRetriever([Doc({"en": [["x"]]})], {"e5": Encoder()}, RetrievalSettings(other_words_cosine=0.95))
    keywords = analyze("board rapid reply")
    assert retriever._said_otherwise(keywords, ["rapid"], [sentence]) == {"rapid"}
    presumed = analyze("Why did the board oppose the reply?")
    assert "oppose" in presumed.about and retriever._said_otherwise(presumed, ["oppose"], [sentence]) == set()
    off = HybridRetriever([Doc({"en": [["x"]]})], {"e5": Encoder()}, RetrievalSettings(other_words_cosine=1.0))
    assert off._said_otherwise(keywords, ["rapid"], [sentence]) == set()
