"""retrieve: hybrid retrieval over every document of the library (or those asked for) and every language version,
fused per aligned sentence (rag/retrieval/fusion.py).

Each document (rag/retrieval/document_index.py) gives its raw signals: e5 and USE cosines against the question's
language version and against the others, and BM25 in the question's language, whose term weights (IDF) are taken
over all the searched documents (`Scope.lexical`), not each document's own. Here they are put side by side for
all the documents searched and normalised together (z-scores and shares of the best over the whole collection; a
document that lacks a signal, say an English version, gets the neutral value for it), so that one fused score
ranks sentences across documents; with one document this is exactly the single-document retrieval the fusion
weights were fitted on. A passage scores its best sentence.

Besides the ranking, retrieval measures what the decision needs: the question's topic words found in its own
language's versions (and the most of them in one paragraph), the names and numbers no searched document
mentions, for the searched documents together and for each one, and for the sentences with no version in the
question's language, the evidence that crosses languages (rag/retrieval/crossing.py).
"""
from __future__ import annotations

import logging
import re
from functools import cached_property
from typing import Collection, Sequence

import numpy as np

from rag.analysis.entities import world
from rag.analysis.forms import DocumentForms, absent_everywhere, absent_in_each, document_forms
from rag.analysis.query import analyze, keyword_subjects
from rag.analysis.words import LETTER
from rag.config import RetrievalSettings
from rag.retrieval.crossing import crossing
from rag.retrieval.document_index import ENCODERS, DocumentIndex
from rag.retrieval.fusion import (Signals, crossing_only, fuse_passages, fuse_sentences, lead_document_prior,
                                  place_missing)
from rag.retrieval.named import named_documents, naming_words
from rag.retrieval.otherwise import WordVectors, said_otherwise
from rag.retrieval.speakers import Speakers
from rag.retrieval.units import named_units, unit_passages, units_first
from rag.types import DocumentEvidence, Hit, Passage, Query, Retrieval, SentenceHit
from vectorstore.bm25_index import collection_idf
from vectorstore.embeddings import Encoder

log = logging.getLogger(__name__)


def _unit_documents(named: Sequence[int], scope: "Scope") -> list[int]:
    """The documents whose unit a question names leads (rag/retrieval/units.py): those it names, else the one searched."""
    return list(named) or ([0] if len(scope.docs) == 1 else [])


def _joined(parts: Sequence[np.ndarray | None], sizes: Sequence[int]) -> np.ndarray | None:
    """The documents' arrays one after the other, NaN where a document has none; None when none has any."""
    if all(p is None for p in parts):
        return None
    return np.concatenate([np.full(n, np.nan) if p is None else np.asarray(p, dtype=np.float64)
                           for p, n in zip(parts, sizes)])


def _z(parts: Sequence[np.ndarray | None], sizes: Sequence[int]) -> np.ndarray | None:
    """z-scores over every value the documents have; the neutral 0 where a document has none."""
    x = _joined(parts, sizes)
    if x is None:
        return None
    ok = ~np.isnan(x)
    out = np.zeros_like(x)
    if ok.any():
        out[ok] = (x[ok] - x[ok].mean()) / (x[ok].std() + 1e-9)
    return out


def _share(parts: Sequence[np.ndarray | None], sizes: Sequence[int]) -> np.ndarray | None:
    """Each value as a share of the best over all documents (0 where nothing matched or a document has none)."""
    x = _joined(parts, sizes)
    if x is None:
        return None
    x = np.nan_to_num(x, nan=0.0)
    top = float(x.max()) if len(x) else 0.0
    return x / top if top > 0 else np.zeros_like(x)


def _mean(arrays: list[np.ndarray | None]) -> np.ndarray | None:
    present = [a for a in arrays if a is not None]
    return np.mean(present, axis=0) if present else None


