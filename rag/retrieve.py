"""Hybrid retrieval: two cross-lingual encoders (FAISS, through LangChain) and Chinese-aware BM25, fused per sentence.

Scores, for a question in language L (weights in rag/config.py, measured on the development questions):

    sentence = dense_weight · mean(z(e5 cosine), z(USE cosine)) + lexical_weight[L] · bm25 / max(bm25)
    passage  = max(sentence scores of its sentences) + paragraph_weight[L] · mean(z(e5), z(USE)) of the paragraph

z() standardises a signal over the whole document so the encoders' different scales add up. BM25 votes only
where it matched something: when no query term occurs in the text, its term is zero for every unit, instead
of ranking by file order as plain reciprocal-rank fusion would. A Chinese question's jieba tokens are exact, so
BM25 weighs more there; an English question reaches BM25 only through translations of its words (the glossary,
CC-CEDICT in vectorstore/dictionary.py, the embedding lexicon in vectorstore/lexicon.py), which are approximate, so
it weighs less and whole-paragraph similarity helps it.
"""
from __future__ import annotations

import logging
import re
from functools import cached_property
from typing import NamedTuple, Protocol

import numpy as np

from rag.config import Settings
from rag.glossary import Glossary
from rag.text import STOPWORDS, content_words, detect_language, squash, tokenize
from rag.types import Hit, Passage
from vectorstore import faiss_store
from vectorstore.lexicon import Translation
from vectorstore.store import IndexStore

log = logging.getLogger(__name__)


class QueryEncoder(Protocol):
    def embed_query(self, text: str) -> list[float]: ...
    def embed_queries(self, texts: list[str]) -> list[list[float]]: ...


class SentenceHit(NamedTuple):
    passage: Passage
    start: int
    end: int
    text: str
    score: float


class Retrieval(NamedTuple):
    question: str
    language: str
    hits: list[Hit]  # every passage, best first
    sentences: list[SentenceHit]  # every sentence, best first
    query_terms: list[str]  # the BM25 terms the question was searched with
    best_use: float  # highest USE cosine between the question and any sentence: is anything on topic?
    unknown_names: list[str]  # names and numbers in the question that the document never mentions
    matched_words: list[str]  # the question's words that have a counterpart somewhere in the document
    best_cooccurrence: int  # most of those words found together in one paragraph
    content_words: int  # how many topic words (or glossary phrases) the question has


def _z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9)


def _share_of_max(x: np.ndarray) -> np.ndarray:
    top = float(x.max()) if len(x) else 0.0
    return x / top if top > 0 else np.zeros_like(x)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d+")
# Proper nouns, place/organisation names, and numerals of jieba's part-of-speech tags.
_NAME_FLAGS = ("nr", "ns", "nt", "nrt", "nrfg")


