"""One document's part of retrieval: its versions, its index store, and what is precomputed over its sentences
(which paragraph each sentence belongs to, its wording in every version, the words each paragraph offers a
question), and the raw (not yet normalised) signals of a question over it. The library's retriever
(rag/retrieval/retriever.py) puts the documents' raw signals side by side and normalises them together, so that
scores compare across documents.

A question in language L is matched against the document's L version with everything (e5, USE, BM25 over L's
tokens) and against its other versions with the encoders alone; a document with no L version has only the
cross-lingual signals. BM25 is scored by the retriever over all the documents searched as one collection.
A partly aligned version (one that leaves out the paragraphs that were not aligned,
rag/documents/versions.py) gives its signals for the units it has, placed where they sit in the original, and none
(NaN: neutral once normalised) for the units it lacks; `missing(L)` says which sentences have no L wording.
"""
from __future__ import annotations

from functools import cached_property

import numpy as np

from rag.analysis.text import squash, tokenize_en
from rag.retrieval.index import collection_name
from rag.types import DocumentVersions, Passage, Query, VersionSentence
from vectorstore.bm25_index import BM25Index
from vectorstore.protocol import Store

ENCODERS = ("e5", "use")


class DocumentIndex:
    """A document's versions and index, and what every question needs of them, computed once."""

    def __init__(self, versions: DocumentVersions, store: Store):
        self.versions = versions
        self.store = store
        self.passages: list[Passage] = versions.original.passages()
        self.languages = versions.languages
        for lang in self.languages:
            if collection_name(lang, "sentence") not in store:
                raise ValueError(f"the index of {versions.id} has no {lang} collections")

    @property
    def id(self) -> str:
        return self.versions.id

    @cached_property
    def sentence_owner(self) -> np.ndarray:
        """For each sentence (document order), the index of its passage."""
        return np.asarray([i for i, p in enumerate(self.passages) for _ in p.sentences], dtype=np.int64)

    @cached_property
    def slots(self) -> dict[str, dict[str, np.ndarray] | None]:
        """Per version language, where its paragraphs and sentences sit among the original's (None: it has them
        all, in order; a partly aligned version lacks some paragraphs)."""
        where = {p.id: i for i, p in enumerate(self.passages)}
        first = np.cumsum([0] + [len(p.sentences) for p in self.passages])
        out: dict[str, dict[str, np.ndarray] | None] = {}
        for doc in (self.versions.original, *self.versions.translations):
            ps = doc.passages()
            if [p.id for p in ps] == [p.id for p in self.passages]:
                out[doc.language] = None
                continue
            out[doc.language] = {
                "paragraph": np.asarray([where[p.id] for p in ps], dtype=np.int64),
                "sentence": np.asarray([first[where[p.id]] + k for p in ps for k in range(len(p.sentences))],
                                       dtype=np.int64)}
        return out

    def placed(self, language: str, unit: str, values):
        """A version's values for its paragraphs or sentences (`unit`), placed at the original's positions (NaN, or
        False for a boolean table, where the version lacks the unit); unchanged for a complete version."""
        slots = self.slots.get(language)
        if slots is None:
            return values
        values = np.asarray(values)
        n = len(self.passages) if unit == "paragraph" else len(self.sentence_owner)
        out = np.zeros((n, *values.shape[1:]), dtype=bool) if values.dtype == bool else np.full(n, np.nan)
        out[slots[unit]] = values
        return out

    def missing(self, language: str) -> np.ndarray:
        """For each sentence (document order), whether the document has no wording of it in `language`."""
        n = len(self.sentence_owner)
        if language not in self.languages:
            return np.ones(n, dtype=bool)
        slots = self.slots[language]
        out = np.zeros(n, dtype=bool)
        if slots is not None:
            out[:] = True
            out[slots["sentence"]] = False
        return out

    @cached_property
    def aligned(self) -> list[tuple[VersionSentence, ...]]:
        """Every sentence of the document in every version that has it, in document order."""
        out: list[list[VersionSentence]] = [[] for _ in self.sentence_owner]
        for doc in (self.versions.original, *self.versions.translations):
            slots = self.slots[doc.language]
            spans = [(p, span) for p in doc.passages() for span in p.spans()]
            for i, (p, span) in enumerate(spans):
                out[i if slots is None else int(slots["sentence"][i])].append(
                    VersionSentence(doc.language, doc.provenance, p, span))
        return [tuple(v) for v in out]

    @cached_property
    def text(self) -> str:
        """All versions' text, titles included, whitespace removed, lower-cased: where names are looked for."""
        parts = []
        for doc in (self.versions.original, *self.versions.translations):
            parts += [doc.title, doc.annex_title, doc.annex_subtitle, *doc.signature]
            parts += [" ".join(p.section_path) + p.text for p in doc.passages()]
        return squash(" ".join(parts)).lower()

    @cached_property
    def paragraph_words(self) -> dict[str, dict[str, list]]:
        """Per version language, what each paragraph (with its section titles), and its titles alone, offer to a
        question's topic words: the squashed text (Chinese words are matched as substrings) or English stems."""
        out = {}
        for doc in (self.versions.original, *self.versions.translations):
            # a verbatim record's "section" is a speaker turn: its title is the speaker, not a topic (who said
            # what is rag/retrieval/speakers.py's), so it adds no topic words
            titles = ["" if p.speaker is not None else " ".join(p.section_path) for p in doc.passages()]
            texts = [t + " " + p.text for t, p in zip(titles, doc.passages())]

            def keys(items: list[str], zh: bool = doc.language == "zh") -> list:
                return [squash(t).lower() for t in items] if zh else [set(tokenize_en(t)) for t in items]

            out[doc.language] = {"paragraph": keys(texts), "title": keys(titles)}
        return out

    def word_hits(self, query: Query, where: str = "paragraph") -> np.ndarray | None:
        """(paragraphs, topic words): which of the question's topic words each paragraph of the question's
        language version holds (with its section titles; `where="title"`: in the titles alone); None when the
        document has no version in that language or the question no topic word."""
        paragraphs = self.paragraph_words.get(query.language, {}).get(where)
        if paragraphs is None or not query.words:
            return None
        if query.language == "zh":
            keys = [squash(w).lower() for w in query.words]
            hits = np.asarray([[bool(k) and k in text for k in keys] for text in paragraphs], dtype=bool)
        else:
            hits = np.asarray([[w in stems for w in query.words] for stems in paragraphs], dtype=bool)
        return self.placed(query.language, "paragraph", hits.reshape(len(paragraphs), len(query.words)))

    def _dense(self, language: str, unit: str, vectors: dict[str, list[float]]) -> list[np.ndarray]:
        c = self.store[collection_name(language, unit)]
        return [self.placed(language, unit, c.dense(enc, vectors[enc])) for enc in ENCODERS]

    def bm25(self, language: str, unit: str) -> BM25Index | None:
        """The BM25 index of the `language` version's units ("sentence" or "paragraph"); None without that version.
        Its scores are this document's alone: the retriever scores the documents searched together
        (rag/retrieval/retriever.py, `Scope.lexical`)."""
        return self.store[collection_name(language, unit)].bm25 if language in self.languages else None

    def raw_signals(self, query: Query, vectors: dict[str, list[float]]) -> dict[str, list[np.ndarray] | np.ndarray]:
        """The question's raw dense signals over this document: cosines per encoder (sentences and paragraphs, the
        question's language version and the others), missing when the document has no version for them."""
        same = query.language if query.language in self.languages else None
        others = [lang for lang in self.languages if lang != same]
        raw: dict = {}
        if same is not None:
            raw["same_sentence"] = self._dense(same, "sentence", vectors)
            raw["same_paragraph"] = self._dense(same, "paragraph", vectors)
        if others:
            raw["other_sentence"] = [self._dense(lang, "sentence", vectors) for lang in others]
            raw["other_paragraph"] = [self._dense(lang, "paragraph", vectors) for lang in others]
        return raw
