"""Hybrid retrieval over every language version: two cross-lingual encoders (FAISS, through LangChain) and BM25 in
the question's own language, fused per aligned sentence (rag/retrieval/fusion.py).

A question in language L is matched against the L version with everything (e5, USE, BM25 over L's tokens: jieba
for Chinese, English stems) and against the other version with the encoders alone; the signals of sentence k of
paragraph p in both versions belong to one aligned sentence and are fused into its score. A passage scores its best
sentence plus its whole-paragraph similarity. When the document has no version in L, only the cross-lingual
signals remain.

Besides the ranking, retrieval measures what the refusal decision needs: the best USE similarity, the question's
topic words found in its own language's version (and the most of them in one paragraph), and the names and
numbers the document never mentions.
"""
from __future__ import annotations

import logging
from functools import cached_property
import numpy as np

from rag.config import RetrievalSettings
from rag.retrieval.fusion import Signals, fuse_passages, fuse_sentences, share_of_max, zscore
from rag.retrieval.index import collection_name
from rag.analysis.query import analyze
from rag.analysis.text import squash, tokenize_en
from rag.types import DocumentVersions, Hit, Query, Retrieval, SentenceHit, VersionSentence
from vectorstore.embeddings import Encoder
from vectorstore.store import IndexStore

log = logging.getLogger(__name__)

ENCODERS = ("e5", "use")