class HybridRetriever:
    """Question in, every passage and sentence scored out. One instance serves many questions."""

    def __init__(self, store: IndexStore, encoders: dict[str, QueryEncoder], settings: Settings,
                 glossary: Glossary | None = None):
        self.store = store
        self.encoders = encoders
        self.settings = settings
        self.glossary = glossary or Glossary({})

    @cached_property
    def _paragraph_texts(self) -> list[str]:
        return [squash(" ".join(p.section_path) + p.text).lower() for p in self.store.passages]

    @cached_property
    def _document_text(self) -> str:
        return squash("".join(" ".join(p.section_path) + p.text for p in self.store.passages)).lower()

    @cached_property
    def _sentence_owner(self) -> np.ndarray:
        return np.asarray([s.passage_index for s in self.store.sentences])

    # -- query terms ---------------------------------------------------------------------------------
    def _english_groups(self, question: str) -> list[Translation]:
        """Each English word or glossary phrase with the Chinese terms it stands for: the glossary's phrases first; every
        other word gets the terms CC-CEDICT translates it with (vectorstore/dictionary.py) and the lexicon's nearest."""
        found, rest = self.glossary.match(question)
        groups = [Translation(m.phrase.lower(), m.terms, 1.0) for m in found]
        words = list(dict.fromkeys(w for w in (x.lower() for x in rest) if w not in STOPWORDS and _LATIN_WORD.fullmatch(w)))
        if words:
            e5 = np.asarray(self.encoders["e5"].embed_queries(words), dtype=np.float32)
            use = np.asarray(self.encoders["use"].embed_queries(words), dtype=np.float32)
            for tr in self.store.lexicon.translate(words, e5, use):
                translated = self.store.dictionary.lookup(tr.word)
                terms = tuple(dict.fromkeys((translated or ()) + tr.terms))
                groups.append(tr._replace(terms=terms, in_dictionary=translated is not None))
        # Chinese words typed inside an English question count as they are.
        groups += [Translation(w, (w,), 1.0) for w in content_words(question) if not w.isascii()]
        return groups

    def _cooccurrence(self, groups: list[tuple[str, ...]]) -> tuple[list[int], int]:
        """Which word groups occur anywhere, and the most of them that occur in one paragraph."""
        keys = [[squash(t).lower() for t in g] for g in groups]
        present = [i for i, k in enumerate(keys) if any(t and t in self._document_text for t in k)]
        best = 0
        for text in self._paragraph_texts:
            best = max(best, sum(1 for i in present if any(t and t in text for t in keys[i])))
        return present, best

    def _unknown_names(self, question: str, language: str, translations: list[Translation]) -> list[str]:
        """Names and numbers the question depends on but the document never mentions (e.g. 冈比亚, 2018, Russian)."""
        unknown = []
        for number in re.findall(r"\d{2,}", question):
            if number not in self._document_text:
                unknown.append(number)
        if language == "zh":
            import jieba.posseg as pseg

            for w in pseg.cut(question):
                if w.flag in _NAME_FLAGS and len(w.word) >= 2 and squash(w.word).lower() not in self._document_text:
                    unknown.append(w.word)
        else:
            # A word with no counterpart in the document, which the lexicon finds nothing close to either, is unknown
            # when it is a name (capitalised after the first word) or when the dictionary knows it: "Russian",
            # "nuclear", "ocean". A word the dictionary does not know proves nothing.
            capitalised = {w.lower() for w in re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+\b", question.strip())}
            for tr in translations:
                if tr.terms or tr.best_use >= self.settings.min_name_similarity:
                    continue
                if tr.word in capitalised or tr.in_dictionary:
                    unknown.append(tr.word)
        return list(dict.fromkeys(unknown))

    # -- scoring -------------------------------------------------------------------------------------
    def _dense(self, unit: str, vectors: dict[str, list[float]]) -> tuple[np.ndarray, np.ndarray]:
        ids = self.store.unit_ids(unit)
        out = []
        for enc in ("e5", "use"):
            by_id = faiss_store.scores_by_id(self.store.faiss[f"{enc}_{unit}"], vectors[enc])
            out.append(np.asarray([by_id[i] for i in ids], dtype=np.float32))
        return out[0], out[1]

    def retrieve(self, question: str) -> Retrieval:
        s = self.settings
        language = detect_language(question)
        vectors = {enc: self.encoders[enc].embed_query(question) for enc in ("e5", "use")}
        if language == "zh":
            terms, translations = tokenize(question), []
            groups = [(w, (w,)) for w in content_words(question)]
        else:
            translations = self._english_groups(question)
            terms = [tok for tr in translations for t in tr.terms for tok in tokenize(t)]
            groups = [(tr.word, tr.terms) for tr in translations if tr.terms]
        present, best_cooccurrence = self._cooccurrence([g for _, g in groups])
        lexical_w = s.lexical_weight_zh if language == "zh" else s.lexical_weight_en
        paragraph_w = s.paragraph_weight_zh if language == "zh" else s.paragraph_weight_en

        e5_s, use_s = self._dense("sentence", vectors)
        bm25_s = self.store.bm25_sentence.scores(terms)
        sentence = s.dense_weight * (_z(e5_s) + _z(use_s)) / 2 + lexical_w * _share_of_max(bm25_s)

        n = len(self.store.passages)
        best_sentence = np.full(n, -np.inf)
        np.maximum.at(best_sentence, self._sentence_owner, sentence)
        best_sentence[np.isinf(best_sentence)] = sentence.min() if len(sentence) else 0.0
        e5_p, use_p = self._dense("paragraph", vectors)
        passage = best_sentence + paragraph_w * (_z(e5_p) + _z(use_p)) / 2

        order = np.argsort(-passage, kind="stable")
        hits = [Hit(self.store.passages[i], float(passage[i])) for i in order]
        sentence_hits = [
            SentenceHit(self.store.passages[sen.passage_index], sen.span.start, sen.span.end, sen.span.text, float(sentence[k]))
            for k, sen in sorted(enumerate(self.store.sentences), key=lambda kv: -sentence[kv[0]])
        ]
        return Retrieval(
            question=question,
            language=language,
            hits=hits,
            sentences=sentence_hits,
            query_terms=terms,
            best_use=float(use_s.max()) if len(use_s) else 0.0,
            unknown_names=self._unknown_names(question, language, translations),
            matched_words=[groups[i][0] for i in present],
            best_cooccurrence=best_cooccurrence,
            content_words=len(groups) if language == "zh" else len(translations),
        )
