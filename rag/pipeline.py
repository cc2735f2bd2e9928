"""The ask pipeline: validate the question, make sure the index is there, retrieve, answer, time it."""
from __future__ import annotations

import logging
import time
from functools import cached_property

from rag.answer import Answerer, ExtractiveAnswerer
from rag.config import Settings
from rag.corpus import load_document
from rag.glossary import Glossary
from rag.retrieve import HybridRetriever
from rag.text import strip_control
from rag.types import Answer, Document
from vectorstore import store as index_store
from vectorstore.embeddings import USEEmbeddings, load_e5

log = logging.getLogger(__name__)


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long)."""


def clean_question(question: str | None, max_chars: int) -> str:
    text = " ".join(strip_control(question or "").split())
    if not text:
        raise QuestionError("Please type a question (the question was empty).")
    if len(text) > max_chars:
        raise QuestionError(
            f"The question is too long ({len(text):,} characters; the limit is {max_chars:,}). "
            "Ask about one point at a time."
        )
    return text


class RagPipeline:
    """Loads models and index once; `ask` may then be called many times (and from several threads)."""

    def __init__(self, settings: Settings | None = None, answerer: Answerer | None = None, on_notice=None):
        self.settings = settings or Settings.from_env()
        self._answerer = answerer
        self.on_notice = on_notice or (lambda msg: log.warning("%s", msg))

    @cached_property
    def document(self) -> Document:
        return load_document(self.settings.corpus, self.settings.metadata)

    @cached_property
    def encoders(self) -> dict:
        return {"e5": load_e5(self.settings.model_dir), "use": USEEmbeddings()}

    @cached_property
    def store(self) -> index_store.IndexStore:
        s = self.settings
        sha = index_store.file_sha256(s.corpus) if s.corpus.exists() else ""
        passages = self.document.passages()  # parses (and validates) the corpus first
        try:
            return index_store.load(s.index_dir, sha, self.encoders)
        except index_store.IndexError_ as e:
            self.on_notice(f"{e}; building it now (about a minute).")
        return index_store.build(s.index_dir, passages, sha, self.encoders)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store, self.encoders, self.settings, Glossary.load(self.settings.glossary))

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            self._answerer = ExtractiveAnswerer(self.settings)
        return self._answerer

    def warm_up(self) -> None:
        """Load everything now rather than on the first question."""
        _ = self.retriever

    def ask(self, question: str) -> Answer:
        text = clean_question(question, self.settings.max_question_chars)
        t0 = time.perf_counter()
        retrieval = self.retriever.retrieve(text)
        t1 = time.perf_counter()
        answer = self.answerer.answer(retrieval)
        t2 = time.perf_counter()
        answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
        return answer