class HybridRetriever:
    """Question in, every passage and sentence scored out. One instance serves many questions (and threads)."""

    def __init__(self, store: IndexStore, encoders: dict[str, Encoder], versions: DocumentVersions,
                 settings: RetrievalSettings):
        self.store = store
        self.encoders = encoders
        self.versions = versions
        self.settings = settings
        self.passages = versions.original.passages()
        self.languages = versions.languages
        for lang in self.languages:
            if collection_name(lang, "sentence") not in store:
                raise ValueError(f"the index has no {lang} collections")

    # -- the document, precomputed ---------------------------------------------------------------------
    @cached_property
    def _sentence_owner(self) -> np.ndarray:
        return np.asarray([i for i, p in enumerate(self.passages) for _ in p.sentences], dtype=np.int64)

    @cached_property
    def _aligned(self) -> list[tuple[VersionSentence, ...]]:
        """Every sentence of the document in every version, in document order."""
        out: list[list[VersionSentence]] = [[] for _ in self._sentence_owner]
        for doc in (self.versions.original, *self.versions.translations):
            i = 0
            for p in doc.passages():
                for span in p.spans():
                    out[i].append(VersionSentence(doc.language, doc.provenance, p, span))
                    i += 1
        return [tuple(v) for v in out]

    @cached_property
    def _document_text(self) -> str:
        """All versions' text, titles included, whitespace removed, lower-cased: where names are looked for."""
        parts = []
        for doc in (self.versions.original, *self.versions.translations):
            parts += [doc.title, doc.annex_title, doc.annex_subtitle, *doc.signature]
            parts += [" ".join(p.section_path) + p.text for p in doc.passages()]
        return squash(" ".join(parts)).lower()

    @cached_property
    def _paragraph_words(self) -> dict[str, dict[str, list]]:
        """Per version language, what each paragraph (with its section titles), and its titles alone, offer to a
        question's topic words: the squashed text (Chinese words are matched as substrings) or English stems."""
        out = {}
        for doc in (self.versions.original, *self.versions.translations):
            titles = [" ".join(p.section_path) for p in doc.passages()]
            texts = [t + " " + p.text for t, p in zip(titles, doc.passages())]

            def keys(items: list[str]) -> list:
                return [squash(t).lower() for t in items] if doc.language == "zh" else [set(tokenize_en(t)) for t in items]

            out[doc.language] = {"paragraph": keys(texts), "title": keys(titles)}
        return out

    # -- evidence for the refusal decision and the word signals -----------------------------------------------
    def _word_hits(self, query: Query, where: str = "paragraph") -> np.ndarray | None:
        """(paragraphs, topic words): which of the question's topic words each paragraph of the question's
        language version holds (with its section titles; `where="title"`: in the titles alone)."""
        paragraphs = self._paragraph_words.get(query.language, {}).get(where)
        if paragraphs is None or not query.words:
            return None
        if query.language == "zh":
            keys = [squash(w).lower() for w in query.words]
            return np.asarray([[bool(k) and k in text for k in keys] for text in paragraphs], dtype=bool)
        return np.asarray([[w in stems for w in query.words] for stems in paragraphs], dtype=bool)

    def _unknown_names(self, query: Query) -> list[str]:
        """Names and numbers the question depends on that no version of the document mentions."""
        unknown = [n for n in query.numbers if n not in self._document_text]
        unknown += [n for n in query.names if squash(n).lower() not in self._document_text]
        return list(dict.fromkeys(unknown))

    # -- scoring -----------------------------------------------------------------------------------------
    def _dense(self, language: str, unit: str, vectors: dict[str, list[float]]) -> list[np.ndarray]:
        c = self.store[collection_name(language, unit)]
        return [c.dense(enc, vectors[enc]) for enc in ENCODERS]

    def signals(self, query: Query, word_hits: np.ndarray | None = None) -> Signals:
        """The sentence signals (see rag/retrieval/fusion.py); `word_hits`: `_word_hits(query)`, when the caller has it."""
        vectors = {enc: self.encoders[enc].embed_query(query.text) for enc in ENCODERS}
        same = query.language if query.language in self.languages else None
        others = [lang for lang in self.languages if lang != same]
        owner = self._sentence_owner
        found: dict[str, np.ndarray | None] = {}
        if same is not None:
            e5_s, use_s = self._dense(same, "sentence", vectors)
            found["dense_same_e5"], found["dense_same_use"] = zscore(e5_s), zscore(use_s)
            found["paragraph_same"] = np.mean([zscore(x) for x in self._dense(same, "paragraph", vectors)], axis=0)[owner]
            tokens = list(query.tokens)
            found["lexical"] = share_of_max(self.store[collection_name(same, "sentence")].bm25.scores(tokens))
            found["paragraph_lexical"] = share_of_max(
                self.store[collection_name(same, "paragraph")].bm25.scores(tokens))[owner]
        if others:
            dense = [self._dense(lang, "sentence", vectors) for lang in others]
            found["dense_other_e5"] = np.mean([zscore(e5) for e5, _ in dense], axis=0)
            found["dense_other_use"] = np.mean([zscore(use) for _, use in dense], axis=0)
            found["paragraph_other"] = np.mean(
                [zscore(x) for lang in others for x in self._dense(lang, "paragraph", vectors)], axis=0)[owner]
        words = len(query.words)
        for name, hits in (("coverage", self._word_hits(query) if word_hits is None else word_hits),
                           ("title", self._word_hits(query, "title"))):
            found[name] = None if hits is None else (hits.sum(axis=1) / words)[owner]
        return Signals(**found)

    def retrieve(self, question: str | Query, top_k: int | None = None) -> Retrieval:
        """The retrieve stage: every passage and sentence scored; the answer lists the `top_k` best passages
        (default: the settings' top_k)."""
        query = analyze(question, self.settings.max_tagged_chars) if isinstance(question, str) else question
        hits_by_word = self._word_hits(query)
        signals = self.signals(query, hits_by_word)
        sentence = fuse_sentences(signals, self.settings.fusion)
        passage = fuse_passages(sentence, self._sentence_owner, len(self.passages))

        order = np.argsort(-passage, kind="stable")
        hits = [Hit(self.passages[i], float(passage[i])) for i in order]
        aligned = self._aligned
        sentence_hits = []
        for k in np.argsort(-sentence, kind="stable"):
            original = aligned[k][0]
            sentence_hits.append(SentenceHit(original.passage, original.span.start, original.span.end,
                                             original.span.text, float(sentence[k]), int(k), aligned[k]))
        matched = [w for j, w in enumerate(query.words) if hits_by_word is not None and hits_by_word[:, j].any()]
        together = int(hits_by_word.sum(axis=1).max()) if hits_by_word is not None and len(hits_by_word) else 0
        return Retrieval(query=query, hits=hits, sentences=sentence_hits,
                         unknown_names=self._unknown_names(query), matched_words=matched, best_cooccurrence=together,
                         top_k=top_k or self.settings.top_k)