class Scope:
    """The documents one question searches, laid side by side: their passages, sentences and owners."""

    def __init__(self, docs: list[DocumentIndex]):
        self.docs = docs
        self.passages: list[Passage] = [p for d in docs for p in d.passages]
        offsets = np.cumsum([0] + [len(d.passages) for d in docs])[:-1]
        self.owner = np.concatenate([d.sentence_owner + o for d, o in zip(docs, offsets)]) if docs else \
            np.zeros(0, dtype=np.int64)
        self.sentences = [len(d.sentence_owner) for d in docs]
        self.paragraphs = [len(d.passages) for d in docs]
        self.passage_document = np.repeat(np.arange(len(docs)), self.paragraphs)  # the document of each passage
        self.aligned = [a for d in docs for a in d.aligned]
        # a paragraph that only repeats its section's title: a letter's dated heading (rag/documents/parse.py)
        self.heading = np.asarray([p is not None and bool(p.section_path)
                                   and p.text.strip() == p.section_path[-1].strip() for p in self.passages], dtype=bool)

    def lexical(self, query: Query, unit: str) -> list[np.ndarray | None]:
        """Per document, BM25 of the question's tokens over its units ("sentence" or "paragraph") in the question's
        language (None for a document without that version), every term weighted by its IDF over all the searched
        documents' units: with each document's own IDF, a word in most paragraphs of a long document (秘书长 in
        S/2017/105) weighed little there and much in a short document that uses it once, which then outranked the
        long one on words common to both. A unit's term frequencies and length stay relative to its own document's
        units. With one document this is that document's own BM25."""
        indexes = [d.bm25(query.language, unit) for d in self.docs]
        present = [i for i in indexes if i is not None]
        tokens = list(query.tokens)
        idf = collection_idf(present, tokens) if len(present) > 1 else None
        return [None if i is None else d.placed(query.language, unit, i.scores(tokens, idf))
                for d, i in zip(self.docs, indexes)]


