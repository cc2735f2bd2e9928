"""A document's part of retrieval with a partly aligned version (rag/retrieval/document_index.py) and the evidence
that crosses languages (rag/retrieval/crossing.py), over the real S/2017/105 and a made-up index whose scores are
each unit's position, so that where every value lands can be checked (no models)."""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from rag.analysis.entities import Entities
from rag.analysis.forms import document_forms
from rag.analysis.query import analyze
from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.versions import aligned_path, read_aligned
from rag.retrieval.crossing import absent_across_languages, crossing
from rag.retrieval.document_index import DocumentIndex
from rag.retrieval.index import collection_specs
from rag.retrieval.retriever import Scope
from rag.types import DocumentVersions

LEFT_OUT = "S_2017_105:2:4"


class Collection:
    """Scores that say which unit they are: the unit's position (USE: + 1000), BM25: position + 1."""

    def __init__(self, ids: list[str]):
        self.ids = ids
        self.bm25 = SimpleNamespace(scores=lambda tokens, idf=None: np.arange(len(ids), dtype=float) + 1)

    def dense(self, encoder: str, vector) -> np.ndarray:
        return np.arange(len(self.ids), dtype=float) + (1000 if encoder == "use" else 0)


@pytest.fixture(scope="module")
def original():
    s = Settings()
    return load_document(s.corpus, s.metadata)


@pytest.fixture(scope="module")
def partial(original):
    english = read_aligned(aligned_path(Settings().corpus, original.id, "en"), original)

    def trim(section):
        return replace(section, paragraphs=tuple(p for p in section.paragraphs if p.id != LEFT_OUT),
                       sections=tuple(trim(s) for s in section.sections))

    versions = DocumentVersions(original, (replace(english, sections=tuple(trim(s) for s in english.sections)),))
    store = {spec.name: Collection(spec.ids) for spec in collection_specs(versions)}
    return DocumentIndex(versions, store)


def left_out_sentences(doc: DocumentIndex) -> np.ndarray:
    return np.asarray([doc.passages[i].id == LEFT_OUT for i in doc.sentence_owner])


def test_a_partly_aligned_version_leaves_its_units_out_of_the_question_language_signals(partial):
    gone = left_out_sentences(partial)
    assert gone.sum() >= 2 and len(gone) == 89
    assert (partial.missing("en") == gone).all()
    assert not partial.missing("zh").any() and partial.missing("fr").all()
    raw = partial.raw_signals(analyze("Did the Secretary-General say war is inevitable?"), {"e5": [], "use": []})
    e5, use = raw["same_sentence"]
    assert np.isnan(e5[gone]).all() and (e5[~gone] == np.arange(89 - gone.sum())).all()  # in the version's order
    assert (use[~gone] == np.arange(89 - gone.sum()) + 1000).all()
    query = analyze("Did the Secretary-General say war is inevitable?")
    bm25_sentence, = Scope([partial]).lexical(query, "sentence")  # BM25 is the retriever's, over the scope
    bm25_paragraph, = Scope([partial]).lexical(query, "paragraph")
    assert np.isnan(bm25_sentence[gone]).all() and len(bm25_sentence) == 89 and len(bm25_paragraph) == 32
    assert (bm25_sentence[~gone] == np.arange(89 - gone.sum()) + 1).all()  # placed where the version has them
    assert (raw["other_sentence"][0][0] == np.arange(89)).all()  # the original has every sentence
    for k, versions in enumerate(partial.aligned):
        assert [v.language for v in versions] == (["zh"] if gone[k] else ["zh", "en"])
        assert all(v.passage.id == partial.passages[partial.sentence_owner[k]].id for v in versions)
    hits = partial.word_hits(analyze("What did speakers say about war and peace?"))
    paragraph = [p.id for p in partial.passages].index(LEFT_OUT)
    assert hits.shape[0] == 32 and not hits[paragraph].any() and hits.any()


def test_the_cross_lingual_evidence_covers_the_left_out_sentences_only(partial):
    query = analyze("Did the Secretary-General say war is inevitable?")
    raw = [partial.raw_signals(query, {"e5": [], "use": []})]
    forms = [document_forms(partial.versions)]
    found = crossing(query, [partial], raw, forms, Entities)
    gone = np.flatnonzero(left_out_sentences(partial))
    assert found.sentences == len(gone)
    assert found.cosine_e5 == gone.max() and found.cosine_use == gone.max() + 1000  # their original's cosines
    assert found.unknown_names == ()  # Secretary-General is no name that can be looked for across languages
    zh = analyze("秘书长说战争是不可避免的吗？")
    assert crossing(zh, [partial], [partial.raw_signals(zh, {"e5": [], "use": []})], forms, Entities) is None


@pytest.mark.parametrize("question,absent", [
    ("What is the population of China?", ["China"]),  # no form of China (中国) in the document
    ("What did Sweden say about prevention?", []),  # 瑞典
    ("What did the Secretary-General say about Article 51?", ["51", "Article 51"]),
    ("Article 99", []),  # 第九十九条
])
def test_names_are_looked_for_across_languages_only_where_they_can_be(partial, question, absent):
    assert absent_across_languages(analyze(question), [partial], [document_forms(partial.versions)],
                                   Entities()) == absent