class HybridRetriever:
    """Question in, every passage and sentence of the searched documents scored out. One instance serves many
    questions (and threads)."""

    def __init__(self, docs: list[DocumentIndex], encoders: dict[str, Encoder], settings: RetrievalSettings):
        if not docs:
            raise ValueError("the library holds no document to search")
        self.docs = {d.id: d for d in docs}
        self.encoders = encoders
        self.settings = settings

    @cached_property
    def everything(self) -> Scope:
        return Scope(list(self.docs.values()))

    @property
    def passages(self) -> list[Passage]:
        return self.everything.passages

    @property
    def sentence_owner(self) -> np.ndarray:
        return self.everything.owner

    def scope(self, documents: Sequence[str] | None = None) -> Scope:
        """The documents asked for (all when None); raises KeyError naming a symbol the library does not hold."""
        if not documents:
            return self.everything
        unknown = [d for d in documents if d not in self.docs]
        if unknown:
            raise KeyError(", ".join(unknown))
        return Scope([self.docs[d] for d in dict.fromkeys(documents)])

    # -- evidence for the decision and the word signals -----------------------------------------------------
    def word_hits(self, query: Query, scope: Scope, where: str = "paragraph") -> np.ndarray | None:
        """(paragraphs of the scope, topic words): which topic words each paragraph holds in the question's
        language (False for a document with no version in it); None when no document has one."""
        hits = [d.word_hits(query, where) for d in scope.docs]
        if all(h is None for h in hits):
            return None
        words = len(query.words)
        return np.concatenate([np.zeros((n, words), dtype=bool) if h is None else h
                               for h, n in zip(hits, scope.paragraphs)])

    def unknown_names(self, query: Query, scope: Scope) -> list[str]:
        """Names and numbers the question depends on (and words of the subject it says it is about) that no version
        of a searched document mentions in any of their forms (rag/analysis/forms.py: Swedish / Sweden, 瑞典的 /
        瑞典, 99 / 九十九)."""
        return absent_everywhere(query, [self._forms(d) for d in scope.docs], self._absent(query, scope))

    def _absent(self, query: Query, scope: Scope) -> list[list[str]]:
        """For each searched document, what the question depends on that it does not hold in any form
        (rag.analysis.forms.absent_in_each), with the countries an English question names as written that it
        names in none of their names, in any language (the United States: its words are in "United Nations" and
        "Member States")."""
        absent = absent_in_each(query, [self._forms(d) for d in scope.docs])
        if query.language != "en":
            return absent
        countries = world()
        named = countries.written_in(query.text)
        for d, missing in zip(scope.docs, absent):
            text = self._forms(d).squashed
            for country in named:
                names = [n for n in countries.names_of(country) if len(n) >= 3]
                if not any(n in text for n in names):
                    missing.append(countries.names[names[0]] if names else country.key)
        return [list(dict.fromkeys(m)) for m in absent]

    def evidence(self, query: Query, scope: Scope, hits_by_word: np.ndarray | None, named: Sequence[int] = ()
                 ) -> tuple[list[str], list[str], dict[str, DocumentEvidence]]:
        """(topic words some searched document holds, names none mentions, each document's own of both, and for
        the documents the question names, at positions `named`, the words that only name them). The decision weighs
        the document it would quote (rag/answers/answerability.py): words or names found only in other documents do
        not make that one answer."""
        forms = [self._forms(d) for d in scope.docs]
        absent = self._absent(query, scope)
        words = list(query.words)
        matched = [w for j, w in enumerate(words) if hits_by_word is not None and hits_by_word[:, j].any()]
        by_document, start = {}, 0
        for i, (d, n, missing) in enumerate(zip(scope.docs, scope.paragraphs, absent)):
            own = hits_by_word[start:start + n] if hits_by_word is not None else np.zeros((0, len(words)), bool)
            start += n
            by_document[d.id] = DocumentEvidence(tuple(w for j, w in enumerate(words) if own[:, j].any()),
                                                 tuple(missing), naming_words(words, d.versions.original)
                                                 if i in named else ())
        return matched, absent_everywhere(query, forms, absent), by_document

    def _forms(self, doc: DocumentIndex) -> DocumentForms:
        cache = self.__dict__.setdefault("_forms_cache", {})
        if doc.id not in cache:
            cache[doc.id] = document_forms(doc.versions)
        return cache[doc.id]

    # -- scoring -----------------------------------------------------------------------------------------
    def raw_signals(self, query: Query, scope: Scope) -> list[dict]:
        """Each searched document's raw signals for the question (DocumentIndex.raw_signals)."""
        vectors = {enc: self.encoders[enc].embed_query(query.text) for enc in ENCODERS}
        return [d.raw_signals(query, vectors) for d in scope.docs]

    def signals(self, query: Query, scope: Scope | None = None, word_hits: np.ndarray | None = None,
                raw: list[dict] | None = None, title_hits: np.ndarray | None = None) -> Signals:
        """The sentence signals (see rag/retrieval/fusion.py) over the scope's documents (`raw`: their raw
        signals, `word_hits` and `title_hits`: the paragraphs' and titles' word hits, when already measured)."""
        scope = scope or self.everything
        raw = self.raw_signals(query, scope) if raw is None else raw
        s, p, owner = scope.sentences, scope.paragraphs, scope.owner

        def per_encoder(key: str, sizes, k: int):
            return _z([r[key][k] if key in r else None for r in raw], sizes)

        def other(key: str, sizes, k: int):  # one array per other language; each document has at most one here
            return _z([_mean(r[key])[k] if key in r and r[key] else None for r in raw], sizes) \
                if any(key in r for r in raw) else None

        def expand(x: np.ndarray | None) -> np.ndarray | None:
            return None if x is None else x[owner]

        found = {
            "dense_same_e5": per_encoder("same_sentence", s, 0),
            "dense_same_use": per_encoder("same_sentence", s, 1),
            "paragraph_same": expand(_mean([per_encoder("same_paragraph", p, k) for k in range(len(ENCODERS))])),
            "lexical": _share(scope.lexical(query, "sentence"), s),
            "paragraph_lexical": expand(_share(scope.lexical(query, "paragraph"), p)),
            "dense_other_e5": other("other_sentence", s, 0),
            "dense_other_use": other("other_sentence", s, 1),
            "paragraph_other": expand(_mean([other("other_paragraph", p, k) for k in range(len(ENCODERS))])),
        }
        words = len(query.words)
        for name, hits in (("coverage", self.word_hits(query, scope) if word_hits is None else word_hits),
                           ("title", self.word_hits(query, scope, "title") if title_hits is None else title_hits)):
            found[name] = None if hits is None else (hits.sum(axis=1) / words)[owner]
        return Signals(**found)

    def retrieve(self, question: str | Query, top_k: int | None = None,
                 documents: Sequence[str] | None = None) -> Retrieval:
        """The retrieve stage: every passage and sentence of the searched documents (all, or `documents`) scored;
        the answer lists the `top_k` best passages (default: the settings' top_k)."""
        query = analyze(question, self.settings.max_tagged_chars) if isinstance(question, str) else question
        scope = self.scope(documents)
        hits_by_word = self.word_hits(query, scope)
        named = named_documents(query.text, self._originals(scope))
        hits, sentence_hits, raw = self.ranked(query, scope, hits_by_word, named)
        matched, unknown, by_document = self.evidence(query, scope, hits_by_word, named)
        # absent from every document, or from one of them (the one an answer may quote: DocumentEvidence)
        absent = set(unknown).union(*(e.unknown_names for e in by_document.values()))
        otherwise = self._said_otherwise(query, absent, sentence_hits)
        if otherwise:
            query = query._replace(about=tuple(w for w in query.about if w not in otherwise))
            matched, unknown, by_document = self.evidence(query, scope, hits_by_word, named)
        together = int(hits_by_word.sum(axis=1).max()) if hits_by_word is not None and len(hits_by_word) else 0
        units = named_units(query.text)
        led = {scope.docs[i].id for i in _unit_documents(named, scope)}  # where ranked() put the named unit first
        retrieval = Retrieval(query=query, hits=hits, sentences=sentence_hits, unknown_names=unknown,
                              matched_words=matched, best_cooccurrence=together, top_k=top_k or self.settings.top_k,
                              documents=tuple(d.id for d in scope.docs), by_document=by_document,
                              crossing=crossing(query, scope.docs, raw, [self._forms(d) for d in scope.docs],
                                                lambda: self.speakers.entities),
                              named_unit=bool(units and hits and hits[0].passage.unit in units
                                              and hits[0].passage.doc_symbol in led))
        kinds = {scope.docs[i].versions.original.kind for i in named}
        if kinds and "verbatim_record" not in kinds:  # a question about a named document that records no speakers
            return retrieval
        return self.speakers.attribute(retrieval, self._mentioned_in(scope), lambda text: self.ranked(
            analyze(text, self.settings.max_tagged_chars), scope))

    def _said_otherwise(self, query: Query, unknown: Collection[str], sentences: Sequence[SentenceHit]) -> set[str]:
        """The terms of a keyword query that some searched document does not hold (`unknown`: absent from all, or
        from one) and that the best sentences, in any version, say in other words (rag/retrieval/otherwise.py).
        Only a keyword query's: its terms are typed loosely, with no sentence around them, while an act a question
        presumes (反对, 批评, "voted against") sits close to its opposite in the encoder's space (支持, praised) and
        must be there as written."""
        absent = [w for w in keyword_subjects(query.text, query.language) if w in unknown]
        if not absent or self.settings.other_words_cosine >= 1:
            return set()
        texts = [v.span.text for s in sentences[:self.settings.other_words_sentences] for v in s.versions]
        return said_otherwise(absent, texts, self.word_vectors, self.settings.other_words_cosine)

    @cached_property
    def word_vectors(self) -> WordVectors:
        return WordVectors(self.encoders["e5"])

    def ranked(self, query: Query, scope: Scope, hits_by_word: np.ndarray | None = None,
               named: Sequence[int] | None = None) -> tuple[list[Hit], list[SentenceHit], list[dict]]:
        """The scope's passages and sentences scored for the question, best first, and the documents' raw signals.
        `named`: the positions of the documents the question names (rag/retrieval/named.py; found when not given)."""
        raw = self.raw_signals(query, scope)
        title_hits = self.word_hits(query, scope, "title")
        signals = self.signals(query, scope, hits_by_word, raw, title_hits)
        sentence = self._with_left_out(query, scope, signals, fuse_sentences(signals, self.settings.fusion))
        titled = None if title_hits is None else [  # per document: how many of the question's words its titles hold
            int(h.any(axis=0).sum()) for h in np.split(title_hits, np.cumsum(scope.paragraphs)[:-1])]
        named = named_documents(query.text, self._originals(scope)) if named is None else named
        sentence = lead_document_prior(sentence, scope.owner, scope.passage_document, self.settings.document_prior_depth,
                                       self.settings.document_prior, titled, named)
        sentence = self._headings_last(query, scope, sentence)
        units = named_units(query.text)
        if units:  # "operative paragraph 4 (b)": that unit first, of the document named (or the one searched)
            sentence = units_first(sentence, scope.owner, unit_passages(scope.passages, scope.passage_document,
                                                                        _unit_documents(named, scope), units))
        passage = fuse_passages(sentence, scope.owner, len(scope.passages))
        hits = [Hit(scope.passages[i], float(passage[i])) for i in np.argsort(-passage, kind="stable")]
        sentence_hits = []
        for k in np.argsort(-sentence, kind="stable"):
            original = scope.aligned[k][0]
            sentence_hits.append(SentenceHit(original.passage, original.span.start, original.span.end,
                                             original.span.text, float(sentence[k]), int(k), scope.aligned[k]))
        return hits, sentence_hits, raw

    @staticmethod
    def _headings_last(query: Query, scope: Scope, sentence: np.ndarray) -> np.ndarray:
        """The sentence scores with a heading repeated as a paragraph (a letter's "Letter dated 31 January 2017
        from …") last, unless the question asks for a date and names a letter (rag.analysis.words.LETTER): all it
        adds to its section's title is the letter's date, and its words (the sender, the addressee) otherwise
        outrank the paragraphs that answer a question about the letter, or give a date to a question about
        something else."""
        if (query.expects == "date" and LETTER.search(query.text)) or not scope.heading.any() or not len(sentence):
            return sentence
        out = sentence.copy()
        out[scope.heading[scope.owner]] = sentence.min() - 1.0
        return out

    def _with_left_out(self, query: Query, scope: Scope, signals: Signals, sentence: np.ndarray) -> np.ndarray:
        """The fused sentence scores, where a partly aligned version in the question's language leaves units out:
        those units, which its same-language signals cannot see, scored like the document's aligned ones that stand
        where they stand by the cross-lingual signals (fusion.place_missing). A document with no version in the
        question's language at all keeps its scores."""
        crossing, start = None, 0
        for doc, n in zip(scope.docs, scope.sentences):
            missing = doc.missing(query.language)
            if missing.any() and not missing.all():
                if crossing is None:
                    crossing = fuse_sentences(crossing_only(signals), self.settings.fusion)
                part = slice(start, start + n)
                sentence[part] = place_missing(sentence[part], crossing[part], missing)
            start += n
        return sentence

    @staticmethod
    def _originals(scope: Scope) -> list:
        return [d.versions.original for d in scope.docs]

    def _mentioned_in(self, scope: Scope):
        """Whether a searched document that is no verbatim record names an entity (in any of its names) or a
        person (a name as written)."""
        others = [d for d in scope.docs if not any(p.speaker for p in d.passages)]

        def mentioned(entity) -> bool:
            if isinstance(entity, str):
                names = [re.sub(r"\s+", "", entity).lower()]
            else:
                names = [n for n in self.speakers.entities.names_of(entity) if len(n) >= 2]
            return any(n in d.text for d in others for n in names)

        return mentioned

    @cached_property
    def speakers(self) -> Speakers:
        """The verbatim records' speakers (who said what)."""
        return Speakers(self.passages)
